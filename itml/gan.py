r"""Generative adversarial networks: the optimal discriminator, small MLP GANs and mode coverage.

Goodfellow et al. (2014) showed that against the optimal discriminator
:math:`D^* = p_\mathrm{data} / (p_\mathrm{data} + p_g)` the value of the game is
:math:`-\log 4 + 2\,\mathrm{JS}(p_\mathrm{data} \,\|\, p_g)`; this module holds that
computation for tables, the networks and training loops, and a mode-coverage measure for
2-D mixtures. Models run on ``itml.device()``.

>>> from itml import gan
>>> import numpy as np
>>> p, q = np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.5, 0.5])
>>> round(gan.gan_value(gan.optimal_discriminator(p, q), p, q), 4)  # -log 4 + 2 JS = -log 4 + log 2
-0.6931
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from scipy.special import xlogy
from torch import nn

from ._validation import as_array, as_distribution, as_points, check_int, check_number, same_shape
from .runtime import device as _default_device
from .runtime import progress, single_cpu_thread


def optimal_discriminator(p_data, p_g) -> np.ndarray:
    r"""The optimal discriminator for fixed densities (Goodfellow et al. 2014, Proposition 1).

    .. math:: D^*(x) = \frac{p_\mathrm{data}(x)}{p_\mathrm{data}(x) + p_g(x)}

    ``p_data`` and ``p_g`` are probability tables (or densities on a common grid, normalised
    to sum to 1). Where both are 0 the value does not matter; it is set to 1/2.

    >>> optimal_discriminator([0.5, 0.5, 0.0], [0.0, 0.5, 0.5])
    array([1. , 0.5, 0. ])
    """
    p = as_distribution(p_data, "p_data")
    q = as_distribution(p_g, "p_g")
    same_shape(p, q, ("p_data", "p_g"))
    s = p + q
    return np.divide(p, s, out=np.full_like(p, 0.5), where=s > 0)


def gan_value(d, p_data, p_g) -> float:
    r"""The GAN value function of a discriminator ``d`` on probability tables.

    .. math:: V(D, G) = \sum_x p_\mathrm{data}(x) \log D(x) + \sum_x p_g(x) \log\big(1 - D(x)\big)

    (:math:`0 \log 0 = 0`). At :math:`D = D^*` it equals
    :math:`-\log 4 + 2\,\mathrm{JS}(p_\mathrm{data} \,\|\, p_g)`. Unit: nats.

    >>> round(gan_value([0.5, 0.5], [0.5, 0.5], [0.5, 0.5]), 6)  # -log 4
    -1.386294
    """
    p = as_distribution(p_data, "p_data")
    q = as_distribution(p_g, "p_g")
    same_shape(p, q, ("p_data", "p_g"))
    d = as_array(d, "d")
    same_shape(d, p, ("d", "p_data"))
    if np.isnan(d).any() or d.min() < 0 or d.max() > 1:
        raise ValueError("d must lie in [0, 1]")
    return float(xlogy(p, d).sum() + xlogy(q, 1.0 - d).sum())


def _mlp(n_in: int, n_hidden: int, n_out: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Linear(n_in, n_hidden), nn.LeakyReLU(0.2),
        nn.Linear(n_hidden, n_hidden), nn.LeakyReLU(0.2),
        nn.Linear(n_hidden, n_out),
    )


class Generator(nn.Module):
    """An MLP from noise z ~ N(0, I) (``n_noise`` dims) to points in ``n_outputs`` dims.

    >>> _ = torch.manual_seed(0)
    >>> Generator(n_noise=4, n_outputs=2).sample(5).shape
    torch.Size([5, 2])
    """

    def __init__(self, n_noise: int = 8, n_hidden: int = 128, n_outputs: int = 2):
        super().__init__()
        self.n_noise = check_int(n_noise, "n_noise")
        self.net = _mlp(n_noise, check_int(n_hidden, "n_hidden"),
                        check_int(n_outputs, "n_outputs"))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        return self.net(z)

    def sample(self, n: int) -> torch.Tensor:
        """``n`` generated points (no gradient), shape (n, n_outputs)."""
        n = check_int(n, "n")
        with torch.no_grad():
            return self(torch.randn(n, self.n_noise, device=next(self.parameters()).device))


class Discriminator(nn.Module):
    """An MLP from points in ``n_inputs`` dims to the *logit* of D(x) = P(x is real).

    >>> _ = torch.manual_seed(0)
    >>> Discriminator(n_inputs=1)(torch.zeros(3, 1)).shape
    torch.Size([3])
    """

    def __init__(self, n_inputs: int = 2, n_hidden: int = 128):
        super().__init__()
        self.n_inputs = check_int(n_inputs, "n_inputs")
        self.net = _mlp(n_inputs, check_int(n_hidden, "n_hidden"), 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        return self.net(x).squeeze(-1)

    def prob(self, x) -> np.ndarray:
        """D(x) = sigmoid(logit) for an array of points, as a NumPy array."""
        x = torch.as_tensor(as_points(x, "x", dim=self.n_inputs), dtype=torch.float32,
                            device=next(self.parameters()).device)
        with torch.no_grad():
            return torch.sigmoid(self(x)).cpu().numpy()


def _discriminator_loss(disc: Discriminator, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """-V(D, G) estimated on a batch: binary cross-entropy with real = 1, fake = 0 (nats)."""
    lr, lf = disc(real), disc(fake)
    return (F.binary_cross_entropy_with_logits(lr, torch.ones_like(lr))
            + F.binary_cross_entropy_with_logits(lf, torch.zeros_like(lf)))


def fit_discriminator(real, fake, *, steps: int = 500, n_hidden: int = 32, lr: float = 1e-2,
                      seed: int = 0, show_progress: bool = True) -> Discriminator:
    r"""Train a discriminator to tell fixed samples ``real`` (label 1) from ``fake`` (label 0).

    Full-batch Adam on :math:`-V(D, G) = -\frac1n\sum \log D(x_i) - \frac1m \sum \log(1 - D(\tilde x_j))`;
    with enough samples and capacity D approaches :math:`D^* = p_\mathrm{data}/(p_\mathrm{data} + p_g)`.
    On a CPU it trains on one thread (:func:`itml.runtime.single_cpu_thread`).

    >>> disc = fit_discriminator(np.ones(20), -np.ones(20), steps=50, show_progress=False)
    >>> bool(disc.prob([[1.0]])[0] > 0.9)
    True
    """
    real = as_points(real, "real")
    fake = as_points(fake, "fake", dim=real.shape[1])
    steps = check_int(steps, "steps")
    dev = _default_device()
    torch.manual_seed(seed)
    disc = Discriminator(real.shape[1], n_hidden).to(dev)
    xr = torch.as_tensor(real, dtype=torch.float32, device=dev)
    xf = torch.as_tensor(fake, dtype=torch.float32, device=dev)
    opt = torch.optim.Adam(disc.parameters(), lr=lr)
    with single_cpu_thread(dev):
        for _ in progress(range(steps), desc="discriminator", disable=not show_progress):
            loss = _discriminator_loss(disc, xr, xf)
            opt.zero_grad()
            loss.backward()
            opt.step()
    disc.eval()
    return disc


def train_gan(x, *, steps: int = 3000, batch_size: int = 256, n_noise: int = 8, n_hidden: int = 64,
              lr: float = 2e-3, seed: int = 0, snapshot_every: int | None = None,
              n_snapshot: int = 1000, show_progress: bool = True):
    r"""Train a GAN on the points ``x`` (N, d) with the non-saturating generator loss and Adam.

    Each step takes one discriminator step on :math:`-V(D, G)` and one generator step on
    :math:`-\mathbb E_z \log D(G(z))` (instead of the saturating :math:`\mathbb E_z \log(1 - D(G(z)))`).

    Returns ``(generator, discriminator, snapshots)``, where ``snapshots`` maps a step number
    (0, every ``snapshot_every`` steps, and the last) to ``n_snapshot`` generated points as a
    NumPy array; the same noise is used for every snapshot.
    On a CPU it trains on one thread (:func:`itml.runtime.single_cpu_thread`).

    >>> g, d, snaps = train_gan(np.zeros((64, 2)), steps=4, batch_size=16, snapshot_every=2,
    ...                         n_snapshot=10, show_progress=False)
    >>> sorted(snaps), snaps[4].shape
    ([0, 2, 4], (10, 2))
    """
    data = as_points(x, "x")
    steps = check_int(steps, "steps")
    batch_size = check_int(batch_size, "batch_size")
    n_snapshot = check_int(n_snapshot, "n_snapshot")
    if snapshot_every is not None:
        snapshot_every = check_int(snapshot_every, "snapshot_every")
    check_number(lr, "lr", minimum=0, open_min=True)
    dev = _default_device()
    torch.manual_seed(seed)
    gen = Generator(n_noise, n_hidden, data.shape[1]).to(dev)
    disc = Discriminator(data.shape[1], n_hidden).to(dev)
    opt_g = torch.optim.Adam(gen.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(disc.parameters(), lr=lr, betas=(0.5, 0.999))
    xt = torch.as_tensor(data, dtype=torch.float32, device=dev)
    z_fixed = torch.randn(n_snapshot, n_noise, device=dev)
    snapshots = {}

    def snap(step):
        with torch.no_grad():
            snapshots[step] = gen(z_fixed).cpu().numpy()

    snap(0)
    with single_cpu_thread(dev):
        for step in progress(range(1, steps + 1), desc="GAN", disable=not show_progress):
            real = xt[torch.randint(len(xt), (batch_size,), device=dev)]
            fake = gen(torch.randn(batch_size, n_noise, device=dev))
            loss_d = _discriminator_loss(disc, real, fake.detach())
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()
            logit_fake = disc(gen(torch.randn(batch_size, n_noise, device=dev)))
            loss_g = F.binary_cross_entropy_with_logits(logit_fake, torch.ones_like(logit_fake))
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()
            if snapshot_every is not None and step % snapshot_every == 0 or step == steps:
                snap(step)
    gen.eval()
    disc.eval()
    return gen, disc, snapshots


class ModeCoverage(NamedTuple):
    """What :func:`mode_coverage` measures."""

    coverage: float
    """Fraction of the modes that received at least ``min_share`` of the samples."""
    high_quality: float
    """Fraction of the samples within ``n_std`` standard deviations of their nearest mode."""
    shares: np.ndarray
    """Share of all samples that falls near each mode, shape (n_modes,)."""


def mode_coverage(samples, centers, std: float, *, n_std: float = 3.0,
                  min_share: float | None = None) -> ModeCoverage:
    r"""How many modes of a Gaussian mixture a set of samples covers, and how well.

    A sample is *high quality* when it lies within ``n_std`` standard deviations of its
    nearest mode centre :math:`c_k`, :math:`\lVert x - c_k \rVert \le n_\mathrm{std}\,\sigma`.
    Mode :math:`k` is *covered* when the high-quality samples near it make up at least
    ``min_share`` of all samples (default: a quarter of the fair share, :math:`1/(4K)` for
    :math:`K` modes).

    >>> centers = np.array([[0.0, 0.0], [1.0, 0.0]])
    >>> res = mode_coverage([[0.0, 0.01], [0.02, 0.0], [5.0, 5.0]], centers, std=0.05)
    >>> res.coverage, round(res.high_quality, 3)
    (0.5, 0.667)
    """
    x = as_points(samples, "samples")
    c = as_points(centers, "centers")
    if x.shape[1] != c.shape[1]:
        raise ValueError(f"samples and centers must have the same number of columns, "
                         f"got shapes {x.shape} and {c.shape}")
    if not (np.isfinite(std) and std > 0):
        raise ValueError(f"std must be a positive number, got {std!r}")
    if not (np.isfinite(n_std) and n_std > 0):
        raise ValueError(f"n_std must be a positive number, got {n_std!r}")
    n_modes = len(c)
    if min_share is None:
        min_share = 1.0 / (4 * n_modes)
    if not 0 < min_share <= 1:
        raise ValueError(f"min_share must lie in (0, 1], got {min_share!r}")
    dist = np.linalg.norm(x[:, None, :] - c[None, :, :], axis=-1)  # (N, K)
    nearest = dist.argmin(axis=1)
    good = dist[np.arange(len(x)), nearest] <= n_std * std
    shares = np.bincount(nearest[good], minlength=n_modes) / len(x)
    return ModeCoverage(float((shares >= min_share).mean()), float(good.mean()), shares)
