"""Shared timing helper for the bench_*.py modules."""

from __future__ import annotations

import timeit


def best_time(fn, *, min_total: float = 0.2, repeat: int = 5) -> float:
    """Best-of-``repeat`` seconds per call of ``fn()``, each repeat looping long enough to time."""
    timer = timeit.Timer(fn)
    number, _ = timer.autorange()
    number = max(1, int(number * min_total / 0.2))
    return min(timer.repeat(repeat=repeat, number=number)) / number
