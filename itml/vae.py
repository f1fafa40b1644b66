"""Variational autoencoders: the Gaussian KL to the prior, a Bernoulli VAE, its ELBO and the IWAE bound.

All quantities are in nats. The VAE is small enough to train on scikit-learn's 8x8 digits
in seconds on a CPU; it runs on ``itml.device()``.

>>> from itml import vae
>>> import torch
>>> round(float(vae.kl_standard_normal(torch.tensor([0.5, -0.3]), torch.tensor([-0.5, -1.0]))), 4)
0.4072
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ._validation import check_int, check_number
from .runtime import device as _default_device
from .runtime import progress, single_cpu_thread


def _as_tensor(x, name: str, dev=None) -> torch.Tensor:
    """``x`` as a non-empty, finite float tensor (float32 unless already floating), or ``ValueError`` naming ``name``."""
    if torch.is_tensor(x):
        t = x if x.is_floating_point() else x.float()
    else:
        try:
            t = torch.as_tensor(np.asarray(x, dtype=np.float32))
        except (TypeError, ValueError) as err:
            raise ValueError(f"{name} must be an array of numbers ({err})") from None
    if t.numel() == 0:
        raise ValueError(f"{name} is empty")
    if torch.isnan(t).any():
        raise ValueError(f"{name} contains NaN")
    if torch.isinf(t).any():
        raise ValueError(f"{name} contains inf")
    return t if dev is None else t.to(dev)


def _check_batch(model: "VAE", x) -> torch.Tensor:
    dev = next(model.parameters()).device
    x = _as_tensor(x, "x", dev)
    if x.ndim != 2 or x.shape[1] != model.n_inputs:
        raise ValueError(f"x must have shape (N, {model.n_inputs}), got {tuple(x.shape)}")
    if x.min() < 0 or x.max() > 1:
        raise ValueError("x must lie in [0, 1] for a Bernoulli likelihood")
    return x


def kl_standard_normal(mu, log_var) -> torch.Tensor:
    r"""KL divergence from a diagonal Gaussian to the standard normal prior, one value per row.

    .. math:: D_\mathrm{KL}\big(\mathcal N(\mu, \operatorname{diag}\sigma^2) \,\|\, \mathcal N(0, I)\big)
              = \tfrac12 \sum_j \big(\mu_j^2 + \sigma_j^2 - \log \sigma_j^2 - 1\big)

    The sum runs over the last axis (the latent dimensions). Unit: nats.

    >>> kl_standard_normal(torch.zeros(3, 2), torch.zeros(3, 2))
    tensor([0., 0., 0.])
    """
    mu_t = _as_tensor(mu, "mu")
    lv_t = _as_tensor(log_var, "log_var")
    if mu_t.shape != lv_t.shape:
        raise ValueError(
            f"mu and log_var must have the same shape, got {tuple(mu_t.shape)} and {tuple(lv_t.shape)}"
        )
    return 0.5 * (mu_t.pow(2) + lv_t.exp() - lv_t - 1.0).sum(dim=-1)


class VAE(nn.Module):
    r"""A variational autoencoder with a Gaussian encoder and a Bernoulli decoder.

    Encoder: an MLP from ``x`` to the mean :math:`\mu` and log-variance :math:`\log\sigma^2`
    of :math:`q(z \mid x)`; prior :math:`p(z) = \mathcal N(0, I)`; decoder: an MLP from
    :math:`z` to the *logits* of independent Bernoulli pixels :math:`p(x \mid z)`.

    >>> _ = torch.manual_seed(0)
    >>> model = VAE(n_inputs=64, n_latent=4)
    >>> logits, mu, log_var = model(torch.zeros(5, 64))
    >>> tuple(logits.shape), tuple(mu.shape)
    ((5, 64), (5, 4))
    """

    def __init__(self, n_inputs: int = 64, n_hidden: int = 128, n_latent: int = 8):
        super().__init__()
        self.n_inputs = check_int(n_inputs, "n_inputs")
        self.n_latent = check_int(n_latent, "n_latent")
        check_int(n_hidden, "n_hidden")
        self.encoder = nn.Sequential(
            nn.Linear(n_inputs, n_hidden), nn.ReLU(),
            nn.Linear(n_hidden, n_hidden), nn.ReLU(),
            nn.Linear(n_hidden, 2 * n_latent),
        )
        self.decoder = nn.Sequential(
            nn.Linear(n_latent, n_hidden), nn.ReLU(),
            nn.Linear(n_hidden, n_hidden), nn.ReLU(),
            nn.Linear(n_hidden, n_inputs),
        )

    def encode(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
        """The mean and log-variance of q(z|x), each of shape (N, n_latent)."""
        mu, log_var = self.encoder(x).chunk(2, dim=-1)
        return mu, log_var

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        """The Bernoulli logits of p(x|z), shape (..., n_inputs)."""
        return self.decoder(z)

    @staticmethod
    def reparameterize(mu: torch.Tensor, log_var: torch.Tensor) -> torch.Tensor:
        r"""A sample :math:`z = \mu + \sigma \odot \varepsilon`, :math:`\varepsilon \sim \mathcal N(0, I)`."""
        return mu + torch.exp(0.5 * log_var) * torch.randn_like(mu)

    def forward(self, x: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        """Decode a *sample* z ~ q(z|x) (not its mean): returns (logits, mu, log_var)."""
        mu, log_var = self.encode(x)
        return self.decode(self.reparameterize(mu, log_var)), mu, log_var

    @torch.no_grad()
    def sample(self, n: int) -> torch.Tensor:
        """Pixel probabilities of ``n`` images decoded from z ~ p(z) = N(0, I), shape (n, n_inputs)."""
        n = check_int(n, "n")
        z = torch.randn(n, self.n_latent, device=next(self.parameters()).device)
        return torch.sigmoid(self.decode(z))


class NegativeElbo(NamedTuple):
    """The β-weighted loss and its two parts, each averaged over the batch, in nats per example."""

    loss: torch.Tensor
    distortion: torch.Tensor
    rate: torch.Tensor


def negative_elbo(model: VAE, x, beta: float = 1.0) -> NegativeElbo:
    r"""The (β-weighted) negative ELBO of a batch, one reparameterised sample z per example.

    .. math:: \mathcal L_\beta(x) = \underbrace{-\log p(x \mid z)}_{\text{distortion } D}
              + \beta\, \underbrace{D_\mathrm{KL}\big(q(z \mid x) \,\|\, p(z)\big)}_{\text{rate } R},
              \qquad z = \mu(x) + \sigma(x) \odot \varepsilon

    The distortion is the binary cross-entropy from the logits *summed* over pixels, the rate
    is summed over latent dimensions, and both are averaged over the batch; ``beta=1`` gives
    the negative ELBO, an upper bound on :math:`-\log p(x)`. Unit: nats per example.

    >>> _ = torch.manual_seed(0)
    >>> out = negative_elbo(VAE(n_inputs=4, n_latent=2), torch.ones(3, 4))
    >>> bool(out.loss > 0), bool(torch.isclose(out.loss, out.distortion + out.rate))
    (True, True)
    """
    beta = check_number(beta, "beta", minimum=0)
    x = _check_batch(model, x)
    logits, mu, log_var = model(x)
    distortion = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1).mean()
    rate = kl_standard_normal(mu, log_var).mean()
    return NegativeElbo(distortion + beta * rate, distortion, rate)


@torch.no_grad()
def iwae_bound(model: VAE, x, k: int = 100) -> torch.Tensor:
    r"""The importance-weighted lower bound on :math:`\log p(x)` with ``k`` samples, per example.

    .. math:: \mathcal L_k(x) = \log \frac1k \sum_{i=1}^k
              \frac{p(x \mid z_i)\, p(z_i)}{q(z_i \mid x)}, \qquad z_i \sim q(z \mid x)

    computed with ``torch.logsumexp`` (stable). :math:`\mathbb E\,\mathcal L_1` is the ELBO,
    :math:`\mathbb E\,\mathcal L_k` grows with ``k`` and tends to :math:`\log p(x)`
    (Burda et al. 2016). Returns a tensor of shape (N,). Unit: nats.

    >>> _ = torch.manual_seed(0)
    >>> iwae_bound(VAE(n_inputs=4, n_latent=2), torch.ones(3, 4), k=10).shape
    torch.Size([3])
    """
    k = check_int(k, "k")
    x = _check_batch(model, x)
    mu, log_var = model.encode(x)
    std = torch.exp(0.5 * log_var)
    eps = torch.randn(k, *mu.shape, device=mu.device)
    z = mu + std * eps  # (k, N, latent)
    logits = model.decode(z)  # (k, N, inputs)
    log_px_z = -F.binary_cross_entropy_with_logits(
        logits, x.expand_as(logits), reduction="none").sum(dim=-1)
    log_2pi = math.log(2 * math.pi)
    log_pz = -0.5 * (z.pow(2) + log_2pi).sum(dim=-1)
    log_qz = -0.5 * (eps.pow(2) + log_var + log_2pi).sum(dim=-1)
    log_w = log_px_z + log_pz - log_qz  # (k, N)
    return torch.logsumexp(log_w, dim=0) - math.log(k)


def train_vae(model: VAE, x_train, *, epochs: int = 100, batch_size: int = 64, lr: float = 1e-3,
              beta: float = 1.0, seed: int = 0, show_progress: bool = True) -> list[float]:
    """Train ``model`` with Adam on the β-weighted negative ELBO (:func:`negative_elbo`).

    ``x_train`` is an (N, n_inputs) array in [0, 1]. The model is moved to ``itml.device()``;
    on a CPU it trains on one thread (:func:`itml.runtime.single_cpu_thread`).
    Returns the mean training loss of each epoch (nats per example).

    >>> _ = torch.manual_seed(0)
    >>> hist = train_vae(VAE(n_inputs=4, n_latent=2), np.ones((8, 4)), epochs=2, show_progress=False)
    >>> len(hist)
    2
    """
    beta = check_number(beta, "beta", minimum=0)
    epochs = check_int(epochs, "epochs")
    batch_size = check_int(batch_size, "batch_size")
    check_number(lr, "lr", minimum=0, open_min=True)
    dev = _default_device()
    model.to(dev)
    x = _check_batch(model, x_train)
    gen = torch.Generator().manual_seed(seed)
    torch.manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    bar = progress(range(epochs), desc=f"VAE β={beta:g}", disable=not show_progress)
    with single_cpu_thread(dev):
        for _ in bar:
            model.train()
            perm = torch.randperm(len(x), generator=gen).to(dev)
            total = 0.0
            for start in range(0, len(x), batch_size):
                batch = x[perm[start:start + batch_size]]
                out = negative_elbo(model, batch, beta)
                opt.zero_grad()
                out.loss.backward()
                opt.step()
                total += out.loss.item() * len(batch)
            history.append(total / len(x))
            bar.set_postfix(loss=f"{history[-1]:.2f}", refresh=False)
    model.eval()
    return history
