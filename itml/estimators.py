r"""Information measures estimated from samples.

Discrete data (labels of any hashable dtype; a 2-D array is read row by row, each row one joint
symbol):

* :func:`entropy_plugin`, :func:`entropy_miller_madow` -- entropy of the empirical distribution,
  with or without the Miller--Madow bias correction;
* :func:`mi_plugin` -- mutual information of the empirical joint distribution (optionally
  Miller--Madow corrected).

Continuous data:

* :func:`discretize` -- equal-width or equal-frequency (quantile) binning, the one binning
  routine of the package (used by :func:`mi_binned`, :mod:`itml.selection` and :mod:`itml.bottleneck`);
* :func:`mi_binned` -- plug-in MI of an equal-width 2-D histogram;
* :func:`mi_ksg` -- the Kraskov--Stögbauer--Grassberger k-nearest-neighbour estimator;
* :func:`entropy_knn` -- the Kozachenko--Leonenko k-nearest-neighbour entropy estimator.

:func:`code_length` is :math:`n \hat H`, the length of a sequence coded with its own empirical
frequencies.

All results are in **nats** unless ``base`` is given (``base=2`` gives bits). Bad input raises
``ValueError`` naming the argument.
"""

from __future__ import annotations

import math

import numpy as np
from scipy.spatial import cKDTree
from scipy.special import digamma, gammaln, xlogy

from ._validation import as_finite, as_points, check_int, log_base

__all__ = [
    "entropy_plugin",
    "entropy_miller_madow",
    "code_length",
    "mi_plugin",
    "discretize",
    "mi_binned",
    "mi_ksg",
    "entropy_knn",
]

_CORRECTIONS = (None, "miller-madow")
_MAX_CODE = 2**62  # mixed-radix codes stay below this, so int64 never overflows


# ------------------------------------------------------------------ input checks

def _labels(x, name: str) -> np.ndarray:
    """Return discrete labels as a 1-D or 2-D array with at least 2 rows, NaN/inf refused."""
    arr = np.asarray(x)
    if arr.ndim == 0 or arr.ndim > 2:
        raise ValueError(f"{name} must be 1-D (labels) or 2-D (one symbol per row), got shape {arr.shape}")
    if arr.size == 0 and arr.shape[0] >= 2:
        raise ValueError(f"{name} has no columns, got shape {arr.shape}")
    if arr.shape[0] < 2:
        raise ValueError(f"{name} needs at least 2 samples, got {arr.shape[0]}")
    if arr.dtype.kind in "fc" and not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf")
    if arr.dtype.kind == "O":
        try:
            bad = any(isinstance(v, float) and not math.isfinite(v) for v in arr.ravel())
        except TypeError:
            bad = False
        if bad:
            raise ValueError(f"{name} contains NaN or inf")
    return arr


def _same_length(x: np.ndarray, y: np.ndarray) -> None:
    if x.shape[0] != y.shape[0]:
        raise ValueError(f"x and y must have the same number of samples, got {x.shape[0]} and {y.shape[0]}")


# ------------------------------------------------------------------ discrete symbols

def _encode_1d(col: np.ndarray) -> tuple[np.ndarray, int]:
    """Integer codes 0..m-1 for a 1-D label array (a value range for small integers, else np.unique)."""
    if col.dtype.kind == "b":
        return col.astype(np.int64), 2
    if col.dtype.kind in "iu":
        lo, hi = int(col.min()), int(col.max())
        if hi - lo < 4 * col.size + 1024:  # dense enough for bincount: no sort needed
            code = col.astype(np.int64, copy=False)
            return (code - lo if lo else code), hi - lo + 1
    uniq, inv = np.unique(col, return_inverse=True)
    return inv.reshape(-1).astype(np.int64), uniq.size


def _encode(arr: np.ndarray) -> tuple[np.ndarray, int]:
    """Integer codes for the symbols of ``arr`` (1-D labels, or 2-D rows) and the size of the code range."""
    if arr.ndim == 1:
        return _encode_1d(arr)
    code, size = np.zeros(arr.shape[0], dtype=np.int64), 1
    for j in range(arr.shape[1]):
        c, m = _encode_1d(arr[:, j])
        if size * m >= _MAX_CODE:
            code, size = _compress(code)
        code, size = code * m + c, size * m
    if size > 4 * arr.shape[0] + 1024:
        code, size = _compress(code)
    return code, size


def _compress(code: np.ndarray) -> tuple[np.ndarray, int]:
    uniq, inv = np.unique(code, return_inverse=True)
    return inv.astype(np.int64), uniq.size


def _codes(arr: np.ndarray, name: str) -> tuple[np.ndarray, int]:
    try:
        return _encode(arr)
    except TypeError as err:  # np.unique cannot sort mixed objects such as None and 1.0
        raise ValueError(f"{name} has labels that cannot be compared with each other ({err})") from None


def _counts(arr: np.ndarray, name: str) -> np.ndarray:
    code, size = _codes(arr, name)
    return np.bincount(code, minlength=size)


def _entropy_counts(counts: np.ndarray, n: int) -> float:
    # H = log n - (1/n) sum c log c, with 0 log 0 = 0
    return math.log(n) - float(xlogy(counts, counts).sum()) / n


def _contingency(x: np.ndarray, y: np.ndarray):
    """Non-zero joint counts with the marginal counts of their row and column."""
    cx, kx = _codes(x, "x")
    cy, ky = _codes(y, "y")
    n = cx.size
    code = cx * ky
    code += cy
    if kx * ky <= 4 * n + 2**20:  # a dense table: one bincount, marginals from its sums
        table = np.bincount(code, minlength=kx * ky)
        cells = np.flatnonzero(table)
        nxy = table[cells]
        table = table.reshape(kx, ky)
        nx, ny = table.sum(axis=1), table.sum(axis=0)
    else:
        cells, nxy = np.unique(code, return_counts=True)
        nx, ny = np.bincount(cx, minlength=kx), np.bincount(cy, minlength=ky)
    return nxy, nx[cells // ky], ny[cells % ky], nx, ny


def entropy_plugin(x, base=None) -> float:
    r"""Plug-in (maximum-likelihood) entropy of discrete samples.

    .. math:: \hat H(X) = -\sum_x \hat p(x) \log \hat p(x), \qquad \hat p(x) = n_x / n

    Biased downward: :math:`E[\hat H] \le H`. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Discrete samples: 1-D labels (any dtype that ``numpy.unique`` sorts) or a 2-D array
        with one joint symbol per row; at least 2 samples.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`\hat H(X)` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D or 2-D, has fewer than 2 samples, contains NaN or inf, or holds
        labels that cannot be compared; or if ``base`` is invalid.

    References
    ----------
    Paninski (2003), `paninski2003` in the book's references.

    Examples
    --------
    >>> entropy_plugin([0, 1, 0, 1], base=2)
    1.0
    >>> entropy_plugin([[0, 0], [0, 1], [1, 0], [1, 1]], base=2)  # four distinct rows
    2.0
    """
    div = log_base(base)
    arr = _labels(x, "x")
    return _entropy_counts(_counts(arr, "x"), arr.shape[0]) / div


def entropy_miller_madow(x, base=None) -> float:
    r"""Miller--Madow bias-corrected entropy of discrete samples.

    .. math:: \hat H_{MM}(X) = \hat H(X) + \frac{\hat m - 1}{2n}

    where :math:`\hat m` is the number of distinct symbols observed and the correction (the
    first-order bias of the plug-in estimate) is in nats. Unit: nats by default; ``base=2``
    gives bits.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Discrete samples: 1-D labels (any dtype that ``numpy.unique`` sorts) or a 2-D array
        with one joint symbol per row; at least 2 samples.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`\hat H_{MM}(X)` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D or 2-D, has fewer than 2 samples, contains NaN or inf, or holds
        labels that cannot be compared; or if ``base`` is invalid.

    References
    ----------
    Miller (1955), `miller1955` in the book's references.

    Examples
    --------
    >>> print(round(entropy_miller_madow([0, 1, 0, 1]), 4))  # log 2 + 1/8 nats
    0.8181
    """
    div = log_base(base)
    arr = _labels(x, "x")
    counts = _counts(arr, "x")
    n = arr.shape[0]
    m = np.count_nonzero(counts)
    return (_entropy_counts(counts, n) + (m - 1) / (2 * n)) / div


def code_length(x, base=None) -> float:
    r"""Length of the sequence ``x`` coded with its own empirical frequencies.

    .. math:: L = n\, \hat H(X) = -\sum_s n_s \log \frac{n_s}{n}

    (ignoring the cost of sending the frequency table): :func:`entropy_plugin` times the number
    of samples. Pass ``codes.ravel()`` to code every entry of an array. Unit: nats by default;
    ``base=2`` gives bits.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Discrete samples: 1-D labels (any dtype that ``numpy.unique`` sorts) or a 2-D array
        with one joint symbol per row; at least 2 samples.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`n \hat H(X)` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``x`` is not 1-D or 2-D, has fewer than 2 samples, contains NaN or inf, or holds
        labels that cannot be compared; or if ``base`` is invalid.

    Examples
    --------
    >>> code_length([0, 0, 1, 1], base=2)
    4.0
    >>> code_length([3, 3, 3])
    0.0
    """
    arr = _labels(x, "x")
    return arr.shape[0] * entropy_plugin(arr, base=base)


def mi_plugin(x, y, base=None, correction=None) -> float:
    r"""Plug-in mutual information of paired discrete samples.

    .. math:: \hat I(X;Y) = \sum_{x,y} \frac{n_{xy}}{n} \log \frac{n\, n_{xy}}{n_x\, n_y}

    Biased upward (about :math:`(m_x - 1)(m_y - 1) / 2n` nats for independent variables).
    ``correction="miller-madow"`` applies the Miller--Madow correction to each entropy in
    :math:`I = H(X) + H(Y) - H(X, Y)`, i.e. adds :math:`(\hat m_x + \hat m_y - \hat m_{xy} - 1)/2n`
    nats; the corrected value may be negative. Without the correction it equals
    ``sklearn.metrics.mutual_info_score(x, y)``. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, d)
        Paired discrete samples: 1-D labels or 2-D arrays with one joint symbol per row;
        the same number of samples, at least 2.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.
    correction : {None, "miller-madow"}, optional
        Bias correction; ``None`` (default) gives the plain plug-in estimate.

    Returns
    -------
    float
        :math:`\hat I(X;Y)` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is not valid discrete data, their lengths differ, or ``correction``
        or ``base`` is invalid.

    References
    ----------
    Miller (1955), `miller1955` in the book's references.
    Paninski (2003), `paninski2003` in the book's references.

    Examples
    --------
    >>> mi_plugin([0, 0, 1, 1], [0, 0, 1, 1], base=2)
    1.0
    >>> mi_plugin([0, 1, 0, 1], [0, 0, 1, 1])
    0.0
    """
    div = log_base(base)
    if correction not in _CORRECTIONS:
        raise ValueError(f"correction must be None or 'miller-madow', got {correction!r}")
    xa, ya = _labels(x, "x"), _labels(y, "y")
    _same_length(xa, ya)
    n = xa.shape[0]
    nxy, nx_cell, ny_cell, nx, ny = _contingency(xa, ya)
    # sum over non-zero cells of (n_xy / n) log(n n_xy / (n_x n_y))
    mi = float(np.dot(nxy, np.log(nxy * (n / nx_cell) / ny_cell))) / n
    mi = max(mi, 0.0)  # rounding can leave -1e-17 for independent tables
    if correction == "miller-madow":
        mi += (np.count_nonzero(nx) + np.count_nonzero(ny) - nxy.size - 1) / (2 * n)
    return mi / div


# ------------------------------------------------------------------ continuous samples

def discretize(x, bins=10, strategy="quantile", limits=None) -> np.ndarray:
    r"""Bin each column of ``x`` into integer codes ``0 .. bins - 1``.

    .. math:: c_{ij} = b \iff x_{ij} \in [e_{j,b},\, e_{j,b+1})

    with edges :math:`e_{j,\cdot}` set by ``strategy``:

    * ``strategy="uniform"``: ``bins`` equal-width bins over ``limits = (low, high)``, by default
      each column's own minimum and maximum (the bins of ``numpy.histogram``: half-open, the last
      one closed). Values outside ``limits`` fall into the first or last bin; a constant column
      falls entirely into bin 0.
    * ``strategy="quantile"``: equal-frequency bins, column :math:`j` cut at its empirical quantiles
      :math:`q_{1/b}, \dots, q_{(b-1)/b}`; a column with at most ``bins`` distinct values keeps one
      code per value (ties never straddle a cut, so heavily tied columns get fewer bins).
      ``limits`` does not apply.

    Unitless (codes).

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Finite values.
    bins : int, default 10
        Number of bins per column, at least 1.
    strategy : {"quantile", "uniform"}, default "quantile"
        Equal-frequency or equal-width bins.
    limits : tuple of float (low, high), optional
        Range of the equal-width bins (``strategy="uniform"`` only).

    Returns
    -------
    ndarray of int64, same shape as ``x``
        The bin codes.

    Raises
    ------
    TypeError
        If ``x`` is not numeric or ``bins`` is not an integer.
    ValueError
        If ``x`` is empty, not 1-D or 2-D, or contains NaN or inf; if ``bins < 1``; if
        ``strategy`` is unknown; if ``limits`` is given with ``strategy="quantile"`` or is not
        a finite pair with ``low < high``.

    Examples
    --------
    >>> discretize([[0.1, 5], [0.4, 5], [0.2, 7], [0.3, 7]], bins=2).tolist()
    [[0, 0], [1, 0], [0, 1], [1, 1]]
    >>> discretize([0.0, 0.5, 1.0], bins=2, strategy="uniform").tolist()
    [0, 1, 1]
    """
    arr = as_finite(x, "x", type_error=True)
    if arr.ndim not in (1, 2):
        raise ValueError(f"x must have shape (n,) or (n, d), got shape {arr.shape}")
    bins = check_int(bins, "bins", 1, type_error=True)
    if strategy not in ("uniform", "quantile"):
        raise ValueError(f"strategy must be 'uniform' or 'quantile', got {strategy!r}")
    if limits is not None:
        if strategy != "uniform":
            raise ValueError("limits applies only to strategy='uniform'")
        try:
            low, high = (float(v) for v in limits)
        except (TypeError, ValueError):
            raise ValueError(f"limits must be a pair (low, high), got {limits!r}") from None
        if not (math.isfinite(low) and math.isfinite(high) and low < high):
            raise ValueError(f"limits must be finite with low < high, got {limits!r}")
    cols = arr[:, None] if arr.ndim == 1 else arr
    codes = np.zeros(cols.shape, dtype=np.int64)
    for j in range(cols.shape[1]):
        col = cols[:, j]
        if strategy == "uniform":
            lo, hi = (float(col.min()), float(col.max())) if limits is None else (low, high)
            if hi > lo:
                codes[:, j] = np.digitize(col, np.linspace(lo, hi, bins + 1)[1:-1])
        else:
            values = np.unique(col)
            if values.size <= bins:
                codes[:, j] = np.searchsorted(values, col)
            else:
                cuts = np.unique(np.quantile(col, np.linspace(0, 1, bins + 1)[1:-1]))
                codes[:, j] = np.searchsorted(cuts, col, side="right")
    return codes.reshape(arr.shape)


def mi_binned(x, y, bins=10, base=None) -> float:
    r"""Plug-in mutual information of continuous 1-D samples binned by an equal-width histogram.

    .. math:: \hat I_B(X;Y) = \sum_{i,j} \hat p_{ij} \log \frac{\hat p_{ij}}{\hat p_{i\cdot}\, \hat p_{\cdot j}}

    with ``bins`` equal-width bins per axis over the range of the data (:func:`discretize` with
    ``strategy="uniform"``, the bins of ``numpy.histogram2d``), then :func:`mi_plugin` on the codes.
    The value depends on ``bins``: too few bins lose information, too many inflate the plug-in
    bias. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    x, y : array_like, shape (n,)
        Paired continuous samples, finite, at least 2.
    bins : int, default 10
        Number of equal-width bins per axis.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`\hat I_B(X;Y)` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``x`` or ``y`` is not 1-D (or a single column), has fewer than 2 samples or
        contains NaN or inf; if their lengths differ; or if ``bins`` or ``base`` is invalid.
    TypeError
        If ``bins`` is not an integer.

    Examples
    --------
    >>> x = np.arange(100.0)
    >>> round(mi_binned(x, x, bins=4, base=2), 6)  # four equally filled bins: 2 bits
    2.0
    """
    div = log_base(base)
    xa, ya = as_points(x, "x", min_rows=2), as_points(y, "y", min_rows=2)
    if xa.shape[1] != 1 or ya.shape[1] != 1:
        raise ValueError(f"x and y must be 1-D for mi_binned, got shapes {np.shape(x)} and {np.shape(y)}")
    _same_length(xa, ya)
    bx = discretize(xa[:, 0], bins, strategy="uniform")
    by = discretize(ya[:, 0], bins, strategy="uniform")
    return mi_plugin(bx, by) / div


def _rescale(a: np.ndarray) -> np.ndarray:
    sd = a.std(axis=0)
    return a / np.where(sd > 0, sd, 1.0)


def _count_within(a: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """For each row i, the number of rows j != i with max-norm distance < radius[i]."""
    if a.shape[1] == 1:
        # 1-D: sort once; counts in the open interval (a_i - r, a_i + r) by binary search
        s = np.sort(a[:, 0])
        hi = np.searchsorted(s, a[:, 0] + radius, side="left")
        lo = np.searchsorted(s, a[:, 0] - radius, side="right")
        return np.maximum(hi - lo - 1, 0)
    tree = cKDTree(a, balanced_tree=False, compact_nodes=False)
    # query_ball_point counts distance <= r; the radius was shrunk below eps already
    cnt = tree.query_ball_point(a, r=radius, p=np.inf, return_length=True, workers=-1)
    return np.maximum(cnt - 1, 0)


def mi_ksg(x, y, k=3, base=None, rescale=True) -> float:
    r"""Kraskov--Stögbauer--Grassberger k-nearest-neighbour estimate of :math:`I(X;Y)` (their algorithm 1).

    .. math:: \hat I(X;Y) = \psi(k) + \psi(N) - \big\langle \psi(n_x + 1) + \psi(n_y + 1) \big\rangle

    For each sample :math:`i`, :math:`\varepsilon_i` is the max-norm distance to its k-th
    neighbour in the joint space (X, Y); :math:`n_x(i)` and :math:`n_y(i)` count the other
    samples strictly closer than :math:`\varepsilon_i` in the X and Y spaces (distances within a
    relative 1e-10 of :math:`\varepsilon_i` count as equal to it). Negative estimates (possible
    near independence) are returned as they are, unlike
    ``sklearn.feature_selection.mutual_info_regression``, which clips them to 0. No noise is
    added: with tied values (discrete or rounded data) the estimator is biased; add tiny jitter
    yourself. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, d)
        Continuous samples, finite, at least 2.
        The same number of samples.
    k : int, default 3
        Number of neighbours, in ``[1, n - 1]``.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.
    rescale : bool, default True
        Divide every column by its standard deviation first (as Kraskov et al. and
        scikit-learn do), so the estimate does not depend on the units.

    Returns
    -------
    float
        :math:`\hat I(X;Y)` in nats, or in units of ``base``; may be negative.

    Raises
    ------
    TypeError
        If ``k`` is not an integer.
    ValueError
        If ``x`` or ``y`` is empty, not of shape (n,) or (n, d), has fewer than 2 samples or
        contains NaN or inf; if their lengths differ; if ``k`` is outside ``[1, n - 1]``; or if
        ``base`` is invalid.

    References
    ----------
    Kraskov, Stögbauer & Grassberger (2004), `kraskov2004` in the book's references.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> x = rng.normal(size=2000)
    >>> y = 0.9 * x + np.sqrt(1 - 0.81) * rng.normal(size=2000)
    >>> print(f"closed form {-0.5 * np.log(1 - 0.81):.2f}, KSG {mi_ksg(x, y):.2f} nats")
    closed form 0.83, KSG 0.84 nats
    """
    div = log_base(base)
    xa, ya = as_points(x, "x", min_rows=2), as_points(y, "y", min_rows=2)
    _same_length(xa, ya)
    n = xa.shape[0]
    k = check_int(k, "k", 1, high=n - 1, type_error=True)  # a k-th neighbour among the n - 1 others
    if rescale:
        xa, ya = _rescale(xa), _rescale(ya)
    joint = np.hstack([xa, ya])
    tree = cKDTree(joint, balanced_tree=False, compact_nodes=False)
    # Visit the samples in the tree's own order (neighbouring queries share tree paths, ~30% faster);
    # the estimate is a mean over samples, so the order does not matter.
    order = tree.indices
    joint, xa, ya = joint[order], xa[order], ya[order]
    dist, _ = tree.query(joint, k=[k + 1], p=np.inf, workers=-1)  # the first neighbour is the point itself
    radius = dist[:, 0] * (1 - 1e-10)  # strict inequality: exclude points at distance eps
    nx = _count_within(xa, radius)
    ny = _count_within(ya, radius)
    mi = digamma(k) + digamma(n) - float(np.mean(digamma(nx + 1) + digamma(ny + 1)))
    return mi / div


def entropy_knn(x, k=3, base=None, norm="max") -> float:
    r"""Kozachenko--Leonenko k-nearest-neighbour estimate of the differential entropy :math:`h(X)`.

    .. math:: \hat h(X) = \psi(N) - \psi(k) + \log V_d + \frac{d}{N} \sum_{i=1}^N \log r_i

    :math:`r_i` is the distance from sample :math:`i` to its k-th nearest neighbour and
    :math:`V_d` the volume of the unit ball: with ``norm="max"`` (the default, as in KSG) the
    ball is a cube of side 2, :math:`V_d = 2^d`; with ``norm="euclidean"``,
    :math:`V_d = \pi^{d/2} / \Gamma(d/2 + 1)`. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Continuous samples, finite, at least 2.
    k : int, default 3
        Number of neighbours, in ``[1, n - 1]``.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.
    norm : {"max", "euclidean"}, default "max"
        The distance.

    Returns
    -------
    float
        :math:`\hat h(X)` in nats, or in units of ``base``; may be negative.

    Raises
    ------
    TypeError
        If ``k`` is not an integer.
    ValueError
        If ``norm`` is unknown; if ``x`` is not valid samples; if ``k`` is outside
        ``[1, n - 1]``; if ``x`` has duplicate samples (a k-th neighbour at distance 0); or if
        ``base`` is invalid.

    References
    ----------
    Kozachenko & Leonenko (1987), `kozachenko1987` in the book's references.
    Kraskov, Stögbauer & Grassberger (2004), `kraskov2004` in the book's references.

    Examples
    --------
    >>> x = np.random.default_rng(3).normal(size=5000)
    >>> print(f"closed form {0.5 * np.log(2 * np.pi * np.e):.2f}, k-NN {entropy_knn(x):.2f} nats")
    closed form 1.42, k-NN 1.42 nats
    """
    div = log_base(base)
    if norm not in ("max", "euclidean"):
        raise ValueError(f"norm must be 'max' or 'euclidean', got {norm!r}")
    xa = as_points(x, "x", min_rows=2)
    n, d = xa.shape
    k = check_int(k, "k", 1, high=n - 1, type_error=True)  # a k-th neighbour among the n - 1 others
    p = np.inf if norm == "max" else 2
    dist, _ = cKDTree(xa).query(xa, k=[k + 1], p=p, workers=-1)
    r = dist[:, 0]
    if (r == 0).any():
        raise ValueError("x has duplicate samples (a k-th neighbour at distance 0); add tiny jitter")
    if norm == "max":
        log_vd = d * math.log(2.0)
    else:
        log_vd = 0.5 * d * math.log(math.pi) - float(gammaln(0.5 * d + 1))
    h = digamma(n) - digamma(k) + log_vd + d * float(np.mean(np.log(r)))
    return h / div
