"""itml._validation: the shared checks every module's ValueErrors come from."""

from __future__ import annotations

import math

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
