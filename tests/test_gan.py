"""itml.gan: Theorem 1 of Goodfellow et al. on tables, the networks, mode coverage, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch

import itml
from itml import data, gan


@pytest.mark.parametrize("seed", range(3))
def test_theorem1_on_random_tables(seed):
    rng = np.random.default_rng(seed)
    p = rng.dirichlet(np.ones(20))
    q = rng.dirichlet(np.ones(20))
    d = gan.optimal_discriminator(p, q)
    v = gan.gan_value(d, p, q)
    assert v == pytest.approx(-math.log(4) + 2 * itml.js_divergence(p, q), abs=1e-12)
    # D* is the maximiser: any other discriminator does worse.
    for _ in range(5):
        other = np.clip(d + 0.1 * rng.standard_normal(20), 0, 1)
        assert gan.gan_value(other, p, q) <= v


def test_known_values():
    p, q = np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.5, 0.5])
    np.testing.assert_allclose(gan.optimal_discriminator(p, q), [1.0, 0.5, 0.0])
    assert gan.optimal_discriminator([1.0, 0.0], [1.0, 0.0])[1] == 0.5  # 0/0 set to 1/2
    assert gan.gan_value([0.5, 0.5], [0.5, 0.5], [0.5, 0.5]) == pytest.approx(-math.log(4))
    assert gan.gan_value([1.0, 0.0], [1.0, 0.0], [0.0, 1.0]) == 0.0


def test_discriminator_matches_dstar_on_separated_points():
    d = gan.fit_discriminator(np.full(50, 2.0), np.full(50, -2.0), steps=100, show_progress=False)
    probs = d.prob([[2.0], [-2.0]])
    assert probs[0] > 0.95 and probs[1] < 0.05


def test_shapes():
    torch.manual_seed(0)
    g = gan.Generator(n_noise=3, n_hidden=8, n_outputs=2)
    assert g.sample(7).shape == (7, 2)
    d = gan.Discriminator(n_inputs=2, n_hidden=8)
    assert d(torch.zeros(5, 2)).shape == (5,)
    assert d.prob(np.zeros((5, 2))).shape == (5,)


def test_train_gan_snapshots():
    x, _ = data.gaussian_ring(200, seed=0)
    _, _, snaps = gan.train_gan(x, steps=10, batch_size=32, n_hidden=8, snapshot_every=5,
                                n_snapshot=20, show_progress=False)
    assert sorted(snaps) == [0, 5, 10]
    assert all(s.shape == (20, 2) for s in snaps.values())


def test_mode_coverage_hand_made():
    _, centers = data.gaussian_ring(10, n_modes=4, radius=1.0)
    rng = np.random.default_rng(0)
    # 50 samples tight around each of modes 0 and 1, 100 far away.
    near = np.concatenate([centers[k] + 0.01 * rng.standard_normal((50, 2)) for k in (0, 1)])
    far = np.full((100, 2), 10.0)
    res = gan.mode_coverage(np.concatenate([near, far]), centers, std=0.05)
    assert res.coverage == 0.5
    assert res.high_quality == 0.5
    np.testing.assert_allclose(res.shares, [0.25, 0.25, 0.0, 0.0])
    # A mode with too small a share is not covered.
    few = np.concatenate([near, centers[2][None, :].repeat(2, 0)])
    assert gan.mode_coverage(few, centers, std=0.05).coverage == 0.5
    assert gan.mode_coverage(few, centers, std=0.05, min_share=0.01).coverage == 0.75
    # Exact samples of every mode cover all of them.
    perfect = gan.mode_coverage(np.repeat(centers, 5, axis=0), centers, std=0.05)
    assert perfect.coverage == 1.0 and perfect.high_quality == 1.0


@pytest.mark.parametrize("call, match", [
    (lambda: gan.optimal_discriminator([0.5, 0.5], [1.0]), "same shape"),
    (lambda: gan.optimal_discriminator([0.5, math.nan], [0.5, 0.5]), "p_data contains NaN"),
    (lambda: gan.optimal_discriminator([0.7, 0.7], [0.5, 0.5]), "sum to 1"),
    (lambda: gan.gan_value([0.5, 1.5], [0.5, 0.5], [0.5, 0.5]), r"\[0, 1\]"),
    (lambda: gan.gan_value([0.5], [0.5, 0.5], [0.5, 0.5]), "same shape"),
    (lambda: gan.mode_coverage(np.zeros((3, 2)), np.zeros((2, 3)), 0.1), "columns"),
    (lambda: gan.mode_coverage(np.zeros((3, 2)), np.zeros((2, 2)), -0.1), "std"),
    (lambda: gan.mode_coverage(np.zeros((3, 2)), np.zeros((2, 2)), 0.1, n_std=0), "n_std"),
    (lambda: gan.mode_coverage(np.zeros((3, 2)), np.zeros((2, 2)), 0.1, min_share=2), "min_share"),
    (lambda: gan.mode_coverage([[0.0, math.nan]], np.zeros((2, 2)), 0.1), "samples contains NaN"),
    (lambda: gan.mode_coverage([], np.zeros((2, 2)), 0.1), "samples is empty"),
    (lambda: gan.fit_discriminator(np.zeros((5, 2)), np.zeros((5, 3))), "fake must have 2 columns"),
    (lambda: gan.fit_discriminator(np.zeros(5), np.zeros(5), steps=0), "steps"),
    (lambda: gan.train_gan(np.zeros((5, 2)), steps=-1), "steps"),
    (lambda: gan.train_gan(np.zeros((5, 2)), lr=0.0), "lr"),
    (lambda: gan.train_gan(np.zeros((5, 2, 2))), "shape"),
    (lambda: gan.Generator(n_noise=0), "n_noise"),
    (lambda: gan.Discriminator(n_inputs=2).prob(np.zeros((3, 1))), "2 columns"),
])
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize("call, match", [
    (lambda: gan.mode_coverage(np.zeros((3, 2)), np.zeros((2, 2)), "0.1"), "std must be a real number"),
    (lambda: gan.mode_coverage(np.zeros((3, 2)), np.zeros((2, 2)), 0.1, n_std=None), "n_std must be a real"),
    (lambda: gan.mode_coverage(np.zeros((3, 2)), np.zeros((2, 2)), 0.1, min_share="all"), "min_share must be"),
    (lambda: gan.gan_value(["a", "b"], [0.5, 0.5], [0.5, 0.5]), "d must be an array of numbers"),
    (lambda: gan.fit_discriminator(np.zeros(5), np.zeros(5), steps=10.0), "steps must be an integer"),
    (lambda: gan.train_gan(np.zeros((5, 2)), lr="fast"), "lr must be a real number"),
    (lambda: gan.Generator(n_noise=2.5), "n_noise must be an integer"),
])
def test_wrong_type(call, match):
    with pytest.raises(TypeError, match=match):
        call()


# ------------------------------------------------------- defaults, RNG, device, dtype

def test_network_defaults_agree_with_train_gan():
    import inspect

    width = inspect.signature(gan.train_gan).parameters["n_hidden"].default
    assert gan.Generator().net[0].out_features == width
    assert gan.Discriminator().net[0].out_features == width


def test_train_gan_uses_a_local_generator():
    # The old code reseeded and drew from PyTorch's global RNG: the caller's stream changed.
    x, _ = data.gaussian_ring(200, seed=0)
    torch.manual_seed(123)
    before = torch.get_rng_state()
    g1, _, s1 = gan.train_gan(x, steps=5, batch_size=16, n_hidden=8, n_snapshot=10, seed=4, show_progress=False)
    assert torch.equal(before, torch.get_rng_state())
    torch.manual_seed(999)
    _, _, s2 = gan.train_gan(x, steps=5, batch_size=16, n_hidden=8, n_snapshot=10, seed=4, show_progress=False)
    np.testing.assert_array_equal(s1[5], s2[5])  # the result depends on seed only
    _, _, s3 = gan.train_gan(x, steps=5, batch_size=16, n_hidden=8, n_snapshot=10, seed=5, show_progress=False)
    assert not np.array_equal(s1[5], s3[5])


def test_fit_discriminator_leaves_the_global_rng_alone():
    torch.manual_seed(7)
    before = torch.get_rng_state()
    gan.fit_discriminator(np.ones(10), -np.ones(10), steps=3, show_progress=False)
    assert torch.equal(before, torch.get_rng_state())


def test_snapshot_schedule():
    x, _ = data.gaussian_ring(100, seed=0)
    _, _, snaps = gan.train_gan(x, steps=7, batch_size=8, n_hidden=4, snapshot_every=3, n_snapshot=5,
                                show_progress=False)
    assert sorted(snaps) == [0, 3, 6, 7]
    _, _, snaps = gan.train_gan(x, steps=4, batch_size=8, n_hidden=4, n_snapshot=5, show_progress=False)
    assert sorted(snaps) == [0, 4]


def test_train_gan_builds_on_the_requested_device():
    # train_gan builds its networks on `device`, not silently elsewhere
    x, _ = data.gaussian_ring(64, seed=0)
    g, d, _ = gan.train_gan(x, steps=2, batch_size=8, n_hidden=4, n_snapshot=4, show_progress=False, device="cpu")
    assert next(g.parameters()).device.type == "cpu" and next(d.parameters()).device.type == "cpu"


def test_sample_and_prob_types():
    g = gan.Generator(n_noise=2, n_hidden=4).double()
    out = g.sample(3, generator=torch.Generator().manual_seed(0))
    assert isinstance(out, torch.Tensor) and out.dtype == torch.float64
    torch.testing.assert_close(out, g.sample(3, generator=torch.Generator().manual_seed(0)))
    d = gan.Discriminator(n_inputs=2, n_hidden=4).double()
    p = d.prob(torch.zeros(4, 2))  # a tensor is accepted too; the result is NumPy
    assert isinstance(p, np.ndarray) and p.shape == (4,)


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU")
def test_gan_on_gpu():
    x, _ = data.gaussian_ring(64, seed=0)
    g, d, snaps = gan.train_gan(x, steps=2, batch_size=8, n_hidden=4, n_snapshot=4, show_progress=False,
                                device="cuda")
    assert g.sample(3).device.type == "cuda"
    assert isinstance(d.prob(np.zeros((3, 2))), np.ndarray) and isinstance(snaps[2], np.ndarray)
