"""itml.variational: every bound at its closed-form optimum, InfoNCE <= log N, MINE's gradient, bad input.

Monte Carlo tolerances are derived from the sample size: either from a closed-form variance or
from the standard error of independent repetitions, and each test also checks that the
tolerance is small enough to catch a wrong implementation.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from itml import data
from itml import variational as vb
from itml.distillation import mlp

torch.set_num_threads(1)


def _batches(k, n, dim, rho, seed):
    """k independent batches of n pairs, shape (k, n, dim), float64."""
    x, y = vb.correlated_gaussians(k * n, dim, rho, seed=seed)
    return x.double().reshape(k, n, dim), y.double().reshape(k, n, dim)


def _close(values, truth, z=4.0, max_tol=0.05):
    """Mean of independent estimates within z standard errors of ``truth``; the SE must be small."""
    values = np.asarray(values, dtype=float)
    se = values.std(ddof=1) / math.sqrt(values.size)
    assert z * se < max_tol, f"tolerance {z * se:.3g} too loose to test anything"
    assert abs(values.mean() - truth) < z * se + 1e-9, (values.mean(), truth, se)


# --- the ground truth ------------------------------------------------------------------------


def test_gaussian_mi_closed_form_and_inverse():
    assert vb.gaussian_mi(0.9) == pytest.approx(-0.5 * math.log(1 - 0.81))
    assert vb.gaussian_mi(0.9, dim=4) == pytest.approx(4 * vb.gaussian_mi(0.9))
    assert vb.gaussian_mi(-0.5) == vb.gaussian_mi(0.5)
    assert vb.gaussian_mi(0.0, dim=3) == 0.0
    for mi in (0.0, 0.3, 2.0, 10.0, 40.0):
        for d in (3, 5, 20):
            # a float64 rho near 1 holds 1 - rho^2 only to about 2e-16 / (1 - rho^2), relatively
            tol = d * 2e-16 / math.exp(-2 * mi / d) + 1e-12
            assert vb.gaussian_mi(vb.rho_for_mi(mi, d), d) == pytest.approx(mi, abs=tol)


def test_correlated_gaussians_moments():
    n, rho = 40_000, 0.7
    x, y = vb.correlated_gaussians(n, 3, rho, seed=1)
    assert x.shape == y.shape == (n, 3) and x.dtype == torch.float32
    c = torch.corrcoef(torch.cat([x, y], 1).double().T).numpy()
    se = (1 - rho**2) / math.sqrt(n)  # standard error of a sample correlation
    np.testing.assert_allclose(np.diag(c[:3, 3:]), rho, atol=5 * se)
    np.testing.assert_allclose(c[:3, :3], np.eye(3), atol=5 / math.sqrt(n))
    # the same seed gives the same draw, another seed another one
    assert torch.equal(vb.correlated_gaussians(5, 2, 0.5, seed=3)[0], vb.correlated_gaussians(5, 2, 0.5, seed=3)[0])
    assert not torch.equal(vb.correlated_gaussians(5, 2, 0.5, seed=3)[0], vb.correlated_gaussians(5, 2, 0.5, seed=4)[0])


def test_log_ratio_and_conditional_match_torch_distributions():
    rho, d = 0.6, 3
    x, y = vb.correlated_gaussians(7, d, rho, seed=0)
    x, y = x.double(), y.double()
    cov = torch.eye(2 * d, dtype=torch.float64)
    cov[:d, d:] = cov[d:, :d] = rho * torch.eye(d, dtype=torch.float64)
    joint = torch.distributions.MultivariateNormal(torch.zeros(2 * d, dtype=torch.float64), cov)
    std = torch.distributions.Normal(0.0, 1.0)
    pairs = torch.cat([x[:, None, :].expand(7, 7, d), y[None].expand(7, 7, d)], -1)
    want = joint.log_prob(pairs) - std.log_prob(x).sum(-1)[:, None] - std.log_prob(y).sum(-1)[None, :]
    torch.testing.assert_close(vb.gaussian_log_ratio(x, y, rho), want)
    cond = torch.distributions.Normal(rho * x[:, None, :], math.sqrt(1 - rho**2))
    torch.testing.assert_close(vb.gaussian_log_conditional(x, y, rho), cond.log_prob(y[None]).sum(-1))
    # log p(y|x) - log p(y) is the log ratio
    torch.testing.assert_close(vb.gaussian_log_conditional(x, y, rho) - std.log_prob(y).sum(-1)[None, :],
                               vb.gaussian_log_ratio(x, y, rho))


# --- each bound at its closed-form optimal critic ---------------------------------------------


def test_barber_agakov_with_the_true_decoder_is_exact():
    d, rho, n = 4, 0.8, 40_000
    x, y = vb.correlated_gaussians(n, d, rho, seed=2)
    v = 1 - rho**2  # log q(x_i | y_i) of the true conditional, without the n x n matrix
    log_q = (-0.5 * d * math.log(2 * math.pi * v) - ((x - rho * y) ** 2).sum(1).double() / (2 * v))
    h_x = 0.5 * d * math.log(2 * math.pi * math.e)
    est = vb.barber_agakov(log_q, h_x).item()
    se = math.sqrt(d / 2) / math.sqrt(n)  # log q is minus a chi-square(d) / 2 plus a constant
    assert abs(est - vb.gaussian_mi(rho, d)) < 5 * se
    # a decoder with the wrong variance gives less (the gap is the KL to the true conditional)
    wide = -0.5 * d * math.log(2 * math.pi * 2 * v) - ((x - rho * y) ** 2).sum(1).double() / (4 * v)
    assert vb.barber_agakov(wide, h_x).item() < est - 0.1
    # batched: one estimate per leading index
    assert vb.barber_agakov(log_q.reshape(4, -1), torch.full((4,), h_x, dtype=torch.float64)).shape == (4,)


@pytest.mark.parametrize("bound, shift", [(vb.nwj, 1.0), (vb.donsker_varadhan, 0.0),
                                          (vb.donsker_varadhan, -3.0),
                                          (lambda s: vb.smile(s, clip=1e4), 0.0)])
def test_critic_bounds_at_the_optimum_equal_the_truth(bound, shift):
    d, rho = 2, 0.6                              # I = 0.446 nats
    x, y = _batches(200, 128, d, rho, seed=3)
    est = bound(vb.gaussian_log_ratio(x, y, rho) + shift).numpy()
    _close(est, vb.gaussian_mi(rho, d))


def test_nwj_at_a_wrong_shift_is_strictly_lower():
    d, rho = 2, 0.6
    x, y = _batches(50, 128, d, rho, seed=4)
    s = vb.gaussian_log_ratio(x, y, rho)
    # NWJ(log r + 1) = I, NWJ(log r) = I - 1/e: the bound needs the +1
    assert abs((vb.nwj(s + 1).mean() - vb.nwj(s).mean()).item() - 1 / math.e) < 0.05


def test_infonce_at_the_optimum_low_mi_is_close_to_the_truth():
    d, rho, n = 1, 0.6, 1024                     # I = 0.223 nats << log N
    x, y = _batches(30, n, d, rho, seed=5)
    est = vb.infonce(vb.gaussian_log_ratio(x, y, rho)).numpy()
    mi = vb.gaussian_mi(rho, d)
    gap = (math.exp(2 * mi) - 1) / n             # I - E[InfoNCE] <= (E_p[r] - 1) / N, E_p[r] = e^{2I} here
    assert est.mean() <= mi + 4 * est.std(ddof=1) / math.sqrt(est.size)
    _close(est + gap / 2, mi, z=4.0)


def test_infonce_saturates_at_log_n_when_the_truth_is_far_above():
    d, n = 10, 64
    rho = vb.rho_for_mi(30.0, d)
    x, y = _batches(20, n, d, rho, seed=6)
    est = vb.infonce(vb.gaussian_log_ratio(x, y, rho))
    assert (est <= math.log(n) + 1e-9).all()
    assert (est > math.log(n) - 0.01).all()


def test_club_with_the_true_conditional_equals_its_closed_form():
    d, rho = 2, 0.6
    x, y = _batches(100, 256, d, rho, seed=7)
    est = vb.club(vb.gaussian_log_conditional(x, y, rho)).numpy()
    closed = d * rho**2 / (1 - rho**2)           # I + E_x KL(p(y) || p(y|x))
    _close(est, closed)
    assert closed > vb.gaussian_mi(rho, d) + 0.2  # an upper bound, and here a loose one


def test_js_fgan_is_maximised_by_the_log_ratio():
    d, rho = 2, 0.7
    x, y = _batches(20, 128, d, rho, seed=8)
    s = vb.gaussian_log_ratio(x, y, rho)
    best = vb.js_fgan(s).mean().item()
    for delta in (-1.0, -0.3, 0.3, 1.0):
        assert vb.js_fgan(s + delta).mean().item() < best
    assert vb.js_fgan(1.5 * s).mean().item() < best and vb.js_fgan(0.5 * s).mean().item() < best


def test_smile_clips_and_tends_to_dv():
    s = torch.tensor([[3.0, 8.0, -9.0], [0.0, 1.0, 6.0], [2.0, -2.0, 0.5]])
    m = s.clone().fill_diagonal_(float("nan"))
    off = m[~torch.isnan(m)]
    want = s.diagonal().mean() - torch.log(torch.exp(off.clamp(-5, 5)).mean())
    torch.testing.assert_close(vb.smile(s, clip=5.0), want)
    torch.testing.assert_close(vb.smile(s, clip=50.0), vb.donsker_varadhan(s))


def test_bounds_by_hand_on_a_small_matrix():
    s = torch.tensor([[1.0, 0.0, 2.0], [0.5, 3.0, -1.0], [0.0, 1.0, 2.0]], dtype=torch.float64)
    diag = s.diagonal().mean()
    off = torch.tensor([0.0, 2.0, 0.5, -1.0, 0.0, 1.0], dtype=torch.float64)
    torch.testing.assert_close(vb.nwj(s), diag - torch.exp(off).mean() / math.e)
    torch.testing.assert_close(vb.donsker_varadhan(s), diag - torch.log(torch.exp(off).mean()))
    want = (s.diagonal() - torch.logsumexp(s, 1)).mean() + math.log(3)
    torch.testing.assert_close(vb.infonce(s), want)
    torch.testing.assert_close(vb.club(s), diag - off.mean())
    # batched over a leading axis
    torch.testing.assert_close(vb.infonce(torch.stack([s, s + 1])), torch.stack([want, want]))


# --- properties for any scores -----------------------------------------------------------------


_scores = st.integers(2, 12).flatmap(
    lambda n: arrays(np.float64, (n, n), elements=st.floats(-300, 300, allow_nan=False, width=64)))


@settings(max_examples=300)
@given(_scores)
def test_infonce_never_exceeds_log_n(s):
    n = s.shape[0]
    assert vb.infonce(torch.from_numpy(s)).item() <= math.log(n) + 1e-12


@settings(max_examples=200)
@given(_scores.filter(lambda s: (s < 80).all()))
def test_dv_is_never_below_nwj_for_the_same_critic(s):
    t = torch.from_numpy(s)
    assert vb.donsker_varadhan(t).item() >= vb.nwj(t).item() - 1e-9   # log z <= z / e


@given(_scores, st.floats(-50, 50))
def test_infonce_ignores_a_function_of_x_alone(s, c):
    t = torch.from_numpy(s)
    row = torch.linspace(-1, 1, s.shape[0], dtype=torch.float64)[:, None] * c
    assert vb.infonce(t + row).item() == pytest.approx(vb.infonce(t).item(), abs=1e-9)


# --- MINE: the moving-average gradient correction ----------------------------------------------


def test_dv_closed_form_reference():
    rho, d = vb.rho_for_mi(4.0, 10), 10
    a = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    value = vb.gaussian_dv_scaled(a, rho, d)
    (grad,) = torch.autograd.grad(value, a)
    # optimal at a = 1 with the value I; the autograd derivative agrees with a finite difference
    assert vb.gaussian_dv_scaled(1.0, rho, d) == pytest.approx(4.0, abs=1e-9)
    assert vb.gaussian_dv_scaled(0.0, rho, d) == 0.0
    grid = [vb.gaussian_dv_scaled(a_, rho, d) for a_ in np.linspace(0.05, 1.6, 32)]
    assert max(grid) <= 4.0 + 1e-9                     # a = 1 is the best scale
    h = 1e-5
    fd = (vb.gaussian_dv_scaled(torch.tensor(0.5 + h, dtype=torch.float64), rho, d)
          - vb.gaussian_dv_scaled(torch.tensor(0.5 - h, dtype=torch.float64), rho, d)) / (2 * h)
    assert grad.item() == pytest.approx(fd.item(), rel=1e-6)
    # and the value matches a large-sample estimate: E_q[r^a] by Monte Carlo on independent pairs
    x, y = vb.correlated_gaussians(400_000, d, rho, seed=9)
    y = y[torch.randperm(len(y), generator=torch.Generator().manual_seed(0))]
    log_r = vb.gaussian_log_ratio(x[:, None, :].double(), y[:, None, :].double(), rho).reshape(-1)
    ra = torch.exp(0.5 * log_r)
    mc = 0.5 * 4.0 - torch.log(ra.mean()).item()
    se = (ra.std() / ra.mean()).item() / math.sqrt(len(ra))
    assert abs(mc - value.item()) < 5 * se + 1e-3


def test_mine_surrogate_gradient_is_the_corrected_gradient():
    torch.manual_seed(0)
    mine = vb.MINE(rate=0.1)
    first = torch.randn(4, 4, dtype=torch.float64)
    mine.loss(first)
    s = torch.randn(4, 4, dtype=torch.float64, requires_grad=True)
    mine.loss(s).backward()
    off = ~torch.eye(4, dtype=torch.bool)

    def batch_mean(t):
        return torch.exp(t.detach()[off]).mean()

    average = 0.9 * batch_mean(first) + 0.1 * batch_mean(s)   # the running average, this batch included
    want = torch.zeros(4, 4, dtype=torch.float64)
    want[~off] = -1 / 4                                         # d/dS_ii of -mean diag
    want[off] = torch.exp(s.detach()[off]) / (12 * average)     # d/dS_ij of + mean_off(e^S) / average
    torch.testing.assert_close(s.grad, want)
    torch.testing.assert_close(mine.log_average, torch.log(average))


def test_mine_with_rate_one_is_the_plain_minibatch_gradient():
    s1 = torch.randn(2, 6, 6, dtype=torch.float64, requires_grad=True)
    s2 = s1.detach().clone().requires_grad_(True)
    vb.MINE(rate=1.0).loss(s1).backward()
    (-vb.donsker_varadhan(s2).sum()).backward()
    torch.testing.assert_close(s1.grad, s2.grad)


def test_mine_moving_average_removes_the_gradient_bias():
    """Critic f = a log r at a = 0.5 (fixed): mean minibatch gradients against the exact gradient."""
    d, rho, n, k = 10, vb.rho_for_mi(4.0, 10), 8, 3000
    a0 = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    (exact,) = torch.autograd.grad(vb.gaussian_dv_scaled(a0, rho, d), a0)
    x, y = _batches(k, n, d, rho, seed=10)
    log_r = vb.gaussian_log_ratio(x, y, rho)
    # the uncorrected gradient: d/da of each batch's DV, all batches at once
    a_each = torch.full((k, 1, 1), 0.5, dtype=torch.float64, requires_grad=True)  # one a per batch
    (naive,) = torch.autograd.grad(vb.donsker_varadhan(a_each * log_r).sum(), a_each)
    naive = naive.flatten().numpy()
    mine, corrected = vb.MINE(rate=0.01), []
    for b in range(k):
        a = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
        (g,) = torch.autograd.grad(-mine.loss(a * log_r[b]), a)
        corrected.append(g.item())
    corrected = np.array(corrected[300:])       # after the average has warmed up
    se_c = corrected.std(ddof=1) / math.sqrt(corrected.size)
    se_n = naive.std(ddof=1) / math.sqrt(naive.size)
    assert abs(corrected.mean() - exact.item()) < 4 * se_c
    assert naive.mean() - exact.item() > 8 * se_n  # the bias the correction removes
    # a large batch is nearly unbiased too
    xb, yb = vb.correlated_gaussians(4096, d, rho, seed=11)
    a = torch.tensor(0.5, dtype=torch.float64, requires_grad=True)
    (big,) = torch.autograd.grad(vb.donsker_varadhan(a * vb.gaussian_log_ratio(xb.double(), yb.double(), rho)), a)
    assert abs(big.item() - exact.item()) < 0.2 < naive.mean() - exact.item()


def test_mine_keeps_one_average_per_model():
    mine = vb.MINE(0.5)
    mine.loss(torch.zeros(3, 4, 4))
    assert mine.log_average.shape == (3,)
    torch.testing.assert_close(mine.log_average, torch.zeros(3))
    torch.testing.assert_close(mine.value(torch.zeros(4, 4)), torch.tensor(0.0))


# --- the networks ------------------------------------------------------------------------------


def test_stacked_critic_equals_separate_networks():
    torch.manual_seed(0)
    crit = vb.SeparableCritic(3, 2, hidden=(8, 8), embed=4, n_models=3)
    x, y = torch.randn(3, 5, 3), torch.randn(3, 5, 2)
    s = crit(x, y)
    assert s.shape == (3, 5, 5)
    for k in range(3):
        g, h = mlp(3, 8, 8, 4), mlp(2, 8, 8, 4)
        for net, stacked in ((g, crit.g), (h, crit.h)):
            lins = [m for m in net if isinstance(m, torch.nn.Linear)]
            for lin, w, b in zip(lins, stacked.weights, stacked.biases):
                lin.weight.data.copy_(w[k].T)
                lin.bias.data.copy_(b[k, 0])
        torch.testing.assert_close(s[k], g(x[k]) @ h(y[k]).T)
    assert not torch.allclose(s[0], s[1])           # independent initialisations
    # a single batch is shared by all models
    assert crit(x[0], y[0]).shape == (3, 5, 5)


def test_joint_critic_scores_every_pair():
    torch.manual_seed(0)
    crit = vb.JointCritic(2, 3, hidden=(6,))
    x, y = torch.randn(4, 2), torch.randn(5, 3)
    s = crit(x, y)
    assert s.shape == (4, 5)
    torch.testing.assert_close(s[2, 3], crit(x[2:3], y[3:4])[0, 0])


def test_joint_critic_learns_the_gaussian_mi():
    torch.manual_seed(0)
    res = vb.staircase(("infonce",), (1.0,), dim=1, batch_size=32, steps_per_level=300, n_runs=1,
                       critic="joint", hidden=16, lr=5e-3, show_progress=False)
    assert abs(res.estimates["infonce"][0, -100:].mean() - 1.0) < 0.25


def test_gaussian_conditional_log_prob():
    torch.manual_seed(0)
    q = vb.GaussianConditional(2, 3, hidden=8)
    s, t = torch.randn(6, 2), torch.randn(6, 3)
    out = q.net(s[None])[0]
    want = torch.distributions.Normal(out[:, :3], torch.exp(0.5 * out[:, 3:])).log_prob(t).sum(-1)
    torch.testing.assert_close(q.log_prob(s, t), want)
    m = q.log_prob_matrix(s, t)
    torch.testing.assert_close(m.diagonal(), want)
    torch.testing.assert_close(m[1, 4], q.log_prob(s[1:2], t[4:5])[0])


# --- the staircase -----------------------------------------------------------------------------


def test_staircase_shapes_ceiling_and_learning():
    res = vb.staircase(("infonce", "nwj", "mine", "ba", "club"), (1.0, 2.0), dim=4, batch_size=32,
                       steps_per_level=250, n_runs=2, lr=2e-3, seed=0, show_progress=False)
    assert res.true_mi.shape == (500,) and set(res.true_mi) == {1.0, 2.0}
    assert all(v.shape == (2, 500) for v in res.estimates.values())
    assert (res.estimates["infonce"] <= math.log(32) + 1e-6).all()
    last = {k: v[:, -100:].mean(1) for k, v in res.estimates.items()}  # per run, at I = 2 nats
    assert (abs(last["ba"] - 2.0) < 0.25).all()          # the right decoder family: nearly tight
    assert ((1.2 < last["infonce"]) & (last["infonce"] < 2.1)).all()
    assert (last["club"] > 3.0).all()                    # q close to p(y|x): above the truth
    for name in ("nwj", "mine"):                         # learning, and below the truth
        assert ((0.7 < last[name]) & (last[name] < 2.2)).all()


# --- contrastive learning on digits ------------------------------------------------------------


def test_augment_digits():
    x = torch.as_tensor(data.digits()[0][:50])
    same = vb.augment_digits(x, max_shift=0, noise_std=0.0, mask_prob=0.0)
    assert torch.equal(same, x)
    g = torch.Generator().manual_seed(0)
    masked = vb.augment_digits(torch.ones(200, 64), generator=g, max_shift=0, noise_std=0.0, mask_prob=0.3)
    assert abs((masked == 0).float().mean().item() - 0.3) < 0.02
    shifted = vb.augment_digits(x, generator=g, max_shift=1, noise_std=0.0, mask_prob=0.0)
    assert shifted.sum() <= x.sum() + 1e-4           # a shift can only push ink out of the frame
    assert not torch.equal(shifted, x)


def test_train_contrastive_raises_the_bound():
    x = data.digits()[0]
    enc, hist = vb.train_contrastive(x, steps=60, batch_size=64, lr=3e-3, seed=0, show_progress=False)
    assert (hist <= math.log(64) + 1e-6).all()
    assert hist[-10:].mean() > hist[:10].mean() + 0.3
    assert vb.encode(enc, x[:3]).shape == (3, 32)


def test_linear_probe():
    rng = np.random.default_rng(0)
    f = rng.normal(size=(200, 2))
    y = (f[:, 0] > 0).astype(int)
    assert vb.linear_probe(f[:100], y[:100], f[100:], y[100:]) > 0.95
    assert vb.linear_probe(rng.normal(size=(100, 2)), y[:100], f[100:], y[100:]) < 0.75


# --- bad input ---------------------------------------------------------------------------------


@pytest.mark.parametrize("call, error, match", [
    (lambda: vb.infonce([[1.0, 0.0], [0.0, 1.0]]), TypeError, "scores"),
    (lambda: vb.infonce(torch.ones(2, 2, dtype=torch.int64)), TypeError, "scores"),
    (lambda: vb.nwj(torch.zeros(3, 2)), ValueError, "scores"),
    (lambda: vb.donsker_varadhan(torch.zeros(1, 1)), ValueError, "scores"),
    (lambda: vb.infonce(torch.zeros(4)), ValueError, "scores"),
    (lambda: vb.smile(torch.tensor([[0.0, float("nan")], [0.0, 0.0]])), ValueError, "scores"),
    (lambda: vb.smile(torch.zeros(2, 2), clip=0.0), ValueError, "clip"),
    (lambda: vb.smile(torch.zeros(2, 2), clip="5"), TypeError, "clip"),
    (lambda: vb.club(np.zeros((2, 2))), TypeError, "log_q"),
    (lambda: vb.barber_agakov(torch.zeros(3), "1.0"), TypeError, "entropy"),
    (lambda: vb.barber_agakov(torch.zeros(3), float("inf")), ValueError, "entropy"),
    (lambda: vb.barber_agakov(torch.zeros(0), 1.0), ValueError, "log_q"),
    (lambda: vb.gaussian_mi(1.0), ValueError, "rho"),
    (lambda: vb.gaussian_mi("0.5"), TypeError, "rho"),
    (lambda: vb.gaussian_mi(0.5, dim=0), ValueError, "dim"),
    (lambda: vb.gaussian_mi(0.5, dim=2.0), TypeError, "dim"),
    (lambda: vb.rho_for_mi(-1.0), ValueError, "mi"),
    (lambda: vb.rho_for_mi(40.0, dim=1), ValueError, "mi / dim"),
    (lambda: vb.correlated_gaussians(0, 2, 0.5), ValueError, "n"),
    (lambda: vb.gaussian_log_ratio(torch.zeros(2, 3), torch.zeros(2, 2), 0.5), ValueError, "x and y"),
    (lambda: vb.gaussian_log_ratio(torch.zeros(2, 3), [[0.0] * 3], 0.5), TypeError, "y"),
    (lambda: vb.MINE(rate=0.0), ValueError, "rate"),
    (lambda: vb.gaussian_dv_scaled(5.0, 0.8), ValueError, "a must"),
    (lambda: vb.gaussian_dv_scaled("1", 0.8), TypeError, "a"),
    (lambda: vb.MINE(rate=None), TypeError, "rate"),
    (lambda: vb.SeparableCritic(2, 2)(torch.zeros(3, 5), torch.zeros(3, 2)), ValueError, "x"),
    (lambda: vb.SeparableCritic(2, 2, n_models=2)(torch.zeros(3, 4, 2), torch.zeros(3, 4, 2)), ValueError, "x"),
    (lambda: vb.SeparableCritic(2, 2, embed=0), ValueError, "embed"),
    (lambda: vb.JointCritic(2, "2"), TypeError, "dim_y"),
    (lambda: vb.GaussianConditional(2, 2).log_prob(torch.zeros(3, 2), torch.zeros(3, 4)), ValueError, "target"),
    (lambda: vb.staircase(("infonce", "mine-f")), ValueError, "estimators"),
    (lambda: vb.staircase("infonce"), TypeError, "estimators"),
    (lambda: vb.staircase(mi_levels=(1.0, -2.0)), ValueError, "mi_levels"),
    (lambda: vb.staircase(critic="bilinear"), ValueError, "critic"),
    (lambda: vb.staircase(batch_size=1), ValueError, "batch_size"),
    (lambda: vb.augment_digits(torch.zeros(3, 10)), ValueError, "x"),
    (lambda: vb.augment_digits(torch.zeros(3, 64), mask_prob=1.0), ValueError, "mask_prob"),
    (lambda: vb.train_contrastive(np.zeros((10, 64)), batch_size=20), ValueError, "batch_size"),
    (lambda: vb.train_contrastive(np.zeros((10, 64)), temperature=0), ValueError, "temperature"),
    (lambda: vb.encode("net", np.zeros((2, 64))), TypeError, "encoder"),
    (lambda: vb.linear_probe(np.zeros((4, 2)), [0, 1, 0, 1], np.zeros((4, 3)), [0, 1, 0, 1]), ValueError, "features"),
    (lambda: vb.linear_probe(np.zeros((4, 2)), [0, 1, 0], np.zeros((4, 2)), [0, 1, 0, 1]), ValueError, "y_train"),
    (lambda: vb.linear_probe(np.zeros((4, 2)), [0, 1, 0, 1], np.zeros((4, 2)), [0, 1, 0, 1], C=-1), ValueError, "C"),
])
def test_bad_input(call, error, match):
    with pytest.raises(error, match=match):
        call()
