r"""Bits-back coding with a VAE (BB-ANS): lossless compression at the rate of the negative ELBO.

A latent-variable model :math:`p(x) = \int p(x \mid z)\, p(z)\, dz` gives no code length for
:math:`x` directly. Coding :math:`z` and then :math:`x` given :math:`z` costs
:math:`-\log p(z) - \log p(x \mid z)`, more than :math:`-\log p(x)`. Bits-back coding (Frey &
Hinton 1997) gets back the bits spent on the *choice* of :math:`z`: the encoder picks
:math:`z` by *decoding* it from the bits already in the message with the posterior
:math:`q(z \mid x)`, which removes :math:`-\log q(z \mid x)` bits from the message; the receiver,
once it has :math:`x`, re-encodes :math:`z` with :math:`q(z \mid x)` and so recovers those bits.
Per image the message grows on average by

.. math:: \mathbb E_{q(z \mid x)}\big[-\log p(x \mid z) - \log p(z) + \log q(z \mid x)\big]
          = -\mathrm{ELBO}(x),

which needs a coder that can decode before it encodes: a stack, rANS
(:class:`itml.coding.ANSStack`), as Townsend, Bird & Barber (2019) showed. Here the latents are
discretised as BB-ANS does: each coordinate of :math:`z` falls in one of :math:`2^k` buckets of
equal prior mass, :math:`[\Phi^{-1}(j / 2^k), \Phi^{-1}((j + 1) / 2^k))`, so the prior over a
bucket is exactly :math:`2^{-k}` and a bucket stands for its prior-mass midpoint
:math:`\Phi^{-1}((j + \tfrac12) / 2^k)`. Unit of every length here: bits.

The receiver must recompute the model's probabilities bit for bit: encoder and decoder here run
the same network on one image at a time on the same machine. A codec that travels between
machines needs arithmetic that is the same everywhere (integer or fixed-point networks).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch
from scipy import special

from ._validation import as_array, check_int
from .coding import ANSStack, rans_frequencies
from .runtime import single_cpu_thread

__all__ = ["BitsBackCode", "bucket_centres", "decode", "encode", "initial_message", "posterior_bucket_probs"]


def _check_latent_bits(latent_bits) -> int:
    return check_int(latent_bits, "latent_bits", 1, high=16, type_error=True)


def bucket_centres(latent_bits: int = 12) -> np.ndarray:
    r"""The latent value each bucket stands for: the midpoint of its prior mass.

    .. math:: \hat z_j = \Phi^{-1}\big((j + \tfrac12) / 2^k\big), \qquad j = 0, \dots, 2^k - 1

    Parameters
    ----------
    latent_bits : int, default 12
        k, the bits per latent coordinate, in [1, 16].

    Returns
    -------
    ndarray of float64, shape (2**k,)

    Raises
    ------
    TypeError
        If ``latent_bits`` is not an integer.
    ValueError
        If ``latent_bits`` is outside [1, 16].

    Examples
    --------
    >>> bucket_centres(1).round(4).tolist()
    [-0.6745, 0.6745]
    """
    k = _check_latent_bits(latent_bits)
    return special.ndtri((np.arange(1 << k) + 0.5) / (1 << k))


def posterior_bucket_probs(mu, std, latent_bits: int = 12) -> np.ndarray:
    r"""The mass :math:`Q_i(j)` that :math:`q(z_i \mid x) = \mathcal N(\mu_i, \sigma_i^2)` puts on each bucket.

    .. math:: Q_i(j) = \Phi\Big(\frac{e_{j+1} - \mu_i}{\sigma_i}\Big) - \Phi\Big(\frac{e_j - \mu_i}{\sigma_i}\Big),
              \qquad e_j = \Phi^{-1}(j / 2^k)

    clipped at 0 and renormalised.

    Parameters
    ----------
    mu, std : array_like, shape (d,)
        Mean and standard deviation (> 0) of each latent coordinate.
    latent_bits : int, default 12
        k, the bits per latent coordinate, in [1, 16].

    Returns
    -------
    ndarray of float64, shape (d, 2**k)
        One distribution over buckets per coordinate.

    Raises
    ------
    TypeError
        If ``latent_bits`` is not an integer or ``mu``, ``std`` are not numbers.
    ValueError
        If ``mu`` and ``std`` differ in shape, are not finite, or ``std`` is not positive.

    Examples
    --------
    >>> posterior_bucket_probs([0.0], [1.0], latent_bits=2).round(6).tolist()  # q = p: uniform
    [[0.25, 0.25, 0.25, 0.25]]
    """
    k = _check_latent_bits(latent_bits)
    mu = as_array(mu, "mu", type_error=True).reshape(-1)
    std = as_array(std, "std", type_error=True).reshape(-1)
    if mu.shape != std.shape:
        raise ValueError(f"mu and std must have the same shape, got {mu.shape} and {std.shape}")
    if not (np.isfinite(mu).all() and np.isfinite(std).all()) or std.min() <= 0:
        raise ValueError("mu must be finite and std finite and positive")
    return _bucket_probs(mu, std, _bucket_edges(k))


def _bucket_edges(k: int) -> np.ndarray:
    return special.ndtri(np.arange((1 << k) + 1) / (1 << k))  # -inf .. inf


def _bucket_probs(mu: np.ndarray, std: np.ndarray, edges: np.ndarray) -> np.ndarray:
    # One CDF per edge. Far in a tail the difference loses relative accuracy, but only below
    # about 1e-16 absolute, far under one count in 2**32: the quantised frequencies do not notice.
    q = np.diff(special.ndtr((edges[None, :] - mu[:, None]) / std[:, None]), axis=1)
    np.clip(q, 0.0, None, out=q)
    return q / q.sum(axis=1, keepdims=True)


def initial_message(n_words: int = 4, *, seed: int = 0, precision: int = 32) -> ANSStack:
    r"""A message of random bits to start bits-back coding from: ``n_words`` words and a random state.

    The first image has nothing to pop its latents from; these bits pay for it. They hold
    :math:`32\,n + \log_2(x / L)` bits (:attr:`itml.coding.ANSStack.bits`), counted once for the
    whole set and returned to the receiver at the end.

    Parameters
    ----------
    n_words : int, default 4
        Random 32-bit words, >= 0.
    seed : int, default 0
        Seed of the bits.
    precision : int, default 32
        The rANS precision, in [8, 48].

    Returns
    -------
    ANSStack

    Raises
    ------
    TypeError
        If an argument is not an integer.
    ValueError
        If ``n_words`` or ``seed`` is negative or ``precision`` out of range.

    Examples
    --------
    >>> 128 < initial_message(4).bits <= 160
    True
    """
    n_words = check_int(n_words, "n_words", 0, type_error=True)
    seed = check_int(seed, "seed", 0, type_error=True)
    stack = ANSStack(precision)
    rng = np.random.default_rng(seed)
    stack.words = rng.integers(0, 1 << 32, size=n_words, dtype=np.uint64).astype(np.int64).tolist()
    low = stack.state
    span = (low << 32) - low
    stack.state = low + int.from_bytes(rng.bytes((stack.precision + 64) // 8 + 8), "big") % span  # in [L, 2^32 L)
    return stack


class BitsBackCode(NamedTuple):
    """The result of :func:`encode`. Unit: bits."""

    message: ANSStack
    """The final message (``message.to_bytes()`` is the file)."""
    initial_bits: float
    """Bits held by the initial message (:func:`initial_message`), paid once for the set."""
    bits_per_image: np.ndarray
    """How much each image made the message grow, in coding order."""
    pixel_bits: np.ndarray
    """Per image, the bits of its pixels under :math:`p(x \\mid \\hat z)`, the distortion, in bits."""
    latent_bits: np.ndarray
    """Per image, the net bits of its latents, :math:`k d` pushed under the prior minus the bits
    popped with :math:`q(z \\mid x)`; on average the rate :math:`D(q \\| p)` in bits."""

    @property
    def net_bits(self) -> float:
        """The bits the images added to the message, ``message.bits - initial_bits``."""
        return self.message.bits - self.initial_bits


def _check_images(model, images) -> np.ndarray:
    x = np.asarray(images)
    if x.ndim != 2 or x.shape[1] != model.n_inputs:
        raise ValueError(f"images must have shape (N, {model.n_inputs}), got {x.shape}")
    if x.size and not np.isin(x, (0, 1)).all():
        raise ValueError("images must be binary (0 or 1 pixels)")
    return x.astype(np.int64)


def _device(model):
    return next(model.parameters()).device


def _q_freqs(model, x_row: np.ndarray, edges: np.ndarray, precision: int) -> np.ndarray:
    dev = _device(model)
    mu, log_var = model.encode(torch.as_tensor(x_row[None], dtype=torch.float32, device=dev))
    mu = mu[0].double().cpu().numpy()
    std = np.exp(0.5 * log_var[0].double().cpu().numpy())
    return rans_frequencies(_bucket_probs(mu, std, edges), precision)


def _x_freqs(model, z_hat: np.ndarray, precision: int) -> np.ndarray:
    dev = _device(model)
    logits = model.decode(torch.as_tensor(z_hat[None], dtype=torch.float32, device=dev))[0]
    p1 = special.expit(logits.double().cpu().numpy())
    return rans_frequencies(np.stack([1.0 - p1, p1], axis=1), precision)


def encode(model, images, *, latent_bits: int = 12, precision: int = 32, message: ANSStack | None = None,
           n_initial_words: int = 4, seed: int = 0) -> BitsBackCode:
    r"""Bits-back code ``images`` one after the other into one rANS message.

    For each image x: **pop** the latent buckets from the message with :math:`q(z \mid x)`
    (:func:`posterior_bucket_probs`), **push** x under :math:`p(x \mid \hat z)` (independent
    Bernoulli pixels), **push** the buckets under the prior (:math:`2^{-k}` each). The message
    grows by :math:`-\log_2 p(x \mid \hat z) + k d + \log_2 Q(j \mid x)` bits, whose average over
    the buckets is the discretised negative ELBO in bits.

    Parameters
    ----------
    model : itml.vae.VAE
        A trained VAE with a Bernoulli decoder (``encode``, ``decode``, ``n_inputs``,
        ``n_latent``); used in eval mode without gradients.
    images : array_like, shape (N, n_inputs)
        Binary images.
    latent_bits : int, default 12
        k, buckets per latent coordinate :math:`2^k`, in [1, 16].
    precision : int, default 32
        rANS precision b, in [8, 48]; needs :math:`2^k < 2^{b - 1}`.
    message : ANSStack, optional
        The message to code into (copied, not changed); default :func:`initial_message`.
    n_initial_words, seed : int
        Size and seed of the default initial message.

    Returns
    -------
    BitsBackCode
        The message, the initial bits, and per image the growth and its two parts.

    Raises
    ------
    ValueError
        If ``images`` is not binary of the right width, an argument is out of range, or the
        initial message is too short to pop the first latents from.

    References
    ----------
    Frey & Hinton (1997), `frey1997`; Townsend, Bird & Barber (2019), `townsend2019`, in the
    book's references.

    Examples
    --------
    >>> from itml.vae import VAE
    >>> _ = torch.manual_seed(0)
    >>> model = VAE(n_inputs=4, n_hidden=8, n_latent=2).eval()
    >>> x = np.array([[0, 1, 1, 0], [1, 1, 1, 1]])
    >>> code = encode(model, x, latent_bits=8)
    >>> decode(model, code.message, 2, latent_bits=8)[0].tolist() == x.tolist()
    True
    """
    k = _check_latent_bits(latent_bits)
    x = _check_images(model, images)
    stack = (initial_message(n_initial_words, seed=seed, precision=precision) if message is None
             else message.copy())
    if (1 << k) >= 1 << (stack.precision - 1):
        raise ValueError(f"precision={stack.precision} is too small for latent_bits={k}")
    centres, edges = bucket_centres(k), _bucket_edges(k)
    prior = np.full((model.n_latent, 1 << k), 1 << (stack.precision - k), dtype=np.int64)
    start = stack.bits
    grown, pixels, latents = np.empty(len(x)), np.empty(len(x)), np.empty(len(x))
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad(), single_cpu_thread(_device(model)):
            for i, row in enumerate(x):
                before = stack.bits
                buckets = stack.pop_freqs(_q_freqs(model, row, edges, stack.precision))
                popped = stack.bits
                stack.push_freqs(row, _x_freqs(model, centres[buckets], stack.precision))
                pushed_x = stack.bits
                stack.push_freqs(buckets, prior)
                grown[i] = stack.bits - before
                pixels[i] = pushed_x - popped
                latents[i] = (stack.bits - pushed_x) - (before - popped)
    finally:
        model.train(was_training)
    return BitsBackCode(stack, start, grown, pixels, latents)


def decode(model, message, n_images: int, *, latent_bits: int = 12, precision: int = 32):
    r"""Invert :func:`encode`: the ``n_images`` images, and the message they were coded into.

    For each image, last coded first: **pop** the buckets under the prior, **pop** x under
    :math:`p(x \mid \hat z)`, **push** the buckets back with :math:`q(z \mid x)`, which returns
    the bits the encoder borrowed. After all images the message is the initial message again,
    bit for bit.

    Parameters
    ----------
    model : itml.vae.VAE
        The encoder's model, unchanged.
    message : ANSStack or bytes
        The message from :func:`encode` (or its ``to_bytes()``).
    n_images : int
        Number of images to decode, >= 0.
    latent_bits, precision : int
        As in :func:`encode`.

    Returns
    -------
    images : ndarray of int64, shape (n_images, n_inputs)
        In the order they were coded.
    message : ANSStack
        What is left: the initial message when every image has been decoded.

    Raises
    ------
    TypeError
        If ``n_images`` is not an integer.
    ValueError
        If ``message`` is not a message or an argument is out of range.

    References
    ----------
    Townsend, Bird & Barber (2019), `townsend2019` in the book's references.

    Examples
    --------
    >>> from itml.vae import VAE
    >>> _ = torch.manual_seed(0)
    >>> model = VAE(n_inputs=4, n_hidden=8, n_latent=2).eval()
    >>> code = encode(model, np.ones((3, 4), dtype=int), latent_bits=8)
    >>> images, rest = decode(model, code.message.to_bytes(), 3, latent_bits=8)
    >>> images.sum(), rest == initial_message()
    (np.int64(12), True)
    """
    k = _check_latent_bits(latent_bits)
    n_images = check_int(n_images, "n_images", 0, type_error=True)
    stack = (message.copy() if isinstance(message, ANSStack)
             else ANSStack.from_bytes(message, precision))
    centres, edges = bucket_centres(k), _bucket_edges(k)
    prior = np.full((model.n_latent, 1 << k), 1 << (stack.precision - k), dtype=np.int64)
    out = np.empty((n_images, model.n_inputs), dtype=np.int64)
    was_training = model.training
    model.eval()
    try:
        with torch.no_grad(), single_cpu_thread(_device(model)):
            for i in range(n_images - 1, -1, -1):
                buckets = stack.pop_freqs(prior)
                row = stack.pop_freqs(_x_freqs(model, centres[buckets], stack.precision))
                stack.push_freqs(buckets, _q_freqs(model, row, edges, stack.precision))
                out[i] = row
    finally:
        model.train(was_training)
    return out, stack
