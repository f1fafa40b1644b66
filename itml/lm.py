r"""Character language models, from the uniform model to a small GRU.

Every model gives, for a sequence of symbol ids :math:`x_1, \dots, x_n`, the matrix of
predictive distributions ``model.distributions(ids)`` of shape ``(n, V)`` whose row ``i``
is :math:`q(\cdot \mid x_{<i})` (0-based: row ``i`` predicts ``ids[i]`` from ``ids[:i]``).
The same rows give the cross-entropy rate (:func:`cross_entropy_rate`) and drive the
arithmetic coder of :mod:`itml.coding`.

Models: :class:`Uniform`, :class:`AddK` (an n-gram with add-k smoothing; order 1 is the
unigram, order 2 the bigram), :class:`KneserNey` (interpolated Kneser-Ney with one absolute
discount, in the interpolated form of Chen and Goodman 1999, not their *modified* Kneser-Ney
with three discounts) and :class:`CharGRU` (trained with :func:`train_char_model`).
"""

from __future__ import annotations

import copy

import numpy as np
import torch
from torch import nn

from ._validation import as_probability_rows, as_symbols, check_int, check_number, log_base
from .runtime import device, progress

__all__ = [
    "AddK",
    "CharGRU",
    "KneserNey",
    "Uniform",
    "Vocabulary",
    "cross_entropy_rate",
    "train_char_model",
]

UNK = "\ufffd"
"""How the out-of-vocabulary symbol prints (the Unicode replacement character)."""


class Vocabulary:
    r"""The characters of a training text, plus one symbol for everything else.

    Ids ``0 .. V-2`` are the training characters in sorted order; id ``V-1`` is the unknown
    symbol, to which :meth:`encode` maps every character not seen in training, so
    :math:`V = |\text{characters}| + 1` (``len(vocab)``).

    Parameters
    ----------
    text : str
        The training text, non-empty.

    Attributes
    ----------
    chars
        The training characters, sorted (a list of str).
    unk
        The id of the unknown symbol, ``V - 1``.

    Raises
    ------
    ValueError
        If ``text`` is not a non-empty string.

    Examples
    --------
    >>> vocab = Vocabulary("abca")
    >>> len(vocab), vocab.encode("cab!").tolist(), vocab.decode([2, 0, 1, 3])
    (4, [2, 0, 1, 3], 'cab\ufffd')
    """

    def __init__(self, text: str):
        if not isinstance(text, str) or not text:
            raise ValueError("text must be a non-empty string")
        self.chars = sorted(set(text))
        self._index = {c: i for i, c in enumerate(self.chars)}
        self.unk = len(self.chars)

    def __len__(self) -> int:
        return len(self.chars) + 1

    def encode(self, text: str) -> np.ndarray:
        r"""Character ids of ``text``; unseen characters become the unknown id ``V - 1``.

        Parameters
        ----------
        text : str
            Any text.

        Returns
        -------
        ndarray of int64, shape (len(text),)
            The ids.

        Raises
        ------
        ValueError
            If ``text`` is not a string.

        Examples
        --------
        >>> Vocabulary("ab").encode("abz").tolist()
        [0, 1, 2]
        """
        if not isinstance(text, str):
            raise ValueError(f"text must be a string, got {type(text).__name__}")
        return np.array([self._index.get(c, self.unk) for c in text], dtype=np.int64)

    def decode(self, ids) -> str:
        r"""The text of ``ids``; the unknown symbol prints as U+FFFD.

        Parameters
        ----------
        ids : array_like of int, shape (n,)
            Ids in ``0 .. V-1``.

        Returns
        -------
        str
            The decoded text.

        Raises
        ------
        TypeError
            If ``ids`` is not integers.
        ValueError
            If ``ids`` is not 1-D or holds ids outside ``0 .. V-1``.

        Examples
        --------
        >>> Vocabulary("ab").decode([1, 0])
        'ba'
        """
        table = self.chars + [UNK]
        return "".join(table[i] for i in _ids(ids, len(self)).tolist())


def _ids(ids, vocab_size: int, name: str = "ids") -> np.ndarray:
    return as_symbols(ids, name, vocab_size)


def cross_entropy_rate(probs, ids, base=None) -> float:
    r"""Average code length of ``ids`` under the predictive rows ``probs``.

    .. math:: H = -\frac{1}{n} \sum_{i=1}^{n} \log q(x_i \mid x_{<i})

    The perplexity is :math:`e^{H}` with H in nats (:func:`itml.losses.perplexity`). A symbol
    of probability 0 gives ``inf``. Unit: nats per symbol by default; ``base=2`` gives bits.

    Parameters
    ----------
    probs : array_like, shape (n, V)
        Predictive rows, each summing to 1 (e.g. ``model.distributions(ids)``).
    ids : array_like of int, shape (n,)
        The symbols that occurred, one per row, in ``0 .. V-1``.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    float
        :math:`H` in nats per symbol, or in units of ``base``.

    Raises
    ------
    TypeError
        If ``ids`` is not integers.
    ValueError
        If ``probs`` is not 2-D with rows that are distributions, ``ids`` does not have one
        id in range per row (at least one), or ``base`` is invalid.

    References
    ----------
    Cover & Thomas (2006), `cover2006` in the book's references.

    Examples
    --------
    >>> round(cross_entropy_rate([[0.5, 0.5], [0.25, 0.75]], [0, 1], base=2), 4)
    0.7075
    """
    p = as_probability_rows(probs, "probs")
    x = as_symbols(ids, "ids", p.shape[1], length=len(p), min_length=1)
    q = p[np.arange(len(x)), x]
    with np.errstate(divide="ignore"):
        return float(-np.log(q).mean() / log_base(base))


def _check_order(order, vocab_size: int) -> int:
    order = check_int(order, "order", type_error=True)
    if vocab_size ** order >= 2**62:
        raise ValueError(f"order={order} is too large for {vocab_size} symbols (codes overflow int64)")
    return int(order)


class Uniform:
    r"""The uniform language model: every symbol equally likely.

    .. math:: q(x \mid x_{<i}) = 1/V, \qquad H = \log V \text{ nats}, \qquad \mathrm{PPL} = V

    Parameters
    ----------
    vocab_size : int
        :math:`V \ge 2`.

    Raises
    ------
    TypeError
        If ``vocab_size`` is not an integer.
    ValueError
        If ``vocab_size < 2``.

    Examples
    --------
    >>> Uniform(4).distributions([0, 3]).tolist()
    [[0.25, 0.25, 0.25, 0.25], [0.25, 0.25, 0.25, 0.25]]
    """

    def __init__(self, vocab_size: int):
        self.vocab_size = check_int(vocab_size, "vocab_size", 2, type_error=True)

    def distributions(self, ids) -> np.ndarray:
        r"""Rows :math:`q(\cdot \mid x_{<i}) = 1/V`, shape ``(len(ids), V)``.

        Parameters
        ----------
        ids : array_like of int, shape (n,)
            Symbol ids in ``0 .. V-1``.

        Returns
        -------
        ndarray, shape (n, V)
            Row ``i`` is :math:`q(\cdot \mid x_{<i})`; rows sum to 1.

        Raises
        ------
        TypeError
            If ``ids`` is not integers.
        ValueError
            If ``ids`` is not 1-D or holds ids outside ``0 .. V-1``.

        Examples
        --------
        >>> Uniform(2).distributions([1]).tolist()
        [[0.5, 0.5]]
        """
        x = _ids(ids, self.vocab_size)
        return np.full((len(x), self.vocab_size), 1.0 / self.vocab_size)


def _context_codes(x: np.ndarray, m: int, V: int) -> np.ndarray:
    """Integer code of the ``m`` symbols before each position (-1 where fewer exist)."""
    codes = np.full(len(x), -1, dtype=np.int64)
    if m == 0:
        codes[:] = 0
        return codes
    if len(x) <= m:
        return codes
    c = np.zeros(len(x) - m, dtype=np.int64)
    for j in range(m):
        c = c * V + x[j: len(x) - m + j]
    codes[m:] = c
    return codes


class _Table:
    """Counts ``N(h, c)`` of symbol ``c`` after a context ``h`` (integer codes of a fixed length).

    Built from one entry per occurrence; stored sorted by ``h * V + c``, so the symbols
    seen after one context are contiguous.
    """

    def __init__(self, ctx: np.ndarray, nxt: np.ndarray, V: int):
        self.V = V
        self.pairs, counts = np.unique(ctx * V + nxt, return_counts=True)
        self.counts = counts.astype(float)
        self.keys, self.first = np.unique(self.pairs // V, return_index=True)
        self.totals = np.add.reduceat(self.counts, self.first) if len(self.first) else np.zeros(0)
        self.types = np.diff(np.append(self.first, len(self.pairs)))

    @staticmethod
    def _find(keys: np.ndarray, codes: np.ndarray) -> np.ndarray:
        if len(keys) == 0:
            return np.full(len(codes), -1)
        pos = np.minimum(np.searchsorted(keys, codes), len(keys) - 1)
        return np.where((keys[pos] == codes) & (codes >= 0), pos, -1)

    def find(self, codes: np.ndarray) -> np.ndarray:
        """Row of each context code, -1 where the context was never seen."""
        return self._find(self.keys, codes)

    def count(self, codes: np.ndarray, symbols: np.ndarray) -> np.ndarray:
        """``N(h, c)`` for each (context code, symbol) pair; 0 where never seen."""
        pos = self._find(self.pairs, np.where(codes >= 0, codes * self.V + symbols, -1))
        return np.where(pos >= 0, self.counts[pos], 0.0)

    def rows(self, idx: np.ndarray) -> np.ndarray:
        """Dense counts ``N(h, .)`` of shape ``(len(idx), V)`` for context rows ``idx``."""
        out = np.zeros((len(idx), self.V))
        seen = np.flatnonzero(idx >= 0)
        n = self.types[idx[seen]]
        offset = np.cumsum(n) - n
        entry = np.repeat(self.first[idx[seen]] - offset, n) + np.arange(n.sum())
        out[np.repeat(seen, n), self.pairs[entry] % self.V] = self.counts[entry]
        return out


def _raw_table(x: np.ndarray, m: int, V: int) -> _Table:
    """Counts of each symbol after each length-``m`` context in ``x``."""
    ctx = _context_codes(x, m, V)
    keep = ctx >= 0
    return _Table(ctx[keep], x[keep], V)


def _continuation_table(x: np.ndarray, m: int, V: int) -> _Table:
    r"""Continuation counts :math:`N_{1+}(\bullet h c)`: distinct symbols seen before ``h c``."""
    ext = _context_codes(x, m + 1, V)  # the m + 1 symbols before each position
    keep = ext >= 0
    grams = np.unique(ext[keep] * V + x[keep])  # distinct (m + 2)-grams (y, h, c)
    hc = grams % V ** (m + 1)  # drop the first symbol y
    return _Table(hc // V, hc % V, V)


def _check_text_ids(train_ids, vocab_size: int) -> np.ndarray:
    x = _ids(train_ids, vocab_size, "train_ids")
    if len(x) == 0:
        raise ValueError("train_ids is empty")
    return x


class _NGram:
    """What the n-gram models share: the next row from a prefix alone."""

    def next_distribution(self, prefix) -> np.ndarray:
        r"""The row :math:`q(\cdot \mid \text{prefix})` for the symbol after ``prefix``.

        Only the last ``order - 1`` symbols matter; the result equals the matching row of
        :meth:`distributions` exactly, so a decoder can compute it from what it has decoded.

        Parameters
        ----------
        prefix : array_like of int, shape (n,)
            The symbols so far (may be empty).

        Returns
        -------
        ndarray, shape (V,)
            The predictive distribution of the next symbol.

        Examples
        --------
        >>> AddK([0, 1, 0, 1], vocab_size=3, order=2).next_distribution([0]).round(3).tolist()
        [0.2, 0.6, 0.2]
        """
        x = _ids(prefix, self.vocab_size)
        context = x[max(0, len(x) - (self.order - 1)):]
        return self.distributions(np.append(context, 0))[-1]


class AddK(_NGram):
    r"""An n-gram model with add-k (Lidstone) smoothing; ``k = 1`` is Laplace's add-one.

    .. math:: q(c \mid h) = \frac{N(h c) + k}{N(h) + k V}

    with ``h`` the ``order - 1`` previous symbols (order 1: the unigram, order 2: the bigram).
    Every symbol gets probability at least :math:`k / (N(h) + kV) > 0`; an unseen context gives
    the uniform distribution. Probabilities are unitless; the cross-entropy of its rows is in
    nats (:func:`cross_entropy_rate`).

    Parameters
    ----------
    train_ids : array_like of int, shape (n,)
        The training text as ids in ``0 .. V-1``, non-empty.
    vocab_size : int
        :math:`V \ge 2`.
    order : int, default 2
        The n of the n-gram, at least 1.
    k : float, default 1.0
        The pseudo-count, > 0.

    Raises
    ------
    TypeError
        If ``vocab_size``, ``order`` or ``k`` has the wrong type, or ``train_ids`` is not integers.
    ValueError
        If a parameter is out of range, ``V**order`` overflows int64, or ``train_ids`` is empty
        or out of range.

    References
    ----------
    Chen & Goodman (1999), `chen1999` in the book's references.

    Examples
    --------
    >>> m = AddK([0, 1, 0, 1], vocab_size=3, order=2, k=1.0)
    >>> m.distributions([0, 1]).round(3).tolist()
    [[0.333, 0.333, 0.333], [0.2, 0.6, 0.2]]
    """

    def __init__(self, train_ids, vocab_size: int, order: int = 2, k: float = 1.0):
        V = check_int(vocab_size, "vocab_size", 2, type_error=True)
        self.vocab_size, self.order = V, _check_order(order, V)
        self.k = check_number(k, "k", minimum=0, open_min=True, type_error=True)
        self._table = _raw_table(_check_text_ids(train_ids, V), self.order - 1, V)

    def with_k(self, k: float) -> "AddK":
        r"""The same counts with another pseudo-count ``k`` (no recounting).

        Parameters
        ----------
        k : float
            The new pseudo-count, > 0.

        Returns
        -------
        AddK
            A shallow copy with ``k`` replaced.

        Raises
        ------
        TypeError
            If ``k`` is not a real number.
        ValueError
            If ``k`` is not positive and finite.

        Examples
        --------
        >>> AddK([0, 1], vocab_size=2, order=1).with_k(0.5).k
        0.5
        """
        other = copy.copy(self)
        other.k = check_number(k, "k", minimum=0, open_min=True, type_error=True)
        return other

    def _context(self, x: np.ndarray):
        idx = self._table.find(_context_codes(x, self.order - 1, self.vocab_size))
        totals = np.where(idx >= 0, self._table.totals[idx], 0.0)
        return idx, totals + self.k * self.vocab_size

    def distributions(self, ids) -> np.ndarray:
        r"""Rows :math:`q(\cdot \mid x_{<i})`, shape ``(len(ids), V)``.

        Parameters
        ----------
        ids : array_like of int, shape (n,)
            Symbol ids in ``0 .. V-1``.

        Returns
        -------
        ndarray, shape (n, V)
            Row ``i`` is :math:`q(\cdot \mid x_{<i})`; rows sum to 1.

        Raises
        ------
        TypeError
            If ``ids`` is not integers.
        ValueError
            If ``ids`` is not 1-D or holds ids outside ``0 .. V-1``.

        Examples
        --------
        >>> AddK([0, 0, 1], vocab_size=2, order=1, k=1.0).distributions([0]).round(3).tolist()
        [[0.6, 0.4]]
        """
        x = _ids(ids, self.vocab_size)
        idx, denom = self._context(x)
        return (self._table.rows(idx) + self.k) / denom[:, None]

    def probabilities(self, ids) -> np.ndarray:
        r"""Only the probabilities :math:`q(x_i \mid x_{<i})` of the symbols that occur.

        Equal to ``distributions(ids)[arange(n), ids]`` without building the full rows.

        Parameters
        ----------
        ids : array_like of int, shape (n,)
            Symbol ids in ``0 .. V-1``.

        Returns
        -------
        ndarray, shape (n,)
            The probabilities.

        Raises
        ------
        TypeError
            If ``ids`` is not integers.
        ValueError
            If ``ids`` is not 1-D or holds ids outside ``0 .. V-1``.

        Examples
        --------
        >>> AddK([0, 0, 1], vocab_size=2, order=1, k=1.0).probabilities([0, 1]).round(3).tolist()
        [0.6, 0.4]
        """
        x = _ids(ids, self.vocab_size)
        idx, denom = self._context(x)
        codes = np.where(idx >= 0, _context_codes(x, self.order - 1, self.vocab_size), -1)
        return (self._table.count(codes, x) + self.k) / denom


class KneserNey(_NGram):
    r"""Interpolated Kneser-Ney smoothing with one absolute discount ``D``.

    This is Kneser and Ney's discounting in the interpolated form that Chen and Goodman (1999)
    describe, with a single ``D`` for all counts and orders; it is *not* their "modified"
    Kneser-Ney, which uses three discounts :math:`D_1, D_2, D_{3+}` by count.

    .. math:: q_m(c \mid h) = \frac{\max(N(h c) - D,\ 0)}{N(h)}
              + \frac{D\, T(h)}{N(h)}\, q_{m-1}(c \mid h')

    with ``h`` the last ``m`` symbols, ``h'`` its last ``m - 1``, ``T(h)`` the number of
    distinct symbols seen after ``h``, and the recursion ending in the uniform distribution
    :math:`1/V`. The highest order (``m = order - 1``) uses the raw counts ``N``; the lower
    orders use continuation counts :math:`N_{1+}(\bullet h c)`, the number of distinct symbols
    seen before ``h c``. An unseen context (:math:`N(h) = 0`) falls through to the lower order.
    Every probability is positive because the uniform floor gets weight
    :math:`\prod D\,T(h)/N(h) > 0`.

    Parameters
    ----------
    train_ids : array_like of int, shape (n,)
        The training text as ids in ``0 .. V-1``, non-empty.
    vocab_size : int
        :math:`V \ge 2`.
    order : int, default 3
        The n of the n-gram, at least 1.
    discount : float, default 0.75
        The absolute discount, in (0, 1).

    Raises
    ------
    TypeError
        If ``vocab_size``, ``order`` or ``discount`` has the wrong type, or ``train_ids`` is
        not integers.
    ValueError
        If a parameter is out of range, ``V**order`` overflows int64, or ``train_ids`` is empty
        or out of range.

    References
    ----------
    Kneser & Ney (1995), `kneser1995` in the book's references.
    Chen & Goodman (1999), `chen1999` in the book's references.

    Examples
    --------
    >>> m = KneserNey([0, 1, 0, 1, 0, 2], vocab_size=3, order=2, discount=0.75)
    >>> m.distributions([0, 1, 0]).sum(axis=1).round(12).tolist()
    [1.0, 1.0, 1.0]
    """

    def __init__(self, train_ids, vocab_size: int, order: int = 3, discount: float = 0.75):
        V = check_int(vocab_size, "vocab_size", 2, type_error=True)
        self.vocab_size, self.order = V, _check_order(order, V)
        self.discount = check_number(discount, "discount", minimum=0, maximum=1,
                                     open_min=True, open_max=True, type_error=True)
        x = _check_text_ids(train_ids, V)
        top = self.order - 1
        self._tables = [_continuation_table(x, m, V) for m in range(top)] + [_raw_table(x, top, V)]

    def with_discount(self, discount: float) -> "KneserNey":
        r"""The same counts with another discount (no recounting).

        Parameters
        ----------
        discount : float
            The new discount, in (0, 1).

        Returns
        -------
        KneserNey
            A shallow copy with ``discount`` replaced.

        Raises
        ------
        TypeError
            If ``discount`` is not a real number.
        ValueError
            If ``discount`` is outside (0, 1).

        Examples
        --------
        >>> KneserNey([0, 1, 0], vocab_size=2, order=2).with_discount(0.5).discount
        0.5
        """
        other = copy.copy(self)
        other.discount = check_number(discount, "discount", minimum=0, maximum=1,
                                      open_min=True, open_max=True, type_error=True)
        return other

    def _levels(self, x: np.ndarray):
        """For each context length m: the table, its context codes and rows for ``x``."""
        for m, t in enumerate(self._tables):
            codes = _context_codes(x, m, self.vocab_size)
            yield t, codes, t.find(codes)

    def distributions(self, ids) -> np.ndarray:
        r"""Rows :math:`q(\cdot \mid x_{<i})`, shape ``(len(ids), V)``.

        Parameters
        ----------
        ids : array_like of int, shape (n,)
            Symbol ids in ``0 .. V-1``.

        Returns
        -------
        ndarray, shape (n, V)
            Row ``i`` is :math:`q(\cdot \mid x_{<i})`; rows sum to 1.

        Raises
        ------
        TypeError
            If ``ids`` is not integers.
        ValueError
            If ``ids`` is not 1-D or holds ids outside ``0 .. V-1``.

        Examples
        --------
        >>> KneserNey([0, 1, 0], vocab_size=2, order=1).distributions([0]).round(3).tolist()
        [[0.667, 0.333]]
        """
        x = _ids(ids, self.vocab_size)
        D = self.discount
        q = np.full((len(x), self.vocab_size), 1.0 / self.vocab_size)
        for t, _, idx in self._levels(x):
            seen = idx >= 0
            n = t.totals[idx[seen]][:, None]
            q[seen] = np.maximum(t.rows(idx[seen]) - D, 0.0) / n + (D * t.types[idx[seen]][:, None] / n) * q[seen]
        return q

    def probabilities(self, ids) -> np.ndarray:
        r"""Only the probabilities :math:`q(x_i \mid x_{<i})` of the symbols that occur.

        Equal to ``distributions(ids)[arange(n), ids]`` without building the full rows.

        Parameters
        ----------
        ids : array_like of int, shape (n,)
            Symbol ids in ``0 .. V-1``.

        Returns
        -------
        ndarray, shape (n,)
            The probabilities.

        Raises
        ------
        TypeError
            If ``ids`` is not integers.
        ValueError
            If ``ids`` is not 1-D or holds ids outside ``0 .. V-1``.

        Examples
        --------
        >>> KneserNey([0, 1, 0], vocab_size=2, order=1).probabilities([0, 1]).round(3).tolist()
        [0.667, 0.333]
        """
        x = _ids(ids, self.vocab_size)
        D = self.discount
        q = np.full(len(x), 1.0 / self.vocab_size)
        for t, codes, idx in self._levels(x):
            seen = idx >= 0
            n = t.totals[idx[seen]]
            count = t.count(codes[seen], x[seen])
            q[seen] = np.maximum(count - D, 0.0) / n + (D * t.types[idx[seen]] / n) * q[seen]
        return q


class CharGRU(nn.Module):
    r"""A character model: embedding, a GRU, and a linear layer to next-symbol logits.

    .. math:: h_t = \mathrm{GRU}(h_{t-1}, e(x_t)), \qquad
              q(\cdot \mid x_{\le t}) = \operatorname{softmax}(W h_t + b)

    ``forward(x)`` maps input ids ``(batch, time)`` to logits ``(batch, time, V)``; the logits
    at time ``t`` depend on ``x[:, :t+1]`` only. The inputs are the text shifted right by one
    behind the start id ``V``, so the logits at time ``t`` predict symbol ``t`` of the text from
    the symbols before it. Trained with :func:`train_char_model` on a cross-entropy in nats.

    Parameters
    ----------
    vocab_size : int
        :math:`V \ge 2`; the embedding has ``V + 1`` rows (the extra one is the start id).
    embed_dim : int, default 32
        Width of the embedding.
    hidden : int, default 128
        Width of the GRU state.

    Raises
    ------
    TypeError
        If ``vocab_size`` is not an integer.
    ValueError
        If ``vocab_size < 2``.

    Examples
    --------
    >>> model = CharGRU(vocab_size=5, embed_dim=4, hidden=8)
    >>> tuple(model(torch.zeros(2, 3, dtype=torch.long)).shape)
    (2, 3, 5)
    """

    def __init__(self, vocab_size: int, embed_dim: int = 32, hidden: int = 128):
        super().__init__()
        self.vocab_size = check_int(vocab_size, "vocab_size", 2, type_error=True)
        self.start = self.vocab_size  # an extra input id that marks the start of a text
        self.embed = nn.Embedding(self.vocab_size + 1, embed_dim)
        self.gru = nn.GRU(embed_dim, hidden, batch_first=True)
        self.head = nn.Linear(hidden, self.vocab_size)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        r"""Next-symbol logits for input ids ``x`` of shape ``(batch, time)``.

        Parameters
        ----------
        x : torch.Tensor of int64, shape (batch, time)
            Input ids in ``0 .. V`` (``V`` is the start id).

        Returns
        -------
        torch.Tensor, shape (batch, time, V)
            The logits.

        Examples
        --------
        >>> CharGRU(3, embed_dim=2, hidden=4)(torch.zeros(1, 2, dtype=torch.long)).shape
        torch.Size([1, 2, 3])
        """
        out, _ = self.gru(self.embed(x))
        return self.head(out)

    @torch.no_grad()
    def distributions(self, ids, *, window: int | None = None) -> np.ndarray:
        r"""Predictive rows :math:`q(\cdot \mid x_{<i})` for ``ids``, read left to right.

        With ``window=None`` (default) the text is read in one pass, the state carried over the
        whole of it. With ``window=T`` the text is cut into consecutive pieces of ``T`` symbols
        and each piece is read from a reset state behind the start id, exactly as
        :func:`train_char_model` trains on windows of ``seq_len`` symbols: row ``i`` then depends
        on the ``i mod T`` symbols before it in its piece, and is still causal. Row 0 (of each
        piece) is the prediction after the start id alone; rows are computed in float32 and
        renormalised in float64.

        Parameters
        ----------
        ids : array_like of int, shape (n,)
            Symbol ids in ``0 .. V-1``.
        window : int, optional
            Length of the pieces read from a reset state, at least 1; ``None`` reads the whole
            text in one pass.

        Returns
        -------
        ndarray, shape (n, V)
            Row ``i`` is :math:`q(\cdot \mid x_{<i})`; rows sum to 1.

        Raises
        ------
        TypeError
            If ``ids`` is not integers.
        ValueError
            If ``ids`` is not 1-D or holds ids outside ``0 .. V-1``.

        Examples
        --------
        >>> CharGRU(3, embed_dim=2, hidden=4).distributions([0, 2, 1]).shape
        (3, 3)
        >>> CharGRU(3, embed_dim=2, hidden=4).distributions([0, 2, 1, 1, 0], window=2).shape
        (5, 3)
        """
        x = _ids(ids, self.vocab_size)
        dev = next(self.parameters()).device
        self.eval()
        if len(x) == 0:
            return np.zeros((0, self.vocab_size))
        if window is None:
            inp = torch.as_tensor(np.concatenate([[self.start], x[:-1]]), device=dev)[None]
        else:
            window = check_int(window, "window", 1, type_error=True)
            n_pieces = -(-len(x) // window)
            pieces = np.full((n_pieces, window), self.start, dtype=np.int64)
            pieces.reshape(-1)[:len(x)] = x  # the last piece is padded behind the text
            inp = np.concatenate([np.full((n_pieces, 1), self.start), pieces[:, :-1]], axis=1)
            inp = torch.as_tensor(inp, device=dev)
        logits = self(inp).reshape(-1, self.vocab_size)[:len(x)]
        p = torch.softmax(logits.double(), dim=-1).cpu().numpy()
        return p / p.sum(axis=1, keepdims=True)


def train_char_model(model: CharGRU, train_ids, *, steps: int = 300, seq_len: int = 64,
                     batch_size: int = 32, lr: float = 3e-3, seed: int = 0) -> list[float]:
    r"""Train ``model`` to predict each next symbol of random windows of ``train_ids``.

    .. math:: \mathcal L = -\frac{1}{BT}\sum_{b,t} \log q(x_{t+1} \mid x_{\le t})

    with Adam; each window is fed behind the start id, as in :meth:`CharGRU.distributions`.
    The model is moved to :func:`itml.runtime.device`. Unit: nats per symbol.

    Parameters
    ----------
    model : CharGRU
        The model, trained in place.
    train_ids : array_like of int, shape (n,)
        The training text as ids, longer than ``seq_len``.
    steps : int, default 300
        Number of Adam steps.
    seq_len : int, default 64
        Length T of each window.
    batch_size : int, default 32
        Windows B per step.
    lr : float, default 3e-3
        Adam's learning rate, > 0.
    seed : int, default 0
        Seed of the window positions.

    Returns
    -------
    list of float
        The loss (nats per symbol) of every step.

    Raises
    ------
    TypeError
        If ``steps``, ``seq_len``, ``batch_size`` or ``lr`` has the wrong type.
    ValueError
        If one of them is out of range, or ``train_ids`` is empty, out of range or not longer
        than ``seq_len``.

    Examples
    --------
    >>> import contextlib, io
    >>> with contextlib.redirect_stdout(io.StringIO()):  # silence the progress bar
    ...     losses = train_char_model(CharGRU(3, embed_dim=2, hidden=4), [0, 1, 2] * 10,
    ...                               steps=2, seq_len=8, batch_size=2)
    >>> len(losses)
    2
    """
    for name, value in (("steps", steps), ("seq_len", seq_len), ("batch_size", batch_size)):
        check_int(value, name, type_error=True)
    check_number(lr, "lr", minimum=0, open_min=True, type_error=True)
    x = torch.as_tensor(_check_text_ids(train_ids, model.vocab_size))
    if len(x) <= seq_len:
        raise ValueError(f"train_ids must be longer than seq_len={seq_len}")
    dev = device()
    model.to(dev).train()
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    losses = []
    for _ in progress(range(steps), desc="training"):
        start = torch.randint(0, len(x) - seq_len + 1, (batch_size,), generator=gen)
        window = torch.stack([x[s: s + seq_len] for s in start.tolist()]).to(dev)
        inp = torch.cat([torch.full_like(window[:, :1], model.start), window[:, :-1]], dim=1)
        loss = nn.functional.cross_entropy(model(inp).reshape(-1, model.vocab_size), window.reshape(-1))
        opt.zero_grad()
        loss.backward()
        opt.step()
        losses.append(loss.item())
    return losses
