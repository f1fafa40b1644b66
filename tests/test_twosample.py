"""itml.twosample: SciPy as the oracle in 1-D, known values, properties, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import scipy.stats

from itml.twosample import energy_distance


@pytest.mark.parametrize("n, m, shift", [(50, 50, 0.0), (40, 70, 0.5), (1, 30, 2.0), (200, 150, -1.0)])
def test_matches_scipy_in_1d(n, m, shift):
    rng = np.random.default_rng(n + m)
    x, y = rng.normal(size=n), rng.normal(loc=shift, size=m)
    assert energy_distance(x, y) == pytest.approx(scipy.stats.energy_distance(x, y), rel=1e-9, abs=1e-12)
    assert energy_distance(x[:, None], y[:, None]) == pytest.approx(scipy.stats.energy_distance(x, y), rel=1e-9)


def test_known_values():
    # Two point masses a, b: D^2 = 2|a - b|.
    assert energy_distance([[0.0, 0.0]], [[3.0, 4.0]]) == pytest.approx(np.sqrt(10.0))
    # {0, 1} against {0}: D^2 = 2 * 1/2 - 1/2 - 0 = 1/2.
    assert energy_distance([0.0, 1.0], [0.0]) == pytest.approx(np.sqrt(0.5))


def test_brute_force_in_2d():
    rng = np.random.default_rng(1)
    x, y = rng.normal(size=(17, 2)), rng.normal(size=(11, 2)) + 0.3
    dxy = np.mean([np.linalg.norm(a - b) for a in x for b in y])
    dxx = np.mean([np.linalg.norm(a - b) for a in x for b in x])
    dyy = np.mean([np.linalg.norm(a - b) for a in y for b in y])
    assert energy_distance(x, y) == pytest.approx(np.sqrt(2 * dxy - dxx - dyy), rel=1e-12)


def test_properties():
    rng = np.random.default_rng(2)
    x, y = rng.normal(size=(60, 3)), rng.normal(size=(40, 3)) * 1.5
    assert energy_distance(x, x) == 0.0
    assert energy_distance(x, x[::-1]) == pytest.approx(0.0, abs=1e-6)  # order does not matter (sqrt of rounding)
    assert energy_distance(x, y) == pytest.approx(energy_distance(y, x))
    q, _ = np.linalg.qr(rng.normal(size=(3, 3)))  # rotation and translation invariant
    assert energy_distance(x @ q + 5, y @ q + 5) == pytest.approx(energy_distance(x, y))
    assert energy_distance(2 * x, 2 * y) == pytest.approx(np.sqrt(2) * energy_distance(x, y))
    assert energy_distance(x, y) > 0


def test_detects_a_shift_and_shrinks_with_n():
    rng = np.random.default_rng(3)
    same = energy_distance(rng.normal(size=(2000, 2)), rng.normal(size=(2000, 2)))
    shifted = energy_distance(rng.normal(size=(2000, 2)), rng.normal(size=(2000, 2)) + 0.5)
    assert same < 0.1 < shifted


@pytest.mark.parametrize(
    "x, y, match",
    [
        ([], [1.0], "x is empty"),
        ([1.0], [], "y is empty"),
        ([np.nan, 1.0], [1.0], "x contains NaN"),
        ([1.0], [np.inf], "y contains NaN or inf"),
        (np.zeros((2, 2, 2)), np.zeros((2, 2)), r"x must have shape \(n,\) or \(n, d\)"),
        (np.zeros((3, 2)), np.zeros((3, 3)), "same number of columns"),
        ("abc", [1.0], "x must be an array of numbers"),
    ],
)
def test_bad_input(x, y, match):
    with pytest.raises(ValueError, match=match):
        energy_distance(x, y)


def test_squared_option():
    rng = np.random.default_rng(3)
    x, y = rng.normal(size=(30, 2)), rng.normal(size=(25, 2)) + 0.5
    d = energy_distance(x, y)
    assert energy_distance(x, y, squared=True) == pytest.approx(d**2, rel=1e-12)
    assert energy_distance(x[:, :1], y[:, :1], squared=True) == pytest.approx(
        scipy.stats.energy_distance(x[:, 0], y[:, 0]) ** 2, rel=1e-9)


def test_bias_adds_in_d_squared():
    # Same distribution: E[D^2] = E||X - X'|| (1/n + 1/m) for the plug-in statistic (exercise 4 of chapter 13).
    rng = np.random.default_rng(0)
    n, m, reps = 40, 60, 400
    d2 = [energy_distance(rng.normal(size=(n, 1)), rng.normal(size=(m, 1)), squared=True) for _ in range(reps)]
    delta = 2 / np.sqrt(np.pi)  # E|X - X'| for standard normals
    assert np.mean(d2) == pytest.approx(delta * (1 / n + 1 / m), rel=4 * np.std(d2) / np.sqrt(reps) / np.mean(d2))
