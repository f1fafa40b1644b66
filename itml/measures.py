r"""Information measures on probability tables (NumPy).

Conventions (the same as SciPy, scikit-learn and PyTorch):

* natural logarithm by default, so results are in **nats**; ``base=2`` gives bits;
* ``0 log 0 = 0``; KL divergence and cross-entropy are ``inf`` where
  :math:`q(x) = 0 < p(x)`, never NaN;
* a joint table ``pxy[x, y]`` holds :math:`p(x, y)` with X on the rows and Y on the columns;
* bad input (negative entries, NaN or inf, a table that does not sum to 1 within
  a relative 1e-6, mismatched shapes, empty arrays, a joint table that is not 2-D)
  raises ``ValueError`` naming the argument.
"""

from __future__ import annotations

import numpy as np
from scipy.special import entr, rel_entr, xlogy

from ._validation import SUM_TOL, as_array, as_distribution, log_base, same_shape

__all__ = [
    "entropy",
    "joint_entropy",
    "conditional_entropy",
    "mutual_information",
    "conditional_mutual_information",
    "kl_divergence",
    "js_divergence",
    "cross_entropy",
]


def _entropy_nats(p: np.ndarray) -> float:
    # entr(x) = -x log x, with entr(0) = 0.
    return float(entr(p).sum())


def entropy(p, base=None) -> float:
    r"""Shannon entropy of a distribution.

    .. math:: H(X) = -\sum_x p(x) \log p(x)

    with :math:`0 \log 0 = 0`. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    p : array_like, any shape
        Probabilities of the outcomes: non-negative, summing to 1 (within a relative 1e-6).
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`H(X)` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``p`` is empty, contains NaN, inf or negative entries, does not sum to 1, or
        ``base`` is not a positive number other than 1.

    References
    ----------
    Shannon (1948), `shannon1948` in the book's references.
    Cover & Thomas (2006), `cover2006` in the book's references.

    Examples
    --------
    >>> round(entropy([0.5, 0.5], base=2), 6)
    1.0
    >>> round(entropy([0.25] * 4), 6)  # log 4 nats
    1.386294
    """
    div = log_base(base)
    arr = as_array(p, "p")
    # Fast path: two passes. entr(x) is -inf for x < 0 and NaN for NaN, so a finite h and a
    # finite total equal to 1 prove the table valid; anything else gets the full diagnosis.
    total, h = arr.sum(), entr(arr).sum()
    if not (np.isfinite(h) and np.isfinite(total) and abs(total - 1.0) <= SUM_TOL):
        as_distribution(arr, "p")  # raises the precise ValueError
    return float(h) / div


def joint_entropy(pxy, base=None) -> float:
    r"""Joint entropy of X and Y from the joint table ``pxy[x, y]``.

    .. math:: H(X, Y) = -\sum_{x, y} p(x, y) \log p(x, y)

    Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    pxy : array_like, shape (n_x, n_y)
        Joint probability table, X on the rows and Y on the columns, summing to 1.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`H(X, Y)` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``pxy`` is not 2-D, is empty, contains NaN, inf or negative entries, or does not
        sum to 1; or if ``base`` is invalid.

    References
    ----------
    Cover & Thomas (2006), `cover2006` in the book's references.

    Examples
    --------
    >>> round(joint_entropy([[0.25, 0.25], [0.25, 0.25]], base=2), 6)
    2.0
    """
    div = log_base(base)
    return _entropy_nats(as_distribution(pxy, "pxy", ndim=2)) / div


def conditional_entropy(pxy, base=None) -> float:
    r"""Conditional entropy :math:`H(Y \mid X)` from the joint table ``pxy[x, y]``.

    .. math:: H(Y \mid X) = -\sum_{x, y} p(x, y) \log p(y \mid x) = H(X, Y) - H(X)

    Rows are X, columns are Y; transpose the table for :math:`H(X \mid Y)`.
    Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    pxy : array_like, shape (n_x, n_y)
        Joint probability table, X on the rows and Y on the columns, summing to 1.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`H(Y \mid X) \ge 0` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``pxy`` is not a valid 2-D probability table, or ``base`` is invalid.

    References
    ----------
    Cover & Thomas (2006), `cover2006` in the book's references.

    Examples
    --------
    >>> round(conditional_entropy([[0.5, 0.0], [0.0, 0.5]]), 6)  # Y is a function of X
    0.0
    """
    div = log_base(base)
    pxy = as_distribution(pxy, "pxy", ndim=2)
    h = _entropy_nats(pxy) - _entropy_nats(pxy.sum(axis=1))
    return max(h, 0.0) / div


def mutual_information(pxy, base=None) -> float:
    r"""Mutual information :math:`I(X; Y)` from the joint table ``pxy[x, y]``.

    .. math:: I(X; Y) = \sum_{x, y} p(x, y) \log \frac{p(x, y)}{p(x)\,p(y)}
              = D_\mathrm{KL}\big(p(x, y) \,\|\, p(x)\,p(y)\big)

    Computed as that KL divergence (no cancellation between large entropies), so it is
    accurate near independence. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    pxy : array_like, shape (n_x, n_y)
        Joint probability table, X on the rows and Y on the columns, summing to 1.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`I(X; Y) \ge 0` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``pxy`` is not a valid 2-D probability table, or ``base`` is invalid.

    References
    ----------
    Cover & Thomas (2006), `cover2006` in the book's references.

    Examples
    --------
    >>> round(mutual_information([[0.5, 0.0], [0.0, 0.5]], base=2), 6)
    1.0
    """
    div = log_base(base)
    pxy = as_distribution(pxy, "pxy", ndim=2)
    px = pxy.sum(axis=1, keepdims=True)
    py = pxy.sum(axis=0, keepdims=True)
    mi = float(rel_entr(pxy, px * py).sum())
    if not np.isfinite(mi):
        # p(x) p(y) underflowed to 0 where p(x, y) > 0 (entries near 1e-300): MI is always
        # finite, so redo the sum in the log domain over the non-zero cells.
        i, j = np.nonzero(pxy)
        v = pxy[i, j]
        mi = float(np.sum(v * (np.log(v) - np.log(px[i, 0]) - np.log(py[0, j]))))
    return max(mi, 0.0) / div


def conditional_mutual_information(pxyz, base=None) -> float:
    r"""Conditional mutual information :math:`I(X; Y \mid Z)` from the table ``pxyz[x, y, z]``.

    .. math:: I(X; Y \mid Z) = H(X, Z) + H(Y, Z) - H(X, Y, Z) - H(Z)
              = \sum_z p(z)\, I(X; Y \mid Z = z)

    Symmetric in X and Y. Conditioning never increases entropy, :math:`H(X \mid Y, Z) \le H(X \mid Z)`,
    but conditional mutual information can be larger or smaller than :math:`I(X;Y)`: for
    :math:`Y = X \oplus Z` with independent fair bits X and Z, :math:`I(X;Y) = 0` but
    :math:`I(X;Y \mid Z) = 1` bit; for :math:`X = Y = Z`, :math:`I(X;Y) = 1` bit but
    :math:`I(X;Y \mid Z) = 0`. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    pxyz : array_like, shape (n_x, n_y, n_z)
        Joint probability table of X, Y and Z, summing to 1.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`I(X; Y \mid Z) \ge 0` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``pxyz`` is not a valid 3-D probability table, or ``base`` is invalid.

    References
    ----------
    Cover & Thomas (2006), `cover2006` in the book's references.

    Examples
    --------
    >>> xor = np.zeros((2, 2, 2))
    >>> for x in (0, 1):
    ...     for z in (0, 1):
    ...         xor[x, x ^ z, z] = 0.25
    >>> round(conditional_mutual_information(xor, base=2), 6)  # I(X;Y) = 0 for this table
    1.0
    >>> copies = np.zeros((2, 2, 2))
    >>> copies[0, 0, 0] = copies[1, 1, 1] = 0.5
    >>> round(conditional_mutual_information(copies, base=2), 6)  # I(X;Y) = 1 bit for this table
    0.0
    """
    div = log_base(base)
    pxyz = as_distribution(pxyz, "pxyz", ndim=3)
    h = _entropy_nats
    cmi = h(pxyz.sum(axis=1)) + h(pxyz.sum(axis=0)) - h(pxyz) - h(pxyz.sum(axis=(0, 1)))
    return max(cmi, 0.0) / div


def kl_divergence(p, q, base=None) -> float:
    r"""Kullback–Leibler divergence :math:`D_\mathrm{KL}(p \,\|\, q)`.

    .. math:: D_\mathrm{KL}(p \,\|\, q) = \sum_x p(x) \log \frac{p(x)}{q(x)}

    Not symmetric; ``inf`` where :math:`q(x) = 0 < p(x)`, never NaN.
    Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    p, q : array_like, same shape
        Probability tables, each summing to 1.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`D_\mathrm{KL}(p \,\|\, q) \ge 0` in nats, or in units of ``base``; may be ``inf``.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a valid probability table, their shapes differ, or ``base``
        is invalid.

    References
    ----------
    Kullback & Leibler (1951), `kullback1951` in the book's references.

    Examples
    --------
    >>> round(kl_divergence([0.5, 0.5], [0.9, 0.1]), 4)
    0.5108
    >>> kl_divergence([0.5, 0.5], [1.0, 0.0])
    inf
    """
    div = log_base(base)
    p = as_distribution(p, "p")
    q = as_distribution(q, "q")
    same_shape(p, q)
    kl = float(rel_entr(p, q).sum())
    return max(kl, 0.0) / div


def js_divergence(p, q, base=None) -> float:
    r"""Jensen–Shannon divergence of two distributions (the divergence, not its square root).

    .. math:: \mathrm{JS}(p, q) = \tfrac12 D_\mathrm{KL}(p \,\|\, m) + \tfrac12 D_\mathrm{KL}(q \,\|\, m),
              \qquad m = \tfrac12 (p + q)

    Symmetric, always finite, :math:`0 \le \mathrm{JS} \le \log 2` (1 bit). SciPy's
    ``scipy.spatial.distance.jensenshannon`` returns the square root of this value.
    Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    p, q : array_like, same shape
        Probability tables, each summing to 1.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`\mathrm{JS}(p, q)` in nats, or in units of ``base``.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a valid probability table, their shapes differ, or ``base``
        is invalid.

    References
    ----------
    Lin (1991), `lin1991` in the book's references.

    Examples
    --------
    >>> round(js_divergence([1.0, 0.0], [0.0, 1.0], base=2), 6)
    1.0
    """
    div = log_base(base)
    p = as_distribution(p, "p")
    q = as_distribution(q, "q")
    same_shape(p, q)
    m = 0.5 * (p + q)
    js = 0.5 * float(rel_entr(p, m).sum()) + 0.5 * float(rel_entr(q, m).sum())
    return min(max(js, 0.0), np.log(2.0)) / div


def cross_entropy(p, q, base=None) -> float:
    r"""Cross-entropy of ``q`` relative to ``p``.

    .. math:: H(p, q) = -\sum_x p(x) \log q(x) = H(p) + D_\mathrm{KL}(p \,\|\, q)

    ``inf`` where :math:`q(x) = 0 < p(x)`. Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    p : array_like
        The true distribution, summing to 1.
    q : array_like, same shape as ``p``
        The model distribution, summing to 1.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`H(p, q)` in nats, or in units of ``base``; may be ``inf``.

    Raises
    ------
    ValueError
        If ``p`` or ``q`` is not a valid probability table, their shapes differ, or ``base``
        is invalid.

    References
    ----------
    Cover & Thomas (2006), `cover2006` in the book's references.

    Examples
    --------
    >>> round(cross_entropy([1.0, 0.0], [0.5, 0.5], base=2), 6)
    1.0
    """
    div = log_base(base)
    p = as_distribution(p, "p")
    q = as_distribution(q, "q")
    same_shape(p, q)
    # xlogy(0, 0) = 0; xlogy(p > 0, 0) = -inf, so the sum is +inf, not NaN.
    return float(-xlogy(p, q).sum()) / div
