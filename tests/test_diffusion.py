"""itml.diffusion: schedule, forward process, embedding, training, sampling, closed-form MI, bad input."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from itml import diffusion as D

# ------------------------------------------------------------------------- schedule

def test_linear_schedule_matches_ho_et_al():
    b = D.linear_beta_schedule(1000)
    assert b.shape == (1000,) and b.dtype == torch.float32
    assert b[0].item() == pytest.approx(1e-4) and b[-1].item() == pytest.approx(0.02)
    assert torch.all(b[1:] > b[:-1])
    np.testing.assert_allclose(b.numpy(), np.linspace(1e-4, 0.02, 1000), rtol=1e-6)


@pytest.mark.parametrize("n_steps", [50, 100, 200, 1000])
def test_rescaled_schedule_keeps_alpha_bar_T_tiny(n_steps):
    b = D.linear_beta_schedule(n_steps)
    ab = D.alpha_bar_from_betas(b)
    assert b.sum().item() == pytest.approx(10.05, rel=1e-4)  # sum of betas independent of T
    assert ab.shape == (n_steps + 1,) and ab[0] == 1
    assert torch.all(ab[1:] < ab[:-1])
    assert 1e-6 < ab[-1] < 1e-4  # about exp(-sum beta), a little less for larger betas


def test_alpha_bar_is_the_cumulative_product():
    b = torch.tensor([0.1, 0.2, 0.3])
    ab = D.alpha_bar_from_betas(b)
    np.testing.assert_allclose(ab.numpy(), [1, 0.9, 0.72, 0.504], rtol=1e-6)


# -------------------------------------------------------------------- forward process

def test_q_sample_matches_the_formula():
    ab = D.alpha_bar_from_betas(D.linear_beta_schedule(100))
    x0, noise = torch.randn(8, 3), torch.randn(8, 3)
    t = torch.arange(0, 100, 13)[:8]
    out = D.q_sample(x0, t, noise, ab)
    for b in range(8):
        a = ab[t[b]]
        torch.testing.assert_close(out[b], a.sqrt() * x0[b] + (1 - a).sqrt() * noise[b])
    torch.testing.assert_close(D.q_sample(x0, 0, noise, ab), x0)  # t = 0 is the data


def test_q_sample_broadcasts_along_the_batch_when_B_equals_D():
    # The bug of the popular snippet: alpha_bar[t] of shape (B,) times x0 of shape (B, B)
    # scales feature b instead of example b. q_sample must scale rows.
    ab = D.alpha_bar_from_betas(D.linear_beta_schedule(100))
    x0, t = torch.ones(4, 4), torch.tensor([1, 30, 60, 100])
    out = D.q_sample(x0, t, torch.zeros(4, 4), ab)
    torch.testing.assert_close(out, ab[t].sqrt()[:, None].expand(4, 4))
    wrong = ab[t].sqrt() * x0  # what the snippet computes
    assert not torch.allclose(out, wrong)
    torch.testing.assert_close(wrong, out.T)


@pytest.mark.parametrize("shape", [(5,), (5, 2), (5, 3, 4), (5, 1, 2, 2)])
def test_q_sample_any_trailing_shape(shape):
    ab = torch.tensor([1.0, 0.64, 0.25])
    t = torch.tensor([0, 1, 2, 1, 0])
    out = D.q_sample(torch.ones(shape), t, torch.ones(shape), ab)
    expected = torch.tensor([1.0, 1.4, 1.366025, 1.4, 1.0]).reshape(-1, *[1] * (len(shape) - 1))
    torch.testing.assert_close(out, expected.expand(shape))


def test_q_sample_statistics():
    # For x0 ~ N(0, s^2): x_t ~ N(0, ab s^2 + 1 - ab) and corr(x0, x_t)^2 = ab s^2 / (ab s^2 + 1 - ab).
    g = torch.Generator().manual_seed(0)
    ab = D.alpha_bar_from_betas(D.linear_beta_schedule(100))
    n, s, t = 200_000, 2.0, 20
    x0 = s * torch.randn(n, 1, generator=g)
    xt = D.q_sample(x0, t, torch.randn(n, 1, generator=g), ab)
    a = ab[t].item()
    assert xt.mean().item() == pytest.approx(0.0, abs=0.02)
    assert xt.var().item() == pytest.approx(a * s**2 + 1 - a, rel=0.02)
    rho2 = np.corrcoef(x0[:, 0].numpy(), xt[:, 0].numpy())[0, 1] ** 2
    assert rho2 == pytest.approx(a * s**2 / (a * s**2 + 1 - a), abs=0.01)


# ------------------------------------------------------------------------- embedding

def test_sinusoidal_embedding_shape_and_values():
    e = D.sinusoidal_embedding(torch.arange(10), 32)
    assert e.shape == (10, 32)
    torch.testing.assert_close(e[0], torch.cat([torch.zeros(16), torch.ones(16)]))
    torch.testing.assert_close(e[:, :16] ** 2 + e[:, 16:] ** 2, torch.ones(10, 16))
    assert D.sinusoidal_embedding(3, 8).shape == (1, 8)


def test_sinusoidal_embedding_is_deterministic_and_distinct():
    t = torch.arange(1, 1001)
    e1, e2 = D.sinusoidal_embedding(t, 32), D.sinusoidal_embedding(t, 32)
    assert torch.equal(e1, e2)
    dist = torch.cdist(e1, e1) + torch.eye(1000) * 10
    assert dist.min() > 1e-3  # every step gets its own embedding
    # neighbouring steps are closer than far-apart ones
    assert (e1[1] - e1[0]).norm() < (e1[500] - e1[0]).norm()


# ----------------------------------------------------------------- model and training

def test_model_output_shape():
    m = D.EpsilonMLP(dim=3, hidden=16, n_layers=2, t_dim=8)
    assert m(torch.randn(7, 3), torch.randint(1, 10, (7,))).shape == (7, 3)


def test_training_reduces_the_loss():
    torch.manual_seed(0)
    x = np.random.default_rng(0).normal(size=(512, 2)).astype(np.float32) * 0.1 + 1.0
    model = D.EpsilonMLP(2, hidden=32, n_layers=2)
    losses = D.train_ddpm(model, x, D.linear_beta_schedule(30), steps=300, batch_size=128,
                          lr=5e-3, show_progress=False)
    assert len(losses) == 300 and all(np.isfinite(losses))
    assert np.mean(losses[-50:]) < 0.7 * np.mean(losses[:20])


def test_training_is_reproducible():
    x = np.random.default_rng(0).normal(size=(64, 2)).astype(np.float32)
    runs = []
    for _ in range(2):
        torch.manual_seed(1)
        runs.append(D.train_ddpm(D.EpsilonMLP(2, hidden=8), x, D.linear_beta_schedule(30), steps=20,
                                 batch_size=16, seed=3, show_progress=False))
    assert runs[0] == runs[1]


def test_sample_shapes_and_path():
    torch.manual_seed(0)
    m, b = D.EpsilonMLP(2, hidden=8), D.linear_beta_schedule(30)
    x = D.sample(m, b, 6, seed=1)
    assert x.shape == (6, 2) and torch.isfinite(x).all()
    path = D.sample(m, b, 6, seed=1, return_path=True)
    assert path.shape == (31, 6, 2)
    torch.testing.assert_close(path[0], x)
    torch.testing.assert_close(path[-1], torch.randn(6, 2, generator=torch.Generator().manual_seed(1)))


def test_sample_with_a_perfect_model_of_gaussian_data():
    # Data N(0, I): the noised marginal stays N(0, I), the optimal predictor is
    # eps*(x_t, t) = sqrt(1 - ab_t) x_t, and ancestral sampling must return N(0, I).
    b = D.linear_beta_schedule(100)
    ab = D.alpha_bar_from_betas(b)

    class Oracle(D.EpsilonMLP):
        def forward(self, x_t, t):
            return (1 - ab[t]).sqrt()[:, None] * x_t

    x = D.sample(Oracle(2, hidden=1), b, 50_000, seed=0)
    assert x.mean(0).abs().max() < 0.02
    np.testing.assert_allclose(np.cov(x.numpy().T), np.eye(2), atol=0.03)


# ------------------------------------------------------------------ dtype and device

def test_float64_models_train_sample_and_predict():
    # The old code fed float32 data or noise to a float64 model: "mat1 and mat2 must have the same dtype".
    b = D.linear_beta_schedule(30)
    torch.manual_seed(0)
    m = D.EpsilonMLP(2, hidden=8).double()
    x = np.random.default_rng(0).normal(size=(32, 2))
    losses = D.train_ddpm(m, x, b, steps=3, batch_size=8, show_progress=False)
    assert len(losses) == 3 and np.isfinite(losses).all()
    out = D.sample(m, b, 4, seed=0, return_path=True)
    assert out.dtype == torch.float64 and out.shape == (31, 4, 2)
    m32 = D.EpsilonMLP(2, hidden=8)
    assert m32(torch.zeros(3, 2, dtype=torch.float64), torch.arange(3)).dtype == torch.float32
    assert D.sample(m32, b, 2).dtype == torch.float32


def test_train_ddpm_trains_the_model_where_it_is(monkeypatch):
    # The old code moved the model to itml.device() behind the caller's back; pretend that device is "meta".
    monkeypatch.setattr(D, "_default_device", lambda: torch.device("meta"), raising=False)
    m = D.EpsilonMLP(2, hidden=8)
    D.train_ddpm(m, np.zeros((16, 2), dtype=np.float32), D.linear_beta_schedule(30), steps=2,
                 batch_size=4, show_progress=False)
    assert all(p.device.type == "cpu" for p in m.parameters())


def test_train_ddpm_leaves_the_global_rng_alone():
    m = D.EpsilonMLP(2, hidden=8)
    torch.manual_seed(123)
    before = torch.get_rng_state()
    D.train_ddpm(m, np.zeros((16, 2), dtype=np.float32), D.linear_beta_schedule(30),
                 steps=2, batch_size=4, show_progress=False)
    assert torch.equal(before, torch.get_rng_state())


@pytest.mark.skipif(not torch.cuda.is_available(), reason="needs a GPU")
def test_sample_returns_tensors_on_the_model_device():
    m = D.EpsilonMLP(2, hidden=8).cuda()
    b = D.linear_beta_schedule(30)
    assert D.sample(m, b, 3).device.type == "cuda"
    assert D.sample(m, b, 3, return_path=True).device.type == "cuda"
    D.train_ddpm(m, np.zeros((16, 2), dtype=np.float32), b, steps=2, batch_size=4, show_progress=False)
    assert next(m.parameters()).device.type == "cuda"
    assert D.variational_bound(m, b, np.zeros((3, 2))).shape == (3,)


# ---------------------------------------------------------------- variational bound

class GaussianOracle(D.EpsilonMLP):
    """The exact noise predictor E[eps | x_t] for data N(mu, s^2 I): sqrt(1 - ab)(x_t - sqrt(ab) mu) / v_t."""

    def __init__(self, betas, mu, s, dim=1):
        super().__init__(dim, hidden=1, n_layers=1)
        self.ab = torch.cat([torch.ones(1, dtype=torch.float64), torch.cumprod(1 - betas.double(), 0)])
        self.mu, self.s = mu, s

    def forward(self, x_t, t):
        a = self.ab[t.cpu()].to(x_t)[:, None]
        return (1 - a).sqrt() * (x_t - a.sqrt() * self.mu) / (a * self.s**2 + 1 - a)


def expected_bound_gaussian(betas, mu, s, d=1):
    """E over x0 ~ N(mu, s^2 I) of the bound of the oracle, from E||eps - eps*||^2 = d ab s^2 / v_t (no MC)."""
    b = betas.double().numpy()
    al = 1 - b
    ab = np.concatenate([[1.0], np.cumprod(al)])
    mse = d * ab * s**2 / (ab * s**2 + 1 - ab)
    T = len(b)
    t = np.arange(2, T + 1)
    r = (1 - ab[t - 1]) / (1 - ab[t])
    kl = (0.5 * d * (r - 1 - np.log(r)) + b[t - 1] / (2 * al[t - 1] * (1 - ab[t])) * mse[t]).sum()
    l0 = 0.5 * d * np.log(2 * np.pi * b[0]) + mse[1] / (2 * al[0])
    lT = 0.5 * d * (ab[T] * (s**2 + mu**2) - ab[T] - np.log1p(-ab[T]))
    return l0 + kl + lT


def gaussian_nll(x, mu, s):
    return (0.5 * np.log(2 * np.pi * s**2) + 0.5 * ((x - mu) / s) ** 2).sum(1)


def test_variational_bound_is_tight_for_standard_gaussian_data():
    # Data N(0, I): the reverse chain with sigma_t^2 = beta_t is exact, so the posterior of the
    # chain is q(x_{1:T} | x0) and the bound equals -log p(x0) for every example (in expectation).
    b = D.linear_beta_schedule(100)
    m = GaussianOracle(b, 0.0, 1.0, dim=2).double()
    for point in ([-2.0, 0.5], [0.0, 0.0], [1.5, 3.0]):
        x = torch.tensor([point] * 4000, dtype=torch.float64)  # 4000 independent draws for one x0
        vb = D.variational_bound(m, b, x, seed=1)
        assert vb.mean() == pytest.approx(gaussian_nll(x[:1].numpy(), 0.0, 1.0)[0], abs=4 * vb.std() / 63)
    assert expected_bound_gaussian(b, 0.0, 1.0, d=2) == pytest.approx(np.log(2 * np.pi * np.e), abs=1e-10)


@pytest.mark.parametrize("mu, s", [(1.0, 0.5), (0.0, 2.0)])
def test_variational_bound_matches_its_expectation_and_exceeds_the_nll(mu, s):
    b = D.linear_beta_schedule(100)
    g = torch.Generator().manual_seed(0)
    n = 20_000
    x = mu + s * torch.randn(n, 1, generator=g, dtype=torch.float64)
    vb = D.variational_bound(GaussianOracle(b, mu, s), b, x, seed=2)  # float32 model, float64 data
    se = vb.std() / np.sqrt(n)
    assert vb.mean() == pytest.approx(expected_bound_gaussian(b, mu, s), abs=4 * se)
    # the exact NLL of the data distribution, same x0: the bound is above it on average
    gap = vb - gaussian_nll(x.numpy(), mu, s)
    assert gap.mean() > -4 * gap.std() / np.sqrt(n)
    assert abs(gap.mean()) < 0.05


def test_variational_bound_approaches_the_nll_as_T_grows():
    mu, s = 1.0, 0.5
    entropy = 0.5 * np.log(2 * np.pi * np.e * s**2)
    gaps = [expected_bound_gaussian(D.linear_beta_schedule(T), mu, s) - entropy for T in (25, 100, 1000)]
    assert 0 < gaps[2] < gaps[1] < gaps[0] and gaps[2] < 0.002  # about 0.045, 0.011, 0.0011 nats
    # and the MC estimate sees it: at T = 25 the bound is clearly above the entropy
    b = D.linear_beta_schedule(25)
    x = mu + s * torch.randn(20_000, 1, generator=torch.Generator().manual_seed(3), dtype=torch.float64)
    vb = D.variational_bound(GaussianOracle(b, mu, s).double(), b, x, n_draws=4)
    nll = gaussian_nll(x.numpy(), mu, s)
    assert (vb - nll).mean() == pytest.approx(gaps[0], abs=0.015)


def test_variational_bound_prior_term_closed_form():
    b = D.linear_beta_schedule(50)
    x = torch.tensor([[0.0, 0.0], [3.0, -1.0]])
    lT = D.variational_bound(D.EpsilonMLP(2, hidden=4), b, x, terms=True)[:, -1]
    a = D.alpha_bar_from_betas(b).double()[-1]
    q = torch.distributions.Normal(a.sqrt() * x.double(), (1 - a).sqrt())
    p = torch.distributions.Normal(torch.zeros(2, dtype=torch.float64), torch.ones(2, dtype=torch.float64))
    np.testing.assert_allclose(lT, torch.distributions.kl_divergence(q, p).sum(1).numpy(), rtol=1e-5)


def test_variational_bound_against_a_loop_over_t():
    # Brute force: step by step, the KL between the Gaussian posterior q(x_{t-1} | x_t, x0) and
    # p_theta(x_{t-1} | x_t) from their means and variances, with the same draws of eps.
    torch.manual_seed(0)
    T, n, d, draws = 12, 7, 2, 3
    b = D.linear_beta_schedule(T, beta_start=0.01, beta_end=0.3).double()
    m = D.EpsilonMLP(d, hidden=16).double()
    x0 = torch.randn(n, d, dtype=torch.float64)
    terms = D.variational_bound(m, b, x0, n_draws=draws, seed=7, terms=True, max_rows=20)
    ab = torch.cat([torch.ones(1, dtype=torch.float64), torch.cumprod(1 - b, 0)])
    N = torch.distributions.Normal
    ref = torch.zeros(n, T + 1, dtype=torch.float64)
    g = torch.Generator().manual_seed(7)
    for _ in range(draws):
        for t in range(1, T + 1):
            eps = torch.randn(n, d, generator=g, dtype=torch.float64)
            x_t = ab[t].sqrt() * x0 + (1 - ab[t]).sqrt() * eps
            with torch.no_grad():
                e = m(x_t, torch.full((n,), t))
            mean_p = (x_t - b[t - 1] / (1 - ab[t]).sqrt() * e) / (1 - b[t - 1]).sqrt()
            p = N(mean_p, b[t - 1].sqrt())
            if t == 1:
                ref[:, 0] -= p.log_prob(x0).sum(1) / draws
            else:
                mean_q = (ab[t - 1].sqrt() * b[t - 1] * x0
                          + (1 - b[t - 1]).sqrt() * (1 - ab[t - 1]) * x_t) / (1 - ab[t])
                var_q = (1 - ab[t - 1]) / (1 - ab[t]) * b[t - 1]
                kl = torch.distributions.kl_divergence(N(mean_q, var_q.sqrt()), p)
                ref[:, t - 1] += kl.sum(1) / draws
    ref[:, T] = torch.distributions.kl_divergence(N(ab[T].sqrt() * x0, (1 - ab[T]).sqrt()), N(0.0, 1.0)).sum(1)
    np.testing.assert_allclose(terms, ref.numpy(), rtol=1e-9, atol=1e-9)
    total = D.variational_bound(m, b, x0, n_draws=draws, seed=7)
    np.testing.assert_allclose(total, ref.sum(1).numpy(), rtol=1e-9)
    np.testing.assert_allclose(D.variational_bound(m, b, x0, n_draws=draws, seed=7, base=2), total / np.log(2))
    # the chunking does not change the draws
    np.testing.assert_allclose(D.variational_bound(m, b, x0, n_draws=draws, seed=7, max_rows=10**6), total)


def test_variational_bound_is_reproducible_and_leaves_the_model_mode():
    m, b = D.EpsilonMLP(2, hidden=8), D.linear_beta_schedule(30)
    m.train()
    x = np.random.default_rng(0).normal(size=(10, 2))  # float64 NumPy data, float32 model
    v1 = D.variational_bound(m, b, x, seed=3)
    assert m.training
    np.testing.assert_array_equal(v1, D.variational_bound(m, b, x, seed=3))
    assert not np.array_equal(v1, D.variational_bound(m, b, x, seed=4))


@pytest.mark.parametrize(
    "kwargs, match, err",
    [
        (dict(x0=np.zeros((3, 3))), r"x0 must have shape \(N, 2\)", ValueError),
        (dict(x0=np.full((3, 2), np.nan)), "x0 contains NaN", ValueError),
        (dict(betas=torch.tensor([0.1])), "at least 2 steps", ValueError),
        (dict(n_draws=0), "n_draws must be", ValueError),
        (dict(n_draws=1.0), "n_draws must be an integer", TypeError),
        (dict(seed=-1), "seed must be", ValueError),
        (dict(base=1), "base must be", ValueError),
    ],
)
def test_variational_bound_bad_input(kwargs, match, err):
    args = dict(model=D.EpsilonMLP(2, hidden=4), betas=D.linear_beta_schedule(30), x0=np.zeros((3, 2)))
    args.update(kwargs)
    with pytest.raises(err, match=match):
        D.variational_bound(**args)


# ---------------------------------------------------------------------- information

def test_gaussian_mi_closed_form():
    ab = np.array([1.0, 0.5, 0.2, 0.0])
    mi = D.gaussian_mi(ab, var=2.0)
    assert mi[0] == np.inf and mi[-1] == 0.0
    assert mi[1] == pytest.approx(0.5 * np.log(3.0))
    assert mi[2] == pytest.approx(0.5 * np.log(1 + 0.4 / 0.8))
    assert D.gaussian_mi(0.5, base=2) == pytest.approx(0.5)
    # equals -1/2 log(1 - rho^2) with rho^2 = ab s^2 / (ab s^2 + 1 - ab)
    rho2 = 0.2 * 2 / (0.2 * 2 + 0.8)
    assert mi[2] == pytest.approx(-0.5 * np.log(1 - rho2))


def test_gaussian_mi_decreases_along_the_schedule():
    mi = D.gaussian_mi(D.alpha_bar_from_betas(D.linear_beta_schedule(100)).double().numpy())
    assert np.all(np.diff(mi) < 0)
    assert mi[-1] < 1e-4


# ------------------------------------------------------------------------- bad input

AB = D.alpha_bar_from_betas(D.linear_beta_schedule(30))


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(t=torch.tensor([0, 31])), r"t must lie in \[0, 30\]"),
        (dict(t=torch.tensor([-1, 3])), r"t must lie in \[0, 30\]"),
        (dict(t=torch.tensor([1, 2, 3])), r"t must have shape \(2,\)"),
        (dict(t=31), r"t must lie in"),
        (dict(noise=torch.zeros(2, 4)), "noise must have the shape of x0"),
        (dict(x0=torch.tensor([[np.nan, 0.0, 0.0], [0.0, 0.0, 0.0]])), "x0 contains NaN"),
        (dict(noise=torch.full((2, 3), np.inf)), "noise contains NaN or inf"),
        (dict(alpha_bar=torch.tensor([0.9, 0.5])), "alpha_bar must start at 1"),
        (dict(alpha_bar=torch.tensor([1.0, 0.5, 0.7])), "alpha_bar must start at 1 and decrease"),
        (dict(alpha_bar=torch.ones(2, 2)), "alpha_bar must be 1-D"),
        (dict(x0=torch.zeros(0, 3)), "x0 is empty"),
    ],
)
def test_q_sample_bad_input(kwargs, match):
    args = dict(x0=torch.zeros(2, 3), t=torch.tensor([1, 2]), noise=torch.zeros(2, 3), alpha_bar=AB)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        D.q_sample(**args)


@pytest.mark.parametrize(
    "kwargs, match",
    [
        (dict(t=torch.tensor([1.0, 2.0])), "t must be an integer"),
        (dict(t=1.5), "t must be an integer"),
        (dict(x0=torch.zeros(2, 3, dtype=torch.long)), "x0 must be a floating-point"),
        (dict(noise=[["a"] * 3] * 2), "noise must be an array of numbers"),
    ],
)
def test_q_sample_wrong_type(kwargs, match):
    args = dict(x0=torch.zeros(2, 3), t=torch.tensor([1, 2]), noise=torch.zeros(2, 3), alpha_bar=AB)
    args.update(kwargs)
    with pytest.raises(TypeError, match=match):
        D.q_sample(**args)


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: D.linear_beta_schedule(0), "n_steps must be a positive integer"),
        (lambda: D.linear_beta_schedule(20), "n_steps must exceed 20"),
        (lambda: D.linear_beta_schedule(20, beta_end=1.5), r"beta_end must be a finite number > 0 and < 1"),
        (lambda: D.linear_beta_schedule(30, beta_start=0.0), r"beta_start must be a finite number > 0 and < 1"),
        (lambda: D.linear_beta_schedule(30, beta_start=np.nan), "beta_start must be a finite number"),
        (lambda: D.linear_beta_schedule(20, beta_start=0.5, beta_end=0.1), "must not exceed"),
        (lambda: D.alpha_bar_from_betas(torch.tensor([0.1, 1.0])), "betas must lie strictly"),
        (lambda: D.alpha_bar_from_betas(torch.tensor([0.1, np.nan])), "betas contains NaN"),
        (lambda: D.alpha_bar_from_betas(torch.full((2, 2), 0.1)), "betas must be 1-D"),
        (lambda: D.sinusoidal_embedding(torch.arange(3), 7), "dim must be even"),
        (lambda: D.sinusoidal_embedding(torch.arange(3), 0), "dim must be a positive integer"),
        (lambda: D.sinusoidal_embedding(torch.zeros(2, 2), 4), "t must be a number or a 1-D"),
        (lambda: D.sinusoidal_embedding(torch.tensor([np.nan]), 4), "t contains NaN"),
        (lambda: D.EpsilonMLP(0), "dim must be a positive integer"),
        (lambda: D.EpsilonMLP(2)(torch.zeros(3, 5), torch.ones(3, dtype=torch.long)), r"x_t must have shape \(B, 2\)"),
        (lambda: D.EpsilonMLP(2)(torch.zeros(3, 2), torch.ones(4, dtype=torch.long)), r"t must have shape \(3,\)"),
        (lambda: D.train_ddpm(D.EpsilonMLP(2), np.zeros((4, 3)), AB[1:], steps=1), "x_train must have shape"),
        (lambda: D.train_ddpm(D.EpsilonMLP(2), np.full((4, 2), np.nan), D.linear_beta_schedule(30)),
         "x_train contains NaN"),
        (lambda: D.train_ddpm(D.EpsilonMLP(2), np.zeros((4, 2)), D.linear_beta_schedule(30), steps=0), "steps must be"),
        (lambda: D.train_ddpm(D.EpsilonMLP(2), np.zeros((4, 2)), D.linear_beta_schedule(30), lr=-1.0), "lr must be"),
        (lambda: D.sample(D.EpsilonMLP(2), D.linear_beta_schedule(30), 0), "n_samples must be"),
        (lambda: D.gaussian_mi([0.5, 1.2]), r"alpha_bar must lie in \[0, 1\]"),
        (lambda: D.gaussian_mi([0.5, np.nan]), "alpha_bar contains NaN"),
        (lambda: D.gaussian_mi(0.5, var=0.0), "var must be a finite number > 0"),
        (lambda: D.sinusoidal_embedding(torch.arange(3), 4, max_period=1.0), "max_period must be"),
        (lambda: D.gaussian_mi(0.5, base=1), "base must be"),
    ],
)
def test_bad_input(call, match):
    with pytest.raises(ValueError, match=match):
        call()


@pytest.mark.parametrize(
    "call, match",
    [
        (lambda: D.linear_beta_schedule(2.5), "n_steps must be an integer"),
        (lambda: D.linear_beta_schedule(30, beta_start="0.001"), "beta_start must be a real number"),
        (lambda: D.linear_beta_schedule(30, beta_end=torch.tensor(0.02)), "beta_end must be a real number"),
        (lambda: D.alpha_bar_from_betas(["a", "b"]), "betas must be an array of numbers"),
        (lambda: D.sinusoidal_embedding(torch.arange(3), 4.0), "dim must be an integer"),
        (lambda: D.sinusoidal_embedding([0, 1], 4), "t must be a number or a 1-D tensor"),
        (lambda: D.sinusoidal_embedding(torch.tensor([True]), 4), "t must be a number or a 1-D tensor"),
        (lambda: D.EpsilonMLP(2, hidden=8.0), "hidden must be an integer"),
        (lambda: D.sample(D.EpsilonMLP(2), D.linear_beta_schedule(30), 4.0), "n_samples must be an integer"),
        (lambda: D.gaussian_mi(0.5, var="1"), "var must be a real number"),
        (lambda: D.gaussian_mi("0.5"), "alpha_bar must be an array of numbers"),
    ],
)
def test_wrong_type(call, match):
    with pytest.raises(TypeError, match=match):
        call()
