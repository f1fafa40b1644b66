"""itml.rate_distortion: Blahut–Arimoto against the closed forms of Shannon's examples."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itml import rate_distortion as rd
from itml.measures import mutual_information


def h2(x):
    """Binary entropy in bits (an independent closed form)."""
    return 0.0 if x in (0.0, 1.0) else -x * math.log2(x) - (1 - x) * math.log2(1 - x)


HAMMING = 1 - np.eye(2)


@pytest.mark.parametrize("p", [0.5, 0.2, 0.05])
@pytest.mark.parametrize("frac", [0.1, 0.5, 0.9])
def test_bernoulli_hamming_is_h_p_minus_h_d(p, frac):
    D = frac * min(p, 1 - p)
    assert abs(rd.rate_at([1 - p, p], HAMMING, D, base=2) - (h2(p) - h2(D))) < 1e-6


@settings(max_examples=25, deadline=None)
@given(st.floats(0.05, 0.5), st.floats(0.3, 6.0))
def test_each_point_lies_on_the_bernoulli_curve(p, beta):
    pt = rd.rate_distortion([1 - p, p], HAMMING, beta, base=2)
    D = pt.distortion
    if D < min(p, 1 - p) - 1e-6:  # below D_max the solution sits on R(D) = h(p) - h(D)
        assert abs(pt.rate - (h2(p) - h2(D))) < 1e-6
        # slope of R(D) in nats is -beta: for Hamming, beta = log((1 - D) / D)
        assert abs(math.log((1 - D) / D) - beta) < 1e-4
    else:
        assert pt.rate < 1e-6


def test_rate_is_zero_at_and_above_d_max():
    assert rd.rate_at([0.7, 0.3], HAMMING, 0.3) == 0.0
    assert rd.rate_at([0.7, 0.3], HAMMING, 0.9) == 0.0


def test_uniform_source_with_hamming_distortion_on_m_letters():
    # Cover & Thomas problem 10.5: R(D) = log m - h(D) - D log(m - 1) for D <= 1 - 1/m
    m, D = 4, 0.2
    expected = math.log2(m) - h2(D) - D * math.log2(m - 1)
    assert abs(rd.rate_at(np.full(m, 1 / m), 1 - np.eye(m), D, base=2) - expected) < 1e-6


def test_encoder_rows_are_distributions_and_rate_is_its_information():
    pt = rd.rate_distortion([0.3, 0.3, 0.4], [[0, 1, 4], [1, 0, 1], [4, 1, 0]], beta=1.5)
    np.testing.assert_allclose(pt.encoder.sum(axis=1), 1.0)
    joint = np.array([0.3, 0.3, 0.4])[:, None] * pt.encoder
    assert abs(pt.rate - mutual_information(joint)) < 1e-12


def test_curve_is_decreasing_and_convex():
    D, R = rd.rate_distortion_curve([0.5, 0.5], HAMMING, np.linspace(0.5, 5, 10), base=2)
    assert np.all(np.diff(D) < 0) and np.all(np.diff(R) > 0)
    slopes = np.diff(R) / np.diff(D)
    assert np.all(np.diff(slopes) < 0)  # convex: with D running downwards the slopes get steeper


@pytest.mark.parametrize("eps", [0.0, 0.01, 0.11, 0.3, 0.5])
def test_binary_symmetric_channel(eps):
    c = rd.channel_capacity([[1 - eps, eps], [eps, 1 - eps]], base=2)
    assert abs(c.capacity - (1 - h2(eps))) < 1e-9
    assert c.capacity <= c.upper + 1e-15 and c.upper - c.capacity < 1e-9


@pytest.mark.parametrize("eps", [0.0, 0.25, 0.6, 1.0])
def test_binary_erasure_channel(eps):
    c = rd.channel_capacity([[1 - eps, eps, 0.0], [0.0, eps, 1 - eps]], base=2)
    assert abs(c.capacity - (1 - eps)) < 1e-9


def test_z_channel_against_its_closed_form():
    # Z channel: 0 -> 0 always, 1 -> 0 with probability s. C = log2(1 + (1 - s) s^(s / (1 - s)))
    s = 0.3
    c = rd.channel_capacity([[1.0, 0.0], [s, 1 - s]], base=2)
    assert abs(c.capacity - math.log2(1 + (1 - s) * s ** (s / (1 - s)))) < 1e-8
    assert c.input[1] < 0.5  # the noisy input is used less


def test_capacity_is_the_information_at_the_optimal_input():
    rng = np.random.default_rng(0)
    w = rng.dirichlet(np.ones(5), size=4)
    c = rd.channel_capacity(w)
    assert abs(c.capacity - mutual_information(c.input[:, None] * w)) < 1e-10
    for _ in range(50):  # no other input does better
        r = rng.dirichlet(np.ones(4))
        assert mutual_information(r[:, None] * w) <= c.upper + 1e-12


def test_bad_input():
    with pytest.raises(ValueError, match="p_x"):
        rd.rate_distortion([0.5, 0.6], HAMMING, 1.0)
    with pytest.raises(ValueError, match="distortion must have shape"):
        rd.rate_distortion([0.5, 0.5], np.zeros((3, 2)), 1.0)
    with pytest.raises(ValueError, match="non-negative"):
        rd.rate_distortion([0.5, 0.5], -HAMMING, 1.0)
    with pytest.raises(ValueError, match="beta"):
        rd.rate_distortion([0.5, 0.5], HAMMING, 0.0)
    with pytest.raises(TypeError, match="beta"):
        rd.rate_distortion([0.5, 0.5], HAMMING, "1")
    with pytest.raises(ValueError, match="max_distortion"):
        rd.rate_at([0.5, 0.5], HAMMING + 0.1, 0.05)
    with pytest.raises(ValueError, match="w"):
        rd.channel_capacity([[0.5, 0.6]])
    with pytest.raises(ValueError, match="base"):
        rd.channel_capacity([[1.0, 0.0], [0.0, 1.0]], base=1)


def test_encoder_information_against_numerical_integration():
    from scipy import integrate, stats

    mu, log_var = np.array([[-0.7], [0.4]]), np.array([[np.log(0.5)], [np.log(1.3)]])
    comps = [stats.norm(m[0], math.exp(0.5 * lv[0])) for m, lv in zip(mu, log_var)]

    def integrand(z, c):
        mix = 0.5 * (comps[0].pdf(z) + comps[1].pdf(z))
        return c.pdf(z) * (c.logpdf(z) - math.log(mix))

    exact = 0.5 * sum(integrate.quad(integrand, -12, 12, args=(c,))[0] for c in comps)
    est = rd.encoder_information(mu, log_var, n_samples=20000, seed=0)
    assert abs(est - exact) < 0.01


def test_encoder_information_is_below_log_n_and_the_rate():
    rng = np.random.default_rng(1)
    mu, log_var = rng.normal(0, 1.5, (60, 3)), rng.normal(-2, 0.5, (60, 3))
    info = rd.encoder_information(mu, log_var, n_samples=8)
    rate = float(np.mean(0.5 * (mu**2 + np.exp(log_var) - log_var - 1).sum(axis=1)))
    assert 0 < info <= math.log(60) and info <= rate
    with pytest.raises(ValueError, match="same shape"):
        rd.encoder_information(mu, log_var[:, :2])
    with pytest.raises(TypeError, match="n_samples"):
        rd.encoder_information(mu, log_var, n_samples=2.0)
