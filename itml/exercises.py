r"""Self-checks for the practice problems: tell a learner whether an answer is right, never what it is.

>>> from itml.exercises import check
>>> check("entropy-dyadic", 1.75)
Correct: 1.75 bits.
True
>>> check("entropy-dyadic", 2.0)
Not yet. Hint: use base 2 and weight each -log2 p(x) by p(x).
False

The expected values are computed from ``itml`` functions or closed forms, with a tolerance
for numbers; :func:`problems` lists the problem ids.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Callable

import numpy as np
from scipy.special import softmax

from . import calibration, measures
from .losses import binary_cross_entropy_with_logits

__all__ = ["check", "problems"]


@dataclass(frozen=True)
class _Problem:
    """What the checker needs; the question itself is on the practice page (book/practice.md)."""

    chapter: str
    expected: Callable[[], object]
    hint: str
    unit: str = ""
    tol: float = 5e-4
    traps: tuple[tuple[float, str], ...] = field(default_factory=tuple)
    """Common wrong numbers and the hint that explains each."""


def _bsc_pxy(eps):
    return np.array([[0.5 * (1 - eps), 0.5 * eps], [0.5 * eps, 0.5 * (1 - eps)]])


def _smoothed_target(eps, k):
    target = np.full(k, eps / k)
    target[0] += 1 - eps
    return target


def _two_bin_ece():
    # confidence 0.9 on 30 images (24 right), 0.6 on 10 images (3 right)
    conf = np.r_[np.full(30, 0.9), np.full(10, 0.6)]
    right = np.r_[np.ones(24), np.zeros(6), np.ones(3), np.zeros(7)].astype(int)
    return calibration.ece(conf, right, n_bins=10)


def _tennis_ig_outlook():
    # Outlook: sunny 2 yes / 3 no, overcast 4 / 0, rain 3 / 2; play: 9 yes / 5 no.
    pxy = np.array([[2, 3], [4, 0], [3, 2]], dtype=float) / 14
    return measures.mutual_information(pxy, base=2)


_PROBLEMS: dict[str, _Problem] = {
    # --- the three classic practice problems
    "mi-feature-choice": _Problem(
        "feature-selection",
        lambda: frozenset({"A", "B"}),
        "rank by MI and keep the informative ones; then remember that I(C;Y) = 0 does not rule out "
        "C being useful together with another feature (XOR).",
    ),
    "vae-kl": _Problem(
        "vae",
        lambda: 0.5 * sum(m**2 + math.exp(lv) - lv - 1 for m, lv in [(0.5, -0.5), (-0.3, -1.0)]),
        "KL = 1/2 sum(mu^2 + sigma^2 - log sigma^2 - 1), with sigma^2 = exp(log sigma^2).",
        unit="nats", tol=2.5e-4,  # accepts 0.407 (three decimals), rejects 0.4075 (exp rounded first)
        traps=((0.408, "close, but exp(-0.5) and exp(-1) were rounded before summing: keep full precision."),
               (0.4075, "close, but exp(-0.5) and exp(-1) were rounded before summing: keep full precision.")),
    ),
    "temperature-max-prob": _Problem(
        "distillation",
        lambda: float(softmax(np.array([3, 1, 0.2]) / 4).max()),
        "divide the logits by T before the softmax; higher T flattens the distribution.",
    ),
    "temperature-limit": _Problem(
        "distillation",
        lambda: np.array([1.0, 0.0, 0.0]),
        "T -> 0+ sharpens, T -> infinity flattens, and T = 1 is the unscaled softmax itself.",
        tol=1e-6,
    ),
    # --- two per chapter
    "entropy-dyadic": _Problem(
        "entropy",
        lambda: measures.entropy([0.5, 0.25, 0.125, 0.125], base=2),
        "use base 2 and weight each -log2 p(x) by p(x).", unit="bits",
    ),
    "entropy-die": _Problem(
        "entropy",
        lambda: measures.entropy(np.full(6, 1 / 6), base=2),
        "a uniform distribution over K outcomes has entropy log K.", unit="bits",
    ),
    "mi-bsc": _Problem(
        "mutual-information",
        lambda: measures.mutual_information(_bsc_pxy(0.1), base=2),
        "I(X;Y) = H(Y) - H(Y|X), and H(Y|X) is the binary entropy of the flip probability.", unit="bits",
    ),
    "mi-square": _Problem(
        "mutual-information",
        lambda: measures.entropy([0.2, 0.4, 0.4], base=2),
        "Y is a function of X, so H(Y|X) = 0 and I(X;Y) = H(Y).", unit="bits",
    ),
    "kl-coins": _Problem(
        "kl-divergence",
        lambda: measures.kl_divergence([0.5, 0.5], [0.9, 0.1]),
        "sum p(x) log(p(x)/q(x)) with the natural log; the order of the arguments matters.", unit="nats",
        traps=((0.3681, "that is KL(q || p): the arguments are the other way round."),),
    ),
    "kl-gauss-shift": _Problem(
        "kl-divergence",
        lambda: 0.5,
        "for equal variances the KL is (mu1 - mu2)^2 / (2 sigma^2).", unit="nats",
    ),
    "bce-extreme-logit": _Problem(
        "cross-entropy",
        lambda: binary_cross_entropy_with_logits([0.0], [1000.0]),
        "compute from the logit: max(z, 0) - y z + log(1 + exp(-|z|)); an eps clamp gives the wrong answer.",
        unit="nats", tol=1e-6,
        traps=((23.0259, "that is -log(1e-10): the eps clamp, not the loss."),
               (100.0, "that is PyTorch's clamp of log at -100 in binary_cross_entropy, not the loss.")),
    ),
    "ce-uniform-guess": _Problem(
        "cross-entropy",
        lambda: measures.cross_entropy([1.0, 0, 0, 0], [0.25] * 4),
        "-log q(true class) with q = 1/4.", unit="nats",
    ),
    "xor-pair": _Problem(
        "feature-selection",
        lambda: measures.entropy([0.5, 0.5], base=2),
        "each of A and B alone tells nothing about Y, but together they determine it.", unit="bits",
        traps=((0.0, "that is I(A;Y) for a single feature; the question asks about the pair."),),
    ),
    "gauss-mi": _Problem(
        "feature-selection",
        lambda: -0.5 * math.log(1 - 0.9**2), "I = -1/2 log(1 - rho^2).", unit="nats",
    ),
    "tennis-entropy": _Problem(
        "decision-trees",
        lambda: measures.entropy([9 / 14, 5 / 14], base=2), "binary entropy of 9/14.", unit="bits",
    ),
    "tennis-ig-outlook": _Problem(
        "decision-trees",
        _tennis_ig_outlook,
        "IG = H(Play) - sum_v |D_v|/|D| H(Play | Outlook = v).", unit="bits", tol=1e-3,
    ),
    "ib-mod2": _Problem(
        "information-bottleneck",
        lambda: 1.0, "a deterministic encoder has I(X;T) = H(T).", unit="bits",
    ),
    "ib-cluster-bound": _Problem(
        "information-bottleneck",
        lambda: 2.0, "I(X;T) <= H(T) <= log |T|.", unit="bits",
    ),
    "distill-entropy-gap": _Problem(
        "distillation",
        lambda: measures.entropy([0.7, 0.2, 0.1]),
        "CE(p, q) = H(p) + KL(p || q).", unit="nats",
    ),
    "mdl-total": _Problem(
        "pruning",
        lambda: 2000 + 5000 * 0.1,
        "two-part code: bits for the model plus bits for the data given the model.",
        unit="bits", tol=1e-6,
    ),
    "mdl-quant-bits": _Problem(
        "pruning",
        lambda: 1000 * 4 + 64, "count bits per weight times weights, then the header.", unit="bits", tol=1e-6,
    ),
    "ppl-uniform": _Problem(
        "language-models",
        lambda: 27.0, "perplexity is exp of the cross-entropy in nats.", tol=1e-6,
    ),
    "ppl-bits": _Problem(
        "language-models",
        lambda: 2**1.5, "PPL = 2 ** (cross-entropy in bits).",
    ),
    "vae-kl-wide": _Problem(
        "vae",
        lambda: 0.5 * (4 - math.log(4) - 1), "1/2 (sigma^2 - log sigma^2 - 1) for a zero mean.", unit="nats",
    ),
    "gan-equilibrium": _Problem(
        "gan",
        lambda: -math.log(4), "D* = 1/2 everywhere; V = log(1/2) + log(1/2).", unit="nats",
    ),
    "gan-jsd-max": _Problem(
        "gan",
        lambda: measures.js_divergence([1.0, 0.0], [0.0, 1.0], base=2),
        "JS = 1/2 KL(p||m) + 1/2 KL(q||m) with m the average; try disjoint supports.", unit="bits",
    ),
    "diffusion-mi": _Problem(
        "diffusion",
        lambda: 0.5 * math.log(1 + 0.5 / (1 - 0.5)), "I = 1/2 log(1 + alpha_bar sigma^2 / (1 - alpha_bar)).",
        unit="nats",
    ),
    "diffusion-alpha-bar": _Problem(
        "diffusion",
        lambda: (1 - 0.1) ** 2, "alpha_bar_t is the product of (1 - beta_s).", tol=1e-9,
    ),
    "ls-target-entropy": _Problem(
        "calibration",
        lambda: measures.entropy(_smoothed_target(0.1, 10)),
        "write the target down first: eps is spread over all K classes, then H = -sum p log p with the natural log.",
        unit="nats",
        traps=((measures.entropy(_smoothed_target(0.1, 10), base=2),
                "that is the entropy in bits; the question asks for nats."),
               (measures.entropy([0.9] + [0.1 / 9] * 9),
                "that spreads eps over the 9 wrong classes only; PyTorch spreads it over all K classes, "
                "so the label keeps 1 - eps + eps/K."),
               (-9 * 0.01 * math.log(0.01),
                "include the label's own term, -(1 - eps + eps/K) log(1 - eps + eps/K).")),
    ),
    "ece-two-bins": _Problem(
        "calibration",
        _two_bin_ece,
        "in each bin take |accuracy - mean confidence|, then weight the bins by their share of the images.",
        traps=((0.2, "that averages the two bins' gaps without weighting them by their sizes."),),
    ),
    "temperature-closed-form": _Problem(
        "calibration",
        lambda: calibration.fit_temperature([[2.0, 0.0]] * 4, [0, 0, 0, 1]),
        "with two classes the NLL depends on T only through sigmoid(2 / T); at its minimum the predicted "
        "chance of the majority class matches how often the labels show it.",
        traps=((math.log(3) / 2, "that is 1/T: the temperature divides the logits."),
               (1.0, "at T = 1 the model gives class 0 a probability of sigmoid(2), more than the 3 in 4 "
                     "that the labels show.")),
    ),
    "prior-shift": _Problem(
        "calibration",
        lambda: float(calibration.prior_shift([0.8], [0.5, 0.5], [0.95, 0.05])[0]),
        "Bayes' rule: reweight both classes by how their frequency changed between training and use, "
        "then make the two probabilities sum to 1 again.",
        traps=((0.8, "that ignores the change of class frequencies between training and use."),
               (0.08, "that is 0.8 x 0.05 / 0.5, the numerator only: divide by the same term summed over "
                      "both classes."),
               (0.04, "0.8 x 0.05 leaves out the training frequency 0.5, and the result must still be "
                      "renormalised over both classes.")),
    ),
    "nmi-infonce-cap": _Problem(
        "neural-mi",
        lambda: math.log(128),
        "write InfoNCE as a constant minus the cross-entropy of picking the positive among the N candidates; "
        "how small can a cross-entropy be?",
        unit="nats",
        traps=((math.log2(128), "that is the ceiling in bits; the question asks for nats."),
               (math.log(127), "the denominator sums over the positive pair as well as the negatives: "
                               "count all N, not only the N - 1 negatives."),
               (128.0, "that is N itself; the estimate is a logarithm.")),
    ),
    "nmi-gauss-10d": _Problem(
        "neural-mi",
        lambda: -0.5 * 10 * math.log(1 - 0.9**2),
        "the information of independent pairs adds, and one pair holds -1/2 log(1 - rho^2).",
        unit="nats",
        traps=((-0.5 * 10 * math.log(1 - 0.9**2) / math.log(2), "that is in bits; the question asks for nats."),
               (-0.5 * math.log(1 - 0.9**2), "that is one coordinate pair; the 10 independent pairs add up."),
               (-0.5 * 10 * math.log(1 - 0.9), "use 1 - rho^2, not 1 - rho.")),
    ),
    "nmi-batch-for-8-nats": _Problem(
        "neural-mi",
        lambda: float(math.ceil(math.exp(8))),
        "the ceiling is log N with the natural log; solve log N >= 8 for an integer N.",
        tol=0.5,
        traps=((2.0**8, "that is the batch for a ceiling of 8 bits; the question asks for 8 nats."),
               (float(math.floor(math.exp(8))), "log of that N is just below 8: round up, not down."),
               (8.0, "that is the information itself; the question asks for a batch size.")),
    ),
}


def problems() -> list[str]:
    r"""The ids of all practice problems, in the order of the book.

    Returns
    -------
    list of str
        The problem ids, for :func:`check`; the questions are on the practice page.

    Examples
    --------
    >>> "entropy-dyadic" in problems()
    True
    """
    return list(_PROBLEMS)


def _get(problem_id) -> _Problem:
    if problem_id not in _PROBLEMS:
        raise ValueError(f"problem_id {problem_id!r} is unknown; known ids: {', '.join(_PROBLEMS)}")
    return _PROBLEMS[problem_id]


def _describe(expected, unit: str) -> str:
    if isinstance(expected, frozenset):
        return "{" + ", ".join(sorted(expected)) + "}"
    if isinstance(expected, np.ndarray):
        return str(np.round(expected, 4).tolist())
    if unit == "bits" and expected == 1:
        unit = "bit"
    return f"{expected:.4g} {unit}".strip()


def check(problem_id: str, answer) -> bool:
    r"""Print whether ``answer`` solves ``problem_id`` (with a hint when it does not) and return it.

    .. math:: \text{correct} \iff |a - a^*| \le \text{tol}

    Numbers are compared with an absolute tolerance (set per problem; about 5e-4 by default),
    vectors element-wise, sets of names exactly (case and surrounding spaces ignored). Units
    are those the question asks for (bits or nats). A wrong answer is never revealed; a known
    wrong answer gets a hint on the likely slip.

    Parameters
    ----------
    problem_id : str
        One of :func:`problems`.
    answer : float, sequence of float, or collection of str
        The learner's answer, of the kind the problem asks for.

    Returns
    -------
    bool
        Whether the answer is right.

    Raises
    ------
    ValueError
        If ``problem_id`` is unknown, or ``answer`` is not of the kind the problem asks for
        (a finite number, a vector of the right length, or a collection of names).

    Examples
    --------
    >>> check("entropy-dyadic", 1.75)
    Correct: 1.75 bits.
    True
    """
    prob = _get(problem_id)
    expected = prob.expected()
    if isinstance(expected, frozenset):
        if isinstance(answer, str) or not hasattr(answer, "__iter__"):
            raise ValueError(f"answer must be a collection of names for {problem_id!r}, got {answer!r}")
        ok = frozenset(str(a).strip().upper() for a in answer) == expected
    elif isinstance(expected, np.ndarray):
        try:
            got = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"answer must be a vector of numbers for {problem_id!r}, got {answer!r}") from None
        if got.shape != expected.shape or not np.isfinite(got).all():
            raise ValueError(f"answer must be {expected.size} finite numbers for {problem_id!r}, got {answer!r}")
        ok = bool(np.all(np.abs(got - expected) <= prob.tol))
    else:
        try:
            got = float(answer)
        except (TypeError, ValueError):
            raise ValueError(f"answer must be a number for {problem_id!r}, got {answer!r}") from None
        if not math.isfinite(got):
            raise ValueError(f"answer must be a finite number for {problem_id!r}, got {answer!r}")
        ok = abs(got - expected) <= prob.tol
        if not ok:
            for trap, why in prob.traps:
                if abs(got - trap) <= max(prob.tol, 5e-4):
                    print(f"Not yet: {why}")
                    return False
    if ok:
        print(f"Correct: {_describe(expected, prob.unit)}.")
    else:
        print(f"Not yet. Hint: {prob.hint}")
    return ok
