"""itml.trees: Quinlan's play-tennis numbers, the library oracle, the estimator API, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
from sklearn.metrics import mutual_info_score
from sklearn.utils.estimator_checks import parametrize_with_checks

from itml import entropy
from itml.data import play_tennis
from itml.trees import ID3Classifier, draw_tree, gain_ratio, information_gain

COLUMNS, X, Y = play_tennis()
DAY = np.array([f"D{i}" for i in range(1, 15)])


# ---------------------------------------------------------------- known values

def test_play_tennis_table():
    assert COLUMNS == ["Outlook", "Temperature", "Humidity", "Wind"]
    assert X.shape == (14, 4) and Y.shape == (14,)
    assert (Y == "Yes").sum() == 9 and (Y == "No").sum() == 5
    assert entropy([9 / 14, 5 / 14], base=2) == pytest.approx(0.940, abs=5e-4)


@pytest.mark.parametrize("name, ig, gr", [
    ("Outlook", 0.247, 0.156),
    ("Temperature", 0.029, 0.019),
    ("Humidity", 0.152, 0.152),
    ("Wind", 0.048, 0.049),
])
def test_play_tennis_gains(name, ig, gr):
    x = X[:, COLUMNS.index(name)]
    assert information_gain(x, Y, base=2) == pytest.approx(ig, abs=5e-4)
    assert gain_ratio(x, Y) == pytest.approx(gr, abs=5e-4)


def test_id_attribute_wins_on_gain_and_still_on_gain_ratio():
    h = entropy([9 / 14, 5 / 14], base=2)
    assert information_gain(DAY, Y, base=2) == pytest.approx(h, abs=1e-12)
    assert gain_ratio(DAY, Y) == pytest.approx(h / math.log2(14), abs=1e-12)
    assert gain_ratio(DAY, Y) > gain_ratio(X[:, 0], Y)  # reduced bias, not removed


def test_information_gain_is_plugin_mutual_information():
    rng = np.random.default_rng(0)
    for _ in range(20):
        x = rng.integers(0, rng.integers(1, 6), size=50)
        y = rng.integers(0, 3, size=50)
        assert information_gain(x, y) == pytest.approx(mutual_info_score(x, y), abs=1e-12)  # nats
        assert information_gain(x, y, base=2) == pytest.approx(mutual_info_score(x, y) / math.log(2), abs=1e-12)


def test_properties():
    rng = np.random.default_rng(1)
    for _ in range(20):
        x = rng.integers(0, 4, size=40)
        y = rng.integers(0, 3, size=40)
        ig = information_gain(x, y)
        assert 0 <= ig <= information_gain(y, y) + 1e-12  # IG <= H(Y)
        assert 0 <= gain_ratio(x, y) <= 1 + 1e-12
        # labels are categories: renaming them changes nothing
        assert information_gain(np.array(list("abcd"))[x], y) == pytest.approx(ig)


def test_single_valued_attribute_gives_zero_not_nan():
    assert information_gain(["a"] * 5, [0, 1, 0, 1, 1]) == 0.0
    assert gain_ratio(["a"] * 5, [0, 1, 0, 1, 1]) == 0.0


def test_gain_ratio_ignores_base():
    assert gain_ratio(X[:, 0], Y, base=2) == pytest.approx(gain_ratio(X[:, 0], Y))


# ---------------------------------------------------------------- the tree

def test_id3_grows_quinlans_tree():
    for criterion in ("information_gain", "gain_ratio"):
        clf = ID3Classifier(criterion=criterion).fit(X, Y)
        root = clf.tree_
        assert COLUMNS[root.feature] == "Outlook"
        assert root.children["Overcast"].is_leaf and root.children["Overcast"].prediction == "Yes"
        assert COLUMNS[root.children["Sunny"].feature] == "Humidity"
        assert COLUMNS[root.children["Rain"].feature] == "Wind"
        assert clf.score(X, Y) == 1.0
        assert list(clf.classes_) == ["No", "Yes"] and clf.n_features_in_ == 4


def test_id_attribute_is_chosen_by_both_criteria():
    X5 = np.column_stack([X, DAY])
    for criterion in ("information_gain", "gain_ratio"):
        assert ID3Classifier(criterion=criterion).fit(X5, Y).tree_.feature == 4


def test_unseen_category_falls_back_to_node_majority():
    clf = ID3Classifier().fit(X, Y)
    # "Fog" never seen at the root: root majority (Yes). "Mild" humidity unseen under Sunny:
    # the Sunny node's majority (No, 3 of 5).
    pred = clf.predict([["Fog", "Hot", "High", "Weak"], ["Sunny", "Hot", "Mild", "Weak"]])
    assert pred.tolist() == ["Yes", "No"]


def test_max_depth_and_min_samples_split():
    assert ID3Classifier(max_depth=0).fit(X, Y).tree_.is_leaf
    stump = ID3Classifier(max_depth=1).fit(X, Y).tree_
    assert all(child.is_leaf for child in stump.children.values())
    big = ID3Classifier(min_samples_split=15).fit(X, Y)
    assert big.tree_.is_leaf and big.predict(X[:1])[0] == "Yes"


def test_export_text_and_draw():
    import matplotlib

    matplotlib.use("Agg")
    clf = ID3Classifier().fit(X, Y)
    text = clf.export_text(COLUMNS)
    assert text.splitlines()[0] == "Outlook = Overcast: Yes (4)"
    ax = draw_tree(clf, COLUMNS)
    assert len(ax.texts) == 8 + 7 + 7  # 8 node boxes, 7 edge labels, 7 arrows (annotations)
    with pytest.raises(ValueError, match="feature_names"):
        clf.export_text(["only one"])


def test_get_set_params():
    clf = ID3Classifier(criterion="gain_ratio", max_depth=2)
    assert clf.get_params() == {"criterion": "gain_ratio", "max_depth": 2, "min_samples_split": 2}
    assert clf.set_params(max_depth=None).max_depth is None


# Every check of scikit-learn 1.9.1 passes (the checks fit and predict on the same data, so
# treating each distinct float as a category does no harm there); none is expected to fail.
@parametrize_with_checks([ID3Classifier(), ID3Classifier(criterion="gain_ratio")])
def test_sklearn_compatible(estimator, check):
    check(estimator)


# ---------------------------------------------------------------- bad input

@pytest.mark.parametrize("x, y, match", [
    ([], [], "x needs at least 2 samples"),
    ([[1, 2]], [1], "x must be 1-D"),
    ([1, 2, 3], [1, 2], "same number of samples"),
    ([1.0, np.nan], [0, 1], "x contains NaN"),
    ([1, 2], [0.0, np.inf], "y contains NaN or inf"),
])
def test_bad_input(x, y, match):
    for f in (information_gain, gain_ratio):
        with pytest.raises(ValueError, match=match):
            f(x, y)


def test_bad_base():
    with pytest.raises(ValueError, match="base"):
        information_gain([0, 1], [0, 1], base=1)
    with pytest.raises(ValueError, match="base"):
        gain_ratio([0, 1], [0, 1], base=-2)


@pytest.mark.parametrize("params, match", [
    ({"criterion": "gini"}, "criterion"),
    ({"max_depth": -1}, "max_depth"),
    ({"max_depth": True}, "max_depth"),
    ({"min_samples_split": 1}, "min_samples_split"),
])
def test_bad_params(params, match):
    with pytest.raises(ValueError, match=match):
        ID3Classifier(**params).fit(X, Y)


@pytest.mark.parametrize("params, match", [
    ({"max_depth": 1.5}, "max_depth must be an integer"),
    ({"min_samples_split": "2"}, "min_samples_split must be an integer"),
])
def test_wrong_param_type_is_type_error(params, match):
    with pytest.raises(TypeError, match=match):
        ID3Classifier(**params).fit(X, Y)


def test_bad_fit_predict_input():
    with pytest.raises(ValueError, match="Unknown label type"):
        ID3Classifier().fit([[0], [1]], [0.5, 1.5])
    clf = ID3Classifier().fit(X, Y)
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:, :3])


def test_gain_ratio_is_credited_to_quinlan_1986():
    """Gain ratio and the at-least-average-gain rule are in Quinlan (1986), section 7 (review)."""
    from itml.trees import gain_ratio

    doc = gain_ratio.__doc__
    assert "Quinlan 1986, §7" in doc and "quinlan1986" in doc
    assert doc.splitlines()[0].startswith("Gain ratio (Quinlan 1986")
