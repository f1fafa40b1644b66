r"""The information bottleneck: the iterative algorithm and the information plane.

Given a joint table ``pxy[x, y]``, the information bottleneck (Tishby, Pereira and
Bialek 1999) looks for a stochastic encoder :math:`p(t \mid x)` that solves

.. math:: \min_{p(t \mid x)} \; \mathcal{L}_\beta = I(X; T) - \beta\, I(T; Y)

over encoders with at most ``n_clusters`` values of T. **The book's convention:** both
informations in the Lagrangian are in **nats**. The minimiser does not depend on the unit as
long as both terms use the same one (changing the base divides the whole Lagrangian by
:math:`\ln 2`); with the KL in nats the self-consistent update reads

.. math:: p(t \mid x) \propto p(t) \exp\!\big(-\beta\, D(p(y \mid x) \,\|\, p(y \mid t))\big).

A factor :math:`\ln 2` appears only for an update written with the KL in bits,
:math:`\exp(-\beta' D_\text{bits})`, which is the same update for :math:`\beta' = \beta \ln 2`
(since :math:`D_\text{nats} = D_\text{bits} \ln 2`).
:math:`\beta = 0` gives the trivial encoder :math:`I(X;T) = 0`; as
:math:`\beta \to \infty` the encoder becomes a deterministic clustering that keeps all
of :math:`I(X;Y)` (when ``n_clusters`` is large enough).

* :func:`iterative_ib` runs the self-consistent iteration from one starting point;
* :func:`ib_curve` sweeps β with restarts, warm starts and the hard partitions of
  agglomerative IB, and returns a curve that is monotone in β by construction;
* :func:`agglomerative_ib` is Slonim and Tishby's (1999) greedy merging of the values of X;
* :func:`merge_clusters` removes the duplicate and unused clusters of an encoder;
* :func:`binned_information_plane` estimates :math:`(I(X;T), I(T;Y))` of a network
  layer by binning its activations (the estimator of Shwartz-Ziv and Tishby 2017).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.special import logsumexp, rel_entr

from ._validation import (
    as_array,
    as_distribution,
    as_finite,
    as_probability_rows,
    check_int,
    check_number,
    log_base,
)
from .estimators import discretize, mi_plugin
from .measures import mutual_information

__all__ = ["IBResult", "iterative_ib", "ib_curve", "agglomerative_ib", "merge_clusters", "binned_information_plane"]


@dataclass(frozen=True)
class IBResult:
    r"""One solution of the information bottleneck, as returned by :func:`iterative_ib` and :func:`ib_curve`.

    .. math:: \mathcal{L}_\beta = I(X;T) - \beta\, I(T;Y)

    Examples
    --------
    >>> res = iterative_ib([[0.5, 0.0], [0.0, 0.5]], beta=10.0, n_clusters=2, base=2)
    >>> res.converged, round(res.i_ty, 6)
    (True, 1.0)
    """

    encoder: np.ndarray
    """The encoder, an array of shape (n_x, n_clusters) whose entry ``[x, t]`` is
    :math:`p(t \\mid x)`; rows sum to 1."""
    i_xt: float
    """:math:`I(X;T)` in the unit asked for (nats by default)."""
    i_ty: float
    """:math:`I(T;Y)` in the unit asked for (nats by default)."""
    lagrangian: float
    """:math:`I(X;T) - \\beta I(T;Y)` in nats (the book's β convention)."""
    beta: float
    """The trade-off parameter β."""
    n_iter: int
    """Number of updates made."""
    converged: bool
    """Whether the encoder moved by less than ``tol`` in the last update."""


def _informations(pxy: np.ndarray, px: np.ndarray, q: np.ndarray) -> tuple[float, float]:
    """(I(X;T), I(T;Y)) in nats of the encoder q[x, t]."""
    pxt = px[:, None] * q
    pty = q.T @ pxy
    # Re-normalise away the rounding so that the validation in measures never trips.
    return (mutual_information(pxt / pxt.sum()), mutual_information(pty / pty.sum()))


def _iterate(pxy, px, py_x, q, beta, n_iter, tol):
    """The self-consistent updates from the encoder q; returns (q, updates, converged)."""
    alive = px > 0
    for it in range(1, n_iter + 1):
        pt = px @ q
        with np.errstate(divide="ignore", invalid="ignore"):
            py_t = (q * px[:, None]).T @ py_x / pt[:, None]  # Σ_x p(y|x) p(x|t)
            log_pt = np.log(pt)
        py_t[pt <= 0] = 1.0 / py_x.shape[1]  # unused clusters: any distribution (log p(t) = -inf)
        kl = rel_entr(py_x[:, None, :], py_t[None, :, :]).sum(axis=2)  # [x, t], nats
        with np.errstate(invalid="ignore"):
            logits = log_pt[None, :] - beta * kl
        new = np.exp(logits - logsumexp(logits, axis=1, keepdims=True))
        new[~alive] = pt  # p(x) = 0: such x carry no weight; give them p(t | x) = p(t)
        delta = float(np.abs(new - q).max())
        q = new
        if delta < tol:
            return q, it, True
    return q, n_iter, False


def _prepare(pxy):
    pxy = as_distribution(pxy, "pxy", ndim=2)
    px = pxy.sum(axis=1)
    py = pxy.sum(axis=0)
    py_x = np.where(px[:, None] > 0, pxy / np.where(px > 0, px, 1.0)[:, None], py[None, :])
    return pxy, px, py_x


def _result(pxy, px, q, beta, updates, converged, base) -> IBResult:
    i_xt, i_ty = _informations(pxy, px, q)
    div = log_base(base)
    return IBResult(encoder=q, i_xt=i_xt / div, i_ty=i_ty / div, lagrangian=i_xt - beta * i_ty,
                    beta=beta, n_iter=updates, converged=converged)


def iterative_ib(pxy, beta, n_clusters, *, n_iter=2000, tol=1e-10, seed=0, init=None,
                 base=None) -> IBResult:
    r"""The iterative information-bottleneck algorithm from one starting encoder.

    Alternates the three self-consistent equations until the encoder stops moving:

    .. math::

        p(t \mid x) &= \frac{p(t)}{Z(x, \beta)}
            \exp\!\big(-\beta\, D_\mathrm{KL}(p(y \mid x) \,\|\, p(y \mid t))\big), \\
        p(t) &= \sum_x p(x)\, p(t \mid x), \qquad
        p(y \mid t) = \sum_x p(y \mid x)\, p(x \mid t),

    which never increase :math:`\mathcal{L}_\beta = I(X;T) - \beta I(T;Y)` (KL and the
    Lagrangian in nats). The normalisation is a log-sum-exp over t; an x with
    :math:`p(x) = 0` gets :math:`p(t \mid x) = p(t)`. It converges to a *local* optimum that
    depends on the start: a random encoder drawn from ``seed`` (rows from a flat Dirichlet), or
    ``init[x, t]``. Use :func:`ib_curve` for a sweep over β. Unit: ``i_xt`` and ``i_ty`` in nats
    by default; ``base=2`` gives bits.

    Parameters
    ----------
    pxy : array_like, shape (n_x, n_y)
        Joint probability table ``pxy[x, y]``, summing to 1.
    beta : float
        Trade-off parameter, :math:`\beta \ge 0` (multiplies a KL in nats).
    n_clusters : int
        Number of values of T, at least 1.
    n_iter : int, default 2000
        Largest number of updates per start.
    tol : float, default 1e-10
        Stop when no entry of the encoder moves by more than ``tol`` (> 0).
    seed : int, default 0
        Seed of the random starting encoder (ignored when ``init`` is given).
    init : array_like, shape (n_x, n_clusters), optional
        Starting encoder, rows summing to 1.
    base : float or None, optional
        Unit of ``i_xt`` and ``i_ty`` in the result; ``None`` (default) gives nats, ``2`` bits.
        The Lagrangian is always in nats.

    Returns
    -------
    IBResult
        The encoder, its informations and Lagrangian, and whether it converged.

    Raises
    ------
    TypeError
        If ``beta``, ``tol``, ``n_clusters``, ``n_iter`` or ``seed`` has the wrong type.
    ValueError
        If ``pxy`` is not a 2-D probability table, a parameter is out of range, ``init`` has
        the wrong shape or rows that are not distributions, or ``base`` is invalid.

    References
    ----------
    Tishby, Pereira & Bialek (1999), `tishby1999` in the book's references.

    Examples
    --------
    >>> pxy = np.array([[0.25, 0.0], [0.25, 0.0], [0.0, 0.5]])
    >>> res = iterative_ib(pxy, beta=50.0, n_clusters=3, base=2)
    >>> round(res.i_ty, 6), round(res.i_xt, 6)  # T keeps the 1 bit of I(X;Y), and only that
    (1.0, 1.0)
    """
    pxy, px, py_x = _prepare(pxy)
    beta = check_number(beta, "beta", minimum=0, type_error=True)
    n_clusters = check_int(n_clusters, "n_clusters", 1, type_error=True)
    n_iter = check_int(n_iter, "n_iter", 1, type_error=True)
    tol = check_number(tol, "tol", minimum=0, open_min=True, type_error=True)
    if init is None:
        seed = check_int(seed, "seed", 0, type_error=True)
        q = np.random.default_rng(seed).dirichlet(np.ones(n_clusters), size=pxy.shape[0])
    else:
        q = as_array(init, "init")
        if q.shape != (pxy.shape[0], n_clusters):
            raise ValueError(f"init must have shape {(pxy.shape[0], n_clusters)}, got {q.shape}")
        q = as_probability_rows(q, "init")
    if base is not None:
        log_base(base)
    q, updates, converged = _iterate(pxy, px, py_x, q, beta, n_iter, tol)
    return _result(pxy, px, q, beta, updates, converged, base)


def ib_curve(pxy, betas, n_clusters, *, n_restarts=3, n_iter=2000, tol=1e-10, seed=0,
             base=None) -> list[IBResult]:
    r"""The information-bottleneck curve: one solution per β, monotone in β.

    .. math:: q_\beta = \operatorname*{arg\,min}_{q \in \mathcal{C}} \; I_q(X;T) - \beta\, I_q(T;Y)

    The iteration finds local optima only, so the sweep collects a set :math:`\mathcal{C}` of
    candidate encoders: for every β (in increasing order) a warm start from the previous β's
    solution (slightly perturbed, so that clusters can split: deterministic annealing),
    ``n_restarts`` random starts, and the hard partitions with at most ``n_clusters`` clusters
    that agglomerative IB (:func:`agglomerative_ib`, at every β of the sweep and at β = ∞) passes
    through, from :math:`T = X` down; at each β the two best of those, mixed with 10% of the
    uniform encoder, are refined by the iteration too. Then, for each β,
    it returns the candidate **of the whole sweep** with the smallest Lagrangian (nats). So the
    result is never worse than the best hard partition agglomerative IB finds, and with
    ``n_clusters`` :math:`\ge |X|` never worse than :math:`T = X`. Unit: ``i_xt`` and ``i_ty`` in nats by
    default; ``base=2`` gives bits.

    Parameters
    ----------
    pxy : array_like, shape (n_x, n_y)
        Joint probability table ``pxy[x, y]``, summing to 1.
    betas : array_like, shape (n_betas,)
        Trade-off parameters, each :math:`\ge 0`, in any order.
    n_clusters : int
        Number of values of T, at least 1.
    n_restarts : int, default 3
        Random starts per β, at least 0.
    n_iter : int, default 2000
        Largest number of updates per start.
    tol : float, default 1e-10
        Stop when no entry of the encoder moves by more than ``tol`` (> 0).
    seed : int, default 0
        Seed of the random starts and perturbations.
    base : float or None, optional
        Unit of ``i_xt`` and ``i_ty`` in the result; ``None`` (default) gives nats, ``2`` bits.
        The Lagrangian is always in nats.

    Returns
    -------
    list of IBResult
        One result per entry of ``betas``, in the order of ``betas``; each ``n_iter`` /
        ``converged`` is that of the iteration that produced the chosen encoder (0 / True for a
        hard partition of agglomerative IB taken as it is).

    Raises
    ------
    TypeError
        If a β, ``tol``, ``n_clusters``, ``n_restarts``, ``n_iter`` or ``seed`` has the wrong type.
    ValueError
        If ``pxy`` is not a 2-D probability table, ``betas`` is not 1-D, a parameter is out of
        range, or ``base`` is invalid.

    Notes
    -----
    Choosing from one common set makes the curve monotone by construction: for
    :math:`\beta_1 < \beta_2` with minimisers a and b, adding
    :math:`\mathcal{L}_{\beta_1}(a) \le \mathcal{L}_{\beta_1}(b)` and
    :math:`\mathcal{L}_{\beta_2}(b) \le \mathcal{L}_{\beta_2}(a)` gives
    :math:`I_b(T;Y) \ge I_a(T;Y)`, and then :math:`I_b(X;T) \ge I_a(X;T)`.

    References
    ----------
    Tishby, Pereira & Bialek (1999), `tishby1999` in the book's references.
    Slonim & Tishby (1999), `slonim1999` in the book's references.

    Examples
    --------
    >>> pxy = np.array([[0.3, 0.05], [0.05, 0.3], [0.15, 0.15]])
    >>> curve = ib_curve(pxy, [0.5, 2.0, 8.0], n_clusters=3, base=2)
    >>> [round(r.i_ty, 3) for r in curve]  # bits, non-decreasing in beta
    [0.0, 0.0, 0.234]
    """
    pxy, px, py_x = _prepare(pxy)
    b = as_array(betas, "betas")
    if b.ndim != 1:
        raise ValueError(f"betas must be 1-D, got shape {b.shape}")
    b = np.array([check_number(x, "beta", minimum=0, type_error=True) for x in b])
    n_clusters = check_int(n_clusters, "n_clusters", 1, type_error=True)
    n_restarts = check_int(n_restarts, "n_restarts", 0, type_error=True)
    n_iter = check_int(n_iter, "n_iter", 1, type_error=True)
    tol = check_number(tol, "tol", minimum=0, open_min=True, type_error=True)
    seed = check_int(seed, "seed", 0, type_error=True)
    if base is not None:
        log_base(base)
    rng = np.random.default_rng(seed)
    n_x = pxy.shape[0]
    candidates = []  # (q, updates, converged, i_xt, i_ty) in nats
    hard = {}  # the partitions of agglomerative IB with at most n_clusters clusters, keyed by their labels
    n_alive = int(np.count_nonzero(px > 0))
    for beta in [np.inf, *np.unique(b)]:
        for labels in _agglomerate(pxy, px, beta)[max(n_alive - n_clusters, 0):]:
            key = labels.tobytes()
            if key not in hard:
                q = _hard_encoder(labels, n_clusters)
                hard[key] = (q, 0, True, *_informations(pxy, px, q))
    hard = list(hard.values())
    candidates.extend(hard)
    h_xt = np.array([c[3] for c in hard])
    h_ty = np.array([c[4] for c in hard])
    previous = None
    for beta in np.sort(b):
        starts = [rng.dirichlet(np.ones(n_clusters), size=n_x) for _ in range(n_restarts)]
        if previous is not None:
            noise = rng.dirichlet(np.ones(n_clusters), size=n_x)
            starts.append(0.95 * previous + 0.05 * noise)
        if not starts:  # n_restarts = 0 at the first beta
            starts.append(rng.dirichlet(np.ones(n_clusters), size=n_x))
        best = None
        for q0 in starts:
            q, updates, converged = _iterate(pxy, px, py_x, q0, beta, n_iter, tol)
            i_xt, i_ty = _informations(pxy, px, q)
            candidates.append((q, updates, converged, i_xt, i_ty))
            if best is None or i_xt - beta * i_ty < best[0]:
                best = (i_xt - beta * i_ty, q)
        # the two best hard partitions at this beta, smoothed so that the iteration can move them
        for h in np.argsort(h_xt - beta * h_ty, kind="stable")[:2]:
            q0 = (1 - _SMOOTH) * hard[h][0] + _SMOOTH / n_clusters
            q, updates, converged = _iterate(pxy, px, py_x, q0, beta, n_iter, tol)
            i_xt, i_ty = _informations(pxy, px, q)
            candidates.append((q, updates, converged, i_xt, i_ty))
            for lag, enc in ((h_xt[h] - beta * h_ty[h], hard[h][0]), (i_xt - beta * i_ty, q)):
                if lag < best[0]:
                    best = (lag, enc)
        previous = best[1]
    i_xt = np.array([c[3] for c in candidates])
    i_ty = np.array([c[4] for c in candidates])
    out = []
    for beta in b:
        q, updates, converged, _, _ = candidates[int(np.argmin(i_xt - beta * i_ty))]
        out.append(_result(pxy, px, q, float(beta), updates, converged, base))
    return out


_SMOOTH = 0.1  # weight of the uniform encoder mixed into a hard partition before it is refined


def _h_rows(p: np.ndarray) -> np.ndarray:
    """Entropy in nats of each distribution along the last axis."""
    return -np.sum(np.where(p > 0, p * np.log(np.where(p > 0, p, 1.0)), 0.0), axis=-1)


def _agglomerate(pxy, px, beta):
    """The hard partitions of agglomerative IB at ``beta`` (inf: I(T;Y) only), from |X| clusters down to 1.

    Returns a list of label arrays (one per number of clusters, most clusters first) over all x.
    """
    alive = np.flatnonzero(px > 0)
    labels = np.zeros(px.shape[0], dtype=np.int64)
    members = [[int(x)] for x in alive]
    pt = px[alive].copy()
    pyt = pxy[alive] / pt[:, None]
    out = []
    while True:
        lab = labels.copy()
        for c, m in enumerate(members):
            lab[m] = c
        out.append(lab)
        m = len(members)
        if m == 1:
            return out
        tot = pt[:, None] + pt[None, :]
        wi = pt[:, None] / tot
        mix = wi[:, :, None] * pyt[:, None, :] + (1 - wi)[:, :, None] * pyt[None, :, :]
        hy = _h_rows(pyt)
        js = _h_rows(mix) - wi * hy[:, None] - (1 - wi) * hy[None, :]   # JS_pi(p(y|i), p(y|j)), nats
        hpi = -(wi * np.log(wi) + (1 - wi) * np.log1p(-wi))                # h(pi), nats
        # merging i and j changes H(T) by -tot h(pi) and I(T;Y) by -tot JS: Delta L = tot (beta JS - h(pi))
        cost = tot * js if np.isinf(beta) else tot * (beta * js - hpi)
        if np.isinf(beta):
            cost = cost - 1e-12 * tot * hpi  # among equal losses of I(T;Y), merge where H(T) drops most
        cost[np.diag_indices(m)] = np.inf
        i, j = np.unravel_index(int(np.argmin(cost)), cost.shape)
        i, j = min(i, j), max(i, j)
        pyt[i] = (pt[i] * pyt[i] + pt[j] * pyt[j]) / (pt[i] + pt[j])
        pt[i] += pt[j]
        members[i] = members[i] + members[j]
        pyt, pt = np.delete(pyt, j, axis=0), np.delete(pt, j)
        del members[j]


def _hard_encoder(labels: np.ndarray, n_clusters: int) -> np.ndarray:
    q = np.zeros((labels.size, n_clusters))
    q[np.arange(labels.size), labels] = 1.0
    return q


def agglomerative_ib(pxy, n_clusters, beta=np.inf, *, base=None) -> IBResult:
    r"""Agglomerative information bottleneck: merge values of X greedily into ``n_clusters`` hard clusters.

    Starting from :math:`T = X`, each step merges the two clusters whose merger increases
    :math:`\mathcal{L}_\beta = I(X;T) - \beta I(T;Y)` least:

    .. math:: \Delta\mathcal{L} = \big(p(t_i) + p(t_j)\big)\big[\beta\, \mathrm{JS}_\pi\big(p(y \mid t_i),
              p(y \mid t_j)\big) - h(\pi)\big], \qquad \pi = \frac{p(t_i)}{p(t_i) + p(t_j)}

    (KL, JS and the binary entropy :math:`h` in nats); with ``beta=inf`` only the loss of
    :math:`I(T;Y)` counts, the original algorithm of Slonim and Tishby (1999). The result is a
    deterministic encoder (a partition of X); x with :math:`p(x) = 0` join cluster 0. Unit:
    ``i_xt`` and ``i_ty`` in nats by default; ``base=2`` gives bits (the Lagrangian is in nats;
    for ``beta=inf`` it is reported as :math:`-I(T;Y)`).

    Parameters
    ----------
    pxy : array_like, shape (n_x, n_y)
        Joint probability table, summing to 1.
    n_clusters : int
        Number of clusters, at least 1 (at most the number of x with :math:`p(x) > 0`).
    beta : float, default inf
        Trade-off parameter, :math:`\ge 0`, or ``inf``.
    base : float or None, optional
        Unit of ``i_xt`` and ``i_ty``; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    IBResult
        The hard encoder of shape (n_x, n_clusters), its informations and Lagrangian
        (``n_iter`` is the number of merges; ``converged`` is True).

    Raises
    ------
    TypeError
        If ``n_clusters`` is not an integer or ``beta`` not a number.
    ValueError
        If ``pxy`` is not a 2-D probability table, ``n_clusters`` is out of range, ``beta < 0``,
        or ``base`` is invalid.

    References
    ----------
    Slonim & Tishby (1999), `slonim1999` in the book's references.

    Examples
    --------
    >>> pxy = np.array([[0.25, 0.0], [0.25, 0.0], [0.0, 0.5]])
    >>> res = agglomerative_ib(pxy, n_clusters=2, base=2)
    >>> res.encoder.tolist(), round(res.i_ty, 6)  # the two x with the same p(y | x) are merged
    ([[1.0, 0.0], [1.0, 0.0], [0.0, 1.0]], 1.0)
    """
    pxy, px, _ = _prepare(pxy)
    n_alive = int(np.count_nonzero(px > 0))
    n_clusters = check_int(n_clusters, "n_clusters", 1, high=n_alive, type_error=True)
    if not (isinstance(beta, float) and np.isinf(beta) and beta > 0):
        beta = check_number(beta, "beta", minimum=0, type_error=True)
    if base is not None:
        log_base(base)
    partitions = _agglomerate(pxy, px, beta)
    q = _hard_encoder(partitions[n_alive - n_clusters], n_clusters)
    i_xt, i_ty = _informations(pxy, px, q)
    div = log_base(base)
    lag = -i_ty if np.isinf(beta) else i_xt - beta * i_ty
    return IBResult(encoder=q, i_xt=i_xt / div, i_ty=i_ty / div, lagrangian=lag, beta=float(beta),
                    n_iter=n_alive - n_clusters, converged=True)


def merge_clusters(encoder, px, *, atol=1e-4) -> np.ndarray:
    r"""The distinct clusters of an encoder: duplicates merged, unused ones dropped.

    .. math:: p(x \mid t) = \frac{p(x)\, p(t \mid x)}{p(t)}, \qquad p(t) = \sum_x p(x)\, p(t \mid x)

    Clusters whose :math:`p(x \mid t)` coincide are copies; merging them (adding their columns
    of :math:`p(t \mid x)`) changes neither :math:`I(X;T)` nor :math:`I(T;Y)`. Clusters with
    :math:`p(t) \le` ``atol`` are dropped (rows are renormalised), and columns whose
    :math:`p(x \mid t)` agree within ``atol`` are merged. The clusters of the result are ordered
    by their mean value of x. Unitless (probabilities).

    Parameters
    ----------
    encoder : array_like, shape (n_x, n_clusters)
        ``encoder[x, t]`` is :math:`p(t \mid x)`; rows sum to 1.
    px : array_like, shape (n_x,)
        The distribution of X.
    atol : float, default 1e-4
        Tolerance for an unused cluster and for equal columns; keep it well below the smallest
        non-zero :math:`p(x)`.

    Returns
    -------
    ndarray, shape (n_x, k)
        The merged encoder ``[x, k]``, rows summing to 1.

    Raises
    ------
    ValueError
        If ``px`` is not a distribution, or ``encoder`` is not 2-D with one row per entry of
        ``px`` and rows that are distributions.

    Examples
    --------
    >>> enc = np.array([[0.5, 0.5, 0.0], [0.0, 0.0, 1.0]])
    >>> merge_clusters(enc, [0.5, 0.5])
    array([[1., 0.],
           [0., 1.]])
    """
    q = as_array(encoder, "encoder")
    px = as_distribution(px, "px")
    if q.ndim != 2 or q.shape[0] != px.shape[0]:
        raise ValueError(f"encoder must be 2-D with one row per entry of px ({px.shape[0]}), "
                         f"got shape {q.shape}")
    q = as_probability_rows(q, "encoder")
    pt = px @ q
    used = np.flatnonzero(pt > atol)
    px_t = (px[:, None] * q[:, used]) / pt[used]
    groups: list[list[int]] = []
    for k in range(len(used)):
        for g in groups:
            if np.abs(px_t[:, k] - px_t[:, g[0]]).max() <= atol:
                g.append(k)
                break
        else:
            groups.append([k])
    merged = np.stack([q[:, used[g]].sum(axis=1) for g in groups], axis=1)
    merged /= merged.sum(axis=1, keepdims=True)
    order = np.argsort(np.arange(len(px)) @ (px_t[:, [g[0] for g in groups]]), kind="stable")
    return merged[:, order]


def binned_information_plane(activations, y, *, n_bins=30, limits=None, base=None):
    r"""Binned estimates of :math:`(I(X;T), I(T;Y))` for one layer of a network.

    .. math:: \hat I(X;T) = \hat I(\text{input index}; T) = \hat H(T), \qquad
              \hat I(T;Y) = \sum_{t, y} \hat p(t, y) \log \frac{\hat p(t, y)}{\hat p(t)\,\hat p(y)}

    Each unit's activation is cut into ``n_bins`` equal-width bins over ``limits``
    (:func:`itml.estimators.discretize` with ``strategy="uniform"``); the row of bin indices
    is the discrete symbol :math:`T`, and both informations are plug-in estimates on the rows
    (:func:`itml.estimators.mi_plugin`). The rows of ``activations`` are taken to be the
    responses of a deterministic network to **distinct**, equally likely inputs (X is the
    input's index). The estimates depend on ``n_bins``; they obey
    :math:`\hat I(X;T) \le \log n` and :math:`\hat I(T;Y) \le \hat H(Y)`. Unit: nats by default;
    ``base=2`` gives bits.

    Parameters
    ----------
    activations : array_like, shape (n_samples, n_units)
        The layer's activations, finite.
    y : array_like, shape (n_samples,)
        Class labels, one per row.
    n_bins : int, default 30
        Equal-width bins per unit.
    limits : tuple of float (low, high), optional
        Range of the bins; default: the minimum and maximum of ``activations``.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    tuple of float
        :math:`(\hat I(X;T), \hat I(T;Y))` in nats, or in units of ``base``.

    Raises
    ------
    TypeError
        If ``n_bins`` is not an integer.
    ValueError
        If ``activations`` is empty, not 2-D or contains NaN or inf; if ``n_bins < 1``; if
        ``limits`` is not a finite pair with low < high; if ``y`` is not 1-D with one label per
        row; or if ``base`` is invalid.

    References
    ----------
    Shwartz-Ziv & Tishby (2017), `shwartzziv2017` in the book's references.
    Saxe et al. (2018), `saxe2018` in the book's references.

    Examples
    --------
    >>> t = np.array([[-1.0], [-0.9], [0.9], [1.0]])
    >>> binned_information_plane(t, [0, 0, 1, 1], n_bins=2, base=2)  # 2 bins: 1 bit, all about y
    (1.0, 1.0)
    """
    t = as_finite(activations, "activations")
    if t.ndim != 2:
        raise ValueError(f"activations must be 2-D (n_samples, n_units), got shape {t.shape}")
    n_bins = check_int(n_bins, "n_bins", 1, type_error=True)
    if limits is None:
        limits = (float(t.min()), float(t.max()))
        if limits[0] == limits[1]:  # a constant layer: one bin
            limits = None
    symbols = discretize(t, n_bins, strategy="uniform", limits=limits)
    y = np.asarray(y)
    if y.ndim != 1 or y.shape[0] != t.shape[0]:
        raise ValueError(f"y must be 1-D with one label per row of activations ({t.shape[0]}), "
                         f"got shape {y.shape}")
    index = np.arange(t.shape[0])
    return mi_plugin(index, symbols, base=base), mi_plugin(symbols, y, base=base)
