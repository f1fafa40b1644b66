r"""Calibration of probabilistic classifiers (NumPy): reliability curves, ECE, scoring rules, temperature scaling.

A forecaster is *calibrated* when, among all the cases to which it gives probability
:math:`c`, the event happens with frequency :math:`c`. The functions take one of two
kinds of input, as scikit-learn and Kumar et al. (2019) do:

* ``probs`` of shape ``(n,)``: the probability of a binary event, with ``labels`` in
  {0, 1} (1 = the event happened), e.g. :math:`P(y = 1 \mid x)` of a binary classifier;
* ``probs`` of shape ``(n, K)``: rows of class probabilities that sum to 1, with integer
  ``labels`` in ``0 .. K-1``. The reliability curve and the ECE then look at the *top label*
  (:func:`top_label`): the forecast is the confidence :math:`\max_k p_k`, the event is "the
  arg-max class is right", as in Guo et al. (2017). The Brier score and its decomposition
  sum over the K classes.

Units: the log score and the focal loss are in nats (``base=2`` gives bits); the Brier
score, the spherical score and the ECE are probabilities (unitless). Every score here is a
loss: lower is better. Bad input raises ``TypeError`` (wrong type) or ``ValueError`` (wrong
value), naming the argument.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
from scipy.optimize import brentq
from scipy.special import softmax

from . import losses
from ._validation import (
    SUM_TOL,
    as_distribution,
    as_finite,
    check_int,
    check_number,
    log_base,
)
from .losses import _REDUCTIONS, _reduce

__all__ = [
    "top_label",
    "reliability_curve",
    "ReliabilityCurve",
    "ece",
    "brier_score",
    "brier_decomposition",
    "BrierDecomposition",
    "log_score",
    "spherical_score",
    "focal_loss",
    "fit_temperature",
    "prior_shift",
]

_STRATEGIES = ("uniform", "quantile")
_NORMS = ("l1", "l2")


# --- input checks -----------------------------------------------------------------------------

def _choice(value, name: str, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise TypeError(f"{name} must be a string, one of {choices}, got {type(value).__name__}")
    if value not in choices:
        raise ValueError(f"{name} must be one of {choices}, got {value!r}")
    return value


def _check_bool(value, name: str) -> bool:
    if not isinstance(value, (bool, np.bool_)):
        raise TypeError(f"{name} must be True or False, got {type(value).__name__} {value!r}")
    return bool(value)


def _check_probs(probs, name: str = "probs") -> np.ndarray:
    p = as_finite(probs, name, type_error=True)
    if p.ndim not in (1, 2):
        raise ValueError(f"{name} must have shape (n,) or (n, K), got shape {p.shape}")
    if p.min() < 0 or p.max() > 1:
        raise ValueError(f"{name} must lie in [0, 1], got values in [{p.min():.3g}, {p.max():.3g}]")
    if p.ndim == 2:
        if p.shape[1] < 2:
            raise ValueError(f"{name} must have at least 2 columns (classes), got shape {p.shape}")
        off = np.abs(p.sum(axis=1) - 1.0)
        if off.max() > SUM_TOL:
            i = int(off.argmax())
            raise ValueError(f"{name} rows must sum to 1 (within {SUM_TOL:g}); row {i} sums to "
                             f"{p[i].sum():.8g}")
    return p


def _check_labels(labels, n: int, n_classes: int, name: str = "labels") -> np.ndarray:
    y = as_finite(labels, name, type_error=True)
    if y.ndim != 1 or y.shape[0] != n:
        raise ValueError(f"{name} must be 1-D with one label per row ({n}), got shape {y.shape}")
    if not np.all(y == np.round(y)):
        raise ValueError(f"{name} must be integers")
    if y.min() < 0 or y.max() > n_classes - 1:
        raise ValueError(f"{name} must lie in 0..{n_classes - 1}, got values in "
                         f"[{y.min():g}, {y.max():g}]")
    return y.astype(np.int64)


def _inputs(probs, labels) -> tuple[np.ndarray, np.ndarray]:
    p = _check_probs(probs)
    y = _check_labels(labels, p.shape[0], 2 if p.ndim == 1 else p.shape[1])
    return p, y


def _event(p: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """The forecast and the binary outcome: the event itself (1-D) or the top label (2-D)."""
    if p.ndim == 1:
        return p, y.astype(float)
    return p.max(axis=1), (p.argmax(axis=1) == y).astype(float)


def _bin_ids(f: np.ndarray, n_bins: int, strategy: str) -> tuple[np.ndarray, np.ndarray]:
    if strategy == "uniform":
        edges = np.linspace(0.0, 1.0, n_bins + 1)
    else:
        edges = np.percentile(f, np.linspace(0.0, 100.0, n_bins + 1))
    # right-closed bins (a, b] (the first one [0, b]), as scikit-learn's calibration_curve
    return np.searchsorted(edges[1:-1], f), edges


def _true_class_prob(p: np.ndarray, y: np.ndarray) -> np.ndarray:
    if p.ndim == 1:
        return np.where(y == 1, p, 1.0 - p)
    return p[np.arange(len(y)), y]


# --- reliability and ECE ----------------------------------------------------------------------

class ReliabilityCurve(NamedTuple):
    """A reliability curve: one entry per non-empty bin, and the edges of all bins."""

    confidence: np.ndarray
    """The mean forecast in each non-empty bin."""
    frequency: np.ndarray
    """The observed frequency of the event (the accuracy, for the top label) in each non-empty bin."""
    count: np.ndarray
    """The number of forecasts in each non-empty bin."""
    edges: np.ndarray
    """The ``n_bins + 1`` bin edges (for ``"quantile"``, percentiles of the forecasts)."""


def top_label(probs, labels) -> tuple[np.ndarray, np.ndarray]:
    r"""The top-label forecast of a classifier: its confidence and whether its arg-max is right.

    .. math:: c_i = \max_k p_{ik}, \qquad o_i = \mathbb 1\big[\arg\max_k p_{ik} = y_i\big]

    The top label turns a K-class forecast into a binary one, to which a reliability curve,
    the ECE or :func:`brier_decomposition` apply. (Ties go to the first class, as ``argmax``.)

    Parameters
    ----------
    probs : ``array_like, shape (n, K)``
        Rows of class probabilities that sum to 1.
    labels : ``array_like, shape (n,)``
        The true classes, integers in ``0 .. K-1``.

    Returns
    -------
    confidence : ``ndarray, shape (n,)``
        The largest probability of each row.
    correct : ``ndarray, shape (n,)``
        1.0 where the arg-max is the true class, else 0.0.

    Raises
    ------
    TypeError
        If ``probs`` or ``labels`` is not numbers.
    ValueError
        If ``probs`` is not 2-D, has NaN, entries outside [0, 1] or rows that do not sum to 1,
        or if ``labels`` are not integers in range, one per row.

    References
    ----------
    C. Guo, G. Pleiss, Y. Sun and K. Q. Weinberger, "On calibration of modern neural
    networks", ICML 2017.

    Examples
    --------
    >>> conf, correct = top_label([[0.7, 0.2, 0.1], [0.4, 0.5, 0.1]], [0, 0])
    >>> conf.tolist(), correct.tolist()
    ([0.7, 0.5], [1.0, 0.0])
    """
    p, y = _inputs(probs, labels)
    if p.ndim != 2:
        raise ValueError(f"probs must be 2-D (n, K) for the top label, got shape {p.shape}")
    return _event(p, y)


def _curve(f: np.ndarray, o: np.ndarray, n_bins: int, strategy: str) -> ReliabilityCurve:
    ids, edges = _bin_ids(f, n_bins, strategy)
    count = np.bincount(ids, minlength=n_bins)
    keep = count > 0
    sum_f = np.bincount(ids, weights=f, minlength=n_bins)[keep]
    sum_o = np.bincount(ids, weights=o, minlength=n_bins)[keep]
    return ReliabilityCurve(sum_f / count[keep], sum_o / count[keep], count[keep], edges)


def reliability_curve(probs, labels, n_bins: int = 15, strategy: str = "uniform") -> ReliabilityCurve:
    r"""The reliability curve: mean forecast against observed frequency, bin by bin.

    The forecasts :math:`f_i` (the probabilities for 1-D ``probs``, the top-label confidences
    for 2-D) are grouped into bins :math:`B_1, \dots, B_M`; for each non-empty bin

    .. math:: \mathrm{conf}(B_m) = \frac{1}{|B_m|}\sum_{i \in B_m} f_i, \qquad
              \mathrm{freq}(B_m) = \frac{1}{|B_m|}\sum_{i \in B_m} o_i .

    A calibrated forecaster has :math:`\mathrm{freq} \approx \mathrm{conf}` in every bin.
    ``strategy="uniform"`` uses M equal-width bins :math:`((m-1)/M, m/M]`;
    ``"quantile"`` uses equal-mass bins whose edges are percentiles of the forecasts.
    For 1-D input the result equals ``sklearn.calibration.calibration_curve`` (which returns
    ``(frequency, confidence)``). Unitless (probabilities).

    Parameters
    ----------
    probs : ``array_like, shape (n,) or (n, K)``
        Event probabilities (1-D) or rows of class probabilities (2-D).
    labels : ``array_like, shape (n,)``
        Outcomes in {0, 1} (1-D ``probs``) or true classes in ``0 .. K-1`` (2-D).
    n_bins : ``int, default 15``
        The number of bins M (15 as in Guo et al. 2017).
    strategy : ``{"uniform", "quantile"}, default "uniform"``
        Equal-width or equal-mass bins.

    Returns
    -------
    ReliabilityCurve
        ``(confidence, frequency, count, edges)``: the first three per non-empty bin.

    Raises
    ------
    TypeError
        If an argument has the wrong type (``n_bins`` not an integer, ``strategy`` not a string).
    ValueError
        For invalid probabilities or labels (see :func:`top_label`), ``n_bins < 1`` or a bool,
        or an unknown ``strategy``.

    References
    ----------
    A. Niculescu-Mizil and R. Caruana, "Predicting good probabilities with supervised
    learning", ICML 2005. C. Guo et al., "On calibration of modern neural networks", ICML 2017.

    Examples
    --------
    >>> curve = reliability_curve([0.1, 0.2, 0.8, 0.9], [0, 1, 1, 1], n_bins=2)
    >>> curve.confidence.round(3).tolist(), curve.frequency.tolist(), curve.count.tolist()
    ([0.15, 0.85], [0.5, 1.0], [2, 2])
    """
    n_bins = check_int(n_bins, "n_bins", type_error=True)
    _choice(strategy, "strategy", _STRATEGIES)
    f, o = _event(*_inputs(probs, labels))
    return _curve(f, o, n_bins, strategy)


def ece(probs, labels, n_bins: int = 15, strategy: str = "uniform", norm: str = "l1",
        debias: bool = False) -> float:
    r"""Expected calibration error: the bin-weighted gap between confidence and frequency.

    With the bins of :func:`reliability_curve`, :math:`n` forecasts and :math:`n_m` in bin m,

    .. math::

        \mathrm{ECE}_1 = \sum_m \frac{n_m}{n}\,\big|\mathrm{freq}(B_m) - \mathrm{conf}(B_m)\big|,
        \qquad
        \mathrm{ECE}_2 = \Big(\sum_m \frac{n_m}{n}\,\big(\mathrm{freq}(B_m) - \mathrm{conf}(B_m)\big)^2\Big)^{1/2}.

    Both plug-in estimates are biased upward: even a perfectly calibrated forecaster shows a
    gap in every bin, from the sampling noise of :math:`\mathrm{freq}(B_m)`, and more bins
    mean fewer forecasts per bin and more noise. ``debias=True`` (with ``norm="l2"``) subtracts
    the unbiased estimate of that noise, :math:`\bar o_m(1 - \bar o_m)/(n_m - 1)`, from each
    squared gap (Kumar, Liang and Ma 2019; bins with a single forecast count as 0) and returns
    :math:`\sqrt{\max(\cdot, 0)}`. The squared estimate before the root is unbiased for the
    binned squared error. Unitless (a probability).

    Parameters
    ----------
    probs : ``array_like, shape (n,) or (n, K)``
        Event probabilities (1-D) or rows of class probabilities (2-D, top label).
    labels : ``array_like, shape (n,)``
        Outcomes in {0, 1} (1-D ``probs``) or true classes in ``0 .. K-1`` (2-D).
    n_bins : ``int, default 15``
        The number of bins.
    strategy : ``{"uniform", "quantile"}, default "uniform"``
        Equal-width bins (the ECE of Naeini et al. 2015 and Guo et al. 2017) or equal-mass
        bins (the "adaptive" ECE of Nixon et al. 2019).
    norm : ``{"l1", "l2"}, default "l1"``
        The ECE (l1) or the root-mean-square calibration error (l2).
    debias : ``bool, default False``
        Subtract the sampling noise of each bin (``norm="l2"`` only).

    Returns
    -------
    float
        The calibration error, in [0, 1].

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        For invalid probabilities or labels, ``n_bins < 1`` or a bool, an unknown
        ``strategy`` or ``norm``, or ``debias=True`` with ``norm="l1"``.

    References
    ----------
    M. P. Naeini, G. F. Cooper and M. Hauskrecht, "Obtaining well calibrated probabilities
    using Bayesian binning", AAAI 2015. A. Kumar, P. Liang and T. Ma, "Verified uncertainty
    calibration", NeurIPS 2019. J. Nixon et al., "Measuring calibration in deep learning",
    CVPR Workshops 2019.

    Examples
    --------
    >>> probs = [0.2, 0.2, 0.2, 0.2, 0.2, 0.8, 0.8, 0.8, 0.8, 0.8]
    >>> labels = [0, 0, 0, 0, 1, 1, 1, 1, 1, 0]           # 1/5 and 4/5: calibrated
    >>> ece(probs, labels, n_bins=10)
    0.0
    >>> round(ece(probs, [0, 0, 0, 1, 1, 1, 1, 1, 1, 1], n_bins=10), 3)   # 0.5 * 0.2 + 0.5 * 0.2
    0.2
    """
    n_bins = check_int(n_bins, "n_bins", type_error=True)
    _choice(strategy, "strategy", _STRATEGIES)
    _choice(norm, "norm", _NORMS)
    if _check_bool(debias, "debias") and norm == "l1":
        raise ValueError("debias=True needs norm='l2': the debiased estimator is that of the "
                         "squared calibration error")
    f, o = _event(*_inputs(probs, labels))
    curve = _curve(f, o, n_bins, strategy)
    weight = curve.count / len(f)
    gap = curve.frequency - curve.confidence
    if norm == "l1":
        return float(np.sum(weight * np.abs(gap)))
    squared = gap**2
    if debias:
        many = curve.count > 1
        noise = curve.frequency * (1 - curve.frequency) / np.maximum(curve.count - 1, 1)
        squared = np.where(many, squared - noise, 0.0)
    return float(np.sqrt(max(float(np.sum(weight * squared)), 0.0)))


# --- the Brier score and its decomposition ----------------------------------------------------

class BrierDecomposition(NamedTuple):
    r"""Murphy's parts of the Brier score, plus the two within-bin terms that binning adds.

    ``total = reliability - resolution + uncertainty + within_bin_variance - within_bin_covariance``
    equals :func:`brier_score` exactly (up to rounding).
    """

    reliability: float
    r""":math:`\frac1n\sum_m n_m(\bar f_m - \bar o_m)^2`: miscalibration, 0 when calibrated."""
    resolution: float
    r""":math:`\frac1n\sum_m n_m(\bar o_m - \bar o)^2`: how far the groups' frequencies spread from the base rate."""
    uncertainty: float
    r""":math:`\bar o(1 - \bar o)`: the Brier score of always forecasting the base rate."""
    within_bin_variance: float = 0.0
    r""":math:`\frac1n\sum_i (f_i - \bar f_{m(i)})^2` (0 when the groups are distinct forecast values)."""
    within_bin_covariance: float = 0.0
    r""":math:`\frac2n\sum_i (f_i - \bar f_{m(i)})(o_i - \bar o_{m(i)})` (0 likewise)."""

    @property
    def total(self) -> float:
        """The Brier score that the parts add up to."""
        return (self.reliability - self.resolution + self.uncertainty
                + self.within_bin_variance - self.within_bin_covariance)


def brier_score(probs, labels, reduction: str = "mean"):
    r"""The Brier score: the mean squared distance between forecast and outcome.

    .. math::

        \mathrm{BS} = \frac1n \sum_i (p_i - o_i)^2 \quad\text{(1-D)}, \qquad
        \mathrm{BS} = \frac1n \sum_i \sum_k \big(p_{ik} - \mathbb 1[y_i = k]\big)^2 \quad\text{(2-D)}.

    Strictly proper: its expectation under the true distribution is smallest when the forecast
    is the truth. It lies in [0, 1] for 1-D input and [0, 2] for K classes (Brier's original
    definition, the one of ``sklearn.metrics.brier_score_loss`` for more than two classes;
    for two columns scikit-learn halves it by default). Unitless.

    Parameters
    ----------
    probs : ``array_like, shape (n,) or (n, K)``
        Event probabilities (1-D) or rows of class probabilities (2-D).
    labels : ``array_like, shape (n,)``
        Outcomes in {0, 1} (1-D) or true classes in ``0 .. K-1`` (2-D).
    reduction : ``{"mean", "sum", "none"}, default "mean"``
        Average, add or return the per-example scores.

    Returns
    -------
    ``float or ndarray``
        The score (an array of n scores for ``reduction="none"``).

    Raises
    ------
    TypeError
        If ``probs`` or ``labels`` is not numbers.
    ValueError
        For invalid probabilities or labels or an unknown ``reduction``.

    References
    ----------
    G. W. Brier, "Verification of forecasts expressed in terms of probability",
    Monthly Weather Review 78, 1950.

    Examples
    --------
    >>> round(brier_score([0.9, 0.2], [1, 0]), 4)          # (0.01 + 0.04) / 2
    0.025
    >>> round(brier_score([[0.9, 0.1], [0.2, 0.8]], [0, 1]), 4)  # both classes count
    0.05
    """
    _choice(reduction, "reduction", _REDUCTIONS)
    p, y = _inputs(probs, labels)
    if p.ndim == 1:
        return _reduce((p - y) ** 2, reduction)
    return _reduce(np.sum((p - np.eye(p.shape[1])[y]) ** 2, axis=1), reduction)


def _decompose(f: np.ndarray, o: np.ndarray, n_bins, strategy) -> np.ndarray:
    n = len(f)
    if n_bins is None:
        values, ids = np.unique(f, return_inverse=True)
        groups = len(values)
    else:
        ids, _ = _bin_ids(f, n_bins, strategy)
        groups = n_bins
    count = np.bincount(ids, minlength=groups)
    nonempty = np.maximum(count, 1)
    f_bar = values if n_bins is None else np.bincount(ids, weights=f, minlength=groups) / nonempty
    o_bar = np.bincount(ids, weights=o, minlength=groups) / nonempty
    base_rate = o.mean()
    d_f, d_o = f - f_bar[ids], o - o_bar[ids]
    return np.array([
        np.sum(count * (f_bar - o_bar) ** 2) / n,
        np.sum(count * (o_bar - base_rate) ** 2) / n,
        base_rate * (1 - base_rate),
        np.mean(d_f**2),
        2 * np.mean(d_f * d_o),
    ])


def brier_decomposition(probs, labels, n_bins: int | None = None,
                        strategy: str = "uniform") -> BrierDecomposition:
    r"""Murphy's decomposition of the Brier score: reliability − resolution + uncertainty.

    Group the forecasts :math:`f_i` (with outcomes :math:`o_i \in \{0, 1\}`) into groups m of
    size :math:`n_m`, mean forecast :math:`\bar f_m` and frequency :math:`\bar o_m`; let
    :math:`\bar o` be the base rate. Then, exactly,

    .. math::

        \mathrm{BS} = \underbrace{\tfrac1n\textstyle\sum_m n_m(\bar f_m - \bar o_m)^2}_{\text{reliability}}
        - \underbrace{\tfrac1n\textstyle\sum_m n_m(\bar o_m - \bar o)^2}_{\text{resolution}}
        + \underbrace{\bar o(1 - \bar o)}_{\text{uncertainty}}
        + \mathrm{WBV} - \mathrm{WBC},

    where the within-bin variance :math:`\mathrm{WBV} = \frac1n\sum_i (f_i - \bar f_{m(i)})^2` and
    covariance :math:`\mathrm{WBC} = \frac2n\sum_i (f_i - \bar f_{m(i)})(o_i - \bar o_{m(i)})` vanish
    when every group holds one distinct forecast value (``n_bins=None``, Murphy 1973) and appear
    when continuous forecasts are binned (Stephenson, Coelho and Jolliffe 2008). Reliability is
    miscalibration (lower is better); resolution is how much the forecasts sort the cases
    (higher is better); uncertainty depends on the data only. For 2-D ``probs`` the parts are
    summed over the K one-vs-rest problems (each binned on its own column), so they add up to
    the K-class :func:`brier_score`. Unitless.

    Parameters
    ----------
    probs : ``array_like, shape (n,) or (n, K)``
        Event probabilities (1-D) or rows of class probabilities (2-D).
    labels : ``array_like, shape (n,)``
        Outcomes in {0, 1} (1-D) or true classes in ``0 .. K-1`` (2-D).
    n_bins : ``int or None, default None``
        ``None`` groups identical forecasts (exact Murphy decomposition); an integer bins them.
    strategy : ``{"uniform", "quantile"}, default "uniform"``
        Equal-width or equal-mass bins (when ``n_bins`` is given).

    Returns
    -------
    BrierDecomposition
        ``(reliability, resolution, uncertainty, within_bin_variance, within_bin_covariance)``;
        its ``total`` is the Brier score.

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        For invalid probabilities or labels, ``n_bins < 1`` or a bool, or an unknown ``strategy``.

    References
    ----------
    A. H. Murphy, "A new vector partition of the probability score", Journal of Applied
    Meteorology 12, 1973. D. B. Stephenson, C. A. S. Coelho and I. T. Jolliffe, "Two extra
    components in the Brier score decomposition", Weather and Forecasting 23, 2008.

    Examples
    --------
    Ten forecasts: 0.2 four times (one event), 0.6 six times (three events).

    >>> parts = brier_decomposition([0.2] * 4 + [0.6] * 6, [1, 0, 0, 0, 1, 1, 1, 0, 0, 0])
    >>> [round(v, 6) for v in parts[:3]], round(parts.total, 6)
    ([0.007, 0.015, 0.24], 0.232)
    """
    if n_bins is not None:
        n_bins = check_int(n_bins, "n_bins", type_error=True)
    _choice(strategy, "strategy", _STRATEGIES)
    p, y = _inputs(probs, labels)
    if p.ndim == 1:
        parts = _decompose(p, y.astype(float), n_bins, strategy)
    else:
        parts = sum(_decompose(p[:, k], (y == k).astype(float), n_bins, strategy)
                    for k in range(p.shape[1]))
    return BrierDecomposition(*(float(v) for v in parts))


# --- scoring rules ----------------------------------------------------------------------------

def log_score(probs, labels, base=None, reduction: str = "mean"):
    r"""The log score (log loss, negative log-likelihood): :math:`-\log q(y)`.

    .. math:: S(q, y) = -\log q_y

    Strictly proper: :math:`\mathbb E_{y \sim p}[S(q, y)] = H(p) + D_\mathrm{KL}(p \,\|\, q)`,
    smallest exactly at :math:`q = p`. The same number as the cross-entropy with the labels;
    computed by :func:`itml.losses.categorical_cross_entropy` (2-D) or
    :func:`itml.losses.binary_cross_entropy` (1-D). ``inf`` where the true class has
    probability 0. Unit: nats (``base=None``), bits (``base=2``).

    Parameters
    ----------
    probs : ``array_like, shape (n,) or (n, K)``
        Event probabilities (1-D) or rows of class probabilities (2-D).
    labels : ``array_like, shape (n,)``
        Outcomes in {0, 1} (1-D) or true classes in ``0 .. K-1`` (2-D).
    base : ``float or None, default None``
        The base of the logarithm: ``None`` for nats, 2 for bits.
    reduction : ``{"mean", "sum", "none"}, default "mean"``
        Average, add or return the per-example scores.

    Returns
    -------
    ``float or ndarray``
        The score (an array of n scores for ``reduction="none"``).

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        For invalid probabilities or labels, a bad ``base`` or an unknown ``reduction``.

    References
    ----------
    T. Gneiting and A. E. Raftery, "Strictly proper scoring rules, prediction, and
    estimation", JASA 102, 2007.

    Examples
    --------
    >>> round(log_score([[0.5, 0.25, 0.25]], [1], base=2), 6)    # -log2(1/4)
    2.0
    """
    div = log_base(base)
    _choice(reduction, "reduction", _REDUCTIONS)
    p, y = _inputs(probs, labels)
    if p.ndim == 1:
        per = losses.binary_cross_entropy(y.astype(float), p, "none")
    else:
        per = losses.categorical_cross_entropy(y, p, "none")
    return _reduce(per / div, reduction)


def spherical_score(probs, labels, reduction: str = "mean"):
    r"""The spherical score, as a loss: one minus the true class's share of the forecast's length.

    .. math:: S(q, y) = 1 - \frac{q_y}{\lVert q \rVert_2}

    Strictly proper (Gneiting and Raftery 2007 state it as the reward :math:`q_y / \lVert q \rVert_2`;
    subtracting it from 1 keeps propriety and makes lower better). In [0, 1], 0 for a certain,
    correct forecast. For 1-D ``probs`` the forecast is :math:`(1 - p, p)`. Unitless.

    Parameters
    ----------
    probs : ``array_like, shape (n,) or (n, K)``
        Event probabilities (1-D) or rows of class probabilities (2-D).
    labels : ``array_like, shape (n,)``
        Outcomes in {0, 1} (1-D) or true classes in ``0 .. K-1`` (2-D).
    reduction : ``{"mean", "sum", "none"}, default "mean"``
        Average, add or return the per-example scores.

    Returns
    -------
    ``float or ndarray``
        The score (an array of n scores for ``reduction="none"``).

    Raises
    ------
    TypeError
        If an argument has the wrong type.
    ValueError
        For invalid probabilities or labels or an unknown ``reduction``.

    References
    ----------
    T. Gneiting and A. E. Raftery, "Strictly proper scoring rules, prediction, and
    estimation", JASA 102, 2007.

    Examples
    --------
    >>> round(spherical_score([[0.5, 0.5]], [0]), 6)   # 1 - 0.5 / sqrt(0.5)
    0.292893
    """
    _choice(reduction, "reduction", _REDUCTIONS)
    p, y = _inputs(probs, labels)
    rows = np.stack([1.0 - p, p], axis=1) if p.ndim == 1 else p
    per = 1.0 - rows[np.arange(len(y)), y] / np.linalg.norm(rows, axis=1)
    return _reduce(per, reduction)


def focal_loss(probs, labels, gamma: float = 2.0, base=None, reduction: str = "mean"):
    r"""The focal loss of Lin et al. (2017): the log score, down-weighted where the forecast is right.

    .. math:: \mathrm{FL}_\gamma(q, y) = -(1 - q_y)^\gamma \log q_y

    :math:`\gamma = 0` is the log score. For :math:`\gamma \ge 1`,
    :math:`(1 - q_y)^\gamma \ge 1 - \gamma q_y` (Bernoulli's inequality) and
    :math:`q_y \log q_y \ge -H(q)` give the bound of Mukhoti et al. (2020),

    .. math:: \mathrm{FL}_\gamma(q, y) \ge -\log q_y - \gamma\, H(q),

    so minimising the focal loss minimises an upper bound on the log loss minus an entropy
    bonus. Unlike the log score it is *not* proper for :math:`\gamma > 0`. Unit: nats
    (``base=None``), bits (``base=2``).

    Parameters
    ----------
    probs : ``array_like, shape (n,) or (n, K)``
        Event probabilities (1-D) or rows of class probabilities (2-D).
    labels : ``array_like, shape (n,)``
        Outcomes in {0, 1} (1-D) or true classes in ``0 .. K-1`` (2-D).
    gamma : ``float, default 2.0``
        The focusing parameter, >= 0.
    base : ``float or None, default None``
        The base of the logarithm: ``None`` for nats, 2 for bits.
    reduction : ``{"mean", "sum", "none"}, default "mean"``
        Average, add or return the per-example losses.

    Returns
    -------
    ``float or ndarray``
        The loss (an array of n losses for ``reduction="none"``).

    Raises
    ------
    TypeError
        If an argument has the wrong type (``gamma`` not a number).
    ValueError
        For invalid probabilities or labels, ``gamma < 0``, NaN or a bool, a bad ``base`` or an
        unknown ``reduction``.

    References
    ----------
    T.-Y. Lin, P. Goyal, R. Girshick, K. He and P. Dollár, "Focal loss for dense object
    detection", ICCV 2017. J. Mukhoti et al., "Calibrating deep neural networks using focal
    loss", NeurIPS 2020.

    Examples
    --------
    >>> round(focal_loss([[0.5, 0.5]], [0], gamma=2.0), 6)   # (1/2)^2 log 2
    0.173287
    >>> focal_loss([[0.5, 0.5]], [0], gamma=0.0) == log_score([[0.5, 0.5]], [0])
    True
    """
    g = check_number(gamma, "gamma", minimum=0, type_error=True)
    div = log_base(base)
    _choice(reduction, "reduction", _REDUCTIONS)
    p, y = _inputs(probs, labels)
    q_y = _true_class_prob(p, y)
    with np.errstate(divide="ignore"):
        per = -((1.0 - q_y) ** g) * np.log(q_y)
    return _reduce(per / div, reduction)


# --- temperature scaling and prior shift ------------------------------------------------------

def fit_temperature(logits, labels) -> float:
    r"""The temperature that minimises the negative log-likelihood of held-out logits.

    Temperature scaling (Guo et al. 2017) replaces :math:`\operatorname{softmax}(z)` by
    :math:`\operatorname{softmax}(z / T)` with one :math:`T > 0` fitted on a validation set:

    .. math::

        T^* = \arg\min_{T > 0} \frac1n \sum_i \Big[\log \sum_k e^{z_{ik}/T} - z_{iy_i}/T\Big].

    In :math:`\beta = 1/T` the objective is convex: its second derivative is the mean variance
    of the logits under :math:`\operatorname{softmax}(\beta z_i)`. So the optimum is the unique
    root of the first derivative,
    :math:`\frac1n\sum_i \big(\mathbb E_{\operatorname{softmax}(\beta z_i)}[z_i] - z_{iy_i}\big) = 0`,
    found here by bracketing and Brent's method to machine precision (no learning rate, no
    iteration count to tune). :math:`T` does not change the arg-max, so accuracy is unchanged.
    Returns a pure number; the NLL it minimises is in nats.

    Parameters
    ----------
    logits : ``array_like, shape (n, K) or (n,)``
        Held-out logits; a 1-D array is the logit of class 1 of a binary classifier.
    labels : ``array_like, shape (n,)``
        The true classes, integers in ``0 .. K-1`` (0 or 1 for 1-D logits).

    Returns
    -------
    float
        The optimal temperature :math:`T^* > 0`.

    Raises
    ------
    TypeError
        If ``logits`` or ``labels`` is not numbers.
    ValueError
        For NaN or inf logits, a bad shape, labels out of range; if every row of logits is
        constant (every T is optimal); or if no finite positive T is optimal: the NLL keeps
        falling as :math:`T \to 0` (the true class has the largest logit everywhere) or as
        :math:`T \to \infty` (its logit is on average no higher than the row mean).

    References
    ----------
    C. Guo, G. Pleiss, Y. Sun and K. Q. Weinberger, "On calibration of modern neural
    networks", ICML 2017.

    Examples
    --------
    Logits (2, 0) for four examples, three of them right: the optimum solves
    :math:`e^{2/T} = 3`, so :math:`T^* = 2 / \log 3`.

    >>> T = fit_temperature([[2.0, 0.0]] * 4, [0, 0, 0, 1])
    >>> bool(abs(T - 2 / np.log(3)) < 1e-12)
    True
    """
    z = as_finite(logits, "logits", type_error=True)
    if z.ndim == 1:
        z = np.stack([np.zeros_like(z), z], axis=1)
    if z.ndim != 2 or z.shape[1] < 2:
        raise ValueError(f"logits must have shape (n, K) with K >= 2, or (n,), got shape {np.shape(logits)}")
    y = _check_labels(labels, z.shape[0], z.shape[1])
    if np.all(np.ptp(z, axis=1) == 0):
        raise ValueError("logits are constant within every row: every temperature gives the same NLL")
    z_true = z[np.arange(len(y)), y]

    def slope(beta: float) -> float:  # d NLL / d beta, increasing in beta
        return float(np.mean(np.sum(softmax(beta * z, axis=1) * z, axis=1) - z_true))

    # slope(0+) is the mean of (row mean - true logit); slope(inf) that of (row max - true logit)
    if np.mean(z.mean(axis=1) - z_true) >= 0:
        raise ValueError("the NLL keeps falling as T grows: on average the true class's logit is not "
                         "above the row's mean logit, so no finite temperature is optimal")
    if np.all(z_true >= z.max(axis=1)):
        raise ValueError("the NLL keeps falling as T -> 0: the true class has the largest logit on "
                         "every example, so no positive temperature is optimal")
    lo = hi = 1.0
    while slope(lo) > 0:
        lo /= 2
    while slope(hi) < 0:
        hi *= 2
    if lo == hi:  # slope(1) == 0
        return 1.0
    return float(1.0 / brentq(slope, lo, hi, xtol=1e-15, rtol=1e-15, maxiter=500))


def prior_shift(probs, old_prior, new_prior) -> np.ndarray:
    r"""Re-weight class probabilities from one set of class priors to another.

    If a model's probabilities :math:`q(y \mid x)` are right for data with class frequencies
    :math:`\pi_\text{old}` and :math:`p(x \mid y)` stays the same, Bayes' rule gives those for
    frequencies :math:`\pi_\text{new}` (Saerens, Latinne and Decaestecker 2002):

    .. math::

        q_\text{new}(y \mid x) = \frac{q(y \mid x)\,\pi_\text{new}(y) / \pi_\text{old}(y)}
                                      {\sum_k q(k \mid x)\,\pi_\text{new}(k) / \pi_\text{old}(k)} .

    Training with class weights :math:`w_k` acts like training on the priors
    :math:`\pi_\text{old} \propto w_k \pi_k`; shifting back to :math:`\pi` undoes it. Unitless.

    Parameters
    ----------
    probs : ``array_like, shape (n, K) or (n,)``
        Rows of class probabilities, or (1-D) the probability of class 1 of a binary model.
    old_prior, new_prior : ``array_like, shape (K,)``
        The class frequencies the probabilities are right for, and the target ones; each sums
        to 1, and ``old_prior`` has no zeros.

    Returns
    -------
    ``ndarray``
        The re-weighted probabilities, with the shape of ``probs``.

    Raises
    ------
    TypeError
        If an argument is not numbers.
    ValueError
        For invalid probabilities or priors, priors of the wrong length, a zero in
        ``old_prior``, or a row whose mass lies only on classes with ``new_prior`` 0.

    References
    ----------
    M. Saerens, P. Latinne and C. Decaestecker, "Adjusting the outputs of a classifier to new
    a priori probabilities: a simple procedure", Neural Computation 14, 2002.

    Examples
    --------
    A 50/50 forecast from a model trained on balanced classes, deployed where class 1 has 10 %:

    >>> prior_shift([[0.5, 0.5]], [0.5, 0.5], [0.9, 0.1]).round(6).tolist()
    [[0.9, 0.1]]
    """
    p = _check_probs(probs)
    rows = np.stack([1.0 - p, p], axis=1) if p.ndim == 1 else p
    k = rows.shape[1]
    priors = []
    for name, prior in (("old_prior", old_prior), ("new_prior", new_prior)):
        as_finite(prior, name, type_error=True)
        arr = as_distribution(prior, name, ndim=1)
        if arr.shape != (k,):
            raise ValueError(f"{name} must have one entry per class ({k}), got shape {arr.shape}")
        priors.append(arr)
    if priors[0].min() == 0:
        raise ValueError("old_prior must be positive for every class")
    shifted = rows * (priors[1] / priors[0])
    total = shifted.sum(axis=1, keepdims=True)
    if total.min() == 0:
        raise ValueError(f"probs row {int(total.argmin())} has all its mass on classes with new_prior 0")
    shifted /= total
    return shifted[:, 1] if p.ndim == 1 else shifted
