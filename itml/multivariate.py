r"""Information among more than two variables: total correlation and interaction information.

* :func:`total_correlation` -- :math:`TC = \sum_i H(X_i) - H(X_1, \dots, X_d)` from a joint table;
* :func:`interaction_information` -- the co-information :math:`I(X;Y;Z) = I(X;Y) - I(X;Y \mid Z)`
  of three variables from a joint table (negative for synergy, as in XOR);
* :func:`total_correlation_plugin` -- TC of discrete samples (one variable per column);
* :func:`total_correlation_ksg` -- TC of continuous samples, Kraskov et al.'s k-NN estimator for
  many variables.

Pairwise mutual information is blind to what only a group of variables carries: for
:math:`Z = X \oplus Y` with fair bits every pair is independent (all three pairwise MIs are 0),
yet :math:`TC = 1` bit and :math:`I(X;Y;Z) = -1` bit. Unit: nats by default; ``base=2`` gives bits.
"""

from __future__ import annotations

import numpy as np
from scipy.special import digamma

from ._neighbours import column_orders
from ._validation import as_distribution, as_finite, log_base
from .estimators import (
    _check_k,
    _continuous,
    _count_within,
    _knn_radius,
    _labels,
    _mean_digamma1,
    _rescale,
    entropy_plugin,
)
from .measures import conditional_mutual_information, mutual_information

__all__ = ["total_correlation", "interaction_information", "total_correlation_plugin", "total_correlation_ksg"]


def _h(p: np.ndarray) -> float:
    q = p[p > 0]
    return float(-np.sum(q * np.log(q)))


def total_correlation(p, base=None) -> float:
    r"""Total correlation (multi-information) of the variables of a joint probability table.

    .. math:: TC(X_1, \dots, X_d) = \sum_{i=1}^d H(X_i) - H(X_1, \dots, X_d)
              = D(p(x_1, \dots, x_d) \,\|\, \textstyle\prod_i p(x_i))

    Zero exactly when the variables are mutually independent; for two variables it is
    :math:`I(X_1; X_2)`. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    p : array_like, shape (n_1, ..., n_d)
        Joint probability table, one axis per variable, summing to 1.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`TC \ge 0` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``p`` is not a probability table or ``base`` is invalid.

    References
    ----------
    Watanabe (1960), `watanabe1960` in the book's references.

    Examples
    --------
    >>> xor = np.zeros((2, 2, 2))
    >>> for x in (0, 1):
    ...     for y in (0, 1):
    ...         xor[x, y, x ^ y] = 0.25
    >>> round(total_correlation(xor, base=2), 6)  # three fair bits, one constraint
    1.0
    """
    div = log_base(base)
    p = as_distribution(p, "p")
    axes = range(p.ndim)
    marginals = sum(_h(p.sum(axis=tuple(a for a in axes if a != i))) for i in axes)
    return max(marginals - _h(p), 0.0) / div


def interaction_information(pxyz, base=None) -> float:
    r"""Co-information (McGill's interaction information) of three variables from ``pxyz[x, y, z]``.

    .. math:: I(X;Y;Z) = I(X;Y) - I(X;Y \mid Z)

    Symmetric in the three variables. Positive: Z explains part of the dependence of X and Y
    (redundancy); negative: X and Y say more about each other once Z is known (synergy; XOR
    gives :math:`-1` bit). Some authors use the opposite sign; this is the sign of McGill
    (1954) and Bell (2003). Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    pxyz : array_like, shape (n_x, n_y, n_z)
        Joint probability table, summing to 1.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`I(X;Y;Z)` in nats, or in units of ``base``; may be negative.

    Raises
    ------
    ValueError
        If ``pxyz`` is not a 3-D probability table or ``base`` is invalid.

    References
    ----------
    McGill (1954), `mcgill1954` in the book's references.

    Examples
    --------
    >>> xor = np.zeros((2, 2, 2))
    >>> for x in (0, 1):
    ...     for y in (0, 1):
    ...         xor[x, y, x ^ y] = 0.25
    >>> round(interaction_information(xor, base=2), 6)
    -1.0
    """
    div = log_base(base)
    pxyz = as_distribution(pxyz, "pxyz", ndim=3)
    return (mutual_information(pxyz.sum(axis=2)) - conditional_mutual_information(pxyz)) / div


def total_correlation_plugin(X, base=None) -> float:
    r"""Plug-in total correlation of discrete samples, one variable per column of ``X``.

    .. math:: \widehat{TC} = \sum_j \hat H(X_j) - \hat H(X_1, \dots, X_d)

    with :func:`itml.estimators.entropy_plugin` (each row of ``X`` is one joint symbol). Biased
    upward like the plug-in MI. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Discrete samples, at least 2 rows and 1 column.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`\widehat{TC} \ge 0` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``X`` is not 2-D discrete data or ``base`` is invalid.

    Examples
    --------
    >>> X = np.array([[0, 0, 0], [0, 1, 1], [1, 0, 1], [1, 1, 0]])  # z = x XOR y
    >>> round(total_correlation_plugin(X, base=2), 6)
    1.0
    """
    div = log_base(base)
    arr = _labels(X, "X")
    if arr.ndim != 2:
        raise ValueError(f"X must be 2-D (one variable per column), got shape {arr.shape}")
    tc = sum(entropy_plugin(arr[:, j]) for j in range(arr.shape[1])) - entropy_plugin(arr)
    return max(tc, 0.0) / div


def total_correlation_ksg(X, k=3, base=None, groups=None, rescale=True) -> float:
    r"""Kraskov et al.'s k-nearest-neighbour estimate of the total correlation of continuous variables.

    .. math:: \widehat{TC} = \psi(k) + (m - 1)\,\psi(N) - \Big\langle \sum_{g=1}^m \psi(n_g + 1) \Big\rangle

    :math:`\varepsilon_i` is the max-norm distance to the k-th neighbour in the joint space,
    :math:`n_g(i)` the number of other samples strictly closer than :math:`\varepsilon_i` in
    variable :math:`g` (the neighbour conventions of :func:`itml.estimators.mi_ksg`, which this
    is for :math:`m = 2`). Ties and constant columns are refused. Unit: nats by default;
    ``base=2`` gives bits.

    Parameters
    ----------
    X : array_like, shape (n, d)
        Continuous samples.
    k : int, default 3
        Number of neighbours, in ``[1, n - 1]``.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.
    groups : sequence of sequences of int, optional
        The columns of each variable; default: every column is one variable.
    rescale : bool, default True
        Divide every column by its standard deviation first.

    Returns
    -------
    float
        :math:`\widehat{TC}` in nats, or in units of ``base``; may be slightly negative.

    Raises
    ------
    TypeError
        If ``k`` is not an integer.
    ValueError
        If ``X`` is not valid continuous samples (2-D, ties, constant columns), ``groups`` does
        not partition the columns into at least two variables, ``k`` is out of range, or ``base``
        is invalid.

    References
    ----------
    Kraskov, Stögbauer & Grassberger (2004), `kraskov2004` in the book's references.

    Examples
    --------
    Three unit-variance Gaussians with pairwise correlation 0.6, built from a shared factor
    (elementwise, so every machine draws the same samples):

    >>> rng = np.random.default_rng(0)
    >>> shared = rng.normal(size=(4000, 1))
    >>> X = np.sqrt(0.6) * shared + np.sqrt(0.4) * rng.normal(size=(4000, 3))
    >>> truth = -0.5 * np.log((1 - 0.6) ** 2 * (1 + 2 * 0.6))  # -1/2 log det of the correlation matrix
    >>> print(f"closed form {truth:.2f}, KSG {total_correlation_ksg(X):.2f} nats")
    closed form 0.52, KSG 0.53 nats
    """
    div = log_base(base)
    arr = as_finite(X, "X", type_error=True)
    if arr.ndim != 2:
        raise ValueError(f"X must be 2-D (n, d), got shape {arr.shape}")
    n, d = arr.shape
    if groups is None:
        groups = [[j] for j in range(d)]
    groups = [list(g) for g in groups]
    flat = sorted(j for g in groups for j in g)
    if len(groups) < 2 or flat != list(range(d)):
        raise ValueError(f"groups must partition the {d} columns of X into at least two variables, got {groups}")
    k = _check_k(k, max(n, 2))
    arr = _continuous(arr, "X", k)
    for g in groups:
        _continuous(arr[:, g], f"X columns {g}", k)
    if rescale:
        arr = _rescale(arr)
    orders = column_orders(arr)
    radius = _knn_radius(arr, k, orders)
    if not (radius > 0).all():
        raise ValueError(f"X has more than k = {k} identical rows: a k-th neighbour at distance 0")
    total = sum(_mean_digamma1(_count_within(arr[:, g], radius, orders[:, g])) for g in groups)
    tc = digamma(k) + (len(groups) - 1) * digamma(n) - total
    return tc / div
