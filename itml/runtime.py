"""Reproducibility and hardware: seeding, the compute device, progress bars."""

from __future__ import annotations

import contextlib
import random
import sys

import numpy as np

from ._validation import check_int


def seed_everything(seed: int = 0) -> np.random.Generator:
    r"""Seed Python's ``random``, NumPy's global state and PyTorch (if installed).

    Parameters
    ----------
    seed : int, default 0
        The seed, >= 0.

    Returns
    -------
    numpy.random.Generator
        A fresh generator seeded with ``seed``, for code that prefers explicit generators.

    Raises
    ------
    TypeError
        If ``seed`` is not an integer.
    ValueError
        If ``seed`` is negative.

    Examples
    --------
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
    r"""The PyTorch device to train on: ``cuda`` when a GPU is present, else ``cpu``.

    Returns
    -------
    torch.device
        The device.

    Examples
    --------
    >>> device().type in ("cpu", "cuda")
    True
    """
    import torch

    return torch.device("cuda" if torch.cuda.is_available() else "cpu")


def progress(iterable=None, **kwargs):
    r"""A text progress bar (tqdm) that renders the same in Jupyter, the book and a terminal.

    Writes to stdout. In a terminal it refreshes twice a second; inside a Jupyter kernel at
    most every 30 s, so that a stored notebook output holds few refreshes.

    Parameters
    ----------
    iterable : iterable, optional
        What to iterate over.
    **kwargs
        Passed to ``tqdm.tqdm`` (``file``, ``mininterval``, ``ncols`` and ``ascii`` have
        defaults here).

    Returns
    -------
    tqdm.tqdm
        The wrapped iterable.

    Examples
    --------
    >>> sum(progress(range(3), disable=True))
    3
    """
    from tqdm import tqdm

    kwargs.setdefault("file", sys.stdout)
    kwargs.setdefault("mininterval", 30.0 if "ipykernel" in sys.modules else 0.5)
    kwargs.setdefault("ncols", 80)
    kwargs.setdefault("ascii", False)
    return tqdm(iterable, **kwargs)


@contextlib.contextmanager
def single_cpu_thread(dev=None):
    r"""Run PyTorch on one CPU thread inside the block (no-op for a GPU ``dev``), then restore.

    The book's networks are tiny: on them, synchronising several CPU threads costs more than
    the arithmetic, and one thread also makes results independent of the machine's core count.

    Parameters
    ----------
    dev : str or torch.device, optional
        The device the block runs on; a non-CPU device leaves the threads alone.

    Yields
    ------
    None

    Examples
    --------
    >>> import torch
    >>> with single_cpu_thread("cpu"):
    ...     torch.get_num_threads()
    1
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
    r"""Environment variables that move NumPy, PyTorch and the BLAS onto another floating-point path.

    Trained results differ in their last digits between CPUs (vector width), BLAS code paths,
    thread counts and library versions; ``make nbval-perturbed`` re-runs every notebook under
    all four changes at once, on one machine:

    * ``ATEN_CPU_CAPABILITY=default``: PyTorch's scalar kernels instead of AVX2/AVX-512;
    * ``NPY_DISABLE_CPU_FEATURES``: NumPy's baseline SIMD, naming every dispatched target that
      this CPU supports (naming one it lacks is an error in NumPy);
    * one thread for OpenMP, MKL and OpenBLAS (``*_NUM_THREADS=1``);
    * ``MKL_CBWR=COMPATIBLE``: MKL's conditional numerical reproducibility, compatible path.

    ``OPENBLAS_CORETYPE`` is left as it is: some machines need it set.

    Returns
    -------
    dict of str to str
        Variable names and values, to merge into ``os.environ`` of a child process.

    Examples
    --------
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
