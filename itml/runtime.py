"""Reproducibility and hardware: seeding, the compute device, progress bars."""

from __future__ import annotations

import contextlib
import random
import sys

import numpy as np


def seed_everything(seed: int = 0) -> np.random.Generator:
    """Seed Python's ``random``, NumPy's global state and PyTorch (if installed).

    Returns a fresh ``numpy.random.Generator`` seeded with ``seed`` for code that
    prefers explicit generators.

    >>> rng = seed_everything(0)
    >>> int(rng.integers(10))
    8
    """
    if not isinstance(seed, (int, np.integer)) or isinstance(seed, bool) or seed < 0:
        raise ValueError(f"seed must be a non-negative integer, got {seed!r}")
    random.seed(seed)
    np.random.seed(seed)
    try:
        import torch
    except ModuleNotFoundError:  # the measures need no PyTorch
        pass
    else:
        torch.manual_seed(seed)
    return np.random.default_rng(seed)


def device():
    """The PyTorch device to train on: ``cuda`` when a GPU is present, else ``cpu``."""
    import torch

    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def progress(iterable=None, **kwargs):
    """A text progress bar (tqdm) that renders the same in Jupyter, the book and a terminal.

    Writes to stdout. In a terminal it refreshes twice a second; inside a Jupyter kernel it
    refreshes at most every 30 s, because every refresh is stored as output and the rendered
    book would show one bar per refresh (a chapter's training then shows its first and final
    state). Keyword arguments go to ``tqdm.tqdm``.
    """
    from tqdm import tqdm

    kwargs.setdefault("file", sys.stdout)
    kwargs.setdefault("mininterval", 30.0 if "ipykernel" in sys.modules else 0.5)
    kwargs.setdefault("ncols", 80)
    kwargs.setdefault("ascii", False)
    return tqdm(iterable, **kwargs)


@contextlib.contextmanager
def single_cpu_thread(dev=None):
    """Run PyTorch on one CPU thread inside the block (no-op for a GPU ``dev``), then restore.

    The book's networks are tiny: on them, synchronising several CPU threads costs more than
    the arithmetic (measured 5-50x slower on a busy 2-core machine), and one thread also makes
    results independent of the machine's core count.
    """
    import torch

    if dev is not None and torch.device(dev).type != "cpu":
        yield
        return
    before = torch.get_num_threads()
    torch.set_num_threads(1)
    try:
        yield
    finally:
        torch.set_num_threads(before)
