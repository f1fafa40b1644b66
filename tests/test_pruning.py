"""itml.pruning: rankings, binned MI, unit pruning, the quantiser and the code lengths."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from scipy.special import softmax
from sklearn.feature_selection import mutual_info_classif
from sklearn.metrics import mutual_info_score
from torch import nn

from itml import pruning
from itml.estimators import code_length, discretize
from itml.selection import mutual_info_features, rank_descending

# --- rankings -------------------------------------------------------------------------------

def test_rank_descending_order_and_ties():
    assert rank_descending([0.2, 0.9, 0.5]).tolist() == [1, 2, 0]
    assert rank_descending([1.0, 1.0, 0.0, 1.0]).tolist() == [0, 1, 3, 2]


def test_rank_descending_fixes_the_argsort_snippet():
    scores = np.array([0.3, 0.1, 0.8, 0.5, 0.05])
    snippet = np.argsort(scores)[-3:]                     # the popular snippet
    ours = rank_descending(scores)[:3]
    assert set(snippet) == set(ours)
    assert ours.tolist() == [2, 3, 0] and snippet.tolist() == [0, 3, 2]


def test_mi_feature_ranking_matches_sklearn():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 3, 300)
    X = np.c_[y + 0.3 * rng.normal(size=300), rng.normal(size=300), y + 1.5 * rng.normal(size=300)]
    order, mi = pruning.mi_feature_ranking(X, y, random_state=1)
    np.testing.assert_allclose(mi, mutual_info_classif(X, y, random_state=1))
    assert order.tolist() == [0, 2, 1]


def test_kept_feature_accuracy():
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 200)
    X = np.c_[y + 0.1 * rng.normal(size=200), rng.normal(size=200)]
    assert pruning.kept_feature_accuracy(X[:100], y[:100], X[100:], y[100:], [0]) == 1.0
    assert pruning.kept_feature_accuracy(X[:100], y[:100], X[100:], y[100:], [1]) < 0.75
    with pytest.raises(ValueError, match="columns"):
        pruning.kept_feature_accuracy(X, y, X, y, [2])
    with pytest.raises(ValueError, match="columns"):
        pruning.kept_feature_accuracy(X, y, X, y, [])
    with pytest.raises(ValueError, match="X_train and X_test"):
        pruning.kept_feature_accuracy(X, y, X[:, :1], y, [0])


# --- binned MI of hidden units (selection.mutual_info_features, strategy="uniform") -------------

def test_uniform_binning_of_activations():
    a = np.array([[0.0, 5.0], [0.5, 5.0], [1.0, 5.0], [0.25, 5.0]])
    assert discretize(a, 4, strategy="uniform").tolist() == [[0, 0], [2, 0], [3, 0], [1, 0]]


@pytest.mark.parametrize("seed", range(3))
def test_unit_mi_matches_sklearn_mutual_info_score(seed):
    rng = np.random.default_rng(seed)
    y = rng.integers(0, 4, 500)
    acts = np.c_[y + rng.normal(size=500), rng.normal(size=500), np.zeros(500)]
    got = mutual_info_features(acts, y, bins=6, strategy="uniform")
    codes = discretize(acts, 6, strategy="uniform")
    want = [mutual_info_score(codes[:, j], y) for j in range(3)]
    np.testing.assert_allclose(got, want, atol=1e-12)
    assert got[2] == 0.0 and got[0] > got[1]
    np.testing.assert_allclose(mutual_info_features(acts, y, 6, base=2, strategy="uniform"), got / math.log(2))


def test_unit_mi_bias_is_upward():
    rng = np.random.default_rng(0)
    mi = mutual_info_features(rng.normal(size=(200, 50)), rng.integers(0, 10, 200), bins=10, strategy="uniform")
    assert mi.min() > 0                                   # independent, yet every estimate > 0
    assert mi.mean() == pytest.approx(9 * 9 / 400, rel=0.5)   # (B_A - 1)(B_Y - 1) / (2n)


# --- unit pruning ---------------------------------------------------------------------------

def test_prune_units_equals_removing_them():
    torch.manual_seed(0)
    net = nn.Sequential(nn.Linear(5, 6), nn.ReLU(), nn.Linear(6, 3))
    x = torch.randn(20, 5)
    keep = [0, 2, 3, 5]
    pruned = pruning.prune_units(net, 0, [1, 4])
    small = nn.Sequential(nn.Linear(5, 4), nn.ReLU(), nn.Linear(4, 3))
    with torch.no_grad():
        small[0].weight.copy_(net[0].weight[keep])
        small[0].bias.copy_(net[0].bias[keep])
        small[2].weight.copy_(net[2].weight[:, keep])
        small[2].bias.copy_(net[2].bias)
    assert torch.allclose(pruned(x), small(x), atol=1e-6)
    assert not torch.equal(net[0].weight[1], torch.zeros(5))          # original untouched
    assert torch.allclose(pruning.prune_units(net, 0, [])(x), net(x))


def test_prune_units_bad_input():
    net = nn.Sequential(nn.Linear(5, 6), nn.ReLU(), nn.Linear(6, 3))
    with pytest.raises(ValueError, match="layer"):
        pruning.prune_units(net, 2, [0])
    with pytest.raises(ValueError, match="layer"):
        pruning.prune_units(net, 1, [0])
    with pytest.raises(ValueError, match="units"):
        pruning.prune_units(net, 0, [6])
    with pytest.raises(ValueError, match="nn.Sequential"):
        pruning.prune_units(net[0], 0, [0])


# --- quantisation and description lengths ------------------------------------------------

@settings(max_examples=60)
@given(w=arrays(np.float64, st.integers(1, 50),
                elements=st.floats(-1e3, 1e3, allow_nan=False, allow_infinity=False)),
       bits=st.integers(1, 12))
def test_quantizer_round_trip_error_at_most_half_a_step(w, bits):
    w_hat, codes, step = pruning.quantize_uniform(w, bits)
    assert w_hat.shape == w.shape
    assert np.all(np.abs(w_hat - w) <= step / 2 * (1 + 1e-9) + 1e-12)
    assert codes.min() >= 0 and codes.max() <= 2**bits - 1
    if w.max() > w.min():
        assert step == pytest.approx((w.max() - w.min()) / (2**bits - 1))
        assert codes.min() == 0 and codes.max() == 2**bits - 1     # both ends are levels


def test_quantizer_levels_and_constant_input():
    w_hat, codes, step = pruning.quantize_uniform(np.linspace(0, 1, 11), 1)
    assert set(w_hat.tolist()) == {0.0, 1.0} and step == 1.0
    w_hat, codes, step = pruning.quantize_uniform([2.0, 2.0], 3)
    assert w_hat.tolist() == [2.0, 2.0] and step == 0.0 and codes.tolist() == [0, 0]


@pytest.mark.parametrize("bits, err", [(0, ValueError), (33, ValueError), (True, ValueError),
                                       (2.5, TypeError), ("4", TypeError)])
def test_quantizer_bad_bits(bits, err):
    with pytest.raises(err, match=r"bits must be an integer"):
        pruning.quantize_uniform([0.0, 1.0], bits)


def test_quantizer_bad_weights():
    with pytest.raises(ValueError, match="w contains NaN"):
        pruning.quantize_uniform([0.0, np.nan], 4)
    with pytest.raises(ValueError, match="w is empty"):
        pruning.quantize_uniform([], 4)


def test_code_length_in_bits():
    assert code_length(np.arange(8), base=2) == pytest.approx(24.0)   # 8 x 3 bits
    codes = np.array([0] * 6 + [1] * 2)
    want = -(6 * math.log2(6 / 8) + 2 * math.log2(2 / 8))
    assert code_length(codes, base=2) == pytest.approx(want)
    assert code_length(codes) == pytest.approx(want * math.log(2))  # nats by default
    rng = np.random.default_rng(0)
    c = rng.integers(0, 16, 1000)
    assert code_length(c, base=2) <= 4 * c.size
    with pytest.raises(ValueError, match="at least 2 samples"):
        code_length([])


def test_data_code_length():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(30, 4)) * 3
    y = rng.integers(0, 4, 30)
    want = -np.log2(softmax(z, axis=1)[np.arange(30), y]).sum()
    assert pruning.data_code_length(z, y, base=2) == pytest.approx(want)
    assert pruning.data_code_length(z, y) == pytest.approx(want * math.log(2))
    # uniform predictions: log2(K) bits per label
    assert pruning.data_code_length(np.zeros((10, 8)), np.zeros(10, dtype=int), base=2) == pytest.approx(30.0)
    # extreme logits stay finite
    assert math.isfinite(pruning.data_code_length([[1000.0, -1000.0]], [1]))
    with pytest.raises(ValueError, match=r"y must lie in \[0, 3\]"):
        pruning.data_code_length(z, y + 4)
    with pytest.raises(ValueError, match="logits"):
        pruning.data_code_length(z[0], y[:1])
    with pytest.raises(ValueError, match="y must have length 30"):
        pruning.data_code_length(z, y[:5])


def test_two_part_code_arithmetic():
    w = np.linspace(-1, 1, 100)
    for b in (1, 4, 8):
        _, codes, _ = pruning.quantize_uniform(w, b)
        assert code_length(codes, base=2) <= b * w.size + 1e-9


def test_mi_feature_ranking_credits_ross_not_ksg():
    """scikit-learn's mutual_info_classif is Ross's (2014) estimator, not KSG (review item)."""
    doc = pruning.mi_feature_ranking.__doc__
    assert "Ross's (2014)" in doc and "not KSG itself" in doc
    assert "in the spirit of" not in doc
    assert "Ross 2014" in pruning.__doc__


def test_mi_feature_ranking_on_tied_levels_agrees_with_miller_madow():
    """On 17-level tied features the k-NN ranking agrees with the discrete Miller-Madow one."""
    from scipy.stats import spearmanr

    from itml.estimators import mi_plugin

    rng = np.random.default_rng(0)
    y = rng.integers(0, 4, 600)
    strength = np.linspace(0, 3, 12)
    levels = np.clip(np.rint(y[:, None] * strength + rng.normal(0, 3, (600, 12))), -8, 8).astype(int) + 8
    _, mi = pruning.mi_feature_ranking(levels / 16.0, y, random_state=0)
    mm = [mi_plugin(levels[:, j], y, correction="miller-madow") for j in range(12)]
    assert spearmanr(mi, mm).statistic > 0.9
