"""itml.measures: known values, the libraries as oracles, properties, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import scipy.stats
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import rel_entr
from sklearn.metrics import mutual_info_score
from strategies import distribution_pairs, distributions, joint_tables

import itml
from itml import (
    conditional_entropy,
    cross_entropy,
    entropy,
    joint_entropy,
    js_divergence,
    kl_divergence,
    mutual_information,
)

LOG2 = math.log(2)


# ---------------------------------------------------------------- known values

def test_known_values():
    assert entropy([0.5, 0.5], base=2) == pytest.approx(1.0)
    assert entropy([1.0, 0.0, 0.0]) == 0.0
    assert entropy(np.full(8, 1 / 8), base=2) == pytest.approx(3.0)
    assert joint_entropy(np.full((2, 2), 0.25), base=2) == pytest.approx(2.0)
    assert mutual_information([[0.5, 0], [0, 0.5]], base=2) == pytest.approx(1.0)
    assert mutual_information(np.full((3, 4), 1 / 12)) == pytest.approx(0.0, abs=1e-15)
    assert conditional_entropy([[0.5, 0], [0, 0.5]]) == pytest.approx(0.0, abs=1e-15)
    assert js_divergence([1, 0], [0, 1]) == pytest.approx(LOG2)
    assert kl_divergence([0.5, 0.5], [0.9, 0.1]) == pytest.approx(
        0.5 * math.log(0.5 / 0.9) + 0.5 * math.log(0.5 / 0.1)
    )


def test_bits_and_nats():
    p = [0.1, 0.2, 0.7]
    assert entropy(p, base=2) == pytest.approx(entropy(p) / LOG2)
    assert entropy(p, base=10) == pytest.approx(entropy(p) / math.log(10))


def test_zero_log_zero_and_infinite_kl():
    assert entropy([0.0, 1.0]) == 0.0
    assert kl_divergence([0.5, 0.5], [1.0, 0.0]) == math.inf
    assert cross_entropy([0.5, 0.5], [1.0, 0.0]) == math.inf
    # q = 0 where p = 0 is fine: 0 log 0/0 = 0
    assert kl_divergence([1.0, 0.0], [1.0, 0.0]) == 0.0
    assert cross_entropy([1.0, 0.0], [1.0, 0.0]) == 0.0
    for v in (kl_divergence([0.5, 0.5], [1.0, 0.0]), js_divergence([1, 0], [0, 1])):
        assert not math.isnan(v)


def test_returns_python_floats():
    assert type(entropy([0.5, 0.5])) is float
    assert type(mutual_information([[0.5, 0], [0, 0.5]])) is float


def test_entropy_of_any_shape_is_entropy_of_the_flat_table():
    pxy = np.random.default_rng(0).dirichlet(np.ones(12)).reshape(3, 4)
    assert entropy(pxy) == pytest.approx(entropy(pxy.ravel()))
    assert entropy(pxy) == pytest.approx(joint_entropy(pxy))


def test_conditional_entropy_orientation():
    # Y is a function of X (H(Y|X) = 0), but X is not a function of Y.
    pxy = np.array([[0.25, 0.0], [0.25, 0.0], [0.0, 0.5]])
    assert conditional_entropy(pxy) == pytest.approx(0.0, abs=1e-15)
    assert conditional_entropy(pxy.T, base=2) == pytest.approx(0.5)


# ---------------------------------------------------------------- library oracles

@pytest.mark.parametrize("seed", range(5))
def test_against_scipy(seed):
    rng = np.random.default_rng(seed)
    p, q = rng.dirichlet(np.ones(50)), rng.dirichlet(np.ones(50))
    assert entropy(p) == pytest.approx(scipy.stats.entropy(p))
    assert entropy(p, base=2) == pytest.approx(scipy.stats.entropy(p, base=2))
    assert kl_divergence(p, q) == pytest.approx(rel_entr(p, q).sum())
    assert kl_divergence(p, q) == pytest.approx(scipy.stats.entropy(p, q))
    assert cross_entropy(p, q) == pytest.approx(scipy.stats.entropy(p) + scipy.stats.entropy(p, q))
    js_root = scipy.spatial.distance.jensenshannon(p, q)  # SciPy returns the square root
    assert js_divergence(p, q) == pytest.approx(js_root**2)


@pytest.mark.parametrize("seed", range(5))
def test_mutual_information_against_sklearn(seed):
    rng = np.random.default_rng(seed)
    counts = rng.integers(0, 20, size=(4, 6)).astype(float)
    counts[0, 0] += 1  # never all zero
    pxy = counts / counts.sum()
    assert mutual_information(pxy) == pytest.approx(mutual_info_score(None, None, contingency=counts))


# ---------------------------------------------------------------- properties

@settings(max_examples=200)
@given(distribution_pairs())
def test_kl_nonnegative_zero_iff_equal(pq):
    p, q = pq
    assert kl_divergence(p, p) == 0.0
    kl = kl_divergence(p, q)
    assert kl >= 0
    if np.abs(p - q).max() > 1e-3:
        assert kl > 0


@settings(max_examples=200)
@given(distribution_pairs())
def test_js_bounds_and_symmetry(pq):
    p, q = pq
    js = js_divergence(p, q)
    assert 0 <= js <= LOG2
    assert js == pytest.approx(js_divergence(q, p), abs=1e-12)
    assert js_divergence(p, q, base=2) <= 1.0


@settings(max_examples=200)
@given(distribution_pairs())
def test_cross_entropy_is_entropy_plus_kl(pq):
    p, q = pq
    ce, kl = cross_entropy(p, q), kl_divergence(p, q)
    if math.isinf(kl):
        assert math.isinf(ce)
    else:
        assert ce == pytest.approx(entropy(p) + kl, abs=1e-9)


@settings(max_examples=200)
@given(joint_tables())
def test_mutual_information_properties(pxy):
    mi = mutual_information(pxy)
    assert mi >= 0
    assert mi == pytest.approx(mutual_information(pxy.T), abs=1e-12)
    hx, hy = entropy(pxy.sum(axis=1)), entropy(pxy.sum(axis=0))
    hxy = joint_entropy(pxy)
    assert hxy == pytest.approx(hx + conditional_entropy(pxy), abs=1e-9)
    assert hxy <= hx + hy + 1e-9
    assert mi == pytest.approx(hx + hy - hxy, abs=1e-9)
    assert mi <= min(hx, hy) + 1e-9


@given(distributions())
def test_entropy_bounds(p):
    h = entropy(p)
    assert 0 <= h <= math.log(len(p)) + 1e-12


# ---------------------------------------------------------------- bad input

ONE_ARG = [entropy]
TABLE_ARG = [joint_entropy, conditional_entropy, mutual_information]
TWO_ARGS = [kl_divergence, js_divergence, cross_entropy]


@pytest.mark.parametrize(
    "bad, message",
    [
        ([0.5, -0.1, 0.6], "negative"),
        ([0.5, np.nan, 0.5], "NaN"),
        ([0.5, np.inf], "inf"),
        ([0.2, 0.2], "sum to 1"),
        ([], "empty"),
        (["a", "b"], "numbers"),
    ],
)
def test_bad_distribution(bad, message):
    for f in ONE_ARG:
        with pytest.raises(ValueError, match=rf"^p .*{message}|^p {message}"):
            f(bad)
    for f in TWO_ARGS:
        with pytest.raises(ValueError, match=rf"^p .*{message}|^p {message}"):
            f(bad, [0.5, 0.5])
        with pytest.raises(ValueError, match=rf"^q .*{message}|^q {message}"):
            f([0.5, 0.5], bad)


def test_sum_tolerance_is_relative_1e_6():
    entropy([0.5, 0.5 + 5e-7])
    with pytest.raises(ValueError, match="sum to 1"):
        entropy([0.5, 0.5 + 5e-6])


@pytest.mark.parametrize("f", TABLE_ARG)
def test_bad_joint_table(f):
    with pytest.raises(ValueError, match="pxy must be a 2-D array"):
        f([0.5, 0.5])
    with pytest.raises(ValueError, match="pxy must be a 2-D array"):
        f(np.full((2, 2, 2), 1 / 8))
    with pytest.raises(ValueError, match="pxy has negative"):
        f([[0.6, -0.1], [0.25, 0.25]])
    with pytest.raises(ValueError, match="pxy contains NaN"):
        f([[np.nan, 0.5], [0.25, 0.25]])
    with pytest.raises(ValueError, match="pxy must sum to 1"):
        f([[0.5, 0.5], [0.5, 0.5]])
    with pytest.raises(ValueError, match="pxy is empty"):
        f(np.zeros((0, 3)))


@pytest.mark.parametrize("f", TWO_ARGS)
def test_shape_mismatch(f):
    with pytest.raises(ValueError, match="p and q must have the same shape"):
        f([0.5, 0.5], [0.2, 0.3, 0.5])


@pytest.mark.parametrize("base", [0, -2, 1, np.nan, np.inf, "two"])
def test_bad_base(base):
    with pytest.raises(ValueError, match="base must be"):
        entropy([0.5, 0.5], base=base)


def test_top_level_exports():
    for name in ("entropy", "joint_entropy", "conditional_entropy", "mutual_information",
                 "kl_divergence", "js_divergence", "cross_entropy"):
        assert getattr(itml, name) is getattr(itml.measures, name)


def test_mutual_information_survives_underflowing_marginal_products():
    # p(x) p(y) = 1e-556 underflows to 0 while p(x, y) = 1e-278 > 0: the answer is still finite.
    tiny = 9.55880143e-278
    pxy = np.array([[1.0, tiny], [tiny, tiny]])
    pxy /= pxy.sum()
    hx, hy = entropy(pxy.sum(axis=1)), entropy(pxy.sum(axis=0))
    assert mutual_information(pxy) == pytest.approx(hx + hy - joint_entropy(pxy), abs=1e-12)


@given(st.tuples(st.integers(1, 4), st.integers(1, 4), st.integers(1, 4)).flatmap(
    lambda s: arrays(np.float64, s, elements=st.floats(0, 1, allow_subnormal=False))
).filter(lambda a: a.sum() > 1e-3).map(lambda a: a / a.sum()))
def test_conditional_mutual_information_properties(pxyz):
    from itml import conditional_mutual_information as cmi

    v = cmi(pxyz)
    assert v >= 0
    assert v == pytest.approx(cmi(pxyz.transpose(1, 0, 2)), abs=1e-9)
    # sum_z p(z) I(X;Y|Z=z)
    pz = pxyz.sum(axis=(0, 1))
    direct = sum(pz[k] * mutual_information(pxyz[:, :, k] / pz[k]) for k in range(len(pz)) if pz[k] > 0)
    assert v == pytest.approx(direct, abs=1e-9)


def test_conditional_mutual_information_xor_and_bad_input():
    from itml import conditional_mutual_information as cmi

    xor = np.zeros((2, 2, 2))
    for x in (0, 1):
        for z in (0, 1):
            xor[x, x ^ z, z] = 0.25
    assert cmi(xor, base=2) == pytest.approx(1.0)
    assert mutual_information(xor.sum(axis=2)) == pytest.approx(0.0, abs=1e-12)
    with pytest.raises(ValueError, match="pxyz must be a 3-D array"):
        cmi(np.full((2, 2), 0.25))
    with pytest.raises(ValueError, match="pxyz must sum to 1"):
        cmi(np.ones((2, 2, 2)))


def test_conditioning_can_lower_mutual_information_too():
    """The docstring's second case: a common cause. X = Y = Z: I(X;Y) = 1 bit, I(X;Y|Z) = 0."""
    from itml import conditional_mutual_information as cmi

    copies = np.zeros((2, 2, 2))
    copies[0, 0, 0] = copies[1, 1, 1] = 0.5
    assert mutual_information(copies.sum(axis=2), base=2) == pytest.approx(1.0)
    assert cmi(copies, base=2) == pytest.approx(0.0, abs=1e-12)


@settings(max_examples=50)
@given(distribution_pairs())
def test_kl_and_js_equal_their_unclipped_sums(pq):
    """The clip at 0 (and at log 2 for JS) only removes rounding: on valid input the library value is
    the raw rel_entr sum, and JS equals its entropy form H(m) - H(p)/2 - H(q)/2."""
    p, q = pq
    raw_kl = float(rel_entr(p, q).sum())
    if np.isfinite(raw_kl):
        assert kl_divergence(p, q) == pytest.approx(max(raw_kl, 0.0), abs=1e-12)
        assert raw_kl > -1e-12
    m = 0.5 * (p + q)
    raw_js = 0.5 * float(rel_entr(p, m).sum()) + 0.5 * float(rel_entr(q, m).sum())
    assert -1e-12 < raw_js < LOG2 + 1e-12
    assert js_divergence(p, q) == pytest.approx(raw_js, abs=1e-12)
    assert js_divergence(p, q) == pytest.approx(entropy(m) - entropy(p) / 2 - entropy(q) / 2, abs=1e-9)
