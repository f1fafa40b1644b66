r"""Pruning and compression: rank features and hidden units by mutual information,
quantise weights, and count description lengths.

* :func:`rank_descending` and :func:`mi_feature_ranking` rank features by their mutual
  information with the label (scikit-learn's k-NN estimator, in **nats**);
* :func:`binned_unit_mi` scores hidden units by the plug-in MI between their binned
  activations and the label (a count table fed to :func:`itml.measures.mutual_information`);
* :func:`prune_units` zeroes hidden units of a small PyTorch MLP;
* :func:`quantize_uniform`, :func:`empirical_entropy_bits` and :func:`data_code_length_bits`
  are the pieces of a two-part (MDL) code: bits for the weights plus bits for the labels.
"""

from __future__ import annotations

import copy

import numpy as np
import torch
from scipy.special import log_softmax
from torch import nn

from ._validation import as_finite
from .measures import entropy, mutual_information

__all__ = [
    "rank_descending",
    "mi_feature_ranking",
    "kept_feature_accuracy",
    "bin_equal_width",
    "binned_unit_mi",
    "prune_units",
    "quantize_uniform",
    "empirical_entropy_bits",
    "data_code_length_bits",
]


def _labels(y, n: int | None = None, name: str = "y") -> np.ndarray:
    arr = np.asarray(y)
    if arr.ndim != 1 or arr.size == 0:
        raise ValueError(f"{name} must be a non-empty 1-D array of class labels, got shape {arr.shape}")
    if not np.issubdtype(arr.dtype, np.integer):
        raise ValueError(f"{name} must hold integer class labels, got dtype {arr.dtype}")
    if arr.min() < 0:
        raise ValueError(f"{name} must hold non-negative class labels, got min {arr.min()}")
    if n is not None and arr.shape[0] != n:
        raise ValueError(f"{name} must have one label per row ({n}), got {arr.shape[0]}")
    return arr


def rank_descending(scores) -> np.ndarray:
    r"""Indices that sort ``scores`` from largest to smallest; ties keep their original order.

    ``ranking[:k]`` are then the top ``k`` in order. (A popular snippet writes
    ``np.argsort(scores)[-k:]``: the right set, but in *ascending* order, smallest first.)

    >>> rank_descending([0.1, 0.7, 0.3, 0.7])
    array([1, 3, 2, 0])
    """
    s = as_finite(scores, "scores")
    if s.ndim != 1:
        raise ValueError(f"scores must be 1-D, got shape {s.shape}")
    return np.argsort(-s, kind="stable")


def mi_feature_ranking(X, y, *, random_state, n_neighbors: int = 3):
    r"""Rank the columns of ``X`` by their estimated mutual information with the label ``y``.

    .. math:: \hat I(X_j; Y), \quad j = 1, \dots, d

    Wraps ``sklearn.feature_selection.mutual_info_classif`` (a k-NN estimator in the
    spirit of Kraskov et al. for continuous features, in **nats**). That estimator adds a
    little random noise to the features and clips negative estimates to 0, so pass
    ``random_state`` for a reproducible ranking. Returns ``(ranking, mi)``: the column
    indices from most to least informative and the estimates in nats.

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
    """Test accuracy of a logistic regression that sees only the given ``columns``.

    Fits scikit-learn's ``LogisticRegression(max_iter=1000)`` on one thread (small fits
    run fastest that way) and returns the fraction of test rows classified correctly.

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
    cols = np.asarray(columns, dtype=np.int64).ravel()
    if cols.size == 0 or cols.min() < 0 or cols.max() >= X_train.shape[1]:
        raise ValueError(f"columns must be a non-empty list of indices in 0..{X_train.shape[1] - 1}")
    with threadpool_limits(limits=1):
        clf = LogisticRegression(max_iter=1000).fit(X_train[:, cols], y_train)
        return float(clf.score(X_test[:, cols], y_test))


def bin_equal_width(a, n_bins: int) -> np.ndarray:
    r"""Discretise each column of ``a`` into ``n_bins`` equal-width bins over its own range.

    Returns integer bin indices in ``0 .. n_bins - 1`` with the shape of ``a``; a constant
    column (a dead ReLU unit) falls entirely into bin 0.

    >>> bin_equal_width([[0.0], [0.5], [1.0]], 2).ravel().tolist()
    [0, 1, 1]
    """
    a = as_finite(a, "a")
    if not isinstance(n_bins, (int, np.integer)) or n_bins < 1:
        raise ValueError(f"n_bins must be a positive integer, got {n_bins!r}")
    lo, hi = a.min(axis=0), a.max(axis=0)
    width = np.where(hi > lo, hi - lo, 1.0)
    return np.clip(((a - lo) / width * n_bins).astype(np.int64), 0, n_bins - 1)


def binned_unit_mi(activations, y, n_bins: int = 10, base=None) -> np.ndarray:
    r"""Plug-in mutual information between each binned activation column and the label.

    .. math:: \hat I(A_j; Y) = \sum_{a, y} \hat p(a, y) \log \frac{\hat p(a, y)}{\hat p(a)\,\hat p(y)}

    with :math:`\hat p` the relative frequencies of the ``n_bins`` equal-width bins of
    column ``j`` and the labels. The plug-in estimate is biased *upward* when the count
    table has few samples per cell (Paninski, 2003); compare units with the same ``n_bins``
    and sample size. Unit: nats by default, or units of ``base``.

    >>> acts = np.array([[0.0, 1.0], [0.0, 1.0], [1.0, 1.0], [1.0, 1.0]])
    >>> binned_unit_mi(acts, np.array([0, 0, 1, 1]), n_bins=2, base=2).tolist()
    [1.0, 0.0]
    """
    a = as_finite(activations, "activations")
    if a.ndim != 2:
        raise ValueError(f"activations must be 2-D (samples, units), got shape {a.shape}")
    y = _labels(y, a.shape[0])
    codes = bin_equal_width(a, n_bins)
    n_classes = int(y.max()) + 1
    out = np.empty(a.shape[1])
    for j in range(a.shape[1]):
        counts = np.bincount(codes[:, j] * n_classes + y, minlength=n_bins * n_classes)
        out[j] = mutual_information(counts.reshape(n_bins, n_classes) / len(y), base=base)
    return out


def prune_units(model: nn.Sequential, layer: int, units) -> nn.Sequential:
    """A copy of ``model`` with hidden ``units`` of the ``Linear`` layer ``model[layer]`` removed.

    Removing a unit zeroes its incoming weights and bias and its outgoing weights (the
    next ``Linear`` layer's column), so it contributes nothing downstream. The original
    model is left untouched.

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
    units = np.asarray(units, dtype=np.int64).ravel()
    if units.size and (units.min() < 0 or units.max() >= width):
        raise ValueError(f"units must lie in 0..{width - 1}, got values in "
                         f"[{units.min()}, {units.max()}]")
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

    so :math:`|w_i - \hat w_i| \le \Delta / 2`. Returns ``(w_hat, codes, step)``: the
    dequantised array (same shape as ``w``), the integer codes in ``0 .. 2**bits - 1`` and
    :math:`\Delta` (0 for a constant array). Storing the codes takes ``bits`` bits per entry
    plus the two range endpoints.

    >>> w_hat, codes, step = quantize_uniform([-1.0, -0.1, 0.2, 1.0], 2)
    >>> codes.tolist(), w_hat.round(3).tolist(), round(step, 3)
    ([0, 1, 2, 3], [-1.0, -0.333, 0.333, 1.0], 0.667)
    """
    w = as_finite(w, "w")
    if not isinstance(bits, (int, np.integer)) or not 1 <= bits <= 32:
        raise ValueError(f"bits must be an integer in 1..32, got {bits!r}")
    lo, hi = float(w.min()), float(w.max())
    if hi == lo:
        return w.copy(), np.zeros(w.shape, dtype=np.int64), 0.0
    step = (hi - lo) / (2 ** int(bits) - 1)
    codes = np.rint((w - lo) / step).astype(np.int64)
    return lo + codes * step, codes, step


def empirical_entropy_bits(codes) -> float:
    r"""Total bits to code a sequence of symbols with its own empirical frequencies.

    .. math:: L = n \, \hat H = -\sum_s n_s \log_2 \frac{n_s}{n}

    (ignoring the cost of sending the frequency table). This is at most ``n * bits`` for
    codes with ``2**bits`` possible values, less when some values are much more common.
    Unit: bits.

    >>> empirical_entropy_bits([0, 0, 1, 1])
    4.0
    >>> empirical_entropy_bits([3, 3, 3])
    0.0
    """
    c = np.asarray(codes).ravel()
    if c.size == 0:
        raise ValueError("codes is empty")
    if not np.issubdtype(c.dtype, np.integer):
        raise ValueError(f"codes must hold integers, got dtype {c.dtype}")
    _, counts = np.unique(c, return_counts=True)
    return float(c.size * entropy(counts / c.size, base=2))


def data_code_length_bits(logits, y) -> float:
    r"""Bits to code the labels ``y`` with the model's predictive distribution.

    .. math:: L(\mathcal D \mid \theta) = -\sum_{n} \log_2 p_\theta(y_n \mid x_n)

    the summed (not averaged) cross-entropy in bits: what an arithmetic coder driven by
    the model would spend on the labels, to within 2 bits. Computed from logits with a
    stable log-softmax. Unit: bits.

    >>> data_code_length_bits([[0.0, 0.0], [0.0, 0.0]], [0, 1])  # two fair coin flips
    2.0
    """
    z = as_finite(logits, "logits")
    if z.ndim != 2:
        raise ValueError(f"logits must be 2-D (samples, classes), got shape {z.shape}")
    y = _labels(y, z.shape[0])
    if y.max() >= z.shape[1]:
        raise ValueError(f"y must lie in 0..{z.shape[1] - 1}, got max {y.max()}")
    logp = log_softmax(z, axis=1)[np.arange(len(y)), y]
    return float(-logp.sum() / np.log(2.0))
