"""Input checks shared by the itml modules.

Every public function validates its input here so that bad input gives a
``ValueError`` that names the argument, never a NaN or a deep NumPy trace.
"""

from __future__ import annotations

import math

import numpy as np

SUM_TOL = 1e-6
"""Relative tolerance for a probability table to count as summing to 1."""


def as_array(x, name: str) -> np.ndarray:
    """Return ``x`` as a non-empty float array, or raise ``ValueError`` naming ``name``."""
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be an array of numbers ({err})") from None
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    return arr


def as_finite(x, name: str) -> np.ndarray:
    """Return ``x`` as a non-empty float array with no NaN or inf, or raise ``ValueError`` naming ``name``."""
    arr = as_array(x, name)
    if not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf")
    return arr


def _describe_nonfinite(arr: np.ndarray, name: str) -> str:
    if np.isnan(arr).any():
        return f"{name} contains NaN"
    if np.isinf(arr).any():
        return f"{name} contains inf"
    return f"{name} overflows when summed"


def as_distribution(p, name: str, ndim: int | None = None) -> np.ndarray:
    """Validate a probability table: finite, non-negative, summing to 1.

    ``ndim`` fixes the number of dimensions (2 for a joint table ``pxy``).
    The checks take two passes over the data (a sum and a minimum) so that
    validation stays cheaper than the computation it guards.
    """
    arr = as_array(p, name)
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {arr.shape}")
    total = arr.sum()
    if not math.isfinite(total):
        raise ValueError(_describe_nonfinite(arr, name))
    if arr.min() < 0:
        raise ValueError(f"{name} has negative entries (min {arr.min():.3g})")
    if abs(total - 1.0) > SUM_TOL:
        raise ValueError(
            f"{name} must sum to 1 (within {SUM_TOL:g}), sums to {total:.8g}"
        )
    return arr


def same_shape(p: np.ndarray, q: np.ndarray, names: tuple[str, str] = ("p", "q")) -> None:
    """Raise ``ValueError`` unless ``p`` and ``q`` have the same shape."""
    if p.shape != q.shape:
        raise ValueError(
            f"{names[0]} and {names[1]} must have the same shape, got {p.shape} and {q.shape}"
        )


def log_base(base) -> float:
    """Return ``log(base)``, the divisor that turns nats into units of ``base``.

    ``base=None`` means nats (divisor 1).
    """
    if base is None:
        return 1.0
    try:
        b = float(base)
    except (TypeError, ValueError):
        raise ValueError(f"base must be a positive number other than 1, got {base!r}") from None
    if not math.isfinite(b) or b <= 0 or b == 1:
        raise ValueError(f"base must be a positive number other than 1, got {base!r}")
    return math.log(b)


def check_int(value, name: str, low: int = 1) -> int:
    """Return ``value`` as an ``int`` if it is an integer >= ``low`` (bools refused), else raise."""
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low:
        what = "a positive integer" if low == 1 else f"an integer >= {low}"
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(value)


def check_number(value, name: str, *, minimum: float | None = None, maximum: float | None = None,
                 open_min: bool = False, open_max: bool = False) -> float:
    """Return ``value`` as a finite ``float`` within the bounds (bools refused), else raise ``ValueError``.

    ``open_min`` / ``open_max`` exclude the bound itself (a temperature or a learning rate > 0).
    """
    lo = "" if minimum is None else f"{'>' if open_min else '>='} {minimum:g}"
    hi = "" if maximum is None else f"{'<' if open_max else '<='} {maximum:g}"
    bounds = " and ".join(b for b in (lo, hi) if b)
    msg = f"{name} must be a finite number{' ' + bounds if bounds else ''}, got {value!r}"
    if isinstance(value, bool):
        raise ValueError(msg)
    try:
        v = float(value)
    except (TypeError, ValueError):
        raise ValueError(msg) from None
    if (not math.isfinite(v) or (minimum is not None and (v <= minimum if open_min else v < minimum))
            or (maximum is not None and (v >= maximum if open_max else v > maximum))):
        raise ValueError(msg)
    return v


def as_points(x, name: str, *, min_rows: int = 1, dim: int | None = None) -> np.ndarray:
    """Samples as a finite float array of shape (n, d); a 1-D array counts as (n, 1).

    ``min_rows`` is the fewest samples accepted, ``dim`` (if given) the required number of columns.
    """
    arr = as_array(x, name)
    if arr.ndim == 1:
        arr = arr[:, None]
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise ValueError(f"{name} must have shape (n,) or (n, d), got shape {np.shape(x)}")
    if arr.shape[0] < min_rows:
        raise ValueError(f"{name} needs at least {min_rows} samples, got {arr.shape[0]}")
    arr = as_finite(arr, name)
    if dim is not None and arr.shape[1] != dim:
        raise ValueError(f"{name} must have {dim} columns, got shape {arr.shape}")
    return arr
