"""itml.distillation: the loss against explicit sums, the alpha/T conventions, gradient scaling,
the small training loop, and bad input."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from itml import distillation as kd


def _batch(seed, n=16, k=10, scale=3.0):
    g = torch.Generator().manual_seed(seed)
    s = scale * torch.randn(n, k, generator=g, dtype=torch.float64)
    t = scale * torch.randn(n, k, generator=g, dtype=torch.float64)
    y = torch.randint(0, k, (n,), generator=g)
    return s, t, y


def _explicit(s, t, y, T, alpha):
    """The loss written out with sums over classes and a mean over the batch."""
    n = s.shape[0]
    p_t = torch.exp(t / T) / torch.exp(t / T).sum(dim=1, keepdim=True)
    p_s = torch.exp(s / T) / torch.exp(s / T).sum(dim=1, keepdim=True)
    kl = sum((p_t[i] * torch.log(p_t[i] / p_s[i])).sum() for i in range(n)) / n
    q = torch.exp(s) / torch.exp(s).sum(dim=1, keepdim=True)
    ce = -sum(torch.log(q[i, y[i]]) for i in range(n)) / n
    return (1 - alpha) * ce + alpha * T**2 * kl


@pytest.mark.parametrize("seed", range(3))
@pytest.mark.parametrize("T", [0.5, 1.0, 4.0, 20.0])
@pytest.mark.parametrize("alpha", [0.0, 0.3, 1.0])
def test_loss_matches_explicit_sums(seed, T, alpha):
    s, t, y = _batch(seed)
    got = kd.distillation_loss(s, t, y, temperature=T, alpha=alpha)
    assert got.item() == pytest.approx(_explicit(s, t, y, T, alpha).item(), rel=1e-9, abs=1e-12)


def test_alpha_weights_the_soft_term():
    s, t, y = _batch(0)
    T = 3.0
    hard = F.cross_entropy(s, y)
    soft = F.kl_div(F.log_softmax(s / T, 1), F.softmax(t / T, 1), reduction="batchmean") * T**2
    assert kd.distillation_loss(s, t, y, T, 0.0).item() == pytest.approx(hard.item())
    assert kd.distillation_loss(s, t, y, T, 1.0).item() == pytest.approx(soft.item())
    assert kd.distillation_loss(s, t, y, T, 0.25).item() == pytest.approx(
        0.75 * hard.item() + 0.25 * soft.item())


def test_soft_term_is_zero_when_student_equals_teacher():
    s, _, y = _batch(1)
    assert abs(kd.distillation_loss(s, s.clone(), y, 5.0, 1.0).item()) < 1e-12


def test_loss_is_a_batch_mean():
    s, t, y = _batch(2, n=8)
    big = kd.distillation_loss(s.repeat(5, 1), t.repeat(5, 1), y.repeat(5), 4.0, 0.5)
    assert big.item() == pytest.approx(kd.distillation_loss(s, t, y, 4.0, 0.5).item())


def test_teacher_gets_no_gradient():
    s, t, y = _batch(3)
    s.requires_grad_(True)
    t.requires_grad_(True)
    kd.distillation_loss(s, t, y, 2.0, 0.5).backward()
    assert s.grad is not None and t.grad is None


def test_ce_and_kl_soft_terms_have_equal_gradients():
    s, t, _ = _batch(4)
    T = 2.0
    p_t = F.softmax(t / T, 1)
    a, b = s.clone().requires_grad_(True), s.clone().requires_grad_(True)
    ce = -(p_t * F.log_softmax(a / T, 1)).sum(1).mean()
    kl = F.kl_div(F.log_softmax(b / T, 1), p_t, reduction="batchmean")
    ce.backward()
    kl.backward()
    h = -(p_t * torch.log(p_t)).sum(1).mean()
    assert ce.item() == pytest.approx(kl.item() + h.item())
    assert torch.allclose(a.grad, b.grad, atol=1e-12)


def test_soft_gradient_scales_as_inverse_t_squared():
    s, t, y = _batch(5)
    s = s - s.mean(1, keepdim=True)
    t = t - t.mean(1, keepdim=True)

    def norm(T):
        x = s.clone().requires_grad_(True)
        kd.distillation_loss(x, t, y, T, 1.0).backward()   # T^2 KL
        return x.grad.norm().item()

    assert norm(200.0) / norm(100.0) == pytest.approx(1.0, rel=1e-2)
    # without the T^2 factor: (g(200) / 200^2) / (g(100) / 100^2) = 1/4
    assert (norm(200.0) / 200**2) / (norm(100.0) / 100**2) == pytest.approx(0.25, rel=1e-2)
    # large-T limit of eq. (z - t) / (K T^2), times T^2
    x = s.clone().requires_grad_(True)
    kd.distillation_loss(x, t, y, 1e6, 1.0).backward()
    assert torch.allclose(x.grad, (s - t) / (10 * s.shape[0]), rtol=0, atol=1e-6)


def test_softmax_with_temperature_limits():
    z = torch.tensor([1.0, 3.0, 2.0])
    assert torch.allclose(kd.softmax_with_temperature(z, 1.0), torch.softmax(z, 0))
    assert torch.allclose(kd.softmax_with_temperature(z, 1e-3), torch.tensor([0.0, 1.0, 0.0]))
    assert torch.allclose(kd.softmax_with_temperature(z, 1e6), torch.full((3,), 1 / 3), atol=1e-5)
    batch = kd.softmax_with_temperature(torch.randn(4, 5), 2.0)
    assert torch.allclose(batch.sum(-1), torch.ones(4))


@pytest.mark.parametrize("T", [0, -1.0, float("nan"), float("inf"), "hot", None])
def test_bad_temperature(T):
    s, t, y = _batch(0)
    err = TypeError if isinstance(T, (str, type(None))) else ValueError  # a wrong type, a wrong value
    with pytest.raises(err, match="temperature"):
        kd.distillation_loss(s, t, y, temperature=T, alpha=0.5)
    with pytest.raises(err, match="temperature"):
        kd.softmax_with_temperature(s, T)


@pytest.mark.parametrize("alpha", [-0.1, 1.5, float("nan"), "half", None])
def test_bad_alpha(alpha):
    s, t, y = _batch(0)
    err = TypeError if isinstance(alpha, (str, type(None))) else ValueError
    with pytest.raises(err, match="alpha"):
        kd.distillation_loss(s, t, y, temperature=2.0, alpha=alpha)


def test_bad_shapes_and_labels():
    s, t, y = _batch(0)
    with pytest.raises(ValueError, match="same shape"):
        kd.distillation_loss(s, t[:, :5], y)
    with pytest.raises(ValueError, match="student_logits"):
        kd.distillation_loss(s[0], t[0], y[:1])
    with pytest.raises(ValueError, match="student_logits"):
        kd.distillation_loss(s.numpy(), t, y)
    with pytest.raises(ValueError, match="teacher_logits"):
        kd.distillation_loss(s, t * float("nan"), y)
    with pytest.raises(ValueError, match="labels"):
        kd.distillation_loss(s, t, y[:3])
    with pytest.raises(ValueError, match="labels"):
        kd.distillation_loss(s, t, y + 10)
    with pytest.raises(ValueError, match="labels"):
        kd.distillation_loss(s, t, y.double())
    with pytest.raises(ValueError, match="logits"):
        kd.softmax_with_temperature([1.0, 2.0], 1.0)


def test_mlp_and_bad_sizes():
    net = kd.mlp(4, 3, 2)
    assert sum(p.numel() for p in net.parameters()) == 4 * 3 + 3 + 3 * 2 + 2
    assert kd.mlp(4, 2)(torch.zeros(1, 4)).shape == (1, 2)
    for bad in [(4,), (4, 0), (4, True)]:
        with pytest.raises(ValueError, match="sizes"):
            kd.mlp(*bad)
    with pytest.raises(TypeError, match="sizes must be an integer"):
        kd.mlp(4, 2.5)


def test_training_with_teacher_moves_student_toward_teacher():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(64, 5)).astype(np.float32)
    y = (x[:, 0] > 0).astype(np.int64)
    torch.manual_seed(0)
    teacher = kd.train(kd.mlp(5, 8, 2), x, y, epochs=100, lr=0.05)
    torch.manual_seed(1)
    student = kd.mlp(5, 4, 2)
    t_logits = kd.logits(teacher, x)

    def kl_to_teacher():
        return kd.distillation_loss(kd.logits(student, x), t_logits, torch.as_tensor(y), 2.0, 1.0).item()

    before = kl_to_teacher()
    kd.train(student, x, y, teacher=teacher, temperature=2.0, alpha=1.0, epochs=100, lr=0.05,
             batch_size=16)
    assert kl_to_teacher() < 0.5 * before
    assert kd.accuracy(student, x, y) > 0.9
    assert torch.get_num_threads() >= 1


def test_train_is_reproducible_and_restores_threads():
    x = np.random.default_rng(0).normal(size=(32, 3)).astype(np.float32)
    y = (x[:, 1] > 0).astype(np.int64)
    n_threads = torch.get_num_threads()
    outs = []
    for _ in range(2):
        torch.manual_seed(0)
        outs.append(kd.logits(kd.train(kd.mlp(3, 4, 2), x, y, epochs=5, batch_size=8), x))
    assert torch.equal(outs[0], outs[1])
    assert torch.get_num_threads() == n_threads


def test_train_bad_input():
    x = np.zeros((4, 3), dtype=np.float32)
    y = np.zeros(4, dtype=np.int64)
    with pytest.raises(ValueError, match="epochs"):
        kd.train(kd.mlp(3, 2), x, y, epochs=0)
    with pytest.raises(ValueError, match="batch_size"):
        kd.train(kd.mlp(3, 2), x, y, batch_size=0)
    with pytest.raises(ValueError, match="x must be"):
        kd.train(kd.mlp(3, 2), x, y[:3])
    with pytest.raises(ValueError, match="alpha"):
        kd.train(kd.mlp(3, 2), x, y, alpha=2.0)
    with pytest.raises(ValueError, match="y must have"):
        kd.accuracy(kd.mlp(3, 2), x, y[:2])
    assert math.isfinite(kd.accuracy(kd.mlp(3, 2), x, y))


@pytest.mark.parametrize("eps", [0.05, 0.3])
def test_label_smoothing_hard_term_matches_explicit_smoothed_targets(eps):
    """The hard term with label smoothing is the CE with (1 - eps) one-hot + eps / K."""
    s, t, y = _batch(3)
    k = s.shape[1]
    target = (1 - eps) * F.one_hot(y, k).double() + eps / k
    hard = -(target * torch.log_softmax(s, dim=1)).sum(dim=1).mean()
    got = kd.distillation_loss(s, t, y, temperature=2.0, alpha=0.0, label_smoothing=eps)
    assert torch.isclose(got, hard, rtol=1e-10)
    # alpha weights the soft term only: with alpha = 1 the smoothing has no effect
    soft_only = kd.distillation_loss(s, t, y, temperature=2.0, alpha=1.0)
    assert torch.isclose(kd.distillation_loss(s, t, y, 2.0, 1.0, label_smoothing=eps), soft_only)


def test_train_with_label_smoothing_softens_the_fit():
    """A label-smoothed model is trained on a different loss: less confident on its data."""
    x = np.array([[0.0, 1.0], [1.0, 0.0]] * 8, dtype=np.float32)
    y = np.array([1, 0] * 8)
    plain = kd.train(kd.mlp(2, 8, 2), x, y, epochs=200, lr=0.05, seed=0)
    torch.manual_seed(0)
    smooth = kd.train(kd.mlp(2, 8, 2), x, y, epochs=200, lr=0.05, seed=0, label_smoothing=0.2)

    def top(m):
        return torch.softmax(kd.logits(m, x), dim=1).max(dim=1).values.mean().item()

    assert kd.accuracy(smooth, x, y) == 1.0
    assert top(plain) > 0.99 and abs(top(smooth) - 0.9) < 0.02  # the smoothed target's 1 - eps/2


@pytest.mark.parametrize("eps", [-0.1, 1.0, 1.5])
def test_bad_label_smoothing(eps):
    s, t, y = _batch(0)
    with pytest.raises(ValueError, match="label_smoothing"):
        kd.distillation_loss(s, t, y, label_smoothing=eps)
    with pytest.raises(ValueError, match="label_smoothing"):
        kd.train(kd.mlp(2, 2), np.zeros((2, 2)), [0, 1], epochs=1, label_smoothing=eps)
    with pytest.raises(TypeError, match="label_smoothing"):
        kd.distillation_loss(s, t, y, label_smoothing="0.1")


def test_docs_do_not_attribute_alpha_to_hinton():
    """Hinton et al. (2015) define no alpha; the book's convention is only consistent with them."""
    import itml.distillation as module
    assert "define no such parameter" in module.__doc__
    assert "convention (that of Hinton" not in module.__doc__
