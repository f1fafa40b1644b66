r"""Denoising diffusion (DDPM) for small data sets: schedule, forward process, model, sampler.

Notation of Ho et al. (2020). Steps are numbered as in the paper, t = 1, ..., T, and
array indices follow the same numbering:

* ``betas`` has shape (T,) and ``betas[t - 1]`` is :math:`\beta_t`;
* ``alpha_bar`` has shape (T + 1,) and ``alpha_bar[t]`` is
  :math:`\bar\alpha_t = \prod_{s \le t} (1 - \beta_s)`, with ``alpha_bar[0] = 1`` (clean data).

Everything trains in seconds on a CPU; models run on ``itml.device()``.
"""

from __future__ import annotations

import math

import numpy as np
import torch
from torch import nn

from ._validation import as_array, check_int, check_number, log_base
from .runtime import device as _default_device
from .runtime import progress, single_cpu_thread

__all__ = [
    "linear_beta_schedule",
    "alpha_bar_from_betas",
    "q_sample",
    "sinusoidal_embedding",
    "EpsilonMLP",
    "train_ddpm",
    "sample",
    "gaussian_mi",
]


# ----------------------------------------------------------------------------- checks

def _check_finite(x: torch.Tensor, name: str) -> None:
    if not torch.isfinite(x).all():
        raise ValueError(f"{name} contains NaN or inf")


def _as_float_tensor(x, name: str) -> torch.Tensor:
    if not isinstance(x, torch.Tensor):
        x = torch.as_tensor(as_array(x, name), dtype=torch.float32)
    if not x.is_floating_point():
        raise ValueError(f"{name} must be a floating-point tensor, got {x.dtype}")
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


def _check_steps(t, batch: int, n_steps: int, *, lowest: int = 0) -> torch.Tensor:
    """``t`` as an int64 tensor of shape (batch,) with entries in [lowest, n_steps]."""
    if isinstance(t, (int, np.integer)) and not isinstance(t, bool):
        t = torch.full((batch,), int(t), dtype=torch.long)
    if not isinstance(t, torch.Tensor) or t.is_floating_point() or t.is_complex() or t.dtype == torch.bool:
        raise ValueError(f"t must be an integer or an integer tensor, got {type(t).__name__}")
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

    By default the paper's :math:`\beta_1 = 10^{-4}` and :math:`\beta_T = 0.02` for
    T = 1000, both multiplied by 1000 / T for other T: the sum of the betas, and with it
    :math:`\bar\alpha_T \approx e^{-\sum_t \beta_t} \approx 4 \times 10^{-5}`, stay the same.
    Returns a float32 tensor of shape (T,) (dimensionless variances).

    >>> linear_beta_schedule(1000)[[0, -1]]
    tensor([1.0000e-04, 2.0000e-02])
    >>> linear_beta_schedule(100)[[0, -1]]
    tensor([0.0010, 0.2000])
    """
    n = check_int(n_steps, "n_steps")
    start = 1e-4 * 1000 / n if beta_start is None else float(beta_start)
    end = 0.02 * 1000 / n if beta_end is None else float(beta_end)
    if beta_end is None and not end < 1:
        raise ValueError(
            f"n_steps must exceed 20 for the default beta_end (0.02 * 1000 / n_steps = {end:g}); "
            "pass beta_end for fewer steps"
        )
    for name, v in (("beta_start", start), ("beta_end", end)):
        if not 0 < v < 1:
            raise ValueError(f"{name} must lie in (0, 1), got {v!r}")
    if start > end:
        raise ValueError(f"beta_start must not exceed beta_end, got {start!r} > {end!r}")
    return torch.linspace(start, end, n, dtype=torch.float64).float()


def alpha_bar_from_betas(betas) -> torch.Tensor:
    r"""The signal fractions :math:`\bar\alpha_t = \prod_{s=1}^{t} (1 - \beta_s)` for t = 0, ..., T.

    Returns a float32 tensor of shape (T + 1,) with ``alpha_bar[0] = 1``, so that
    ``alpha_bar[t]`` is :math:`\bar\alpha_t` (the product is taken in float64).

    >>> alpha_bar_from_betas(torch.tensor([0.5, 0.5]))
    tensor([1.0000, 0.5000, 0.2500])
    """
    b = _check_betas(betas).double()
    return torch.cat([b.new_ones(1), torch.cumprod(1 - b, dim=0)]).float()


# -------------------------------------------------------------------- forward process

def q_sample(x0, t, noise, alpha_bar) -> torch.Tensor:
    r"""Draw :math:`x_t \sim q(x_t \mid x_0)` in closed form.

    .. math:: x_t = \sqrt{\bar\alpha_t}\, x_0 + \sqrt{1 - \bar\alpha_t}\, \varepsilon,
              \qquad \varepsilon \sim \mathcal{N}(0, I)

    ``x0`` has shape (B, ...) with any trailing shape, ``t`` is an integer tensor of
    shape (B,) (one step per example, in 0..T) or a single int, ``noise`` has the shape
    of ``x0``. :math:`\bar\alpha_t` is reshaped to (B, 1, ..., 1) so that it scales
    example b, never feature b.

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
    r"""Sinusoidal embedding of the step t (as for positions in Vaswani et al., 2017).

    .. math:: e(t) = \big(\sin(t\,\omega_0), \ldots, \sin(t\,\omega_{k-1}),
              \cos(t\,\omega_0), \ldots, \cos(t\,\omega_{k-1})\big),
              \qquad \omega_j = P^{-j/k},\; k = \text{dim}/2

    with P = ``max_period``. A deterministic, smooth function of t, distinct for every
    step: the network can tell the steps apart and share what it learns between
    neighbouring ones. ``t`` is an int or a 1-D tensor of shape (B,); returns (B, dim).

    >>> sinusoidal_embedding(torch.tensor([0, 1]), 4)
    tensor([[0.0000, 0.0000, 1.0000, 1.0000],
            [0.8415, 0.0100, 0.5403, 0.9999]])
    """
    dim = check_int(dim, "dim")
    if dim % 2:
        raise ValueError(f"dim must be even (sines and cosines in pairs), got {dim}")
    if not max_period > 1:
        raise ValueError(f"max_period must exceed 1, got {max_period!r}")
    if isinstance(t, (int, float, np.integer, np.floating)) and not isinstance(t, bool):
        t = torch.tensor([t])
    if not isinstance(t, torch.Tensor) or t.ndim != 1 or t.dtype == torch.bool:
        raise ValueError("t must be a number or a 1-D tensor of steps")
    t = t.float()
    _check_finite(t, "t")
    half = dim // 2
    freqs = torch.exp(-math.log(max_period) * torch.arange(half, device=t.device) / half)
    args = t[:, None] * freqs[None, :]
    return torch.cat([torch.sin(args), torch.cos(args)], dim=1)


# ----------------------------------------------------------------------------- model

class EpsilonMLP(nn.Module):
    r"""The noise predictor :math:`\varepsilon_\theta(x_t, t)` for vector data.

    An MLP with SiLU activations on the concatenation of :math:`x_t` and the
    sinusoidal embedding of t.

    >>> EpsilonMLP(dim=2)(torch.zeros(5, 2), torch.arange(5)).shape
    torch.Size([5, 2])
    """

    def __init__(self, dim: int = 2, hidden: int = 128, n_layers: int = 3, t_dim: int = 32):
        super().__init__()
        self.dim = check_int(dim, "dim")
        self.t_dim = check_int(t_dim, "t_dim")
        hidden = check_int(hidden, "hidden")
        layers: list[nn.Module] = []
        width = dim + t_dim
        for _ in range(check_int(n_layers, "n_layers")):
            layers += [nn.Linear(width, hidden), nn.SiLU()]
            width = hidden
        layers.append(nn.Linear(width, dim))
        self.net = nn.Sequential(*layers)

    def forward(self, x_t: torch.Tensor, t: torch.Tensor) -> torch.Tensor:
        if x_t.ndim != 2 or x_t.shape[1] != self.dim:
            raise ValueError(f"x_t must have shape (B, {self.dim}), got {tuple(x_t.shape)}")
        if t.shape != (x_t.shape[0],):
            raise ValueError(f"t must have shape ({x_t.shape[0]},), got {tuple(t.shape)}")
        return self.net(torch.cat([x_t, sinusoidal_embedding(t, self.t_dim)], dim=1))


def _model_device(model: nn.Module) -> torch.device:
    return next(model.parameters()).device


def train_ddpm(model: EpsilonMLP, x_train, betas, *, steps: int = 3000, batch_size: int = 256,
               lr: float = 2e-3, seed: int = 0, show_progress: bool = True) -> list[float]:
    r"""Train :math:`\varepsilon_\theta` with Ho et al.'s simplified loss; return the loss per step.

    .. math:: L_{\text{simple}} = \mathbb{E}_{t \sim U\{1..T\},\, x_0,\, \varepsilon}
              \big\| \varepsilon - \varepsilon_\theta(\sqrt{\bar\alpha_t} x_0
              + \sqrt{1 - \bar\alpha_t}\,\varepsilon,\; t) \big\|^2

    (mean over the batch and the coordinates; dimensionless). Adam with a cosine decay
    of the learning rate to zero. ``x_train`` is (N, dim); the model is moved to
    ``itml.device()``.

    >>> x = np.random.default_rng(0).normal(size=(64, 2)).astype(np.float32)
    >>> losses = train_ddpm(EpsilonMLP(2, hidden=8), x, linear_beta_schedule(30), steps=5,
    ...                     batch_size=16, show_progress=False)
    >>> len(losses)
    5
    """
    b = _check_betas(betas)
    steps = check_int(steps, "steps")
    batch_size = check_int(batch_size, "batch_size")
    check_number(lr, "lr", minimum=0, open_min=True)
    x = _as_float_tensor(x_train, "x_train").float()
    if x.ndim != 2 or x.shape[1] != model.dim:
        raise ValueError(f"x_train must have shape (N, {model.dim}), got {tuple(x.shape)}")
    dev = _default_device()
    model.to(dev)
    x = x.to(dev)
    ab = alpha_bar_from_betas(b).to(dev)
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
            eps = torch.randn(batch_size, model.dim, device=dev, generator=gen)
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

    with z = 0 at the last step. Returns the samples :math:`x_0`, shape
    (n_samples, dim), on the CPU; with ``return_path=True`` the whole path, shape
    (T + 1, n_samples, dim), where ``path[t]`` is :math:`x_t`.

    >>> sample(EpsilonMLP(2, hidden=8), linear_beta_schedule(30), 4).shape
    torch.Size([4, 2])
    """
    b = _check_betas(betas)
    n = check_int(n_samples, "n_samples")
    dev = _model_device(model)
    b = b.to(dev)
    ab = alpha_bar_from_betas(b)
    gen = torch.Generator(device=dev).manual_seed(seed)
    x = torch.randn(n, model.dim, device=dev, generator=gen)
    path = [x.cpu()] if return_path else None
    model.eval()
    with single_cpu_thread(dev):
        for t in range(len(b), 0, -1):
            beta, alpha = b[t - 1], 1 - b[t - 1]
            eps = model(x, torch.full((n,), t, device=dev, dtype=torch.long))
            x = (x - beta / (1 - ab[t]).sqrt() * eps) / alpha.sqrt()
            if t > 1:
                x = x + beta.sqrt() * torch.randn(x.shape, device=dev, generator=gen)
            if return_path:
                path.append(x.cpu())
    return torch.stack(path[::-1]) if return_path else x.cpu()


# ------------------------------------------------------------------------ information

def gaussian_mi(alpha_bar, var: float = 1.0, base=None) -> np.ndarray:
    r"""Mutual information :math:`I(X_0; X_t)` for a Gaussian :math:`X_0 \sim \mathcal{N}(0, \sigma^2)`.

    .. math:: I(X_0; X_t) = \tfrac12 \log\!\Big(1 + \frac{\bar\alpha_t\, \sigma^2}{1 - \bar\alpha_t}\Big)

    per coordinate, where :math:`X_t = \sqrt{\bar\alpha_t} X_0 + \sqrt{1-\bar\alpha_t}\,\varepsilon`.
    It is ``inf`` at :math:`\bar\alpha_t = 1` (t = 0). Unit: nats, or units of ``base``.

    >>> round(float(gaussian_mi(0.5)), 6)  # 0.5 log 2
    0.346574
    """
    div = log_base(base)
    ab = as_array(alpha_bar, "alpha_bar")
    if not np.isfinite(ab).all() or (ab < 0).any() or (ab > 1).any():
        raise ValueError("alpha_bar must lie in [0, 1]")
    if not (np.isfinite(var) and var > 0):
        raise ValueError(f"var must be positive and finite, got {var!r}")
    snr = np.divide(ab * var, 1 - ab, out=np.full_like(ab, np.inf), where=ab < 1)
    return 0.5 * np.log1p(snr) / div
