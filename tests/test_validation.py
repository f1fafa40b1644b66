"""itml._validation: the shared checks every module's ValueErrors come from."""

from __future__ import annotations

import math
import re
from pathlib import Path

import numpy as np
import pytest

from itml._validation import check_int, check_number


def test_check_int():
    assert check_int(3, "n") == 3 and type(check_int(np.int64(3), "n")) is int
    assert check_int(0, "seed", 0) == 0
    for bad in (0, -1, 1.0, True, "2", None):
        with pytest.raises(ValueError, match="^n must be a positive integer"):
            check_int(bad, "n")
    with pytest.raises(ValueError, match="^vocab_size must be an integer >= 2"):
        check_int(1, "vocab_size", 2)


def test_check_number_bounds():
    assert check_number(0, "beta", minimum=0) == 0.0
    assert check_number(1, "alpha", minimum=0, maximum=1) == 1.0
    with pytest.raises(ValueError, match=r"^lr must be a finite number > 0"):
        check_number(0, "lr", minimum=0, open_min=True)
    with pytest.raises(ValueError, match=r"^discount must be a finite number > 0 and < 1"):
        check_number(1, "discount", minimum=0, maximum=1, open_min=True, open_max=True)
    for bad in (math.nan, math.inf, "x", None, True, -0.1):
        with pytest.raises(ValueError, match="^beta must be a finite number"):
            check_number(bad, "beta", minimum=0)


def test_as_points():
    from itml._validation import as_points

    assert as_points([1.0, 2.0], "x").shape == (2, 1)
    assert as_points(np.zeros((3, 2)), "x", dim=2).shape == (3, 2)
    with pytest.raises(ValueError, match="x needs at least 2 samples"):
        as_points([1.0], "x", min_rows=2)
    with pytest.raises(ValueError, match="x contains NaN"):
        as_points([1.0, np.nan], "x")
    with pytest.raises(ValueError, match="x must have 3 columns"):
        as_points(np.zeros((3, 2)), "x", dim=3)
    with pytest.raises(ValueError, match=r"x must have shape \(n,\) or \(n, d\)"):
        as_points(np.zeros((2, 2, 2)), "x")
    with pytest.raises(ValueError, match="x is empty"):
        as_points([], "x")


def test_as_finite():
    from itml._validation import as_finite

    assert as_finite([1, 2], "z").dtype == float
    for bad in ([1.0, np.nan], [np.inf]):
        with pytest.raises(ValueError, match="^z contains NaN or inf"):
            as_finite(bad, "z")
    with pytest.raises(ValueError, match="^z is empty"):
        as_finite([], "z")


def test_check_int_upper_bound_and_type_error():
    assert check_int(5, "k", 1, high=5) == 5
    with pytest.raises(ValueError, match=r"^k must be an integer in \[1, 5\], got 6$"):
        check_int(6, "k", 1, high=5)
    with pytest.raises(ValueError, match=r"^k must be an integer in \[1, 5\], got True$"):
        check_int(True, "k", 1, high=5, type_error=True)  # a bool is no count, but is an int
    for bad in (1.0, "2", None):
        with pytest.raises(TypeError, match="^k must be an integer"):
            check_int(bad, "k", type_error=True)


def test_as_symbols():
    from itml._validation import as_symbols

    assert as_symbols([0, 2.0], "ids", 3).tolist() == [0, 2]
    assert as_symbols([], "ids", 3).shape == (0,)
    with pytest.raises(TypeError, match="ids must be a 1-D array of integer symbols"):
        as_symbols(["a"], "ids")
    with pytest.raises(TypeError, match="ids must be a 1-D array of integer symbols"):
        as_symbols([True, False], "ids")
    with pytest.raises(ValueError, match="ids must hold integers"):
        as_symbols([0.5], "ids")
    with pytest.raises(ValueError, match=r"ids must lie in \[0, 2\]"):
        as_symbols([-1, 1], "ids", 3)
    with pytest.raises(ValueError, match="y must be non-negative"):
        as_symbols([-1, 1], "y")
    with pytest.raises(ValueError, match="y must have length 3"):
        as_symbols([0, 1], "y", length=3)


def test_as_probability_rows():
    from itml._validation import as_probability_rows

    assert as_probability_rows([[0.5, 0.5]], "probs").shape == (1, 2)
    for bad, match in (([0.5, 0.5], "2-D"), ([[np.nan, 1.0]], "NaN"), ([[-0.5, 1.5]], "negative"),
                       ([[0.5, 0.6]], "row 0 sums to 1.1")):
        with pytest.raises(ValueError, match=f"^probs .*{match}|^probs {match}"):
            as_probability_rows(bad, "probs")


# Patterns of an integer (or integer-dtype) check written by hand. Every such check belongs in
# itml._validation (check_int, as_symbols), so that one mistake gets one message everywhere.
_HAND_ROLLED = [
    re.compile(r"not\s+isinstance\([^)]*np\.integer"),                 # not isinstance(k, (int, np.integer))
    re.compile(r"isinstance\([^)]*np\.integer\)\)?\s*(and|or)\s+\w+\s*[<>]"),  # ... and k >= 1
    re.compile(r"isinstance\([^)]*\bbool\)\s+or\s+not\s+isinstance"),  # isinstance(k, bool) or not isinstance
    re.compile(r"issubdtype\([^)]*np\.integer\)"),                     # np.issubdtype(arr.dtype, np.integer)
    re.compile(r"dtype\.kind\s+not\s+in\s+[\"']iu"),                   # arr.dtype.kind not in "iu"
    re.compile(r"\b(k|bins|n_bins|epochs|seed|bits|precision|batch_size|steps|order|max_depth)\s*<\s*[0-2]\s*(:|or\b)"),
]


def test_no_hand_rolled_integer_check_outside_validation():
    pkg = Path(__file__).resolve().parents[1] / "itml"
    found = []
    for path in sorted(pkg.glob("*.py")):
        if path.name == "_validation.py":
            continue
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if any(p.search(line) for p in _HAND_ROLLED):
                found.append(f"{path.name}:{lineno}: {line.strip()}")
    assert not found, "integer checks outside itml._validation:\n" + "\n".join(found)
