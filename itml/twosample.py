r"""Two-sample distances: how far apart are the distributions behind two samples?

Used to score generative models against held-out data. NumPy and SciPy only.
"""

from __future__ import annotations

import numpy as np
from scipy.spatial.distance import cdist

from ._validation import as_points

__all__ = ["energy_distance"]


def energy_distance(x, y, *, squared: bool = False) -> float:
    r"""Energy distance between the empirical distributions of two samples.

    .. math::

        D(F, G) = \left(2\,\mathbb{E}\|X - Y\| - \mathbb{E}\|X - X'\|
                  - \mathbb{E}\|Y - Y'\|\right)^{1/2},

    with X, X' drawn from ``x`` and Y, Y' from ``y`` (Euclidean norm; the plug-in V-statistic,
    so the value is exactly 0 for identical samples and never negative). :math:`D^2` is
    Székely and Rizzo's energy distance; it is zero only when F = G. Like
    ``scipy.stats.energy_distance``, which it equals in 1-D, this returns the square root.
    Cost: :math:`O((n + m)^2 d)` time. Unit: that of the data (``squared=True``: its square).

    Compare and subtract in :math:`D^2`, not D: the plug-in statistic is biased upward by
    :math:`\mathbb E\|X - X'\|/n + \mathbb E\|Y - Y'\|/m`, a bias that *adds* to :math:`D^2`, so
    :math:`D^2_\text{model} - D^2_\text{floor}` (both with the same sample sizes) estimates the
    model's true :math:`D^2`, while ratios or differences of D mix the bias in non-linearly.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        First sample, finite.
    y : array_like, shape (m,) or (m, d)
        Second sample, finite, with the same number of columns.
    squared : bool, default False
        Return :math:`D^2` instead of D.

    Returns
    -------
    float
        :math:`D(F, G) \ge 0` in the unit of the data, or :math:`D^2` with ``squared=True``.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is empty, contains NaN or inf, or is not (n,) or (n, d); or if their
        numbers of columns differ.

    References
    ----------
    Székely & Rizzo (2013), `szekely2013` in the book's references.

    Examples
    --------
    >>> round(energy_distance([0.0], [2.0]), 6)  # sqrt(2 |0 - 2|)
    2.0
    >>> energy_distance([[0.0, 1.0], [1.0, 0.0]], [[1.0, 0.0], [0.0, 1.0]])
    0.0
    >>> round(energy_distance([0.0], [2.0], squared=True), 6)  # 2 |0 - 2|
    4.0
    """
    a = as_points(x, "x")
    b = as_points(y, "y")
    if a.shape[1] != b.shape[1]:
        raise ValueError(
            f"x and y must have the same number of columns, got {a.shape[1]} and {b.shape[1]}"
        )
    # Means over all ordered pairs, the zero diagonals of the within-sample terms included;
    # the same cdist for all three terms makes identical samples give exactly 0.
    d2 = 2.0 * cdist(a, b).mean() - cdist(a, a).mean() - cdist(b, b).mean()
    d2 = max(d2, 0.0)  # rounding can leave -1e-17
    return float(d2) if squared else float(np.sqrt(d2))
