"""itml.vae: the Gaussian KL against torch.distributions, the ELBO and IWAE bounds, bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from torch.distributions import Normal, kl_divergence

from itml import vae


@pytest.mark.parametrize("seed", range(3))
def test_kl_standard_normal_against_torch(seed):
    g = torch.Generator().manual_seed(seed)
    mu = torch.randn(7, 5, generator=g, dtype=torch.float64) * 2
    log_var = torch.randn(7, 5, generator=g, dtype=torch.float64)
    ref = kl_divergence(Normal(mu, (0.5 * log_var).exp()), Normal(0.0, 1.0)).sum(-1)
    got = vae.kl_standard_normal(mu, log_var)
    assert got.shape == (7,)
    assert torch.allclose(got, ref, atol=1e-12)


def test_kl_practice_problem():
    kl = vae.kl_standard_normal([0.5, -0.3], [-0.5, -1.0])
    assert round(float(kl), 4) == 0.4072


def test_kl_zero_at_prior_and_keeps_gradient():
    mu = torch.zeros(2, 3, requires_grad=True)
    lv = torch.zeros(2, 3, requires_grad=True)
    kl = vae.kl_standard_normal(mu, lv)
    assert torch.equal(kl, torch.zeros(2))
    kl.sum().backward()
    assert mu.grad is not None


@pytest.mark.parametrize("mu, lv, match", [
    (np.zeros(3), np.zeros(4), "same shape"),
    ([0.0, math.nan], [0.0, 0.0], "mu contains NaN"),
    ([0.0, 0.0], [0.0, math.inf], "log_var contains inf"),
    ([], [], "mu is empty"),
])
def test_kl_bad_input(mu, lv, match):
    with pytest.raises(ValueError, match=match):
        vae.kl_standard_normal(mu, lv)


@pytest.mark.parametrize("mu, lv, match", [
    (["a"], [0.0], "mu must be an array of numbers"),
    ([0.0], None, "log_var must be an array of numbers"),
])
def test_kl_wrong_type(mu, lv, match):
    with pytest.raises(TypeError, match=match):
        vae.kl_standard_normal(mu, lv)


def _tiny():
    torch.manual_seed(0)
    model = vae.VAE(n_inputs=6, n_hidden=8, n_latent=2)
    x = (torch.rand(20, 6, generator=torch.Generator().manual_seed(1)) > 0.5).float()
    return model, x


def test_shapes_and_terms():
    model, x = _tiny()
    logits, mu, log_var = model(x)
    assert logits.shape == (20, 6) and mu.shape == log_var.shape == (20, 2)
    assert model.sample(4).shape == (4, 6)
    assert ((model.sample(4) >= 0) & (model.sample(4) <= 1)).all()
    torch.manual_seed(2)
    out = vae.negative_elbo(model, x, beta=3.0)
    assert torch.isclose(out.loss, out.distortion + 3.0 * out.rate)
    assert out.rate > 0 and out.distortion > 0


def test_negative_elbo_matches_hand_computation():
    model, x = _tiny()
    torch.manual_seed(5)
    out = vae.negative_elbo(model, x)
    torch.manual_seed(5)
    logits, mu, log_var = model(x)
    recon = torch.nn.functional.binary_cross_entropy_with_logits(logits, x, reduction="sum") / len(x)
    kl = (-0.5 * (1 + log_var - mu**2 - log_var.exp())).sum() / len(x)
    assert torch.isclose(out.distortion, recon) and torch.isclose(out.rate, kl)


def test_iwae_is_tighter_than_elbo():
    model, x = _tiny()
    torch.manual_seed(0)
    with torch.no_grad():
        elbo = -np.mean([vae.negative_elbo(model, x).loss.item() for _ in range(200)])
    iwae = vae.iwae_bound(model, x, k=200).mean().item()
    assert iwae > elbo


def test_iwae_with_one_sample_is_an_elbo_sample():
    model, x = _tiny()
    torch.manual_seed(0)
    with torch.no_grad():
        elbo = -np.mean([vae.negative_elbo(model, x).loss.item() for _ in range(400)])
        iw1 = np.mean([vae.iwae_bound(model, x, k=1).mean().item() for _ in range(400)])
    assert iw1 == pytest.approx(elbo, abs=0.05)


def test_train_vae_lowers_the_loss():
    model, x = _tiny()
    hist = vae.train_vae(model, x.numpy(), epochs=30, batch_size=10, lr=1e-2, show_progress=False)
    assert len(hist) == 30 and hist[-1] < hist[0]


@pytest.mark.parametrize("kwargs, match", [
    ({"beta": -1.0}, "beta"),
    ({"beta": math.nan}, "beta"),
    ({"epochs": 0}, "epochs"),
    ({"batch_size": 0}, "batch_size"),
    ({"lr": 0.0}, "lr"),
])
def test_train_vae_bad_input(kwargs, match):
    model, x = _tiny()
    with pytest.raises(ValueError, match=match):
        vae.train_vae(model, x, show_progress=False, **kwargs)


@pytest.mark.parametrize("kwargs, match", [
    ({"beta": "1"}, "beta must be a real number"),
    ({"epochs": 10.0}, "epochs must be an integer"),
    ({"batch_size": None}, "batch_size must be an integer"),
    ({"lr": "1e-3"}, "lr must be a real number"),
])
def test_train_vae_wrong_type(kwargs, match):
    model, x = _tiny()
    with pytest.raises(TypeError, match=match):
        vae.train_vae(model, x, show_progress=False, **kwargs)


def test_bad_batches_and_k():
    model, x = _tiny()
    with pytest.raises(ValueError, match="beta"):
        vae.negative_elbo(model, x, beta=-0.5)
    with pytest.raises(ValueError, match="shape"):
        vae.negative_elbo(model, x[:, :5])
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        vae.negative_elbo(model, torch.randn(4, 6))
    bad = x.clone()
    bad[0, 0] = math.nan
    with pytest.raises(ValueError, match="x contains NaN"):
        vae.iwae_bound(model, bad, k=10)
    for k in (0, -3, True):
        with pytest.raises(ValueError, match="k must be"):
            vae.iwae_bound(model, x, k=k)
    for k in (2.5, "10", None):  # not an integer at all: a TypeError, as scikit-learn's check_scalar
        with pytest.raises(TypeError, match="k must be an integer"):
            vae.iwae_bound(model, x, k=k)
    with pytest.raises(ValueError, match="n_latent"):
        vae.VAE(n_latent=0)
    with pytest.raises(ValueError, match="n must be"):
        model.sample(0)


# --- review items (2026-12): host syncs, dtype, device, local RNG, chunked IWAE ------------

def test_train_vae_validates_the_data_once_not_per_minibatch(monkeypatch):
    model, x = _tiny()
    calls = []
    real = vae._check_batch

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(vae, "_check_batch", counting)
    vae.train_vae(model, x, epochs=3, batch_size=5, show_progress=False)  # 4 batches x 3 epochs
    assert len(calls) == 1


@pytest.mark.parametrize("dtype", [torch.float64, np.float64, torch.int64])
def test_float64_and_integer_input_is_converted_to_the_model_dtype(dtype):
    model, x = _tiny()
    xd = x.numpy().astype(dtype) if dtype is np.float64 else x.to(dtype)
    torch.manual_seed(3)
    ref = vae.negative_elbo(model, x).loss
    torch.manual_seed(3)
    got = vae.negative_elbo(model, xd).loss
    assert got.dtype == torch.float32 and torch.equal(got, ref)
    assert vae.iwae_bound(model, xd, k=5).dtype == torch.float32
    hist = vae.train_vae(model, xd, epochs=2, batch_size=10, show_progress=False)
    assert all(math.isfinite(h) for h in hist)


def test_a_float64_model_accepts_float32_data_and_samples_in_float64():
    model, x = _tiny()
    model.double()
    assert vae.negative_elbo(model, x).loss.dtype == torch.float64
    vae.train_vae(model, x, epochs=1, show_progress=False)
    assert model.sample(3).dtype == torch.float64


def test_train_vae_trains_the_model_where_it_is(monkeypatch):
    # The old train_vae moved the model to itml.device(); it must leave the model's device alone.
    model, x = _tiny()
    monkeypatch.setattr(vae, "_default_device", lambda: torch.device("meta"), raising=False)
    import itml.runtime

    monkeypatch.setattr(itml.runtime, "device", lambda: torch.device("meta"))
    vae.train_vae(model, x, epochs=1, show_progress=False)
    assert {p.device.type for p in model.parameters()} == {"cpu"}
    assert model.sample(2).device == next(model.parameters()).device


def test_train_vae_uses_a_local_generator():
    torch.manual_seed(123)
    state = torch.get_rng_state()
    model, x = _tiny()
    torch.set_rng_state(state)
    h1 = vae.train_vae(model, x, epochs=3, batch_size=5, seed=7, show_progress=False)
    assert torch.equal(torch.get_rng_state(), state)  # the global generator is untouched
    model2, _ = _tiny()
    torch.manual_seed(999)  # a different global state gives the same training run
    h2 = vae.train_vae(model2, x, epochs=3, batch_size=5, seed=7, show_progress=False)
    assert h1 == h2
    model3, _ = _tiny()
    h3 = vae.train_vae(model3, x, epochs=3, batch_size=5, seed=8, show_progress=False)
    assert h3 != h1


def test_generator_makes_elbo_iwae_and_sample_reproducible():
    model, x = _tiny()
    a = vae.negative_elbo(model, x, generator=torch.Generator().manual_seed(1)).loss
    b = vae.negative_elbo(model, x, generator=torch.Generator().manual_seed(1)).loss
    assert torch.equal(a, b)
    a = vae.iwae_bound(model, x, k=7, generator=torch.Generator().manual_seed(1))
    b = vae.iwae_bound(model, x, k=7, generator=torch.Generator().manual_seed(1))
    assert torch.equal(a, b)
    a = model.sample(3, generator=torch.Generator().manual_seed(1))
    assert torch.equal(a, model.sample(3, generator=torch.Generator().manual_seed(1)))
    with pytest.raises(TypeError, match="generator"):
        vae.negative_elbo(model, x, generator=1)


def test_iwae_never_builds_the_whole_k_by_n_by_d_array():
    model, x = _tiny()
    sizes = []
    real = model.decode

    def recording(z):
        sizes.append(z[..., 0].numel() * model.n_inputs)
        return real(z)

    model.decode = recording
    budget = 6 * 40  # 40 (sample, example) pairs at a time
    got = vae.iwae_bound(model, x, k=500, generator=torch.Generator().manual_seed(0), max_elements=budget)
    assert max(sizes) <= budget and len(sizes) > 1
    model.decode = real
    ref = vae.iwae_bound(model, x, k=500, generator=torch.Generator().manual_seed(1))
    # Two independent 500-sample estimates (seeds 0 and 1): per example they differ by at most
    # 0.10 nats here, their means by 0.01.
    assert got.shape == ref.shape == (20,)
    assert torch.allclose(got, ref, atol=0.25) and abs(got.mean() - ref.mean()) < 0.05
    # One block with several chunks equals the same log-weights combined at once:
    one = vae.iwae_bound(model, x[:1], k=4, generator=torch.Generator().manual_seed(2), max_elements=6)
    torch.manual_seed(0)
    g = torch.Generator().manual_seed(2)
    with torch.no_grad():
        mu, lv = model.encode(x[:1])
        eps = torch.cat([torch.randn(1, 1, 2, generator=g) for _ in range(4)])
        z = mu + (0.5 * lv).exp() * eps
        lpx = -torch.nn.functional.binary_cross_entropy_with_logits(
            model.decode(z), x[:1].expand(4, 1, 6), reduction="none").sum(-1)
        lw = lpx + Normal(0.0, 1.0).log_prob(z).sum(-1) - Normal(mu, (0.5 * lv).exp()).log_prob(z).sum(-1)
        want = torch.logsumexp(lw, 0) - math.log(4)
    assert torch.allclose(one, want, atol=1e-5)
    with pytest.raises(ValueError, match="max_elements"):
        vae.iwae_bound(model, x, k=5, max_elements=3)
