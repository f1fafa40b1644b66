"""itml.runtime, itml.data and itml.plotting: small contracts."""

from __future__ import annotations

import random

import matplotlib
import numpy as np
import pytest
import torch

matplotlib.use("agg")

from itml import data, plotting, runtime  # noqa: E402


def test_seed_everything_is_reproducible():
    runtime.seed_everything(3)
    a = (random.random(), np.random.rand(), torch.rand(1).item())
    runtime.seed_everything(3)
    b = (random.random(), np.random.rand(), torch.rand(1).item())
    assert a == b


@pytest.mark.parametrize("seed, err", [(-1, ValueError), (True, ValueError), (1.5, TypeError), ("0", TypeError)])
def test_seed_everything_rejects_bad_seed(seed, err):
    with pytest.raises(err, match="seed must be"):
        runtime.seed_everything(seed)


def test_device_is_cpu_or_cuda():
    assert runtime.device().type in {"cpu", "cuda"}


def test_digits_split():
    xtr, xte, ytr, yte = data.digits(binarize=True)
    assert xtr.shape[1] == 64 and len(xtr) + len(xte) == 1797
    assert set(np.unique(xtr)) <= {0.0, 1.0}
    assert xtr.dtype == np.float32 and ytr.dtype == np.int64
    with pytest.raises(ValueError, match="test_size"):
        data.digits(test_size=1.5)


@pytest.mark.parametrize("make", [data.two_moons, data.swiss_roll_2d])
def test_toy_sets_are_standardised(make):
    x = make(500, seed=1)
    assert x.shape == (500, 2)
    np.testing.assert_allclose(x.mean(axis=0), 0, atol=1e-5)
    np.testing.assert_allclose(x.std(axis=0), 1, atol=1e-4)
    with pytest.raises(ValueError, match="n_samples"):
        make(0)


def test_gaussian_ring():
    x, centers = data.gaussian_ring(800, n_modes=8, seed=0)
    assert x.shape == (800, 2) and centers.shape == (8, 2)
    nearest = np.argmin(((x[:, None] - centers[None]) ** 2).sum(-1), axis=1)
    assert len(np.unique(nearest)) == 8
    with pytest.raises(ValueError, match="std"):
        data.gaussian_ring(10, std=0)


def test_plots_draw_and_reject_bad_shapes():
    plotting.use_style()
    ax = plotting.heatmap(np.eye(3) / 3)
    assert len(ax.texts) == 9
    ax = plotting.image_grid(np.zeros((12, 64)), ncols=5, shape=(8, 8))
    assert ax.images
    with pytest.raises(ValueError, match="table must be 2-D"):
        plotting.heatmap(np.ones(3))
    with pytest.raises(ValueError, match="images"):
        plotting.image_grid(np.zeros((2, 64)))


def test_image_grid_keeps_the_probability_scale():
    # The old image_grid set no limits: images of probabilities in [0.1, 0.3] were stretched to full contrast.
    imgs = np.linspace(0.1, 0.3, 2 * 64).reshape(2, 64)
    ax = plotting.image_grid(imgs, ncols=2, shape=(8, 8))
    assert ax.images[0].get_clim() == (0.0, 1.0)
    ax = plotting.image_grid(imgs, ncols=2, shape=(8, 8), vmin=None, vmax=None)
    assert ax.images[0].get_clim() == pytest.approx((0.1, 0.3))
    ax = plotting.image_grid(-imgs, ncols=2, shape=(8, 8), vmin=-1, vmax=0)
    assert ax.images[0].get_clim() == (-1, 0)
    matplotlib.pyplot.close("all")
