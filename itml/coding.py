r"""Entropy coders: turn a model's predictive probabilities into a bit string, and back.

A sequence :math:`x_1, \dots, x_n` coded with per-position probabilities
:math:`q_i(\cdot)` takes about

.. math:: L = -\sum_{i=1}^{n} \log_2 q_i(x_i) \ \text{bits}

plus a constant, the ideal code length of Shannon's source coding theorem. Two coders live here.

* **Arithmetic coding** (:func:`encode`, :func:`decode`): the integer coder of Witten, Neal and
  Cleary (1987) with a 62-bit state. A queue: symbols come out in the order they went in. Its
  output is at most 2 bits (plus the rounding to whole bytes, up to 7 bits) over the code length
  of the *quantised* probabilities; see :func:`encode` for the bound.
* **rANS**, range asymmetric numeral systems (Duda 2009, 2013): :class:`ANSStack`,
  :func:`rans_encode`, :func:`rans_decode`. A stack: the last symbol pushed is the first popped.
  Its state is one integer, so one can *pop* (decode) symbols from a message that nobody encoded
  them into and push them back later, which is what bits-back coding needs
  (:mod:`itml.bitsback`).

Both first quantise probabilities to integer frequencies (:func:`quantize`): every symbol gets a
frequency of at least 1, so no symbol is ever unencodable, and encoder and decoder compute
exactly the same integers from the same probability rows. The decoder needs the same rows as the
encoder; a causal model (row ``i`` depends only on ``x_1 .. x_{i-1}``) can recompute them from
what it has decoded.
"""

from __future__ import annotations

import bisect
import math

import numpy as np

from ._validation import as_integer_array, as_probability_rows, as_symbols, check_int

__all__ = ["ANSStack", "MAX_PRECISION", "decode", "encode", "ideal_code_length", "quantize", "rans_decode",
           "rans_encode", "rans_frequencies"]

STATE_BITS = 62
_FULL = (1 << STATE_BITS) - 1
_HALF = 1 << (STATE_BITS - 1)
_QUARTER = 1 << (STATE_BITS - 2)
MAX_PRECISION = 48
r"""The largest ``precision`` the coders accept. The arithmetic coder's range never drops below
:math:`2^{60}`, so narrowing it by a frequency out of :math:`2^b` loses at most
:math:`-\log_2(1 - 2^{b - 60})` bits per symbol: 3.5e-4 bits at b = 48, but about a bit per rare
symbol near b = 60."""
_MAX_PRECISION = MAX_PRECISION


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
    :math:`c_{i,s} = -\log_2 (f_{i,s} / F_i)` bits, :math:`F_i = \sum_t f_{i,t}`, and for every
    symbol

    .. math:: -\log_2\Big(q_{i,s} + \frac{1}{2^{b} - V}\Big) \;<\; c_{i,s}
              \;\le\; -\log_2 q_{i,s} - \log_2\big(1 - V / 2^{b}\big).

    The upper bound is the price of quantisation, at most :math:`V / (2^b \ln 2)` bits per symbol
    (4.7e-10 bits for V = 2 at b = 32). The lower bound shows that a rare symbol can cost *less*
    than its ideal length, by far more than a relative :math:`V / 2^b`: the +1 that keeps every
    frequency positive is a large share of a small frequency (at b = 32, q = 1.5·2⁻³² gets
    f = 2 and costs 31.0 bits instead of 31.4). A symbol of probability 0 costs about ``b`` bits
    instead of being impossible.

    Parameters
    ----------
    probs : array_like, shape (n, V)
        Per-position probability rows, each summing to 1.
    precision : int, default 32
        Bits b of the integer frequencies, in [8, 48] (:data:`MAX_PRECISION`).

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
        [8, 48], or :math:`V \ge 2^{b-1}`.

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

    .. math:: 8\,|\text{output}| \;\le\; \sum_{i=1}^{n} -\log_2 \frac{f_{i,x_i}}{F_i}
              \;+\; n \log_2 \frac{1}{1 - 2^{\,b - 60}} \;+\; 2 \;+\; 7 \ \text{bits}

    with the integer frequencies :math:`f` of :func:`quantize` and their row sums :math:`F_i`:
    the code length of the quantised probabilities, a loss from the coder's finite range
    (below 4e-9 bits per symbol at the default b = 32, 3.5e-4 at the cap b = 48), 2 bits to
    finish, and up to 7 bits of rounding to whole bytes. Against the model's own probabilities,
    :math:`-\log_2 (f_{i,x_i} / F_i) \le -\log_2 q_i(x_i) - \log_2(1 - V / 2^b)` per symbol
    (:func:`quantize`). ``probs[i]`` is the model's distribution for position ``i``. Trailing zero
    bytes are dropped: the decoder reads zeros past the end.

    Parameters
    ----------
    symbols : array_like of int, shape (n,)
        Symbol ids in ``0 .. V-1``, one per row of ``probs``.
    probs : array_like, shape (n, V)
        Per-position probability rows, each summing to 1.
    precision : int, default 32
        Bits b of the integer frequencies, in [8, 48] (:data:`MAX_PRECISION`).

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
        ``precision`` is out of range ([8, 48]).

    References
    ----------
    Witten, Neal & Cleary (1987), `witten1987` in the book's references.

    Examples
    --------
    >>> rows = [[0.9, 0.1]] * 16
    >>> data = encode([0] * 16, rows)
    >>> len(data)  # 16 * -log2(0.9) = 2.4 bits, + 2 to finish, rounded up to a byte
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
        Bits b of the integer frequencies, in [8, 48] (:data:`MAX_PRECISION`).
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



# ------------------------------------------------------------------------------------- rANS

_WORD_BITS = 32
_WORD_MASK = (1 << _WORD_BITS) - 1


def rans_frequencies(probs, precision: int = 32) -> np.ndarray:
    r"""Integer frequencies for rANS: the rows of :func:`quantize`, each summing to exactly :math:`2^b`.

    .. math:: f_{i,s} = \big\lfloor q_{i,s}\,(2^{b} - V) \big\rfloor + 1
              + \mathbf 1[s = \arg\max_t q_{i,t}]\,\Big(2^b - \sum_t \big(\lfloor q_{i,t}(2^b - V)\rfloor + 1\big)\Big)

    rANS divides by a power of two, so the leftover of each row (fewer than V counts) goes to its
    most probable symbol. Coding symbol ``s`` costs :math:`-\log_2(f_{i,s} / 2^b)` bits, at most
    :math:`-\log_2 q_{i,s} - \log_2(1 - V / 2^b)`, the bound of :func:`quantize`.

    Parameters
    ----------
    probs : array_like, shape (n, V)
        Per-position probability rows, each summing to 1.
    precision : int, default 32
        Bits b, in [8, 48].

    Returns
    -------
    ndarray of int64, shape (n, V)
        Frequencies, each at least 1, every row summing to :math:`2^b`.

    Raises
    ------
    TypeError
        If ``precision`` is not an integer.
    ValueError
        As :func:`quantize`.

    Examples
    --------
    >>> rans_frequencies([[0.5, 0.5, 0.0]], precision=8).tolist()
    [[128, 127, 1]]
    """
    freq = quantize(probs, precision)
    if len(freq):
        precision = int(precision)
        freq[np.arange(len(freq)), np.argmax(np.asarray(probs, dtype=float), axis=1)] += (
            (1 << precision) - freq.sum(axis=1))
    return freq


class ANSStack:
    r"""A rANS message: a stack of symbols, each coded with its own quantised distribution.

    The state is an integer :math:`x \in [L, 2^{32} L)`, :math:`L = 2^{b + 32}`, above a stack of
    32-bit words. Pushing symbol ``s`` of frequency :math:`f_s` (start :math:`c_s`, all out of
    :math:`M = 2^b`) first moves low words of :math:`x` onto the word stack until
    :math:`x < 2^{64} f_s`, then

    .. math:: x \leftarrow \lfloor x / f_s \rfloor\, M + (x \bmod f_s) + c_s ,

    which multiplies :math:`x` by about :math:`M / f_s`: the message grows by
    :math:`-\log_2(f_s / M)` bits. Popping inverts it exactly: the slot :math:`x \bmod M` names the
    symbol, :math:`x \leftarrow f_s \lfloor x / M \rfloor + (x \bmod M) - c_s`, and words come back
    while :math:`x < L`. The stack is last in, first out, and a pop works on *any* message, also
    on one into which the popped symbol was never pushed: it reads bits and returns the symbol
    they name, with the probabilities given. Pushing it back restores the message bit for bit.
    That is the move bits-back coding makes (:mod:`itml.bitsback`).

    :attr:`bits` is the information the message holds, :math:`32 W + \log_2(x / L)` for W words;
    it starts at 0 and each push adds at most :math:`-\log_2(f_s / M) + 2^{-32}/\ln 2` bits.
    :meth:`to_bytes` writes the state in a fixed :math:`(b + 64) / 8` bytes after the words, so a
    file is at most :math:`b + 64` bits longer than :attr:`bits` (96 bits at b = 32), plus the
    rounding of the state to whole bytes; an empty message is ``b""``.

    Parameters
    ----------
    precision : int, default 32
        Bits b of the frequencies, in [8, 48]; every row of frequencies must sum to :math:`2^b`
        (:func:`rans_frequencies`).

    Raises
    ------
    TypeError
        If ``precision`` is not an integer.
    ValueError
        If ``precision`` is outside [8, 48].

    References
    ----------
    Duda (2009), `duda2009`; Duda (2013), `duda2013`; Townsend, Bird & Barber (2019),
    `townsend2019`, in the book's references.

    Examples
    --------
    >>> stack = ANSStack()
    >>> rows = [[0.9, 0.1]] * 4
    >>> stack.push([0, 1, 0, 0], rows)
    >>> round(stack.bits, 2)  # 3 * -log2(0.9) + -log2(0.1)
    3.78
    >>> stack.pop(rows).tolist()  # popped in the order pushed: a block is one stack item
    [0, 1, 0, 0]
    >>> stack.bits
    0.0
    """

    def __init__(self, precision: int = 32):
        self.precision = _check_precision(precision)
        self._low = 1 << (self.precision + _WORD_BITS)
        self._mask = (1 << self.precision) - 1
        self.state = self._low
        self.words: list[int] = []

    # -- bookkeeping ----------------------------------------------------------------------------
    @property
    def bits(self) -> float:
        r"""Information held, :math:`32 W + \log_2(x / L)` bits; 0 for an empty message."""
        return _WORD_BITS * len(self.words) + math.log2(self.state) - (self.precision + _WORD_BITS)

    def copy(self) -> "ANSStack":
        """An independent copy (same state, same words)."""
        other = ANSStack(self.precision)
        other.state = self.state
        other.words = list(self.words)
        return other

    def __eq__(self, other) -> bool:
        return (isinstance(other, ANSStack) and self.precision == other.precision
                and self.state == other.state and self.words == other.words)

    def __repr__(self) -> str:
        return f"ANSStack(precision={self.precision}, bits={self.bits:.1f})"

    @property
    def _state_bytes(self) -> int:
        return (self.precision + 2 * _WORD_BITS + 7) // 8

    def to_bytes(self) -> bytes:
        """The message as bytes: the words (little-endian uint32, oldest first), then the state."""
        if not self.words and self.state == self._low:
            return b""
        words = np.asarray(self.words, dtype="<u4").tobytes()
        return words + self.state.to_bytes(self._state_bytes, "big")

    @classmethod
    def from_bytes(cls, data: bytes, precision: int = 32) -> "ANSStack":
        """Read a message written by :meth:`to_bytes` with the same ``precision``.

        Raises ``ValueError`` if ``data`` is not bytes or has the wrong length or state.
        """
        if not isinstance(data, (bytes, bytearray)):
            raise ValueError(f"data must be bytes, got {type(data).__name__}")
        stack = cls(precision)
        if len(data) == 0:
            return stack
        k = stack._state_bytes
        if len(data) < k or (len(data) - k) % 4:
            raise ValueError(f"data is not a rANS message of precision {precision}: length {len(data)}")
        state = int.from_bytes(bytes(data[-k:]), "big")
        if not stack._low <= state < stack._low << _WORD_BITS:
            raise ValueError(f"data is not a rANS message of precision {precision}: state out of range")
        stack.state = state
        stack.words = np.frombuffer(bytes(data[:-k]), dtype="<u4").astype(np.int64).tolist()
        return stack

    # -- the coder ------------------------------------------------------------------------------
    def _check_freqs(self, freqs) -> np.ndarray:
        f = as_integer_array(freqs, "freqs (rows, symbols)", ndim=2)
        if f.shape[1] == 0:
            raise ValueError("freqs must have at least one symbol per row")
        if f.size and (f.min() < 1 or np.any(f.sum(axis=1) != 1 << self.precision)):
            raise ValueError(f"freqs must be at least 1 with every row summing to 2**{self.precision}")
        return f.astype(np.int64)

    def push_freqs(self, symbols, freqs) -> None:
        r"""Push ``symbols`` coded with integer frequency rows summing to :math:`2^b`.

        The block goes on in reverse, so :meth:`pop_freqs` with the same rows returns it in order.
        """
        f = self._check_freqs(freqs)
        s = as_symbols(symbols, "symbols", f.shape[1], length=len(f))
        if not len(s):
            return
        rows = np.arange(len(s))
        fs = f[rows, s]
        starts = (np.cumsum(f, axis=1)[rows, s] - fs).tolist()
        fs = fs.tolist()
        x, words, b = self.state, self.words, self.precision
        shift = 2 * _WORD_BITS
        for i in range(len(fs) - 1, -1, -1):
            fi = fs[i]
            x_max = fi << shift
            while x >= x_max:
                words.append(x & _WORD_MASK)
                x >>= _WORD_BITS
            x = ((x // fi) << b) + (x % fi) + starts[i]
        self.state = x

    def pop_freqs(self, freqs) -> np.ndarray:
        r"""Pop one symbol per row of integer frequencies (rows summing to :math:`2^b`), in order.

        Raises ``ValueError`` if the message runs out of words: a pop can read only the bits
        that are there (start bits-back coding from a message with some initial bits).
        """
        f = self._check_freqs(freqs)
        n, V = f.shape
        out = np.empty(n, dtype=np.int64)
        if n == 0:
            return out
        cum = np.cumsum(f, axis=1)
        small = V <= 64
        cum_rows = cum.tolist() if small else cum
        freq_rows = f.tolist() if small else f
        x, words, b, mask, low = self.state, self.words, self.precision, self._mask, self._low
        for i in range(n):
            slot = x & mask
            if small:
                row = cum_rows[i]
                s = bisect.bisect_right(row, slot)
            else:
                row = cum_rows[i]
                s = int(np.searchsorted(row, slot, side="right"))
            fi = int(freq_rows[i][s])
            x = fi * (x >> b) + slot - (int(row[s]) - fi)
            while x < low:
                if not words:
                    self.state = x
                    raise ValueError("the message ran out of bits: pop needs bits that were never pushed "
                                     "(start from a message with initial bits)")
                x = (x << _WORD_BITS) | words.pop()
            out[i] = s
        self.state = x
        return out

    def push(self, symbols, probs) -> None:
        """Push ``symbols`` under probability rows ``probs`` (quantised by :func:`rans_frequencies`).

        Raises ``ValueError`` for invalid rows or symbols (see :func:`rans_frequencies`).
        """
        self.push_freqs(symbols, rans_frequencies(_check_probs(probs), self.precision))

    def pop(self, probs) -> np.ndarray:
        """Pop one symbol per row of ``probs`` (quantised by :func:`rans_frequencies`), in row order."""
        return self.pop_freqs(rans_frequencies(_check_probs(probs), self.precision))


def rans_encode(symbols, probs, precision: int = 32) -> bytes:
    r"""rANS-code ``symbols`` given the per-position probability rows ``probs``.

    .. math:: 8\,|\text{output}| \;\le\; \sum_{i=1}^{n} -\log_2 \frac{f_{i,x_i}}{2^b}
              \;+\; \frac{n\,2^{-32}}{\ln 2} \;+\; 8 \Big\lceil \frac{b + 64}{8} \Big\rceil \ \text{bits}

    with the frequencies of :func:`rans_frequencies`: the quantised code length, a negligible
    loss per symbol, and the state written out once at the end (96 bits at b = 32). The symbols
    are pushed last first, so :func:`rans_decode` pops them in order and can compute each row
    from the prefix it has decoded, like the arithmetic decoder.

    Parameters
    ----------
    symbols : array_like of int, shape (n,)
        Symbol ids in ``0 .. V-1``, one per row of ``probs``.
    probs : array_like, shape (n, V)
        Per-position probability rows, each summing to 1.
    precision : int, default 32
        Bits b of the integer frequencies, in [8, 48].

    Returns
    -------
    bytes
        The code; ``b""`` for an empty sequence.

    Raises
    ------
    TypeError
        If ``symbols`` or ``precision`` is not integers.
    ValueError
        If ``probs`` is not valid probability rows, ``symbols`` does not match it, or
        ``precision`` is outside [8, 48].

    References
    ----------
    Duda (2013), `duda2013` in the book's references.

    Examples
    --------
    >>> rows = [[0.9, 0.1]] * 1000
    >>> data = rans_encode([0] * 1000, rows)
    >>> len(data)  # 1000 * -log2(0.9) = 152 bits: 4 words of 32 bits (below 160), + 12 bytes of state
    28
    >>> rans_decode(data, rows).tolist() == [0] * 1000
    True
    """
    p = _check_probs(probs)
    s = _check_symbols(symbols, p)
    stack = ANSStack(precision)
    stack.push(s, p)
    return stack.to_bytes()


def rans_decode(data: bytes, probs, precision: int = 32, *, n: int | None = None) -> np.ndarray:
    r"""Invert :func:`rans_encode`: the symbols coded in ``data`` with the same probability rows.

    .. math:: x_i = \min\{s : C_i(s) > x \bmod 2^b\}, \qquad C_i(s) = \sum_{t \le s} f_{i,t}

    ``probs`` is the ``(n, V)`` array of rows the encoder used, or a function
    ``probs(prefix) -> row`` of the symbols decoded so far (then ``n`` is required).

    Parameters
    ----------
    data : bytes or bytearray
        The output of :func:`rans_encode`.
    probs : array_like, shape (n, V), or callable
        The encoder's rows, or a function of the decoded prefix (an int64 array).
    precision : int, default 32
        Bits b of the integer frequencies, in [8, 48].
    n : int, optional
        Number of symbols to decode; required when ``probs`` is a function.

    Returns
    -------
    ndarray of int64, shape (n,)
        The decoded symbols.

    Raises
    ------
    TypeError
        If ``n`` or ``precision`` is not an integer.
    ValueError
        If ``data`` is not a rANS message, ``n`` is missing for a function ``probs``, or
        ``probs`` or ``precision`` is invalid.

    References
    ----------
    Duda (2013), `duda2013` in the book's references.

    Examples
    --------
    >>> rows = [[0.2, 0.3, 0.5]] * 3
    >>> rans_decode(rans_encode([2, 0, 1], rows), rows).tolist()
    [2, 0, 1]
    >>> rans_decode(rans_encode([2, 0, 1], rows), lambda prefix: rows[0], n=3).tolist()
    [2, 0, 1]
    """
    precision = _check_precision(precision)
    if callable(probs):
        if n is None:
            raise ValueError("n must be given when probs is a function (the number of symbols to decode)")
        n = check_int(n, "n", 0, type_error=True)
        stack = ANSStack.from_bytes(data, precision)
        out = np.empty(n, dtype=np.int64)
        for i in range(n):
            row = np.asarray(probs(out[:i]), dtype=float)[None, :]
            out[i] = stack.pop(row)[0]
        return out
    p = _check_probs(probs)
    stack = ANSStack.from_bytes(data, precision)
    return stack.pop(p)
