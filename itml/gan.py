r"""Generative adversarial networks: the optimal discriminator, small MLP GANs and mode coverage.

Goodfellow et al. (2014) showed that against the optimal discriminator
:math:`D^* = p_\mathrm{data} / (p_\mathrm{data} + p_g)` the value of the game is
:math:`-\log 4 + 2\,\mathrm{JS}(p_\mathrm{data} \,\|\, p_g)`; this module holds that
computation for tables, the networks and training loops, and a mode-coverage measure for
2-D mixtures. The training functions build their networks on ``device`` (default
``itml.device()``) and draw all their randomness from local generators seeded with ``seed``;
``Generator.sample`` returns tensors on the generator's device, ``Discriminator.prob`` NumPy
arrays on the CPU.

>>> from itml import gan
>>> import numpy as np
>>> p, q = np.array([0.5, 0.5, 0.0]), np.array([0.0, 0.5, 0.5])
>>> round(gan.gan_value(gan.optimal_discriminator(p, q), p, q), 4)  # -log 4 + 2 JS = -log 4 + log 2
-0.6931
"""

from __future__ import annotations

import contextlib
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

    Where both are 0 the value does not matter; it is set to 1/2. Unitless (probabilities).

    Parameters
    ----------
    p_data, p_g : array_like, same shape
        Probability tables (or densities on a common grid, normalised to sum to 1) of the
        data and of the generator.

    Returns
    -------
    ndarray, same shape as ``p_data``
        :math:`D^*(x)` in [0, 1].

    Raises
    ------
    ValueError
        If ``p_data`` or ``p_g`` is not a probability table, or their shapes differ.

    References
    ----------
    Goodfellow et al. (2014), `goodfellow2014` in the book's references.

    Examples
    --------
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

    Parameters
    ----------
    d : array_like, same shape as ``p_data``
        Discriminator values :math:`D(x)` in [0, 1].
    p_data, p_g : array_like, same shape
        Probability tables (or densities on a common grid, normalised to sum to 1) of the
        data and of the generator.

    Returns
    -------
    float
        :math:`V(D, G)` in nats; ``-inf`` where ``d`` is 0 (or 1) on mass of ``p_data`` (or ``p_g``).

    Raises
    ------
    TypeError
        If ``d`` is not numbers.
    ValueError
        If ``p_data`` or ``p_g`` is not a probability table, the shapes differ, or ``d`` is
        empty or outside [0, 1].

    References
    ----------
    Goodfellow et al. (2014), `goodfellow2014` in the book's references.

    Examples
    --------
    >>> round(gan_value([0.5, 0.5], [0.5, 0.5], [0.5, 0.5]), 6)  # -log 4
    -1.386294
    """
    p = as_distribution(p_data, "p_data")
    q = as_distribution(p_g, "p_g")
    same_shape(p, q, ("p_data", "p_g"))
    d = as_array(d, "d", type_error=True)
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
    r"""An MLP generator :math:`G(z)` from noise :math:`z \sim \mathcal N(0, I)` to points.

    .. math:: \tilde x = G(z), \qquad z \sim \mathcal N(0, I_{n_\text{noise}})

    Two hidden layers with LeakyReLU(0.2).

    Parameters
    ----------
    n_noise : int, default 8
        Dimension of z.
    n_hidden : int, default 64
        Width of the hidden layers (the default of :func:`train_gan`).
    n_outputs : int, default 2
        Dimension of the generated points.

    Raises
    ------
    TypeError
        If a size is not an integer.
    ValueError
        If a size is not positive.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> Generator(n_noise=4, n_outputs=2).sample(5).shape
    torch.Size([5, 2])
    """

    def __init__(self, n_noise: int = 8, n_hidden: int = 64, n_outputs: int = 2):
        super().__init__()
        self.n_noise = check_int(n_noise, "n_noise", type_error=True)
        self.net = _mlp(n_noise, check_int(n_hidden, "n_hidden", type_error=True),
                        check_int(n_outputs, "n_outputs", type_error=True))

    def forward(self, z: torch.Tensor) -> torch.Tensor:
        r"""The generated points :math:`G(z)` for noise ``z`` of shape (n, n_noise).

        Parameters
        ----------
        z : torch.Tensor, shape (n, n_noise)
            Noise.

        Returns
        -------
        torch.Tensor, shape (n, n_outputs)
            The points.

        Examples
        --------
        >>> Generator(n_noise=3, n_outputs=2)(torch.zeros(4, 3)).shape
        torch.Size([4, 2])
        """
        return self.net(z)

    def sample(self, n: int, *, generator: torch.Generator | None = None) -> torch.Tensor:
        r"""``n`` generated points :math:`G(z)`, :math:`z \sim \mathcal N(0, I)`, without gradient.

        Parameters
        ----------
        n : int
            Number of points, at least 1.
        generator : torch.Generator, optional
            Source of z, on the model's device; default PyTorch's global RNG.

        Returns
        -------
        torch.Tensor, shape (n, n_outputs)
            The points, a tensor on the model's device (``.cpu().numpy()`` for NumPy).

        Raises
        ------
        TypeError
            If ``n`` is not an integer.
        ValueError
            If ``n < 1``.

        Examples
        --------
        >>> Generator(n_noise=3, n_outputs=1).sample(2).shape
        torch.Size([2, 1])
        """
        n = check_int(n, "n", type_error=True)
        w = next(self.parameters())
        with torch.no_grad():
            return self(torch.randn(n, self.n_noise, device=w.device, dtype=w.dtype, generator=generator))


class Discriminator(nn.Module):
    r"""An MLP discriminator: points to the *logit* of :math:`D(x) = P(x \text{ is real})`.

    .. math:: D(x) = \sigma\big(f(x)\big)

    Two hidden layers with LeakyReLU(0.2); ``forward`` returns :math:`f(x)` as a tensor on the
    model's device, :meth:`prob` returns :math:`D(x)` as a NumPy array (on the CPU).

    Parameters
    ----------
    n_inputs : int, default 2
        Dimension of the points.
    n_hidden : int, default 64
        Width of the hidden layers (the default of :func:`train_gan`).

    Raises
    ------
    TypeError
        If a size is not an integer.
    ValueError
        If a size is not positive.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> Discriminator(n_inputs=1)(torch.zeros(3, 1)).shape
    torch.Size([3])
    """

    def __init__(self, n_inputs: int = 2, n_hidden: int = 64):
        super().__init__()
        self.n_inputs = check_int(n_inputs, "n_inputs", type_error=True)
        self.net = _mlp(n_inputs, check_int(n_hidden, "n_hidden", type_error=True), 1)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        r"""The logits :math:`f(x)` for points ``x`` of shape (n, n_inputs).

        Parameters
        ----------
        x : torch.Tensor, shape (n, n_inputs)
            Points.

        Returns
        -------
        torch.Tensor, shape (n,)
            The logits.

        Examples
        --------
        >>> Discriminator(n_inputs=2)(torch.zeros(4, 2)).shape
        torch.Size([4])
        """
        return self.net(x).squeeze(-1)

    def prob(self, x) -> np.ndarray:
        r""":math:`D(x) = \sigma(f(x))` for an array of points, as a NumPy array (no gradient).

        Parameters
        ----------
        x : array_like, shape (n, n_inputs)
            Finite points.

        Returns
        -------
        ndarray of float, shape (n,)
            Probabilities in [0, 1], a NumPy array on the CPU whatever the model's device (for a
            tensor on the device with gradients, use ``torch.sigmoid(disc(x))``).

        Raises
        ------
        ValueError
            If ``x`` is empty, contains NaN or inf, or does not have ``n_inputs`` columns.

        Examples
        --------
        >>> Discriminator(n_inputs=2).prob(np.zeros((3, 2))).shape
        (3,)
        """
        if isinstance(x, torch.Tensor):
            x = x.detach().cpu()
        w = next(self.parameters())
        x = torch.as_tensor(as_points(x, "x", dim=self.n_inputs), dtype=w.dtype, device=w.device)
        with torch.no_grad():
            return torch.sigmoid(self(x)).cpu().numpy()


def _device(device) -> torch.device:
    return _default_device() if device is None else torch.device(device)


@contextlib.contextmanager
def _seeded_init(seed: int):
    """Initialise weights from ``seed`` without touching (or depending on) the global RNG."""
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(seed)
        yield


def _discriminator_loss(disc: Discriminator, real: torch.Tensor, fake: torch.Tensor) -> torch.Tensor:
    """-V(D, G) estimated on a batch: binary cross-entropy with real = 1, fake = 0 (nats)."""
    lr, lf = disc(real), disc(fake)
    return (F.binary_cross_entropy_with_logits(lr, torch.ones_like(lr))
            + F.binary_cross_entropy_with_logits(lf, torch.zeros_like(lf)))


def fit_discriminator(real, fake, *, steps: int = 500, n_hidden: int = 32, lr: float = 1e-2,
                      seed: int = 0, show_progress: bool = True, device=None) -> Discriminator:
    r"""Train a discriminator to tell fixed samples ``real`` (label 1) from ``fake`` (label 0).

    .. math:: -V(D, G) = -\frac1n\sum_i \log D(x_i) - \frac1m \sum_j \log\big(1 - D(\tilde x_j)\big)

    minimised by full-batch Adam; with enough samples and capacity D approaches
    :math:`D^* = p_\mathrm{data}/(p_\mathrm{data} + p_g)`. The weights are initialised from
    ``seed`` without using or changing PyTorch's global RNG. On a CPU it trains on one thread
    (:func:`itml.runtime.single_cpu_thread`). Unit of the loss: nats.

    Parameters
    ----------
    real : array_like, shape (n,) or (n, d)
        Real samples.
    fake : array_like, shape (m,) or (m, d)
        Fake samples, with the same number of columns.
    steps : int, default 500
        Adam steps.
    n_hidden : int, default 32
        Width of the discriminator's hidden layers.
    lr : float, default 1e-2
        Adam's learning rate.
    seed : int, default 0
        Seed of the initial weights.
    show_progress : bool, default True
        Show a progress bar.
    device : str or torch.device, optional
        Where to build and train the network; default ``itml.device()``.

    Returns
    -------
    Discriminator
        The trained discriminator, in evaluation mode, on ``device``.

    Raises
    ------
    TypeError
        If ``steps`` or ``n_hidden`` is not an integer.
    ValueError
        If ``real`` or ``fake`` is empty, contains NaN or inf, or their columns differ; or if
        ``steps`` or ``n_hidden`` is not positive.

    References
    ----------
    Goodfellow et al. (2014), `goodfellow2014` in the book's references.

    Examples
    --------
    >>> disc = fit_discriminator(np.ones(20), -np.ones(20), steps=50, show_progress=False)
    >>> bool(disc.prob([[1.0]])[0] > 0.9)
    True
    """
    real = as_points(real, "real")
    fake = as_points(fake, "fake", dim=real.shape[1])
    steps = check_int(steps, "steps", type_error=True)
    seed = check_int(seed, "seed", 0, type_error=True)
    dev = _device(device)
    with _seeded_init(seed):
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
              n_snapshot: int = 1000, show_progress: bool = True, device=None):
    r"""Train a GAN on the points ``x`` with the non-saturating generator loss and Adam.

    .. math:: \min_D\; -V(D, G), \qquad \min_G\; -\mathbb E_z \log D(G(z))

    Each step takes one discriminator step on :math:`-V(D, G)` and one generator step on the
    non-saturating loss (instead of the saturating :math:`\mathbb E_z \log(1 - D(G(z)))`), both
    with Adam (betas 0.5, 0.999). The weights are initialised from ``seed`` and the batches and
    the noise drawn from a local ``torch.Generator`` seeded with ``seed``: PyTorch's global RNG
    is neither used nor changed. Both networks are built and trained on ``device``. On a CPU it
    trains on one thread (:func:`itml.runtime.single_cpu_thread`). Unit of the losses: nats.

    Against the optimal discriminator the non-saturating loss is *not* the JSD of Theorem 1: its
    gradient is that of :math:`D(p_g \,\|\, p_\mathrm{data}) - 2\,\mathrm{JSD}(p_\mathrm{data} \,\|\, p_g)`
    (Arjovsky & Bottou 2017, Theorem 2.5), dominated by the mode-seeking reverse KL.

    Parameters
    ----------
    x : array_like, shape (N,) or (N, d)
        Training points.
    steps : int, default 3000
        Training steps.
    batch_size : int, default 256
        Real and fake points per step.
    n_noise : int, default 8
        Dimension of the generator's noise.
    n_hidden : int, default 64
        Width of the hidden layers of both networks.
    lr : float, default 2e-3
        Adam's learning rate, > 0.
    seed : int, default 0
        Seed of the weights and the noise.
    snapshot_every : int, optional
        Take a snapshot every this many steps (besides step 0 and the last).
    n_snapshot : int, default 1000
        Points per snapshot.
    show_progress : bool, default True
        Show a progress bar.
    device : str or torch.device, optional
        Where to build and train the networks; default ``itml.device()``.

    Returns
    -------
    generator : Generator
        The trained generator, in evaluation mode.
    discriminator : Discriminator
        The trained discriminator, in evaluation mode.
    snapshots : dict of int to ndarray
        Maps a step number to ``n_snapshot`` generated points of shape (n_snapshot, d); the
        same noise is used for every snapshot.

    Raises
    ------
    TypeError
        If ``steps``, ``batch_size``, ``n_snapshot``, ``snapshot_every``, ``n_noise`` or
        ``n_hidden`` is not an integer, or ``lr`` not a real number.
    ValueError
        If one of them is out of range, or ``x`` is empty, contains NaN or inf, or is not
        (N,) or (N, d).

    References
    ----------
    Goodfellow et al. (2014), `goodfellow2014`; Arjovsky & Bottou (2017), `arjovsky2017principled`,
    in the book's references.

    Examples
    --------
    >>> g, d, snaps = train_gan(np.zeros((64, 2)), steps=4, batch_size=16, snapshot_every=2,
    ...                         n_snapshot=10, show_progress=False)
    >>> sorted(snaps), snaps[4].shape
    ([0, 2, 4], (10, 2))
    """
    data = as_points(x, "x")
    steps = check_int(steps, "steps", type_error=True)
    batch_size = check_int(batch_size, "batch_size", type_error=True)
    n_snapshot = check_int(n_snapshot, "n_snapshot", type_error=True)
    if snapshot_every is not None:
        snapshot_every = check_int(snapshot_every, "snapshot_every", type_error=True)
    check_number(lr, "lr", minimum=0, open_min=True, type_error=True)
    seed = check_int(seed, "seed", 0, type_error=True)
    dev = _device(device)
    with _seeded_init(seed):
        gen = Generator(n_noise, n_hidden, data.shape[1]).to(dev)
        disc = Discriminator(data.shape[1], n_hidden).to(dev)
    rng = torch.Generator(device=dev).manual_seed(seed)
    opt_g = torch.optim.Adam(gen.parameters(), lr=lr, betas=(0.5, 0.999))
    opt_d = torch.optim.Adam(disc.parameters(), lr=lr, betas=(0.5, 0.999))
    xt = torch.as_tensor(data, dtype=torch.float32, device=dev)
    z_fixed = torch.randn(n_snapshot, n_noise, device=dev, generator=rng)
    snapshots = {}

    def snap(step):
        with torch.no_grad():
            snapshots[step] = gen(z_fixed).cpu().numpy()

    snap(0)
    with single_cpu_thread(dev):
        for step in progress(range(1, steps + 1), desc="GAN", disable=not show_progress):
            real = xt[torch.randint(len(xt), (batch_size,), device=dev, generator=rng)]
            fake = gen(torch.randn(batch_size, n_noise, device=dev, generator=rng))
            loss_d = _discriminator_loss(disc, real, fake.detach())
            opt_d.zero_grad()
            loss_d.backward()
            opt_d.step()
            logit_fake = disc(gen(torch.randn(batch_size, n_noise, device=dev, generator=rng)))
            loss_g = F.binary_cross_entropy_with_logits(logit_fake, torch.ones_like(logit_fake))
            opt_g.zero_grad()
            loss_g.backward()
            opt_g.step()
            if (snapshot_every is not None and step % snapshot_every == 0) or step == steps:
                snap(step)
    gen.eval()
    disc.eval()
    return gen, disc, snapshots


class ModeCoverage(NamedTuple):
    r"""What :func:`mode_coverage` measures: coverage, sample quality and the share of each mode.

    All three are unitless fractions.

    Examples
    --------
    >>> res = mode_coverage([[0.0, 0.0]], [[0.0, 0.0], [1.0, 0.0]], std=0.1)
    >>> res.coverage, res.high_quality, res.shares.tolist()
    (0.5, 1.0, [1.0, 0.0])
    """

    coverage: float
    """Fraction of the modes that received at least ``min_share`` of the samples."""
    high_quality: float
    """Fraction of the samples within ``n_std`` standard deviations of their nearest mode."""
    shares: np.ndarray
    """Share of all samples that falls near each mode, shape (n_modes,)."""


def mode_coverage(samples, centers, std: float, *, n_std: float = 3.0,
                  min_share: float | None = None) -> ModeCoverage:
    r"""How many modes of a Gaussian mixture a set of samples covers, and how well.

    .. math:: \text{high quality}: \lVert x - c_{k(x)} \rVert \le n_\mathrm{std}\,\sigma, \qquad
              \text{covered}: \frac{\#\{x \text{ high quality near } c_k\}}{N} \ge \text{min\_share}

    with :math:`c_{k(x)}` the mode centre nearest to sample :math:`x`. The default
    ``min_share`` is a quarter of the fair share, :math:`1/(4K)` for :math:`K` modes.
    Unitless (fractions).

    Parameters
    ----------
    samples : array_like, shape (N, d)
        Generated points.
    centers : array_like, shape (K, d)
        The mode centres.
    std : float
        Standard deviation :math:`\sigma` of each mode, > 0.
    n_std : float, default 3.0
        Radius of a mode in standard deviations, > 0.
    min_share : float, optional
        Share of all samples a mode needs to count as covered, in (0, 1]; default :math:`1/(4K)`.

    Returns
    -------
    ModeCoverage
        ``(coverage, high_quality, shares)``.

    Raises
    ------
    TypeError
        If ``std``, ``n_std`` or ``min_share`` is not a real number.
    ValueError
        If ``samples`` or ``centers`` is empty or contains NaN or inf, their columns differ,
        ``std`` or ``n_std`` is not positive and finite, or ``min_share`` is outside (0, 1].

    Examples
    --------
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
    std = check_number(std, "std", minimum=0, open_min=True, type_error=True)
    n_std = check_number(n_std, "n_std", minimum=0, open_min=True, type_error=True)
    n_modes = len(c)
    if min_share is None:
        min_share = 1.0 / (4 * n_modes)
    min_share = check_number(min_share, "min_share", minimum=0, maximum=1, open_min=True, type_error=True)
    dist = np.linalg.norm(x[:, None, :] - c[None, :, :], axis=-1)  # (N, K)
    nearest = dist.argmin(axis=1)
    good = dist[np.arange(len(x)), nearest] <= n_std * std
    shares = np.bincount(nearest[good], minlength=n_modes) / len(x)
    return ModeCoverage(float((shares >= min_share).mean()), float(good.mean()), shares)
