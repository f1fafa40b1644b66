r"""Pruning and compression: rank features and hidden units by mutual information,
quantise weights, and count description lengths.

* :func:`mi_feature_ranking` ranks features by their mutual information with the label
  (scikit-learn's k-NN estimator of Ross 2014, in **nats**; the order comes from
  :func:`itml.selection.rank_descending`);
* hidden units are scored by :func:`itml.selection.mutual_info_features` with
  ``strategy="uniform"`` (plug-in MI of their binned activations with the label);
* :func:`prune_units` zeroes hidden units of a small PyTorch MLP;
* :func:`quantize_uniform`, :func:`itml.estimators.code_length` and :func:`data_code_length`
  are the pieces of a two-part (MDL) code: the weights' codes plus the labels' code length.
"""

from __future__ import annotations

import copy

import numpy as np
import torch
from scipy.special import log_softmax
from torch import nn

from ._validation import as_finite, as_symbols, check_int, log_base
from .selection import rank_descending

__all__ = [
    "mi_feature_ranking",
    "kept_feature_accuracy",
    "prune_units",
    "quantize_uniform",
    "data_code_length",
]


def _labels(y, n: int | None = None, name: str = "y") -> np.ndarray:
    """Non-negative integer class labels, one per row (``n``)."""
    return as_symbols(y, name, length=n, min_length=1)


def mi_feature_ranking(X, y, *, random_state, n_neighbors: int = 3):
    r"""Rank the columns of ``X`` by their estimated mutual information with the label ``y``.

    .. math:: \hat I(X_j; Y), \quad j = 1, \dots, d

    Wraps ``sklearn.feature_selection.mutual_info_classif``, which for continuous features uses
    Ross's (2014) k-NN estimator of the MI between a continuous and a *discrete* variable: a
    relative of the Kraskov–Stögbauer–Grassberger estimator, not KSG itself (which needs both
    variables continuous). It adds a little random noise to the features and clips negative
    estimates to 0, so ``random_state`` is required for a reproducible ranking; on heavily tied
    features (few distinct values) the ranking can change with ``random_state``. Unit: nats.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Continuous features, finite.
    y : array_like of int, shape (n_samples,)
        Non-negative integer class labels.
    random_state : int or numpy.random.Generator
        Seed of scikit-learn's jitter; ``None`` is refused.
    n_neighbors : int, default 3
        Number of neighbours of the k-NN estimator.

    Returns
    -------
    ranking : ndarray of int, shape (n_features,)
        Column indices from most to least informative (:func:`itml.selection.rank_descending`).
    mi : ndarray, shape (n_features,)
        The estimates in nats.

    Raises
    ------
    TypeError
        If ``X`` or ``y`` is not numeric.
    ValueError
        If ``X`` is not 2-D or contains NaN or inf, ``y`` is not one non-negative integer label
        per row, or ``random_state`` is ``None``.

    References
    ----------
    Ross (2014), `ross2014` in the book's references (the estimator).
    Kraskov, Stögbauer & Grassberger (2004), `kraskov2004` in the book's references (KSG, the
    continuous-continuous estimator it builds on).

    Examples
    --------
    >>> X = np.c_[np.arange(40) % 2, np.zeros(40)]; y = np.arange(40) % 2
    >>> order, mi = mi_feature_ranking(X, y, random_state=0)
    >>> order.tolist(), bool(mi[0] > mi[1])
    ([0, 1], True)
    """
    from sklearn.feature_selection import mutual_info_classif

    X = as_finite(X, "X")
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D (samples, features), got shape {X.shape}")
    y = _labels(y, X.shape[0])
    if random_state is None:
        raise ValueError("random_state must be given (the estimator adds random jitter)")
    mi = mutual_info_classif(X, y, n_neighbors=n_neighbors, random_state=random_state)
    return rank_descending(mi), mi


def kept_feature_accuracy(X_train, y_train, X_test, y_test, columns) -> float:
    r"""Test accuracy of a logistic regression that sees only the given ``columns``.

    .. math:: \mathrm{acc} = \frac{1}{n_\text{test}} \sum_i \mathbf{1}[\hat y_i = y_i]

    Fits scikit-learn's ``LogisticRegression(max_iter=1000)`` on one thread (small fits run
    fastest that way). Unitless, in [0, 1].

    Parameters
    ----------
    X_train, X_test : array_like, shape (n, n_features)
        Training and test features, finite, with the same columns.
    y_train, y_test : array_like of int, shape (n,)
        Non-negative integer class labels, one per row.
    columns : array_like of int
        Indices of the columns to keep, at least one.

    Returns
    -------
    float
        The fraction of test rows classified correctly.

    Raises
    ------
    TypeError
        If the labels or ``columns`` are not numbers.
    ValueError
        If the feature arrays are not 2-D with the same columns or contain NaN or inf, the
        labels do not match the rows, or ``columns`` is empty or out of range.

    Examples
    --------
    >>> X = np.c_[np.arange(40) % 2, np.zeros(40)]; y = np.arange(40) % 2
    >>> kept_feature_accuracy(X, y, X, y, [0]), kept_feature_accuracy(X, y, X, y, [1])
    (1.0, 0.5)
    """
    from sklearn.linear_model import LogisticRegression
    from threadpoolctl import threadpool_limits

    X_train, X_test = as_finite(X_train, "X_train"), as_finite(X_test, "X_test")
    if X_train.ndim != 2 or X_test.ndim != 2 or X_train.shape[1] != X_test.shape[1]:
        raise ValueError(f"X_train and X_test must be 2-D with the same columns, got "
                         f"{X_train.shape} and {X_test.shape}")
    y_train, y_test = _labels(y_train, len(X_train), "y_train"), _labels(y_test, len(X_test), "y_test")
    cols = as_symbols(np.ravel(columns), "columns", X_train.shape[1], min_length=1)
    with threadpool_limits(limits=1):
        clf = LogisticRegression(max_iter=1000).fit(X_train[:, cols], y_train)
        return float(clf.score(X_test[:, cols], y_test))


def prune_units(model: nn.Sequential, layer: int, units) -> nn.Sequential:
    r"""A copy of ``model`` with hidden ``units`` of the ``Linear`` layer ``model[layer]`` removed.

    .. math:: W^{(l)}_{u,\cdot} = 0, \quad b^{(l)}_u = 0, \quad W^{(l+1)}_{\cdot,u} = 0
              \qquad \text{for every removed unit } u

    The removed units contribute nothing downstream. The original model is left untouched.

    Parameters
    ----------
    model : torch.nn.Sequential
        A network of ``Linear`` layers (and activations).
    layer : int
        Index in ``model`` of a hidden ``Linear`` layer (not the last one).
    units : array_like of int
        The units (output rows of ``model[layer]``) to remove.

    Returns
    -------
    torch.nn.Sequential
        The pruned copy.

    Raises
    ------
    TypeError
        If ``units`` is not numbers.
    ValueError
        If ``model`` is not an ``nn.Sequential``, ``layer`` does not index a hidden ``Linear``
        layer, or ``units`` is out of range.

    References
    ----------
    LeCun, Denker & Solla (1990), `lecun1990` in the book's references.

    Examples
    --------
    >>> net = nn.Sequential(nn.Linear(3, 4), nn.ReLU(), nn.Linear(4, 2))
    >>> pruned = prune_units(net, 0, [1, 3])
    >>> pruned[2].weight[:, [1, 3]].abs().sum().item(), pruned[0].bias[[1, 3]].abs().sum().item()
    (0.0, 0.0)
    """
    if not isinstance(model, nn.Sequential):
        raise ValueError(f"model must be an nn.Sequential, got {type(model).__name__}")
    linear_idx = [i for i, m in enumerate(model) if isinstance(m, nn.Linear)]
    if layer not in linear_idx or layer == linear_idx[-1]:
        raise ValueError(f"layer must index a hidden Linear layer of model, one of "
                         f"{linear_idx[:-1]}, got {layer!r}")
    nxt = next(i for i in linear_idx if i > layer)
    width = model[layer].out_features
    units = as_symbols(np.ravel(units), "units", width)
    pruned = copy.deepcopy(model)
    idx = torch.as_tensor(units, device=pruned[layer].weight.device)
    with torch.no_grad():
        pruned[layer].weight[idx] = 0.0
        if pruned[layer].bias is not None:
            pruned[layer].bias[idx] = 0.0
        pruned[nxt].weight[:, idx] = 0.0
    return pruned


def quantize_uniform(w, bits: int):
    r"""Uniform quantiser with :math:`2^b` levels spread evenly over ``[w.min(), w.max()]``.

    .. math:: \Delta = \frac{\max w - \min w}{2^b - 1}, \qquad
              c_i = \operatorname{round}\!\Big(\frac{w_i - \min w}{\Delta}\Big), \qquad
              \hat w_i = \min w + c_i \Delta

    so :math:`|w_i - \hat w_i| \le \Delta / 2`. Storing the codes takes ``bits`` bits per entry
    plus the two range endpoints.

    Parameters
    ----------
    w : array_like
        Finite weights, any shape.
    bits : int
        Bits per entry, in [1, 32].

    Returns
    -------
    w_hat : ndarray, same shape as ``w``
        The dequantised weights.
    codes : ndarray of int64, same shape as ``w``
        Integer codes in ``0 .. 2**bits - 1``.
    step : float
        :math:`\Delta` (0 for a constant array).

    Raises
    ------
    TypeError
        If ``bits`` is not an integer.
    ValueError
        If ``w`` is empty or contains NaN or inf, or ``bits`` is outside [1, 32].

    References
    ----------
    Han, Mao & Dally (2016), `han2016` in the book's references.

    Examples
    --------
    >>> w_hat, codes, step = quantize_uniform([-1.0, -0.1, 0.2, 1.0], 2)
    >>> codes.tolist(), w_hat.round(3).tolist(), round(step, 3)
    ([0, 1, 2, 3], [-1.0, -0.333, 0.333, 1.0], 0.667)
    """
    w = as_finite(w, "w")
    bits = check_int(bits, "bits", 1, high=32, type_error=True)
    lo, hi = float(w.min()), float(w.max())
    if hi == lo:
        return w.copy(), np.zeros(w.shape, dtype=np.int64), 0.0
    step = (hi - lo) / (2 ** int(bits) - 1)
    codes = np.rint((w - lo) / step).astype(np.int64)
    return lo + codes * step, codes, step


def data_code_length(logits, y, base=None) -> float:
    r"""Code length of the labels ``y`` under the model's predictive distribution.

    .. math:: L(\mathcal D \mid \theta) = -\sum_{n} \log p_\theta(y_n \mid x_n)

    the summed (not averaged) cross-entropy: what an arithmetic coder driven by the model would
    spend on the labels, to within 2 bits (plus at most 7 of byte rounding). Computed from logits
    with a stable log-softmax.
    Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    logits : array_like, shape (n_samples, n_classes)
        Finite logits.
    y : array_like of int, shape (n_samples,)
        Class labels in ``0 .. n_classes - 1``.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`L(\mathcal D \mid \theta)` in nats, or in units of ``base``.

    Raises
    ------
    TypeError
        If ``y`` is not numbers.
    ValueError
        If ``logits`` is not 2-D or contains NaN or inf, ``y`` does not hold one label in range
        per row, or ``base`` is invalid.

    References
    ----------
    Rissanen (1978), `rissanen1978` in the book's references.
    Grünwald (2007), `grunwald2007` in the book's references.

    Examples
    --------
    >>> data_code_length([[0.0, 0.0], [0.0, 0.0]], [0, 1], base=2)  # two fair coin flips
    2.0
    """
    div = log_base(base)
    z = as_finite(logits, "logits")
    if z.ndim != 2:
        raise ValueError(f"logits must be 2-D (samples, classes), got shape {z.shape}")
    y = as_symbols(y, "y", z.shape[1], length=z.shape[0], min_length=1)
    logp = log_softmax(z, axis=1)[np.arange(len(y)), y]
    return float(-logp.sum() / div)
