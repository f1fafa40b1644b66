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

    with :math:`D_v` the samples whose attribute equals :math:`v` and all probabilities taken
    as frequencies in the sample (the plug-in estimate of the mutual information, computed by
    :func:`itml.estimators.mi_plugin`). Unit: nats by default; ``base=2`` gives bits, as the
    decision-tree literature reports it.

    Parameters
    ----------
    x : array_like, shape (n,)
        The categorical attribute (any values comparable for equality).
    y : array_like, shape (n,)
        The class labels; at least 2 samples.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`\mathrm{IG}(D, A) \ge 0` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is not 1-D, has fewer than 2 samples or contains NaN or inf; if
        their lengths differ; or if ``base`` is invalid.

    References
    ----------
    Quinlan (1986), `quinlan1986` in the book's references.

    Examples
    --------
    >>> round(information_gain(["a", "a", "b", "b"], [0, 0, 1, 1], base=2), 6)
    1.0
    >>> information_gain(["a", "a", "a", "a"], [0, 0, 1, 1])  # one value: nothing gained
    0.0
    """
    return mi_plugin(_column(x, "x"), _column(y, "y"), base=base)


def gain_ratio(x, y, base=None) -> float:
    r"""Gain ratio (Quinlan 1986, §7; C4.5's default): information gain over split information.

    .. math:: \mathrm{GR}(D, A) = \frac{\mathrm{IG}(D, A)}{\mathrm{SplitInfo}(D, A)},
              \qquad \mathrm{SplitInfo}(D, A) = -\sum_v \frac{|D_v|}{|D|}
              \log \frac{|D_v|}{|D|} = H(A)

    A single-valued attribute has :math:`\mathrm{IG} = 0` and split information 0; its gain
    ratio is defined as 0, never NaN. The ratio is dimensionless, so ``base`` does not change
    it; it is accepted for symmetry with :func:`information_gain` and validated.

    Parameters
    ----------
    x : array_like, shape (n,)
        The categorical attribute (any values comparable for equality).
    y : array_like, shape (n,)
        The class labels; at least 2 samples.
    base : float or None, optional
        Validated but without effect on the (unitless) ratio.

    Returns
    -------
    float
        :math:`\mathrm{GR}(D, A) \ge 0` (unitless).

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is not valid 1-D data of the same length, or ``base`` is invalid.

    References
    ----------
    Quinlan (1986), §7, `quinlan1986` in the book's references (where the gain ratio and the
    rule that only attributes of at least average gain compete are introduced).
    Quinlan (1993), `quinlan1993` in the book's references (C4.5, which uses both).

    Examples
    --------
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
    r"""A node of a fitted :class:`ID3Classifier`.

    A leaf has ``feature=None``; an inner node sends a sample to ``children[x[feature]]``.

    Examples
    --------
    >>> node = ID3Classifier().fit([["a"], ["b"]], [0, 1]).tree_
    >>> node.feature, node.is_leaf, node.n_samples
    (0, False, 2)
    """

    class_counts: np.ndarray
    """The number of training samples of each class (in the order of ``classes_``) that
    reached the node, an integer array of shape (n_classes,)."""
    prediction: object
    """The node's majority class (on a tie, the first class in ``classes_``), used for leaves
    and for categories never seen at this node in training."""
    feature: int | None = None
    """Column index (an int) split on; ``None`` for a leaf."""
    children: dict = field(default_factory=dict)
    """A dict that maps each category seen in training to a sub-tree."""

    @property
    def is_leaf(self) -> bool:
        """Whether the node is a leaf (``feature is None``)."""
        return self.feature is None

    @property
    def n_samples(self) -> int:
        """Number of training samples that reached the node (the sum of ``class_counts``)."""
        return int(self.class_counts.sum())


class ID3Classifier(ClassifierMixin, BaseEstimator):
    r"""A multiway decision tree on categorical features: ID3, or C4.5's gain ratio.

    At each node the tree splits on the attribute with the largest score among those not yet
    used on the path from the root, one branch per category seen there:

    * ``criterion="information_gain"``: ID3,
      :math:`\mathrm{IG} = H(Y) - \sum_v \frac{|D_v|}{|D|} H(Y \mid A = v)`;
    * ``criterion="gain_ratio"``: IG divided by the split information :math:`H(A)`, C4.5's
      criterion, without C4.5's extra rule that only attributes with at least average gain
      compete, and without its pruning.

    Gains are plug-in estimates in nats (the choice of split does not depend on the unit).
    A node becomes a leaf predicting its majority class when it is pure, has fewer than
    ``min_samples_split`` samples, sits at depth ``max_depth``, or no attribute has a positive
    gain. Ties between attributes go to the lowest column index.

    Features are categorical: any values that can be compared for equality (strings, integers,
    floats). Numeric thresholds are **not** supported: every distinct float is a category of
    its own. At ``predict`` time a category that was not seen at a node during training falls
    back to that node's majority class.

    Parameters
    ----------
    criterion : {"information_gain", "gain_ratio"}, default "information_gain"
        The split score.
    max_depth : int or None, default None
        Largest depth (the root has depth 0); ``None`` grows until the other rules stop it.
    min_samples_split : int, default 2
        The fewest samples a node needs to be split, at least 2.

    Attributes
    ----------
    classes_
        Array of the class labels, sorted.
    n_features_in_
        Number of features seen in ``fit``.
    categories_
        List of arrays: the sorted categories of each feature seen in ``fit``.
    tree_
        The root :class:`Node` of the fitted tree.

    Raises
    ------
    ValueError
        From ``fit``: if ``criterion`` is unknown, ``max_depth`` is a negative integer or
        ``min_samples_split`` an integer below 2, or ``X`` and ``y`` are not valid
        classification data.
    TypeError
        From ``fit``: if ``max_depth`` or ``min_samples_split`` is not an integer.

    References
    ----------
    Quinlan (1986), `quinlan1986` in the book's references.
    Quinlan (1993), `quinlan1993` in the book's references.

    Examples
    --------
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
        r"""Grow the tree on categorical features ``X`` and labels ``y``.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
            Categorical features.
        y : array_like, shape (n_samples,)
            Class labels.

        Returns
        -------
        ID3Classifier
            The fitted estimator (``self``).

        Raises
        ------
        TypeError
            If ``max_depth`` or ``min_samples_split`` is not an integer.
        ValueError
            If a parameter is out of range, or ``X`` and ``y`` are not valid classification data.

        Examples
        --------
        >>> ID3Classifier(max_depth=0).fit([["a"], ["b"]], [0, 1]).tree_.is_leaf
        True
        """
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
        r"""The class of each row of ``X``: the majority class of the leaf it reaches.

        A category never seen at a node in training stops the descent there; that node's
        majority class is the prediction.

        Parameters
        ----------
        X : array_like, shape (n_samples, n_features)
            Categorical features, as many columns as in ``fit``.

        Returns
        -------
        ndarray, shape (n_samples,)
            Predicted class labels.

        Raises
        ------
        ValueError
            If the estimator is not fitted (scikit-learn's ``NotFittedError``, a subclass), or
            ``X`` has a different number of columns than in ``fit``.

        Examples
        --------
        >>> ID3Classifier().fit([["a"], ["b"]], [0, 1]).predict([["b"], ["c"]]).tolist()
        [1, 0]
        """
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
        r"""The fitted tree as indented text, one line per branch.

        Each leaf line shows the predicted class and, in parentheses, the number of training
        samples that reached it.

        Parameters
        ----------
        feature_names : sequence of str, optional
            One name per feature; by default ``x[0], x[1], ...``.

        Returns
        -------
        str
            The tree, four spaces of indentation per level.

        Raises
        ------
        ValueError
            If the estimator is not fitted (scikit-learn's ``NotFittedError``, a subclass), or
            ``feature_names`` does not have one name per feature.

        Examples
        --------
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
    r"""Draw a fitted :class:`ID3Classifier` with matplotlib.

    Boxes stand for the nodes, edges are labelled with the categories, leaves show the class
    and the number of training samples.

    Parameters
    ----------
    clf : ID3Classifier
        A fitted tree.
    feature_names : sequence of str, optional
        One name per feature; by default ``x[0], x[1], ...``.
    ax : matplotlib.axes.Axes, optional
        Axes to draw on; by default a new figure sized to the tree.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.

    Raises
    ------
    ValueError
        If ``clf`` is not fitted (scikit-learn's ``NotFittedError``, a subclass), or
        ``feature_names`` does not have one name per feature.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> ax = draw_tree(ID3Classifier().fit([["a"], ["b"]], [0, 1]), ["f"])
    >>> tuple(float(v) for v in ax.get_xlim())  # two leaves, side by side
    (-0.7, 1.7)
    >>> plt.close(ax.figure)
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
