r"""How sure is an estimate? A permutation test against independence and a bootstrap interval.

* :func:`permutation_test` -- shuffle ``y`` against ``x``: the estimates on the shuffled pairs are
  draws from the estimator's distribution **under independence**, so their mean is the bias to
  subtract at independence and the rank of the real estimate among them is an exact p-value
  (for any estimator, any n);
* :func:`bootstrap_ci` -- resample the pairs with replacement: a percentile interval for the
  estimator's *expected value*, not for the truth. It inherits the estimator's bias, and a
  resample repeats samples, which k-NN estimators read as ties (they refuse them; ``jitter``
  breaks the ties and shows how far off such an interval is).

Both take any ``estimator(x, y) -> float`` (e.g. :func:`itml.estimators.mi_ksg`) and report in
the estimator's unit.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ._validation import check_int, check_number

__all__ = ["PermutationResult", "BootstrapResult", "permutation_test", "bootstrap_ci"]


@dataclass(frozen=True)
class PermutationResult:
    r"""The result of :func:`permutation_test`.

    .. math:: p = \frac{1 + \#\{b : \hat I_b \ge \hat I\}}{1 + B}

    Examples
    --------
    >>> from itml.estimators import mi_plugin
    >>> res = permutation_test(mi_plugin, [0, 1] * 20, [0, 1] * 20, n_permutations=99)
    >>> res.p_value  # no shuffle reaches the full dependence
    0.01
    """

    estimate: float
    """The estimate on the real pairs."""
    p_value: float
    """:math:`(1 + \\#\\{\\hat I_b \\ge \\hat I\\})/(1 + B)`, exact under independence."""
    null_mean: float
    """The mean of the estimates on shuffled pairs, which is the estimator's bias at independence."""
    null_sd: float
    """Their standard deviation."""
    null: np.ndarray
    """The B estimates on shuffled pairs."""

    @property
    def debiased(self) -> float:
        """``estimate - null_mean``: the estimate with the bias at independence subtracted."""
        return self.estimate - self.null_mean


@dataclass(frozen=True)
class BootstrapResult:
    r"""The result of :func:`bootstrap_ci`: a percentile interval of the bootstrap estimates.

    .. math:: [\hat I^*_{(\alpha/2)}, \hat I^*_{(1 - \alpha/2)}]

    Examples
    --------
    >>> from itml.estimators import mi_plugin
    >>> res = bootstrap_ci(mi_plugin, [0, 1] * 20, [0, 1] * 20, n_resamples=50)
    >>> res.low <= res.estimate <= res.high
    True
    """

    estimate: float
    """The estimate on the original sample."""
    low: float
    """Lower end of the interval."""
    high: float
    """Upper end of the interval."""
    level: float
    """Coverage asked for, e.g. 0.95."""
    resamples: np.ndarray
    """The bootstrap estimates."""


def _pairs(x, y):
    xa, ya = np.asarray(x), np.asarray(y)
    if xa.ndim == 0 or ya.ndim == 0:
        raise ValueError("x and y must be arrays of samples, one per row")
    if xa.shape[0] != ya.shape[0]:
        raise ValueError(f"x and y must have the same number of samples, got {xa.shape[0]} and {ya.shape[0]}")
    if xa.shape[0] < 2:
        raise ValueError(f"x and y need at least 2 samples, got {xa.shape[0]}")
    return xa, ya


def permutation_test(estimator, x, y, n_permutations=200, seed=0) -> PermutationResult:
    r"""Test independence with any estimator: compare its value with its values on shuffled pairs.

    .. math:: \hat I_b = \hat I(x, y_{\pi_b}), \quad b = 1, \dots, B, \qquad
              p = \frac{1 + \#\{b : \hat I_b \ge \hat I\}}{1 + B}

    Under independence the real pairing is one more random pairing, so the p-value is exact
    (valid at every n, for a biased estimator too). The mean of :math:`\hat I_b` estimates the
    estimator's bias **at independence** (``null_mean``; ``debiased`` subtracts it); it is not
    the bias at the true dependence. Unit: the estimator's.

    Parameters
    ----------
    estimator : callable
        ``estimator(x, y) -> float``, e.g. :func:`itml.estimators.mi_ksg`.
    x, y : array_like, shape (n, ...)
        Paired samples, one per row.
    n_permutations : int, default 200
        Number of shuffles B, at least 1.
    seed : int, default 0
        Seed of the shuffles.

    Returns
    -------
    PermutationResult
        ``estimate``, ``p_value``, ``null_mean``, ``null_sd``, ``null`` (and ``debiased``).

    Raises
    ------
    TypeError
        If ``estimator`` is not callable or ``n_permutations``/``seed`` is not an integer.
    ValueError
        If ``x`` and ``y`` differ in length or have fewer than 2 samples; or whatever the
        estimator raises.

    References
    ----------
    Good (2005), `good2005` in the book's references.

    Examples
    --------
    >>> from itml.estimators import mi_ksg
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=300)
    >>> res = permutation_test(mi_ksg, x, x + rng.normal(size=300), n_permutations=99)
    >>> res.p_value, abs(res.null_mean) < 0.02
    (0.01, True)
    """
    if not callable(estimator):
        raise TypeError(f"estimator must be callable, got {type(estimator).__name__}")
    b = check_int(n_permutations, "n_permutations", 1, type_error=True)
    seed = check_int(seed, "seed", 0, type_error=True)
    xa, ya = _pairs(x, y)
    est = float(estimator(xa, ya))
    rng = np.random.default_rng(seed)
    null = np.array([float(estimator(xa, ya[rng.permutation(ya.shape[0])])) for _ in range(b)])
    p = (1 + int(np.count_nonzero(null >= est))) / (1 + b)
    return PermutationResult(estimate=est, p_value=p, null_mean=float(null.mean()),
                             null_sd=float(null.std(ddof=1)) if b > 1 else 0.0, null=null)


def bootstrap_ci(estimator, x, y, n_resamples=200, level=0.95, seed=0, jitter=0.0) -> BootstrapResult:
    r"""Percentile bootstrap interval of an estimator: resample the pairs with replacement.

    .. math:: \hat I^*_b = \hat I(x_{J_b}, y_{J_b}), \quad J_b \sim \text{Uniform}\{1..n\}^n, \qquad
              [\hat I^*_{(\alpha/2)}, \hat I^*_{(1-\alpha/2)}]

    The interval describes the spread of the estimator around **its own expectation**; it covers
    the truth only when the estimator is nearly unbiased at this n (a plug-in MI is biased
    upward, and a resample is biased further up; a k-NN estimator reads repeated samples as
    ties). ``jitter > 0`` adds Gaussian noise of that size times each column's standard deviation
    to every resample, which lets a k-NN estimator run on it, at the price of a bias of its own.
    Unit: the estimator's.

    Parameters
    ----------
    estimator : callable
        ``estimator(x, y) -> float``.
    x, y : array_like, shape (n, ...)
        Paired samples, one per row.
    n_resamples : int, default 200
        Number of bootstrap resamples, at least 2.
    level : float, default 0.95
        Coverage of the interval, in (0, 1).
    seed : int, default 0
        Seed of the resampling (and of the jitter).
    jitter : float, default 0.0
        Relative size of the noise added to each resample (numeric ``x`` and ``y`` only).

    Returns
    -------
    BootstrapResult
        ``estimate``, ``low``, ``high``, ``level`` and the ``resamples``.

    Raises
    ------
    TypeError
        If ``estimator`` is not callable, or a count or the seed is not an integer.
    ValueError
        If the inputs differ in length, ``level`` is not in (0, 1), ``jitter < 0``; or whatever
        the estimator raises on a resample (k-NN estimators refuse repeated samples).

    References
    ----------
    Efron & Tibshirani (1993), `efron1993` in the book's references.

    Examples
    --------
    >>> from itml.estimators import mi_plugin
    >>> rng = np.random.default_rng(0)
    >>> x, y = rng.integers(0, 4, size=200), rng.integers(0, 4, size=200)  # independent: I = 0
    >>> res = bootstrap_ci(mi_plugin, x, y, n_resamples=100)
    >>> res.low > 0  # the interval misses the truth: it inherits the plug-in bias
    True
    """
    if not callable(estimator):
        raise TypeError(f"estimator must be callable, got {type(estimator).__name__}")
    b = check_int(n_resamples, "n_resamples", 2, type_error=True)
    level = check_number(level, "level", minimum=0, maximum=1, open_min=True, open_max=True)
    jitter = check_number(jitter, "jitter", minimum=0)
    seed = check_int(seed, "seed", 0, type_error=True)
    xa, ya = _pairs(x, y)
    est = float(estimator(xa, ya))
    rng = np.random.default_rng(seed)
    n = xa.shape[0]
    if jitter > 0:
        sx, sy = xa.std(axis=0), ya.std(axis=0)
    out = np.empty(b)
    for i in range(b):
        idx = rng.integers(0, n, size=n)
        xb, yb = xa[idx], ya[idx]
        if jitter > 0:
            xb = xb + jitter * sx * rng.standard_normal(xb.shape)
            yb = yb + jitter * sy * rng.standard_normal(yb.shape)
        out[i] = float(estimator(xb, yb))
    alpha = 1 - level
    low, high = np.quantile(out, [alpha / 2, 1 - alpha / 2])
    return BootstrapResult(estimate=est, low=float(low), high=float(high), level=level, resamples=out)
