"""itml._neighbours: the quantile-grid neighbour search equals scipy's k-d tree, value for value."""

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.spatial import cKDTree

from itml._neighbours import column_orders, count_between, count_within, kth_distance


def _points(kind, n, d, rng):
    if kind == "normal":
        return rng.normal(size=(n, d))
    if kind == "heavy tails":      # Cauchy, rounded: far outliers and ties
        return np.round(rng.standard_t(1, size=(n, d)), 1)
    if kind == "grid":             # few values per column: many equal distances
        return rng.integers(0, 4, size=(n, d)) * 0.1
    a = rng.normal(size=(n, d))    # "scales": one column a million times another
    a[:, -1] = a[:, 0] * 1e6
    return a


def _tree_kth(a, k):
    return cKDTree(a).query(a, k=[k + 1], p=np.inf)[0][:, 0]


KINDS = ["normal", "heavy tails", "grid", "scales"]


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("n", [2, 5, 64, 1000])
def test_kth_distance_equals_the_tree(kind, d, n):
    rng = np.random.default_rng(n + 10 * d)
    a = _points(kind, n, d, rng)
    for k in sorted({1, min(3, n - 1), n - 1}):
        np.testing.assert_array_equal(kth_distance(a, k), _tree_kth(a, k))


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("n", [2, 5, 64, 1000])
def test_count_within_equals_the_tree(kind, d, n):
    rng = np.random.default_rng(n + 10 * d + 1)
    a = _points(kind, n, d, rng)
    tree = cKDTree(a)
    eps = _tree_kth(a, min(3, n - 1))
    for r in (eps, eps * (1 - 1e-10), rng.uniform(0, 2, size=n) * np.ptp(a, axis=0).max()):
        want = tree.query_ball_point(a, r=r, p=np.inf, return_length=True) - 1
        np.testing.assert_array_equal(count_within(a, r), want)


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize("n", [1, 2, 5, 64, 1000])
def test_count_between_equals_searchsorted(kind, n):
    rng = np.random.default_rng(n + 7)
    col = _points(kind, n, 1, rng)[:, 0] + (1e3 if kind == "grid" else 0.0)  # an offset: rounded bounds
    s = np.sort(col)
    spread = max(float(np.ptp(col)), 1.0)
    # radii of every size, zero and below the spacing of the floats around col among them
    for r in (rng.uniform(0, 1, size=n) * spread, rng.integers(0, 4, size=n) * 0.1, np.full(n, 1e-18), np.zeros(n)):
        want = np.maximum(np.searchsorted(s, col + r, side="left") - np.searchsorted(s, col - r, side="right") - 1, 0)
        np.testing.assert_array_equal(count_between(col, r), want)
        np.testing.assert_array_equal(count_between(col, r, np.argsort(col)), want)


def test_orders_passed_in_give_the_same_answer():
    rng = np.random.default_rng(3)
    a = rng.normal(size=(500, 3))
    o = column_orders(a)
    r = kth_distance(a, 3)
    np.testing.assert_array_equal(kth_distance(a, 3, o), r)
    np.testing.assert_array_equal(count_within(a[:, [0, 2]], r, o[:, [0, 2]]), count_within(a[:, [0, 2]], r))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(-3, 3), st.integers(-3, 3), st.integers(-3, 3)), min_size=2, max_size=80),
       st.integers(1, 5), st.sampled_from([1.0, 0.1, 0.3]))
def test_ties_property(rows, k, step):
    a = np.array(rows, dtype=float) * step
    k = min(k, len(rows) - 1)
    want = _tree_kth(a, k)
    np.testing.assert_array_equal(kth_distance(a, k), want)
    np.testing.assert_array_equal(count_within(a, want), cKDTree(a).query_ball_point(
        a, r=want, p=np.inf, return_length=True) - 1)
