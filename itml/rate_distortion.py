r"""Rate–distortion functions and channel capacities by the Blahut–Arimoto algorithm.

Both are optimisations of a mutual information over one conditional distribution, solved by
alternating two closed-form updates (Blahut 1972, Arimoto 1972):

* the **rate–distortion function** of a source :math:`p(x)` under a distortion
  :math:`d(x, \hat x)`, the fewest nats per symbol that describe :math:`X` within average
  distortion :math:`D`,

  .. math:: R(D) = \min_{Q(\hat x \mid x)\,:\; \mathbb E\, d(X, \hat X) \le D} I(X; \hat X);

* the **capacity** of a channel :math:`W(y \mid x)`, the most nats per use it carries,

  .. math:: C = \max_{r(x)} I(X; Y).

Unit: nats by default, ``base=2`` for bits. The distortion keeps its own unit.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy.special import rel_entr

from ._validation import as_distribution, as_finite, as_probability_rows, check_int, check_number, log_base
from .measures import mutual_information

__all__ = ["Capacity", "RatePoint", "channel_capacity", "encoder_information", "rate_at", "rate_distortion",
           "rate_distortion_curve"]


class RatePoint(NamedTuple):
    """One point of a rate–distortion curve (:func:`rate_distortion`)."""

    rate: float
    """:math:`I(X; \\hat X)` of the solution, in nats (or ``base``)."""
    distortion: float
    """:math:`\\mathbb E\\, d(X, \\hat X)` of the solution, in the distortion's unit."""
    encoder: np.ndarray
    """:math:`Q(\\hat x \\mid x)`, shape (n_x, n_xhat)."""
    n_iter: int
    """Iterations used."""


class Capacity(NamedTuple):
    """The result of :func:`channel_capacity`."""

    capacity: float
    """The capacity, in nats (or ``base``) per channel use (the lower end of the bracket)."""
    upper: float
    """An upper bound on the capacity, :math:`\\max_x D(W(\\cdot \\mid x) \\,\\|\\, r W)`; at most ``tol`` above."""
    input: np.ndarray
    """The capacity-achieving input distribution :math:`r(x)` found."""
    n_iter: int
    """Iterations used."""


def _check_source(p_x, distortion):
    p = as_distribution(p_x, "p_x", ndim=1)
    d = as_finite(distortion, "distortion", type_error=True)
    if d.ndim != 2 or d.shape[0] != p.shape[0]:
        raise ValueError(f"distortion must have shape ({p.shape[0]}, n_xhat), got {d.shape}")
    if d.min() < 0:
        raise ValueError("distortion must be non-negative")
    return p, d


def rate_distortion(p_x, distortion, beta: float, *, tol: float = 1e-10, max_iter: int = 100_000,
                    base=None, init=None) -> RatePoint:
    r"""The point of the rate–distortion curve where its slope is :math:`-\beta`, by Blahut–Arimoto.

    .. math:: Q(\hat x \mid x) = \frac{q(\hat x)\, e^{-\beta d(x, \hat x)}}{\sum_{\hat x'} q(\hat x')\,
              e^{-\beta d(x, \hat x')}}, \qquad q(\hat x) = \sum_x p(x)\, Q(\hat x \mid x),

    alternated from a uniform :math:`q` (or ``init``) until Blahut's bound on the excess rate,
    :math:`\max_{\hat x} \log c(\hat x) - \sum_{\hat x} q(\hat x) \log c(\hat x)` with
    :math:`c = q_{\text{new}} / q`, is below ``tol`` nats. Each step lowers
    :math:`I(X;\hat X) + \beta\,\mathbb E d`, which is convex in the pair, so the iteration
    converges to a point :math:`(D, R(D))` of the curve, where :math:`dR/dD = -\beta`
    (rate in nats). Unit: nats (``base=2``: bits); the distortion in its own unit.

    Parameters
    ----------
    p_x : array_like, shape (n_x,)
        The source distribution.
    distortion : array_like, shape (n_x, n_xhat)
        :math:`d(x, \hat x) \ge 0`.
    beta : float
        The slope, > 0 (nats per unit of distortion).
    tol : float, default 1e-10
        Stop when the rate is provably within ``tol`` nats of :math:`R(D)` at the distortion reached.
    max_iter : int, default 100000
        Most iterations.
    base : float or None
        Logarithm base of the rate; ``None`` for nats.
    init : array_like, shape (n_xhat,), optional
        Starting :math:`q(\hat x)` (a warm start), all positive.

    Returns
    -------
    RatePoint
        ``(rate, distortion, encoder, n_iter)``.

    Raises
    ------
    TypeError
        If ``beta`` or ``tol`` is not a real number, ``max_iter`` not an integer, or
        ``distortion`` not numbers.
    ValueError
        If ``p_x`` is not a distribution, ``distortion`` has the wrong shape or negative or
        non-finite entries, ``beta`` is not positive, or ``base`` is invalid.

    References
    ----------
    Blahut (1972), `blahut1972`; Cover & Thomas (2006), ch. 10, `cover2006`, in the book's references.

    Examples
    --------
    >>> hamming = 1 - np.eye(2)
    >>> pt = rate_distortion([0.5, 0.5], hamming, beta=np.log(9), base=2)  # slope log((1-D)/D): D = 0.1
    >>> round(pt.distortion, 6), round(pt.rate, 6)                          # 1 - h(0.1) bits
    (0.1, 0.531004)
    """
    p, d = _check_source(p_x, distortion)
    beta = check_number(beta, "beta", minimum=0, open_min=True, type_error=True)
    check_number(tol, "tol", minimum=0, open_min=True, type_error=True)
    max_iter = check_int(max_iter, "max_iter", type_error=True)
    div = log_base(base)
    q = np.full(d.shape[1], 1.0 / d.shape[1]) if init is None else as_distribution(init, "init", ndim=1)
    if q.shape != (d.shape[1],):
        raise ValueError(f"init must have shape ({d.shape[1]},), got {q.shape}")
    # e^{-beta d}, each row scaled by e^{beta min d} so that nothing overflows (it cancels in Q)
    kernel = np.exp(-beta * (d - d.min(axis=1, keepdims=True)))
    for it in range(1, max_iter + 1):
        norm = kernel @ q
        c = (p / norm) @ kernel  # c(xh) = sum_x p(x) Q(xh|x) / q(xh)
        q_new = q * c
        # Blahut's bracket: this Q's rate is at most max log c - sum q log c above R(D) at its
        # distortion (Blahut 1972, theorem 8).
        used = q > 0
        log_c = np.log(c[used])
        gap = float(log_c.max() - (q_new[used] * log_c).sum())
        q = q_new / q_new.sum()
        if gap < tol:
            break
    enc = q[None, :] * kernel
    enc /= enc.sum(axis=1, keepdims=True)
    joint = p[:, None] * enc
    rate = mutual_information(joint / joint.sum()) / div
    return RatePoint(max(rate, 0.0), float((joint * d).sum()), enc, it)


def rate_distortion_curve(p_x, distortion, betas, **kwargs):
    r"""Points :math:`(D, R(D))` for several slopes: :func:`rate_distortion` at each ``beta``.

    .. math:: \beta \mapsto \big(D(\beta),\ R(D(\beta))\big), \qquad dR/dD = -\beta

    Parameters
    ----------
    p_x, distortion
        As in :func:`rate_distortion`.
    betas : array_like of float
        Slopes, each > 0.
    **kwargs
        Passed on (``tol``, ``max_iter``, ``base``).

    Returns
    -------
    distortions, rates : ndarray of float64, shape (len(betas),)

    Raises
    ------
    ValueError
        As :func:`rate_distortion`, or if ``betas`` is empty.

    Examples
    --------
    >>> D, R = rate_distortion_curve([0.5, 0.5], 1 - np.eye(2), [1.0, 2.0, 4.0], base=2)
    >>> bool(np.all(np.diff(D) < 0) and np.all(np.diff(R) > 0))
    True
    """
    betas = as_finite(betas, "betas", type_error=True).reshape(-1)
    points = [rate_distortion(p_x, distortion, float(b), **kwargs) for b in betas]
    return np.array([pt.distortion for pt in points]), np.array([pt.rate for pt in points])


def rate_at(p_x, distortion, max_distortion: float, *, tol: float = 1e-9, base=None) -> float:
    r"""The rate–distortion function :math:`R(D)` at one distortion, by bisection on the slope.

    .. math:: R(D) = \min_{Q\,:\,\mathbb E d \le D} I(X; \hat X)

    :math:`D(\beta)` falls as :math:`\beta` grows; the slope that meets ``max_distortion`` is found
    by bisection on :math:`\log\beta` (to a relative ``tol`` in D). At or above
    :math:`D_{\max} = \min_{\hat x} \sum_x p(x) d(x, \hat x)` the rate is 0 (send nothing, always
    answer the best :math:`\hat x`). Unit: nats (``base=2``: bits).

    Parameters
    ----------
    p_x, distortion
        As in :func:`rate_distortion`.
    max_distortion : float
        D, at least the smallest achievable :math:`\sum_x p(x) \min_{\hat x} d(x, \hat x)`.
    tol : float, default 1e-9
        Tolerance of the bisection.
    base : float or None
        Logarithm base of the rate.

    Returns
    -------
    float
        :math:`R(D)`.

    Raises
    ------
    TypeError
        If ``max_distortion`` is not a real number.
    ValueError
        If ``max_distortion`` is below the smallest achievable distortion, or the source is invalid.

    Examples
    --------
    >>> round(rate_at([0.8, 0.2], 1 - np.eye(2), 0.05, base=2), 6)  # h(0.2) - h(0.05)
    0.435531
    """
    p, d = _check_source(p_x, distortion)
    D = check_number(max_distortion, "max_distortion", minimum=0, type_error=True)
    d_min = float(p @ d.min(axis=1))
    d_max = float((p @ d).min())
    if D < d_min - 1e-12:
        raise ValueError(f"max_distortion={D} is below the smallest achievable distortion {d_min:.6g}")
    if D >= d_max:
        return 0.0
    # Bracket the slope: D(beta) falls as beta grows. Warm starts keep each solve short.
    def solve(log_beta, q=None):
        return rate_distortion(p, d, math.exp(log_beta), base=base, init=q)

    hi = 0.0
    while solve(hi).distortion > D and hi < 60:
        hi += 1.0
    lo = hi - 1.0
    while solve(lo).distortion <= D and lo > -60:
        lo -= 1.0
    q = None
    pt = solve(hi)
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        pt = solve(mid, q)
        q = np.clip(p @ pt.encoder, 1e-300, None)
        q /= q.sum()
        if pt.distortion > D:
            lo = mid
        else:
            hi = mid
        if abs(pt.distortion - D) <= tol * max(D, 1e-12) or hi - lo < 1e-13:
            break
    return pt.rate


def channel_capacity(w, *, tol: float = 1e-12, max_iter: int = 100_000, base=None) -> Capacity:
    r"""The capacity of a discrete memoryless channel :math:`W(y \mid x)`, by Blahut–Arimoto.

    .. math:: r(x) \leftarrow \frac{r(x)\, e^{D(W(\cdot \mid x) \,\|\, (rW))}}{\sum_{x'} r(x')\,
              e^{D(W(\cdot \mid x') \,\|\, (rW))}}, \qquad (rW)(y) = \sum_x r(x) W(y \mid x),

    from the uniform input. At every step
    :math:`I(r; W) \le C \le \max_x D(W(\cdot \mid x) \,\|\, rW)`; the iteration stops when the two
    are within ``tol``, so the bracket is a certificate of the answer. Unit: nats per channel use
    (``base=2``: bits).

    Parameters
    ----------
    w : array_like, shape (n_x, n_y)
        Rows :math:`W(\cdot \mid x)`, each a distribution.
    tol : float, default 1e-12
        Width of the bracket at which to stop (nats).
    max_iter : int, default 100000
        Most iterations.
    base : float or None
        Logarithm base; ``None`` for nats.

    Returns
    -------
    Capacity
        ``(capacity, upper, input, n_iter)``.

    Raises
    ------
    TypeError
        If ``tol`` is not a real number or ``max_iter`` not an integer.
    ValueError
        If ``w`` is not a table of distributions or ``base`` is invalid.

    References
    ----------
    Arimoto (1972), `arimoto1972`; Blahut (1972), `blahut1972`, in the book's references.

    Examples
    --------
    >>> eps = 0.1
    >>> c = channel_capacity([[1 - eps, eps], [eps, 1 - eps]], base=2)  # BSC: 1 - h(0.1)
    >>> round(c.capacity, 6)
    0.531004
    """
    W = as_probability_rows(w, "w")
    if len(W) == 0:
        raise ValueError("w must have at least one row")
    W = W / W.sum(axis=1, keepdims=True)
    check_number(tol, "tol", minimum=0, open_min=True, type_error=True)
    max_iter = check_int(max_iter, "max_iter", type_error=True)
    div = log_base(base)
    r = np.full(len(W), 1.0 / len(W))
    for it in range(1, max_iter + 1):
        out = r @ W
        kl = rel_entr(W, out[None, :]).sum(axis=1)  # D(W(.|x) || rW), nats
        lower = float(r @ kl)                        # I(r; W)
        upper = float(kl.max())
        if upper - lower < tol:
            break
        r = r * np.exp(kl - kl.max())
        r /= r.sum()
    return Capacity(lower / div, upper / div, r, it)


def encoder_information(mu, log_var, *, n_samples: int = 16, seed: int = 0, base=None) -> float:
    r"""The information :math:`I(X; Z)` a diagonal-Gaussian encoder carries about a finite data set.

    With X uniform over the N rows (the empirical distribution) and
    :math:`q(z \mid x_n) = \mathcal N(\mu_n, \operatorname{diag} e^{\log\sigma^2_n})`,

    .. math:: I(X; Z) = \frac1N \sum_{n=1}^N \mathbb E_{z \sim q(z \mid x_n)}
              \Big[\log q(z \mid x_n) - \log \frac1N \sum_{m=1}^N q(z \mid x_m)\Big],

    the expectation a Monte-Carlo average over ``n_samples`` draws per row; the mixture (the
    aggregate posterior) is exact. :math:`0 \le I \le \log N`, and
    :math:`I \le R = \frac1N\sum_n D(q(z \mid x_n) \,\|\, p(z))` for every prior p: the rate of a VAE
    bounds the information from above (Alemi et al. 2018). Unit: nats (``base=2``: bits).

    Parameters
    ----------
    mu, log_var : array_like, shape (N, d)
        Encoder means and log-variances, one row per data point.
    n_samples : int, default 16
        Draws of z per row.
    seed : int, default 0
        Seed of the draws.
    base : float or None
        Logarithm base; ``None`` for nats.

    Returns
    -------
    float
        The estimate of :math:`I(X; Z)`.

    Raises
    ------
    TypeError
        If ``n_samples`` or ``seed`` is not an integer or the arrays are not numbers.
    ValueError
        If the arrays differ in shape, are not 2-D, or contain NaN or inf.

    References
    ----------
    Alemi et al. (2018), `alemi2018` in the book's references.

    Examples
    --------
    >>> far = encoder_information([[-50.0], [50.0]], [[0.0], [0.0]], base=2)  # two codes never confused
    >>> round(far, 6)
    1.0
    >>> round(encoder_information([[0.0], [0.0]], [[0.0], [0.0]]), 6)        # the same code for both
    0.0
    """
    mu = as_finite(mu, "mu", type_error=True)
    log_var = as_finite(log_var, "log_var", type_error=True)
    if mu.ndim != 2 or mu.shape != log_var.shape:
        raise ValueError(f"mu and log_var must be 2-D arrays of the same shape, got {mu.shape} and {log_var.shape}")
    n_samples = check_int(n_samples, "n_samples", type_error=True)
    seed = check_int(seed, "seed", 0, type_error=True)
    div = log_base(base)
    n, d = mu.shape
    std = np.exp(0.5 * log_var)
    inv_var = np.exp(-log_var)
    # log-normaliser of each component, summed over dimensions
    log_norm = -0.5 * (log_var.sum(axis=1) + d * math.log(2 * math.pi))
    rng = np.random.default_rng(seed)
    # ||z - mu_m||^2 / var_m expanded into matrix products: z^2 @ (1/var)^T - 2 z @ (mu/var)^T + sum mu^2/var
    mu_iv = mu * inv_var
    mu2_iv = (mu * mu_iv).sum(axis=1)
    total = 0.0
    for _ in range(n_samples):
        eps = rng.standard_normal((n, d))
        z = mu + std * eps
        own = log_norm - 0.5 * (eps**2).sum(axis=1)
        quad = (z * z) @ inv_var.T - 2.0 * (z @ mu_iv.T) + mu2_iv[None, :]
        log_q = log_norm[None, :] - 0.5 * np.maximum(quad, 0.0)   # log q(z_i | x_m), shape (N, N)
        top = log_q.max(axis=1, keepdims=True)
        mix = top[:, 0] + np.log(np.exp(log_q - top).sum(axis=1)) - math.log(n)
        total += float((own - mix).mean())
    return max(total / n_samples, 0.0) / div
