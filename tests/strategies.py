"""Hypothesis strategies shared by the test modules: probability tables of every shape."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

_UNIT = st.floats(0, 1, allow_subnormal=False)


def _normalised(a: np.ndarray) -> np.ndarray:
    return a / a.sum()


def distributions(n_min: int = 1, n_max: int = 12):
    """Probability vectors of length ``n_min`` to ``n_max``; entries may be exactly 0."""
    return (st.integers(n_min, n_max)
            .flatmap(lambda n: arrays(np.float64, n, elements=_UNIT))
            .filter(lambda a: a.sum() > 1e-3).map(_normalised))


def distribution_pairs(n_max: int = 12):
    """Two probability vectors ``(p, q)`` of the same length, up to ``n_max``."""
    def build(n):
        return st.tuples(arrays(np.float64, n, elements=_UNIT), arrays(np.float64, n, elements=_UNIT))
    return (st.integers(1, n_max).flatmap(build)
            .filter(lambda t: t[0].sum() > 1e-3 and t[1].sum() > 1e-3)
            .map(lambda t: (_normalised(t[0]), _normalised(t[1]))))


def joint_tables(max_side: int = 6):
    """Joint probability tables ``pxy`` of shape ``(a, b)`` with sides 1 to ``max_side``."""
    shapes = st.tuples(st.integers(1, max_side), st.integers(1, max_side))
    return (shapes.flatmap(lambda s: arrays(np.float64, s, elements=_UNIT))
            .filter(lambda a: a.sum() > 1e-3).map(_normalised))
