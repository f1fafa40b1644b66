"""itml.calibration against scikit-learn, closed forms, a hand-computed decomposition, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar
from scipy.special import log_softmax, softmax
from scipy.stats import binom
from sklearn.calibration import calibration_curve
from sklearn.metrics import brier_score_loss, log_loss

from itml import calibration as cal
from itml import measures


def _forecasts(seed, n=300, k=None):
    rng = np.random.default_rng(seed)
    if k is None:
        p = rng.beta(0.7, 0.7, size=n)
        return p, (rng.random(n) < p).astype(int)
    p = rng.dirichlet(np.full(k, 0.5), size=n)
    return p, np.array([rng.choice(k, p=row) for row in p])


# --- reliability curve and ECE ----------------------------------------------------------------

@pytest.mark.parametrize("strategy", ["uniform", "quantile"])
@pytest.mark.parametrize("n_bins", [1, 5, 10, 15])
@pytest.mark.parametrize("seed", range(3))
def test_reliability_curve_matches_sklearn(seed, n_bins, strategy):
    p, y = _forecasts(seed)
    curve = cal.reliability_curve(p, y, n_bins=n_bins, strategy=strategy)
    freq, conf = calibration_curve(y, p, n_bins=n_bins, strategy=strategy)
    np.testing.assert_allclose(curve.frequency, freq, rtol=0, atol=1e-12)
    np.testing.assert_allclose(curve.confidence, conf, rtol=0, atol=1e-12)
    assert curve.count.sum() == len(p) and len(curve.edges) == n_bins + 1


def test_bins_are_right_closed_like_guo():
    # 0.2 lies on an edge of 10 equal bins: it belongs to (0.1, 0.2], not (0.2, 0.3]
    curve = cal.reliability_curve([0.2, 0.25], [1, 0], n_bins=10)
    assert curve.count.tolist() == [1, 1]


def test_top_label_reduces_to_the_binary_case():
    p, y = _forecasts(0, k=4)
    conf, correct = cal.top_label(p, y)
    assert np.array_equal(conf, p.max(axis=1))
    assert np.array_equal(correct, (p.argmax(axis=1) == y).astype(float))
    for strategy in ("uniform", "quantile"):
        assert cal.ece(p, y, strategy=strategy) == cal.ece(conf, correct.astype(int), strategy=strategy)
        multi = cal.reliability_curve(p, y, n_bins=8, strategy=strategy)
        binary = cal.reliability_curve(conf, correct, n_bins=8, strategy=strategy)
        for a, b in zip(multi, binary):
            np.testing.assert_array_equal(a, b)


def test_ece_by_hand():
    # bins (0.1, 0.2] and (0.7, 0.8]: frequencies 2/4 and 3/4
    p = [0.2, 0.2, 0.2, 0.2, 0.8, 0.8, 0.8, 0.8]
    y = [1, 1, 0, 0, 1, 1, 1, 0]
    assert cal.ece(p, y, n_bins=10) == pytest.approx(0.5 * 0.3 + 0.5 * 0.05)
    assert cal.ece(p, y, n_bins=10, norm="l2") == pytest.approx(math.sqrt(0.5 * 0.09 + 0.5 * 0.0025))
    # one bin: the ECE is the gap between mean confidence and mean outcome
    assert cal.ece(p, y, n_bins=1) == pytest.approx(abs(0.5 - 5 / 8))
    # debiased: subtract freq (1 - freq) / (n_m - 1) from each squared gap
    sq = 0.5 * (0.09 - 0.25 / 3) + 0.5 * (0.0025 - 0.1875 / 3)
    assert cal.ece(p, y, n_bins=10, norm="l2", debias=True) == pytest.approx(math.sqrt(max(sq, 0.0)))


def test_ece_is_the_weighted_gap_of_the_curve():
    p, y = _forecasts(1, k=3)
    curve = cal.reliability_curve(p, y, n_bins=12, strategy="quantile")
    expected = np.sum(curve.count / len(y) * np.abs(curve.frequency - curve.confidence))
    assert cal.ece(p, y, n_bins=12, strategy="quantile") == pytest.approx(expected, abs=1e-15)


@pytest.mark.parametrize("n, s, pi", [(5, 0.3, 0.3), (8, 0.7, 0.4), (20, 0.9, 0.75)])
def test_debiased_squared_error_is_unbiased_exactly(n, s, pi):
    # one bin of n identical forecasts s whose outcomes are Bernoulli(pi): averaging the debiased
    # squared gap over the binomial law of the number of events gives (s - pi)^2 exactly.
    k = np.arange(n + 1)
    weight = binom.pmf(k, n, pi)
    plug_in = debiased = 0.0
    for events, w in zip(k, weight):
        y = np.r_[np.ones(events), np.zeros(n - events)].astype(int)
        plug_in += w * cal.ece(np.full(n, s), y, n_bins=1, norm="l2") ** 2
        freq = events / n
        debiased += w * ((s - freq) ** 2 - freq * (1 - freq) / (n - 1))
        if (s - freq) ** 2 - freq * (1 - freq) / (n - 1) >= 0:   # the function clips at 0
            assert cal.ece(np.full(n, s), y, n_bins=1, norm="l2", debias=True) ** 2 == pytest.approx(
                (s - freq) ** 2 - freq * (1 - freq) / (n - 1))
    assert debiased == pytest.approx((s - pi) ** 2, abs=1e-12)
    assert plug_in == pytest.approx((s - pi) ** 2 + pi * (1 - pi) / n, abs=1e-12)  # biased upward


def test_ece_of_a_calibrated_forecaster_shrinks_with_n_and_debiasing_helps():
    rng = np.random.default_rng(0)
    plug, deb = [], []
    for _ in range(200):
        p = rng.random(500)
        y = (rng.random(500) < p).astype(int)
        plug.append(cal.ece(p, y, n_bins=15, norm="l2") ** 2)
        deb.append(cal.ece(p, y, n_bins=15, norm="l2", debias=True) ** 2)
    assert np.mean(plug) > 3 * np.mean(deb)


# --- Brier score and decomposition ------------------------------------------------------------

@pytest.mark.parametrize("seed", range(3))
def test_brier_matches_sklearn(seed):
    p, y = _forecasts(seed)
    assert cal.brier_score(p, y) == pytest.approx(brier_score_loss(y, p), abs=1e-15)
    pk, yk = _forecasts(seed, k=5)
    assert cal.brier_score(pk, yk) == pytest.approx(brier_score_loss(yk, pk, labels=range(5)), abs=1e-14)
    two = np.c_[1 - p, p]
    assert cal.brier_score(two, y) == pytest.approx(2 * cal.brier_score(p, y), abs=1e-14)
    assert cal.brier_score(two, y) == pytest.approx(brier_score_loss(y, two, scale_by_half=False), abs=1e-14)


def test_murphy_decomposition_by_hand():
    # forecast 0.2 four times (1 event), 0.6 six times (3 events); base rate 0.4
    p = [0.2] * 4 + [0.6] * 6
    y = [1, 0, 0, 0, 1, 1, 1, 0, 0, 0]
    parts = cal.brier_decomposition(p, y)
    assert parts.reliability == pytest.approx((4 * 0.05**2 + 6 * 0.1**2) / 10)      # 0.007
    assert parts.resolution == pytest.approx((4 * 0.15**2 + 6 * 0.1**2) / 10)       # 0.015
    assert parts.uncertainty == pytest.approx(0.4 * 0.6)
    assert parts.within_bin_variance == 0.0 and parts.within_bin_covariance == 0.0
    by_hand = (0.8**2 + 3 * 0.2**2 + 3 * 0.4**2 + 3 * 0.6**2) / 10
    assert parts.total == pytest.approx(by_hand) == pytest.approx(cal.brier_score(p, y))
    assert by_hand == pytest.approx(0.232)


def test_climatology_is_calibrated_with_no_resolution():
    y = np.array([0, 1, 2, 2, 1, 0, 2, 2])
    prior = np.bincount(y) / len(y)
    parts = cal.brier_decomposition(np.tile(prior, (len(y), 1)), y)
    assert parts.reliability == pytest.approx(0.0, abs=1e-15)
    assert parts.resolution == pytest.approx(0.0, abs=1e-15)
    assert parts.uncertainty == pytest.approx(np.sum(prior * (1 - prior)))


@st.composite
def _binary_forecasts(draw):
    n = draw(st.integers(1, 60))
    p = np.array(draw(st.lists(st.sampled_from([0.0, 0.1, 0.25, 0.5, 0.9, 1.0]) | st.floats(0, 1),
                               min_size=n, max_size=n)))
    y = np.array(draw(st.lists(st.integers(0, 1), min_size=n, max_size=n)))
    return p, y


@settings(max_examples=200)
@given(_binary_forecasts(), st.one_of(st.none(), st.integers(1, 20)), st.sampled_from(["uniform", "quantile"]))
def test_decomposition_sums_to_the_score(data, n_bins, strategy):
    p, y = data
    parts = cal.brier_decomposition(p, y, n_bins=n_bins, strategy=strategy)
    assert parts.total == pytest.approx(cal.brier_score(p, y), abs=1e-12)
    assert parts.reliability >= 0 and parts.resolution >= 0 and parts.within_bin_variance >= 0
    assert parts.uncertainty == pytest.approx(y.mean() * (1 - y.mean()), abs=1e-15)


@settings(max_examples=50)
@given(st.integers(0, 10_000), st.integers(2, 5), st.one_of(st.none(), st.integers(1, 10)))
def test_multiclass_decomposition_is_the_sum_over_classes(seed, k, n_bins):
    p, y = _forecasts(seed, n=40, k=k)
    parts = cal.brier_decomposition(p, y, n_bins=n_bins)
    assert parts.total == pytest.approx(cal.brier_score(p, y), abs=1e-12)
    per_class = [cal.brier_decomposition(p[:, j], (y == j).astype(int), n_bins=n_bins) for j in range(k)]
    np.testing.assert_allclose(parts, np.sum(per_class, axis=0), rtol=0, atol=1e-12)


# --- scoring rules ----------------------------------------------------------------------------

@pytest.mark.parametrize("seed", range(3))
def test_log_score_matches_sklearn(seed):
    p, y = _forecasts(seed, k=4)
    p = 0.98 * p + 0.005   # keep away from log 0, rows still sum to 1
    assert cal.log_score(p, y) == pytest.approx(log_loss(y, p, labels=range(4)), rel=1e-12)
    assert cal.log_score(p, y, base=2) == pytest.approx(cal.log_score(p, y) / math.log(2), rel=1e-12)
    b, yb = _forecasts(seed)
    b = np.clip(b, 1e-3, 1 - 1e-3)
    assert cal.log_score(b, yb) == pytest.approx(log_loss(yb, b), rel=1e-12)
    per = cal.log_score(p, y, reduction="none")
    assert per.shape == (len(y),) and cal.log_score(p, y, reduction="sum") == pytest.approx(per.sum())


def test_scores_in_closed_form():
    q = np.array([[0.5, 0.25, 0.25]])
    assert cal.log_score(q, [0]) == pytest.approx(math.log(2))
    assert cal.brier_score(q, [0]) == pytest.approx(0.25 + 0.0625 + 0.0625)
    assert cal.spherical_score(q, [0]) == pytest.approx(1 - 0.5 / math.sqrt(0.375))
    assert cal.spherical_score([0.8], [1]) == pytest.approx(cal.spherical_score([[0.2, 0.8]], [1]))
    assert cal.spherical_score([[1.0, 0.0]], [0]) == 0.0
    assert cal.log_score([[1.0, 0.0]], [1]) == math.inf


def _expected(rule, p, q):
    """E_{y ~ p} S(q, y), from the per-example scores of q against every label."""
    k = len(p)
    return float(p @ rule(np.tile(q, (k, 1)), np.arange(k), reduction="none"))


PROPER = {"log": cal.log_score, "brier": cal.brier_score, "spherical": cal.spherical_score}


@settings(max_examples=200)
@given(st.integers(0, 10**6), st.integers(2, 5))
def test_proper_rules_are_minimised_at_the_truth(seed, k):
    rng = np.random.default_rng(seed)
    p, q = rng.dirichlet(np.ones(k)), rng.dirichlet(np.ones(k))
    for name, rule in PROPER.items():
        assert _expected(rule, p, p) <= _expected(rule, p, q) + 1e-12, name
    # the closed forms of the two classic ones
    assert _expected(cal.log_score, p, q) == pytest.approx(measures.cross_entropy(p, q))
    assert _expected(cal.brier_score, p, q) == pytest.approx(np.sum((q - p) ** 2) + 1 - np.sum(p**2))


def test_reductions_agree():
    p, y = _forecasts(2, k=3)
    for rule in (cal.log_score, cal.brier_score, cal.spherical_score, cal.focal_loss):
        per = rule(p, y, reduction="none")
        assert per.shape == (len(y),)
        assert rule(p, y) == pytest.approx(per.mean()) and rule(p, y, reduction="sum") == pytest.approx(per.sum())


def test_focal_loss_is_not_proper():
    p = np.array([0.8, 0.2])
    grid = np.linspace(0.001, 0.999, 999)
    expected = [_expected(lambda a, b, reduction: cal.focal_loss(a, b, 2.0, reduction=reduction),
                          p, np.array([1 - g, g])) for g in grid]
    best = grid[int(np.argmin(expected))]
    assert 0.36 < best < 0.39   # the truth is 0.2; the focal loss prefers a forecast nearer 1/2
    log_expected = [_expected(cal.log_score, p, np.array([1 - g, g])) for g in grid]
    assert grid[int(np.argmin(log_expected))] == pytest.approx(0.2)


@settings(max_examples=200)
@given(st.integers(0, 10**6), st.integers(2, 6), st.sampled_from([1.0, 1.5, 2.0, 3.0, 5.0]))
def test_focal_bound_of_mukhoti(seed, k, gamma):
    rng = np.random.default_rng(seed)
    q = rng.dirichlet(np.full(k, 0.3), size=20)
    q = (q + 1e-12) / (q + 1e-12).sum(axis=1, keepdims=True)
    y = rng.integers(k, size=20)
    fl = cal.focal_loss(q, y, gamma, reduction="none")
    ce = cal.log_score(q, y, reduction="none")
    h = np.array([measures.entropy(row) for row in q])
    assert np.all(fl >= ce - gamma * h - 1e-12)
    assert np.all(fl <= ce + 1e-15)


def test_focal_loss_closed_forms():
    q = np.array([[0.7, 0.3], [0.1, 0.9]])
    y = [0, 1]
    assert cal.focal_loss(q, y, 0.0) == cal.log_score(q, y)
    expected = -(0.3**2 * math.log(0.7) + 0.1**2 * math.log(0.9)) / 2
    assert cal.focal_loss(q, y, 2.0) == pytest.approx(expected)
    assert cal.focal_loss(q, y, 2.0, base=2) == pytest.approx(expected / math.log(2))
    assert cal.focal_loss([0.9, 0.7], [1, 0], 2.0) == pytest.approx(
        -(0.1**2 * math.log(0.9) + 0.7**2 * math.log(0.3)) / 2)
    assert cal.focal_loss([[1.0, 0.0]], [0], 2.0) == 0.0


# --- temperature scaling ----------------------------------------------------------------------

def _nll(z, y):
    return -log_softmax(z, axis=1)[np.arange(len(y)), y].mean()


@pytest.mark.parametrize("seed", range(4))
def test_fit_temperature_is_the_exact_minimiser(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=4, size=(200, 6))
    y = np.array([rng.choice(6, p=row) for row in softmax(z / 2.5, axis=1)])  # truly at T = 2.5
    T = cal.fit_temperature(z, y)
    ref = minimize_scalar(lambda u: _nll(z / np.exp(u), y), bounds=(-5, 5), method="bounded",
                          options={"xatol": 1e-12})
    assert T == pytest.approx(np.exp(ref.x), rel=1e-6)
    assert _nll(z / T, y) <= ref.fun + 1e-14
    # first-order condition: the true class's mean logit equals the model's expected logit
    pt = softmax(z / T, axis=1)
    assert np.mean(np.sum(pt * z, axis=1) - z[np.arange(200), y]) == pytest.approx(0, abs=1e-9)
    # scaling the logits scales the temperature
    assert cal.fit_temperature(3 * z, y) == pytest.approx(3 * T, rel=1e-12)


@pytest.mark.parametrize("m, right, wrong", [(2.0, 3, 1), (0.5, 9, 1), (5.0, 7, 3)])
def test_fit_temperature_closed_form(m, right, wrong):
    # logits (m, 0); the optimum has exp(m / T) = right / wrong
    z = np.tile([m, 0.0], (right + wrong, 1))
    y = np.r_[np.zeros(right), np.ones(wrong)].astype(int)
    assert cal.fit_temperature(z, y) == pytest.approx(m / math.log(right / wrong), rel=1e-12)
    assert cal.fit_temperature(z[:, 0] - z[:, 1], 1 - y) == pytest.approx(m / math.log(right / wrong), rel=1e-12)


def test_fit_temperature_without_a_finite_optimum():
    with pytest.raises(ValueError, match="T -> 0"):
        cal.fit_temperature([[3.0, 0.0], [0.0, 1.0]], [0, 1])          # every arg-max right
    with pytest.raises(ValueError, match="T grows"):
        cal.fit_temperature([[3.0, 0.0], [0.0, 1.0]], [1, 0])          # every arg-max wrong
    with pytest.raises(ValueError, match="constant"):
        cal.fit_temperature([[1.0, 1.0], [2.0, 2.0]], [1, 0])


# --- prior shift ------------------------------------------------------------------------------

def test_prior_shift_is_bayes_rule():
    q = np.array([[0.6, 0.3, 0.1], [0.2, 0.2, 0.6]])
    old, new = np.array([0.5, 0.3, 0.2]), np.array([0.2, 0.2, 0.6])
    got = cal.prior_shift(q, old, new)
    by_hand = q * new / old
    np.testing.assert_allclose(got, by_hand / by_hand.sum(axis=1, keepdims=True), rtol=1e-14)
    np.testing.assert_allclose(cal.prior_shift(got, new, old), q, rtol=1e-12)  # and back
    np.testing.assert_allclose(cal.prior_shift(q, old, old), q, rtol=1e-15)
    b = cal.prior_shift([0.5, 0.8], [0.5, 0.5], [0.9, 0.1])
    np.testing.assert_allclose(b, [0.1, 0.8 * 0.1 / (0.8 * 0.1 + 0.2 * 0.9)])


def test_prior_shift_undoes_class_weights_in_the_logit():
    # for a binary model, class weights w shift the logit by log(w1 / w0)
    logit = np.array([-2.0, 0.0, 1.5])
    w, pi = np.array([1.0, 9.0]), np.array([0.9, 0.1])
    weighted = 1 / (1 + np.exp(-(logit + math.log(9.0))))
    prior_w = w * pi / np.sum(w * pi)
    np.testing.assert_allclose(cal.prior_shift(weighted, prior_w, pi), 1 / (1 + np.exp(-logit)), rtol=1e-12)


# --- bad input --------------------------------------------------------------------------------

GOOD_P = np.array([[0.7, 0.3], [0.4, 0.6]])
GOOD_Y = np.array([0, 1])


@pytest.mark.parametrize("fn", [cal.reliability_curve, cal.ece, cal.brier_score, cal.brier_decomposition,
                                cal.log_score, cal.spherical_score, cal.focal_loss, cal.top_label])
@pytest.mark.parametrize(
    "probs, labels, error, message",
    [
        ("0.5", GOOD_Y, TypeError, "probs must be an array of numbers"),
        (None, GOOD_Y, TypeError, "probs must be an array of numbers"),
        ([["a", "b"], ["c", "d"]], GOOD_Y, TypeError, "probs must be an array of numbers"),
        (GOOD_P, ["a", "b"], TypeError, "labels must be an array of numbers"),
        (GOOD_P, None, TypeError, "labels must be an array of numbers"),
        ([[0.7, 0.4], [0.4, 0.6]], GOOD_Y, ValueError, "probs rows must sum to 1"),
        ([[1.2, -0.2], [0.4, 0.6]], GOOD_Y, ValueError, r"probs must lie in \[0, 1\]"),
        ([[np.nan, 0.3], [0.4, 0.6]], GOOD_Y, ValueError, "probs contains NaN"),
        ([[1.0], [1.0]], GOOD_Y, ValueError, "at least 2 columns"),
        (np.full((2, 2, 2), 0.5), GOOD_Y, ValueError, r"shape \(n,\) or \(n, K\)"),
        ([], [], ValueError, "probs is empty"),
        (GOOD_P, [0, 2], ValueError, r"labels must lie in 0..1"),
        (GOOD_P, [0, -1], ValueError, r"labels must lie in 0..1"),
        (GOOD_P, [0.5, 1], ValueError, "labels must be integers"),
        (GOOD_P, [0, 1, 1], ValueError, "one label per row"),
        (GOOD_P, [[0, 1]], ValueError, "one label per row"),
        (GOOD_P, [0, np.nan], ValueError, "labels contains NaN"),
    ],
)
def test_bad_probs_and_labels(fn, probs, labels, error, message):
    with pytest.raises(error, match=message):
        fn(probs, labels)


def test_binary_labels_must_be_0_or_1():
    with pytest.raises(ValueError, match=r"labels must lie in 0..1"):
        cal.ece([0.2, 0.9], [0, 2])


@pytest.mark.parametrize("fn", [cal.reliability_curve, cal.ece, cal.brier_decomposition])
@pytest.mark.parametrize(
    "kwargs, error, message",
    [
        ({"n_bins": 0}, ValueError, "n_bins must be a positive integer"),
        ({"n_bins": True}, ValueError, "n_bins must be a positive integer"),
        ({"n_bins": 2.5}, TypeError, "n_bins must be an integer"),
        ({"n_bins": "10"}, TypeError, "n_bins must be an integer"),
        ({"n_bins": 3, "strategy": "equal"}, ValueError, "strategy must be one of"),
        ({"n_bins": 3, "strategy": 1}, TypeError, "strategy must be a string"),
    ],
)
def test_bad_binning(fn, kwargs, error, message):
    with pytest.raises(error, match=message):
        fn(GOOD_P, GOOD_Y, **kwargs)


@pytest.mark.parametrize(
    "call, error, message",
    [
        (lambda: cal.ece(GOOD_P, GOOD_Y, norm="l3"), ValueError, "norm must be one of"),
        (lambda: cal.ece(GOOD_P, GOOD_Y, debias=True), ValueError, "debias=True needs norm='l2'"),
        (lambda: cal.ece(GOOD_P, GOOD_Y, norm="l2", debias="yes"), TypeError, "debias must be True or False"),
        (lambda: cal.log_score(GOOD_P, GOOD_Y, reduction="avg"), ValueError, "reduction must be one of"),
        (lambda: cal.spherical_score(GOOD_P, GOOD_Y, reduction=None), TypeError, "reduction must be a string"),
        (lambda: cal.brier_score(GOOD_P, GOOD_Y, reduction="all"), ValueError, "reduction must be one of"),
        (lambda: cal.log_score(GOOD_P, GOOD_Y, base=1), ValueError, "base must be"),
        (lambda: cal.focal_loss(GOOD_P, GOOD_Y, gamma=-1.0), ValueError, "gamma must be a finite number >= 0"),
        (lambda: cal.focal_loss(GOOD_P, GOOD_Y, gamma=np.nan), ValueError, "gamma must be a finite number"),
        (lambda: cal.focal_loss(GOOD_P, GOOD_Y, gamma=True), ValueError, "gamma must be a finite number"),
        (lambda: cal.focal_loss(GOOD_P, GOOD_Y, gamma="2"), TypeError, "gamma must be a real number"),
        (lambda: cal.top_label([0.2, 0.9], [0, 1]), ValueError, "probs must be 2-D"),
        (lambda: cal.fit_temperature("logits", GOOD_Y), TypeError, "logits must be an array of numbers"),
        (lambda: cal.fit_temperature([[1.0, np.inf], [0.0, 1.0]], GOOD_Y), ValueError, "logits contains NaN or inf"),
        (lambda: cal.fit_temperature([[1.0], [0.0]], GOOD_Y), ValueError, "K >= 2"),
        (lambda: cal.fit_temperature(np.zeros((2, 2, 2)), GOOD_Y), ValueError, r"shape \(n, K\)"),
        (lambda: cal.fit_temperature([[1.0, 0.0], [0.0, 1.0]], [0, 3]), ValueError, "labels must lie in 0..1"),
        (lambda: cal.fit_temperature([[1.0, 0.0], [0.0, 1.0]], [0]), ValueError, "one label per row"),
        (lambda: cal.prior_shift(GOOD_P, [0.5, 0.6], [0.5, 0.5]), ValueError, "old_prior must sum to 1"),
        (lambda: cal.prior_shift(GOOD_P, [1.0, 0.0], [0.5, 0.5]), ValueError, "old_prior must be positive"),
        (lambda: cal.prior_shift(GOOD_P, [0.2, 0.3, 0.5], [0.5, 0.5]), ValueError, "one entry per class"),
        (lambda: cal.prior_shift(GOOD_P, [0.5, 0.5], "even"), TypeError, "new_prior must be an array of numbers"),
        (lambda: cal.prior_shift([[1.0, 0.0]], [0.5, 0.5], [0.0, 1.0]), ValueError, "all its mass"),
    ],
)
def test_bad_arguments(call, error, message):
    with pytest.raises(error, match=message):
        call()
