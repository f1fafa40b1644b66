r"""Information measures estimated from samples.

Discrete data (labels of any hashable dtype; a 2-D array is read row by row, each row one joint
symbol):

* :func:`entropy_plugin`, :func:`entropy_miller_madow` -- entropy of the empirical distribution,
  with or without the Miller--Madow bias correction;
* :func:`entropy_chao_shen`, :func:`entropy_grassberger` -- two stronger bias corrections
  (coverage-adjusted Horvitz--Thompson; Grassberger 2003);
* :func:`mi_plugin` -- mutual information of the empirical joint distribution (optionally
  bias corrected);
* :func:`cmi_plugin` -- conditional mutual information :math:`I(X;Y \mid Z)`, the same way.

Continuous data:

* :func:`discretize` -- equal-width or equal-frequency (quantile) binning, the one binning
  routine of the package (used by :func:`mi_binned`, :mod:`itml.selection` and :mod:`itml.bottleneck`);
* :func:`mi_binned` -- plug-in MI of an equal-width 2-D histogram;
* :func:`mi_ksg` -- the Kraskov--Stögbauer--Grassberger k-nearest-neighbour estimator;
* :func:`cmi_ksg` -- its conditional version (Frenzel & Pompe 2007), the same neighbour conventions;
* :func:`entropy_knn` -- the Kozachenko--Leonenko k-nearest-neighbour entropy estimator.

Mixed data:

* :func:`mi_ross` -- continuous X, discrete Y (Ross 2014; what scikit-learn's
  ``mutual_info_classif`` runs), with :func:`mi_ross_columns` for every column of a matrix;
* :func:`mi_mixed` -- variables that mix discrete and continuous values (Gao et al. 2017).

The k-nearest-neighbour estimators **refuse** what they cannot handle: a constant column, tied
samples (discrete or rounded values put a k-th neighbour at distance 0; KSG then returns several
nats where the truth is below :math:`\log m` for m values), and too few samples for ``k``. Each
raises ``ValueError`` naming the cause and the remedy: tiny noise with a seed, a discrete
estimator (:func:`mi_plugin`), or the mixed estimator (:func:`mi_mixed`).

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

from ._neighbours import column_orders, count_between, count_within, kth_distance
from ._validation import as_finite, as_points, check_int, log_base

__all__ = [
    "entropy_plugin",
    "entropy_miller_madow",
    "code_length",
    "entropy_chao_shen",
    "entropy_grassberger",
    "mi_plugin",
    "cmi_plugin",
    "discretize",
    "mi_binned",
    "mi_ksg",
    "cmi_ksg",
    "entropy_knn",
    "mi_ross",
    "mi_ross_columns",
    "mi_mixed",
]

_CORRECTIONS = (None, "miller-madow", "chao-shen", "grassberger")
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


def _entropy_corrected(counts: np.ndarray, n: int, correction) -> float:
    """Entropy in nats of the count vector ``counts`` (zeros allowed) with a bias correction."""
    c = counts[counts > 0]
    if correction is None:
        return _entropy_counts(c, n)
    if correction == "miller-madow":
        return _entropy_counts(c, n) + (c.size - 1) / (2 * n)
    if correction == "grassberger":
        # H_G = log n - (1/n) sum n_i G(n_i), G(m) = psi(m) + (-1)^m / 2 (psi((m + 1)/2) - psi(m/2))
        sign = np.where(c % 2 == 0, 0.5, -0.5)
        g = digamma(c) + sign * (digamma((c + 1) / 2) - digamma(c / 2))
        return math.log(n) - float(np.dot(c, g)) / n
    # Chao-Shen: coverage-adjusted probabilities, Horvitz-Thompson weights
    f1 = int(np.count_nonzero(c == 1))
    if f1 == n:
        f1 = n - 1  # every symbol seen once: keep the coverage positive
    pa = (1 - f1 / n) * (c / n)
    return float(-np.sum(pa * np.log(pa) / (1 - (1 - pa) ** n)))


def _check_correction(correction) -> None:
    if correction not in _CORRECTIONS:
        raise ValueError("correction must be None, 'miller-madow', 'chao-shen' or 'grassberger', "
                         f"got {correction!r}")


def entropy_chao_shen(x, base=None) -> float:
    r"""Chao--Shen coverage-adjusted entropy of discrete samples.

    .. math:: \hat H_{CS}(X) = -\sum_x \frac{\tilde p_x \log \tilde p_x}{1 - (1 - \tilde p_x)^n},
              \qquad \tilde p_x = \hat C\, \frac{n_x}{n}, \quad \hat C = 1 - \frac{f_1}{n}

    :math:`f_1` is the number of symbols seen exactly once (Good--Turing coverage; :math:`f_1 = n`
    is replaced by :math:`n - 1`). The weights :math:`1 / (1 - (1 - \tilde p)^n)` are the
    Horvitz--Thompson correction for symbols that a sample of size n misses. Much less biased
    than the plug-in and Miller--Madow estimates when many symbols are rare. Unit: nats by
    default; ``base=2`` gives bits.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Discrete samples (labels, or one joint symbol per row); at least 2 samples.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`\hat H_{CS}(X)` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``x`` is not valid discrete data or ``base`` is invalid.

    References
    ----------
    Chao & Shen (2003), `chao2003` in the book's references.

    Examples
    --------
    >>> print(round(entropy_chao_shen([0, 0, 1, 1, 2, 2]), 4))  # plug-in: log 3 = 1.0986
    1.2043
    """
    div = log_base(base)
    arr = _labels(x, "x")
    return _entropy_corrected(_counts(arr, "x"), arr.shape[0], "chao-shen") / div


def entropy_grassberger(x, base=None) -> float:
    r"""Grassberger's (2003) bias-corrected entropy of discrete samples.

    .. math:: \hat H_G(X) = \log n - \frac1n \sum_x n_x\, G(n_x), \qquad
              G(m) = \psi(m) + \tfrac12 (-1)^m \Big(\psi\big(\tfrac{m+1}{2}\big) - \psi\big(\tfrac m2\big)\Big)

    with :math:`\psi` the digamma function: :math:`\log n_x` of the plug-in estimate replaced by
    a function whose expectation under binomial sampling is closer to :math:`\log(n p_x)`.
    Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Discrete samples (labels, or one joint symbol per row); at least 2 samples.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`\hat H_G(X)` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``x`` is not valid discrete data or ``base`` is invalid.

    References
    ----------
    Grassberger (2003), `grassberger2003` in the book's references.

    Examples
    --------
    >>> print(round(entropy_grassberger([0, 0, 0, 1, 1, 2, 3, 4]), 4))  # plug-in: 1.4942
    2.0998
    """
    div = log_base(base)
    arr = _labels(x, "x")
    return _entropy_corrected(_counts(arr, "x"), arr.shape[0], "grassberger") / div


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
    r"""Plug-in mutual information of paired discrete samples, optionally bias corrected.

    .. math:: \hat I(X;Y) = \sum_{x,y} \frac{n_{xy}}{n} \log \frac{n\, n_{xy}}{n_x\, n_y}

    Biased upward (about :math:`(m_x - 1)(m_y - 1) / 2n` nats for independent variables).
    Without a correction it equals ``sklearn.metrics.mutual_info_score(x, y)`` and never exceeds
    :math:`\min(\hat H(X), \hat H(Y))`. A ``correction`` estimates each entropy of
    :math:`I = H(X) + H(Y) - H(X, Y)` with that estimator: ``"miller-madow"`` adds
    :math:`(\hat m_x + \hat m_y - \hat m_{xy} - 1)/2n` nats (:func:`entropy_miller_madow`);
    ``"chao-shen"`` and ``"grassberger"`` use :func:`entropy_chao_shen` and
    :func:`entropy_grassberger`. A corrected value may be negative; it is capped at
    :math:`\min(\tilde H(X), \tilde H(Y))` of the same entropy estimator :math:`\tilde H`, the
    bound that a difference of estimates can otherwise overshoot. Unit: nats by default;
    ``base=2`` gives bits.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, d)
        Paired discrete samples: 1-D labels or 2-D arrays with one joint symbol per row;
        the same number of samples, at least 2.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.
    correction : {None, "miller-madow", "chao-shen", "grassberger"}, optional
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
    _check_correction(correction)
    xa, ya = _labels(x, "x"), _labels(y, "y")
    _same_length(xa, ya)
    n = xa.shape[0]
    nxy, nx_cell, ny_cell, nx, ny = _contingency(xa, ya)
    if correction in (None, "miller-madow"):
        # sum over non-zero cells of (n_xy / n) log(n n_xy / (n_x n_y))
        mi = float(np.dot(nxy, np.log(nxy * (n / nx_cell) / ny_cell))) / n
        mi = max(mi, 0.0)  # rounding can leave -1e-17 for independent tables
        if correction == "miller-madow":
            mi += (np.count_nonzero(nx) + np.count_nonzero(ny) - nxy.size - 1) / (2 * n)
        return mi / div
    hx, hy = _entropy_corrected(nx, n, correction), _entropy_corrected(ny, n, correction)
    mi = hx + hy - _entropy_corrected(nxy, n, correction)
    return min(mi, hx, hy) / div


def cmi_plugin(x, y, z, base=None, correction=None) -> float:
    r"""Conditional mutual information :math:`I(X;Y \mid Z)` of paired discrete samples.

    .. math:: \hat I(X;Y \mid Z) = \hat H(X, Z) + \hat H(Y, Z) - \hat H(X, Y, Z) - \hat H(Z)
              = \sum_{x,y,z} \frac{n_{xyz}}{n} \log \frac{n_z\, n_{xyz}}{n_{xz}\, n_{yz}}

    each entropy estimated from the counts of the joint symbols; equivalently
    :math:`\hat H(X \mid Z) - \hat H(X \mid Y, Z)`. The plug-in value lies in
    :math:`[0, \min(\hat H(X \mid Z), \hat H(Y \mid Z))]` and is biased upward, by about
    :math:`\sum_z (m_{x|z} - 1)(m_{y|z} - 1) / 2n` nats under conditional independence.
    ``correction`` estimates each of the four entropies with the Miller--Madow, Chao--Shen or
    Grassberger estimator (the value may then be negative; it is capped at
    :math:`\min(\tilde H(X \mid Z), \tilde H(Y \mid Z))` of the same estimator). Unit: nats by
    default; ``base=2`` gives bits.

    Parameters
    ----------
    x, y, z : array_like, shape (n,) or (n, d)
        Paired discrete samples (labels, or one joint symbol per row), the same number of
        samples, at least 2.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.
    correction : {None, "miller-madow", "chao-shen", "grassberger"}, optional
        Bias correction of each entropy; ``None`` (default) gives the plug-in estimate.

    Returns
    -------
    float
        :math:`\hat I(X;Y \mid Z)` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If an input is not valid discrete data, the lengths differ, or ``correction`` or ``base``
        is invalid.

    References
    ----------
    Cover & Thomas (2006), `cover2006` in the book's references.

    Examples
    --------
    >>> a, c = [0, 0, 1, 1], [0, 1, 0, 1]
    >>> y = [0, 1, 1, 0]  # a XOR c
    >>> mi_plugin(a, y), cmi_plugin(a, y, c, base=2)  # useless alone, one bit given c
    (0.0, 1.0)
    """
    div = log_base(base)
    _check_correction(correction)
    xa, ya, za = _labels(x, "x"), _labels(y, "y"), _labels(z, "z")
    _same_length(xa, ya)
    if za.shape[0] != xa.shape[0]:
        raise ValueError(f"x and z must have the same number of samples, got {xa.shape[0]} and {za.shape[0]}")
    n = xa.shape[0]
    cx, _ = _codes(xa, "x")
    cy, _ = _codes(ya, "y")
    cz, _ = _codes(za, "z")
    xz = _compress(cx * (cz.max() + 1) + cz)[0]
    yz = _compress(cy * (cz.max() + 1) + cz)[0]
    xyz = _compress(xz * (cy.max() + 1) + cy)[0]
    h = {name: _entropy_corrected(np.bincount(code), n, correction)
         for name, code in (("xz", xz), ("yz", yz), ("xyz", xyz), ("z", cz))}
    cmi = h["xz"] + h["yz"] - h["xyz"] - h["z"]
    if correction is None:
        cmi = max(cmi, 0.0)  # rounding can leave -1e-17
    return min(cmi, h["xz"] - h["z"], h["yz"] - h["z"]) / div


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


_JITTER_HINT = ("add tiny noise with a seed (x + 1e-10 * x.std(axis=0) * np.random.default_rng(0)"
                ".standard_normal(x.shape)), use a discrete estimator (mi_plugin, cmi_plugin) for discrete "
                "data, or mi_mixed for data that mix discrete and continuous values")


def _continuous(x, name: str, k: int | None = None, min_rows: int = 2) -> np.ndarray:
    """Samples for a k-NN estimator: finite, no constant column (and no ties beyond k if k is given)."""
    a = as_points(x, name, min_rows=min_rows)
    const = np.flatnonzero(np.ptp(a, axis=0) == 0)
    if const.size:
        raise ValueError(f"{name} column {int(const[0])} is constant: it carries no information and gives "
                         "every sample the same k-th neighbour distance; drop the column")
    if k is not None:
        _check_ties(a, name, k)
    return a


def _max_multiplicity(a: np.ndarray) -> int:
    """The largest number of identical rows of ``a``."""
    if a.shape[1] == 1:
        s = np.sort(a[:, 0])
        starts = np.flatnonzero(np.concatenate([[True], s[1:] != s[:-1], [True]]))
        return int(np.diff(starts).max())
    return int(np.unique(a, axis=0, return_counts=True)[1].max())


def _check_ties(a: np.ndarray, name: str, k: int) -> None:
    m = _max_multiplicity(a)
    if m > k:
        raise ValueError(f"{name} has {m} identical samples (more than k = {k}): tied values (discrete or rounded "
                         "data) put k-th neighbours at distance 0, and a k-NN estimate is then meaningless "
                         f"(it can exceed log of the number of values). Remedies: {_JITTER_HINT}")


def _check_k(k, n: int) -> int:
    return check_int(k, "k", 1, high=n - 1, type_error=True)


def _same_rows(arrays, names) -> None:
    n = arrays[0].shape[0]
    for a, name in zip(arrays[1:], names[1:]):
        if a.shape[0] != n:
            raise ValueError(f"{names[0]} and {name} must have the same number of samples, got {n} and {a.shape[0]}")


def _rescale(a: np.ndarray) -> np.ndarray:
    sd = a.std(axis=0)
    return a / np.where(sd > 0, sd, 1.0)


_GRID_MAX_DIM = 3  # up to this many columns, neighbours come from the quantile grid of ._neighbours


def _count_within(a: np.ndarray, radius: np.ndarray, orders: np.ndarray | None = None) -> np.ndarray:
    r"""For each row i, the number of rows j != i within max-norm distance ``radius[i]``.

    ``radius`` is the k-th neighbour distance already shrunk by a relative 1e-10 (see
    :func:`_knn_radius`): "within" stands for "strictly closer than the unshrunk distance", and a
    distance within 1e-10 of it counts as equal to it. On the shrunk radius itself each path keeps the
    convention it has always had, and the brute-force O(n^2) count under that convention is the
    definition (tests/test_estimators.py checks both against it, with ties and with distances
    exactly equal to the radius):

    * one column: the open interval :math:`(\mathrm{fl}(a_i - r_i), \mathrm{fl}(a_i + r_i))` (two
      binary searches in the sorted column, :func:`itml._neighbours.count_between`);
    * more columns: :math:`\max_c \mathrm{fl}(|a_{jc} - a_{ic}|) \le r_i`, counted on a quantile grid
      (:func:`itml._neighbours.count_within`) up to three columns and by
      ``cKDTree.query_ball_point`` beyond; the two give the same counts.

    ``orders`` is :func:`itml._neighbours.column_orders` of ``a``, when the caller has it.
    """
    if a.shape[1] == 1:
        return count_between(a[:, 0], radius, None if orders is None else orders[:, 0])
    if a.shape[1] <= _GRID_MAX_DIM:
        return count_within(a, radius, orders)
    tree = cKDTree(a, balanced_tree=False, compact_nodes=False)
    # query_ball_point counts distance <= r; the radius was shrunk below eps already
    cnt = tree.query_ball_point(a, r=radius, p=np.inf, return_length=True, workers=_WORKERS)
    return np.maximum(cnt - 1, 0)


def _mean_digamma1(counts: np.ndarray) -> float:
    r"""The mean of :math:`\psi(c + 1)` over non-negative integer counts c, evaluating psi once per
    distinct count (counts are far fewer distinct values than samples)."""
    freq = np.bincount(counts)
    # np.sum (pairwise summation), not a BLAS dot product, whose order depends on the CPU
    return float(np.sum(freq * digamma(np.arange(1, freq.size + 1)))) / counts.size


_WORKERS = -1  # cKDTree queries use every core (2 on the book's CPU); set itml.estimators._WORKERS = 1 for one


def _knn_radius(joint: np.ndarray, k: int, orders: np.ndarray | None = None) -> np.ndarray:
    """The k-th neighbour distance (max-norm) of every sample, shrunk by a relative 1e-10.

    Up to three columns from the quantile grid (:func:`itml._neighbours.kth_distance`), beyond from a
    k-d tree; both give exactly the distances of ``cKDTree.query``. ``orders`` as in
    :func:`_count_within`.
    """
    if joint.shape[1] <= _GRID_MAX_DIM:
        dist = kth_distance(joint, k, orders)
    else:
        tree = cKDTree(joint, balanced_tree=False, compact_nodes=False)
        # visit the samples in the tree's own order (neighbouring queries share tree paths, ~30% faster)
        dist = np.empty(joint.shape[0])
        dist[tree.indices] = tree.query(joint[tree.indices], k=[k + 1], p=np.inf, workers=_WORKERS)[0][:, 0]
    return dist * (1 - 1e-10)  # strict inequality: exclude points at distance eps


def mi_ksg(x, y, k=3, base=None, rescale=True) -> float:
    r"""Kraskov--Stögbauer--Grassberger k-nearest-neighbour estimate of :math:`I(X;Y)` (their algorithm 1).

    .. math:: \hat I(X;Y) = \psi(k) + \psi(N) - \big\langle \psi(n_x + 1) + \psi(n_y + 1) \big\rangle

    For each sample :math:`i`, :math:`\varepsilon_i` is the max-norm distance to its k-th
    neighbour in the joint space (X, Y); :math:`n_x(i)` and :math:`n_y(i)` count the other
    samples strictly closer than :math:`\varepsilon_i` in the X and Y spaces (distances within a
    relative 1e-10 of :math:`\varepsilon_i` count as equal to it). Negative estimates (possible
    near independence) are returned as they are, unlike
    ``sklearn.feature_selection.mutual_info_regression``, which clips them to 0. The estimator
    assumes a continuous density: **tied values are refused** (more than ``k`` identical
    samples in x, y or the pair raise ``ValueError``; on 5-valued data the formula would return
    several nats where the truth is at most :math:`\log 5 = 1.61`), and so are constant
    columns. Add tiny noise with a seed, or use :func:`mi_plugin` (discrete data) or
    :func:`mi_mixed` (mixed data). Unit: nats by default; ``base=2`` gives bits.

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
        If ``x`` or ``y`` is empty, not of shape (n,) or (n, d), has fewer than 2 samples,
        contains NaN or inf, has a constant column or more than ``k`` tied samples; if their
        lengths differ; if ``k`` is outside ``[1, n - 1]``; or if ``base`` is invalid.

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
    k = _check_k(k, n)  # a k-th neighbour among the n - 1 others
    xa, ya = _continuous(xa, "x", k), _continuous(ya, "y", k)
    if rescale:
        xa, ya = _rescale(xa), _rescale(ya)
    joint = np.hstack([xa, ya])
    orders = column_orders(joint)
    radius = _knn_radius(joint, k, orders)
    if not (radius > 0).all():
        raise ValueError(f"x and y have more than k = {k} identical (x, y) pairs: a k-th neighbour at distance 0. "
                         f"Remedies: {_JITTER_HINT}")
    dx = xa.shape[1]
    nx = _count_within(xa, radius, orders[:, :dx])
    ny = _count_within(ya, radius, orders[:, dx:])
    mi = digamma(k) + digamma(n) - _mean_digamma1(nx) - _mean_digamma1(ny)
    return mi / div


def cmi_ksg(x, y, z, k=3, base=None, rescale=True) -> float:
    r"""Frenzel--Pompe k-nearest-neighbour estimate of the conditional mutual information :math:`I(X;Y \mid Z)`.

    .. math:: \hat I(X;Y \mid Z) = \psi(k) - \big\langle \psi(n_{xz} + 1) + \psi(n_{yz} + 1)
              - \psi(n_z + 1) \big\rangle

    The neighbour conventions of :func:`mi_ksg`: :math:`\varepsilon_i` is the max-norm distance
    to the k-th neighbour in the joint space (X, Y, Z), and :math:`n_{xz}(i)`, :math:`n_{yz}(i)`,
    :math:`n_z(i)` count the other samples strictly closer than :math:`\varepsilon_i` in the
    subspaces (X, Z), (Y, Z) and Z. With ``rescale=True`` every column is divided by its
    standard deviation first. Ties and constant columns are refused as in :func:`mi_ksg`; the
    estimate may be negative. Unit: nats by default; ``base=2`` gives bits.

    Up to three columns, the neighbours and counts come from a quantile grid (each column sorted
    once, then only the grid cells near each sample are searched; compiled with Numba), several
    times faster than k-d tree queries and equal to them distance for distance and count for count;
    in more dimensions from a k-d tree.

    Parameters
    ----------
    x, y, z : array_like, shape (n,) or (n, d)
        Continuous samples, finite, the same number of samples, at least 2.
    k : int, default 3
        Number of neighbours, in ``[1, n - 1]``.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.
    rescale : bool, default True
        Divide every column by its standard deviation first.

    Returns
    -------
    float
        :math:`\hat I(X;Y \mid Z)` in nats, or in units of ``base``; may be negative.

    Raises
    ------
    TypeError
        If ``k`` is not an integer.
    ValueError
        As :func:`mi_ksg`, for each of ``x``, ``y`` and ``z``.

    References
    ----------
    Frenzel & Pompe (2007), `frenzel2007` in the book's references.
    Kraskov, Stögbauer & Grassberger (2004), `kraskov2004` in the book's references.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> z = rng.normal(size=3000)
    >>> x, y = z + rng.normal(size=3000), z + rng.normal(size=3000)  # dependent only through z
    >>> print(f"I(X;Y) = {mi_ksg(x, y):.2f}, I(X;Y|Z) = {abs(cmi_ksg(x, y, z)):.2f} nats")
    I(X;Y) = 0.15, I(X;Y|Z) = 0.00 nats
    """
    div = log_base(base)
    xa, ya, za = (as_points(v, name, min_rows=2) for v, name in ((x, "x"), (y, "y"), (z, "z")))
    _same_rows([xa, ya, za], ["x", "y", "z"])
    n = xa.shape[0]
    k = _check_k(k, n)
    xa, ya, za = _continuous(xa, "x", k), _continuous(ya, "y", k), _continuous(za, "z", k)
    if rescale:
        xa, ya, za = _rescale(xa), _rescale(ya), _rescale(za)
    joint = np.hstack([xa, ya, za])
    orders = column_orders(joint)
    radius = _knn_radius(joint, k, orders)
    if not (radius > 0).all():
        raise ValueError(f"(x, y, z) has more than k = {k} identical samples: a k-th neighbour at distance 0. "
                         f"Remedies: {_JITTER_HINT}")
    cx = np.arange(xa.shape[1])
    cy = xa.shape[1] + np.arange(ya.shape[1])
    cz = xa.shape[1] + ya.shape[1] + np.arange(za.shape[1])
    xz, yz = np.concatenate([cx, cz]), np.concatenate([cy, cz])
    n_xz = _count_within(joint[:, xz], radius, orders[:, xz])
    n_yz = _count_within(joint[:, yz], radius, orders[:, yz])
    n_z = _count_within(za, radius, orders[:, cz])
    cmi = digamma(k) - _mean_digamma1(n_xz) - _mean_digamma1(n_yz) + _mean_digamma1(n_z)
    return cmi / div


# ------------------------------------------------------------------ mixed data

def _kth_gap_1d(s: np.ndarray, k: int) -> np.ndarray:
    """For each entry of the sorted 1-D array s, the distance to its k-th nearest other entry."""
    m = s.size
    pad = np.concatenate([np.full(k, -np.inf), s, np.full(k, np.inf)])
    left = [s - pad[k - a:k - a + m] for a in range(1, k + 1)]   # distance to the a-th entry on the left
    right = [pad[k + a:k + a + m] - s for a in range(1, k + 1)]  # ... on the right
    zero = np.zeros(m)
    # the k-th smallest of two sorted lists: min over a of max(left_a, right_(k - a))
    best = np.maximum(zero, right[k - 1])
    for a in range(1, k + 1):
        r = right[k - a - 1] if a < k else zero
        best = np.minimum(best, np.maximum(left[a - 1], r))
    return best


def _count_sq_within(s: np.ndarray, c: np.ndarray, r2: np.ndarray) -> np.ndarray:
    """For each c[i], the number of entries v of the sorted array s with (v - c[i])**2 <= r2[i]."""
    r = np.sqrt(r2)
    hi = np.searchsorted(s, c + r, side="right")
    lo = np.searchsorted(s, c - r, side="left")
    m = s.size
    # exact boundary: the binary search used c +- r, the criterion is the squared difference
    for _ in range(4):
        up = (hi < m) & ((s[np.minimum(hi, m - 1)] - c) ** 2 <= r2)
        down = (hi > 0) & ((s[np.maximum(hi - 1, 0)] - c) ** 2 > r2)
        left = (lo > 0) & ((s[np.maximum(lo - 1, 0)] - c) ** 2 <= r2)
        right = (lo < m) & ((s[np.minimum(lo, m - 1)] - c) ** 2 > r2)
        if not (up.any() or down.any() or left.any() or right.any()):
            break
        hi = hi + up - down
        lo = lo - left + right
    return hi - lo


def _ross_1d(c: np.ndarray, labels: np.ndarray, k: int, name: str) -> float:
    """Ross's estimate for one continuous column c and integer labels 0..m-1 (scikit-learn's arithmetic)."""
    counts = np.bincount(labels)
    keep = counts[labels] > 1  # samples whose label occurs once are dropped, as scikit-learn does
    if not keep.all():
        c, labels = c[keep], labels[keep]
    n = c.size
    if n < 2:
        raise ValueError("no label of y occurs twice: Ross's estimator needs at least 2 samples per label")
    order = np.lexsort((c, labels))  # by label, then by value
    cs, ls = c[order], labels[order]
    bounds = np.flatnonzero(np.concatenate([[True], ls[1:] != ls[:-1], [True]]))
    radius = np.empty(n)
    k_all = np.empty(n)
    count = np.empty(n)
    for a, b in zip(bounds[:-1], bounds[1:]):
        kk = min(k, b - a - 1)
        radius[a:b] = _kth_gap_1d(cs[a:b], kk)
        k_all[a:b], count[a:b] = kk, b - a
    if not (radius > 0).all():
        raise ValueError(f"{name} has tied values within a class: a k-th neighbour at distance 0 (discrete or "
                         f"rounded data). Remedies: {_JITTER_HINT}")
    radius = np.nextafter(radius, 0)  # strictly closer than the k-th neighbour
    m_all = _count_sq_within(np.sort(cs), cs, radius * radius)  # includes the sample itself
    return float(digamma(n) + np.mean(digamma(k_all)) - np.mean(digamma(count)) - np.mean(digamma(m_all)))


def mi_ross(x, y, k=3, base=None, rescale=True) -> float:
    r"""Ross's k-nearest-neighbour estimate of :math:`I(X;Y)` for continuous X and discrete Y.

    .. math:: \hat I(X;Y) = \psi(N) + \langle \psi(k_i) \rangle - \langle \psi(N_{y_i}) \rangle
              - \langle \psi(m_i) \rangle

    For sample :math:`i` with label :math:`y_i` (:math:`N_{y_i}` samples carry it),
    :math:`d_i` is the distance to its :math:`k_i = \min(k, N_{y_i} - 1)`-th neighbour among the
    samples of the same label, and :math:`m_i` counts the samples of *any* label strictly closer
    than :math:`d_i`, itself included. Samples whose label occurs once are dropped. For 1-D
    ``x`` this is exactly the arithmetic of scikit-learn's ``mutual_info_classif`` (its
    ``_compute_mi_cd``) on input that it does not perturb, without its clipping at 0 and its
    jitter; multi-column ``x`` uses the max-norm. Ties within a class and constant columns are
    refused (see :func:`mi_ksg`). Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    x : array_like, shape (n,) or (n, d)
        Continuous samples, finite, at least 2.
    y : array_like, shape (n,)
        Discrete labels.
    k : int, default 3
        Number of neighbours, at least 1.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.
    rescale : bool, default True
        Divide every column of ``x`` by its standard deviation first (no effect for 1-D ``x``
        beyond rounding).

    Returns
    -------
    float
        :math:`\hat I(X;Y)` in nats, or in units of ``base``; may be slightly negative.

    Raises
    ------
    TypeError
        If ``k`` is not an integer.
    ValueError
        If ``x`` is not valid continuous data (NaN, a constant column, ties within a class);
        if ``y`` is not 1-D labels of the same length; if no label occurs twice; if ``k < 1``;
        or if ``base`` is invalid.

    References
    ----------
    Ross (2014), `ross2014` in the book's references.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 2, size=4000)
    >>> x = rng.normal(size=4000) + 4 * y  # two classes 4 sd apart: I = 0.62 nats (by integration)
    >>> print(f"{mi_ross(x, y):.2f} nats")
    0.64 nats
    """
    div = log_base(base)
    xa = _continuous(x, "x")
    ya = _labels(y, "y")
    if ya.ndim != 1:
        raise ValueError(f"y must be 1-D (labels), got shape {ya.shape}")
    _same_length(xa, ya)
    k = check_int(k, "k", 1, type_error=True)
    labels = _compress(_codes(ya, "y")[0])[0]
    if xa.shape[1] == 1:
        return _ross_1d(xa[:, 0], labels, k, "x") / div
    if rescale:
        xa = _rescale(xa)
    counts = np.bincount(labels)
    keep = counts[labels] > 1
    xa, labels = xa[keep], labels[keep]
    n = xa.shape[0]
    if n < 2:
        raise ValueError("no label of y occurs twice: Ross's estimator needs at least 2 samples per label")
    radius, k_all = np.empty(n), np.empty(n)
    for lab in np.unique(labels):
        idx = np.flatnonzero(labels == lab)
        kk = min(k, idx.size - 1)
        d, _ = cKDTree(xa[idx]).query(xa[idx], k=[kk + 1], p=np.inf, workers=_WORKERS)
        radius[idx], k_all[idx] = d[:, 0], kk
    if not (radius > 0).all():
        raise ValueError(f"x has tied samples within a class: a k-th neighbour at distance 0. Remedies: {_JITTER_HINT}")
    m_all = cKDTree(xa).query_ball_point(xa, r=radius * (1 - 1e-10), p=np.inf, return_length=True,
                                         workers=_WORKERS)
    counts = np.bincount(labels)[labels]
    mi = digamma(n) + np.mean(digamma(k_all)) - np.mean(digamma(counts)) - np.mean(digamma(m_all))
    return float(mi) / div


def mi_ross_columns(X, y, k=3, base=None) -> np.ndarray:
    r"""Ross's estimate :math:`\hat I(X_j; Y)` of every column of ``X`` against discrete labels ``y``.

    .. math:: r_j = \hat I_\mathrm{Ross}(X_j; Y)

    :func:`mi_ross` column by column, with one sort per column; the values equal scikit-learn's
    ``_compute_mi_cd`` on the same (unperturbed) columns to rounding, without its clipping at 0.
    Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    X : array_like, shape (n_samples, n_features)
        Continuous features, finite.
    y : array_like, shape (n_samples,)
        Discrete labels.
    k : int, default 3
        Number of neighbours (scikit-learn's ``n_neighbors``).
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    ndarray, shape (n_features,)
        One estimate per column, in nats or units of ``base``.

    Raises
    ------
    TypeError
        If ``k`` is not an integer.
    ValueError
        As :func:`mi_ross`, for any column; or if ``X`` is not 2-D.

    References
    ----------
    Ross (2014), `ross2014` in the book's references.

    Examples
    --------
    >>> rng = np.random.default_rng(1)
    >>> y = rng.integers(0, 2, size=3000)
    >>> X = np.column_stack([rng.normal(size=3000) + 4 * y, rng.normal(size=3000)])
    >>> np.round(mi_ross_columns(X, y), 1).tolist()  # informative column, then noise
    [0.6, 0.0]
    """
    div = log_base(base)
    Xa = as_finite(X, "X", type_error=True)
    if Xa.ndim != 2:
        raise ValueError(f"X must be 2-D (n_samples, n_features), got shape {Xa.shape}")
    ya = _labels(y, "y")
    if ya.ndim != 1:
        raise ValueError(f"y must be 1-D (labels), got shape {ya.shape}")
    _same_length(Xa, ya)
    k = check_int(k, "k", 1, type_error=True)
    labels = _compress(_codes(ya, "y")[0])[0]
    out = np.empty(Xa.shape[1])
    for j in range(Xa.shape[1]):
        col = Xa[:, j]
        if col.min() == col.max():
            raise ValueError(f"X column {j} is constant: it carries no information; drop the column")
        out[j] = _ross_1d(col, labels, k, f"X column {j}")
    return out / div


def mi_mixed(x, y, k=3, base=None) -> float:
    r"""Gao et al.'s (2017) k-nearest-neighbour estimate of :math:`I(X;Y)` for discrete, continuous or mixed data.

    .. math:: \hat I(X;Y) = \log N + \Big\langle \psi(\tilde k_i) - \psi(n_{x,i}) - \psi(n_{y,i}) \Big\rangle

    :math:`\rho_i` is the max-norm distance from sample :math:`i` to its k-th neighbour in
    the joint space. Where :math:`\rho_i > 0`, :math:`\tilde k_i = k` and :math:`n_{x,i}`,
    :math:`n_{y,i}` count the samples strictly closer than :math:`\rho_i` in X and in Y (the
    conventions of :func:`mi_ksg`), sample :math:`i` included; where :math:`\rho_i = 0` (a
    discrete atom with more than k copies), :math:`\tilde k_i`, :math:`n_{x,i}` and
    :math:`n_{y,i}` count the exact copies of sample :math:`i` in (X, Y), in X and in Y, itself
    included. This is the arithmetic of the authors' reference code (digamma of the counts;
    the paper writes logarithms). On purely discrete data it is
    close to the plug-in estimate, on continuous data close to KSG; it is consistent when the
    variables mix atoms and densities, where KSG fails. No rescaling (ties stay ties). Unit: nats by
    default; ``base=2`` gives bits.

    Parameters
    ----------
    x, y : array_like, shape (n,) or (n, d)
        Samples, finite, the same number, at least 2; values may repeat.
    k : int, default 3
        Number of neighbours, in ``[1, n - 1]``.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`\hat I(X;Y)` in nats, or in units of ``base``; may be slightly negative.

    Raises
    ------
    TypeError
        If ``k`` is not an integer.
    ValueError
        If ``x`` or ``y`` is not valid samples; if their lengths differ; if ``k`` is outside
        ``[1, n - 1]``; or if ``base`` is invalid.

    References
    ----------
    Gao, Kannan, Oh & Viswanath (2017), `gao2017` in the book's references.

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> y = rng.integers(0, 4, size=4000).astype(float)  # a discrete label ...
    >>> x = y + rng.uniform(0, 1, size=4000)             # ... and a continuous x that reveals it
    >>> print(f"log 4 = {np.log(4):.2f}, mixed estimate {mi_mixed(x, y):.2f} nats")
    log 4 = 1.39, mixed estimate 1.39 nats
    """
    div = log_base(base)
    xa, ya = as_points(x, "x", min_rows=2), as_points(y, "y", min_rows=2)
    _same_length(xa, ya)
    n = xa.shape[0]
    k = _check_k(k, n)
    joint = np.hstack([xa, ya])
    tree = cKDTree(joint)
    dist, _ = tree.query(joint, k=[k + 1], p=np.inf, workers=_WORKERS)
    rho = dist[:, 0]
    atoms = rho == 0
    # rho > 0: k, and the samples strictly closer than rho in X and in Y, each sample itself included
    # rho = 0: the exact copies of the sample in (X, Y), in X and in Y, itself included
    k_tilde = np.full(n, float(k))
    radius = np.where(atoms, 0.0, rho * (1 - 1e-10))
    nx = _count_le(xa, radius) + 1
    ny = _count_le(ya, radius) + 1
    if atoms.any():
        k_tilde[atoms] = tree.query_ball_point(joint[atoms], r=0.0, p=np.inf, return_length=True)
    mi = float(np.mean(digamma(k_tilde) - digamma(nx) - digamma(ny))) + math.log(n)
    return mi / div


def _count_le(a: np.ndarray, radius: np.ndarray) -> np.ndarray:
    """For each row i, the number of rows j != i with max-norm distance < radius[i] (== 0 where radius is 0)."""
    if a.shape[1] == 1:
        s = np.sort(a[:, 0])
        hi = np.where(radius > 0, np.searchsorted(s, a[:, 0] + radius, side="left"),
                      np.searchsorted(s, a[:, 0], side="right"))
        lo = np.where(radius > 0, np.searchsorted(s, a[:, 0] - radius, side="right"),
                      np.searchsorted(s, a[:, 0], side="left"))
        return hi - lo - 1
    # counts distance <= r: radius is already shrunk below rho, and r = 0 counts copies
    return _count_within(a, radius)


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
