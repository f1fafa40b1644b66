"""itml.estimators: closed forms, library oracles, a brute-force KSG, the plug-in bias, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.special import digamma
from sklearn.feature_selection import mutual_info_regression
from sklearn.metrics import mutual_info_score

from itml import entropy, mutual_information
from itml.estimators import (
    entropy_knn,
    entropy_miller_madow,
    entropy_plugin,
    mi_binned,
    mi_ksg,
    mi_plugin,
)
from itml.measures import conditional_mutual_information

LOG2 = math.log(2)


def gaussian_pair(rho, n, seed=0):
    rng = np.random.default_rng(seed)
    x = rng.normal(size=n)
    return x, rho * x + math.sqrt(1 - rho**2) * rng.normal(size=n)


def gauss_mi(rho):
    return -0.5 * math.log(1 - rho**2)


# ---------------------------------------------------------------- discrete estimators

def test_entropy_plugin_known_values():
    assert entropy_plugin([0, 1, 0, 1], base=2) == pytest.approx(1.0)
    assert entropy_plugin(["a", "b", "c", "d"], base=2) == pytest.approx(2.0)
    assert entropy_plugin([7, 7, 7]) == 0.0
    assert entropy_plugin(np.array([True, False, True, False])) == pytest.approx(LOG2)
    assert entropy_plugin([0.5, 1.5, 0.5, 1.5], base=2) == pytest.approx(1.0)


def test_entropy_plugin_matches_measures():
    rng = np.random.default_rng(1)
    x = rng.integers(-5, 5, size=1000)
    _, counts = np.unique(x, return_counts=True)
    assert entropy_plugin(x) == pytest.approx(entropy(counts / counts.sum()), abs=1e-12)


def test_rows_are_joint_symbols():
    rng = np.random.default_rng(2)
    xy = rng.integers(0, 3, size=(500, 2))
    _, inv = np.unique(xy, axis=0, return_inverse=True)
    assert entropy_plugin(xy) == pytest.approx(entropy_plugin(inv.ravel()), abs=1e-12)
    # wide-range integers and strings take the np.unique path and agree
    assert entropy_plugin(xy * 10**12) == pytest.approx(entropy_plugin(inv.ravel()), abs=1e-12)
    # many columns: mixed-radix codes are compressed before they overflow int64
    wide = rng.integers(0, 1000, size=(50, 12))
    assert entropy_plugin(wide) == pytest.approx(math.log(50))


def test_miller_madow_entropy():
    x = [0, 1, 0, 1]
    assert entropy_miller_madow(x) == pytest.approx(math.log(2) + 1 / 8)
    assert entropy_miller_madow(x, base=2) == pytest.approx((math.log(2) + 1 / 8) / LOG2)


def test_mi_plugin_matches_sklearn():
    rng = np.random.default_rng(3)
    for kx, ky, n in [(2, 2, 50), (10, 10, 200), (30, 7, 5000)]:
        x = rng.integers(0, kx, size=n)
        y = (x + rng.integers(0, 3, size=n)) % ky
        assert mi_plugin(x, y) == pytest.approx(mutual_info_score(x, y), abs=1e-10)
    # string labels and the sparse (np.unique) path
    xs = np.array(["a", "b", "c"])[rng.integers(0, 3, size=300)]
    ys = rng.integers(0, 10**9, size=300)
    assert mi_plugin(xs, ys) == pytest.approx(mutual_info_score(xs, ys), abs=1e-10)


@settings(max_examples=50)
@given(st.lists(st.tuples(st.integers(-3, 3), st.sampled_from("abc")), min_size=2, max_size=60))
def test_mi_plugin_matches_sklearn_property(pairs):
    x = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    mi = mi_plugin(x, y)
    assert mi == pytest.approx(mutual_info_score(x, y), abs=1e-10)
    assert 0 <= mi <= min(entropy_plugin(x), entropy_plugin(y)) + 1e-12


def test_mi_plugin_properties():
    rng = np.random.default_rng(4)
    x = rng.integers(0, 4, size=400)
    y = (x + rng.integers(0, 2, size=400)) % 4
    assert mi_plugin(x, y) == pytest.approx(mi_plugin(y, x), abs=1e-12)
    assert mi_plugin(x, x) == pytest.approx(entropy_plugin(x), abs=1e-12)
    h = entropy_plugin(x) + entropy_plugin(y) - entropy_plugin(np.column_stack([x, y]))
    assert mi_plugin(x, y) == pytest.approx(h, abs=1e-12)
    # the table-based measure agrees
    table = np.zeros((4, 4))
    np.add.at(table, (x, y), 1)
    assert mi_plugin(x, y, base=2) == pytest.approx(mutual_information(table / 400, base=2), abs=1e-12)
    # Miller-Madow of MI is H_MM(X) + H_MM(Y) - H_MM(X, Y)
    mm = entropy_miller_madow(x) + entropy_miller_madow(y) - entropy_miller_madow(np.column_stack([x, y]))
    assert mi_plugin(x, y, correction="miller-madow") == pytest.approx(mm, abs=1e-12)


def test_xor_synergy():
    a, c = np.array([0, 0, 1, 1] * 25), np.array([0, 1, 0, 1] * 25)
    y = a ^ c
    assert mi_plugin(a, y) == pytest.approx(0.0, abs=1e-12)
    assert mi_plugin(c, y) == pytest.approx(0.0, abs=1e-12)
    assert mi_plugin(np.column_stack([a, c]), y, base=2) == pytest.approx(1.0)


def test_plugin_bias_and_miller_madow():
    # two independent 10-valued variables, n = 200: plug-in about 0.34 bits, Miller-Madow about 0.10
    rng = np.random.default_rng(5)
    plug, mm = [], []
    for _ in range(200):
        x, y = rng.integers(0, 10, size=200), rng.integers(0, 10, size=200)
        plug.append(mi_plugin(x, y, base=2))
        mm.append(mi_plugin(x, y, base=2, correction="miller-madow"))
    assert np.mean(plug) == pytest.approx(0.34, abs=0.02)
    assert np.mean(mm) == pytest.approx(0.10, abs=0.02)


# ---------------------------------------------------------------- continuous estimators

def test_mi_binned():
    x = np.arange(100.0)
    assert mi_binned(x, x, bins=4, base=2) == pytest.approx(2.0)
    x, y = gaussian_pair(0.9, 20000)
    assert mi_binned(x, y, bins=20) == pytest.approx(gauss_mi(0.9), abs=0.1)
    counts, _, _ = np.histogram2d(x, y, bins=20)
    assert mi_binned(x, y, bins=20) == pytest.approx(
        mutual_info_score(None, None, contingency=counts), abs=1e-10)


def ksg_brute_force(x, y, k):
    """KSG algorithm 1 from the full distance matrices (small n only)."""
    x, y = x.reshape(len(x), -1), y.reshape(len(y), -1)
    dx = np.abs(x[:, None, :] - x[None, :, :]).max(axis=2)
    dy = np.abs(y[:, None, :] - y[None, :, :]).max(axis=2)
    dz = np.maximum(dx, dy)
    np.fill_diagonal(dz, np.inf)
    eps = np.sort(dz, axis=1)[:, k - 1]
    np.fill_diagonal(dx, np.inf)
    np.fill_diagonal(dy, np.inf)
    nx = (dx < eps[:, None]).sum(axis=1)
    ny = (dy < eps[:, None]).sum(axis=1)
    n = len(x)
    return digamma(k) + digamma(n) - np.mean(digamma(nx + 1) + digamma(ny + 1))


@pytest.mark.parametrize("dx,dy", [(1, 1), (2, 1), (2, 3)])
def test_mi_ksg_equals_brute_force(dx, dy):
    rng = np.random.default_rng(6)
    x = rng.normal(size=(300, dx))
    y = x[:, :1] + rng.normal(size=(300, dy))
    for k in (1, 3, 5):
        assert mi_ksg(x, y, k=k, rescale=False) == pytest.approx(ksg_brute_force(x, y, k), abs=1e-12)


@pytest.mark.parametrize("rho", [0.0, 0.5, 0.9, 0.99])
def test_mi_ksg_closed_form(rho):
    x, y = gaussian_pair(rho, 5000, seed=7)
    assert mi_ksg(x, y) == pytest.approx(gauss_mi(rho), abs=0.03)


def test_mi_ksg_multivariate_closed_form():
    # X = (X1, X2) independent standard normals, Y = X1 + X2 + noise: I = 1/2 log(1 + 2 / s^2)
    rng = np.random.default_rng(8)
    x = rng.normal(size=(5000, 2))
    y = x.sum(axis=1) + 0.5 * rng.normal(size=5000)
    assert mi_ksg(x, y) == pytest.approx(0.5 * math.log(1 + 2 / 0.25), abs=0.05)


def test_mi_ksg_matches_sklearn():
    x, y = gaussian_pair(0.9, 3000, seed=9)
    ours = mi_ksg(x, y)
    theirs = mutual_info_regression(x[:, None], y, n_neighbors=3, random_state=0)[0]
    assert ours == pytest.approx(theirs, abs=5e-3)


def test_mi_ksg_not_clipped_and_units():
    rng = np.random.default_rng(10)
    values = [mi_ksg(rng.normal(size=200), rng.normal(size=200)) for _ in range(20)]
    assert min(values) < 0  # near independence the estimate scatters around 0, both signs
    x, y = gaussian_pair(0.5, 500)
    assert mi_ksg(x, y, base=2) == pytest.approx(mi_ksg(x, y) / LOG2)


def test_mi_ksg_rescale_makes_units_irrelevant():
    x, y = gaussian_pair(0.7, 1000)
    assert mi_ksg(1000 * x, y) == pytest.approx(mi_ksg(x, y), abs=1e-9)


@pytest.mark.parametrize("d", [1, 3])
@pytest.mark.parametrize("norm", ["max", "euclidean"])
def test_entropy_knn_gaussian(d, norm):
    rng = np.random.default_rng(11)
    cov = np.eye(d) + 0.5 * (np.ones((d, d)) - np.eye(d))
    x = rng.multivariate_normal(np.zeros(d), cov, size=10000)
    truth = 0.5 * math.log((2 * math.pi * math.e) ** d * np.linalg.det(cov))
    assert entropy_knn(x, norm=norm) == pytest.approx(truth, abs=0.05)


def test_entropy_knn_uniform_and_base():
    x = np.random.default_rng(12).uniform(0, 4, size=5000)  # h = log 4 = 2 bits
    assert entropy_knn(x, base=2) == pytest.approx(2.0, abs=0.05)


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("call,match", [
    (lambda: mi_plugin([0, 1, 0], [0, 1]), "same number of samples"),
    (lambda: mi_plugin([0.0, np.nan], [0, 1]), "x contains NaN"),
    (lambda: mi_plugin([0, 1], [0.0, np.inf]), "y contains NaN or inf"),
    (lambda: mi_plugin([0, 1], [0, 1], correction="mm"), "correction"),
    (lambda: mi_plugin([0], [0]), "at least 2 samples"),
    (lambda: mi_plugin([0, 1], [0, 1], base=1), "base"),
    (lambda: entropy_plugin(5), "x must be 1-D"),
    (lambda: entropy_plugin(np.zeros((2, 2, 2))), "x must be 1-D"),
    (lambda: entropy_plugin([]), "at least 2 samples"),
    (lambda: entropy_plugin(np.zeros((3, 0))), "no columns"),
    (lambda: entropy_plugin(np.array([1.0, float("nan")], dtype=object)), "NaN"),
    (lambda: mi_plugin([0, 1], np.array([1.0, None], dtype=object)), "y has labels that cannot be compared"),
    (lambda: entropy_miller_madow([np.nan, 1.0]), "NaN"),
    (lambda: mi_binned([0.0, 1.0], [0.0, 1.0], bins=0), "bins"),
    (lambda: mi_binned(np.zeros((3, 2)), np.zeros(3)), "1-D"),
    (lambda: mi_binned([0.0, 1.0, 2.0], [0.0, 1.0]), "same number of samples"),
    (lambda: mi_ksg([0.0, 1.0, 2.0], [0.0, 1.0, 2.0], k=3), r"k must be an integer in \[1, 2\]"),
    (lambda: mi_ksg([0.0, 1.0, 2.0], [0.0, 1.0, 2.0], k=0), r"k must be an integer in \[1, 2\]"),
    (lambda: mi_ksg([0.0, 1.0, 2.0], [0.0, 1.0, 2.0], k=True), r"k must be an integer in \[1, 2\], got True"),
    (lambda: mi_ksg([0.0, 1.0, 2.0], [0.0, 1.0]), "same number of samples"),
    (lambda: mi_ksg([0.0, np.nan, 2.0], [0.0, 1.0, 2.0]), "x contains NaN"),
    (lambda: mi_ksg([0.0], [0.0]), "at least 2 samples"),
    (lambda: mi_ksg(["a", "b"], [0.0, 1.0]), "array of numbers"),
    (lambda: entropy_knn([0.0, 1.0, 2.0], k=5), r"k must be an integer in \[1, 2\]"),
    (lambda: entropy_knn([0.0, 1.0, 2.0], norm="l1"), "norm"),
    (lambda: entropy_knn([0.0, 0.0, 1.0, 1.0], k=1), "duplicate"),
    (lambda: entropy_knn(np.zeros((2, 2, 2))), "shape"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("call, match", [
    (lambda: mi_binned([0.0, 1.0], [0.0, 1.0], bins=2.5), "bins must be an integer"),
    (lambda: mi_ksg([0.0, 1.0, 2.0], [0.0, 1.0, 2.0], k=1.5), "k must be an integer"),
    (lambda: entropy_knn([0.0, 1.0, 2.0], k="1"), "k must be an integer"),
])
def test_wrong_type_is_type_error(call, match):
    with pytest.raises(TypeError, match=match):
        call()


# ---------------------------------------------------------------- bias corrections, CMI, mixed data, refusals

from itml.estimators import (  # noqa: E402
    cmi_ksg,
    cmi_plugin,
    entropy_chao_shen,
    entropy_grassberger,
    mi_mixed,
    mi_ross,
    mi_ross_columns,
)


def test_grassberger_and_chao_shen_known_values():
    # G(1) = -gamma - log 2, G(2) = 2 - gamma - log 2 (Grassberger 2003)
    assert entropy_grassberger([0, 1]) == pytest.approx(math.log(2) + 0.5772156649 + math.log(2))
    assert entropy_grassberger([0, 0, 1, 1]) == pytest.approx(math.log(4) - (2 - 0.5772156649 - math.log(2)))
    # no singletons: coverage 1, p = 1/3 each, weight 1 / (1 - (2/3)^6)
    assert entropy_chao_shen([0, 0, 1, 1, 2, 2]) == pytest.approx(math.log(3) / (1 - (2 / 3) ** 6))
    assert entropy_chao_shen([0, 0, 1, 1, 2, 2], base=2) == pytest.approx(math.log2(3) / (1 - (2 / 3) ** 6))


@pytest.mark.parametrize("estimator", [entropy_chao_shen, entropy_grassberger, entropy_miller_madow])
def test_corrections_beat_plugin_when_undersampled(estimator):
    # 100 equally likely symbols, n = 100: the plug-in misses ~0.5 nats; each correction misses less
    rng = np.random.default_rng(20)
    draws = [rng.integers(0, 100, size=100) for _ in range(50)]
    truth = math.log(100)
    bias_plugin = np.mean([entropy_plugin(x) for x in draws]) - truth
    bias = np.mean([estimator(x) for x in draws]) - truth
    assert bias_plugin < -0.4 and abs(bias) < abs(bias_plugin) / 2


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 4), st.integers(0, 3)), min_size=2, max_size=80),
       st.sampled_from([None, "miller-madow", "chao-shen", "grassberger"]))
def test_discrete_mi_never_above_its_bound(pairs, correction):
    x = np.array([p[0] for p in pairs])
    y = np.array([p[1] for p in pairs])
    h = {None: entropy_plugin, "miller-madow": entropy_miller_madow, "chao-shen": entropy_chao_shen,
         "grassberger": entropy_grassberger}[correction]
    assert mi_plugin(x, y, correction=correction) <= min(h(x), h(y)) + 1e-12
    assert entropy_plugin(x) <= math.log(np.unique(x).size) + 1e-12


def test_cmi_plugin_identities():
    rng = np.random.default_rng(21)
    z = rng.integers(0, 3, size=2000)
    x = (z + rng.integers(0, 2, size=2000)) % 4
    y = (x + z + rng.integers(0, 3, size=2000)) % 5
    hp = entropy_plugin
    # I(X;Y|Z) = H(X|Z) - H(X|Y,Z)
    h_x_z = hp(np.column_stack([x, z])) - hp(z)
    h_x_yz = hp(np.column_stack([x, y, z])) - hp(np.column_stack([y, z]))
    assert cmi_plugin(x, y, z) == pytest.approx(h_x_z - h_x_yz, abs=1e-12)
    # chain rule I(X; Y, Z) = I(X; Z) + I(X; Y | Z), exact for the empirical table
    assert mi_plugin(x, np.column_stack([y, z])) == pytest.approx(mi_plugin(x, z) + cmi_plugin(x, y, z), abs=1e-12)
    # the table measure agrees
    table = np.zeros((4, 5, 3))
    np.add.at(table, (x, y, z), 1)
    assert cmi_plugin(x, y, z, base=2) == pytest.approx(
        conditional_mutual_information(table / table.sum(), base=2), abs=1e-12)
    # Miller-Madow: each of the four entropies corrected
    mm = (entropy_miller_madow(np.column_stack([x, z])) + entropy_miller_madow(np.column_stack([y, z]))
          - entropy_miller_madow(np.column_stack([x, y, z])) - entropy_miller_madow(z))
    assert cmi_plugin(x, y, z, correction="miller-madow") == pytest.approx(mm, abs=1e-12)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 2), st.integers(0, 2), st.integers(0, 1)), min_size=2, max_size=60))
def test_cmi_chain_rule_property(rows):
    x, y, z = (np.array(c) for c in zip(*rows))
    assert mi_plugin(x, np.column_stack([y, z])) == pytest.approx(mi_plugin(x, z) + cmi_plugin(x, y, z), abs=1e-10)
    assert 0 <= cmi_plugin(x, y, z) <= min(entropy_plugin(np.column_stack([x, z])) - entropy_plugin(z),
                                           entropy_plugin(np.column_stack([y, z])) - entropy_plugin(z)) + 1e-12


def gaussian_cmi(cov):
    d = np.linalg.det
    return 0.5 * math.log(d(cov[np.ix_([0, 2], [0, 2])]) * d(cov[np.ix_([1, 2], [1, 2])])
                          / (cov[2, 2] * d(cov)))


@pytest.mark.parametrize("a,b", [(0.0, 1.0), (0.8, 1.0), (1.5, 0.5)])
def test_cmi_ksg_gaussian_closed_form(a, b):
    # z ~ N(0,1), x = z + e1, y = a x + b z + e2
    rng = np.random.default_rng(22)
    n = 5000
    z = rng.normal(size=n)
    x = z + rng.normal(size=n)
    y = a * x + b * z + rng.normal(size=n)
    cxy, cyz = a * 2 + b, a + b
    cov = np.array([[2.0, cxy, 1.0], [cxy, a * a * 2 + b * b + 2 * a * b + 1, cyz], [1.0, cyz, 1.0]])
    assert cmi_ksg(x, y, z) == pytest.approx(gaussian_cmi(cov), abs=0.03)


def test_cmi_ksg_brute_force_and_units():
    rng = np.random.default_rng(23)
    x, z = rng.normal(size=(2, 200))
    y = x + z + rng.normal(size=200)
    d = [np.abs(v[:, None] - v[None, :]) for v in (x, y, z)]
    dj = np.maximum(np.maximum(d[0], d[1]), d[2])
    np.fill_diagonal(dj, np.inf)
    eps = np.sort(dj, axis=1)[:, 2]
    for m in d:
        np.fill_diagonal(m, np.inf)
    n_xz = (np.maximum(d[0], d[2]) < eps[:, None]).sum(1)
    n_yz = (np.maximum(d[1], d[2]) < eps[:, None]).sum(1)
    n_z = (d[2] < eps[:, None]).sum(1)
    want = digamma(3) - np.mean(digamma(n_xz + 1) + digamma(n_yz + 1) - digamma(n_z + 1))
    assert cmi_ksg(x, y, z, k=3, rescale=False) == pytest.approx(want, abs=1e-12)
    assert cmi_ksg(x, y, z, base=2) == pytest.approx(cmi_ksg(x, y, z) / LOG2)


def test_cmi_ksg_nonnegative_in_expectation():
    # X and Y independent given Z: the estimates scatter around 0, their mean is not below it
    vals = []
    for seed in range(10):
        rng = np.random.default_rng(seed)
        z = rng.normal(size=500)
        vals.append(cmi_ksg(z + rng.normal(size=500), z + rng.normal(size=500), z))
    assert abs(np.mean(vals)) < 0.02 and min(vals) < 0 < max(vals)


# ---------------------------------------------------------------- neighbour counts against brute force

def _brute_counts(a, r):
    """The documented conventions of _count_within, by an O(n^2) loop-free comparison."""
    if a.shape[1] == 1:  # open interval (a_i - r_i, a_i + r_i), the two bounds rounded as computed
        c = a[:, 0]
        inside = (c[None, :] > (c - r)[:, None]) & (c[None, :] < (c + r)[:, None])
    else:  # max over columns of the floating-point |a_j - a_i|, compared with <=
        inside = np.abs(a[None, :, :] - a[:, None, :]).max(axis=2) <= r[:, None]
    np.fill_diagonal(inside, False)
    return inside.sum(axis=1)


def _count_data(kind, n, d, rng):
    """Points and radii: continuous, or on a grid with many exactly equal distances and radii on them."""
    if kind == "normal":
        return rng.normal(size=(n, d)), rng.uniform(0, 1.5, size=n)
    step, offset = {"binary grid": (0.25, 0.0), "decimal grid": (0.1, 0.0), "offset grid": (0.1, 1e3)}[kind]
    a = rng.integers(-6, 7, size=(n, d)) * step + offset  # values repeat: ties in every column
    r = rng.integers(0, 5, size=n) * step                 # radii exactly on (rounded) grid distances
    return a, r


@pytest.mark.parametrize("kind", ["normal", "binary grid", "decimal grid", "offset grid"])
@pytest.mark.parametrize("d", [1, 2, 3])
@pytest.mark.parametrize("n", [2, 3, 17, 256, 1000])
def test_count_within_equals_brute_force(kind, d, n):
    from scipy.spatial import cKDTree

    from itml.estimators import _count_within
    rng = np.random.default_rng(40 + n + 7 * d)
    a, r = _count_data(kind, n, d, rng)
    want = _brute_counts(a, r)
    np.testing.assert_array_equal(_count_within(a, r), want)
    if d >= 2:  # the grid count equals the k-d tree count
        tree = cKDTree(a)
        np.testing.assert_array_equal(tree.query_ball_point(a, r=r, p=np.inf, return_length=True) - 1, want)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 5), st.integers(0, 5), st.integers(0, 3)), min_size=2, max_size=60),
       st.sampled_from([1.0, 0.1, 0.3]))
def test_count_within_2d_ties_property(rows, step):
    from itml.estimators import _count_within
    a = np.array([p[:2] for p in rows], dtype=float) * step
    r = np.array([p[2] for p in rows], dtype=float) * step
    np.testing.assert_array_equal(_count_within(a, r), _brute_counts(a, r))


def test_cmi_ksg_brute_force_on_a_grid():
    # values on a 0.1 grid (each at most k = 3 times): many neighbour distances equal, some equal to eps
    rng = np.random.default_rng(42)
    x, y, z = (np.repeat(np.arange(100) * 0.1, 3)[rng.permutation(300)] for _ in range(3))
    y = np.round(y + 0.5 * x, 1)
    y = y + np.argsort(np.argsort(y)) * 1e-9  # at most k ties in y after the shift
    a = np.column_stack([x, y, z])
    d = np.abs(a[None, :, :] - a[:, None, :])
    dj = d.max(axis=2)
    np.fill_diagonal(dj, np.inf)
    r = np.sort(dj, axis=1)[:, 2] * (1 - 1e-10)  # the shrunk k-th neighbour distance, k = 3
    n_xz = _brute_counts(a[:, [0, 2]], r)
    n_yz = _brute_counts(a[:, [1, 2]], r)
    n_z = _brute_counts(a[:, [2]], r)
    want = digamma(3) - np.mean(digamma(n_xz + 1) + digamma(n_yz + 1) - digamma(n_z + 1))
    assert cmi_ksg(x, y, z, k=3, rescale=False) == pytest.approx(want, abs=1e-12)


@settings(max_examples=25, deadline=None)
@given(st.floats(1e-3, 1e3), st.floats(-1e3, 1e3), st.floats(1e-3, 1e3), st.floats(-1e3, 1e3))
def test_mi_ksg_affine_invariance(sx, tx, sy, ty):
    x, y = gaussian_pair(0.6, 400, seed=24)
    assert mi_ksg(sx * x + tx, sy * y + ty) == pytest.approx(mi_ksg(x, y), abs=1e-9)


def test_mi_ross_equals_sklearn_internal():
    from sklearn.feature_selection._mutual_info import _compute_mi_cd
    rng = np.random.default_rng(25)
    y = rng.integers(0, 4, size=3000)
    X = rng.normal(size=(3000, 6)) + np.outer(y, [1.0, 0.5, 0.2, 0.0, 0.0, 2.0])
    X[:5, 0] = 7.0 + np.arange(5)  # a label that occurs once is dropped by both
    y[0] = 9
    ours = mi_ross_columns(X, y, k=3)
    theirs = np.array([_compute_mi_cd(X[:, j], y, 3) for j in range(6)])
    np.testing.assert_allclose(np.maximum(ours, 0), theirs, atol=1e-9, rtol=0)
    assert mi_ross(X[:, 0], y) == pytest.approx(ours[0], abs=1e-12)
    assert mi_ross(X[:, 0], y, base=2) == pytest.approx(ours[0] / LOG2, abs=1e-12)


def test_mi_ross_closed_form():
    # two classes 4 sd apart: I = h(X) - h(X | Y), h(X) by numerical integration
    rng = np.random.default_rng(26)
    y = rng.integers(0, 2, size=20000)
    x = rng.normal(size=20000) + 4 * y
    grid = np.linspace(-10, 14, 200001)
    f = 0.5 * (np.exp(-grid**2 / 2) + np.exp(-(grid - 4) ** 2 / 2)) / math.sqrt(2 * math.pi)
    h = -np.sum(f * np.log(f)) * (grid[1] - grid[0])
    truth = h - 0.5 * math.log(2 * math.pi * math.e)
    assert mi_ross(x, y) == pytest.approx(truth, abs=0.03)
    assert mi_ross(np.column_stack([x, rng.normal(size=20000)]), y) == pytest.approx(truth, abs=0.06)


def test_mi_mixed_closed_forms():
    rng = np.random.default_rng(27)
    n = 5000
    # discrete X uniform on {0..m-1}, Y | X uniform on [X, X + 2]: I = log m - (m - 1) log 2 / m
    m = 5
    x = rng.integers(0, m, size=n).astype(float)
    y = x + rng.uniform(0, 2, size=n)
    assert mi_mixed(x, y) == pytest.approx(math.log(m) - (m - 1) * math.log(2) / m, abs=0.05)
    # a mixture: with prob p, X = Y = 20 (an atom); else a Gaussian pair: I = h(p) + (1 - p) I_gauss
    # (an atom inside the Gaussian mass, at 0, biases the estimate down by ~0.1 nats at this n:
    #  marginal neighbourhoods that reach it count all its copies)
    p, rho = 0.3, 0.8
    atom = rng.uniform(size=n) < p
    gx, gy = gaussian_pair(rho, n, seed=28)
    xm, ym = np.where(atom, 20.0, gx), np.where(atom, 20.0, gy)
    truth = -(p * math.log(p) + (1 - p) * math.log(1 - p)) + (1 - p) * gauss_mi(rho)
    assert mi_mixed(xm, ym) == pytest.approx(truth, abs=0.06)
    # purely discrete: close to the plug-in; within log 5 where KSG refuses
    a = rng.integers(0, 5, size=n).astype(float)
    b = (a + rng.integers(0, 2, size=n)) % 5
    assert mi_mixed(a, b) == pytest.approx(mi_plugin(a, b), abs=0.02)
    assert mi_mixed(a, b) <= math.log(5)
    # purely continuous: close to KSG
    cx, cy = gaussian_pair(0.9, 3000, seed=29)
    assert mi_mixed(cx, cy) == pytest.approx(mi_ksg(cx, cy, rescale=False), abs=0.02)


def test_knn_estimators_refuse_ties_and_constants():
    rng = np.random.default_rng(30)
    x = rng.integers(0, 5, size=1000).astype(float)
    y = x + rng.integers(0, 2, size=1000)
    c = rng.normal(size=1000)
    for call in (lambda: mi_ksg(x, y), lambda: mi_ksg(c, y), lambda: cmi_ksg(c, c[::-1], x),
                 lambda: mi_ross(x, y.astype(int))):
        with pytest.raises(ValueError, match="identical samples|tied values") as err:
            call()
        assert "noise with a seed" in str(err.value) and "mi_mixed" in str(err.value)
    for call in (lambda: mi_ksg(np.ones(50), c[:50]), lambda: cmi_ksg(c[:50], c[50:100], np.zeros(50)),
                 lambda: mi_ross_columns(np.column_stack([c, np.ones(1000)]), x.astype(int))):
        with pytest.raises(ValueError, match="constant"):
            call()
    with pytest.raises(ValueError, match=r"k must be an integer in \[1, 3\]"):
        cmi_ksg(c[:4], c[4:8], c[8:12], k=4)
    # the documented remedy works: seeded jitter of relative size 1e-10 runs, and stays below log 5
    jit = np.random.default_rng(0)
    xj = x + 1e-10 * jit.standard_normal(x.size)
    yj = y + 1e-10 * jit.standard_normal(y.size)
    assert mi_ksg(xj, yj) < math.log(5) + 0.05


def test_new_estimators_bad_input():
    c = np.random.default_rng(31).normal(size=20)
    for call, match in [
        (lambda: cmi_plugin([0, 1], [0, 1], [0, 1, 0]), "same number of samples"),
        (lambda: cmi_plugin([0, 1], [0, 1], [0, 1], correction="x"), "correction"),
        (lambda: mi_plugin([0, 1], [0, 1], correction="chao"), "correction"),
        (lambda: cmi_ksg(c, c, c[:10]), "same number of samples"),
        (lambda: mi_ross(c, np.zeros((20, 2))), "y must be 1-D"),
        (lambda: mi_ross(c, np.arange(20)), "no label of y occurs twice"),
        (lambda: mi_ross_columns(c, np.arange(20) % 2), "2-D"),
        (lambda: mi_mixed(c, c[:5]), "same number of samples"),
        (lambda: mi_mixed([0.0, np.nan], [0.0, 1.0]), "NaN"),
    ]:
        with pytest.raises(ValueError, match=match):
            call()
    with pytest.raises(TypeError, match="k must be an integer"):
        mi_ross(c, np.arange(20) % 2, k=1.5)
