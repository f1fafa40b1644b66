r"""Cross-entropy losses in NumPy, from probabilities and (stably) from logits.

Reductions follow PyTorch: ``"mean"`` averages the per-example losses (for the
categorical loss, the per-row sum over classes is averaged over rows), ``"sum"``
adds them, ``"none"`` returns them. Unit: nats.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.special import log_expit, logsumexp, xlogy

from ._validation import as_array, as_finite, log_base, same_shape

__all__ = [
    "binary_cross_entropy",
    "binary_cross_entropy_with_logits",
    "categorical_cross_entropy",
    "categorical_cross_entropy_with_logits",
    "perplexity",
]

_REDUCTIONS = ("mean", "sum", "none")


def _reduce(losses: np.ndarray, reduction: str):
    if reduction == "mean":
        return float(losses.mean())
    if reduction == "sum":
        return float(losses.sum())
    return losses


def _check_reduction(reduction) -> None:
    if reduction not in _REDUCTIONS:
        raise ValueError(f"reduction must be one of {_REDUCTIONS}, got {reduction!r}")


def _in_unit_interval(x, name: str) -> np.ndarray:
    arr = as_finite(x, name)
    if arr.min() < 0 or arr.max() > 1:
        raise ValueError(f"{name} must lie in [0, 1], got values in [{arr.min():.3g}, {arr.max():.3g}]")
    return arr


def binary_cross_entropy(y, p, reduction: str = "mean"):
    r"""Binary cross-entropy from predicted probabilities.

    .. math:: \ell(y, p) = -\big[y \log p + (1 - y) \log (1 - p)\big]

    No ``eps`` clamp: a confident wrong prediction (``p = 0`` with ``y = 1``) costs ``inf``.
    Prefer :func:`binary_cross_entropy_with_logits` when you have logits. Unit: nats.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1].
    p : array_like, same shape as ``y``
        Predicted probabilities of class 1, in [0, 1].
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-example losses, ``"sum"`` adds them, ``"none"`` returns them.

    Returns
    -------
    float or ndarray
        The loss in nats: a float for ``"mean"`` and ``"sum"``, the per-example losses
        (an array) for ``"none"``.

    Raises
    ------
    ValueError
        If ``reduction`` is unknown; if ``y`` or ``p`` is empty, not numeric, contains NaN or
        inf, or lies outside [0, 1]; or if their shapes differ.

    References
    ----------
    Goodfellow, Bengio & Courville (2016), `goodfellow2016` in the book's references.

    Examples
    --------
    >>> round(binary_cross_entropy([1, 0], [0.9, 0.2]), 4)
    0.1643
    """
    _check_reduction(reduction)
    y = _in_unit_interval(y, "y")
    p = _in_unit_interval(p, "p")
    same_shape(y, p, ("y", "p"))
    losses = -(xlogy(y, p) + xlogy(1 - y, 1 - p))
    return _reduce(losses, reduction)


def binary_cross_entropy_with_logits(y, z, reduction: str = "mean"):
    r"""Binary cross-entropy from logits :math:`z` (:math:`p = \sigma(z)`), exact for any finite z.

    .. math:: \ell(y, z) = -\big[y \log \sigma(z) + (1 - y) \log \sigma(-z)\big]
              = \max(z, 0) - y z + \log\big(1 + e^{-|z|}\big)

    Matches ``torch.nn.functional.binary_cross_entropy_with_logits``. Unit: nats.

    Parameters
    ----------
    y : array_like
        Targets in [0, 1].
    z : array_like, same shape as ``y``
        Finite logits.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-example losses, ``"sum"`` adds them, ``"none"`` returns them.

    Returns
    -------
    float or ndarray
        The loss in nats: a float for ``"mean"`` and ``"sum"``, the per-example losses
        (an array) for ``"none"``.

    Raises
    ------
    ValueError
        If ``reduction`` is unknown; if ``y`` lies outside [0, 1]; if ``y`` or ``z`` is empty,
        not numeric or contains NaN or inf; or if their shapes differ.

    References
    ----------
    Goodfellow, Bengio & Courville (2016), `goodfellow2016` in the book's references.

    Examples
    --------
    >>> round(binary_cross_entropy_with_logits([0.0], [1000.0]), 1)  # sigmoid(1000) rounds to 1
    1000.0
    """
    _check_reduction(reduction)
    y = _in_unit_interval(y, "y")
    z = as_finite(z, "z")
    same_shape(y, z, ("y", "z"))
    losses = -(y * log_expit(z) + (1 - y) * log_expit(-z))
    return _reduce(losses, reduction)


def _targets(y, n_classes: int, name: str = "y") -> np.ndarray:
    """Integer labels (N,) become one-hot rows; probability rows (N, K) are checked."""
    arr = as_array(y, name)
    if arr.ndim == 1:
        if not np.all(arr == np.round(arr)) or arr.min() < 0 or arr.max() >= n_classes:
            raise ValueError(f"{name} as labels must be integers in [0, {n_classes - 1}]")
        return np.eye(n_classes)[arr.astype(int)]
    arr = _in_unit_interval(arr, name)
    if arr.ndim != 2 or not np.allclose(arr.sum(axis=1), 1.0, rtol=0, atol=1e-6):
        raise ValueError(f"{name} must be integer labels (N,) or rows of probabilities (N, K) summing to 1")
    return arr


def categorical_cross_entropy(y, p, reduction: str = "mean"):
    r"""Categorical cross-entropy from predicted class probabilities ``p`` of shape (N, K).

    .. math:: \ell_n = -\sum_k y_{nk} \log p_{nk}

    With ``reduction="mean"`` the per-row losses are averaged over the N rows. Unit: nats.

    Parameters
    ----------
    y : array_like, shape (N,) or (N, K)
        Integer labels in ``0 .. K-1``, or target rows of probabilities summing to 1.
    p : array_like, shape (N, K)
        Predicted probabilities, rows summing to 1 (within 1e-6).
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-example losses, ``"sum"`` adds them, ``"none"`` returns them.

    Returns
    -------
    float or ndarray
        The loss in nats: a float for ``"mean"`` and ``"sum"``, the per-example losses
        (an array) for ``"none"``.

    Raises
    ------
    ValueError
        If ``reduction`` is unknown; if ``p`` is not 2-D, lies outside [0, 1] or has rows that
        do not sum to 1; if ``y`` holds labels that are not integers in ``0 .. K-1`` or rows
        that are not probabilities; or if the shapes do not match.

    References
    ----------
    Goodfellow, Bengio & Courville (2016), `goodfellow2016` in the book's references.

    Examples
    --------
    >>> round(categorical_cross_entropy([0, 1], [[0.8, 0.2], [0.4, 0.6]]), 4)
    0.367
    """
    _check_reduction(reduction)
    p = _in_unit_interval(p, "p")
    if p.ndim != 2:
        raise ValueError(f"p must be a 2-D array (N, K), got shape {p.shape}")
    if not np.allclose(p.sum(axis=1), 1.0, rtol=0, atol=1e-6):
        raise ValueError("p must have rows that sum to 1")
    y = _targets(y, p.shape[1])
    same_shape(y, p, ("y", "p"))
    losses = -xlogy(y, p).sum(axis=1)
    return _reduce(losses, reduction)


def categorical_cross_entropy_with_logits(y, z, reduction: str = "mean"):
    r"""Categorical cross-entropy from logits ``z`` of shape (N, K), via log-sum-exp.

    .. math:: \ell_n = -\sum_k y_{nk} \Big(z_{nk} - \log \sum_j e^{z_{nj}}\Big)

    Exact for any finite logits. Matches ``torch.nn.functional.cross_entropy``. Unit: nats.

    Parameters
    ----------
    y : array_like, shape (N,) or (N, K)
        Integer labels in ``0 .. K-1``, or target rows of probabilities summing to 1.
    z : array_like, shape (N, K)
        Finite logits.
    reduction : {"mean", "sum", "none"}, default "mean"
        ``"mean"`` averages the per-example losses, ``"sum"`` adds them, ``"none"`` returns them.

    Returns
    -------
    float or ndarray
        The loss in nats: a float for ``"mean"`` and ``"sum"``, the per-example losses
        (an array) for ``"none"``.

    Raises
    ------
    ValueError
        If ``reduction`` is unknown; if ``z`` is not 2-D or contains NaN or inf; if ``y`` is
        not valid labels or probability rows; or if the shapes do not match.

    References
    ----------
    Goodfellow, Bengio & Courville (2016), `goodfellow2016` in the book's references.

    Examples
    --------
    >>> round(categorical_cross_entropy_with_logits([0], [[1000.0, 0.0]]), 6)
    0.0
    """
    _check_reduction(reduction)
    z = as_finite(z, "z")
    if z.ndim != 2:
        raise ValueError(f"z must be a 2-D array (N, K), got shape {z.shape}")
    y = _targets(y, z.shape[1])
    same_shape(y, z, ("y", "z"))
    log_p = z - logsumexp(z, axis=1, keepdims=True)
    losses = -(y * log_p).sum(axis=1)
    return _reduce(losses, reduction)


def perplexity(cross_entropy, base=None) -> float:
    r"""Perplexity from a per-token cross-entropy.

    .. math:: \mathrm{PPL} = e^{H} \ \text{(H in nats)} = 2^{H} \ \text{(H in bits)}

    Unitless (an effective number of equally likely choices).

    Parameters
    ----------
    cross_entropy : float
        Per-token cross-entropy :math:`H \ge 0`, in nats or in units of ``base``.
    base : float or None, optional
        The unit ``cross_entropy`` is given in: ``None`` (default) for nats, ``2`` for bits.

    Returns
    -------
    float
        :math:`b^{H}` for ``base`` :math:`b` (:math:`e^H` for nats).

    Raises
    ------
    ValueError
        If ``cross_entropy`` is not a finite non-negative number, or ``base`` is invalid.

    References
    ----------
    Chen & Goodman (1999), `chen1999` in the book's references.

    Examples
    --------
    >>> round(perplexity(1.0, base=2), 6)
    2.0
    """
    h = float(cross_entropy)
    if not math.isfinite(h) or h < 0:
        raise ValueError(f"cross_entropy must be a finite non-negative number, got {cross_entropy!r}")
    return math.exp(h * log_base(base))
