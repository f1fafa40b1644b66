"""itml.bitsback: BB-ANS with the VAE is lossless and costs the negative ELBO."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from scipy import stats

from itml import bitsback, data, vae
from itml.coding import ANSStack


@pytest.fixture(scope="module")
def trained():
    x_train, x_test, _, _ = data.digits(binarize=True)
    torch.manual_seed(0)
    model = vae.VAE(n_inputs=64, n_hidden=64, n_latent=4)
    vae.train_vae(model, x_train, epochs=15, seed=0, show_progress=False)
    model.cpu().eval()
    return model, x_test.astype(np.int64)


def test_round_trip_restores_every_pixel_and_the_initial_message(trained):
    model, x = trained
    images = x[:80]
    code = bitsback.encode(model, images, seed=3)
    out, rest = bitsback.decode(model, code.message.to_bytes(), len(images))
    assert (out == images).all()
    assert rest == bitsback.initial_message(seed=3)  # every borrowed bit came back
    assert abs(code.bits_per_image.sum() - code.net_bits) < 1e-6


def test_net_bits_match_the_negative_elbo(trained):
    model, x = trained
    images = x[:200]
    code = bitsback.encode(model, images)
    torch.manual_seed(1)
    with torch.no_grad():
        t = torch.as_tensor(images, dtype=torch.float32)
        nelbo = np.mean([vae.negative_elbo(model, t).loss.item() for _ in range(40)]) / math.log(2)
    per_image = code.net_bits / len(images)
    assert abs(per_image / nelbo - 1) < 0.02  # one pass of z per image: Monte-Carlo noise of ~0.5 %
    assert 8 * len(code.message.to_bytes()) > code.net_bits  # the file also holds the initial bits


def test_without_initial_bits_the_first_pop_runs_out(trained):
    model, x = trained
    with pytest.raises(ValueError, match="ran out of bits"):
        bitsback.encode(model, x[:2], message=ANSStack())


def test_bucket_probabilities_against_scipy():
    k = 6
    edges = stats.norm.ppf(np.arange(2**k + 1) / 2**k)
    mu, std = np.array([0.3, -1.2]), np.array([0.2, 0.9])
    expected = np.diff(stats.norm.cdf((edges[None, :] - mu[:, None]) / std[:, None]), axis=1)
    got = bitsback.posterior_bucket_probs(mu, std, latent_bits=k)
    np.testing.assert_allclose(got, expected / expected.sum(axis=1, keepdims=True), atol=1e-12)
    assert np.allclose(bitsback.posterior_bucket_probs([0.0], [1.0], k), 2.0**-k)


def test_bucket_centres_split_the_prior_mass_evenly():
    c = bitsback.bucket_centres(8)
    assert np.all(np.diff(c) > 0) and np.allclose(c, -c[::-1])
    np.testing.assert_allclose(stats.norm.cdf(c), (np.arange(256) + 0.5) / 256)


def test_initial_message_holds_its_bits():
    m = bitsback.initial_message(5, seed=1)
    assert 160 <= m.bits < 192 and m == bitsback.initial_message(5, seed=1)
    assert m != bitsback.initial_message(5, seed=2)


def test_bad_input(trained):
    model, x = trained
    with pytest.raises(ValueError, match="binary"):
        bitsback.encode(model, x[:2] * 0.5)
    with pytest.raises(ValueError, match="shape"):
        bitsback.encode(model, x[:2, :10])
    with pytest.raises(ValueError, match="latent_bits"):
        bitsback.encode(model, x[:2], latent_bits=17)
    with pytest.raises(TypeError, match="latent_bits"):
        bitsback.bucket_centres(2.0)
    with pytest.raises(ValueError, match="std"):
        bitsback.posterior_bucket_probs([0.0], [0.0])
    with pytest.raises(ValueError, match="precision"):
        bitsback.encode(model, x[:2], latent_bits=12, precision=12)


def test_growth_splits_into_pixels_and_latents(trained):
    model, x = trained
    code = bitsback.encode(model, x[:20])
    np.testing.assert_allclose(code.pixel_bits + code.latent_bits, code.bits_per_image, atol=1e-6)
    assert (code.pixel_bits > 0).all() and (code.latent_bits <= 4 * 12 + 1e-6).all()
