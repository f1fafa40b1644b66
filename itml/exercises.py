r"""Self-checks for the practice problems: tell a learner whether an answer is right, never what it is.

>>> from itml.exercises import check
>>> check("entropy-dyadic", 1.75)
Correct: 1.75 bits.
True
>>> check("entropy-dyadic", 1.213)
Not yet: that is the answer in nats; the question asks for bits.
False

The rule is the one a reader expects: an answer is right when it rounds to the book's
solution at the precision the question asks for (``decimals``), so ``0.407`` and ``0.40721``
both solve a question asked to three decimals whose solution is 0.40721. Each question states
its unit; an answer given in the other information unit (nats for bits, or bits for nats) and a
few classic slips get a hint of their own, and no hint states the solution.

Adding a problem
----------------
Add one entry to ``_PROBLEMS`` (the order is the order of the practice page) and ask the
question once on ``book/practice.md``, in the form the tests parse::

    "my-problem": _Problem(
        chapter="entropy",                  # the {ref}`chapter-...` label it belongs to
        expected=lambda: ...,               # computed, never typed in
        unit="bits",                        # "bits", "nats", or "" for a pure number
        decimals=3,                         # the precision the question asks for
        hint="a nudge that names no number and no closed form of the answer",
        traps=((wrong_value, "why this wrong answer is wrong"),),
    ),
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Callable

import numpy as np
from scipy.special import softmax

from . import calibration, coding, measures
from .losses import binary_cross_entropy_with_logits

__all__ = ["check", "problems"]

INFORMATION_UNITS = {"bits": math.log(2), "nats": 1.0}
"""Size of each information unit in nats; an answer in the other unit gets its own hint."""


@dataclass(frozen=True, kw_only=True)
class _Problem:
    """What the checker needs; the question itself is on the practice page (book/practice.md)."""

    chapter: str
    expected: Callable[[], object]
    unit: str
    """``"bits"`` or ``"nats"`` for information, ``""`` for a pure number (a probability, a count...)."""
    hint: str
    decimals: int = 3
    """The precision the question asks for: the answer must round to the solution at it."""
    traps: tuple[tuple[object, str], ...] = field(default_factory=tuple)
    """Classic wrong answers and the hint that explains each."""


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


def _tennis_table():
    # Outlook: sunny 2 yes / 3 no, overcast 4 / 0, rain 3 / 2; play: 9 yes / 5 no.
    return np.array([[2, 3], [4, 0], [3, 2]], dtype=float) / 14


def _vae_kl(mu, log_var):
    return 0.5 * sum(m**2 + math.exp(lv) - lv - 1 for m, lv in zip(mu, log_var))


def _bits_back_net(q, prior, likelihood):
    """Expected growth of a bits-back message in bits: E_q[-log2 p(x|z)] + KL(q || prior), the negative ELBO."""
    q = np.asarray(q, dtype=float)
    return float(q @ -np.log2(likelihood)) + measures.kl_divergence(q, prior, base=2)


_SOFTMAX_LOGITS = np.array([3.0, 1.0, 0.2])
_VAE_MU, _VAE_LOG_VAR = (0.5, -0.3), (-0.5, -1.0)
_RANS_FREQS, _RANS_MESSAGE = np.array([128, 96, 32]), [0, 1, 2, 0]   # a, b, c out of 2**8; "a b c a"
_BB_Q, _BB_PRIOR, _BB_LIKELIHOOD = [0.75, 0.25], [0.5, 0.5], [1 / 4, 1 / 16]

_PROBLEMS: dict[str, _Problem] = {
    # --- the classic practice problems
    "mi-feature-choice": _Problem(
        chapter="feature-selection",
        expected=lambda: frozenset({"A", "B"}),
        unit="",
        hint="compare each feature's score with the threshold, one feature at a time.",
        traps=((frozenset({"A"}), "that keeps only the best feature; the rule keeps every feature that reaches "
                                  "the threshold."),
               (frozenset({"A", "B", "C"}), "one of these features scores below the threshold (whether it could "
                                            "still help together with another is discussed in the solution)."),),
    ),
    "vae-kl": _Problem(
        chapter="vae",
        expected=lambda: _vae_kl(_VAE_MU, _VAE_LOG_VAR),
        unit="nats",
        hint="use the closed-form KL of a diagonal Gaussian against N(0, I) from the KL chapter; the encoder "
             "outputs log-variances, so exponentiate them.",
        traps=((0.408, "close, but the exponentials were rounded before summing: keep full precision and round "
                       "only the result."),
               (2 * _vae_kl(_VAE_MU, _VAE_LOG_VAR), "the closed form has a factor of one half in front of the sum."),
               (_vae_kl(_VAE_MU, [2 * v for v in _VAE_LOG_VAR]),
                "that reads the encoder's output as log sigma; it is log sigma^2, the log-variance.")),
    ),
    "temperature-max-prob": _Problem(
        chapter="distillation",
        expected=lambda: float(softmax(_SOFTMAX_LOGITS / 4).max()),
        unit="",
        hint="apply the temperature to the logits the way the distillation chapter defines it, then take the "
             "softmax.",
        traps=((float(softmax(_SOFTMAX_LOGITS).max()), "that is the softmax at T = 1: the temperature was not used."),
               (float(softmax(_SOFTMAX_LOGITS * 4).max()), "that multiplies the logits by T; the temperature "
                                                           "divides them.")),
    ),
    "temperature-limit": _Problem(
        chapter="distillation",
        expected=lambda: np.array([1.0, 0.0, 0.0]),
        unit="",
        hint="ask what happens to the gaps between the scaled logits as T shrinks.",
        traps=((np.full(3, 1 / 3), "that is the limit of a very high temperature, T -> infinity."),
               (softmax(_SOFTMAX_LOGITS), "that is the softmax at T = 1, the unscaled one.")),
    ),
    # --- two per chapter
    "entropy-dyadic": _Problem(
        chapter="entropy",
        expected=lambda: measures.entropy([0.5, 0.25, 0.125, 0.125], base=2),
        unit="bits",
        hint="weight the surprise of each outcome, measured with log base 2, by its probability.",
        traps=((2.0, "that is the entropy of four equally likely outcomes; these are not equally likely."),),
    ),
    "entropy-die": _Problem(
        chapter="entropy",
        expected=lambda: measures.entropy(np.full(6, 1 / 6), base=2),
        unit="bits",
        hint="all outcomes are equally likely; the entropy chapter gives the entropy of such a distribution.",
        traps=((6.0, "that is the number of outcomes; the entropy is a logarithm."),),
    ),
    "mi-bsc": _Problem(
        chapter="mutual-information",
        expected=lambda: measures.mutual_information(_bsc_pxy(0.1), base=2),
        unit="bits",
        hint="start from the uncertainty of the output and subtract what the noise leaves uncertain once the "
             "input is known.",
        traps=((measures.entropy([0.1, 0.9], base=2),
                "that is what the noise leaves uncertain, H(Y|X); the question asks what gets through."),
               (0.9, "that is the probability that a bit arrives unchanged, not the information it carries.")),
    ),
    "mi-square": _Problem(
        chapter="mutual-information",
        expected=lambda: measures.entropy([0.2, 0.4, 0.4], base=2),
        unit="bits",
        hint="Y is determined by X; what is left uncertain about Y once X is known?",
        traps=((0.0, "that is the correlation of X and Y; mutual information sees nonlinear dependence."),
               (math.log2(5), "that is H(X); knowing Y does not tell the sign of X.")),
    ),
    "kl-coins": _Problem(
        chapter="kl-divergence",
        expected=lambda: measures.kl_divergence([0.5, 0.5], [0.9, 0.1]),
        unit="nats",
        hint="average the log-ratio of the two distributions under the first one, with the natural log.",
        traps=((measures.kl_divergence([0.9, 0.1], [0.5, 0.5]),
                "that is KL(q || p): the arguments are the other way round."),),
    ),
    "kl-gauss-shift": _Problem(
        chapter="kl-divergence",
        expected=lambda: 0.5,
        unit="nats",
        hint="use the KL between two univariate Gaussians (exercise 2 of the KL chapter); here only the means "
             "differ.",
        traps=((1.0, "the closed form has a factor of one half that seems to be missing."),),
    ),
    "bce-extreme-logit": _Problem(
        chapter="cross-entropy",
        expected=lambda: binary_cross_entropy_with_logits([0.0], [1000.0]),
        unit="nats",
        hint="do not go through the sigmoid: write the loss in terms of the logit, as the cross-entropy chapter "
             "does.",
        traps=((-math.log(1e-10), "that is -log(1e-10): the eps clamp, not the loss."),
               (100.0, "that is PyTorch's clamp of the log at -100 in binary_cross_entropy, not the loss.")),
    ),
    "ce-uniform-guess": _Problem(
        chapter="cross-entropy",
        expected=lambda: measures.cross_entropy([1.0, 0, 0, 0], [0.25] * 4),
        unit="nats",
        hint="the loss of one example is the surprise of its true class under the model.",
        traps=((0.25, "that is the probability of the true class; the loss is its surprise."),),
    ),
    "xor-pair": _Problem(
        chapter="feature-selection",
        expected=lambda: measures.entropy([0.5, 0.5], base=2),
        unit="bits",
        hint="ask how much uncertainty about Y is left once both A and B are known.",
        traps=((0.0, "that is the information of a single feature; the question asks about the pair."),),
    ),
    "gauss-mi": _Problem(
        chapter="feature-selection",
        expected=lambda: -0.5 * math.log(1 - 0.9**2),
        unit="nats",
        hint="for a Gaussian pair the mutual information depends on the correlation alone; the feature-selection "
             "chapter gives the closed form.",
        traps=((-0.5 * math.log(1 - 0.9), "the closed form uses the square of the correlation."),
               (-math.log(1 - 0.9**2), "the closed form has a factor of one half.")),
    ),
    "tennis-entropy": _Problem(
        chapter="decision-trees",
        expected=lambda: measures.entropy([9 / 14, 5 / 14], base=2),
        unit="bits",
        hint="Play takes two values; compute its entropy from the label frequencies.",
        traps=((1.0, "that is the entropy of a fair coin; the labels are not split evenly."),),
    ),
    "tennis-ig-outlook": _Problem(
        chapter="decision-trees",
        expected=lambda: measures.mutual_information(_tennis_table(), base=2),
        unit="bits",
        hint="the gain is the label entropy before the split minus the entropy left after it, averaged over the "
             "branches as the decision-trees chapter does.",
        traps=((measures.entropy([9 / 14, 5 / 14], base=2)
                - np.mean([measures.entropy(r / r.sum(), base=2) for r in _tennis_table()]),
                "that averages the branches' entropies without weighting each by its share of the days."),),
    ),
    "ib-mod2": _Problem(
        chapter="information-bottleneck",
        expected=lambda: 1.0,
        unit="bits",
        hint="the encoder is deterministic: what does I(X;T) reduce to when T is a function of X?",
        traps=((3.0, "that is H(X); the encoder keeps only part of X."),),
    ),
    "ib-cluster-bound": _Problem(
        chapter="information-bottleneck",
        expected=lambda: 2.0,
        unit="bits",
        hint="bound I(X;T) by a property of T alone; the entropy chapter has the bound that finishes it.",
        traps=((4.0, "that is the number of clusters; information is a logarithm."),),
    ),
    "distill-entropy-gap": _Problem(
        chapter="distillation",
        expected=lambda: measures.entropy([0.7, 0.2, 0.1]),
        unit="nats",
        hint="split the cross-entropy into two terms, one of which does not depend on the student.",
        traps=((0.0, "the student's gradients agree for the two losses, but their values do not."),),
    ),
    "mdl-total": _Problem(
        chapter="pruning",
        expected=lambda: 2000 + 5000 * 0.1,
        unit="bits",
        decimals=0,
        hint="a two-part code pays for both of its parts.",
        traps=((2000.0, "that is the model's part only; the labels must be sent too."),
               (500.0, "that is the labels' part only; the receiver needs the model as well."),
               (7000.0, "each label costs a tenth of a bit, not a whole bit.")),
    ),
    "mdl-quant-bits": _Problem(
        chapter="pruning",
        expected=lambda: 1000 * 4 + 64,
        unit="bits",
        decimals=0,
        hint="count every bit the receiver needs to rebuild the weights.",
        traps=((4000.0, "the header is part of the code: without it the 4-bit codes cannot be decoded."),),
    ),
    "ppl-uniform": _Problem(
        chapter="language-models",
        expected=lambda: 27.0,
        unit="",
        hint="perplexity is the number of equally likely choices that would be as surprising as the model.",
        traps=((math.log(27), "that is the cross-entropy in nats; the perplexity undoes the logarithm."),
               (2 ** math.log(27), "that raises 2 to a cross-entropy measured in nats: the base must match the "
                                   "unit.")),
    ),
    "ppl-bits": _Problem(
        chapter="language-models",
        expected=lambda: 2**1.5,
        unit="",
        decimals=2,
        hint="perplexity undoes the logarithm of the cross-entropy; mind the unit the 1.5 is measured in.",
        traps=((math.exp(1.5), "that is exp of a cross-entropy measured in bits: the base must match the unit."),
               (1.5, "that is the cross-entropy itself; the perplexity undoes its logarithm.")),
    ),
    "vae-kl-wide": _Problem(
        chapter="vae",
        expected=lambda: 0.5 * (4 - math.log(4) - 1),
        unit="nats",
        hint="use the Gaussian KL of the KL chapter with a zero mean; 4 is a variance.",
        traps=((0.5 * (16 - math.log(16) - 1), "that treats 4 as the standard deviation; it is the variance."),),
    ),
    "gan-equilibrium": _Problem(
        chapter="gan",
        expected=lambda: -math.log(4),
        unit="nats",
        hint="find the optimal discriminator when the two distributions are equal, then put it into both terms "
             "of V.",
        traps=((0.0, "that is the Jensen-Shannon divergence at equilibrium, not the value V."),
               (-math.log(2), "V has two expectation terms, one for real and one for generated samples."),
               (math.log(4), "V adds logarithms of probabilities, so it cannot be positive.")),
    ),
    "gan-jsd-max": _Problem(
        chapter="gan",
        expected=lambda: measures.js_divergence([1.0, 0.0], [0.0, 1.0], base=2),
        unit="bits",
        hint="the JS divergence compares each distribution with their average: try the most different pair of "
             "distributions you can think of.",
    ),
    "diffusion-mi": _Problem(
        chapter="diffusion",
        expected=lambda: 0.5 * math.log(1 + 0.5 / (1 - 0.5)),
        unit="nats",
        hint="X_t is X0 sent through a Gaussian channel: work out its signal-to-noise ratio first.",
        traps=((math.log(2), "the information of a Gaussian channel has a factor of one half."),),
    ),
    "diffusion-alpha-bar": _Problem(
        chapter="diffusion",
        expected=lambda: (1 - 0.1) ** 2,
        unit="",
        hint="alpha_bar accumulates the share of the signal that every step keeps.",
        traps=((0.8, "that subtracts the betas; the steps multiply."),
               (0.9, "that is one step; there are two."),
               (0.01, "that multiplies the betas; each step keeps 1 - beta of the signal.")),
    ),
    "rans-message-length": _Problem(
        chapter="bits-back",
        expected=lambda: coding.ideal_code_length(_RANS_MESSAGE, np.tile(_RANS_FREQS / _RANS_FREQS.sum(), (4, 1))),
        unit="bits",
        hint="each symbol costs the surprise, in log base 2, of its share of the total count; add the costs "
             "symbol by symbol over the message.",
        traps=((32.0, "that is b bits for every symbol, the precision of the frequencies; a symbol costs the "
                      "logarithm of its share of the total."),
               (4 * measures.entropy(_RANS_FREQS / _RANS_FREQS.sum(), base=2),
                "that is four times the entropy, what four symbols cost on average; price the symbols of "
                "this message.")),
    ),
    "bits-back-net": _Problem(
        chapter="bits-back",
        expected=lambda: _bits_back_net(_BB_Q, _BB_PRIOR, _BB_LIKELIHOOD),
        unit="bits",
        hint="follow the message through the three moves once for each value of z, then average with the "
             "encoder's probabilities; the pop takes bits off.",
        traps=((float(np.dot(_BB_Q, -np.log2(_BB_LIKELIHOOD)) + 1.0),
                "that codes z under the prior and then x, and forgets the bits the first move takes off the "
                "message."),
               (float(-np.log2(np.dot(_BB_PRIOR, _BB_LIKELIHOOD))),
                "that is -log2 p(x), reached only when the encoder is the exact posterior; this one is not."),
               (float(np.dot(_BB_Q, -np.log2(_BB_LIKELIHOOD)) + 1.0 + measures.entropy(_BB_Q, base=2)),
                "the pop shortens the message: subtract the bits it takes, do not add them."),
               *((float(-np.log2(lik) + 1.0 + np.log2(qz)),
                  "that is the growth for one value of z; average over both, weighted by the encoder.")
                 for qz, lik in zip(_BB_Q, _BB_LIKELIHOOD))),
    ),
    "bec-capacity": _Problem(
        chapter="bits-back",
        expected=lambda: measures.mutual_information([[0.35, 0.15, 0.0], [0.0, 0.15, 0.35]], base=2),
        unit="bits",
        hint="the receiver knows which uses were erased: ask how much of the input an output leaves "
             "uncertain, then pick the input distribution that makes the most of the channel.",
        traps=((1 - measures.entropy([0.3, 0.7], base=2),
                "that treats an erasure as a flip; the receiver knows which bits are missing."),
               (0.3, "that is the share of erased uses, not the information that gets through.")),
    ),
    "ls-target-entropy": _Problem(
        chapter="calibration",
        expected=lambda: measures.entropy(_smoothed_target(0.1, 10)),
        unit="nats",
        hint="write the target down first: eps is spread over all K classes, then take its entropy with the "
             "natural log.",
        traps=((measures.entropy([0.9] + [0.1 / 9] * 9),
                "that spreads eps over the 9 wrong classes only; PyTorch spreads it over all K classes, "
                "so the label keeps 1 - eps + eps/K."),
               (-9 * 0.01 * math.log(0.01),
                "include the label's own term, -(1 - eps + eps/K) log(1 - eps + eps/K).")),
    ),
    "ece-two-bins": _Problem(
        chapter="calibration",
        expected=_two_bin_ece,
        unit="",
        hint="in each bin take |accuracy - mean confidence|, then weight the bins by their share of the images.",
        traps=((0.2, "that averages the two bins' gaps without weighting them by their sizes."),),
    ),
    "temperature-closed-form": _Problem(
        chapter="calibration",
        expected=lambda: calibration.fit_temperature([[2.0, 0.0]] * 4, [0, 0, 0, 1]),
        unit="",
        hint="with two classes the NLL depends on T only through sigmoid(2 / T); at its minimum the predicted "
             "chance of the majority class matches how often the labels show it.",
        traps=((math.log(3) / 2, "that is 1/T: the temperature divides the logits."),
               (1.0, "at T = 1 the model gives class 0 a probability of sigmoid(2), more than the 3 in 4 "
                     "that the labels show.")),
    ),
    "prior-shift": _Problem(
        chapter="calibration",
        expected=lambda: float(calibration.prior_shift([0.8], [0.5, 0.5], [0.95, 0.05])[0]),
        unit="",
        hint="Bayes' rule: reweight both classes by how their frequency changed between training and use, "
             "then make the two probabilities sum to 1 again.",
        traps=((0.8, "that ignores the change of class frequencies between training and use."),
               (0.08, "that is 0.8 x 0.05 / 0.5, the numerator only: divide by the same term summed over "
                      "both classes."),
               (0.04, "0.8 x 0.05 leaves out the training frequency 0.5, and the result must still be "
                      "renormalised over both classes.")),
    ),
    "nmi-infonce-cap": _Problem(
        chapter="neural-mi",
        expected=lambda: math.log(128),
        unit="nats",
        hint="write InfoNCE as a constant minus the cross-entropy of picking the positive among the N candidates; "
             "how small can a cross-entropy be?",
        traps=((math.log(127), "the denominator sums over the positive pair as well as the negatives: "
                               "count all N, not only the N - 1 negatives."),
               (128.0, "that is N itself; the estimate is a logarithm.")),
    ),
    "nmi-gauss-10d": _Problem(
        chapter="neural-mi",
        expected=lambda: -0.5 * 10 * math.log(1 - 0.9**2),
        unit="nats",
        hint="the information of independent pairs adds; the feature-selection chapter gives one pair's share.",
        traps=((-0.5 * math.log(1 - 0.9**2), "that is one coordinate pair; the 10 independent pairs add up."),
               (-0.5 * 10 * math.log(1 - 0.9), "use 1 - rho^2, not 1 - rho.")),
    ),
    "nmi-batch-for-8-nats": _Problem(
        chapter="neural-mi",
        expected=lambda: float(math.ceil(math.exp(8))),
        unit="",
        decimals=0,
        hint="the ceiling is log N with the natural log; solve log N >= 8 for an integer N.",
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


def _round(value, decimals: int) -> Decimal:
    """``value`` rounded half-up at ``decimals``, from its shortest decimal form (as a reader types it)."""
    return Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def _same_number(answer, target, decimals: int) -> bool:
    if _round(answer, decimals) + 0 == _round(target, decimals) + 0:
        return True
    # A more precise answer that is the target correctly rounded at its own precision (1.8205 for
    # 1.82048) is right too, although rounding it again at ``decimals`` would give 1.821.
    typed = Decimal(repr(float(answer)))
    places = -typed.as_tuple().exponent
    return places > decimals and typed + 0 == _round(target, places) + 0


def _same(answer, target, decimals: int) -> bool:
    """Whether ``answer`` rounds to ``target`` at ``decimals`` (element-wise for vectors, exactly for sets)."""
    if isinstance(target, frozenset):
        return answer == target
    a, t = np.atleast_1d(answer), np.atleast_1d(np.asarray(target, dtype=float))
    return a.shape == t.shape and all(_same_number(x, y, decimals) for x, y in zip(a, t))


def _format(value, decimals: int) -> str:
    s = f"{_round(value, decimals) + 0:f}"  # + 0 turns -0.000 into 0.000
    return s.rstrip("0").rstrip(".") if "." in s else s


def _describe(expected, prob: _Problem) -> str:
    if isinstance(expected, frozenset):
        return "{" + ", ".join(sorted(expected)) + "}"
    if isinstance(expected, np.ndarray):
        return "[" + ", ".join(_format(v, prob.decimals) for v in expected) + "]"
    unit = "bit" if prob.unit == "bits" and _format(expected, prob.decimals) == "1" else prob.unit
    return f"{_format(expected, prob.decimals)} {unit}".strip()


def _traps(prob: _Problem, expected) -> list[tuple[object, str]]:
    """The problem's own traps, then the same answer in the other information unit."""
    traps = list(prob.traps)
    if prob.unit in INFORMATION_UNITS:
        other = "nats" if prob.unit == "bits" else "bits"
        in_other = float(expected) * INFORMATION_UNITS[prob.unit] / INFORMATION_UNITS[other]
        traps.append((in_other, f"that is the answer in {other}; the question asks for {prob.unit}."))
    return traps


def _parse(problem_id: str, answer, expected):
    """The answer in the form of ``expected``, or a ValueError that says what was expected."""
    if isinstance(expected, frozenset):
        if isinstance(answer, str) or not hasattr(answer, "__iter__"):
            raise ValueError(f"answer must be a collection of names for {problem_id!r}, got {answer!r}")
        return frozenset(str(a).strip().upper() for a in answer)
    if isinstance(expected, np.ndarray):
        try:
            got = np.asarray(answer, dtype=float)
        except (TypeError, ValueError):
            raise ValueError(f"answer must be a vector of numbers for {problem_id!r}, got {answer!r}") from None
        if got.shape != expected.shape or not np.isfinite(got).all():
            raise ValueError(f"answer must be {expected.size} finite numbers for {problem_id!r}, got {answer!r}")
        return got
    try:
        got = float(answer)
    except (TypeError, ValueError):
        raise ValueError(f"answer must be a number for {problem_id!r}, got {answer!r}") from None
    if not math.isfinite(got):
        raise ValueError(f"answer must be a finite number for {problem_id!r}, got {answer!r}")
    return got


def check(problem_id: str, answer) -> bool:
    r"""Print whether ``answer`` solves ``problem_id`` (with a hint when it does not) and return it.

    .. math:: \text{correct} \iff \operatorname{round}_d(a) = \operatorname{round}_d(a^*)

    where :math:`d` is the number of decimals the question asks for and rounding is half-up on the
    number as written (so 0.4075 rounds to 0.408, although its binary float lies just below). An
    answer given to more decimals is also right when it is the solution correctly rounded at its
    own precision (1.8205 for a solution of 1.82048 asked to three decimals).
    Vectors are compared element-wise, sets of names exactly (case and surrounding spaces
    ignored). Units are those the question states (bits or nats, or none for a pure number). A
    wrong answer is never revealed; a known wrong answer, including the right one in the other
    information unit, gets a hint on the likely slip.

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
    >>> check("vae-kl", 0.407)
    Correct: 0.407 nats.
    True
    >>> check("entropy-die", 1.792)
    Not yet: that is the answer in nats; the question asks for bits.
    False
    """
    prob = _get(problem_id)
    expected = prob.expected()
    got = _parse(problem_id, answer, expected)
    if _same(got, expected, prob.decimals):
        print(f"Correct: {_describe(expected, prob)}.")
        return True
    for trap, why in _traps(prob, expected):
        if _same(got, trap, prob.decimals):
            print(f"Not yet: {why}")
            return False
    print(f"Not yet. Hint: {prob.hint}")
    return False
