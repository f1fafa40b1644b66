"""itml.selection: ordering, redundancy, agreement with the estimators, bad input."""

from __future__ import annotations

import numpy as np
import pytest

from itml.estimators import discretize, mi_plugin
from itml.selection import mutual_info_features, rank_descending, select_mrmr, select_top_k_mi


@pytest.fixture(scope="module")
def data():
    # columns 0, 1, 2 carry the class with decreasing signal; columns 3-9 are noise
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, size=600)
    X = rng.normal(size=(600, 10))
    X[:, :3] += y[:, None] * np.array([3.0, 2.0, 1.0])
    return X, y


def test_discretize_equal_frequency():
    x = np.arange(100.0)[:, None]
    codes = discretize(x, bins=4)
    assert np.bincount(codes[:, 0]).tolist() == [25, 25, 25, 25]
    assert discretize(np.array([[3.0], [3.0], [7.0]]), bins=5)[:, 0].tolist() == [0, 0, 1]


def test_mutual_info_features_is_plugin_of_bins(data):
    X, y = data
    codes = discretize(X, bins=8)
    expected = [mi_plugin(codes[:, j], y, base=2) for j in range(X.shape[1])]
    np.testing.assert_allclose(mutual_info_features(X, y, bins=8, base=2), expected, atol=1e-12)


def test_top_k_is_descending(data):
    X, y = data
    mi = mutual_info_features(X, y)
    top = select_top_k_mi(X, y, k=5)
    assert np.all(np.diff(mi[top]) <= 0)
    assert top[:3].tolist() == [0, 1, 2]
    # the popular np.argsort(mi)[-k:] holds the same set in the reverse (ascending) order
    assert np.argsort(mi)[-5:].tolist() == top[::-1].tolist()


def test_mrmr_skips_duplicates(data):
    X, y = data
    Xd = np.column_stack([X, X[:, [0, 1, 2]]])  # columns 10-12 duplicate the informative ones
    top = select_top_k_mi(Xd, y, k=6)
    mr = select_mrmr(Xd, y, k=3)
    assert len({j % 10 for j in top[:6]}) == 3  # top-k spends 6 slots on 3 distinct features
    assert sorted(j % 10 for j in mr) == [0, 1, 2]  # mRMR picks each once
    assert mr[0] == top[0]
    assert len(set(select_mrmr(Xd, y, k=13).tolist())) == 13


@pytest.mark.parametrize("call,match", [
    (lambda: select_mrmr(np.zeros(5), [0] * 5, 1), "X must be 2-D"),
    (lambda: select_mrmr(np.zeros((1, 3)), [0], 1), "at least 2 samples"),
    (lambda: select_mrmr([[0.0, np.nan], [1.0, 2.0]], [0, 1], 1), "X contains NaN"),
    (lambda: select_mrmr(np.zeros((4, 3)), [0, 1, 0], 1), "same number of samples"),
    (lambda: select_mrmr(np.zeros((4, 3)), np.zeros((4, 2)), 1), "y must be 1-D"),
    (lambda: select_mrmr(np.zeros((4, 3)), [0, 1, 0, 1], 4), "k must be"),
    (lambda: select_top_k_mi(np.zeros((4, 3)), [0, 1, 0, 1], 0), "k must be"),
    (lambda: discretize(np.zeros((4, 3)), bins=0), "bins must be a positive integer"),
    (lambda: mutual_info_features(np.zeros((4, 3)), [0, 1, 0, 1], strategy="width"), "strategy"),
    (lambda: rank_descending([[1.0, 2.0]]), "scores must be 1-D"),
    (lambda: mutual_info_features(np.zeros((4, 3)), [0, 1, 0, 1], base=-1), "base"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("call,err,match", [
    (lambda: select_top_k_mi(np.zeros((4, 3)), [0, 1, 0, 1], 2.0), TypeError, "k must be an integer"),
    (lambda: select_top_k_mi(np.zeros((4, 3)), [0, 1, 0, 1], True), ValueError, "k must be an integer"),
    (lambda: discretize([["a", "b"], ["c", "d"]]), TypeError, "array of numbers"),
    (lambda: discretize(np.zeros((4, 3)), bins=2.0), TypeError, "bins must be an integer"),
])
def test_wrong_type_is_type_error(call, err, match):
    with pytest.raises(err, match=match):
        call()
