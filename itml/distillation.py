r"""Knowledge distillation in PyTorch: softened softmax, the distillation loss, small MLPs.

The book's one convention: ``alpha`` weights the **soft** (teacher) term. Hinton, Vinyals and
Dean (2015) define no such parameter; they weight the hard term "considerably lower", which
this convention is consistent with (large ``alpha``):

.. math::

    \mathcal L = (1 - \alpha)\, \mathrm{CE}(y, p_S)
                 + \alpha\, T^2\, D_\mathrm{KL}\big(p_T^{(T)} \,\|\, p_S^{(T)}\big),
    \qquad p^{(T)} = \operatorname{softmax}(z / T),

with both terms averaged over the batch. Unit: nats.
"""

from __future__ import annotations

import copy

import numpy as np
import torch
import torch.nn.functional as F
from torch import nn

from ._validation import check_int, check_number
from .runtime import device as _default_device
from .runtime import progress, single_cpu_thread

__all__ = [
    "softmax_with_temperature",
    "distillation_loss",
    "mlp",
    "train",
    "logits",
    "accuracy",
]


def _check_logits(z, name: str) -> torch.Tensor:
    if not isinstance(z, torch.Tensor):
        raise ValueError(f"{name} must be a torch.Tensor, got {type(z).__name__}")
    if z.ndim != 2 or z.shape[0] == 0 or z.shape[1] < 2:
        raise ValueError(f"{name} must have shape (batch, classes) with batch >= 1 and "
                         f"classes >= 2, got {tuple(z.shape)}")
    if not torch.isfinite(z).all():
        raise ValueError(f"{name} contains NaN or inf")
    return z


def _check_smoothing(label_smoothing) -> float:
    eps = check_number(label_smoothing, "label_smoothing", minimum=0, type_error=True)
    if eps >= 1:
        raise ValueError(f"label_smoothing must lie in [0, 1), got {eps}")
    return eps


def softmax_with_temperature(logits: torch.Tensor, temperature: float = 1.0) -> torch.Tensor:
    r"""The softened softmax along the last axis.

    .. math:: p_i^{(T)} = \frac{\exp(z_i / T)}{\sum_j \exp(z_j / T)}

    ``T = 1`` is the ordinary softmax (the model's own distribution); ``T -> 0+`` tends to the
    one-hot vector of the argmax, ``T -> inf`` to the uniform distribution. Unitless
    (probabilities).

    Parameters
    ----------
    logits : torch.Tensor, shape (..., K)
        Logits, classes on the last axis (K >= 1).
    temperature : float, default 1.0
        The temperature :math:`T > 0`.

    Returns
    -------
    torch.Tensor, shape (..., K)
        Probabilities summing to 1 along the last axis.

    Raises
    ------
    TypeError
        If ``temperature`` is not a real number.
    ValueError
        If ``temperature`` is not positive and finite, ``logits`` is not a tensor, or its last
        axis is missing or empty.

    References
    ----------
    Hinton, Vinyals & Dean (2015), `hinton2015` in the book's references.

    Examples
    --------
    >>> z = torch.tensor([2.0, 1.0, 0.0])
    >>> softmax_with_temperature(z, 1.0).round(decimals=3)
    tensor([0.6650, 0.2450, 0.0900])
    >>> softmax_with_temperature(z, 100.0).round(decimals=2)
    tensor([0.3400, 0.3300, 0.3300])
    """
    t = check_number(temperature, "temperature", minimum=0, open_min=True, type_error=True)
    if not isinstance(logits, torch.Tensor):
        raise ValueError(f"logits must be a torch.Tensor, got {type(logits).__name__}")
    if logits.ndim == 0 or logits.shape[-1] == 0:
        raise ValueError(f"logits must have a non-empty last axis, got shape {tuple(logits.shape)}")
    return torch.softmax(logits / t, dim=-1)


def distillation_loss(student_logits: torch.Tensor, teacher_logits: torch.Tensor,
                      labels: torch.Tensor, temperature: float = 4.0,
                      alpha: float = 0.5, *, label_smoothing: float = 0.0) -> torch.Tensor:
    r"""The distillation loss of Hinton, Vinyals and Dean (2015); ``alpha`` weights the soft term.

    .. math::

        \mathcal L = (1 - \alpha)\,\frac1B \sum_b -\log p_S(y_b \mid x_b)
          + \alpha\, T^2\, \frac1B \sum_b \sum_k p_{T,k}^{(T)}(x_b)
            \log \frac{p_{T,k}^{(T)}(x_b)}{p_{S,k}^{(T)}(x_b)}

    The KL term is ``F.kl_div(log_softmax(s / T), softmax(t / T), reduction="batchmean")``,
    i.e. KL(teacher ‖ student). The factor :math:`T^2` keeps the soft term's gradient, which
    scales as :math:`1/T^2`, comparable across ``T``. ``alpha = 0`` is ordinary cross-entropy
    training; ``alpha = 1`` uses the teacher only. The teacher's logits are detached.
    With ``label_smoothing`` :math:`\varepsilon > 0` the hard term is the cross-entropy with the
    smoothed label :math:`(1 - \varepsilon)\,\mathbf 1_y + \varepsilon / K` (as in
    ``F.cross_entropy(..., label_smoothing=ε)``). Unit: nats per example.

    Parameters
    ----------
    student_logits : torch.Tensor, shape (B, K)
        The student's logits, finite, B >= 1, K >= 2.
    teacher_logits : torch.Tensor, shape (B, K)
        The teacher's logits, finite.
    labels : torch.Tensor of int, shape (B,)
        Class indices in ``0 .. K-1``.
    temperature : float, default 4.0
        The temperature :math:`T > 0`.
    alpha : float, default 0.5
        Weight of the soft term, in [0, 1].
    label_smoothing : float, default 0.0
        Label smoothing :math:`\varepsilon` of the hard term, in [0, 1).

    Returns
    -------
    torch.Tensor
        The scalar loss in nats, differentiable with respect to the student's logits.

    Raises
    ------
    TypeError
        If ``temperature``, ``alpha`` or ``label_smoothing`` is not a real number.
    ValueError
        If ``temperature``, ``alpha`` or ``label_smoothing`` is out of range; if the logits are
        not tensors of shape (B, K) with finite entries, or their shapes differ; if ``labels``
        is not a 1-D integer tensor of B class indices in ``0 .. K-1``.

    References
    ----------
    Hinton, Vinyals & Dean (2015), `hinton2015` in the book's references.

    Examples
    --------
    >>> s = torch.tensor([[1.0, 0.0], [0.0, 1.0]])
    >>> y = torch.tensor([0, 1])
    >>> abs(distillation_loss(s, s, y, temperature=3.0, alpha=1.0).item()) < 1e-6  # KL(p || p) = 0
    True
    >>> round(distillation_loss(s, s, y, temperature=3.0, alpha=0.0).item(), 4)  # plain CE
    0.3133
    """
    t = check_number(temperature, "temperature", minimum=0, open_min=True, type_error=True)
    a = check_number(alpha, "alpha", minimum=0, maximum=1, type_error=True)
    eps = _check_smoothing(label_smoothing)
    s = _check_logits(student_logits, "student_logits")
    z_t = _check_logits(teacher_logits, "teacher_logits").detach()
    if s.shape != z_t.shape:
        raise ValueError(f"student_logits and teacher_logits must have the same shape, "
                         f"got {tuple(s.shape)} and {tuple(z_t.shape)}")
    if not isinstance(labels, torch.Tensor) or labels.ndim != 1 or labels.shape[0] != s.shape[0]:
        raise ValueError(f"labels must be a 1-D tensor of {s.shape[0]} class indices, "
                         f"got {getattr(labels, 'shape', type(labels).__name__)}")
    if labels.dtype not in (torch.int64, torch.int32, torch.uint8, torch.int16, torch.int8):
        raise ValueError(f"labels must hold integer class indices, got dtype {labels.dtype}")
    if labels.min() < 0 or labels.max() >= s.shape[1]:
        raise ValueError(f"labels must lie in 0..{s.shape[1] - 1}, got values in "
                         f"[{int(labels.min())}, {int(labels.max())}]")
    hard = F.cross_entropy(s, labels.long(), label_smoothing=eps)
    soft = F.kl_div(F.log_softmax(s / t, dim=1), F.softmax(z_t / t, dim=1),
                    reduction="batchmean") * t**2
    return (1.0 - a) * hard + a * soft


def mlp(*sizes: int) -> nn.Sequential:
    r"""A fully connected ReLU network with the given layer widths.

    .. math:: f(x) = W_L\, \mathrm{ReLU}(\cdots \mathrm{ReLU}(W_1 x + b_1) \cdots) + b_L

    It returns logits (no softmax at the end).

    Parameters
    ----------
    *sizes : int
        Layer widths, input first, at least two, e.g. ``mlp(64, 16, 10)``.

    Returns
    -------
    torch.nn.Sequential
        ``Linear`` layers with ``ReLU`` between them.

    Raises
    ------
    TypeError
        If a size is not an integer.
    ValueError
        If fewer than two sizes are given or a size is not positive.

    Examples
    --------
    >>> net = mlp(64, 16, 10)
    >>> sum(p.numel() for p in net.parameters())  # 64*16 + 16 + 16*10 + 10
    1210
    """
    if len(sizes) < 2:
        raise ValueError(f"sizes must be at least two positive integers, got {sizes!r}")
    sizes = tuple(check_int(n, "sizes", type_error=True) for n in sizes)
    layers: list[nn.Module] = []
    for i, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        layers.append(nn.Linear(int(n_in), int(n_out)))
        if i < len(sizes) - 2:
            layers.append(nn.ReLU())
    return nn.Sequential(*layers)


def _as_tensors(x, y, dev):
    xt = torch.as_tensor(np.asarray(x, dtype=np.float32), device=dev)
    yt = torch.as_tensor(np.asarray(y, dtype=np.int64), device=dev)
    if xt.ndim != 2 or yt.ndim != 1 or len(xt) != len(yt) or len(xt) == 0:
        raise ValueError(f"x must be (n, d) and y (n,) with n >= 1, got {tuple(xt.shape)} "
                         f"and {tuple(yt.shape)}")
    return xt, yt


@torch.no_grad()
def logits(model: nn.Module, x) -> torch.Tensor:
    r"""The model's logits :math:`f(x)` for the rows of ``x``, computed without gradients, on the CPU.

    Puts the model in evaluation mode.

    Parameters
    ----------
    model : torch.nn.Module
        A network with at least one parameter.
    x : array_like or torch.Tensor, shape (n, d)
        Inputs, converted to float32 on the model's device.

    Returns
    -------
    torch.Tensor, shape (n, K)
        The logits, on the CPU.

    Examples
    --------
    >>> logits(mlp(3, 2), np.zeros((4, 3))).shape
    torch.Size([4, 2])
    """
    dev = next(model.parameters()).device
    model.eval()
    xt = torch.as_tensor(np.asarray(x, dtype=np.float32), device=dev)
    return model(xt).cpu()


def accuracy(model: nn.Module, x, y) -> float:
    r"""The fraction of rows of ``x`` whose argmax logit equals the label ``y``.

    .. math:: \mathrm{acc} = \frac1n \sum_i \mathbf{1}\big[\arg\max_k f_k(x_i) = y_i\big]

    Unitless, in [0, 1].

    Parameters
    ----------
    model : torch.nn.Module
        A classifier that returns logits.
    x : array_like, shape (n, d)
        Inputs.
    y : array_like, shape (n,)
        Class labels.

    Returns
    -------
    float
        The accuracy.

    Raises
    ------
    ValueError
        If ``y`` does not have one label per row of ``x``.

    Examples
    --------
    >>> net = mlp(2, 2)
    >>> _ = net[0].weight.data.copy_(torch.eye(2)); _ = net[0].bias.data.zero_()
    >>> accuracy(net, [[1.0, 0.0], [0.0, 1.0], [1.0, 0.0]], [0, 1, 1])
    0.6666666666666666
    """
    pred = logits(model, x).argmax(dim=1).numpy()
    y = np.asarray(y)
    if pred.shape != y.shape:
        raise ValueError(f"y must have one label per row of x, got {y.shape} for {pred.shape[0]} rows")
    return float((pred == y).mean())


def train(model: nn.Module, x, y, *, teacher: nn.Module | None = None,
          temperature: float = 4.0, alpha: float = 0.5, epochs: int = 200,
          lr: float = 1e-2, weight_decay: float = 0.0, batch_size: int | None = None,
          seed: int = 0, show_progress: bool = False, device=None,
          label_smoothing: float = 0.0) -> nn.Module:
    r"""Train ``model`` with Adam on ``(x, y)``; with a ``teacher``, on the distillation loss.

    .. math:: \mathcal L = (1 - \alpha)\, \mathrm{CE}(y, p_S)
              + \alpha\, T^2\, D_\mathrm{KL}\big(p_T^{(T)} \,\|\, p_S^{(T)}\big)

    Without a teacher the loss is the cross-entropy (``alpha`` and ``temperature`` are ignored);
    with one it is :func:`distillation_loss` with the teacher's logits computed once. With
    ``label_smoothing`` :math:`\varepsilon > 0` the cross-entropy with the labels (the hard term)
    uses smoothed labels :math:`(1 - \varepsilon)\,\mathbf 1_y + \varepsilon / K`. Unit of the
    loss: nats. Trains in place on ``device`` and returns the model in evaluation mode. On the
    CPU it trains on one thread (restored afterwards), which is faster for models this small.

    Parameters
    ----------
    model : torch.nn.Module
        The student (or the model to train), returning logits.
    x : array_like, shape (n, d)
        Inputs, n >= 1.
    y : array_like of int, shape (n,)
        Class labels.
    teacher : torch.nn.Module, optional
        The teacher; it is copied and never trained.
    temperature : float, default 4.0
        Distillation temperature :math:`T > 0`.
    alpha : float, default 0.5
        Weight of the soft term, in [0, 1].
    epochs : int, default 200
        Passes over the data.
    lr : float, default 1e-2
        Adam's learning rate.
    weight_decay : float, default 0.0
        Adam's weight decay.
    batch_size : int or None, default None
        Mini-batch size; ``None`` trains full-batch (fast and deterministic for small data).
    seed : int, default 0
        Seed of the mini-batch order.
    show_progress : bool, default False
        Show a progress bar over the epochs.
    device : str or torch.device, optional
        Where to train; default :func:`itml.runtime.device`.
    label_smoothing : float, default 0.0
        Label smoothing :math:`\varepsilon` of the cross-entropy with the labels, in [0, 1).

    Returns
    -------
    torch.nn.Module
        ``model``, trained.

    Raises
    ------
    TypeError
        If ``epochs``, ``batch_size``, ``temperature``, ``alpha`` or ``label_smoothing`` has the
        wrong type.
    ValueError
        If one of them is out of range, or ``x`` is not (n, d) and ``y`` (n,) with n >= 1.

    References
    ----------
    Hinton, Vinyals & Dean (2015), `hinton2015` in the book's references.

    Examples
    --------
    >>> import itml; _ = itml.seed_everything(0)
    >>> x = np.array([[0.0, 1.0], [1.0, 0.0]] * 8); y = np.array([1, 0] * 8)
    >>> accuracy(train(mlp(2, 4, 2), x, y, epochs=50, lr=0.1), x, y)
    1.0
    """
    epochs = check_int(epochs, "epochs", type_error=True)
    if batch_size is not None:
        batch_size = check_int(batch_size, "batch_size", type_error=True)
    t = check_number(temperature, "temperature", minimum=0, open_min=True, type_error=True)
    a = check_number(alpha, "alpha", minimum=0, maximum=1, type_error=True)
    eps = _check_smoothing(label_smoothing)
    dev = _default_device() if device is None else torch.device(device)
    xt, yt = _as_tensors(x, y, dev)
    model.to(dev).train()
    t_logits = None
    if teacher is not None:
        teacher = copy.deepcopy(teacher).to(dev).eval()
        with torch.no_grad():
            t_logits = teacher(xt)
    with single_cpu_thread(dev):
        _fit(model, xt, yt, t_logits, t, a, epochs, lr, weight_decay, batch_size, seed,
             show_progress, eps)
    model.eval()
    return model


def _fit(model, xt, yt, t_logits, t, a, epochs, lr, weight_decay, batch_size, seed,
         show_progress, eps=0.0):
    dev = xt.device
    gen = torch.Generator().manual_seed(seed)
    opt = torch.optim.Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    n = len(xt)
    bs = n if batch_size is None else min(batch_size, n)
    epochs_iter = progress(range(epochs), desc="epochs") if show_progress else range(epochs)
    for _ in epochs_iter:
        order = torch.randperm(n, generator=gen).to(dev) if bs < n else None
        for start in range(0, n, bs):
            idx = order[start:start + bs] if order is not None else slice(None)
            out = model(xt[idx])
            if t_logits is None:
                loss = F.cross_entropy(out, yt[idx], label_smoothing=eps)
            else:
                loss = distillation_loss(out, t_logits[idx], yt[idx], t, a, label_smoothing=eps)
            opt.zero_grad()
            loss.backward()
            opt.step()
