r"""Feature selection by mutual information: plain top-k ranking and greedy mRMR.

Both selectors discretize every feature into ``bins`` equal-frequency (quantile) bins and use the
plug-in estimate :func:`itml.estimators.mi_plugin`, so relevance :math:`I(X_j;Y)` and redundancy
:math:`I(X_j;X_s)` are measured with the same estimator, in nats, for a discrete target ``y``
(class labels). Peng et al. discretize in the same way. Indices are returned best first.
"""

from __future__ import annotations

import numpy as np

from ._validation import log_base
from .estimators import mi_plugin

__all__ = ["discretize", "mutual_info_features", "select_top_k_mi", "select_mrmr"]


def _features(X) -> np.ndarray:
    try:
        arr = np.asarray(X, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"X must be a 2-D array of numbers ({err})") from None
    if arr.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {arr.shape}")
    if arr.shape[0] < 2 or arr.shape[1] < 1:
        raise ValueError(f"X needs at least 2 samples and 1 feature, got shape {arr.shape}")
    if not np.isfinite(arr).all():
        raise ValueError("X contains NaN or inf")
    return arr


def _target(y, n: int) -> np.ndarray:
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(f"y must be 1-D (class labels), got shape {arr.shape}")
    if arr.shape[0] != n:
        raise ValueError(f"X and y must have the same number of samples, got {n} and {arr.shape[0]}")
    return arr


def _check_k(k, p: int) -> int:
    if isinstance(k, bool) or not isinstance(k, (int, np.integer)) or not 1 <= k <= p:
        raise ValueError(f"k must be an integer between 1 and the number of features ({p}), got {k!r}")
    return int(k)


def discretize(X, bins=10) -> np.ndarray:
    r"""Equal-frequency binning of each column: integer codes ``0 .. bins - 1``.

    Column :math:`j` is cut at its empirical quantiles :math:`q_{1/b}, \dots, q_{(b-1)/b}`; a
    column with at most ``bins`` distinct values keeps one code per value (ties never straddle a
    cut, so heavily tied columns get fewer bins).

    >>> discretize([[0.1, 5], [0.4, 5], [0.2, 7], [0.3, 7]], bins=2).tolist()
    [[0, 0], [1, 0], [0, 1], [1, 1]]
    """
    arr = _features(X)
    if isinstance(bins, bool) or not isinstance(bins, (int, np.integer)) or bins < 2:
        raise ValueError(f"bins must be an integer of at least 2, got {bins!r}")
    codes = np.empty(arr.shape, dtype=np.int64)
    for j in range(arr.shape[1]):
        col = arr[:, j]
        values = np.unique(col)
        if values.size <= bins:
            codes[:, j] = np.searchsorted(values, col)
        else:
            cuts = np.unique(np.quantile(col, np.linspace(0, 1, bins + 1)[1:-1]))
            codes[:, j] = np.searchsorted(cuts, col, side="right")
    return codes


def mutual_info_features(X, y, bins=10, base=None) -> np.ndarray:
    r"""Plug-in MI between each quantile-binned feature and the class labels ``y``.

    .. math:: r_j = \hat I(\mathrm{bin}(X_j); Y)

    Unit: nats, or units of ``base``.

    >>> X = [[0.0, 1.0], [0.1, 0.0], [1.0, 1.0], [1.1, 0.0]]
    >>> mutual_info_features(X, [0, 0, 1, 1], bins=2, base=2).tolist()
    [1.0, 0.0]
    """
    div = log_base(base)
    codes = discretize(X, bins)
    y = _target(y, codes.shape[0])
    return np.array([mi_plugin(codes[:, j], y) for j in range(codes.shape[1])]) / div


def select_top_k_mi(X, y, k, bins=10) -> np.ndarray:
    r"""Indices of the ``k`` features with the largest :math:`\hat I(X_j; Y)`, best first.

    Ties keep the lower index first. Blind to redundancy (a duplicated feature is picked twice) and
    to synergy (a feature useless alone but informative with another is never picked early).

    >>> X = [[0.0, 1.0, 0.0], [0.1, 0.0, 0.1], [1.0, 1.0, 1.0], [1.1, 0.0, 1.1]]
    >>> select_top_k_mi(X, [0, 0, 1, 1], k=2, bins=2).tolist()
    [0, 2]
    """
    relevance = mutual_info_features(X, y, bins)
    k = _check_k(k, relevance.size)
    return np.argsort(-relevance, kind="stable")[:k]


def select_mrmr(X, y, k, bins=10) -> np.ndarray:
    r"""Greedy minimum-redundancy maximum-relevance selection (mRMR, difference form), best first.

    Starting from the most relevant feature, each step adds the feature :math:`j \notin S` that
    maximizes

    .. math:: \hat I(X_j; Y) - \frac{1}{|S|} \sum_{s \in S} \hat I(X_j; X_s)

    (Peng, Long and Ding 2005, "MID"), all plug-in estimates on quantile-binned features.
    Ties keep the lower index first.

    >>> a = np.array([0, 0, 0, 1, 0, 1, 1, 1])  # two noisy copies of y, independent of each other
    >>> b = np.array([0, 0, 1, 0, 1, 1, 1, 0])
    >>> X, y = np.column_stack([a, a, b]), [0, 0, 0, 0, 1, 1, 1, 1]
    >>> select_top_k_mi(X, y, k=2).tolist(), select_mrmr(X, y, k=2).tolist()  # mRMR skips the duplicate
    ([0, 1], [0, 2])
    """
    codes = discretize(X, bins)
    y = _target(y, codes.shape[0])
    p = codes.shape[1]
    k = _check_k(k, p)
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
