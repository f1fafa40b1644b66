"""itml.measures against SciPy and scikit-learn on the same inputs, validation included."""

from __future__ import annotations

import numpy as np
import scipy.stats
from sklearn.metrics import mutual_info_score
from timing import best_time

import itml

SIZES = (10**3, 10**5, 10**6)


def run() -> list[dict]:
    rows = []
    rng = np.random.default_rng(0)
    for n in SIZES:
        p, q = rng.dirichlet(np.ones(n)), rng.dirichlet(np.ones(n))
        assert abs(itml.entropy(p) - scipy.stats.entropy(p)) < 1e-9
        rows.append(dict(
            benchmark="entropy(p)", size=n,
            itml_s=best_time(lambda: itml.entropy(p)),
            reference="scipy.stats.entropy(p)",
            reference_s=best_time(lambda: scipy.stats.entropy(p)),
        ))
        assert abs(itml.kl_divergence(p, q) - scipy.stats.entropy(p, q)) < 1e-9
        rows.append(dict(
            benchmark="kl_divergence(p, q)", size=n,
            itml_s=best_time(lambda: itml.kl_divergence(p, q)),
            reference="scipy.stats.entropy(p, q)",
            reference_s=best_time(lambda: scipy.stats.entropy(p, q)),
        ))
        side = int(round(np.sqrt(n)))
        counts = rng.integers(0, 50, size=(side, side)).astype(float)
        pxy = counts / counts.sum()
        assert abs(itml.mutual_information(pxy) - mutual_info_score(None, None, contingency=counts)) < 1e-9
        rows.append(dict(
            benchmark=f"mutual_information(pxy {side}x{side})", size=side * side,
            itml_s=best_time(lambda: itml.mutual_information(pxy)),
            reference="sklearn mutual_info_score(contingency)",
            reference_s=best_time(lambda: mutual_info_score(None, None, contingency=counts)),
        ))
    return rows
