r"""Feature selection by mutual information: plain top-k ranking and greedy mRMR.

Both selectors bin every feature into ``bins`` equal-frequency (quantile) bins
(:func:`itml.estimators.discretize`) and use the
plug-in estimate :func:`itml.estimators.mi_plugin`, so relevance :math:`I(X_j;Y)` and redundancy
:math:`I(X_j;X_s)` are measured with the same estimator, in nats, for a discrete target ``y``
(class labels), as Peng, Long & Ding (2005) do. Indices are returned best first.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_finite, check_int, log_base
from .estimators import discretize, mi_plugin

__all__ = ["rank_descending", "mutual_info_features", "select_top_k_mi", "select_mrmr"]

_STRATEGIES = ("quantile", "uniform")


def _features(X) -> np.ndarray:
    arr = as_finite(X, "X", type_error=True)
    if arr.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {arr.shape}")
    if arr.shape[0] < 2:
        raise ValueError(f"X needs at least 2 samples, got shape {arr.shape}")
    return arr


def _target(y, n: int) -> np.ndarray:
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(f"y must be 1-D (class labels), got shape {arr.shape}")
    if arr.shape[0] != n:
        raise ValueError(f"X and y must have the same number of samples, got {n} and {arr.shape[0]}")
    return arr


def rank_descending(scores) -> np.ndarray:
    r"""Indices that sort ``scores`` from largest to smallest; ties keep their original order.

    .. math:: s_{r_0} \ge s_{r_1} \ge \cdots, \qquad r_i < r_j \text{ when } s_{r_i} = s_{r_j},\; i < j

    ``ranking[:k]`` are then the top ``k``, best first. Unitless (indices).

    Parameters
    ----------
    scores : array_like, shape (n,)
        Finite scores, e.g. mutual information in nats.

    Returns
    -------
    ndarray of int, shape (n,)
        The ranking, best first (a stable sort of ``-scores``).

    Raises
    ------
    TypeError
        If ``scores`` is not numeric.
    ValueError
        If ``scores`` is empty, not 1-D, or contains NaN or inf.

    Examples
    --------
    >>> rank_descending([0.1, 0.7, 0.3, 0.7])
    array([1, 3, 2, 0])
    """
    s = as_finite(scores, "scores", type_error=True)
    if s.ndim != 1:
        raise ValueError(f"scores must be 1-D, got shape {s.shape}")
    return np.argsort(-s, kind="stable")


def _codes(X, bins, strategy) -> np.ndarray:
    if strategy not in _STRATEGIES:
        raise ValueError(f"strategy must be 'quantile' or 'uniform', got {strategy!r}")
    return discretize(_features(X), bins, strategy=strategy)


def mutual_info_features(X, y, bins=10, base=None, strategy="quantile") -> np.ndarray:
    r"""Plug-in MI between each binned feature (column of ``X``) and the class labels ``y``.

    .. math:: r_j = \hat I(\mathrm{bin}(X_j); Y)

    Columns are binned by :func:`itml.estimators.discretize`: ``bins`` equal-frequency bins
    (``strategy="quantile"``, the default) or equal-width bins over each column's range
    (``strategy="uniform"``; a constant column scores 0). The plug-in estimate is biased
    *upward* when the table has few samples per cell: compare columns with the same ``bins``
    and sample size. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Continuous features, finite, at least 2 samples.
    y : array_like, shape (n_samples,)
        Discrete target (class labels).
    bins : int, default 10
        Number of bins per feature.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.
    strategy : {"quantile", "uniform"}, default "quantile"
        Equal-frequency or equal-width bins.

    Returns
    -------
    ndarray, shape (n_features,)
        :math:`\hat I(\mathrm{bin}(X_j); Y)` for every column, in nats or units of ``base``.

    Raises
    ------
    TypeError
        If ``X`` is not numeric.
    ValueError
        If ``X`` is not 2-D, has fewer than 2 samples or contains NaN or inf; if ``y`` does not
        match ``X``; if ``strategy``, ``bins`` or ``base`` is invalid.

    References
    ----------
    Paninski (2003), `paninski2003` in the book's references.

    Examples
    --------
    >>> X = [[0.0, 1.0], [0.1, 0.0], [1.0, 1.0], [1.1, 0.0]]
    >>> mutual_info_features(X, [0, 0, 1, 1], bins=2, base=2).tolist()
    [1.0, 0.0]
    """
    div = log_base(base)
    codes = _codes(X, bins, strategy)
    y = _target(y, codes.shape[0])
    return np.array([mi_plugin(codes[:, j], y) for j in range(codes.shape[1])]) / div


def select_top_k_mi(X, y, k, bins=10) -> np.ndarray:
    r"""Indices of the ``k`` features with the largest :math:`\hat I(X_j; Y)`, best first.

    .. math:: S = \operatorname{top-}k_j\; \hat I(\mathrm{bin}(X_j); Y)

    Relevance is :func:`mutual_info_features` (plug-in MI in nats on quantile bins). Ties
    keep the lower index first. Blind to redundancy (a duplicated feature is picked twice) and
    to synergy (a feature useless alone but informative with another is never picked early).

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Continuous features, finite, at least 2 samples.
    y : array_like, shape (n_samples,)
        Discrete target (class labels).
    k : int
        Number of features to select, in ``[1, n_features]``.
    bins : int, default 10
        Number of equal-frequency (quantile) bins per feature.

    Returns
    -------
    ndarray of int, shape (k,)
        Column indices, best first.

    Raises
    ------
    TypeError
        If ``X`` (or ``k``) is not numeric.
    ValueError
        If ``X`` is not 2-D, has fewer than 2 samples or contains NaN or inf; if ``y`` is not
        1-D or its length differs from the number of rows of ``X``; if ``bins`` is not a
        positive integer; or if ``k`` is not an integer in ``[1, n_features]``.

    Examples
    --------
    >>> X = [[0.0, 1.0, 0.0], [0.1, 0.0, 0.1], [1.0, 1.0, 1.0], [1.1, 0.0, 1.1]]
    >>> select_top_k_mi(X, [0, 0, 1, 1], k=2, bins=2).tolist()
    [0, 2]
    """
    relevance = mutual_info_features(X, y, bins)
    k = check_int(k, "k", 1, high=relevance.size, type_error=True)
    return rank_descending(relevance)[:k]


def select_mrmr(X, y, k, bins=10) -> np.ndarray:
    r"""Greedy minimum-redundancy maximum-relevance selection (mRMR, difference form), best first.

    Starting from the most relevant feature, each step adds the feature :math:`j \notin S` that
    maximizes

    .. math:: \hat I(X_j; Y) - \frac{1}{|S|} \sum_{s \in S} \hat I(X_j; X_s)

    (the "MID" criterion), all plug-in estimates in nats on quantile-binned features. Ties
    keep the lower index first.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Continuous features, finite, at least 2 samples.
    y : array_like, shape (n_samples,)
        Discrete target (class labels).
    k : int
        Number of features to select, in ``[1, n_features]``.
    bins : int, default 10
        Number of equal-frequency (quantile) bins per feature.

    Returns
    -------
    ndarray of int, shape (k,)
        Column indices in the order they were selected.

    Raises
    ------
    TypeError
        If ``X`` (or ``k``) is not numeric.
    ValueError
        If ``X`` is not 2-D, has fewer than 2 samples or contains NaN or inf; if ``y`` is not
        1-D or its length differs from the number of rows of ``X``; if ``bins`` is not a
        positive integer; or if ``k`` is not an integer in ``[1, n_features]``.

    References
    ----------
    Peng, Long & Ding (2005), `peng2005` in the book's references.

    Examples
    --------
    >>> a = np.array([0, 0, 0, 1, 0, 1, 1, 1])  # two noisy copies of y, independent of each other
    >>> b = np.array([0, 0, 1, 0, 1, 1, 1, 0])
    >>> X, y = np.column_stack([a, a, b]), [0, 0, 0, 0, 1, 1, 1, 1]
    >>> select_top_k_mi(X, y, k=2).tolist(), select_mrmr(X, y, k=2).tolist()  # mRMR skips the duplicate
    ([0, 1], [0, 2])
    """
    codes = _codes(X, bins, "quantile")
    y = _target(y, codes.shape[0])
    p = codes.shape[1]
    k = check_int(k, "k", 1, high=p, type_error=True)
    relevance = np.array([mi_plugin(codes[:, j], y) for j in range(p)])
    redundancy = np.zeros(p)  # running sum of I(X_j; X_s) over the selected s
    selected = [int(np.argmax(relevance))]
    available = np.ones(p, dtype=bool)
    available[selected[0]] = False
    while len(selected) < k:
        s = codes[:, selected[-1]]
        for j in np.flatnonzero(available):
            redundancy[j] += mi_plugin(codes[:, j], s)
        score = np.where(available, relevance - redundancy / len(selected), -np.inf)
        best = int(np.argmax(score))
        selected.append(best)
        available[best] = False
    return np.array(selected)
