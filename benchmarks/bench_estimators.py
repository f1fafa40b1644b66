"""itml.estimators against scikit-learn and NPEET on the same samples, in the same run.

Fairness: ``mutual_info_regression`` standardises each variable and adds jitter of relative size
1e-10; ``mi_ksg`` rescales each variable to unit variance (``rescale=True``) and adds no jitter.
Both use k = 3 neighbours and the max-norm, and see the same draw of a rho = 0.9 Gaussian pair
(no ties). The note column gives each estimate's absolute error to the closed form
I = -1/2 log(1 - rho^2) nats. ``mi_plugin`` and ``mutual_info_score`` get the same 10-valued labels.

Conditional MI: ``cmi_ksg`` (Frenzel-Pompe, k = 3) against NPEET's ``cmi`` (PyPI ``npeet-plus``,
installed only for this benchmark: ``.venv/bin/pip install npeet-plus``; the rows are skipped
without it), n = 10^3, 10^4, 10^5, 1-D X, Y, Z jointly Gaussian, both in nats; the note gives each
one's error to the closed form I(X;Y|Z) = 1/2 log(det S_xz det S_yz / (det S_z det S_xyz)), and at
n = 10^4 the RMSE over 20 more samples. NPEET searches neighbours with scipy k-d trees (one thread);
``cmi_ksg`` with the compiled quantile grid of ``itml._neighbours`` (both cores), the same distances
and counts. NPEET does not rescale (it adds jitter of 1e-10 instead); ``cmi_ksg(rescale=False)`` is then the
same estimator.

Ross's MI of every column of a 10^5 x 50 continuous X against a 3-class y: ``mi_ross_columns``
against ``mutual_info_classif(X, y, n_neighbors=3)`` (which also scales and jitters X, part of its
cost). The values are compared with scikit-learn's own ``_compute_mi_cd`` on the same scaled,
unperturbed columns (equal to 1e-9; scikit-learn clips at 0).
"""

from __future__ import annotations

import math
import timeit

import numpy as np
from sklearn.feature_selection import mutual_info_classif, mutual_info_regression
from sklearn.feature_selection._mutual_info import _compute_mi_cd
from sklearn.metrics import mutual_info_score
from sklearn.preprocessing import scale
from timing import best_time

from itml.estimators import cmi_ksg, mi_ksg, mi_plugin, mi_ross_columns

RHO = 0.9
KSG_SIZES = (10**3, 10**4, 10**5)
PLUGIN_SIZE = 10**6
CMI_SIZES = (10**3, 10**4, 10**5)
ROSS_SHAPE = (10**5, 50)


def _once(fn, repeat=2) -> float:
    return min(timeit.repeat(fn, number=1, repeat=repeat))


def _cmi_sample(gen, n):
    """x, y, z of the CMI benchmark: z, x = z + noise, y = 0.8 x + z + noise (unit normal noises)."""
    z = gen.normal(size=n)
    x = z + gen.normal(size=n)
    y = 0.8 * x + z + gen.normal(size=n)
    return x, y, z


def _cmi_rows(rng) -> list[dict]:
    try:
        from npeet_plus import estimators as npeet
    except ImportError:
        return []
    cov = np.array([[2.0, 2.6, 1.0], [2.6, 0.64 * 2 + 1 + 1.6 + 1, 1.8], [1.0, 1.8, 1.0]])
    d = np.linalg.det
    truth = 0.5 * math.log(d(cov[np.ix_([0, 2], [0, 2])]) * d(cov[np.ix_([1, 2], [1, 2])]) / (cov[2, 2] * d(cov)))
    rows = []
    for n in CMI_SIZES:
        # n = 10^4 draws from the shared stream, as when it was the only size (the same sample, and
        # the same draws for the rows after it); the other sizes get their own seeded streams
        gen = rng if n == 10**4 else np.random.default_rng(n)
        x, y, z = _cmi_sample(gen, n)
        ours = cmi_ksg(x, y, z, k=3)
        xs, ys, zs = x[:, None], y[:, None], z[:, None]
        theirs = npeet.cmi(xs, ys, zs, k=3, base=math.e)
        note = f"|err| itml {abs(ours - truth):.4f}, NPEET {abs(theirs - truth):.4f} nats"
        if n == 10**4:
            note += "; " + _cmi_rmse(npeet, truth)
        rows.append(dict(
            benchmark="cmi_ksg (Gaussian, k=3)", size=n,
            itml_s=best_time(lambda: cmi_ksg(x, y, z, k=3), repeat=3),
            reference="NPEET cmi (npeet-plus)",
            reference_s=best_time(lambda: npeet.cmi(xs, ys, zs, k=3, base=math.e), repeat=3),
            note=note,
        ))
    return rows


def _cmi_rmse(npeet, truth, n=10**4, seeds=range(100, 120)) -> str:
    """RMSE to the closed form over 20 samples: itml's default, itml without rescaling, NPEET."""
    err = {"itml": [], "itml rescale=False": [], "NPEET": []}
    for seed in seeds:
        x, y, z = _cmi_sample(np.random.default_rng(seed), n)
        err["itml"].append(cmi_ksg(x, y, z, k=3) - truth)
        err["itml rescale=False"].append(cmi_ksg(x, y, z, k=3, rescale=False) - truth)
        err["NPEET"].append(npeet.cmi(x[:, None], y[:, None], z[:, None], k=3, base=math.e) - truth)
    rmse = ", ".join(f"{name} {math.sqrt(np.mean(np.square(e))):.4f}" for name, e in err.items())
    return f"RMSE over {len(seeds)} samples: {rmse} nats"


def _ross_rows(rng) -> list[dict]:
    n, p = ROSS_SHAPE
    y = rng.integers(0, 3, size=n)
    X = rng.normal(size=(n, p)) + np.outer(y, np.linspace(1.0, 0.0, p))
    Xs = scale(X, with_mean=False)  # what mutual_info_classif does before its jitter
    ours = mi_ross_columns(Xs, y, k=3)
    ref = np.array([_compute_mi_cd(Xs[:, j], y, 3) for j in range(p)])
    diff = float(np.abs(np.maximum(ours, 0) - ref).max())
    assert diff < 1e-9, diff
    return [dict(
        benchmark=f"mi_ross_columns ({p} columns, 3 classes, k=3)", size=n,
        itml_s=_once(lambda: mi_ross_columns(X, y, k=3)),
        reference="sklearn mutual_info_classif",
        reference_s=_once(lambda: mutual_info_classif(X, y, n_neighbors=3, random_state=0), repeat=1),
        note=f"max |itml - sklearn _compute_mi_cd| = {diff:.1e} nats",
    )]


def run() -> list[dict]:
    rows = []
    rng = np.random.default_rng(0)
    truth = -0.5 * math.log(1 - RHO**2)
    for n in KSG_SIZES:
        x = rng.normal(size=n)
        y = RHO * x + math.sqrt(1 - RHO**2) * rng.normal(size=n)
        ours = mi_ksg(x, y, k=3)
        theirs = mutual_info_regression(x[:, None], y, n_neighbors=3, random_state=0)[0]
        rows.append(dict(
            benchmark=f"mi_ksg (rho={RHO}, k=3)", size=n,
            itml_s=best_time(lambda: mi_ksg(x, y, k=3), repeat=3),
            reference="sklearn mutual_info_regression",
            reference_s=best_time(
                lambda: mutual_info_regression(x[:, None], y, n_neighbors=3, random_state=0), repeat=3),
            note=f"|err| itml {abs(ours - truth):.4f}, sklearn {abs(theirs - truth):.4f} nats",
        ))
    a = rng.integers(0, 10, size=PLUGIN_SIZE)
    b = (a + rng.integers(0, 3, size=PLUGIN_SIZE)) % 10
    diff = abs(mi_plugin(a, b) - mutual_info_score(a, b))
    assert diff < 1e-10
    rows.append(dict(
        benchmark="mi_plugin (10 x 10 labels)", size=PLUGIN_SIZE,
        itml_s=best_time(lambda: mi_plugin(a, b)),
        reference="sklearn mutual_info_score",
        reference_s=best_time(lambda: mutual_info_score(a, b)),
        note=f"|itml - sklearn| = {diff:.1e} nats",
    ))
    rows.extend(_cmi_rows(rng))
    rows.extend(_ross_rows(rng))
    return rows
