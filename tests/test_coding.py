"""itml.coding: the arithmetic coder round-trips and costs the ideal code length."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from itml import coding


def _roundtrip(symbols, probs):
    data = coding.encode(symbols, probs)
    out = coding.decode(data, probs)
    assert out.tolist() == list(symbols)
    return data


def test_empty_input():
    probs = np.zeros((0, 3))
    assert coding.encode([], probs) == b""
    assert coding.decode(b"", probs).tolist() == []


@pytest.mark.parametrize("symbol", [0, 1, 2])
def test_single_symbol(symbol):
    probs = np.array([[0.2, 0.3, 0.5]])
    data = _roundtrip([symbol], probs)
    assert 8 * len(data) <= -math.log2(probs[0, symbol]) + 2 + 8


def test_symbol_of_tiny_probability_is_encodable():
    probs = np.array([[1 - 1e-9, 1e-9]] * 3)
    data = _roundtrip([0, 1, 0], probs)
    assert 8 * len(data) <= coding.ideal_code_length([0, 1, 0], probs) + 2 + 8


def test_probability_zero_is_still_encodable():
    probs = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    _roundtrip([2, 0], probs)


def test_long_skewed_input_is_near_ideal():
    rng = np.random.default_rng(0)
    p = np.array([0.7, 0.2, 0.05, 0.04, 0.01])
    symbols = rng.choice(len(p), size=100_000, p=p)
    probs = np.tile(p, (len(symbols), 1))
    data = _roundtrip(symbols, probs)
    ideal = coding.ideal_code_length(symbols, probs)
    assert ideal <= 8 * len(data) <= ideal + 2 + 8 + 1  # + termination + byte rounding + quantisation


def test_per_position_distributions_change():
    rng = np.random.default_rng(1)
    probs = rng.dirichlet(np.full(7, 0.3), size=2000)
    symbols = np.array([rng.choice(7, p=row) for row in probs])
    data = _roundtrip(symbols, probs)
    assert abs(8 * len(data) - coding.ideal_code_length(symbols, probs)) <= 10


@settings(max_examples=60)
@given(st.data())
def test_random_round_trip(draw):
    V = draw.draw(st.integers(2, 6))
    n = draw.draw(st.integers(0, 40))
    weights = draw.draw(st.lists(st.lists(st.floats(0.0, 1.0), min_size=V, max_size=V), min_size=n, max_size=n))
    probs = np.array(weights, dtype=float).reshape(n, V) + 1e-3
    probs /= probs.sum(axis=1, keepdims=True)
    symbols = draw.draw(st.lists(st.integers(0, V - 1), min_size=n, max_size=n))
    data = _roundtrip(symbols, probs)
    if n:
        assert 8 * len(data) <= coding.ideal_code_length(symbols, probs) + 2 + 8 + 0.01


def test_quantize_keeps_every_symbol_and_fits_precision():
    probs = np.array([[0.999999, 1e-6, 0.0], [1 / 3, 1 / 3, 1 / 3]])
    f = coding.quantize(probs, precision=16)
    assert f.min() >= 1 and (f.sum(axis=1) <= 2**16).all()
    np.testing.assert_allclose(f / f.sum(axis=1, keepdims=True), probs, atol=1e-4)


def test_ideal_code_length():
    assert coding.ideal_code_length([0, 1], [[0.5, 0.5], [0.75, 0.25]]) == 3.0


@pytest.mark.parametrize(
    "symbols, probs, match",
    [
        ([0], [[0.5, 0.6]], "sum to 1"),
        ([0], [[0.5, -0.5, 1.0]], "negative"),
        ([0], [[np.nan, 1.0]], "NaN"),
        ([2], [[0.5, 0.5]], "symbols must lie"),
        ([-1], [[0.5, 0.5]], "symbols must lie"),
        ([0.5], [[0.5, 0.5]], "symbols must hold integers"),
        ([0, 1], [[0.5, 0.5]], "symbols must have length 1"),
        ([0], [0.5, 0.5], "2-D"),
        ([0], [["a", "b"]], "probs"),
    ],
)
def test_bad_input(symbols, probs, match):
    with pytest.raises(ValueError, match=match):
        coding.encode(symbols, probs)


def test_decode_with_a_function_of_the_prefix():
    def next_row(prefix):  # a causal model: repeat the last symbol with probability 0.8
        row = np.full(3, 0.1)
        row[prefix[-1] if len(prefix) else 0] = 0.8
        return row

    symbols = [0, 0, 2, 2, 2, 1, 0]
    probs = np.array([next_row(symbols[:i]) for i in range(len(symbols))])
    data = coding.encode(symbols, probs)
    assert coding.decode(data, next_row, n=len(symbols)).tolist() == symbols
    assert coding.decode(data, next_row, n=3).tolist() == symbols[:3]  # a prefix only
    with pytest.raises(ValueError, match="n must"):
        coding.decode(data, next_row)
    with pytest.raises(ValueError, match="sum to 1"):
        coding.decode(data, lambda prefix: [0.5, 0.6, 0.0], n=2)


def test_bad_precision_and_data():
    with pytest.raises(ValueError, match="precision"):
        coding.encode([0], [[0.5, 0.5]], precision=61)
    with pytest.raises(TypeError, match="precision must be an integer"):
        coding.quantize([[0.5, 0.5]], precision=2.5)
    with pytest.raises(ValueError, match="data"):
        coding.decode("abc", [[0.5, 0.5]])
    with pytest.raises(ValueError, match="probs"):
        coding.decode(b"", [[0.5, 0.7]])
