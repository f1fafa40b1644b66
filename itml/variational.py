r"""Neural bounds on mutual information: critics, variational bounds, and contrastive learning.

Every bound here follows the unified view of Poole et al. (2019). A *critic* :math:`f(x, y)`
scores pairs; on a batch of :math:`N` pairs :math:`(x_i, y_i)` drawn from :math:`p(x, y)` the
functions take the score matrix ``scores[..., i, j]`` :math:`= f(x_i, y_j)`, whose diagonal
holds the :math:`N` samples of the joint and whose :math:`N(N - 1)` off-diagonal entries are
samples of the product of the marginals :math:`p(x)\,p(y)`. All values are in nats.

* Barber–Agakov: :math:`H(X) + \frac1N\sum_i \log q(x_i \mid y_i)`; needs :math:`H(X)` and a
  normalised decoder, and is tight when the decoder is the true :math:`p(x \mid y)`;
* NWJ ("MINE-f"): :math:`\bar f_\mathrm{joint} - e^{-1}\,\overline{e^{f}}`; unbiased batch estimate,
  variance growing like :math:`e^{I}`;
* DV (the value MINE maximises): :math:`\bar f_\mathrm{joint} - \log \overline{e^{f}}`; tighter than
  NWJ for the same critic, but a biased minibatch gradient (:class:`MINE` corrects it);
* InfoNCE: :math:`\frac1N\sum_i \log \big(e^{f_{ii}} / \frac1N\sum_j e^{f_{ij}}\big)`; low variance,
  never above :math:`\log N`;
* SMILE: DV with :math:`e^f` clipped to :math:`[e^{-\tau}, e^{\tau}]` inside the log; bias traded
  for bounded variance;
* CLUB, an *upper* bound: :math:`\frac1N\sum_i \log q(y_i \mid x_i) - \overline{\log q(y_j \mid x_i)}`,
  valid when :math:`q` is close to :math:`p(y \mid x)`.

(:math:`\bar f_\mathrm{joint}` is the mean of the diagonal, :math:`\overline{\,\cdot\,}` a mean over the
off-diagonal pairs.) The ground truth for all of them: correlated Gaussians, for which the
mutual information and the optimal critic (the log density ratio) are known in closed form.
The critics and decoders hold ``n_models`` independent networks evaluated together with
batched matrix products, so that several runs train in one loop; models run on
``itml.device()``.

References
----------
Poole, Ozair, van den Oord, Alemi and Tucker (2019), On variational bounds of mutual information.

>>> import torch
>>> from itml import variational as vb
>>> x, y = vb.correlated_gaussians(512, dim=2, rho=0.8, seed=0)
>>> scores = vb.gaussian_log_ratio(x, y, rho=0.8)    # the optimal critic
>>> round(vb.gaussian_mi(0.8, dim=2), 4)             # the truth, in nats
1.0217
>>> bool(vb.infonce(scores) <= torch.log(torch.tensor(512.0)))
True
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ._validation import check_int, check_number
from .distillation import mlp
from .runtime import device as _default_device
from .runtime import progress, single_cpu_thread

__all__ = [
    "gaussian_mi",
    "rho_for_mi",
    "correlated_gaussians",
    "gaussian_log_ratio",
    "gaussian_log_conditional",
    "gaussian_dv_scaled",
    "SeparableCritic",
    "JointCritic",
    "GaussianConditional",
    "barber_agakov",
    "nwj",
    "donsker_varadhan",
    "infonce",
    "js_fgan",
    "smile",
    "club",
    "MINE",
    "Staircase",
    "staircase",
    "augment_digits",
    "train_contrastive",
    "encode",
    "linear_probe",
]

ESTIMATORS = ("infonce", "nwj", "mine", "smile", "ba", "club")
"""The estimators that :func:`staircase` trains, in the order of the book."""

_CRITIC_BOUNDS = ("infonce", "nwj", "mine", "smile")


# ---------------------------------------------------------------------------------------
# Input checks (torch tensors; the NumPy checks live in itml._validation)


def _check_tensor(t, name: str, min_ndim: int = 1) -> torch.Tensor:
    if not isinstance(t, torch.Tensor):
        raise TypeError(f"{name} must be a torch.Tensor, got {type(t).__name__}")
    if not t.is_floating_point():
        raise TypeError(f"{name} must be a floating-point tensor, got dtype {t.dtype}")
    if t.ndim < min_ndim or t.numel() == 0:
        raise ValueError(f"{name} must have at least {min_ndim} dimension(s) and no empty axis, "
                         f"got shape {tuple(t.shape)}")
    if not torch.isfinite(t).all():
        raise ValueError(f"{name} contains NaN or inf")
    return t


def _check_scores(scores, name: str = "scores") -> torch.Tensor:
    s = _check_tensor(scores, name, min_ndim=2)
    n = s.shape[-1]
    if s.shape[-2] != n or n < 2:
        raise ValueError(f"{name} must have shape (..., N, N) with N >= 2 (row i: x_i, column j: y_j, "
                         f"the joint samples on the diagonal), got {tuple(s.shape)}")
    return s


def _check_rho(rho) -> float:
    return check_number(rho, "rho", minimum=-1, maximum=1, open_min=True, open_max=True, type_error=True)


def _check_pair(x, y) -> tuple[torch.Tensor, torch.Tensor]:
    x = _check_tensor(x, "x", min_ndim=2)
    y = _check_tensor(y, "y", min_ndim=2)
    if x.shape[-1] != y.shape[-1] or x.shape[:-2] != y.shape[:-2]:
        raise ValueError(f"x and y must have shapes (..., N, d) and (..., M, d), got "
                         f"{tuple(x.shape)} and {tuple(y.shape)}")
    return x, y


# ---------------------------------------------------------------------------------------
# The ground truth: correlated Gaussians


def gaussian_mi(rho, dim: int = 1) -> float:
    r"""The mutual information of ``dim`` independent pairs of standard Gaussians with correlation ``rho``.

    .. math:: I(X; Y) = -\frac d2 \log(1 - \rho^2) \quad\text{nats}

    Parameters
    ----------
    rho : float
        The correlation of each coordinate pair, in (-1, 1).
    dim : int
        The number of pairs :math:`d`.

    Returns
    -------
    float
        :math:`I(X; Y)` in nats.

    Raises
    ------
    TypeError
        If ``rho`` is not a real number or ``dim`` not an integer.
    ValueError
        If ``rho`` is outside (-1, 1) or ``dim`` < 1.

    Examples
    --------
    >>> round(gaussian_mi(0.9), 4), round(gaussian_mi(0.0, dim=5), 4)
    (0.8304, 0.0)
    """
    r = _check_rho(rho)
    d = check_int(dim, "dim", type_error=True)
    return -0.5 * d * math.log1p(-r * r) + 0.0  # + 0.0 turns -0.0 into 0.0


def rho_for_mi(mi, dim: int = 1) -> float:
    r"""The correlation that gives ``dim`` Gaussian pairs a mutual information of ``mi`` nats.

    .. math:: \rho = \sqrt{1 - e^{-2 I / d}}

    Parameters
    ----------
    mi : float
        The target mutual information in nats, >= 0.
    dim : int
        The number of pairs :math:`d`.

    Returns
    -------
    float
        :math:`\rho \in [0, 1)`.

    Raises
    ------
    TypeError
        If ``mi`` is not a real number or ``dim`` not an integer.
    ValueError
        If ``mi`` < 0, ``dim`` < 1, or ``mi / dim`` so large that :math:`\rho` rounds to 1.

    Examples
    --------
    >>> rho = rho_for_mi(10.0, dim=20)
    >>> round(gaussian_mi(rho, dim=20), 10)
    10.0
    """
    m = check_number(mi, "mi", minimum=0, type_error=True)
    d = check_int(dim, "dim", type_error=True)
    rho = math.sqrt(-math.expm1(-2.0 * m / d))
    if rho >= 1.0:
        raise ValueError(f"mi / dim must be below about 18 nats (rho rounds to 1 in float64), got mi={m!r}, dim={d}")
    return rho


def correlated_gaussians(n: int, dim: int, rho, *, seed: int | None = None,
                         generator: torch.Generator | None = None, device=None):
    r"""``n`` samples of :math:`(X, Y)`, each of ``dim`` standard Gaussian pairs with correlation ``rho``.

    :math:`X \sim \mathcal N(0, I_d)` and :math:`Y = \rho X + \sqrt{1 - \rho^2}\,\varepsilon` with
    :math:`\varepsilon \sim \mathcal N(0, I_d)`, so that :math:`I(X; Y)` is :func:`gaussian_mi`.

    Parameters
    ----------
    n, dim : int
        The number of samples and of dimensions.
    rho : float
        The correlation, in (-1, 1).
    seed : int, optional
        Seeds a fresh generator (ignored when ``generator`` is given).
    generator : torch.Generator, optional
        The random stream to draw from (on the CPU).
    device : torch.device, optional
        Where the tensors go (default: the CPU).

    Returns
    -------
    (torch.Tensor, torch.Tensor)
        ``x`` and ``y``, float32 of shape ``(n, dim)``.

    Raises
    ------
    TypeError, ValueError
        For an ``n``, ``dim`` or ``rho`` of the wrong type or value.

    Examples
    --------
    >>> x, y = correlated_gaussians(20_000, 1, 0.5, seed=0)
    >>> round(float(torch.corrcoef(torch.cat([x, y], 1).T)[0, 1]), 2)
    0.5
    """
    n = check_int(n, "n", type_error=True)
    d = check_int(dim, "dim", type_error=True)
    r = _check_rho(rho)
    if generator is None:
        generator = torch.Generator().manual_seed(0 if seed is None else check_int(seed, "seed", 0))
    x = torch.randn(n, d, generator=generator)
    y = r * x + math.sqrt(1.0 - r * r) * torch.randn(n, d, generator=generator)
    return (x, y) if device is None else (x.to(device), y.to(device))


def gaussian_log_ratio(x, y, rho) -> torch.Tensor:
    r"""The optimal critic for correlated Gaussians: the log density ratio of every pair ``(x_i, y_j)``.

    .. math::

        \log \frac{p(x, y)}{p(x)\,p(y)} = -\frac d2 \log(1 - \rho^2)
          - \frac{\rho^2 \lVert x\rVert^2 - 2\rho\, x^\top y + \rho^2 \lVert y\rVert^2}{2 (1 - \rho^2)}

    Its mean under the joint is :math:`I(X; Y)`; DV, InfoNCE and SMILE are optimal at it (and at
    it plus a constant), NWJ at it plus 1.

    Parameters
    ----------
    x, y : torch.Tensor
        Shapes ``(..., N, d)`` and ``(..., M, d)``.
    rho : float
        The correlation the data were drawn with, in (-1, 1).

    Returns
    -------
    torch.Tensor
        Shape ``(..., N, M)``, in nats.

    Raises
    ------
    TypeError
        If ``x`` or ``y`` is not a floating-point tensor, or ``rho`` not a real number.
    ValueError
        If the shapes do not match or ``rho`` is outside (-1, 1).

    Examples
    --------
    >>> gaussian_log_ratio(torch.zeros(1, 3), torch.zeros(1, 3), 0.6)  # -3/2 log(0.64)
    tensor([[0.6694]])
    """
    x, y = _check_pair(x, y)
    r = _check_rho(rho)
    d, v = x.shape[-1], 1.0 - r * r
    sq = r * r * ((x * x).sum(-1)[..., :, None] + (y * y).sum(-1)[..., None, :])
    return -0.5 * d * math.log(v) - (sq - 2.0 * r * (x @ y.transpose(-1, -2))) / (2.0 * v)


def gaussian_log_conditional(given, target, rho) -> torch.Tensor:
    r"""The true conditional log density :math:`\log p(\text{target}_j \mid \text{given}_i)` of correlated Gaussians.

    .. math::

        \log p(y \mid x) = -\frac d2 \log\big(2\pi (1 - \rho^2)\big)
          - \frac{\lVert y - \rho x\rVert^2}{2 (1 - \rho^2)}

    The pair is symmetric, so it is :math:`\log p(x \mid y)` with the roles swapped: the known
    decoder of the Barber–Agakov bound and the exact variational distribution of CLUB.

    Parameters
    ----------
    given, target : torch.Tensor
        Shapes ``(..., N, d)`` and ``(..., M, d)``.
    rho : float
        The correlation, in (-1, 1).

    Returns
    -------
    torch.Tensor
        Shape ``(..., N, M)``, in nats.

    Raises
    ------
    TypeError, ValueError
        As :func:`gaussian_log_ratio`.

    Examples
    --------
    >>> gaussian_log_conditional(torch.zeros(1, 1), torch.zeros(1, 1), 0.0)  # log N(0; 0, 1)
    tensor([[-0.9189]])
    """
    x, y = _check_pair(given, target)
    r = _check_rho(rho)
    d, v = x.shape[-1], 1.0 - r * r
    # |y_j - rho x_i|^2 expanded, so that the (N, M) matrix costs one matrix product
    dist2 = ((y * y).sum(-1)[..., None, :] + r * r * (x * x).sum(-1)[..., :, None]
             - 2.0 * r * (x @ y.transpose(-1, -2)))
    return -0.5 * d * math.log(2 * math.pi * v) - dist2 / (2.0 * v)


def gaussian_dv_scaled(a, rho, dim: int = 1):
    r"""The DV bound of the scaled optimal critic :math:`f = a \log r` for correlated Gaussians, exactly.

    With :math:`r = p(x, y) / (p(x)p(y))` and :math:`d` independent pairs,

    .. math::

        I_\mathrm{DV}(a) = a\, I - d \log \mathbb E_{p(x)p(y)}\big[r_1^{a}\big],\qquad
        \mathbb E_{p(x)p(y)}\big[r_1^{a}\big] = \frac{(1 - \rho^2)^{1 - a/2}}
            {\sqrt{(1 - \rho^2 + a\rho^2)^2 - a^2 \rho^2}},

    a Gaussian integral (finite for :math:`0 \le a < (1 + |\rho|)/|\rho|`). It is :math:`0` at
    :math:`a = 0` and :math:`I` at :math:`a = 1`, the maximum; its derivative in :math:`a` is the
    exact gradient that minibatch estimates of the DV gradient can be checked against. Pass a
    tensor ``a`` (with ``requires_grad``) to differentiate it with autograd. Unit: nats.

    Parameters
    ----------
    a : float or torch.Tensor
        The scale of the critic.
    rho : float
        The correlation, in (-1, 1).
    dim : int
        The number of pairs.

    Returns
    -------
    float or torch.Tensor
        The bound in nats (a tensor when ``a`` is one).

    Raises
    ------
    TypeError, ValueError
        For arguments of the wrong type or value, or an ``a`` outside the range where the
        expectation is finite.

    Examples
    --------
    >>> round(gaussian_dv_scaled(1.0, 0.8, dim=2), 6) == round(gaussian_mi(0.8, dim=2), 6)
    True
    >>> gaussian_dv_scaled(0.0, 0.8)
    0.0
    """
    r = _check_rho(rho)
    d = check_int(dim, "dim", type_error=True)
    is_tensor = isinstance(a, torch.Tensor)
    a_t = a if is_tensor else torch.tensor(check_number(a, "a", minimum=0, type_error=True), dtype=torch.float64)
    a_max = math.inf if r == 0 else (1 + abs(r)) / abs(r)
    if not torch.isfinite(a_t).all() or (a_t < 0).any() or (a_t >= a_max).any():
        raise ValueError(f"a must lie in [0, {a_max:.4g}) for rho = {r!r}, got {a!r}")
    v = 1.0 - r * r
    log_m = (1 - a_t / 2) * math.log(v) - 0.5 * torch.log((v + a_t * r * r) ** 2 - a_t**2 * r * r)
    out = a_t * gaussian_mi(r, d) - d * log_m
    return out if is_tensor else float(out) + 0.0


# ---------------------------------------------------------------------------------------
# Networks: n_models independent MLPs evaluated at once


class _StackedMLP(nn.Module):
    """``n_models`` independent copies of :func:`itml.distillation.mlp` evaluated with batched matmuls.

    Each copy is initialised as ``mlp(*sizes)`` is (PyTorch's ``nn.Linear`` default); the input is
    ``(n_models, rows, sizes[0])`` and the output ``(n_models, rows, sizes[-1])``.
    """

    def __init__(self, sizes: tuple[int, ...], n_models: int):
        super().__init__()
        nets = [mlp(*sizes) for _ in range(n_models)]
        linears = [[m for m in net if isinstance(m, nn.Linear)] for net in nets]
        self.weights = nn.ParameterList(
            nn.Parameter(torch.stack([lin[k].weight.detach().T for lin in linears]))
            for k in range(len(sizes) - 1))
        self.biases = nn.ParameterList(
            nn.Parameter(torch.stack([lin[k].bias.detach()[None, :] for lin in linears]))
            for k in range(len(sizes) - 1))

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        last = len(self.weights) - 1
        for k, (w, b) in enumerate(zip(self.weights, self.biases)):
            x = torch.baddbmm(b, x, w)
            if k < last:
                x = torch.relu(x)
        return x


class _Stacked(nn.Module):
    """The shared input handling of the critics and decoders: one or ``n_models`` networks."""

    def __init__(self, n_models: int):
        super().__init__()
        self.n_models = check_int(n_models, "n_models", type_error=True)

    def _stack(self, t: torch.Tensor, name: str, dim: int) -> tuple[torch.Tensor, bool]:
        """``t`` as (n_models, rows, dim); whether the caller gave a single (rows, dim) batch."""
        t = _check_tensor(t, name, 2)
        if t.shape[-1] != dim:
            raise ValueError(f"{name} must have {dim} columns, got shape {tuple(t.shape)}")
        single = t.ndim == 2
        if single:
            t = t.expand(self.n_models, *t.shape)
        elif t.ndim != 3 or t.shape[0] != self.n_models:
            raise ValueError(f"{name} must have shape (N, d) or ({self.n_models}, N, d), got {tuple(t.shape)}")
        return t, single and self.n_models == 1

    def _unstack(self, out: torch.Tensor, squeeze: bool) -> torch.Tensor:
        return out[0] if squeeze else out


def _sizes(n_in: int, hidden, n_out: int) -> tuple[int, ...]:
    hidden = (hidden,) if isinstance(hidden, (int, np.integer)) else tuple(hidden)
    for h in hidden:
        check_int(h, "hidden", type_error=True)
    return (n_in, *map(int, hidden), n_out)


class SeparableCritic(_Stacked):
    r"""A separable critic :math:`f(x, y) = g(x)^\top h(y)`: two MLP encoders and an inner product.

    The :math:`N \times N` score matrix of a batch costs two encoder passes over :math:`N` rows
    (not :math:`N^2`), which is why contrastive learning uses this form; it can represent any
    critic whose log ratio is a low-rank bilinear form of features.

    Parameters
    ----------
    dim_x, dim_y : int
        Input dimensions.
    hidden : int or tuple of int
        Hidden widths of each encoder (ReLU MLPs, :func:`itml.distillation.mlp`).
    embed : int
        The dimension of :math:`g(x)` and :math:`h(y)`.
    n_models : int
        Independent critics evaluated together (separate runs of one experiment).

    Raises
    ------
    TypeError, ValueError
        For a size of the wrong type or value.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> SeparableCritic(3, 2, hidden=8, embed=4)(torch.zeros(5, 3), torch.zeros(5, 2)).shape
    torch.Size([5, 5])
    >>> SeparableCritic(3, 2, hidden=8, n_models=4)(torch.zeros(4, 5, 3), torch.zeros(4, 5, 2)).shape
    torch.Size([4, 5, 5])
    """

    def __init__(self, dim_x: int, dim_y: int, hidden=64, embed: int = 16, n_models: int = 1):
        super().__init__(n_models)
        dx, dy = check_int(dim_x, "dim_x", type_error=True), check_int(dim_y, "dim_y", type_error=True)
        e = check_int(embed, "embed", type_error=True)
        self.dim_x, self.dim_y = dx, dy
        self.g = _StackedMLP(_sizes(dx, hidden, e), self.n_models)
        self.h = _StackedMLP(_sizes(dy, hidden, e), self.n_models)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Scores ``[..., i, j] = f(x_i, y_j)``; shape (N, M), or (n_models, N, M)."""
        x, squeeze = self._stack(x, "x", self.dim_x)
        y, _ = self._stack(y, "y", self.dim_y)
        return self._unstack(self.g(x) @ self.h(y).transpose(1, 2), squeeze)


class JointCritic(_Stacked):
    r"""A joint critic :math:`f(x, y) = \mathrm{MLP}([x, y])` on the concatenated pair.

    More expressive than :class:`SeparableCritic` (it can represent any log ratio), but the score
    matrix of a batch costs :math:`N^2` network evaluations.

    Parameters
    ----------
    dim_x, dim_y : int
        Input dimensions.
    hidden : int or tuple of int
        Hidden widths (two layers of 64 by default).
    n_models : int
        Independent critics evaluated together.

    Raises
    ------
    TypeError, ValueError
        For a size of the wrong type or value.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> JointCritic(3, 2, hidden=8)(torch.zeros(5, 3), torch.zeros(4, 2)).shape
    torch.Size([5, 4])
    """

    def __init__(self, dim_x: int, dim_y: int, hidden=(64, 64), n_models: int = 1):
        super().__init__(n_models)
        self.dim_x = check_int(dim_x, "dim_x", type_error=True)
        self.dim_y = check_int(dim_y, "dim_y", type_error=True)
        self.f = _StackedMLP(_sizes(self.dim_x + self.dim_y, hidden, 1), self.n_models)

    def forward(self, x: torch.Tensor, y: torch.Tensor) -> torch.Tensor:
        """Scores ``[..., i, j] = f(x_i, y_j)``; shape (N, M), or (n_models, N, M)."""
        x, squeeze = self._stack(x, "x", self.dim_x)
        y, _ = self._stack(y, "y", self.dim_y)
        k, n, m = x.shape[0], x.shape[1], y.shape[1]
        pairs = torch.cat([x[:, :, None, :].expand(k, n, m, x.shape[2]),
                           y[:, None, :, :].expand(k, n, m, y.shape[2])], dim=-1)
        return self._unstack(self.f(pairs.reshape(k, n * m, -1)).reshape(k, n, m), squeeze)


class GaussianConditional(_Stacked):
    r"""A learned Gaussian :math:`q(t \mid s) = \mathcal N\big(\mu(s), \operatorname{diag} \sigma^2(s)\big)`.

    One MLP outputs :math:`\mu` and :math:`\log \sigma^2`. Fitted by maximum likelihood on joint
    samples it is the decoder :math:`q(x \mid y)` of the Barber–Agakov bound and the variational
    :math:`q(y \mid x)` of CLUB.

    Parameters
    ----------
    dim_given, dim_target : int
        Dimensions of the conditioning variable :math:`s` and of :math:`t`.
    hidden : int or tuple of int
        Hidden widths.
    n_models : int
        Independent decoders evaluated together.

    Raises
    ------
    TypeError, ValueError
        For a size of the wrong type or value.

    Examples
    --------
    >>> _ = torch.manual_seed(0)
    >>> q = GaussianConditional(2, 3, hidden=8)
    >>> (q.log_prob(torch.zeros(5, 2), torch.zeros(5, 3)).shape,
    ...  q.log_prob_matrix(torch.zeros(5, 2), torch.zeros(4, 3)).shape)
    (torch.Size([5]), torch.Size([5, 4]))
    """

    def __init__(self, dim_given: int, dim_target: int, hidden=64, n_models: int = 1):
        super().__init__(n_models)
        self.dim_given = check_int(dim_given, "dim_given", type_error=True)
        self.dim_target = check_int(dim_target, "dim_target", type_error=True)
        self.net = _StackedMLP(_sizes(self.dim_given, hidden, 2 * self.dim_target), self.n_models)

    def _params(self, given: torch.Tensor):
        out = self.net(given)
        return out[..., :self.dim_target], out[..., self.dim_target:]

    def log_prob(self, given: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """:math:`\\log q(t_i \\mid s_i)` for each row pair, in nats; shape (N,) or (n_models, N)."""
        s, squeeze = self._stack(given, "given", self.dim_given)
        t, _ = self._stack(target, "target", self.dim_target)
        mu, log_var = self._params(s)
        lp = -0.5 * (((t - mu) ** 2) * torch.exp(-log_var) + log_var + math.log(2 * math.pi)).sum(-1)
        return self._unstack(lp, squeeze)

    def log_prob_matrix(self, given: torch.Tensor, target: torch.Tensor) -> torch.Tensor:
        """``[..., i, j]`` :math:`= \\log q(t_j \\mid s_i)`, in nats; shape (N, M) or (n_models, N, M)."""
        s, squeeze = self._stack(given, "given", self.dim_given)
        t, _ = self._stack(target, "target", self.dim_target)
        mu, log_var = self._params(s)
        prec = torch.exp(-log_var)                                    # (k, N, d)
        quad = ((t[:, None, :, :] - mu[:, :, None, :]) ** 2 * prec[:, :, None, :]).sum(-1)
        lp = -0.5 * (quad + (log_var.sum(-1) + self.dim_target * math.log(2 * math.pi))[:, :, None])
        return self._unstack(lp, squeeze)


# ---------------------------------------------------------------------------------------
# The bounds


def _diag_mean(s: torch.Tensor) -> torch.Tensor:
    return s.diagonal(dim1=-2, dim2=-1).mean(-1)


def _offdiag_logmeanexp(s: torch.Tensor) -> torch.Tensor:
    n = s.shape[-1]
    eye = torch.eye(n, dtype=torch.bool, device=s.device)
    masked = s.masked_fill(eye, float("-inf"))
    return torch.logsumexp(masked.flatten(-2), dim=-1) - math.log(n * (n - 1))


def _offdiag_mean(s: torch.Tensor) -> torch.Tensor:
    n = s.shape[-1]
    return (s.sum((-2, -1)) - s.diagonal(dim1=-2, dim2=-1).sum(-1)) / (n * (n - 1))


def barber_agakov(log_q, entropy) -> torch.Tensor:
    r"""The Barber–Agakov lower bound from a decoder's log-likelihoods and the entropy of :math:`X`.

    .. math::

        I(X; Y) = H(X) - H(X \mid Y) \ge H(X) + \mathbb E_{p(x, y)}\big[\log q(x \mid y)\big]
        \approx H(X) + \frac1N \sum_i \log q(x_i \mid y_i)

    The gap is :math:`\mathbb E_{p(y)}\, D_\mathrm{KL}\big(p(x \mid y) \,\|\, q(x \mid y)\big)`: the bound
    is tight for the true conditional, and it needs a *normalised* decoder and a known
    :math:`H(X)` (differential entropy for continuous :math:`X`). Bias: only the decoder's
    misfit. Variance: that of :math:`\log q`, which grows with the dimension, not with
    :math:`e^{I}`. Unit: nats.

    Parameters
    ----------
    log_q : torch.Tensor
        :math:`\log q(x_i \mid y_i)` of the joint samples, shape ``(..., N)``.
    entropy : float or torch.Tensor
        :math:`H(X)` in nats (broadcast against ``log_q.shape[:-1]``).

    Returns
    -------
    torch.Tensor
        The estimate in nats, shape ``log_q.shape[:-1]``.

    Raises
    ------
    TypeError
        If ``log_q`` is not a floating-point tensor or ``entropy`` not a number.
    ValueError
        If ``log_q`` is empty or not finite, or ``entropy`` is not finite.

    References
    ----------
    Barber and Agakov (2003), The IM algorithm; Poole et al. (2019), eq. (2).

    Examples
    --------
    >>> x, y = correlated_gaussians(4000, 2, 0.8, seed=0)
    >>> log_q = gaussian_log_conditional(y, x, 0.8).diagonal()   # the true q(x_i | y_i)
    >>> h_x = math.log(2 * math.pi * math.e)                      # H(X) of N(0, I_2)
    >>> abs(barber_agakov(log_q, h_x).item() - gaussian_mi(0.8, 2)) < 0.05
    True
    """
    lq = _check_tensor(log_q, "log_q", 1)
    if isinstance(entropy, torch.Tensor):
        h = _check_tensor(entropy.reshape(-1), "entropy").reshape(entropy.shape)
    else:
        h = check_number(entropy, "entropy", type_error=True)
    return h + lq.mean(-1)


def nwj(scores) -> torch.Tensor:
    r"""The NWJ lower bound (Nguyen, Wainwright and Jordan 2010; "MINE-f"; Poole's :math:`I_\mathrm{NWJ}`).

    .. math::

        I(X; Y) \ge \mathbb E_{p(x, y)}[f] - e^{-1}\, \mathbb E_{p(x)p(y)}\big[e^{f}\big]
        \approx \frac1N \sum_i f_{ii} - \frac{e^{-1}}{N(N-1)} \sum_{i \ne j} e^{f_{ij}}

    Tight at :math:`f^* = 1 + \log \frac{p(x, y)}{p(x)p(y)}`. The batch estimate is *unbiased*
    for the bound (both terms are plain means), but its variance grows like :math:`e^{I}`: at the
    optimum the second term averages the density ratio over the product of the marginals, whose
    variance is :math:`e^{2I} - 1` for Gaussians (Song and Ermon 2020). Unit: nats.

    Parameters
    ----------
    scores : torch.Tensor
        ``scores[..., i, j]`` :math:`= f(x_i, y_j)`, shape ``(..., N, N)``, joint pairs on the diagonal.

    Returns
    -------
    torch.Tensor
        The estimate in nats, shape ``scores.shape[:-2]``.

    Raises
    ------
    TypeError, ValueError
        As :func:`infonce`.

    References
    ----------
    Nguyen, Wainwright and Jordan (2010); Belghazi et al. (2018); Poole et al. (2019), eq. (12).

    Examples
    --------
    >>> x, y = correlated_gaussians(1024, 2, 0.5, seed=0)
    >>> est = nwj(1 + gaussian_log_ratio(x, y, 0.5))              # the optimal NWJ critic
    >>> abs(est.item() - gaussian_mi(0.5, 2)) < 0.05
    True
    """
    s = _check_scores(scores)
    return _diag_mean(s) - torch.exp(_offdiag_logmeanexp(s) - 1.0)


def donsker_varadhan(scores) -> torch.Tensor:
    r"""The Donsker–Varadhan lower bound, the value that MINE maximises (Belghazi et al. 2018).

    .. math::

        I(X; Y) \ge \mathbb E_{p(x, y)}[f] - \log \mathbb E_{p(x)p(y)}\big[e^{f}\big]
        \approx \frac1N \sum_i f_{ii} - \log \frac{1}{N(N-1)} \sum_{i \ne j} e^{f_{ij}}

    Tight at :math:`f^* = \log \frac{p(x, y)}{p(x)p(y)} + c` for any constant :math:`c`, and for
    the same critic never below NWJ (:math:`\log z \le z / e`). The log of a batch mean is
    biased: the estimate is biased upward (Jensen), and its gradient is biased because the
    batch mean of :math:`e^f` sits in a denominator; :class:`MINE` corrects the gradient with a
    moving average. The variance grows like :math:`e^{I}`, as for NWJ. Unit: nats.

    Parameters
    ----------
    scores : torch.Tensor
        ``scores[..., i, j]`` :math:`= f(x_i, y_j)`, shape ``(..., N, N)``, joint pairs on the diagonal.

    Returns
    -------
    torch.Tensor
        The estimate in nats, shape ``scores.shape[:-2]``.

    Raises
    ------
    TypeError, ValueError
        As :func:`infonce`.

    References
    ----------
    Donsker and Varadhan (1983); Belghazi et al. (2018); Poole et al. (2019), eq. (9).

    Examples
    --------
    >>> x, y = correlated_gaussians(1024, 2, 0.5, seed=0)
    >>> s = gaussian_log_ratio(x, y, 0.5)
    >>> abs(donsker_varadhan(s).item() - gaussian_mi(0.5, 2)) < 0.05
    True
    >>> abs(donsker_varadhan(s + 3.0).item() - donsker_varadhan(s).item()) < 1e-5   # shift-invariant
    True
    """
    s = _check_scores(scores)
    return _diag_mean(s) - _offdiag_logmeanexp(s)


def infonce(scores) -> torch.Tensor:
    r"""The InfoNCE lower bound (van den Oord et al. 2018), which can never exceed :math:`\log N`.

    .. math::

        I(X; Y) \ge \mathbb E\Big[\frac1N \sum_{i=1}^N \log \frac{e^{f(x_i, y_i)}}
            {\frac1N \sum_{j=1}^N e^{f(x_i, y_j)}}\Big]
        = \log N - \mathbb E\big[\mathcal L_\mathrm{CE}\big]

    where :math:`\mathcal L_\mathrm{CE}` is the cross-entropy of picking the positive :math:`y_i`
    among the :math:`N` candidates of row :math:`i` (the contrastive loss of CPC, SimCLR, CLIP).
    Each term is :math:`\le 0` before the :math:`+\log N`, so the estimate is at most
    :math:`\log N` whatever the critic: low variance, but a bias of at least
    :math:`I - \log N` once the truth exceeds the ceiling. Tight (as :math:`N \to \infty`) at
    :math:`f^* = \log p(y \mid x) + c(x)`. Unit: nats.

    Parameters
    ----------
    scores : torch.Tensor
        ``scores[..., i, j]`` :math:`= f(x_i, y_j)`, shape ``(..., N, N)``, joint pairs on the diagonal.

    Returns
    -------
    torch.Tensor
        The estimate in nats, shape ``scores.shape[:-2]``.

    Raises
    ------
    TypeError
        If ``scores`` is not a floating-point tensor.
    ValueError
        If ``scores`` is not square with N >= 2, or holds NaN or inf.

    References
    ----------
    van den Oord, Li and Vinyals (2018); Poole et al. (2019), eq. (14).

    Examples
    --------
    >>> s = torch.tensor([[10.0, 0.0], [0.0, 10.0]])      # a near-perfect critic, N = 2
    >>> round(infonce(s).item(), 4), round(math.log(2), 4)
    (0.6931, 0.6931)
    >>> x, y = correlated_gaussians(64, 10, rho_for_mi(20.0, 10), seed=0)
    >>> bool(infonce(gaussian_log_ratio(x, y, rho_for_mi(20.0, 10))) <= math.log(64))  # I = 20 nats
    True
    """
    s = _check_scores(scores)
    n = s.shape[-1]
    return (s.diagonal(dim1=-2, dim2=-1) - torch.logsumexp(s, dim=-1)).mean(-1) + math.log(n)


def js_fgan(scores) -> torch.Tensor:
    r"""The f-GAN Jensen–Shannon objective: the critic's training loss in SMILE (and in a GAN).

    .. math::

        \mathbb E_{p(x, y)}\big[-\operatorname{softplus}(-f)\big]
          - \mathbb E_{p(x)p(y)}\big[\operatorname{softplus}(f)\big]

    It is the negated binary cross-entropy of telling joint pairs (label 1) from product pairs
    (label 0), so its maximiser is the log density ratio :math:`f^* = \log \frac{p(x, y)}{p(x)p(y)}`
    (the optimal GAN discriminator's logit). It is *not* an estimate of :math:`I(X; Y)`; :func:`smile` plugs the
    critic it trains into the DV bound. Unit: nats.

    Parameters
    ----------
    scores : torch.Tensor
        Shape ``(..., N, N)``, joint pairs on the diagonal.

    Returns
    -------
    torch.Tensor
        Shape ``scores.shape[:-2]``, in nats.

    Raises
    ------
    TypeError, ValueError
        As :func:`infonce`.

    Examples
    --------
    >>> round(js_fgan(torch.zeros(3, 3)).item(), 4)   # -2 log 2: the critic cannot tell
    -1.3863
    """
    s = _check_scores(scores)
    return _diag_mean(-F.softplus(-s)) - _offdiag_mean(F.softplus(s))


def smile(scores, clip: float = 5.0) -> torch.Tensor:
    r"""The SMILE estimate (Song and Ermon 2020): DV with the critic clipped inside the log.

    .. math::

        \mathbb E_{p(x, y)}[f] - \log \mathbb E_{p(x)p(y)}\big[\operatorname{clip}(e^{f}, e^{-\tau}, e^{\tau})\big]

    Clipping bounds the term whose variance grows like :math:`e^{I}`, so the variance stays
    bounded, at the price of a bias: it is no longer a bound once the true log ratio leaves
    :math:`[-\tau, \tau]`, and as :math:`\tau \to \infty` it is :func:`donsker_varadhan`.
    The critic is trained on :func:`js_fgan`. Unit: nats.

    Parameters
    ----------
    scores : torch.Tensor
        Shape ``(..., N, N)``, joint pairs on the diagonal.
    clip : float
        :math:`\tau > 0`.

    Returns
    -------
    torch.Tensor
        The estimate in nats, shape ``scores.shape[:-2]``.

    Raises
    ------
    TypeError
        If ``scores`` is not a floating-point tensor or ``clip`` not a real number.
    ValueError
        As :func:`infonce`, or for ``clip`` <= 0.

    References
    ----------
    Song and Ermon (2020), Understanding the limitations of variational mutual information estimators.

    Examples
    --------
    >>> s = torch.tensor([[2.0, -1.0], [0.5, 1.0]])
    >>> bool(torch.isclose(smile(s, clip=100.0), donsker_varadhan(s)))
    True
    """
    s = _check_scores(scores)
    tau = check_number(clip, "clip", minimum=0, open_min=True, type_error=True)
    return _diag_mean(s) - _offdiag_logmeanexp(s.clamp(-tau, tau))


def club(log_q) -> torch.Tensor:
    r"""The CLUB estimate (Cheng et al. 2020): an *upper* bound on :math:`I(X; Y)` when :math:`q \approx p(y \mid x)`.

    .. math::

        I_\mathrm{CLUB} = \mathbb E_{p(x, y)}\big[\log q(y \mid x)\big]
          - \mathbb E_{p(x)}\mathbb E_{p(y)}\big[\log q(y \mid x)\big]
        \approx \frac1N \sum_i \log q(y_i \mid x_i) - \frac{1}{N(N-1)} \sum_{i \ne j} \log q(y_j \mid x_i)

    With the true conditional the gap is :math:`\mathbb E_{p(x)}\, D_\mathrm{KL}\big(p(y) \,\|\,
    p(y \mid x)\big) \ge 0`; for a learned :math:`q` it stays an upper bound only while
    :math:`D_\mathrm{KL}(p(x, y) \,\|\, q(y \mid x)p(x)) \le D_\mathrm{KL}(p(x)p(y) \,\|\, q(y \mid x)p(x))`
    (Cheng et al., Theorem 3.2). It has no :math:`\log N` ceiling and no :math:`e^{I}` variance,
    but a misfit :math:`q` can put it on either side of the truth. Unit: nats.

    Parameters
    ----------
    log_q : torch.Tensor
        ``log_q[..., i, j]`` :math:`= \log q(y_j \mid x_i)`, shape ``(..., N, N)``.

    Returns
    -------
    torch.Tensor
        The estimate in nats, shape ``log_q.shape[:-2]``.

    Raises
    ------
    TypeError, ValueError
        As :func:`infonce`, for ``log_q``.

    References
    ----------
    Cheng, Hao, Dai, Liu, Gan and Carin (2020), CLUB: a contrastive log-ratio upper bound of mutual information.

    Examples
    --------
    >>> x, y = correlated_gaussians(1000, 1, 0.6, seed=0)
    >>> est = club(gaussian_log_conditional(x, y, 0.6))    # true q; closed form rho^2 / (1 - rho^2)
    >>> abs(est.item() - 0.36 / 0.64) < 0.05 and est.item() > gaussian_mi(0.6)
    True
    """
    lq = _check_scores(log_q, "log_q")
    return _diag_mean(lq) - _offdiag_mean(lq)


class MINE:
    r"""The MINE objective with the moving-average gradient correction of Belghazi et al. (2018).

    The gradient of the DV bound :func:`donsker_varadhan` with respect to the critic's
    parameters :math:`\theta` is

    .. math::

        \nabla_\theta I_\mathrm{DV} = \mathbb E_{p(x, y)}[\nabla_\theta f]
          - \frac{\mathbb E_{p(x)p(y)}\big[e^{f} \nabla_\theta f\big]}{\mathbb E_{p(x)p(y)}\big[e^{f}\big]}

    Estimating both expectations of the ratio on the same minibatch gives a biased gradient
    (the expectation of a ratio is not the ratio of the expectations). Belghazi et al.
    (Section 3.2) replace the minibatch mean in the denominator by an exponential moving
    average :math:`\bar m_t = (1 - \alpha)\, \bar m_{t-1} + \alpha\, \overline{e^{f}}_{B_t}` over
    minibatches (here including the current one, initialised with the first). :meth:`loss`
    returns a surrogate whose gradient is exactly minus that corrected gradient,

    .. math::

        -\Big(\frac1N \sum_i \nabla f_{ii} - \frac{1}{\bar m_t}\,
          \frac{1}{N(N-1)} \sum_{i \ne j} e^{f_{ij}}\, \nabla f_{ij}\Big),

    and :meth:`value` the DV estimate. The average is kept in log space (no overflow), one per
    model for stacked critics. Unit: nats.

    Parameters
    ----------
    rate : float
        :math:`\alpha \in (0, 1]`; ``1`` is the uncorrected minibatch gradient.

    Raises
    ------
    TypeError
        If ``rate`` is not a real number.
    ValueError
        If ``rate`` is outside (0, 1].

    References
    ----------
    Belghazi, Baratin, Rajeswar, Ozair, Bengio, Courville and Hjelm (2018), Mutual information
    neural estimation, Section 3.2 and Algorithm 1.

    Examples
    --------
    >>> mine = MINE(rate=0.01)
    >>> s = torch.tensor([[1.0, 0.0], [0.0, 1.0]], requires_grad=True)
    >>> mine.loss(s).backward()
    >>> s.grad        # first batch: the average is this batch's mean of e^f over i != j, here 1
    tensor([[-0.5000,  0.5000],
            [ 0.5000, -0.5000]])
    >>> round(mine.value(s).item(), 4)
    1.0
    """

    def __init__(self, rate: float = 0.01):
        self.rate = check_number(rate, "rate", minimum=0, maximum=1, open_min=True, type_error=True)
        self.log_average: torch.Tensor | None = None
        """Log of the moving average of the minibatch means of :math:`e^f` (product pairs)."""

    def loss(self, scores) -> torch.Tensor:
        """A scalar surrogate to minimise: its gradient is minus the corrected DV gradient (summed over models)."""
        s = _check_scores(scores)
        log_batch = _offdiag_logmeanexp(s)
        with torch.no_grad():
            lb = log_batch.detach()
            if self.log_average is None or self.log_average.shape != lb.shape:
                self.log_average = lb.clone()
            elif self.rate < 1:
                self.log_average = torch.logaddexp(self.log_average + math.log1p(-self.rate),
                                                   lb + math.log(self.rate))
            else:
                self.log_average = lb.clone()
        return -(_diag_mean(s) - torch.exp(log_batch - self.log_average)).sum()

    def value(self, scores) -> torch.Tensor:
        """The DV estimate of the batch, in nats (:func:`donsker_varadhan`)."""
        return donsker_varadhan(scores)


# ---------------------------------------------------------------------------------------
# The staircase experiment: estimates while the true MI rises in steps


class Staircase(NamedTuple):
    """The result of :func:`staircase`: per-step truth and estimates (nats)."""

    true_mi: np.ndarray
    """The true I(X;Y) at each training step, an array of shape (steps,)."""
    estimates: dict
    """Each estimator's estimates, by name, as an array of shape (n_runs, steps).

    Each estimate is taken on the step's fresh batch, before the update."""
    batch_size: int
    dim: int
    steps_per_level: int


def _entropy_std_normal(dim: int) -> float:
    return 0.5 * dim * math.log(2 * math.pi * math.e)


def staircase(estimators=ESTIMATORS, mi_levels=(0, 2, 4, 6, 8, 10), *, dim: int = 10,
              batch_size: int = 64, steps_per_level: int = 200, n_runs: int = 3,
              critic: str = "separable", hidden=64, embed: int = 16, lr: float = 1e-3,
              mine_rate: float = 0.01, smile_clip: float = 5.0, seed: int = 0,
              show_progress: bool = True, device=None) -> Staircase:
    r"""Train neural MI estimators on correlated Gaussians while the true MI rises in steps.

    The setting of Poole et al. (2019), Figure 2: ``dim`` Gaussian pairs whose correlation is set
    by :func:`rho_for_mi` so that :math:`I(X; Y)` holds each value of ``mi_levels`` (nats) for
    ``steps_per_level`` steps. Every step draws a fresh batch of ``batch_size`` pairs per run;
    each estimator is evaluated on it *before* its update (so on data its critic has not seen)
    and then takes one Adam step on its objective:

    * ``"infonce"``, ``"nwj"``: the bound itself; ``"mine"``: the DV bound with :class:`MINE`'s
      corrected gradient; ``"smile"``: a critic trained on :func:`js_fgan`, evaluated by :func:`smile`;
    * ``"ba"``: a :class:`GaussianConditional` decoder :math:`q(x \mid y)` fitted by maximum
      likelihood, with the known :math:`H(X) = \frac d2 \log(2\pi e)`;
    * ``"club"``: a :class:`GaussianConditional` :math:`q(y \mid x)` fitted the same way.

    The critics of all estimators and runs are stacked and trained in one loop (independent
    parameters; Adam is element-wise, so this equals separate optimisers). On a CPU it trains on
    one thread (:func:`itml.runtime.single_cpu_thread`).

    Parameters
    ----------
    estimators : sequence of str
        A subset of ``ESTIMATORS``.
    mi_levels : sequence of float
        The true MI of each stage, in nats (>= 0).
    dim, batch_size, steps_per_level, n_runs : int
        Dimensions, :math:`N`, steps per stage, independent runs (critic initialisation and data).
    critic : {"separable", "joint"}
        :class:`SeparableCritic` or :class:`JointCritic`.
    hidden, embed : int
        Network widths.
    lr : float
        Adam's learning rate.
    mine_rate, smile_clip : float
        :class:`MINE`'s :math:`\alpha` and :func:`smile`'s :math:`\tau`.
    seed : int
        Seeds the initialisation and the data.
    show_progress : bool
        A progress bar over the steps (:func:`itml.runtime.progress`).
    device : torch.device, optional
        Default :func:`itml.runtime.device`.

    Returns
    -------
    Staircase

    Raises
    ------
    TypeError, ValueError
        For arguments of the wrong type or value (an unknown estimator, a negative level, ...).

    Examples
    --------
    >>> res = staircase(("infonce", "ba"), (0.5, 1.0), dim=2, batch_size=16, steps_per_level=5,
    ...                 n_runs=2, show_progress=False)
    >>> res.true_mi.shape, res.estimates["infonce"].shape
    ((10,), (2, 10))
    """
    if isinstance(estimators, str) or not hasattr(estimators, "__iter__"):
        raise TypeError(f"estimators must be a sequence of names, got {estimators!r}")
    names = tuple(estimators)
    unknown = [e for e in names if e not in ESTIMATORS]
    if unknown or not names or len(set(names)) != len(names):
        raise ValueError(f"estimators must be distinct names from {ESTIMATORS}, got {names!r}")
    if isinstance(mi_levels, str) or not hasattr(mi_levels, "__iter__"):
        raise TypeError(f"mi_levels must be a sequence of numbers, got {mi_levels!r}")
    levels = [check_number(m, "mi_levels", minimum=0, type_error=True) for m in mi_levels]
    if not levels:
        raise ValueError("mi_levels is empty")
    d = check_int(dim, "dim", type_error=True)
    n = check_int(batch_size, "batch_size", 2, type_error=True)
    steps = check_int(steps_per_level, "steps_per_level", type_error=True)
    runs = check_int(n_runs, "n_runs", type_error=True)
    if critic not in ("separable", "joint"):
        raise ValueError(f"critic must be 'separable' or 'joint', got {critic!r}")
    lr = check_number(lr, "lr", minimum=0, open_min=True, type_error=True)
    dev = _default_device() if device is None else torch.device(device)

    crit_names = [e for e in names if e in _CRITIC_BOUNDS]
    dec_names = [e for e in names if e in ("ba", "club")]
    torch.manual_seed(check_int(seed, "seed", 0, type_error=True))
    gen = torch.Generator().manual_seed(seed + 1)
    params = []
    if crit_names:
        k = len(crit_names) * runs
        crit = (SeparableCritic(d, d, hidden, embed, n_models=k) if critic == "separable"
                else JointCritic(d, d, (hidden, hidden), n_models=k)).to(dev)
        params += list(crit.parameters())
    if dec_names:
        dec = GaussianConditional(d, d, hidden, n_models=len(dec_names) * runs).to(dev)
        params += list(dec.parameters())
    mine = MINE(mine_rate) if "mine" in names else None
    tau = check_number(smile_clip, "smile_clip", minimum=0, open_min=True, type_error=True)
    opt = torch.optim.Adam(params, lr=lr)
    h_x = _entropy_std_normal(d)

    total = steps * len(levels)
    true_mi = np.repeat(np.asarray(levels, dtype=float), steps)
    est = {e: np.empty((runs, total)) for e in names}
    it = range(total)
    if show_progress:
        it = progress(it, desc="steps")
    with single_cpu_thread(dev):
        for t in it:
            rho = rho_for_mi(true_mi[t], d)
            x, y = correlated_gaussians(runs * n, d, rho, generator=gen)
            x, y = x.reshape(runs, n, d).to(dev), y.reshape(runs, n, d).to(dev)
            loss = torch.zeros((), device=dev)
            if crit_names:
                reps = len(crit_names)
                s = crit(x.repeat(reps, 1, 1), y.repeat(reps, 1, 1)).reshape(reps, runs, n, n)
                for c, name in enumerate(crit_names):
                    sc = s[c]
                    if name == "infonce":
                        value = infonce(sc)
                        loss = loss - value.sum()
                    elif name == "nwj":
                        value = nwj(sc)
                        loss = loss - value.sum()
                    elif name == "mine":
                        value = donsker_varadhan(sc)
                        loss = loss + mine.loss(sc)
                    else:  # smile
                        value = smile(sc.detach(), tau)
                        loss = loss - js_fgan(sc).sum()
                    est[name][:, t] = value.detach().cpu().numpy()
            if dec_names:
                # BA decodes x from y; CLUB models y given x.
                given = torch.cat([y if e == "ba" else x for e in dec_names])
                target = torch.cat([x if e == "ba" else y for e in dec_names])
                lp = dec.log_prob(given, target).reshape(len(dec_names), runs, n)
                loss = loss - lp.mean(-1).sum()
                if "club" in dec_names:
                    with torch.no_grad():
                        lq = dec.log_prob_matrix(given, target).reshape(len(dec_names), runs, n, n)
                for c, name in enumerate(dec_names):
                    if name == "ba":
                        est[name][:, t] = barber_agakov(lp[c].detach(), h_x).cpu().numpy()
                    else:
                        est[name][:, t] = club(lq[c]).cpu().numpy()
            opt.zero_grad()
            loss.backward()
            opt.step()
    return Staircase(true_mi, est, n, d, steps)


# ---------------------------------------------------------------------------------------
# Contrastive representation learning on 8x8 digits


def augment_digits(x, *, generator: torch.Generator | None = None, max_shift: int = 1,
                   noise_std: float = 0.1, mask_prob: float = 0.2) -> torch.Tensor:
    """A random view of each 8x8 image (rows of 64 pixels in [0, 1]): a shift, noise and masking.

    Each image is shifted by up to ``max_shift`` pixels in each direction (zeros fill in),
    each pixel is dropped (set to 0) with probability ``mask_prob``, and Gaussian noise of
    standard deviation ``noise_std`` is added. Plain PyTorch; the result has the input's shape.

    Parameters
    ----------
    x : torch.Tensor
        Shape (n, 64).
    generator : torch.Generator, optional
        The random stream (on the CPU).
    max_shift : int
        Largest shift in pixels (>= 0).
    noise_std, mask_prob : float
        Noise level (>= 0) and drop probability in [0, 1).

    Returns
    -------
    torch.Tensor
        Shape (n, 64), on the device of ``x``.

    Raises
    ------
    TypeError, ValueError
        For arguments of the wrong type or value.

    Examples
    --------
    >>> img = torch.zeros(1, 64); img[0, 27] = 1.0            # one lit pixel at row 3, column 3
    >>> g = torch.Generator().manual_seed(0)
    >>> v = augment_digits(img, generator=g, noise_std=0.0, mask_prob=0.0)
    >>> int((v > 0).sum()), int(v.argmax()) in {18, 19, 20, 26, 27, 28, 34, 35, 36}
    (1, True)
    """
    x = _check_tensor(x, "x", 2)
    if x.ndim != 2 or x.shape[1] != 64:
        raise ValueError(f"x must have shape (n, 64) (8x8 images), got {tuple(x.shape)}")
    s = check_int(max_shift, "max_shift", 0, type_error=True)
    sd = check_number(noise_std, "noise_std", minimum=0, type_error=True)
    pm = check_number(mask_prob, "mask_prob", minimum=0, maximum=1, open_max=True, type_error=True)
    if generator is None:
        generator = torch.Generator().manual_seed(0)
    n, dev = x.shape[0], x.device
    img = F.pad(x.reshape(n, 8, 8), (s, s, s, s))
    dy = torch.randint(0, 2 * s + 1, (n,), generator=generator)
    dx = torch.randint(0, 2 * s + 1, (n,), generator=generator)
    rows = (dy[:, None] + torch.arange(8)).to(dev)                   # (n, 8)
    cols = (dx[:, None] + torch.arange(8)).to(dev)
    out = img[torch.arange(n, device=dev)[:, None, None], rows[:, :, None], cols[:, None, :]]
    out = out.reshape(n, 64)
    keep = (torch.rand(n, 64, generator=generator) >= pm).to(dev, out.dtype)
    return out * keep + sd * torch.randn(n, 64, generator=generator).to(dev, out.dtype)


def _cosine_scores(z1: torch.Tensor, z2: torch.Tensor, temperature: float) -> torch.Tensor:
    return F.normalize(z1, dim=-1) @ F.normalize(z2, dim=-1).transpose(-1, -2) / temperature


def train_contrastive(x, *, hidden: int = 128, embed: int = 32, temperature: float = 0.2,
                      steps: int = 300, batch_size: int = 256, lr: float = 2e-3, seed: int = 0,
                      augment: dict | None = None, show_progress: bool = True, device=None):
    r"""Train an encoder on unlabelled 8x8 images with InfoNCE between two augmented views.

    Each step draws ``batch_size`` images, makes two views with :func:`augment_digits`, encodes
    both with the same MLP ``mlp(64, hidden, embed)`` and maximises the symmetric InfoNCE bound
    (the mean of :func:`infonce` over rows and columns) with the critic
    :math:`f(v, v') = \cos\big(g(v), g(v')\big) / T`, a :class:`SeparableCritic` with shared,
    normalised encoders: SimCLR's loss, with ``batch_size - 1`` negatives per positive. On a CPU it
    trains on one thread.

    Parameters
    ----------
    x : array-like
        Training images, shape (n, 64), pixels in [0, 1]; labels are never used.
    hidden, embed : int
        The encoder's widths; ``embed`` is the dimension of the representation.
    temperature : float
        :math:`T > 0`.
    steps, batch_size : int
        Adam steps and :math:`N`.
    lr : float
        Adam's learning rate.
    seed : int
        Seeds the initialisation, the batches and the augmentations.
    augment : dict, optional
        Keyword arguments of :func:`augment_digits`.
    show_progress : bool
        A progress bar (:func:`itml.runtime.progress`).
    device : torch.device, optional
        Default :func:`itml.runtime.device`.

    Returns
    -------
    (torch.nn.Sequential, numpy.ndarray)
        The trained encoder (in eval mode) and the InfoNCE estimate of each step's batch
        (nats, before the update).

    Raises
    ------
    TypeError, ValueError
        For arguments of the wrong type or value.

    Examples
    --------
    >>> from itml import data
    >>> x_train = data.digits()[0]
    >>> enc, hist = train_contrastive(x_train, steps=3, batch_size=32, show_progress=False)
    >>> encode(enc, x_train[:5]).shape, bool((hist <= math.log(32)).all())
    ((5, 32), True)
    """
    xt = torch.as_tensor(np.asarray(x, dtype=np.float32)) if not isinstance(x, torch.Tensor) else x.float()
    xt = _check_tensor(xt, "x", 2)
    if xt.ndim != 2 or xt.shape[1] != 64:
        raise ValueError(f"x must have shape (n, 64) (8x8 images), got {tuple(xt.shape)}")
    h = check_int(hidden, "hidden", type_error=True)
    e = check_int(embed, "embed", type_error=True)
    temp = check_number(temperature, "temperature", minimum=0, open_min=True, type_error=True)
    steps = check_int(steps, "steps", type_error=True)
    bs = check_int(batch_size, "batch_size", 2, type_error=True)
    if bs > len(xt):
        raise ValueError(f"batch_size must be at most the number of images ({len(xt)}), got {bs}")
    lr = check_number(lr, "lr", minimum=0, open_min=True, type_error=True)
    aug = dict(augment or {})
    dev = _default_device() if device is None else torch.device(device)
    torch.manual_seed(check_int(seed, "seed", 0, type_error=True))
    gen = torch.Generator().manual_seed(seed + 1)
    enc = mlp(64, h, e).to(dev)
    xt = xt.to(dev)
    opt = torch.optim.Adam(enc.parameters(), lr=lr)
    history = np.empty(steps)
    it = progress(range(steps), desc="steps") if show_progress else range(steps)
    enc.train()
    with single_cpu_thread(dev):
        for t in it:
            idx = torch.randperm(len(xt), generator=gen)[:bs].to(dev)
            v1 = augment_digits(xt[idx], generator=gen, **aug)
            v2 = augment_digits(xt[idx], generator=gen, **aug)
            s = _cosine_scores(enc(v1), enc(v2), temp)
            value = 0.5 * (infonce(s) + infonce(s.T))
            history[t] = value.item()
            opt.zero_grad()
            (-value).backward()
            opt.step()
    enc.eval()
    return enc, history


@torch.no_grad()
def encode(encoder: nn.Module, x) -> np.ndarray:
    """The encoder's representation of the rows of ``x``, as a NumPy array (float32).

    Evaluated without gradients, in eval mode (restored afterwards), on the encoder's device.

    Parameters
    ----------
    encoder : torch.nn.Module
        Any network from rows to features, e.g. the first layers of one (``net[:2]``).
    x : array-like
        Shape (n, d_in).

    Returns
    -------
    numpy.ndarray
        Shape (n, d_out).

    Raises
    ------
    TypeError
        If ``encoder`` is not a ``torch.nn.Module``.

    Examples
    --------
    >>> encode(mlp(64, 8, 3), np.zeros((2, 64))).shape
    (2, 3)
    """
    if not isinstance(encoder, nn.Module):
        raise TypeError(f"encoder must be a torch.nn.Module, got {type(encoder).__name__}")
    dev = next(encoder.parameters()).device
    was = encoder.training
    encoder.eval()
    out = encoder(torch.as_tensor(np.asarray(x, dtype=np.float32), device=dev)).cpu().numpy()
    encoder.train(was)
    return out


def linear_probe(train_features, y_train, test_features, y_test, *, C: float = 1.0) -> float:
    """The test accuracy of a linear probe: logistic regression on standardised features.

    The standard measure of a representation in self-supervised learning: how well a *linear*
    classifier, fitted on the training features and labels, predicts the test labels.
    scikit-learn's ``LogisticRegression`` (L-BFGS, inverse regularisation strength ``C``) after
    a ``StandardScaler``, fitted on one BLAS thread (on a busy machine several threads make
    these small fits many times slower).

    Parameters
    ----------
    train_features, test_features : array-like
        Shapes (n_train, k) and (n_test, k).
    y_train, y_test : array-like
        Integer labels.
    C : float
        Inverse regularisation strength (> 0); choose it on validation data, never on the test split.

    Returns
    -------
    float
        The fraction of test rows classified correctly, in [0, 1].

    Raises
    ------
    TypeError, ValueError
        For a ``C`` of the wrong type or value, or features and labels that do not match.

    Examples
    --------
    >>> f = np.array([[0.0], [0.1], [1.0], [1.1]]); y = np.array([0, 0, 1, 1])
    >>> linear_probe(f, y, f, y)
    1.0
    """
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from threadpoolctl import threadpool_limits

    from ._validation import as_finite

    c = check_number(C, "C", minimum=0, open_min=True, type_error=True)
    f_tr = as_finite(train_features, "train_features", type_error=True)
    f_te = as_finite(test_features, "test_features", type_error=True)
    y_tr, y_te = np.asarray(y_train), np.asarray(y_test)
    if f_tr.ndim != 2 or f_te.ndim != 2 or f_tr.shape[1] != f_te.shape[1]:
        raise ValueError(f"train_features and test_features must be 2-D with the same number of columns, "
                         f"got {f_tr.shape} and {f_te.shape}")
    if y_tr.shape != (len(f_tr),) or y_te.shape != (len(f_te),):
        raise ValueError(f"y_train and y_test must hold one label per row, got {y_tr.shape} for "
                         f"{len(f_tr)} rows and {y_te.shape} for {len(f_te)} rows")
    with threadpool_limits(1):
        clf = make_pipeline(StandardScaler(), LogisticRegression(C=c, max_iter=5000))
        clf.fit(f_tr, y_tr)
        return float(clf.score(f_te, y_te))
