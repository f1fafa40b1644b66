"""itml.uncertainty: permutation test (exact under independence) and bootstrap interval."""

from __future__ import annotations

import numpy as np
import pytest

from itml.estimators import mi_ksg, mi_plugin
from itml.uncertainty import bootstrap_ci, permutation_test


def test_permutation_p_value_is_uniform_under_independence():
    # 40 independent data sets: the p-values are (close to) uniform, the false-positive rate ~ alpha
    ps = []
    for seed in range(40):
        rng = np.random.default_rng(seed)
        ps.append(permutation_test(mi_plugin, rng.integers(0, 3, 60), rng.integers(0, 3, 60),
                                   n_permutations=49, seed=seed).p_value)
    ps = np.array(ps)
    assert 0.3 < ps.mean() < 0.7 and np.mean(ps <= 0.1) <= 0.2
    assert set(np.round(ps * 50).astype(int)) <= set(range(1, 51))  # p = (1 + count) / (1 + B)


def test_permutation_null_mean_is_the_plugin_bias():
    rng = np.random.default_rng(1)
    x, y = rng.integers(0, 10, 200), rng.integers(0, 10, 200)
    res = permutation_test(mi_plugin, x, y, n_permutations=200, seed=0)
    # the plug-in's mean at independence: 0.34 bits = 0.236 nats (above the first-order 81 / 400)
    assert res.null_mean == pytest.approx(0.34 * np.log(2), abs=0.02)
    assert res.debiased == pytest.approx(res.estimate - res.null_mean)
    assert res.null.shape == (200,) and res.null_sd > 0


def test_permutation_detects_dependence():
    rng = np.random.default_rng(2)
    x = rng.normal(size=300)
    res = permutation_test(mi_ksg, x, x + 2 * rng.normal(size=300), n_permutations=99, seed=3)
    assert res.p_value == pytest.approx(0.01) and abs(res.null_mean) < 0.03


def test_bootstrap_is_not_centred_on_the_truth_for_a_biased_estimator():
    rng = np.random.default_rng(4)
    x, y = rng.integers(0, 6, 150), rng.integers(0, 6, 150)  # independent: truth 0
    res = bootstrap_ci(mi_plugin, x, y, n_resamples=200, seed=0)
    assert res.low > 0 and res.resamples.mean() > res.estimate  # resamples add bias on top of bias


def test_bootstrap_knn_refuses_repeats_unless_jittered():
    rng = np.random.default_rng(5)
    x = rng.normal(size=200)
    y = x + rng.normal(size=200)
    with pytest.raises(ValueError, match="identical"):
        bootstrap_ci(mi_ksg, x, y, n_resamples=5)
    res = bootstrap_ci(mi_ksg, x, y, n_resamples=30, jitter=1e-6, seed=1)
    assert res.resamples.mean() > res.estimate + 0.1  # near-copies look like strong dependence


def test_bad_input():
    with pytest.raises(TypeError, match="callable"):
        permutation_test(3, [0, 1], [0, 1])
    with pytest.raises(ValueError, match="same number"):
        permutation_test(mi_plugin, [0, 1, 0], [0, 1])
    with pytest.raises(ValueError, match="level"):
        bootstrap_ci(mi_plugin, [0, 1], [0, 1], level=1.5)
    with pytest.raises(TypeError, match="n_permutations"):
        permutation_test(mi_plugin, [0, 1], [0, 1], n_permutations=2.5)
