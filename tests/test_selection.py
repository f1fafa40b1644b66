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


# ---------------------------------------------------------------- JMI, CMIM, the transformer, CV

from sklearn.linear_model import LogisticRegression  # noqa: E402
from sklearn.model_selection import StratifiedKFold, cross_val_score  # noqa: E402
from sklearn.pipeline import make_pipeline  # noqa: E402

from itml.estimators import cmi_plugin, mi_ross_columns  # noqa: E402
from itml.selection import (  # noqa: E402
    MutualInfoSelector,
    cross_val_selection,
    select_cmim,
    select_jmi,
)


def jmi_brute(codes, y, k):
    sel = [int(np.argmax([mi_plugin(codes[:, j], y) for j in range(codes.shape[1])]))]
    while len(sel) < k:
        score = [sum(mi_plugin(codes[:, [j, s]], y) for s in sel) if j not in sel else -np.inf
                 for j in range(codes.shape[1])]
        sel.append(int(np.argmax(score)))
    return sel


def cmim_brute(codes, y, k):
    sel = [int(np.argmax([mi_plugin(codes[:, j], y) for j in range(codes.shape[1])]))]
    while len(sel) < k:
        score = [min(cmi_plugin(codes[:, j], y, codes[:, s]) for s in sel) if j not in sel else -np.inf
                 for j in range(codes.shape[1])]
        sel.append(int(np.argmax(score)))
    return sel


def test_jmi_and_cmim_match_their_definitions(data):
    X, y = data
    Xd = np.column_stack([X, X[:, [0, 1]]])
    codes = discretize(Xd, bins=6)
    assert select_jmi(Xd, y, k=5, bins=6).tolist() == jmi_brute(codes, y, 5)
    assert select_cmim(Xd, y, k=5, bins=6).tolist() == cmim_brute(codes, y, 5)


def test_jmi_and_cmim_skip_duplicates_and_find_xor_partners():
    rng = np.random.default_rng(3)
    a, c = rng.integers(0, 2, size=(2, 2000))
    y = a ^ c
    # column 0: a with a weak hint of y; column 1: noise; column 2: c; column 3: a copy of column 0
    hint = a + 0.3 * (rng.uniform(size=2000) < 0.6) * y
    X = np.column_stack([hint, rng.normal(size=2000), c, hint])
    for select in (select_jmi, select_cmim):
        order = select(X, y, k=2, bins=4)
        assert order[0] in (0, 3) and order[1] == 2, select.__name__


def test_transformer_in_a_pipeline(data):
    X, y = data
    sel = MutualInfoSelector("cmim", k=3).fit(X, y)
    assert sel.order_.tolist() == select_cmim(X, y, 3).tolist()
    assert sel.transform(X).shape == (600, 3)
    pipe = make_pipeline(MutualInfoSelector("jmi", k=2), LogisticRegression())
    assert cross_val_score(pipe, X, y, cv=3).mean() > 0.8
    with pytest.raises(ValueError, match="method"):
        MutualInfoSelector("fcbf").fit(X, y)


def test_cross_val_selection_selects_inside_the_folds(data):
    X, y = data
    cv = StratifiedKFold(3, shuffle=True, random_state=0)
    acc = cross_val_selection(X, y, "mrmr", [1, 2], LogisticRegression(), cv)
    assert acc.shape == (3, 2) and np.all(acc[:, 1] >= acc[:, 0] - 0.05)
    # the same numbers as a pipeline that selects inside each fold
    pipe = make_pipeline(MutualInfoSelector("mrmr", k=2), LogisticRegression())
    np.testing.assert_allclose(acc[:, 1], cross_val_score(pipe, X, y, cv=cv), atol=1e-12)
    with pytest.raises(ValueError, match="method"):
        cross_val_selection(X, y, "nope", [1], LogisticRegression(), cv)


def test_ross_method(data):
    X, y = data
    np.testing.assert_allclose(mutual_info_features(X, y, method="ross"), mi_ross_columns(X, y), atol=0)
    with pytest.raises(ValueError, match="method"):
        mutual_info_features(X, y, method="ksg")
