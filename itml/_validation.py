"""Input checks shared by the itml modules.

Every public function validates its input here so that bad input gives a
``ValueError`` that names the argument, never a NaN or a deep NumPy trace.
With ``type_error=True`` an argument of the wrong type altogether (a string, ``None``,
a float where an integer belongs) raises ``TypeError`` instead, the Python convention.
"""

from __future__ import annotations

import math

import numpy as np

SUM_TOL = 1e-6
"""Relative tolerance for a probability table to count as summing to 1."""


def check_numeric(x, name: str) -> None:
    """Raise ``TypeError`` naming ``name`` unless ``x`` holds numbers or booleans (not strings, not None)."""
    if x is None or isinstance(x, (str, bytes)):
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__}")
    try:
        kind = np.asarray(x).dtype.kind
    except (TypeError, ValueError):  # ragged nesting: a wrong value, left to as_array
        return
    if kind not in "biuf":
        raise TypeError(f"{name} must be an array of numbers, got {type(x).__name__} of dtype {np.asarray(x).dtype}")


def as_array(x, name: str, *, type_error: bool = False) -> np.ndarray:
    """Return ``x`` as a non-empty float array, or raise ``ValueError`` naming ``name``.

    ``type_error=True``: input that is not numbers at all (see :func:`check_numeric`) is a ``TypeError``.
    """
    if type_error:
        check_numeric(x, name)
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be an array of numbers ({err})") from None
    if arr.size == 0:
        raise ValueError(f"{name} is empty")
    return arr


def as_finite(x, name: str, *, type_error: bool = False) -> np.ndarray:
    """Return ``x`` as a non-empty float array with no NaN or inf, or raise ``ValueError`` naming ``name``."""
    arr = as_array(x, name, type_error=type_error)
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


def check_int(value, name: str, low: int = 1, *, high: int | None = None, type_error: bool = False) -> int:
    """Return ``value`` as an ``int`` if it is an integer in ``[low, high]`` (bools refused), else raise.

    ``high=None`` leaves the integer unbounded above.
    ``type_error=True``: a value that is no integer at all (a float, a string, None) is a ``TypeError``;
    a bool or an integer out of bounds stays a ``ValueError`` (as scikit-learn's ``check_scalar``).
    """
    if type_error and not isinstance(value, (int, np.integer)):
        raise TypeError(f"{name} must be an integer, got {type(value).__name__} {value!r}")
    if high is not None:
        what = f"an integer in [{low}, {high}]"
    else:
        what = "a positive integer" if low == 1 else f"an integer >= {low}"
    if (isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < low
            or (high is not None and value > high)):
        raise ValueError(f"{name} must be {what}, got {value!r}")
    return int(value)


def as_integer_array(x, name: str, ndim: int | None = None) -> np.ndarray:
    """Return ``x`` as an int64 array (``ndim``-dimensional if given), else raise ``ValueError`` naming it."""
    arr = np.asarray(x)
    if arr.dtype.kind not in "iu" or (ndim is not None and arr.ndim != ndim):
        shape = f"{ndim}-D " if ndim is not None else ""
        raise ValueError(f"{name} must be a {shape}array of integers, "
                         f"got shape {arr.shape}, dtype {arr.dtype}")
    return arr.astype(np.int64)


def check_number(value, name: str, *, minimum: float | None = None, maximum: float | None = None,
                 open_min: bool = False, open_max: bool = False, type_error: bool = False) -> float:
    """Return ``value`` as a finite ``float`` within the bounds (bools refused), else raise ``ValueError``.

    ``open_min`` / ``open_max`` exclude the bound itself (a temperature or a learning rate > 0).
    ``type_error=True``: a value that is not a real number (a string, None, an array) is a ``TypeError``;
    a bool stays a ``ValueError``, as in :func:`check_int`.
    """
    if type_error and not isinstance(value, (int, float, np.integer, np.floating)):
        raise TypeError(f"{name} must be a real number, got {type(value).__name__} {value!r}")
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


def as_symbols(x, name: str, n_symbols: int | None = None, *, length: int | None = None,
               min_length: int = 0) -> np.ndarray:
    """Return ``x`` as a 1-D int64 array of symbols ``0 .. n_symbols - 1`` (class labels, token ids).

    Integer-valued floats are accepted; strings, booleans and other non-numbers raise
    ``TypeError``; a wrong shape, a non-integer value, a symbol out of range, or a length other
    than ``length`` (or below ``min_length``) raises ``ValueError``. ``n_symbols=None`` only
    requires the symbols to be non-negative.
    """
    try:
        arr = np.asarray(x)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be a 1-D array of integer symbols ({err})") from None
    if arr.size == 0:
        arr = arr.reshape(0).astype(np.int64)
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must be a 1-D array of integer symbols, got dtype {arr.dtype}")
    if arr.ndim != 1:
        raise ValueError(f"{name} must be a 1-D array of integer symbols, got shape {arr.shape}")
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise ValueError(f"{name} must hold integers")
        arr = arr.astype(np.int64)
    if length is not None and arr.shape[0] != length:
        raise ValueError(f"{name} must have length {length}, got {arr.shape[0]}")
    if arr.shape[0] < min_length:
        raise ValueError(f"{name} needs at least {min_length} entries, got {arr.shape[0]}")
    if arr.size and n_symbols is None and arr.min() < 0:
        raise ValueError(f"{name} must be non-negative, got min {arr.min()}")
    if arr.size and n_symbols is not None and (arr.min() < 0 or arr.max() >= n_symbols):
        raise ValueError(f"{name} must lie in [0, {n_symbols - 1}], got values in [{arr.min()}, {arr.max()}]")
    return arr.astype(np.int64)


def as_probability_rows(p, name: str) -> np.ndarray:
    """Validate a table whose rows are distributions (``probs[i, s]``, ``p(t | x)``): 2-D, finite,
    non-negative, each row summing to 1 within ``SUM_TOL``. A table with no rows is accepted."""
    try:
        arr = np.asarray(p, dtype=float)
    except (TypeError, ValueError) as err:
        raise ValueError(f"{name} must be an array of numbers ({err})") from None
    if arr.ndim != 2 or arr.shape[1] == 0:
        raise ValueError(f"{name} must be a 2-D array (rows, outcomes), got shape {arr.shape}")
    if arr.size and not np.isfinite(arr).all():
        raise ValueError(f"{name} contains NaN or inf")
    if arr.size and arr.min() < 0:
        raise ValueError(f"{name} has negative entries (min {arr.min():.3g})")
    sums = arr.sum(axis=1)
    bad = np.flatnonzero(np.abs(sums - 1.0) > SUM_TOL)
    if bad.size:
        raise ValueError(f"{name} rows must sum to 1 (within {SUM_TOL:g}); row {bad[0]} sums to {sums[bad[0]]:.8g}")
    return arr
