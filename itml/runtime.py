"""Reproducibility and hardware: seeding, the compute device, progress bars."""

from __future__ import annotations

import contextlib
import random
import sys

import numpy as np

from ._validation import check_int


def seed_everything(seed: int = 0) -> np.random.Generator:
    """Seed Python's ``random``, NumPy's global state and PyTorch (if installed).

    Returns a fresh ``numpy.random.Generator`` seeded with ``seed`` for code that
    prefers explicit generators.

    >>> rng = seed_everything(0)
    >>> int(rng.integers(10))
    8
    """
    seed = check_int(seed, "seed", 0, type_error=True)
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


def perturbed_fp_env() -> dict[str, str]:
    """Environment variables that move NumPy, PyTorch and the BLAS onto another floating-point path.

    The book's checks must not depend on the machine that executed the notebooks. Trained
    results differ in their last digits between CPUs (vector width), BLAS code paths, thread
    counts and library versions; ``make nbval-perturbed`` re-runs every notebook under all
    four changes at once, on one machine:

    * ``ATEN_CPU_CAPABILITY=default``: PyTorch's scalar kernels instead of AVX2/AVX-512;
    * ``NPY_DISABLE_CPU_FEATURES``: NumPy's baseline SIMD, naming every dispatched target
      that this CPU supports (naming one it lacks is an error in NumPy);
    * one thread for OpenMP, MKL and OpenBLAS (``*_NUM_THREADS=1``);
    * ``MKL_CBWR=COMPATIBLE``: MKL's conditional numerical reproducibility, compatible path.

    ``OPENBLAS_CORETYPE`` is left as it is: some machines need it set.

    >>> env = perturbed_fp_env()
    >>> env["ATEN_CPU_CAPABILITY"], env["MKL_CBWR"], env["OMP_NUM_THREADS"]
    ('default', 'COMPATIBLE', '1')
    """
    try:
        from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    except ImportError:  # NumPy 1.x
        from numpy.core._multiarray_umath import __cpu_dispatch__, __cpu_features__

    dispatched = [target for target in __cpu_dispatch__ if __cpu_features__.get(target)]
    env = {
        "ATEN_CPU_CAPABILITY": "default",
        "MKL_CBWR": "COMPATIBLE",
        "OMP_NUM_THREADS": "1",
        "MKL_NUM_THREADS": "1",
        "OPENBLAS_NUM_THREADS": "1",
    }
    if dispatched:
        env["NPY_DISABLE_CPU_FEATURES"] = ",".join(dispatched)
    return env
