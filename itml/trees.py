r"""Information gain, gain ratio and a small ID3 / C4.5-style decision tree.

* :func:`information_gain` and :func:`gain_ratio` score one categorical attribute
  against the labels (plug-in estimates from counts; nats by default, ``base=2`` for the
  bits of the decision-tree literature);
* :class:`ID3Classifier` grows a multiway tree on **categorical** features with the
  scikit-learn estimator API (``fit`` / ``predict`` / ``score``, ``get_params`` /
  ``set_params``, ``classes_``, ``n_features_in_``);
* :func:`draw_tree` draws a fitted tree with matplotlib.

Every distinct value of a feature is its own category: numeric thresholds (C4.5's
``x <= t`` splits on continuous attributes) are **not** supported, so a float column
is split into as many branches as it has distinct values. Discretise continuous
features first.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, validate_data

from ._validation import check_int, log_base
from .estimators import entropy_plugin, mi_plugin

__all__ = ["information_gain", "gain_ratio", "ID3Classifier", "Node", "draw_tree"]

CRITERIA = ("information_gain", "gain_ratio")


# ---------------------------------------------------------------- scores


def _column(a, name: str) -> np.ndarray:
    """A 1-D array of categories (the estimators check length, NaN and sample count)."""
    arr = np.asarray(a)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    return arr


def information_gain(x, y, base=None) -> float:
    r"""Information gain of splitting the labels ``y`` on the categorical attribute ``x``.

    .. math:: \mathrm{IG}(D, A) = H(Y) - \sum_{v} \frac{|D_v|}{|D|}\, H(Y \mid A = v)
              = I(Y; A)

    with :math:`D_v` the samples whose attribute equals :math:`v` and all
    probabilities taken as frequencies in the sample (the plug-in estimate of the
    mutual information, computed by :func:`itml.estimators.mi_plugin`). Unit: nats, or
    units of ``base`` (``base=2``: bits, as the decision-tree literature reports it).

    >>> round(information_gain(["a", "a", "b", "b"], [0, 0, 1, 1], base=2), 6)
    1.0
    >>> information_gain(["a", "a", "a", "a"], [0, 0, 1, 1])  # one value: nothing gained
    0.0
    """
    return mi_plugin(_column(x, "x"), _column(y, "y"), base=base)


def gain_ratio(x, y, base=None) -> float:
    r"""Gain ratio (C4.5): information gain divided by the split information of ``x``.

    .. math:: \mathrm{GR}(D, A) = \frac{\mathrm{IG}(D, A)}{\mathrm{SplitInfo}(D, A)},
              \qquad \mathrm{SplitInfo}(D, A) = -\sum_v \frac{|D_v|}{|D|}
              \log \frac{|D_v|}{|D|} = H(A)

    A single-valued attribute has :math:`\mathrm{IG} = 0` and split information 0;
    its gain ratio is defined as 0 (it cannot split the data), never NaN. The ratio is
    dimensionless, so ``base`` does not change it; it is accepted for symmetry with
    :func:`information_gain` and validated.

    >>> round(gain_ratio(["a", "a", "b", "b"], [0, 0, 1, 1]), 6)
    1.0
    >>> gain_ratio(["a", "a", "a"], [0, 1, 1])
    0.0
    """
    log_base(base)
    x, y = _column(x, "x"), _column(y, "y")
    split = entropy_plugin(x)
    return mi_plugin(x, y) / split if split > 0 else 0.0


# ---------------------------------------------------------------- the tree


@dataclass
class Node:
    """A node of a fitted :class:`ID3Classifier`.

    ``feature`` is the column index split on (``None`` for a leaf), ``children`` maps
    each category seen in training to a sub-tree, ``class_counts`` counts the training
    samples of each class (in the order of ``classes_``) that reached the node, and
    ``prediction`` is its majority class (ties: the first class in ``classes_``), used
    for leaves and for categories never seen at this node in training.
    """

    class_counts: np.ndarray
    prediction: object
    feature: int | None = None
    children: dict = field(default_factory=dict)

    @property
    def is_leaf(self) -> bool:
        return self.feature is None

    @property
    def n_samples(self) -> int:
        return int(self.class_counts.sum())


class ID3Classifier(ClassifierMixin, BaseEstimator):
    r"""A multiway decision tree on categorical features: ID3, or C4.5's gain ratio.

    At each node the tree splits on the attribute with the largest score among those
    not yet used on the path from the root, one branch per category seen there:

    * ``criterion="information_gain"``: ID3 (Quinlan 1986),
      :math:`\mathrm{IG} = H(Y) - \sum_v \frac{|D_v|}{|D|} H(Y \mid A = v)`;
    * ``criterion="gain_ratio"``: IG divided by the split information :math:`H(A)`,
      C4.5's criterion (Quinlan 1993), without C4.5's extra rule that only
      attributes with at least average gain compete, and without its pruning.

    A node becomes a leaf predicting its majority class when it is pure, has fewer
    than ``min_samples_split`` samples, sits at depth ``max_depth``, or no attribute
    has a positive gain. Ties between attributes go to the lowest column index.

    Features are categorical: any values that can be compared for equality (strings,
    integers, floats). Numeric thresholds are **not** supported: every distinct float
    is a category of its own. At ``predict`` time a category that was not seen at a
    node during training falls back to that node's majority class.

    Parameters: ``criterion`` is ``"information_gain"`` or ``"gain_ratio"``; ``max_depth``
    (an int or ``None``; the root has depth 0, ``None`` grows until the other rules stop it);
    ``min_samples_split`` (the fewest samples a node needs to be split, at least 2).

    Fitted attributes: ``classes_`` (the class labels, sorted), ``n_features_in_``, and
    ``tree_``, the root :class:`Node` of the fitted tree.

    >>> X = [["sun", "hot"], ["sun", "cold"], ["rain", "hot"], ["rain", "cold"]]
    >>> clf = ID3Classifier().fit(X, ["go", "go", "stay", "stay"])
    >>> clf.predict([["rain", "hot"], ["fog", "hot"]]).tolist()  # "fog" unseen: majority
    ['stay', 'go']
    >>> clf.tree_.feature
    0
    """

    def __init__(self, criterion="information_gain", max_depth=None, min_samples_split=2):
        self.criterion = criterion
        self.max_depth = max_depth
        self.min_samples_split = min_samples_split

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.input_tags.categorical = True
        tags.input_tags.string = True
        return tags

    def _check_params(self) -> None:
        if self.criterion not in CRITERIA:
            raise ValueError(f"criterion must be one of {CRITERIA}, got {self.criterion!r}")
        if self.max_depth is not None:
            check_int(self.max_depth, "max_depth", 0, type_error=True)
        check_int(self.min_samples_split, "min_samples_split", 2, type_error=True)

    def fit(self, X, y):
        """Grow the tree on categorical features ``X`` (n_samples, n_features) and labels ``y``."""
        self._check_params()
        X, y = validate_data(self, X, y, dtype=None)
        check_classification_targets(y)
        self.classes_, y_codes = np.unique(y, return_inverse=True)
        codes = np.empty(X.shape, dtype=np.int64)
        self.categories_ = []
        for j in range(X.shape[1]):
            cats, codes[:, j] = np.unique(X[:, j], return_inverse=True)
            self.categories_.append(cats)
        self.tree_ = self._grow(codes, y_codes, list(range(X.shape[1])), depth=0)
        return self

    def _leaf(self, y_codes: np.ndarray) -> Node:
        counts = np.bincount(y_codes, minlength=len(self.classes_))
        return Node(class_counts=counts, prediction=self.classes_[np.argmax(counts)])

    def _grow(self, codes, y_codes, free, depth) -> Node:
        node = self._leaf(y_codes)
        if (np.count_nonzero(node.class_counts) <= 1 or not free
                or len(y_codes) < self.min_samples_split
                or (self.max_depth is not None and depth >= self.max_depth)):
            return node
        best, best_score = None, 0.0
        for j in free:
            gain = mi_plugin(codes[:, j], y_codes)  # nats; a constant column gains 0
            if gain <= 1e-12:
                continue
            score = gain if self.criterion == "information_gain" else gain / entropy_plugin(codes[:, j])
            if score > best_score + 1e-12:
                best, best_score = j, score
        if best is None:
            return node
        node.feature = best
        rest = [j for j in free if j != best]
        for c in np.unique(codes[:, best]):
            rows = codes[:, best] == c
            node.children[self.categories_[best][c]] = self._grow(
                codes[rows], y_codes[rows], rest, depth + 1)
        return node

    def predict(self, X):
        """The class of each row of ``X``: the majority class of the leaf it reaches."""
        check_is_fitted(self)
        X = validate_data(self, X, dtype=None, reset=False)
        out = np.empty(len(X), dtype=self.classes_.dtype)
        for i, row in enumerate(X):
            node = self.tree_
            while not node.is_leaf:
                child = node.children.get(row[node.feature])
                if child is None:  # a category this node never saw in training
                    break
                node = child
            out[i] = node.prediction
        return out

    def export_text(self, feature_names=None) -> str:
        """The fitted tree as indented text, one line per branch.

        >>> clf = ID3Classifier().fit([["a"], ["b"]], [0, 1])
        >>> print(clf.export_text(["f"]))
        f = a: 0 (1)
        f = b: 1 (1)
        """
        check_is_fitted(self)
        names = _feature_names(self, feature_names)
        lines = []

        def walk(node, indent):
            for value, child in node.children.items():
                head = f"{'    ' * indent}{names[node.feature]} = {value}"
                if child.is_leaf:
                    lines.append(f"{head}: {child.prediction} ({child.n_samples})")
                else:
                    lines.append(head)
                    walk(child, indent + 1)

        if self.tree_.is_leaf:
            return f"{self.tree_.prediction} ({self.tree_.n_samples})"
        walk(self.tree_, 0)
        return "\n".join(lines)


def _feature_names(clf, feature_names):
    if feature_names is None:
        return [f"x[{j}]" for j in range(clf.n_features_in_)]
    names = list(feature_names)
    if len(names) != clf.n_features_in_:
        raise ValueError(
            f"feature_names must have {clf.n_features_in_} names, got {len(names)}")
    return names


def draw_tree(clf, feature_names=None, ax=None):
    """Draw a fitted :class:`ID3Classifier` with matplotlib: boxes for the nodes, edges
    labelled with the categories, leaves showing the class and the number of samples.

    Returns the matplotlib ``Axes``.
    """
    import matplotlib.pyplot as plt

    check_is_fitted(clf)
    names = _feature_names(clf, feature_names)
    pos, leaves = {}, [0]

    def place(node, depth):  # leaves left to right, parents centred above their children
        if node.is_leaf:
            pos[id(node)] = (leaves[0], -depth)
            leaves[0] += 1
        else:
            xs = [place(child, depth + 1) for child in node.children.values()]
            pos[id(node)] = (sum(xs) / len(xs), -depth)
        return pos[id(node)][0]

    place(clf.tree_, 0)
    depth = -min(y for _, y in pos.values())
    if ax is None:
        _, ax = plt.subplots(figsize=(max(4.0, 1.6 * leaves[0]), 1.0 + 1.3 * depth))
    box = dict(boxstyle="round,pad=0.4", lw=1)

    def draw(node):
        x, y = pos[id(node)]
        if node.is_leaf:
            text = f"{node.prediction}\n({node.n_samples})"
            style = dict(box, fc="#e8f1ea", ec="#66a182")
        else:
            text = names[node.feature]
            style = dict(box, fc="#e6eef7", ec="#1f5a96")
        for value, child in node.children.items():
            cx, cy = pos[id(child)]
            ax.annotate("", xy=(cx, cy + (0.25 if child.is_leaf else 0.17)), xytext=(x, y - 0.15),
                        arrowprops=dict(arrowstyle="->", color="0.4"))
            ax.text((x + cx) / 2, (y + cy) / 2, str(value), ha="center", va="center",
                    fontsize=8, color="0.25", bbox=dict(fc="white", ec="none", pad=1))
            draw(child)
        ax.text(x, y, text, ha="center", va="center", fontsize=9, bbox=style)

    draw(clf.tree_)
    ax.set_xlim(-0.7, leaves[0] - 0.3)
    ax.set_ylim(-depth - 0.5, 0.5)
    ax.set_axis_off()
    return ax
