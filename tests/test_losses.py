"""itml.losses against torch.nn.functional, at ordinary and extreme logits, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from itml import losses


def _t(x):
    return torch.as_tensor(np.asarray(x, dtype=np.float64))


@pytest.mark.parametrize("seed", range(3))
def test_binary_against_torch(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=3, size=50)
    y = rng.integers(0, 2, size=50).astype(float)
    p = 1 / (1 + np.exp(-z))
    for reduction in ("mean", "sum"):
        ref = F.binary_cross_entropy_with_logits(_t(z), _t(y), reduction=reduction).item()
        assert losses.binary_cross_entropy_with_logits(y, z, reduction) == pytest.approx(ref)
        ref_p = F.binary_cross_entropy(_t(p), _t(y), reduction=reduction).item()
        assert losses.binary_cross_entropy(y, p, reduction) == pytest.approx(ref_p)
    per = losses.binary_cross_entropy_with_logits(y, z, "none")
    assert per.shape == (50,)


@pytest.mark.parametrize("seed", range(3))
def test_categorical_against_torch(seed):
    rng = np.random.default_rng(seed)
    z = rng.normal(scale=3, size=(40, 5))
    y = rng.integers(0, 5, size=40)
    p = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    ref = F.cross_entropy(_t(z), torch.as_tensor(y)).item()
    assert losses.categorical_cross_entropy_with_logits(y, z) == pytest.approx(ref)
    assert losses.categorical_cross_entropy(y, p) == pytest.approx(ref)
    onehot = np.eye(5)[y]
    assert losses.categorical_cross_entropy(onehot, p) == pytest.approx(ref)
    soft = rng.dirichlet(np.ones(5), size=40)
    ref_soft = F.cross_entropy(_t(z), _t(soft)).item()
    assert losses.categorical_cross_entropy_with_logits(soft, z) == pytest.approx(ref_soft)


def test_extreme_logits_are_exact():
    # sigmoid(1000) is 1.0 in floating point; the loss of predicting it for y = 0 is 1000 nats.
    assert losses.binary_cross_entropy_with_logits([0.0], [1e3]) == pytest.approx(1e3)
    assert losses.binary_cross_entropy_with_logits([1.0], [-1e3]) == pytest.approx(1e3)
    assert losses.binary_cross_entropy_with_logits([1.0], [1e3]) == pytest.approx(0.0, abs=1e-300)
    assert losses.categorical_cross_entropy_with_logits([1], [[1e3, -1e3]]) == pytest.approx(2e3)


def test_probability_loss_is_inf_not_clamped():
    assert losses.binary_cross_entropy([1.0], [0.0]) == math.inf
    assert losses.categorical_cross_entropy([0], [[0.0, 1.0]]) == math.inf


def test_mean_does_not_grow_with_batch():
    y, p = np.array([0, 1]), np.array([[0.7, 0.3], [0.2, 0.8]])
    small = losses.categorical_cross_entropy(y, p)
    big = losses.categorical_cross_entropy(np.tile(y, 50), np.tile(p, (50, 1)))
    assert big == pytest.approx(small)


def test_perplexity():
    assert losses.perplexity(math.log(7)) == pytest.approx(7)
    assert losses.perplexity(3.0, base=2) == pytest.approx(8)
    with pytest.raises(ValueError, match="cross_entropy"):
        losses.perplexity(-1)
    with pytest.raises(ValueError, match="cross_entropy"):
        losses.perplexity(float("nan"))


@pytest.mark.parametrize(
    "call, message",
    [
        (lambda: losses.binary_cross_entropy([0, 1], [0.5, 1.2]), "p must lie in"),
        (lambda: losses.binary_cross_entropy([0, 2], [0.5, 0.5]), "y must lie in"),
        (lambda: losses.binary_cross_entropy([0, 1], [0.5]), "y and p must have the same shape"),
        (lambda: losses.binary_cross_entropy_with_logits([0, 1], [0.0, np.nan]), "z contains NaN"),
        (lambda: losses.binary_cross_entropy_with_logits([0], [0.0], reduction="avg"), "reduction"),
        (lambda: losses.categorical_cross_entropy([0, 3], [[0.5, 0.5], [0.5, 0.5]]), "y as labels"),
        (lambda: losses.categorical_cross_entropy([0], [[0.5, 0.6]]), "rows that sum to 1"),
        (lambda: losses.categorical_cross_entropy([0], [0.5, 0.5]), "p must be a 2-D"),
        (lambda: losses.categorical_cross_entropy_with_logits([0], [1.0, 2.0]), "z must be a 2-D"),
        (lambda: losses.categorical_cross_entropy_with_logits([], [[1.0, 2.0]]), "y is empty"),
    ],
)
def test_bad_input(call, message):
    with pytest.raises(ValueError, match=message):
        call()
