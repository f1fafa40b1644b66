r"""Denoising diffusion (DDPM) for small data sets: schedule, forward process, model, sampler.

Notation of Ho et al. (2020). Steps are numbered as in the paper, t = 1, ..., T, and
array indices follow the same numbering:

* ``betas`` has shape (T,) and ``betas[t - 1]`` is :math:`\beta_t`;
* ``alpha_bar`` has shape (T + 1,) and ``alpha_bar[t]`` is
  :math:`\bar\alpha_t = \prod_{s \le t} (1 - \beta_s)`, with ``alpha_bar[0] = 1`` (clean data).

Everything trains in seconds on a CPU. The functions run on the device and in the dtype of the
model they are given (build it on ``itml.device()``); data are converted to the model's dtype and
moved to its device, and the tensors returned lie there too.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from ._validation import as_array, as_finite, check_int, check_number, log_base
from .runtime import progress, single_cpu_thread

__all__ = [
    "linear_beta_schedule",
    "alpha_bar_from_betas",
    "q_sample",
    "sinusoidal_embedding",
    "EpsilonMLP",
    "train_ddpm",
    "sample",
    "variational_bound",
    "gaussian_mi",
]


# ----------------------------------------------------------------------------- checks

def _check_finite(x: torch.Tensor, name: str) -> None:
    if not torch.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or inf")


def _as_float_tensor(x, name: str) -> torch.Tensor:
    if not isinstance(x, torch.Tensor):
        x = torch.as_tensor(as_array(x, name, type_error=True), dtype=torch.float32)
    if not x.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got {x.dtype}")
    if x.numel() == 0:
        raise ValueError(f"{name} is empty")
    _check_finite(x, name)
    return x


def _check_alpha_bar(alpha_bar) -> torch.Tensor:
    ab = _as_float_tensor(alpha_bar, "alpha_bar")
    if ab.ndim != 1 or len(ab) < 2:
        raise ValueError(f"alpha_bar must be 1-D of length T + 1 >= 2, got shape {tuple(ab.shape)}")
    if ab[0] != 1 or (ab[1:] <= 0).any() or (ab[1:] >= 1).any() or (ab[1:] > ab[:-1]).any():
        raise ValueError(
            "alpha_bar must start at 1 and decrease within (0, 1): use alpha_bar_from_betas"
        )
    return ab


def _check_betas(betas) -> torch.Tensor:
    b = _as_float_tensor(betas, "betas")
    if b.ndim != 1:
        raise ValueError(f"betas must be 1-D of length T, got shape {tuple(b.shape)}")
    if (b <= 0).any() or (b >= 1).any():
        raise ValueError("betas must lie strictly between 0 and 1")
    return b


def _alpha_bar64(b: torch.Tensor) -> torch.Tensor:
    """alpha_bar[t] for t = 0..T in float64, on the CPU (``alpha_bar_from_betas`` rounds it to float32)."""
    b = b.detach().double().cpu()
    return torch.cat([b.new_ones(1), torch.cumprod(1 - b, dim=0)])


def _check_steps(t, batch: int, n_steps: int, *, lowest: int = 0) -> torch.Tensor:
    """``t`` as an int64 tensor of shape (batch,) with entries in [lowest, n_steps]."""
    if isinstance(t, (int, np.integer)) and not isinstance(t, bool):
        t = torch.full((batch,), int(t), dtype=torch.long)
    if not isinstance(t, torch.Tensor) or t.is_floating_point() or t.is_complex() or t.dtype == torch.bool:
        raise TypeError(f"t must be an integer or an integer tensor, got {type(t).__name__}")
    if t.shape != (batch,):
        raise ValueError(f"t must have shape ({batch},), one step per example, got {tuple(t.shape)}")
    if batch and (t.min() < lowest or t.max() > n_steps):
        raise ValueError(
            f"t must lie in [{lowest}, {n_steps}], got values in [{int(t.min())}, {int(t.max())}]"
        )
    return t.long()


# -------------------------------------------------------------------------- schedule

def linear_beta_schedule(n_steps: int = 1000, beta_start: float | None = None,
                         beta_end: float | None = None) -> torch.Tensor:
    r"""The linear noise schedule :math:`\beta_1, \ldots, \beta_T` of Ho et al. (2020).

    .. math:: \beta_t = \beta_{\text{start}} + \frac{t - 1}{T - 1}(\beta_{\text{end}} - \beta_{\text{start}})

    By default the paper's :math:`\beta_1 = 10^{-4}` and :math:`\beta_T = 0.02` for T = 1000, both
    multiplied by 1000 / T for other T. That keeps the sum of the betas (10.05), but not
    :math:`\bar\alpha_T = \prod_t (1 - \beta_t)`: :math:`\log(1 - \beta) < -\beta`, and the
    difference grows with :math:`\beta`, so :math:`\bar\alpha_T` is :math:`4.0 \times 10^{-5}` for
    T = 1000 but :math:`2.0 \times 10^{-5}` for T = 100. Fewer, larger steps are also coarser:
    with :math:`\beta_T = 0.2` (T = 100) a Gaussian reverse step
    :math:`p_\theta(x_{t-1} \mid x_t)` approximates the true reverse conditional less well, which
    loosens the variational bound (:func:`variational_bound`). Unitless (variances of data scaled to
    unit variance).

    Parameters
    ----------
    n_steps : int, default 1000
        T, at least 1.
    beta_start : float, optional
        :math:`\beta_1`, in (0, 1); default :math:`10^{-4} \cdot 1000 / T`.
    beta_end : float, optional
        :math:`\beta_T`, in (0, 1); default :math:`0.02 \cdot 1000 / T` (which needs T > 20).

    Returns
    -------
    torch.Tensor of float32, shape (T,)
        The betas.

    Raises
    ------
    TypeError
        If ``n_steps`` is not an integer, or ``beta_start`` or ``beta_end`` is not a real number.
    ValueError
        If ``n_steps < 1``; if ``beta_start`` or ``beta_end`` is outside (0, 1); if the default
        ``beta_end`` would be >= 1 (T <= 20); or if ``beta_start > beta_end``.

    References
    ----------
    Ho, Jain & Abbeel (2020), `ho2020` in the book's references.

    Examples
    --------
    >>> linear_beta_schedule(1000)[[0, -1]]
    tensor([1.0000e-04, 2.0000e-02])
    >>> linear_beta_schedule(100)[[0, -1]]
    tensor([0.0010, 0.2000])
    """
    n = check_int(n_steps, "n_steps", type_error=True)
    if beta_start is None:
        start = 1e-4 * 1000 / n
    else:
        start = check_number(beta_start, "beta_start", minimum=0, maximum=1, open_min=True,
                             open_max=True, type_error=True)
    if beta_end is None:
        end = 0.02 * 1000 / n
        if not end < 1:
            raise ValueError(
                f"n_steps must exceed 20 for the default beta_end (0.02 * 1000 / n_steps = {end:g}); "
                "pass beta_end for fewer steps"
            )
    else:
        end = check_number(beta_end, "beta_end", minimum=0, maximum=1, open_min=True,
                           open_max=True, type_error=True)
    if start > end:
        raise ValueError(f"beta_start must not exceed beta_end, got {start!r} > {end!r}")
    return torch.linspace(start, end, n, dtype=torch.float64).float()


def alpha_bar_from_betas(betas) -> torch.Tensor:
    r"""The signal fractions :math:`\bar\alpha_t` for t = 0, ..., T.

    .. math:: \bar\alpha_t = \prod_{s=1}^{t} (1 - \beta_s), \qquad \bar\alpha_0 = 1

    The product is taken in float64. Unitless.

    Parameters
    ----------
    betas : array_like or torch.Tensor, shape (T,)
        The noise schedule, ``betas[t - 1]`` is :math:`\beta_t`, each in (0, 1).

    Returns
    -------
    torch.Tensor of float32, shape (T + 1,)
        ``alpha_bar[t]`` is :math:`\bar\alpha_t`, with ``alpha_bar[0] = 1``.

    Raises
    ------
    TypeError
        If ``betas`` is not numbers or is a tensor that is not floating-point.
    ValueError
        If ``betas`` is empty, not 1-D, contains NaN or inf, or has an entry outside (0, 1).

    References
    ----------
    Ho, Jain & Abbeel (2020), `ho2020` in the book's references.

    Examples
    --------
    >>> alpha_bar_from_betas(torch.tensor([0.5, 0.5]))
    tensor([1.0000, 0.5000, 0.2500])
    """
    b = _check_betas(betas).double()
    return torch.cat([b.new_ones(1), torch.cumprod(1 - b, dim=0)]).float()


# -------------------------------------------------------------------- forward process

def q_sample(x0, t, noise, alpha_bar) -> torch.Tensor:
    r"""Draw :math:`x_t \sim q(x_t \mid x_0)` in closed form.

    .. math:: x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1 - \bar\alpha_t}\, \varepsilon,
              \qquad \varepsilon \sim \mathcal N(0, I)

    :math:`\bar\alpha_t` is reshaped to (B, 1, ..., 1) so that it scales example b, never
    feature b. Same unit as ``x0``.

    Parameters
    ----------
    x0 : array_like or torch.Tensor, shape (B, ...)
        Clean data, any trailing shape, finite.
    t : int or torch.Tensor of int, shape (B,)
        The step of each example, in 0..T (one int: the same step for all).
    noise : array_like or torch.Tensor, same shape as ``x0``
        The noise :math:`\varepsilon`.
    alpha_bar : array_like or torch.Tensor, shape (T + 1,)
        :math:`\bar\alpha_0 = 1, \ldots, \bar\alpha_T`, decreasing within (0, 1)
        (:func:`alpha_bar_from_betas`).

    Returns
    -------
    torch.Tensor, same shape as ``x0``
        :math:`x_t`.

    Raises
    ------
    TypeError
        If ``x0``, ``noise`` or ``alpha_bar`` is not numbers or is a tensor that is not
        floating-point, or ``t`` is not an integer or an integer tensor.
    ValueError
        If ``alpha_bar`` does not start at 1 and decrease within (0, 1); if an input is empty
        or contains NaN or inf; if ``noise`` does not have the shape of ``x0``; if ``t`` does
        not have one step per example or lies outside 0..T.

    References
    ----------
    Ho, Jain & Abbeel (2020), `ho2020` in the book's references.

    Examples
    --------
    >>> ab = torch.tensor([1.0, 0.25])
    >>> q_sample(torch.ones(3, 2), torch.tensor([0, 1, 1]), torch.zeros(3, 2), ab)
    tensor([[1.0000, 1.0000],
            [0.5000, 0.5000],
            [0.5000, 0.5000]])
    """
    ab = _check_alpha_bar(alpha_bar)
    x0 = _as_float_tensor(x0, "x0")
    noise = _as_float_tensor(noise, "noise")
    if noise.shape != x0.shape:
        raise ValueError(
            f"noise must have the shape of x0 {tuple(x0.shape)}, got {tuple(noise.shape)}"
        )
    t = _check_steps(t, x0.shape[0], len(ab) - 1).to(ab.device)
    a = ab[t].to(x0.device).reshape(-1, *([1] * (x0.ndim - 1)))
    return a.sqrt() * x0 + (1 - a).sqrt() * noise


def sinusoidal_embedding(t, dim: int, max_period: float = 10_000.0) -> torch.Tensor:
    r"""Sinusoidal embedding of the step t, as for positions in a transformer.

    .. math:: e(t) = \big(\sin(t\,\omega_0), \ldots, \sin(t\,\omega_{k-1}),
              \cos(t\,\omega_0), \ldots, \cos(t\,\omega_{k-1})\big),
              \qquad \omega_j = P^{-j/k},\; k = \text{dim}/2

    with P = ``max_period``. A deterministic, smooth function of t, distinct for every step.
    Unitless.

    Parameters
    ----------
    t : int, float or torch.Tensor, shape (B,)
        The steps.
    dim : int
        Embedding width, positive and even.
    max_period : float, default 10000.0
        P, > 1.

    Returns
    -------
    torch.Tensor, shape (B, dim)
        The embeddings (B = 1 for a number ``t``).

    Raises
    ------
    TypeError
        If ``dim`` is not an integer, ``max_period`` not a real number, or ``t`` neither a
        number nor a (non-boolean) tensor.
    ValueError
        If ``dim`` is not positive or is odd, ``max_period <= 1``, ``t`` is not 1-D, or ``t``
        contains NaN or inf.

    References
    ----------
    Vaswani et al. (2017), `vaswani2017` in the book's references.

    Examples
    --------
    >>> sinusoidal_embedding(torch.tensor([0, 1]), 4)
    tensor([[0.0000, 0.0000, 1.0000, 1.0000],
            [0.8415, 0.0100, 0.5403, 0.9999]])
    """
    dim = check_int(dim, "dim", type_error=True)
    if dim % 2:
        raise ValueError(f"dim must be even (sines and cosines in pairs), got {dim}")
    max_period = check_number(max_period, "max_period", minimum=1, open_min=True, type_error=True)
    if isinstance(t, (int, float, np.integer, np.floating)) and not isinstance(t, bool):
        t = torch.tensor([t])
    if not isinstance(t, torch.Tensor) or t.dtype == torch.bool:
        raise TypeError(f"t must be a number or a 1-D tensor of steps, got {type(t).__name__}")
    if t.ndim != 1:
        raise ValueError(f"t must be a number or a 1-D tensor of steps, got shape {tuple(t.shape)}")
    t = t.float()
    _check_finite(t, "t")
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, device=t.device) / half)
    args = t[:, None] * freqs[None, :]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


# ----------------------------------------------------------------------------- model

class EpsilonMLP(nn.Module):
    r"""The noise predictor :math:`\varepsilon_\theta(x_t, t)` for vector data.

    .. math:: \varepsilon_\theta(x_t, t) = \mathrm{MLP}\big([x_t,\; e(t)]\big)

    An MLP with SiLU activations on the concatenation of :math:`x_t` and the sinusoidal
    embedding :math:`e(t)` (:func:`sinusoidal_embedding`).

    Parameters
    ----------
    dim : int, default 2
        Dimension of the data.
    hidden : int, default 128
        Width of the hidden layers.
    n_layers : int, default 3
        Number of hidden layers.
    t_dim : int, default 32
        Width of the step embedding (even).

    Raises
    ------
    TypeError
        If a size is not an integer.
    ValueError
        If a size is not positive.

    References
    ----------
    Ho, Jain & Abbeel (2020), `ho2020` in the book's references.

    Examples
    --------
    >>> EpsilonMLP(dim=2)(torch.zeros(5, 2), torch.arange(5)).shape
    torch.Size([5, 2])
    """

    def __init__(self, dim: int = 2, hidden: int = 128, n_layers: int = 3, t_dim: int = 32):
        super().__init__()
        self.dim = check_int(dim, "dim", type_error=True)
        self.t_dim = check_int(t_dim, "t_dim", type_error=True)
        hidden = check_int(hidden, "hidden", type_error=True)
        layers: list[nn.Module] = []
        width = dim + t_dim
        for _ in range(check_int(n_layers, "n_layers", type_error=True)):
            layers += [nn.Linear(width, hidden), nn.SiLU()]
            width = hidden
        layers.append(nn.Linear(width, dim))
        self.net = nn.Sequential(*layers)

    def forward(self, x_t: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        r"""The predicted noise :math:`\varepsilon_\theta(x_t, t)`.

        Parameters
        ----------
        x_t : torch.Tensor, shape (B, dim)
            Noisy data (converted to the model's dtype).
        t : torch.Tensor, shape (B,)
            The step of each example.

        Returns
        -------
        torch.Tensor, shape (B, dim)
            The predicted noise, in the model's dtype.

        Raises
        ------
        ValueError
            If ``x_t`` is not (B, dim) or ``t`` does not have one step per row.

        Examples
        --------
        >>> EpsilonMLP(dim=3, hidden=4)(torch.zeros(2, 3), torch.tensor([1, 2])).shape
        torch.Size([2, 3])
        """
        if x_t.ndim != 2 or x_t.shape[1] != self.dim:
            raise ValueError(f"x_t must have shape (B, {self.dim}), got {tuple(x_t.shape)}")
        if t.shape != (x_t.shape[0],):
            raise ValueError(f"t must have shape ({x_t.shape[0]},), got {tuple(t.shape)}")
        dtype = self.net[0].weight.dtype
        emb = sinusoidal_embedding(t, self.t_dim).to(dtype)
        return self.net(torch.cat([x_t.to(dtype), emb], dim=1))


def _model_device(model: nn.Module) -> torch.device:
    p = next(model.parameters(), None)
    return p.device if p is not None else torch.device("cpu")


def _model_dtype(model: nn.Module) -> torch.dtype:
    p = next(model.parameters(), None)
    return p.dtype if p is not None and p.is_floating_point() else torch.float32


def train_ddpm(model: EpsilonMLP, x_train, betas, *, steps: int = 3000, batch_size: int = 256,
               lr: float = 2e-3, seed: int = 0, show_progress: bool = True) -> list[float]:
    r"""Train :math:`\varepsilon_\theta` with Ho et al.'s simplified loss; return the loss per step.

    .. math:: L_{\text{simple}} = \mathbb{E}_{t \sim U\{1..T\},\, x_0,\, \varepsilon}
              \big\| \varepsilon - \varepsilon_\theta(\sqrt{\bar\alpha_t} x_0
              + \sqrt{1 - \bar\alpha_t}\,\varepsilon,\; t) \big\|^2

    (mean over the batch and the coordinates; dimensionless). Adam with a cosine decay of the
    learning rate to zero. The model trains where it is, on its own device and in its own dtype
    (the data are moved and converted there; build the model on ``itml.device()`` for a GPU); on a
    CPU it trains on one thread. All randomness comes from a local ``torch.Generator`` seeded
    with ``seed`` on the model's device: the global RNG is neither used nor changed.

    Parameters
    ----------
    model : EpsilonMLP
        The noise predictor, trained in place.
    x_train : array_like or torch.Tensor, shape (N, dim)
        Training data, finite.
    betas : array_like or torch.Tensor, shape (T,)
        The noise schedule, ``betas[t - 1]`` is :math:`\beta_t`, each in (0, 1).
    steps : int, default 3000
        Adam steps.
    batch_size : int, default 256
        Examples per step.
    lr : float, default 2e-3
        Initial learning rate, > 0.
    seed : int, default 0
        Seed of the batches, steps and noise.
    show_progress : bool, default True
        Show a progress bar.

    Returns
    -------
    list of float
        The loss of every step.

    Raises
    ------
    TypeError
        If ``steps``, ``batch_size`` or ``lr`` has the wrong type, or ``x_train`` or ``betas``
        is not numbers.
    ValueError
        If one of them is out of range, ``betas`` is invalid, or ``x_train`` is not (N, dim)
        or contains NaN or inf.

    References
    ----------
    Ho, Jain & Abbeel (2020), `ho2020` in the book's references.

    Examples
    --------
    >>> x = np.random.default_rng(0).normal(size=(64, 2)).astype(np.float32)
    >>> losses = train_ddpm(EpsilonMLP(2, hidden=8), x, linear_beta_schedule(30), steps=5,
    ...                     batch_size=16, show_progress=False)
    >>> len(losses)
    5
    """
    b = _check_betas(betas)
    steps = check_int(steps, "steps", type_error=True)
    batch_size = check_int(batch_size, "batch_size", type_error=True)
    check_number(lr, "lr", minimum=0, open_min=True, type_error=True)
    x = _as_float_tensor(x_train, "x_train")
    if x.ndim != 2 or x.shape[1] != model.dim:
        raise ValueError(f"x_train must have shape (N, {model.dim}), got {tuple(x.shape)}")
    dev, dtype = _model_device(model), _model_dtype(model)
    x = x.to(device=dev, dtype=dtype)
    ab = _alpha_bar64(b).to(device=dev, dtype=dtype)
    n_steps = len(b)
    gen = torch.Generator(device=dev).manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr)
    sched = torch.optim.lr_scheduler.CosineAnnealingLR(opt, T_max=steps)
    losses = []
    model.train()
    with single_cpu_thread(dev):
        for _ in progress(range(steps), desc="DDPM", disable=not show_progress):
            idx = torch.randint(len(x), (batch_size,), device=dev, generator=gen)
            t = torch.randint(1, n_steps + 1, (batch_size,), device=dev, generator=gen)
            eps = torch.randn(batch_size, model.dim, device=dev, dtype=dtype, generator=gen)
            a = ab[t][:, None]
            x_t = a.sqrt() * x[idx] + (1 - a).sqrt() * eps  # q_sample, without re-validating
            loss = nn.functional.mse_loss(model(x_t, t), eps)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            opt.step()
            sched.step()
            losses.append(loss.item())
    model.eval()
    return losses


@torch.no_grad()
def sample(model: EpsilonMLP, betas, n_samples: int, *, seed: int = 0,
           return_path: bool = False) -> torch.Tensor:
    r"""Ancestral sampling (Ho et al. 2020, Algorithm 2) with :math:`\sigma_t^2 = \beta_t`.

    .. math:: x_T \sim \mathcal{N}(0, I), \qquad
              x_{t-1} = \frac{1}{\sqrt{\alpha_t}}\Big(x_t - \frac{\beta_t}{\sqrt{1 - \bar\alpha_t}}
              \varepsilon_\theta(x_t, t)\Big) + \sigma_t z, \quad z \sim \mathcal{N}(0, I),

    with z = 0 at the last step. Runs without gradients, on the model's device and in its dtype;
    the draws come from a local ``torch.Generator`` seeded with ``seed`` on that device (the same
    seed gives other numbers on a GPU than on the CPU).

    Parameters
    ----------
    model : EpsilonMLP
        The trained noise predictor.
    betas : array_like or torch.Tensor, shape (T,)
        The noise schedule, ``betas[t - 1]`` is :math:`\beta_t`, each in (0, 1).
    n_samples : int
        Number of samples, at least 1.
    seed : int, default 0
        Seed of :math:`x_T` and the noise.
    return_path : bool, default False
        Return the whole path instead of :math:`x_0` alone.

    Returns
    -------
    torch.Tensor
        The samples :math:`x_0`, shape (n_samples, dim), on the model's device (call ``.cpu()``
        before ``.numpy()``); with ``return_path=True`` the path, shape (T + 1, n_samples, dim),
        where ``path[t]`` is :math:`x_t`, also on the model's device.

    Raises
    ------
    TypeError
        If ``n_samples`` is not an integer or ``betas`` is not numbers.
    ValueError
        If ``n_samples < 1`` or ``betas`` is invalid.

    References
    ----------
    Ho, Jain & Abbeel (2020), `ho2020` in the book's references.

    Examples
    --------
    >>> sample(EpsilonMLP(2, hidden=8), linear_beta_schedule(30), 4).shape
    torch.Size([4, 2])
    """
    b = _check_betas(betas)
    n = check_int(n_samples, "n_samples", type_error=True)
    seed = check_int(seed, "seed", 0, type_error=True)
    dev, dtype = _model_device(model), _model_dtype(model)
    ab = _alpha_bar64(b).to(device=dev, dtype=dtype)
    b = b.to(device=dev, dtype=dtype)
    gen = torch.Generator(device=dev).manual_seed(seed)
    x = torch.randn(n, model.dim, device=dev, dtype=dtype, generator=gen)
    path = [x] if return_path else None
    model.eval()
    with single_cpu_thread(dev):
        for t in range(len(b), 0, -1):
            beta, alpha = b[t - 1], 1 - b[t - 1]
            eps = model(x, torch.full((n,), t, device=dev, dtype=torch.long))
            x = (x - beta / (1 - ab[t]).sqrt() * eps) / alpha.sqrt()
            if t > 1:
                x = x + beta.sqrt() * torch.randn(x.shape, device=dev, dtype=dtype, generator=gen)
            if return_path:
                path.append(x)
    return torch.stack(path[::-1]) if return_path else x


# ------------------------------------------------------------------------ likelihood

@torch.no_grad()
def variational_bound(model: EpsilonMLP, betas, x0, *, n_draws: int = 1, seed: int = 0, base=None,
                      terms: bool = False, max_rows: int = 65_536) -> np.ndarray:
    r"""The DDPM variational bound on :math:`-\log p_\theta(x_0)`, per example (Ho et al. 2020, eq. 5).

    .. math::

        -\log p_\theta(x_0) \le L_T + \sum_{t=2}^{T} L_{t-1} + L_0, \qquad
        L_T = D\big(q(x_T \mid x_0)\,\|\,\mathcal N(0, I)\big), \quad
        L_0 = \mathbb E_q\big[-\log p_\theta(x_0 \mid x_1)\big],

        L_{t-1} = \mathbb E_q\, D\big(q(x_{t-1} \mid x_t, x_0)\,\|\,p_\theta(x_{t-1} \mid x_t)\big)
        = \frac{d}{2}\Big(\frac{\tilde\beta_t}{\sigma_t^2} - 1 - \log\frac{\tilde\beta_t}{\sigma_t^2}\Big)
          + \frac{\beta_t^2}{2\sigma_t^2 \alpha_t (1 - \bar\alpha_t)}\,
            \mathbb E\big\|\varepsilon - \varepsilon_\theta(x_t, t)\big\|^2,

    with the reverse variances of the sampler, :math:`\sigma_t^2 = \beta_t`, the posterior variance
    :math:`\tilde\beta_t = \beta_t (1 - \bar\alpha_{t-1}) / (1 - \bar\alpha_t)`, d the data dimension
    and :math:`x_t = \sqrt{\bar\alpha_t}\,x_0 + \sqrt{1 - \bar\alpha_t}\,\varepsilon`. The second
    term is Ho et al.'s eq. 12: the ε-MSE *with its weight*; only this weighted sum bounds the
    likelihood, :math:`L_{\text{simple}}` (the unweighted MSE) does not. The decoder
    :math:`p_\theta(x_0 \mid x_1)` is the Gaussian :math:`\mathcal N(\mu_\theta(x_1, 1), \sigma_1^2 I)`,
    so :math:`L_0 = \frac d2 \log(2\pi\sigma_1^2) + \mathbb E\|\varepsilon - \varepsilon_\theta(x_1, 1)\|^2
    / (2\alpha_1)`. :math:`L_T` is computed in closed form; every other expectation over
    :math:`x_t` is a Monte-Carlo average over ``n_draws`` draws of ε per example and step (one
    seeded ``torch.Generator`` on the CPU, so the result does not depend on the device), with
    all steps batched through the model. The arithmetic after the model is in float64.

    **Unit: nats per example** (``base=2``: bits); divide by d for nats (bits) per dimension.
    For continuous data this bounds a *density*: it can be negative, it changes by
    :math:`\sum_j \log c_j` when coordinate j is rescaled by :math:`c_j` (standardised data give
    another number than raw data), and it is comparable only with other densities, such as the
    exact negative log-density of a fitted Gaussian, on the same data in the same coordinates. It
    becomes a code length only for quantised data: on a grid of bin width Δ per coordinate,
    :math:`-\log P(\text{bin}) \approx -\log p(x_0) - d\log\Delta` for small Δ (Ho et al. instead
    give 8-bit images a discrete decoder :math:`L_0`, their eq. 13).

    Parameters
    ----------
    model : EpsilonMLP
        The noise predictor (any module with ``dim`` and ``forward(x_t, t)``). Runs in eval mode,
        without gradients, on its own device and in its own dtype.
    betas : array_like or torch.Tensor, shape (T,)
        The schedule the model was trained with, each in (0, 1), T >= 2.
    x0 : array_like or torch.Tensor, shape (N, dim)
        The data to score, finite (any floating dtype; converted to float64 for the bound).
    n_draws : int, default 1
        Monte-Carlo draws of :math:`x_t` per example and step.
    seed : int, default 0
        Seed of the draws.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.
    terms : bool, default False
        Return the terms instead of their sum.
    max_rows : int, default 65536
        Most rows sent through the model at once (memory; the result does not depend on it).

    Returns
    -------
    ndarray of float64, shape (N,)
        The bound for every example; with ``terms=True`` shape (N, T + 1), where column j is
        :math:`L_j` (column 0 the decoder term :math:`L_0`, column T the prior term :math:`L_T`), so
        the rows sum to the bound.

    Raises
    ------
    TypeError
        If ``x0`` or ``betas`` is not numbers, or ``n_draws``, ``seed`` or ``max_rows`` is not an
        integer.
    ValueError
        If ``betas`` is invalid or has fewer than 2 steps, ``x0`` is not (N, dim) or contains NaN
        or inf, ``n_draws`` or ``max_rows`` is below 1, ``seed`` is negative, or ``base`` is invalid.

    References
    ----------
    Sohl-Dickstein et al. (2015), `sohl2015`; Ho, Jain & Abbeel (2020), `ho2020`; Kingma et al.
    (2021), `kingma2021`, in the book's references.

    Examples
    --------
    >>> model = EpsilonMLP(2, hidden=8)
    >>> x = torch.zeros(5, 2)
    >>> variational_bound(model, linear_beta_schedule(30), x).shape
    (5,)
    >>> variational_bound(model, linear_beta_schedule(30), x, terms=True).shape
    (5, 31)
    """
    b = _check_betas(betas).detach().double().cpu()
    n_steps = len(b)
    if n_steps < 2:
        raise ValueError(f"betas must have at least 2 steps, got {n_steps}")
    n_draws = check_int(n_draws, "n_draws", type_error=True)
    seed = check_int(seed, "seed", 0, type_error=True)
    max_rows = check_int(max_rows, "max_rows", type_error=True)
    div = log_base(base)
    x = _as_float_tensor(x0, "x0").detach().double().cpu()
    if x.ndim != 2 or x.shape[1] != model.dim:
        raise ValueError(f"x0 must have shape (N, {model.dim}), got {tuple(x.shape)}")
    n, d = x.shape
    dev, dt = _model_device(model), _model_dtype(model)

    alpha = 1 - b
    ab = _alpha_bar64(b)  # ab[t], float64
    # sum over draws of ||eps - eps_theta(x_t, t)||^2, row t - 1 for step t
    sq = torch.zeros(n_steps, n, dtype=torch.float64)
    per_chunk = max(1, max_rows // n)
    gen = torch.Generator().manual_seed(seed)
    was_training = model.training
    model.eval()
    try:
        with single_cpu_thread(dev):
            for _ in range(n_draws):
                eps = torch.stack([torch.randn(n, d, generator=gen, dtype=torch.float64)
                                   for _ in range(n_steps)])                # (T, N, d), eps[t - 1]
                for lo in range(0, n_steps, per_chunk):
                    ts = torch.arange(lo + 1, min(lo + per_chunk, n_steps) + 1)
                    a = ab[ts][:, None, None]
                    e = eps[ts - 1]
                    x_t = a.sqrt() * x[None] + (1 - a).sqrt() * e
                    t_rows = ts.repeat_interleave(n).to(dev)
                    pred = model(x_t.reshape(-1, d).to(device=dev, dtype=dt), t_rows)
                    pred = pred.detach().to(device="cpu", dtype=torch.float64).reshape(len(ts), n, d)
                    sq[ts - 1] += ((e - pred) ** 2).sum(-1)
    finally:
        model.train(was_training)
    mse = sq / n_draws

    out = torch.empty(n, n_steps + 1, dtype=torch.float64)
    # L_0: Gaussian decoder N(mu_theta(x_1, 1), beta_1 I); x_0 - mu = sqrt(beta_1 / alpha_1) (eps_theta - eps)
    out[:, 0] = 0.5 * d * math.log(2 * math.pi * b[0].item()) + mse[0] / (2 * alpha[0])
    # L_{t-1}, t = 2..T: KL of Gaussians, variance term plus the weighted eps-MSE (Ho et al. eq. 12)
    t = torch.arange(2, n_steps + 1)
    beta_t, alpha_t = b[t - 1], alpha[t - 1]
    ratio = (1 - ab[t - 1]) / (1 - ab[t])                 # beta_tilde_t / sigma_t^2 with sigma_t^2 = beta_t
    const = 0.5 * d * (ratio - 1 - torch.log(ratio))
    weight = beta_t / (2 * alpha_t * (1 - ab[t]))         # beta_t^2 / (2 sigma_t^2 alpha_t (1 - ab_t))
    out[:, 1:n_steps] = (const[:, None] + weight[:, None] * mse[1:]).T
    # L_T: D(N(sqrt(ab_T) x0, (1 - ab_T) I) || N(0, I)), closed form
    a_T = ab[n_steps]
    out[:, n_steps] = 0.5 * (a_T * (x ** 2).sum(1) + d * (-a_T - torch.log1p(-a_T)))
    res = out if terms else out.sum(1)
    return res.numpy() / div


# ------------------------------------------------------------------------ information

def gaussian_mi(alpha_bar, var: float = 1.0, base=None) -> np.ndarray:
    r"""Mutual information :math:`I(X_0; X_t)` for a Gaussian :math:`X_0 \sim \mathcal{N}(0, \sigma^2)`.

    .. math:: I(X_0; X_t) = \tfrac12 \log\!\Big(1 + \frac{\bar\alpha_t\, \sigma^2}{1 - \bar\alpha_t}\Big)

    per coordinate, where :math:`X_t = \sqrt{\bar\alpha_t} X_0 + \sqrt{1-\bar\alpha_t}\,\varepsilon`.
    It is ``inf`` at :math:`\bar\alpha_t = 1` (t = 0). Unit: nats by default; ``base=2`` gives bits.

    Parameters
    ----------
    alpha_bar : array_like
        Signal fractions :math:`\bar\alpha_t` in [0, 1], any shape.
    var : float, default 1.0
        The data variance :math:`\sigma^2`, > 0.
    base : float or None, optional
        Logarithm base of the result; ``None`` (default) gives nats, ``2`` bits.

    Returns
    -------
    ndarray, shape of ``alpha_bar``
        :math:`I(X_0; X_t)` in nats, or in units of ``base``.

    Raises
    ------
    TypeError
        If ``alpha_bar`` is not numbers or ``var`` is not a real number.
    ValueError
        If ``alpha_bar`` is empty, contains NaN or inf or lies outside [0, 1]; if ``var`` is
        not positive and finite; or if ``base`` is invalid.

    References
    ----------
    Cover & Thomas (2006), `cover2006` in the book's references.
    Guo, Shamai & Verdú (2005), `guo2005` in the book's references.

    Examples
    --------
    >>> round(float(gaussian_mi(0.5)), 6)  # 0.5 log 2
    0.346574
    """
    div = log_base(base)
    ab = as_finite(alpha_bar, "alpha_bar", type_error=True)
    if (ab < 0).any() or (ab > 1).any():
        raise ValueError("alpha_bar must lie in [0, 1]")
    var = check_number(var, "var", minimum=0, open_min=True, type_error=True)
    snr = np.divide(ab * var, 1 - ab, out=np.full_like(ab, np.inf), where=ab < 1)
    return 0.5 * np.log1p(snr) / div
