r"""Arithmetic coding: turn a model's predictive probabilities into a bit string.

A sequence :math:`x_1, \dots, x_n` coded with per-position probabilities
:math:`q_i(\cdot)` takes about

.. math:: L = -\sum_{i=1}^{n} \log_2 q_i(x_i) \ \text{bits}

(plus at most a few bits to finish), the ideal code length of Shannon's source coding
theorem. The coder here is the integer coder of Witten, Neal and Cleary (1987) with a
62-bit state. Probabilities are first quantised to integer frequencies
(:func:`quantize`): every symbol gets a frequency of at least 1, so no symbol is ever
unencodable, and encoder and decoder compute exactly the same integers from the same
probability rows. The decoder needs the same rows as the encoder; a causal model (row
``i`` depends only on ``x_1 .. x_{i-1}``) can recompute them from what it has decoded.
"""

from __future__ import annotations

import numpy as np

from ._validation import as_probability_rows, as_symbols, check_int

__all__ = ["decode", "encode", "ideal_code_length", "quantize"]

STATE_BITS = 62
_FULL = (1 << STATE_BITS) - 1
_HALF = 1 << (STATE_BITS - 1)
_QUARTER = 1 << (STATE_BITS - 2)
_MAX_PRECISION = STATE_BITS - 2


def _check_probs(probs) -> np.ndarray:
    return as_probability_rows(probs, "probs")


def _check_symbols(symbols, probs: np.ndarray) -> np.ndarray:
    return as_symbols(symbols, "symbols", probs.shape[1], length=len(probs))


def _check_precision(precision) -> int:
    return check_int(precision, "precision", 8, high=_MAX_PRECISION, type_error=True)


def quantize(probs, precision: int = 32) -> np.ndarray:
    r"""Integer frequencies for probability rows, every one at least 1.

    .. math:: f_{i,s} = \big\lfloor q_{i,s}\,(2^{b} - V) \big\rfloor + 1,
              \qquad \sum_s f_{i,s} \le 2^{b}

    with ``b = precision`` and ``V`` symbols. Coding symbol ``s`` then costs
    :math:`-\log_2 (f_{i,s} / \sum_t f_{i,t})` bits, within :math:`V / 2^{b}` (relative) of
    :math:`-\log_2 q_{i,s}` for every symbol with :math:`q_{i,s} \ge 2^{-b}`; a symbol of
    probability 0 costs about ``b`` bits instead of being impossible.

    Parameters
    ----------
    probs : array_like, shape (n, V)
        Per-position probability rows, each summing to 1.
    precision : int, default 32
        Bits b of the integer frequencies, in [8, 60].

    Returns
    -------
    ndarray of int64, shape (n, V)
        The frequencies, each at least 1.

    Raises
    ------
    TypeError
        If ``precision`` is not an integer.
    ValueError
        If ``probs`` is not 2-D with rows that are distributions, ``precision`` is outside
        [8, 60], or :math:`V \ge 2^{b-1}`.

    Examples
    --------
    >>> quantize([[0.5, 0.5, 0.0]], precision=8).tolist()
    [[127, 127, 1]]
    """
    p = _check_probs(probs)
    precision = _check_precision(precision)
    if p.shape[1] >= 1 << (precision - 1):
        raise ValueError(f"precision={precision} is too small for {p.shape[1]} symbols")
    p = p / p.sum(axis=1, keepdims=True)
    return np.floor(p * float((1 << precision) - p.shape[1])).astype(np.int64) + 1


def ideal_code_length(symbols, probs) -> float:
    r"""The ideal code length of ``symbols`` under ``probs``.

    .. math:: L = -\sum_i \log_2 q_i(x_i)

    ``inf`` if a symbol has probability 0. Unit: bits.

    Parameters
    ----------
    symbols : array_like of int, shape (n,)
        Symbol ids in ``0 .. V-1``, one per row of ``probs``.
    probs : array_like, shape (n, V)
        Per-position probability rows, each summing to 1.

    Returns
    -------
    float
        :math:`L` in bits.

    Raises
    ------
    TypeError
        If ``symbols`` is not integers.
    ValueError
        If ``probs`` is not valid probability rows, or ``symbols`` does not have one id in
        range per row.

    References
    ----------
    Shannon (1948), `shannon1948` in the book's references.

    Examples
    --------
    >>> ideal_code_length([0, 1], [[0.5, 0.5], [0.75, 0.25]])
    3.0
    """
    p = _check_probs(probs)
    s = _check_symbols(symbols, p)
    with np.errstate(divide="ignore"):
        return float(-np.log2(p[np.arange(len(s)), s]).sum())


def encode(symbols, probs, precision: int = 32) -> bytes:
    r"""Arithmetic-code ``symbols`` given the per-position probability rows ``probs``.

    .. math:: |\text{output}| \le -\sum_i \log_2 q_i(x_i) + 2 \ \text{bits}

    plus the rounding to whole bytes and the tiny loss of :func:`quantize`. ``probs[i]`` is the
    model's distribution for position ``i``. Trailing zero bytes are dropped: the decoder reads
    zeros past the end.

    Parameters
    ----------
    symbols : array_like of int, shape (n,)
        Symbol ids in ``0 .. V-1``, one per row of ``probs``.
    probs : array_like, shape (n, V)
        Per-position probability rows, each summing to 1.
    precision : int, default 32
        Bits b of the integer frequencies, in [8, 60].

    Returns
    -------
    bytes
        The code; ``b""`` for an empty sequence.

    Raises
    ------
    TypeError
        If ``symbols`` is not integers or ``precision`` is not an integer.
    ValueError
        If ``probs`` is not valid probability rows, ``symbols`` does not match it, or
        ``precision`` is out of range.

    References
    ----------
    Witten, Neal & Cleary (1987), `witten1987` in the book's references.

    Examples
    --------
    >>> rows = [[0.9, 0.1]] * 16
    >>> data = encode([0] * 16, rows)
    >>> len(data)  # 16 * -log2(0.9) = 2.4 bits
    1
    >>> decode(data, rows).tolist() == [0] * 16
    True
    """
    p = _check_probs(probs)
    s = _check_symbols(symbols, p)
    freq = quantize(p, precision)
    if len(s) == 0:
        return b""
    cum = np.cumsum(freq, axis=1)
    rows = np.arange(len(s))
    c_hi = cum[rows, s].tolist()
    c_lo = (cum[rows, s] - freq[rows, s]).tolist()
    total = cum[:, -1].tolist()

    bits: list[int] = []
    low, high, pending = 0, _FULL, 0
    for lo_i, hi_i, tot in zip(c_lo, c_hi, total):
        r = high - low + 1
        high = low + r * hi_i // tot - 1
        low = low + r * lo_i // tot
        while True:
            if high < _HALF:
                bits.append(0)
                bits.extend([1] * pending)
                pending = 0
            elif low >= _HALF:
                bits.append(1)
                bits.extend([0] * pending)
                pending = 0
                low -= _HALF
                high -= _HALF
            elif low >= _QUARTER and high < 3 * _QUARTER:
                pending += 1
                low -= _QUARTER
                high -= _QUARTER
            else:
                break
            low = 2 * low
            high = 2 * high + 1
    # Two more bits (and the pending ones) single out a number inside [low, high].
    pending += 1
    if low < _QUARTER:
        bits.append(0)
        bits.extend([1] * pending)
    else:
        bits.append(1)
        bits.extend([0] * pending)
    return np.packbits(np.array(bits, dtype=np.uint8)).tobytes().rstrip(b"\0")


def decode(data: bytes, probs, precision: int = 32, *, n: int | None = None) -> np.ndarray:
    r"""Invert :func:`encode`: the symbols coded in ``data`` with the same probability rows.

    .. math:: x_i = \min\{s : C_i(s) > \text{target}_i\}, \qquad C_i(s) = \sum_{t \le s} f_{i,t}

    ``probs`` is either the ``(n, V)`` array of rows the encoder used, or a function
    ``probs(prefix) -> row`` that computes the row for the next position from the symbols
    decoded so far (then ``n`` is required). The function form is what a decoder does with a
    causal model; it must return exactly the rows the encoder used.

    Parameters
    ----------
    data : bytes or bytearray
        The output of :func:`encode`.
    probs : array_like, shape (n, V), or callable
        The encoder's rows, or a function of the decoded prefix (an int64 array) that returns
        the next row.
    precision : int, default 32
        Bits b of the integer frequencies, in [8, 60].
    n : int, optional
        Number of symbols to decode (>= 0); required when ``probs`` is a function.

    Returns
    -------
    ndarray of int64, shape (n,)
        The decoded symbols.

    Raises
    ------
    TypeError
        If ``n`` or ``precision`` is not an integer.
    ValueError
        If ``data`` is not bytes, ``n`` is missing for a function ``probs``, or ``probs`` or
        ``precision`` is invalid.

    References
    ----------
    Witten, Neal & Cleary (1987), `witten1987` in the book's references.

    Examples
    --------
    >>> rows = [[0.2, 0.3, 0.5]] * 3
    >>> decode(encode([2, 0, 1], rows), rows).tolist()
    [2, 0, 1]
    >>> decode(encode([2, 0, 1], rows), lambda prefix: rows[0], n=3).tolist()
    [2, 0, 1]
    """
    if not isinstance(data, (bytes, bytearray)):
        raise ValueError(f"data must be bytes, got {type(data).__name__}")
    if callable(probs):
        if n is None:
            raise ValueError("n must be given when probs is a function (the number of symbols to decode)")
        n = check_int(n, "n", 0, type_error=True)
        next_row = probs
    else:
        p = _check_probs(probs)
        freq_all = quantize(p, precision)
        cum_all = np.cumsum(freq_all, axis=1)
        n = len(freq_all)
    out = np.empty(n, dtype=np.int64)
    if n == 0:
        return out
    bits = np.unpackbits(np.frombuffer(bytes(data), dtype=np.uint8)).tolist()
    n_bits = len(bits)

    value = 0
    for k in range(STATE_BITS):
        value = 2 * value + (bits[k] if k < n_bits else 0)
    pos = STATE_BITS
    low, high = 0, _FULL
    for i in range(n):
        if callable(probs):
            freq = quantize(np.asarray(next_row(out[:i]), dtype=float)[None, :], precision)[0]
            row = np.cumsum(freq)
        else:
            freq, row = freq_all[i], cum_all[i]
        tot = int(row[-1])
        r = high - low + 1
        target = ((value - low + 1) * tot - 1) // r
        sym = int(np.searchsorted(row, target, side="right"))
        hi_i = int(row[sym])
        lo_i = hi_i - int(freq[sym])
        out[i] = sym
        high = low + r * hi_i // tot - 1
        low = low + r * lo_i // tot
        while True:
            if high < _HALF:
                pass
            elif low >= _HALF:
                low -= _HALF
                high -= _HALF
                value -= _HALF
            elif low >= _QUARTER and high < 3 * _QUARTER:
                low -= _QUARTER
                high -= _QUARTER
                value -= _QUARTER
            else:
                break
            low = 2 * low
            high = 2 * high + 1
            value = 2 * value + (bits[pos] if pos < n_bits else 0)
            pos += 1
    return out

