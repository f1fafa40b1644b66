"""itml.multivariate: total correlation and co-information on tables and samples."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from strategies import joint_tables

from itml import mutual_information
from itml.estimators import mi_ksg, mi_plugin
from itml.multivariate import (
    interaction_information,
    total_correlation,
    total_correlation_ksg,
    total_correlation_plugin,
)


def xor_table():
    p = np.zeros((2, 2, 2))
    for x in (0, 1):
        for y in (0, 1):
            p[x, y, x ^ y] = 0.25
    return p


def test_xor_pairwise_blind():
    p = xor_table()
    pairs = [p.sum(axis=a) for a in (0, 1, 2)]
    assert all(mutual_information(q) < 1e-15 for q in pairs)  # every pair independent
    assert total_correlation(p, base=2) == pytest.approx(1.0)
    assert interaction_information(p, base=2) == pytest.approx(-1.0)


def test_redundancy_is_positive():
    # X = Y = Z, one fair bit: I(X;Y) = 1, I(X;Y|Z) = 0, TC = 2 bits
    p = np.zeros((2, 2, 2))
    p[0, 0, 0] = p[1, 1, 1] = 0.5
    assert interaction_information(p, base=2) == pytest.approx(1.0)
    assert total_correlation(p, base=2) == pytest.approx(2.0)


@settings(max_examples=40, deadline=None)
@given(joint_tables(5))
def test_two_variables_tc_is_mi(pxy):
    assert total_correlation(pxy) == pytest.approx(mutual_information(pxy), abs=1e-12)


def test_independent_table_and_symmetry():
    rng = np.random.default_rng(0)
    a, b, c = rng.dirichlet(np.ones(3)), rng.dirichlet(np.ones(4)), rng.dirichlet(np.ones(2))
    assert total_correlation(np.einsum("i,j,k->ijk", a, b, c)) == pytest.approx(0.0, abs=1e-12)
    p = rng.dirichlet(np.ones(24)).reshape(2, 3, 4)
    ii = interaction_information(p)
    assert interaction_information(p.transpose(2, 0, 1)) == pytest.approx(ii, abs=1e-12)
    assert interaction_information(p.transpose(1, 2, 0)) == pytest.approx(ii, abs=1e-12)


def test_plugin_tc_from_samples():
    rng = np.random.default_rng(1)
    x, y = rng.integers(0, 2, size=(2, 20000))
    X = np.column_stack([x, y, x ^ y])
    assert total_correlation_plugin(X, base=2) == pytest.approx(1.0, abs=2e-3)
    assert total_correlation_plugin(X[:, :2]) == pytest.approx(mi_plugin(x, y), abs=1e-12)


def test_ksg_tc_gaussian_and_mi():
    rng = np.random.default_rng(2)
    cov = np.array([[1, 0.6, 0.3], [0.6, 1, 0.5], [0.3, 0.5, 1]])
    X = rng.multivariate_normal(np.zeros(3), cov, size=20000)
    assert total_correlation_ksg(X) == pytest.approx(-0.5 * math.log(np.linalg.det(cov)), abs=0.04)
    # two groups: it is mi_ksg
    assert total_correlation_ksg(X, groups=[[0], [1, 2]]) == pytest.approx(mi_ksg(X[:, 0], X[:, 1:]), abs=1e-12)


def test_bad_input():
    with pytest.raises(ValueError, match="groups"):
        total_correlation_ksg(np.random.default_rng(0).normal(size=(50, 3)), groups=[[0, 1, 2]])
    with pytest.raises(ValueError, match="identical samples"):
        total_correlation_ksg(np.repeat(np.arange(10.0), 10).reshape(50, 2))
    with pytest.raises(ValueError, match="pxyz"):
        interaction_information(np.ones((2, 2)) / 4)
    with pytest.raises(ValueError, match="2-D"):
        total_correlation_plugin([0, 1, 0])
