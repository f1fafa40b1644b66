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

import numpy as np  # noqa: F401 (the doctests use it)
import torch
import torch.nn.functional as F
from torch import nn

from ._validation import as_array, check_int, check_number
from .runtime import progress, single_cpu_thread


def _as_tensor(x, name: str, dev=None) -> torch.Tensor:
    """``x`` as a non-empty, finite float tensor (float32 unless already floating).

    Input that is not numbers at all raises ``TypeError``; an empty, NaN or inf input ``ValueError``.
    """
    if torch.is_tensor(x):
        t = x if x.is_floating_point() else x.float()
    else:
        t = torch.as_tensor(as_array(x, name, type_error=True), dtype=torch.float32)
    if t.numel() == 0:
        raise ValueError(f"{name} is empty")
    if torch.isnan(t).any():
        raise ValueError(f"{name} contains NaN")
    if torch.isinf(t).any():
        raise ValueError(f"{name} contains inf")
    return t if dev is None else t.to(dev)


def _model_device_dtype(model: "VAE") -> tuple[torch.device, torch.dtype]:
    p = next(model.parameters())
    return p.device, p.dtype


def _check_batch(model: "VAE", x, name: str = "x") -> torch.Tensor:
    """``x`` validated once, as a tensor of the model's dtype on the model's device.

    Float64 (or integer) input is converted to the model's dtype, so a float32 model accepts
    a float64 batch. The checks synchronise with the device: call this once per batch given
    by a user, never inside a training loop.
    """
    dev, dtype = _model_device_dtype(model)
    x = _as_tensor(x, name).to(device=dev, dtype=dtype)
    if x.ndim != 2 or x.shape[1] != model.n_inputs:
        raise ValueError(f"{name} must have shape (N, {model.n_inputs}), got {tuple(x.shape)}")
    if x.min() < 0 or x.max() > 1:
        raise ValueError(f"{name} must lie in [0, 1] for a Bernoulli likelihood")
    return x


def _check_generator(generator, dev: torch.device):
    if generator is None:
        return None
    if not isinstance(generator, torch.Generator):
        raise TypeError(f"generator must be a torch.Generator or None, got {type(generator).__name__}")
    if generator.device.type != dev.type:
        raise ValueError(f"generator is on {generator.device.type}, the model on {dev.type}")
    return generator


def _randn(shape, like: torch.Tensor, generator=None) -> torch.Tensor:
    return torch.randn(shape, generator=generator, device=like.device, dtype=like.dtype)


def kl_standard_normal(mu, log_var) -> torch.Tensor:
    r"""KL divergence from a diagonal Gaussian to the standard normal prior, one value per row.

    .. math:: D_\mathrm{KL}\big(\mathcal N(\mu, \operatorname{diag}\sigma^2) \,\|\, \mathcal N(0, I)\big)
              = \tfrac12 \sum_j \big(\mu_j^2 + \sigma_j^2 - \log \sigma_j^2 - 1\big)

    The sum runs over the last axis (the latent dimensions). Unit: nats.

    Parameters
    ----------
    mu : array_like or torch.Tensor, shape (..., d)
        Means.
    log_var : array_like or torch.Tensor, same shape as ``mu``
        Log-variances :math:`\log \sigma_j^2`.

    Returns
    -------
    torch.Tensor, shape (...)
        The KL in nats, differentiable when the inputs are tensors that require gradients.

    Raises
    ------
    TypeError
        If ``mu`` or ``log_var`` is not numbers.
    ValueError
        If either is empty or contains NaN or inf, or their shapes differ.

    References
    ----------
    Kingma & Welling (2014), `kingma2014` in the book's references.

    Examples
    --------
    >>> kl_standard_normal(torch.zeros(3, 2), torch.zeros(3, 2))
    tensor([0., 0., 0.])
    """
    mu_t = _as_tensor(mu, "mu")
    lv_t = _as_tensor(log_var, "log_var")
    if mu_t.shape != lv_t.shape:
        raise ValueError(
            f"mu and log_var must have the same shape, got {tuple(mu_t.shape)} and {tuple(lv_t.shape)}"
        )
    return _kl_standard_normal(mu_t, lv_t)


def _kl_standard_normal(mu: torch.Tensor, log_var: torch.Tensor) -> torch.Tensor:
    """The formula of :func:`kl_standard_normal`, unchecked (no host synchronisation)."""
    return 0.5 * (mu.pow(2) + log_var.exp() - log_var - 1.0).sum(dim=-1)


class VAE(nn.Module):
    r"""A variational autoencoder with a Gaussian encoder and a Bernoulli decoder.

    .. math:: q(z \mid x) = \mathcal N\big(\mu(x), \operatorname{diag}\sigma^2(x)\big), \quad
              p(z) = \mathcal N(0, I), \quad
              p(x \mid z) = \prod_j \mathrm{Bernoulli}\big(x_j;\, \sigma(\ell_j(z))\big)

    Encoder: an MLP (two hidden ReLU layers) from ``x`` to :math:`\mu` and
    :math:`\log\sigma^2`; decoder: an MLP from :math:`z` to the *logits* :math:`\ell(z)` of
    independent Bernoulli pixels. Losses built on it (:func:`negative_elbo`,
    :func:`iwae_bound`) are in nats.

    Parameters
    ----------
    n_inputs : int, default 64
        Number of pixels.
    n_hidden : int, default 128
        Width of the hidden layers.
    n_latent : int, default 8
        Dimension of z.

    Raises
    ------
    TypeError
        If a size is not an integer.
    ValueError
        If a size is not positive.

    References
    ----------
    Kingma & Welling (2014), `kingma2014` in the book's references.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> model = VAE(n_inputs=64, n_latent=4)
    >>> logits, mu, log_var = model(torch.zeros(5, 64))
    >>> tuple(logits.shape), tuple(mu.shape)
    ((5, 64), (5, 4))
    """

    def __init__(self, n_inputs: int = 64, n_hidden: int = 128, n_latent: int = 8):
        super().__init__()
        self.n_inputs = check_int(n_inputs, "n_inputs", type_error=True)
        self.n_latent = check_int(n_latent, "n_latent", type_error=True)
        check_int(n_hidden, "n_hidden", type_error=True)
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
        r"""The mean and log-variance of :math:`q(z \mid x)`.

        Parameters
        ----------
        x : torch.Tensor, shape (N, n_inputs)
            Inputs.

        Returns
        -------
        mu, log_var : torch.Tensor, each of shape (N, n_latent)

        Examples
        --------
        >>> [t.shape for t in VAE(n_inputs=4, n_latent=2).encode(torch.zeros(3, 4))]
        [torch.Size([3, 2]), torch.Size([3, 2])]
        """
        mu, log_var = self.encoder(x).chunk(2, dim=-1)
        return mu, log_var

    def decode(self, z: torch.Tensor) -> torch.Tensor:
        r"""The Bernoulli logits :math:`\ell(z)` of :math:`p(x \mid z)`.

        Parameters
        ----------
        z : torch.Tensor, shape (..., n_latent)
            Latent codes.

        Returns
        -------
        torch.Tensor, shape (..., n_inputs)
            Logits; ``torch.sigmoid`` of them are the pixel probabilities.

        Examples
        --------
        >>> VAE(n_inputs=4, n_latent=2).decode(torch.zeros(3, 2)).shape
        torch.Size([3, 4])
        """
        return self.decoder(z)

    @staticmethod
    def reparameterize(mu: torch.Tensor, log_var: torch.Tensor, *, generator=None) -> torch.Tensor:
        r"""A reparameterised sample of :math:`q(z \mid x)`.

        .. math:: z = \mu + \sigma \odot \varepsilon, \qquad \sigma = e^{\log\sigma^2 / 2},
                  \quad \varepsilon \sim \mathcal N(0, I)

        Parameters
        ----------
        mu, log_var : torch.Tensor, same shape
            Mean and log-variance.
        generator : torch.Generator, optional
            The source of :math:`\varepsilon`, on the device of ``mu``; ``None`` (default) draws
            from PyTorch's global generator.

        Returns
        -------
        torch.Tensor, same shape as ``mu``
            The sample, differentiable in ``mu`` and ``log_var``.

        Examples
        --------
        >>> VAE.reparameterize(torch.ones(2), torch.full((2,), -100.0))  # sigma ~ 0: z = mu
        tensor([1., 1.])
        """
        return mu + torch.exp(0.5 * log_var) * _randn(mu.shape, mu, generator)

    def forward(self, x: torch.Tensor, *, generator=None) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
        r"""Decode a *sample* :math:`z \sim q(z \mid x)` (not its mean).

        Parameters
        ----------
        x : torch.Tensor, shape (N, n_inputs)
            Inputs, of the model's dtype and on its device (this method does not check them).
        generator : torch.Generator, optional
            The source of the sample's noise (:meth:`reparameterize`).

        Returns
        -------
        logits : torch.Tensor, shape (N, n_inputs)
            Bernoulli logits of :math:`p(x \mid z)`.
        mu, log_var : torch.Tensor, shape (N, n_latent)
            Parameters of :math:`q(z \mid x)`.

        Examples
        --------
        >>> [t.shape[1] for t in VAE(n_inputs=4, n_latent=2)(torch.zeros(3, 4))]
        [4, 2, 2]
        """
        mu, log_var = self.encode(x)
        return self.decode(self.reparameterize(mu, log_var, generator=generator)), mu, log_var

    @torch.no_grad()
    def sample(self, n: int, *, generator=None) -> torch.Tensor:
        r"""Pixel probabilities of ``n`` images decoded from :math:`z \sim p(z) = \mathcal N(0, I)`.

        .. math:: \hat x = \sigma(\ell(z)), \qquad z \sim \mathcal N(0, I)

        Parameters
        ----------
        n : int
            Number of images, at least 1.
        generator : torch.Generator, optional
            The source of :math:`z`, on the model's device; ``None`` (default) draws from
            PyTorch's global generator.

        Returns
        -------
        torch.Tensor, shape (n, n_inputs)
            Probabilities in (0, 1), of the model's dtype and **on the model's device** (a CUDA
            tensor for a model on a GPU: call ``.cpu()`` before NumPy or matplotlib).

        Raises
        ------
        TypeError
            If ``n`` is not an integer.
        ValueError
            If ``n < 1``.

        Examples
        --------
        >>> VAE(n_inputs=4, n_latent=2).sample(3).shape
        torch.Size([3, 4])
        """
        n = check_int(n, "n", type_error=True)
        dev, dtype = _model_device_dtype(self)
        gen = _check_generator(generator, dev)
        z = torch.randn(n, self.n_latent, device=dev, dtype=dtype, generator=gen)
        return torch.sigmoid(self.decode(z))


class NegativeElbo(NamedTuple):
    r"""The β-weighted loss :math:`D + \beta R` and its two parts, each averaged over the batch.

    Returned by :func:`negative_elbo`. Unit: nats per example.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> out = negative_elbo(VAE(n_inputs=4, n_latent=2), torch.ones(3, 4), beta=0.0)
    >>> bool(torch.isclose(out.loss, out.distortion))
    True
    """

    loss: torch.Tensor
    """:math:`D + \\beta R`, the quantity that training minimises."""
    distortion: torch.Tensor
    """:math:`D = -\\log p(x \\mid z)`, summed over pixels."""
    rate: torch.Tensor
    """:math:`R = D_\\mathrm{KL}(q(z \\mid x) \\,\\|\\, p(z))`, summed over latent dimensions."""


def negative_elbo(model: VAE, x, beta: float = 1.0, *, generator=None) -> NegativeElbo:
    r"""The (β-weighted) negative ELBO of a batch, one reparameterised sample z per example.

    .. math:: \mathcal L_\beta(x) = \underbrace{-\log p(x \mid z)}_{\text{distortion } D}
              + \beta\, \underbrace{D_\mathrm{KL}\big(q(z \mid x) \,\|\, p(z)\big)}_{\text{rate } R},
              \qquad z = \mu(x) + \sigma(x) \odot \varepsilon

    The distortion is the binary cross-entropy from the logits *summed* over pixels, the rate
    is summed over latent dimensions, and both are averaged over the batch; ``beta=1`` gives the
    negative ELBO, an upper bound on :math:`-\log p(x)`. Unit: nats per example.

    Parameters
    ----------
    model : VAE
        The model.
    x : array_like or torch.Tensor, shape (N, n_inputs)
        A batch with entries in [0, 1] (the Bernoulli likelihood), finite.
    beta : float, default 1.0
        Weight of the rate, :math:`\beta \ge 0`.
    generator : torch.Generator, optional
        The source of the reparameterisation noise, on the model's device; ``None`` (default)
        draws from PyTorch's global generator.

    Returns
    -------
    NegativeElbo
        ``(loss, distortion, rate)``, scalar tensors in nats per example.

    Notes
    -----
    ``x`` is converted to the model's dtype (a float64 array works with a float32 model) and
    moved to the model's device. The loss is the negative ELBO of the model whatever ``beta``
    was used to *train* it: ``beta`` only reweights the rate in ``loss``; ``distortion + rate``
    is always the one-sample estimate of :math:`-\mathrm{ELBO}`.

    Raises
    ------
    TypeError
        If ``beta`` is not a real number or ``x`` is not numbers.
    ValueError
        If ``beta`` is negative or not finite, or ``x`` is not a valid batch.

    References
    ----------
    Kingma & Welling (2014), `kingma2014` in the book's references.
    Higgins et al. (2017), `higgins2017` in the book's references.
    Alemi et al. (2018), `alemi2018` in the book's references.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> out = negative_elbo(VAE(n_inputs=4, n_latent=2), torch.ones(3, 4))
    >>> bool(out.loss > 0), bool(torch.isclose(out.loss, out.distortion + out.rate))
    (True, True)
    """
    beta = check_number(beta, "beta", minimum=0, type_error=True)
    x = _check_batch(model, x)
    return _negative_elbo(model, x, beta, _check_generator(generator, x.device))


def _negative_elbo(model: VAE, x: torch.Tensor, beta: float, generator=None) -> NegativeElbo:
    """:func:`negative_elbo` on a batch already checked by :func:`_check_batch` (no host sync)."""
    logits, mu, log_var = model(x, generator=generator)
    distortion = F.binary_cross_entropy_with_logits(logits, x, reduction="none").sum(dim=1).mean()
    rate = _kl_standard_normal(mu, log_var).mean()
    return NegativeElbo(distortion + beta * rate, distortion, rate)


@torch.no_grad()
def iwae_bound(model: VAE, x, k: int = 100, *, generator=None, max_elements: int = 2**22) -> torch.Tensor:
    r"""The importance-weighted lower bound on :math:`\log p(x)` with ``k`` samples, per example.

    .. math:: \mathcal L_k(x) = \log \frac1k \sum_{i=1}^k
              \frac{p(x \mid z_i)\, p(z_i)}{q(z_i \mid x)}, \qquad z_i \sim q(z \mid x)

    computed with ``torch.logsumexp`` (stable). :math:`\mathbb E\,\mathcal L_1` is the ELBO;
    :math:`\mathbb E\,\mathcal L_k` grows with ``k`` and tends to :math:`\log p(x)`. Computed
    without gradients. Unit: nats.

    The ``k`` samples are processed in chunks (and the examples in blocks) so that no
    intermediate array of shape (samples, examples, n_inputs) has more than ``max_elements``
    entries; the log-weights of the chunks are combined with one more ``logsumexp``, so the
    result does not depend on the chunking except through the random draws.

    Parameters
    ----------
    model : VAE
        The model.
    x : array_like or torch.Tensor, shape (N, n_inputs)
        A batch with entries in [0, 1] (the Bernoulli likelihood), finite.
    k : int, default 100
        Number of importance samples, at least 1.
    generator : torch.Generator, optional
        The source of the samples, on the model's device; ``None`` (default) draws from
        PyTorch's global generator.
    max_elements : int, default 2**22
        Memory budget: the most entries of one (samples, examples, n_inputs) block, at least
        ``n_inputs`` (one sample of one example at a time).

    Returns
    -------
    torch.Tensor, shape (N,)
        :math:`\mathcal L_k(x)` in nats for each example.

    Raises
    ------
    TypeError
        If ``k`` is not an integer (a float such as 2.5 included) or ``x`` is not numbers.
    ValueError
        If ``k < 1``, ``max_elements < n_inputs`` or ``x`` is not a valid batch.

    References
    ----------
    Burda, Grosse & Salakhutdinov (2016), `burda2016` in the book's references.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> iwae_bound(VAE(n_inputs=4, n_latent=2), torch.ones(3, 4), k=10).shape
    torch.Size([3])
    """
    k = check_int(k, "k", type_error=True)
    width = max(model.n_inputs, model.n_latent)
    max_elements = check_int(max_elements, "max_elements", width, type_error=True)
    x = _check_batch(model, x)
    gen = _check_generator(generator, x.device)
    rows = min(len(x), max_elements // width)  # examples per block
    out = []
    for start in range(0, len(x), rows):
        xb = x[start:start + rows]
        chunk = max(1, min(k, max_elements // (width * len(xb))))  # samples per chunk
        mu, log_var = model.encode(xb)
        std = torch.exp(0.5 * log_var)
        log_2pi = math.log(2 * math.pi)
        parts = []
        for done in range(0, k, chunk):
            c = min(chunk, k - done)
            eps = _randn((c, *mu.shape), mu, gen)
            z = mu + std * eps  # (c, rows, latent)
            logits = model.decode(z)  # (c, rows, inputs)
            log_px_z = -F.binary_cross_entropy_with_logits(
                logits, xb.expand_as(logits), reduction="none").sum(dim=-1)
            log_pz = -0.5 * (z.pow(2) + log_2pi).sum(dim=-1)
            log_qz = -0.5 * (eps.pow(2) + log_var + log_2pi).sum(dim=-1)
            parts.append(torch.logsumexp(log_px_z + log_pz - log_qz, dim=0))  # (rows,)
        out.append(torch.logsumexp(torch.stack(parts), dim=0) - math.log(k))
    return torch.cat(out)


def train_vae(model: VAE, x_train, *, epochs: int = 100, batch_size: int = 64, lr: float = 1e-3,
              beta: float = 1.0, seed: int = 0, show_progress: bool = True) -> list[float]:
    r"""Train ``model`` with Adam on the β-weighted negative ELBO (:func:`negative_elbo`).

    .. math:: \min_\theta\; \frac1N \sum_n \mathcal L_\beta(x_n)

    The model trains where it is: on its current device and in its dtype (move it first, e.g.
    ``model.to(itml.device())``); the data are converted and moved there once, validated once
    before the loop (no host synchronisation per mini-batch). On a CPU it trains on one thread
    (:func:`itml.runtime.single_cpu_thread`). The batch order and the reparameterisation noise
    come from a local ``torch.Generator`` seeded with ``seed``, so the global random state is
    neither used nor changed. Unit of the losses: nats per example.

    Parameters
    ----------
    model : VAE
        The model, trained in place.
    x_train : array_like or torch.Tensor, shape (N, n_inputs)
        Training data in [0, 1], any float or integer dtype.
    epochs : int, default 100
        Passes over the data.
    batch_size : int, default 64
        Mini-batch size.
    lr : float, default 1e-3
        Adam's learning rate, > 0.
    beta : float, default 1.0
        Weight of the rate, >= 0.
    seed : int, default 0
        Seed of the batch order and of the reparameterisation noise.
    show_progress : bool, default True
        Show a progress bar.

    Returns
    -------
    list of float
        The mean training loss of each epoch (nats per example).

    Raises
    ------
    TypeError
        If ``beta``, ``epochs``, ``batch_size`` or ``lr`` has the wrong type, or ``x_train``
        is not numbers.
    ValueError
        If one of them is out of range, or ``x_train`` is not a valid batch.

    References
    ----------
    Kingma & Welling (2014), `kingma2014` in the book's references.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> hist = train_vae(VAE(n_inputs=4, n_latent=2), np.ones((8, 4)), epochs=2, show_progress=False)
    >>> len(hist)
    2
    """
    beta = check_number(beta, "beta", minimum=0, type_error=True)
    epochs = check_int(epochs, "epochs", type_error=True)
    batch_size = check_int(batch_size, "batch_size", type_error=True)
    check_number(lr, "lr", minimum=0, open_min=True, type_error=True)
    seed = check_int(seed, "seed", 0, type_error=True)
    x = _check_batch(model, x_train, "x_train")  # once: converted to the model's dtype and device
    dev = x.device
    gen = torch.Generator(device=dev).manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    history = []
    bar = progress(range(epochs), desc=f"VAE β={beta:g}", disable=not show_progress)
    with single_cpu_thread(dev):
        for _ in bar:
            model.train()
            perm = torch.randperm(len(x), generator=gen, device=dev)
            total = torch.zeros((), device=dev, dtype=x.dtype)
            for start in range(0, len(x), batch_size):
                batch = x[perm[start:start + batch_size]]
                out = _negative_elbo(model, batch, beta, gen)
                opt.zero_grad()
                out.loss.backward()
                opt.step()
                total += out.loss.detach() * len(batch)
            history.append(total.item() / len(x))  # one host sync per epoch
            bar.set_postfix(loss=f"{history[-1]:.2f}", refresh=False)
    model.eval()
    return history
