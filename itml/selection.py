r"""Feature selection by mutual information: top-k ranking and the greedy selectors mRMR, JMI and CMIM.

Every selector bins each feature into ``bins`` equal-frequency (quantile) bins
(:func:`itml.estimators.discretize`) and uses the plug-in estimate
:func:`itml.estimators.mi_plugin`, so relevance :math:`I(X_j;Y)`, redundancy :math:`I(X_j;X_s)`
and the joint terms :math:`I(X_j, X_s; Y)` are all measured with one estimator, in nats, for a
discrete target ``y`` (class labels). (Peng, Long & Ding (2005) discretise at
:math:`\mu \pm \sigma`, three states per feature, or use Parzen windows; the equal-frequency
bins here are this package's choice.) In the framework of Brown et al. (2012) each greedy step
adds the candidate :math:`j` maximising a criterion :math:`J(X_j)` given the selected set S:

* mRMR (Peng et al. 2005): :math:`I(X_j;Y) - \frac{1}{|S|}\sum_{s} I(X_j;X_s)`;
* JMI (Yang & Moody 1999): :math:`\sum_{s} I(X_j, X_s; Y)`;
* CMIM (Fleuret 2004): :math:`\min_{s} I(X_j; Y \mid X_s)`.

Indices are returned best first. :class:`MutualInfoSelector` wraps them as a scikit-learn
transformer, and :func:`cross_val_selection` scores them with the selection **inside** each
training fold.
"""

from __future__ import annotations

import numpy as np
from sklearn.base import BaseEstimator, clone
from sklearn.feature_selection import SelectorMixin

from ._validation import as_finite, check_int, log_base
from .estimators import discretize, mi_plugin, mi_ross_columns

__all__ = ["rank_descending", "mutual_info_features", "select_top_k_mi", "select_mrmr", "select_jmi",
           "select_cmim", "MutualInfoSelector", "cross_val_selection"]

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


def mutual_info_features(X, y, bins=10, base=None, strategy="quantile", method="binned",
                         n_neighbors=3) -> np.ndarray:
    r"""MI between each feature (column of ``X``) and the class labels ``y``: binned plug-in, or Ross's k-NN.

    .. math:: r_j = \hat I(\mathrm{bin}(X_j); Y)

    With ``method="binned"`` (the default) columns are binned by
    :func:`itml.estimators.discretize`: ``bins`` equal-frequency bins
    (``strategy="quantile"``, the default) or equal-width bins over each column's range
    (``strategy="uniform"``; a constant column scores 0). The plug-in estimate is biased
    *upward* when the table has few samples per cell: compare columns with the same ``bins``
    and sample size. With ``method="ross"`` each column gets Ross's nearest-neighbour estimate
    (:func:`itml.estimators.mi_ross_columns`, ``n_neighbors`` neighbours: the values of
    scikit-learn's ``mutual_info_classif`` on unperturbed input, without its clipping at 0);
    ``bins`` and ``strategy`` then do not apply, and tied or constant columns are refused.
    Unit: nats by default; ``base=2`` gives bits.

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
    method : {"binned", "ross"}, default "binned"
        The estimator.
    n_neighbors : int, default 3
        Neighbours of Ross's estimator (``method="ross"`` only).

    Returns
    -------
    ndarray, shape (n_features,)
        :math:`\hat I(\mathrm{bin}(X_j); Y)` (or Ross's estimate) for every column, in nats or
        units of ``base``.

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
    if method not in ("binned", "ross"):
        raise ValueError(f"method must be 'binned' or 'ross', got {method!r}")
    if method == "ross":
        arr = _features(X)
        return mi_ross_columns(arr, _target(y, arr.shape[0]), k=n_neighbors) / div
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
    Brown, Pocock, Zhao & Luján (2012), `brown2012` in the book's references.

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


def _greedy_joint(X, y, k, bins, criterion) -> np.ndarray:
    """Greedy forward selection by JMI or CMIM on quantile-binned features (plug-in MI, nats)."""
    codes = _codes(X, bins, "quantile")
    y = _target(y, codes.shape[0])
    p = codes.shape[1]
    k = check_int(k, "k", 1, high=p, type_error=True)
    relevance = np.array([mi_plugin(codes[:, j], y) for j in range(p)])
    width = int(codes.max()) + 1
    score = np.zeros(p) if criterion == "jmi" else np.full(p, np.inf)  # CMIM: a min over the selected only
    selected = [int(np.argmax(relevance))]
    available = np.ones(p, dtype=bool)
    available[selected[0]] = False
    while len(selected) < k:
        s = selected[-1]
        for j in np.flatnonzero(available):
            joint = mi_plugin(codes[:, j] * width + codes[:, s], y)  # I(X_j, X_s; Y)
            if criterion == "jmi":
                score[j] += joint
            else:  # I(X_j; Y | X_s) = I(X_j, X_s; Y) - I(X_s; Y)
                score[j] = min(score[j], joint - relevance[s])
        best = int(np.argmax(np.where(available, score, -np.inf)))
        selected.append(best)
        available[best] = False
    return np.array(selected)


def select_jmi(X, y, k, bins=10) -> np.ndarray:
    r"""Greedy joint-mutual-information selection (JMI), best first.

    Starting from the most relevant feature, each step adds the feature :math:`j \notin S` that
    maximizes

    .. math:: J_\mathrm{JMI}(X_j) = \sum_{s \in S} \hat I(X_j, X_s; Y)

    what the candidate and each selected feature say about Y *together* (plug-in estimates in
    nats on quantile-binned features; the pair is one joint symbol). In Brown et al.'s (2012)
    framework it is :math:`I(X_j;Y) - \frac1{|S|}\sum_s I(X_j;X_s) + \frac1{|S|}\sum_s I(X_j;X_s \mid Y)`
    up to terms that do not depend on j. Ties keep the lower index first.

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
        As :func:`select_mrmr`.

    References
    ----------
    Yang & Moody (1999), `yang1999` in the book's references.
    Brown, Pocock, Zhao & Luján (2012), `brown2012` in the book's references.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> a, c = rng.integers(0, 2, size=(2, 400))
    >>> X = np.column_stack([a + 0.5 * rng.integers(0, 2, 400), rng.normal(size=400), c])
    >>> select_jmi(X, a ^ c, k=2, bins=2).tolist()  # XOR: the partner of a, not the noise column
    [2, 0]
    """
    return _greedy_joint(X, y, k, bins, "jmi")


def select_cmim(X, y, k, bins=10) -> np.ndarray:
    r"""Greedy conditional-mutual-information maximisation (CMIM), best first.

    Starting from the most relevant feature, each step adds the feature :math:`j \notin S` that
    maximizes

    .. math:: J_\mathrm{CMIM}(X_j) = \min_{s \in S} \hat I(X_j; Y \mid X_s),
              \qquad \hat I(X_j; Y \mid X_s) = \hat I(X_j, X_s; Y) - \hat I(X_s; Y)

    the information about Y the candidate adds to the selected feature it overlaps most
    (plug-in estimates in nats on quantile-binned features). The minimum runs over the selected
    features only, as in Brown et al.'s (2012) form of the criterion; Fleuret's fast
    implementation also takes :math:`\hat I(X_j;Y)` into the minimum, which hides a feature that
    is useless alone but completes one already chosen (XOR). Ties keep the lower index first.

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
        As :func:`select_mrmr`.

    References
    ----------
    Fleuret (2004), `fleuret2004` in the book's references.
    Brown, Pocock, Zhao & Luján (2012), `brown2012` in the book's references.

    Examples
    --------
    >>> a = np.array([0, 0, 0, 1, 0, 1, 1, 1])  # two noisy copies of y, independent of each other
    >>> b = np.array([0, 0, 1, 0, 1, 1, 1, 0])
    >>> X, y = np.column_stack([a, a, b]), [0, 0, 0, 0, 1, 1, 1, 1]
    >>> select_cmim(X, y, k=2).tolist()  # the copy of column 0 adds nothing given column 0
    [0, 2]
    """
    return _greedy_joint(X, y, k, bins, "cmim")


_SELECTORS = {"top-k": select_top_k_mi, "mrmr": select_mrmr, "jmi": select_jmi, "cmim": select_cmim}


class MutualInfoSelector(SelectorMixin, BaseEstimator):
    r"""A scikit-learn transformer that keeps the ``k`` features a mutual-information selector picks.

    .. math:: S = \text{selector}(X_\text{train}, y_\text{train}, k)

    Fitted on the training data only, so in a ``Pipeline`` the selection happens inside each
    cross-validation fold (selecting on all the data first leaks the test folds into the
    choice). ``method`` is ``"top-k"`` (:func:`select_top_k_mi`), ``"mrmr"``, ``"jmi"`` or
    ``"cmim"``; the MI estimates are plug-in, in nats, on ``bins`` quantile bins.

    Parameters
    ----------
    method : {"top-k", "mrmr", "jmi", "cmim"}, default "jmi"
        The selector.
    k : int, default 5
        Number of features to keep.
    bins : int, default 10
        Equal-frequency bins per feature.

    Attributes
    ----------
    order_
        The selected columns (an int array of shape (k,)), in the order they were selected.

    Examples
    --------
    >>> a = np.array([0, 0, 0, 1, 0, 1, 1, 1])
    >>> b = np.array([0, 0, 1, 0, 1, 1, 1, 0])
    >>> sel = MutualInfoSelector("mrmr", k=2).fit(np.column_stack([a, a, b]), [0, 0, 0, 0, 1, 1, 1, 1])
    >>> sel.order_.tolist(), sel.get_support().tolist()
    ([0, 2], [True, False, True])
    """

    def __init__(self, method="jmi", k=5, bins=10):
        self.method = method
        self.k = k
        self.bins = bins

    def fit(self, X, y):
        """Select ``k`` features of ``X`` for the labels ``y``; returns ``self``."""
        if self.method not in _SELECTORS:
            raise ValueError(f"method must be one of {sorted(_SELECTORS)}, got {self.method!r}")
        arr = _features(X)
        self.order_ = _SELECTORS[self.method](arr, y, self.k, bins=self.bins)
        self.n_features_in_ = arr.shape[1]
        return self

    def _get_support_mask(self):
        mask = np.zeros(self.n_features_in_, dtype=bool)
        mask[self.order_] = True
        return mask


def cross_val_selection(X, y, method, ks, estimator, cv, bins=10) -> np.ndarray:
    r"""Cross-validated accuracy of ``estimator`` on the first k selected features, selected **inside** each fold.

    .. math:: \mathrm{acc}_{f,k} = \mathrm{score}\big(\text{estimator fitted on } X^{(f)}_\text{train}[:, S^{(f)}_{:k}],
              \; X^{(f)}_\text{test}[:, S^{(f)}_{:k}]\big)

    For each split of ``cv`` the selector runs once on the training fold (its greedy order is
    the same for every k, so the first k of one run of :math:`\max k` are the selection for
    k) and ``estimator`` is refitted for each k. The test fold never influences the selection.
    Unitless (accuracies, or whatever ``estimator.score`` returns).

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Features.
    y : array_like, shape (n_samples,)
        Class labels.
    method : {"top-k", "mrmr", "jmi", "cmim"}
        The selector.
    ks : sequence of int
        Numbers of features to evaluate.
    estimator : scikit-learn estimator
        The model (cloned for every fit), e.g. a scaler and logistic regression in a pipeline.
    cv : scikit-learn splitter
        E.g. ``RepeatedStratifiedKFold``.
    bins : int, default 10
        Equal-frequency bins per feature for the MI estimates.

    Returns
    -------
    ndarray, shape (n_splits, len(ks))
        The score of every split and k.

    Raises
    ------
    ValueError
        If ``method`` is unknown or a k is out of range.

    Examples
    --------
    >>> from sklearn.linear_model import LogisticRegression
    >>> from sklearn.model_selection import StratifiedKFold
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, size=200)
    >>> X = np.column_stack([y + rng.normal(size=200), rng.normal(size=(200, 3))])
    >>> acc = cross_val_selection(X, y, "jmi", [1], LogisticRegression(), StratifiedKFold(4))
    >>> acc.shape, bool(acc.mean() > 0.6)
    ((4, 1), True)
    """
    if method not in _SELECTORS:
        raise ValueError(f"method must be one of {sorted(_SELECTORS)}, got {method!r}")
    arr = _features(X)
    y = _target(y, arr.shape[0])
    ks = [check_int(int(k) if isinstance(k, np.integer) else k, "k", 1, high=arr.shape[1], type_error=True)
          for k in ks]
    out = []
    for train, test in cv.split(arr, y):
        order = _SELECTORS[method](arr[train], y[train], max(ks), bins=bins)
        row = []
        for k in ks:
            model = clone(estimator).fit(arr[train][:, order[:k]], y[train])
            row.append(model.score(arr[test][:, order[:k]], y[test]))
        out.append(row)
    return np.array(out)
