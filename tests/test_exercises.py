"""itml.exercises: every problem accepts its printed solution and its correctly rounded forms, rejects
the classic wrong answers with a hint of their own, and never leaks the solution.

The questions themselves are written once, on the practice page (book/practice.md). The answers
below are typed in as the page prints them, not recomputed with the checker's own expressions.
"""

from __future__ import annotations

import ast
import math
import pathlib
import re

import numpy as np
import pytest

from itml import exercises
from itml.exercises import check

# The solution as the practice page prints it, and other forms a reader may type that round to it
# at the precision the question asks for.
PRINTED = {
    "mi-feature-choice": ({"A", "B"}, [["a", "b"], ("B", "A")]),
    "vae-kl": ("0.40721", [0.407, 0.4072, 0.40705]),
    "temperature-max-prob": ("0.475", [0.4755, 0.47548]),
    "temperature-limit": ([1, 0, 0], [[1.0, 0.0, 0.0], [0.9996, 0.0004, 0.0]]),
    "entropy-dyadic": ("1.75", [1.750, 1.7504]),
    "entropy-die": ("2.585", [2.58496, 2.5849]),
    "mi-bsc": ("0.531", [0.5310, 0.53100]),
    "mi-square": ("1.522", [1.5219, 1.52193]),
    "kl-coins": ("0.511", [0.5108, 0.51083]),
    "kl-gauss-shift": ("0.5", [0.5004, 0.500]),
    "bce-extreme-logit": ("1000", [1000.0, 1000.0002]),
    "ce-uniform-guess": ("1.386", [1.3863, 1.38629]),
    "xor-pair": ("1", [1.0, 1.000]),
    "gauss-mi": ("0.830", [0.8304, 0.83037]),
    "tennis-entropy": ("0.940", [0.9403, 0.94029]),
    "tennis-ig-outlook": ("0.247", [0.2467, 0.24675]),
    "ib-mod2": ("1", [1.0]),
    "ib-cluster-bound": ("2", [2.0, 2.000]),
    "distill-entropy-gap": ("0.802", [0.8018, 0.80182]),
    "mdl-total": ("2500", [2500.0, 2500.2]),
    "mdl-quant-bits": ("4064", [4064.0]),
    "ppl-uniform": ("27", [27.0, 27.0004]),
    "ppl-bits": ("2.83", [2.828, 2.8284, 2.82843]),
    "vae-kl-wide": ("0.807", [0.8069, 0.80685]),
    "gan-equilibrium": ("-1.386", [-1.3863, -1.38629]),
    "gan-jsd-max": ("1", [1.0, 1.0004]),
    "diffusion-mi": ("0.347", [0.3466, 0.34657]),
    "diffusion-alpha-bar": ("0.81", [0.810, 0.8100]),
    "rans-message-length": ("6.415", [6.4150, 6.41504]),
    "bits-back-net": ("2.689", [2.6887, 2.68872]),
    "bec-capacity": ("0.7", [0.700, 0.7000]),
    "ls-target-entropy": ("0.500", [0.5003, 0.50029]),
    "ece-two-bins": ("0.15", [0.150, 0.1500]),
    "temperature-closed-form": ("1.820", [1.8205, 1.82048]),
    "prior-shift": ("0.174", [0.1739, 0.17391]),
    "nmi-infonce-cap": ("4.852", [4.8520, 4.85203]),
    "nmi-gauss-10d": ("8.304", [8.3037, 8.30366]),
    "nmi-batch-for-8-nats": ("2981", [2981.0, 2980.96]),
}

# Classic wrong answers, and a word of the hint that each must get (None: the generic hint).
WRONG = [
    ("mi-feature-choice", {"A"}, "threshold"),
    ("mi-feature-choice", {"A", "B", "C"}, "below the threshold"),
    ("vae-kl", 0.408, "rounded"),
    ("vae-kl", 0.4075, "rounded"),            # the rounded-arithmetic value, exactly as the seed lesson has it
    ("vae-kl", 0.814, "one half"),
    ("vae-kl", 0.922, "log-variance"),
    ("vae-kl", 0.587, "bits"),
    ("temperature-max-prob", 0.836, "T = 1"),
    ("temperature-max-prob", 1.0, "multiplies"),
    ("temperature-limit", [0.333, 0.333, 0.333], "infinity"),
    ("temperature-limit", [0.836, 0.113, 0.051], "T = 1"),
    ("entropy-dyadic", 2.0, "equally likely"),
    ("entropy-dyadic", 1.213, "nats"),
    ("entropy-die", 1.792, "nats"),
    ("entropy-die", 6, "logarithm"),
    ("mi-bsc", 0.469, "H(Y|X)"),
    ("mi-bsc", 0.368, "nats"),
    ("mi-square", 0, "correlation"),
    ("mi-square", 2.322, "H(X)"),
    ("kl-coins", 0.368, "other way round"),
    ("kl-coins", 0.737, "bits"),
    ("kl-gauss-shift", 1.0, "one half"),
    ("kl-gauss-shift", 0.721, "bits"),
    ("bce-extreme-logit", 23.026, "eps"),
    ("bce-extreme-logit", 100, "clamp"),
    ("bce-extreme-logit", 1442.695, "bits"),
    ("ce-uniform-guess", 2.0, "bits"),
    ("ce-uniform-guess", 0.25, "probability"),
    ("xor-pair", 0, "single feature"),
    ("xor-pair", 0.693, "nats"),
    ("gauss-mi", 1.198, "bits"),
    ("gauss-mi", 1.151, "square"),
    ("gauss-mi", 1.661, "one half"),
    ("tennis-entropy", 0.652, "nats"),
    ("tennis-entropy", 1, "fair coin"),
    ("tennis-ig-outlook", 0.293, "weighting"),
    ("tennis-ig-outlook", 0.171, "nats"),
    ("ib-mod2", 3, "H(X)"),
    ("ib-mod2", 0.693, "nats"),
    ("ib-cluster-bound", 4, "logarithm"),
    ("ib-cluster-bound", 1.386, "nats"),
    ("distill-entropy-gap", 0, "values do not"),
    ("distill-entropy-gap", 1.157, "bits"),
    ("mdl-total", 2000, "model's part"),
    ("mdl-total", 500, "labels' part"),
    ("mdl-total", 7000, "tenth"),
    ("mdl-total", 1733, "nats"),
    ("mdl-quant-bits", 4000, "header"),
    ("ppl-uniform", 3.296, "cross-entropy in nats"),
    ("ppl-uniform", 9.821, "base must match"),
    ("ppl-bits", 4.48, "base must match"),
    ("ppl-bits", 1.5, "cross-entropy itself"),
    ("vae-kl-wide", 6.114, "standard deviation"),
    ("vae-kl-wide", 1.164, "bits"),
    ("gan-equilibrium", 0, "Jensen-Shannon"),
    ("gan-equilibrium", -0.693, "two expectation terms"),
    ("gan-equilibrium", 1.386, "cannot be positive"),
    ("gan-equilibrium", -2.0, "bits"),
    ("gan-jsd-max", 0.693, "nats"),
    ("diffusion-mi", 0.693, "one half"),
    ("diffusion-mi", 0.5, "bits"),
    ("diffusion-alpha-bar", 0.8, "multiply"),
    ("diffusion-alpha-bar", 0.9, "one step"),
    ("diffusion-alpha-bar", 0.01, "multiplies the betas"),
    ("rans-message-length", 32, "b bits for every symbol"),
    ("rans-message-length", 5.623, "four times the entropy"),
    ("rans-message-length", 4.447, "nats"),
    ("bits-back-net", 3.5, "forgets the bits"),
    ("bits-back-net", 2.678, "exact posterior"),
    ("bits-back-net", 4.311, "subtract"),
    ("bits-back-net", 2.585, "one value of z"),
    ("bits-back-net", 3, "one value of z"),
    ("bits-back-net", 1.864, "nats"),
    ("bec-capacity", 0.119, "erasure as a flip"),
    ("bec-capacity", 0.3, "erased uses"),
    ("bec-capacity", 0.485, "nats"),
    ("ls-target-entropy", 0.722, "bits"),
    ("ls-target-entropy", 0.5448, "9 wrong classes"),
    ("ls-target-entropy", 0.4145, "label's own term"),
    ("ece-two-bins", 0.2, "without weighting"),
    ("temperature-closed-form", 0.549, "1/T"),
    ("temperature-closed-form", 1.0, "sigmoid(2)"),
    ("prior-shift", 0.8, "ignores"),
    ("prior-shift", 0.08, "numerator"),
    ("prior-shift", 0.04, "renormalised"),
    ("nmi-infonce-cap", 7.0, "bits"),
    ("nmi-infonce-cap", 4.844, "N - 1 negatives"),
    ("nmi-infonce-cap", 128, "logarithm"),
    ("nmi-gauss-10d", 11.980, "bits"),
    ("nmi-gauss-10d", 0.830, "one coordinate pair"),
    ("nmi-gauss-10d", 11.513, "1 - rho^2"),           # -5 log(0.1)
    ("nmi-batch-for-8-nats", 256, "8 bits"),
    ("nmi-batch-for-8-nats", 2980, "round up"),
    ("nmi-batch-for-8-nats", 8, "batch size"),
]

# Closed forms or steps that would give the answer away if a hint stated them.
GIVEAWAYS = {
    "gan-equilibrium": ["log(1/2)", "log 4", "1/2"],
    "kl-gauss-shift": ["(mu1 - mu2)^2", "2 sigma^2", "^2 /"],
    "gauss-mi": ["1 - rho^2", "log(1 - rho", "-1/2 log"],
    "ib-cluster-bound": ["log |t|", "log|t|", "<= h(t) <=", "log 4"],
    "ppl-bits": ["2 **", "2^", "2 ^"],
    "ppl-uniform": ["exp of", "exp("],
    "vae-kl": ["1/2 sum", "mu^2 + sigma^2"],
    "vae-kl-wide": ["sigma^2 - log sigma^2"],
    "diffusion-mi": ["1/2 log(1 +", "1/2 log"],
    "entropy-die": ["log k", "log 6"],
    "mi-square": ["i(x;y) = h(y)"],
    "ce-uniform-guess": ["q = 1/4", "log 4"],
    "tennis-entropy": ["9/14"],
    "mdl-quant-bits": ["times"],
    "diffusion-alpha-bar": ["product of (1 - beta"],
    "temperature-limit": ["arg-max", "one-hot"],
    "rans-message-length": ["log2(f", "-log2", "f / m", "f/m"],
    "bits-back-net": ["elbo", "h(q)", "kl("],
    "bec-capacity": ["1 - eps", "1 - epsilon", "1 - ε", "0.7"],
}


def _answer(form):
    return float(form) if isinstance(form, str) else form


def _solution_blocks() -> dict[str, str]:
    """The text of the solution block that follows each problem on the page."""
    blocks = {}
    pattern = re.compile(r'Self-check: `check\("(?P<pid>[a-z0-9-]+)", your_answer\)`\s*'
                         r'```\{admonition\} Solution\n:class: dropdown\n(?P<text>.*?)\n```', re.S)
    for m in pattern.finditer(PAGE.read_text(encoding="utf-8")):
        blocks[m["pid"]] = m["text"]
    return blocks


PAGE = pathlib.Path(__file__).resolve().parents[1] / "book" / "practice.md"
SOURCE = pathlib.Path(exercises.__file__).read_text(encoding="utf-8")


def test_every_problem_has_a_printed_answer_here():
    assert set(PRINTED) == set(exercises.problems())
    assert {pid for pid, _, _ in WRONG} == set(exercises.problems())


@pytest.mark.parametrize("pid", sorted(PRINTED))
def test_printed_solution_and_its_rounded_forms_are_accepted(pid, capsys):
    printed, forms = PRINTED[pid]
    for form in [printed, *forms]:
        assert check(pid, _answer(form)) is True, form
        assert capsys.readouterr().out.startswith("Correct")


@pytest.mark.parametrize("pid", [pid for pid in sorted(PRINTED) if isinstance(PRINTED[pid][0], str)])
def test_the_printed_solution_is_the_one_on_the_page(pid):
    printed = PRINTED[pid][0]
    text = _solution_blocks()[pid]
    assert re.search(rf"(?<![\d.]){re.escape(printed)}(?![\d])", text), (pid, printed)


@pytest.mark.parametrize("pid", sorted(PRINTED))
def test_the_rounded_solution_is_what_the_checker_says(pid, capsys):
    printed, _ = PRINTED[pid]
    check(pid, _answer(printed))
    out = capsys.readouterr().out
    if isinstance(printed, str):
        prob = exercises._PROBLEMS[pid]
        shown = f"{float(printed):.{prob.decimals}f}".rstrip("0").rstrip(".") if prob.decimals else printed
        assert out.startswith(f"Correct: {shown}"), out


@pytest.mark.parametrize("pid, wrong, words", WRONG)
def test_classic_wrong_answers_get_their_own_hint_without_the_solution(pid, wrong, words, capsys):
    assert check(pid, wrong) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and words in out, out
    printed = PRINTED[pid][0]
    if isinstance(printed, str) and len(printed.lstrip("-")) > 1:
        assert printed not in out


def test_the_precision_is_the_question_s():
    """0.407 and 2.83 are the correctly rounded answers (the review's two cases)."""
    assert check("vae-kl", 0.407) and check("ppl-bits", 2.83)
    assert not check("vae-kl", 0.41) and not check("ppl-bits", 2.8)   # too coarse: a different number
    assert check("vae-kl", 0.4065)          # rounds half up to 0.407
    assert not check("vae-kl", 0.4064) and not check("vae-kl", 0.4076)


def test_rounding_is_half_up_on_the_number_as_typed():
    """0.4075 is stored as 0.40749999...; a reader who types it means 0.4075, which rounds to 0.408."""
    assert exercises._round(0.4075, 3) == exercises._round(0.408, 3)
    assert exercises._round(2.825, 2) == exercises._round(2.83, 2)
    assert exercises._round(-1.3855, 3) == exercises._round(-1.386, 3)


@pytest.mark.parametrize("pid", sorted(PRINTED))
def test_a_far_wrong_answer_gets_the_generic_hint(pid, capsys):
    printed = PRINTED[pid][0]
    if isinstance(printed, set):
        wrong = {"B", "C"}
    elif isinstance(printed, list):
        wrong = [0, 1, 0]
    else:
        wrong = float(printed) * 1.37 + 0.55
    assert check(pid, wrong) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet. Hint: ")


@pytest.mark.parametrize("pid", sorted(PRINTED))
def test_every_answer_in_the_other_information_unit_is_trapped(pid, capsys):
    prob = exercises._PROBLEMS[pid]
    if prob.unit not in ("bits", "nats"):
        return
    value = float(PRINTED[pid][1][-1])  # the most precise form, converted as a reader would
    other = value / math.log(2) if prob.unit == "nats" else value * math.log(2)
    assert check(pid, round(other, prob.decimals + 1)) is False
    out = capsys.readouterr().out
    assert ("in nats" if prob.unit == "bits" else "in bits") in out and f"asks for {prob.unit}" in out


@pytest.mark.parametrize("pid", sorted(PRINTED))
def test_no_trap_is_the_solution(pid):
    prob = exercises._PROBLEMS[pid]
    expected = prob.expected()
    for trap, _ in exercises._traps(prob, expected):
        assert not exercises._same(trap if isinstance(trap, frozenset) else np.asarray(trap, dtype=float),
                                   expected, prob.decimals)


_NUMBER = re.compile(r"(?<![\w.])-?\d+(?:\.\d+)?")


@pytest.mark.parametrize("pid", sorted(PRINTED))
def test_no_hint_contains_the_solution(pid):
    prob = exercises._PROBLEMS[pid]
    expected = prob.expected()
    for hint in [prob.hint] + [why for _, why in exercises._traps(prob, expected)]:
        low = hint.lower()
        for phrase in GIVEAWAYS.get(pid, []):
            assert phrase not in low, f"a hint of {pid!r} gives the answer away: {phrase!r}"
        if isinstance(expected, (frozenset, np.ndarray)):
            continue
        for token in _NUMBER.findall(hint):
            assert not exercises._same(float(token), expected, prob.decimals), (pid, token, hint)


@pytest.mark.parametrize("pid", sorted(PRINTED))
def test_each_question_states_its_unit_and_precision(pid):
    prob = exercises._PROBLEMS[pid]
    text = _questions()[pid]
    if prob.unit:
        assert f"in {prob.unit}" in text, text
    elif not isinstance(prob.expected(), frozenset):
        assert "no unit" in text, text
    else:
        assert "set of names" in text, text
    if isinstance(prob.expected(), frozenset):
        return
    assert (f"to {prob.decimals} decimals" in text) if prob.decimals else ("whole number" in text), text


def test_units_are_explicit():
    for pid, prob in exercises._PROBLEMS.items():
        assert prob.unit in ("bits", "nats", ""), pid
        assert prob.decimals >= 0, pid


def test_mi_feature_choice_is_well_posed():
    """The question gives a threshold, so exactly one set of names is right."""
    text = _questions()["mi-feature-choice"]
    assert "at least 0.1 bits" in text
    assert check("mi-feature-choice", {"A", "B"}) and not check("mi-feature-choice", {"A"})
    assert not check("mi-feature-choice", {"A", "B", "C"})


@pytest.mark.parametrize(
    "pid, answer, message",
    [
        ("no-such-problem", 1.0, "problem_id"),
        ("entropy-dyadic", "many", "answer must be a number"),
        ("entropy-dyadic", float("nan"), "answer must be a finite number"),
        ("temperature-limit", [1, 0], "answer must be 3 finite numbers"),
        ("mi-feature-choice", "AB", "answer must be a collection"),
    ],
)
def test_bad_input(pid, answer, message):
    with pytest.raises(ValueError, match=message):
        check(pid, answer)


# --- the practice page holds the questions; itml.exercises holds only what the checker needs

_QUESTION = re.compile(
    r'^\*\*\d+\.\*\* (?P<text>.+?) *\nSelf-check: `check\("(?P<pid>[a-z0-9-]+)", your_answer\)`', re.M
)


def _questions() -> dict[str, str]:
    return {m["pid"]: m["text"].strip() for m in _QUESTION.finditer(PAGE.read_text(encoding="utf-8"))}


def _strings_in_source() -> list[str]:
    """Every string literal of itml/exercises.py, with implicitly concatenated pieces joined."""
    return [n.value for n in ast.walk(ast.parse(SOURCE)) if isinstance(n, ast.Constant) and isinstance(n.value, str)]


def test_every_problem_is_asked_once_on_the_page_in_order():
    page = PAGE.read_text(encoding="utf-8")
    assert list(_questions()) == exercises.problems()
    for pid in exercises.problems():
        assert page.count(f'check("{pid}", your_answer)') == 1


@pytest.mark.parametrize("pid", sorted(PRINTED))
def test_question_text_lives_only_on_the_page(pid):
    text = _questions()[pid]
    pieces = [text] + [s for s in re.split(r"(?<=[.?:])\s+", text) if len(s) >= 20]
    strings = _strings_in_source()
    for piece in pieces:
        assert piece not in SOURCE, f"itml/exercises.py repeats the question of {pid!r}: {piece!r}"
        assert not any(piece in s for s in strings), f"itml/exercises.py repeats the question of {pid!r}: {piece!r}"


def _longest_common_substring(a: str, b: str) -> str:
    best = ""
    for i in range(len(a)):
        j = i + len(best) + 1
        while j <= len(a) and a[i:j] in b:
            best, j = a[i:j], j + 1
    return best


@pytest.mark.parametrize("pid", sorted(PRINTED))
def test_hints_do_not_repeat_the_page(pid):
    page = PAGE.read_text(encoding="utf-8").lower()
    prob = exercises._PROBLEMS[pid]
    for hint in [prob.hint] + [why for _, why in prob.traps]:
        common = _longest_common_substring(hint.lower(), page)
        assert len(common) < 30, f"a hint of {pid!r} repeats the practice page: {common!r}"


def test_each_problem_sits_under_its_chapter():
    """Below a section's "The chapter: {ref}`chapter-X`" line, every problem belongs to chapter X."""
    chapter = None
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            chapter = None
        if m := re.match(r"The chapter: \{ref\}`chapter-([a-z-]+)`", line):
            chapter = m[1]
        if (m := re.match(r'Self-check: `check\("([a-z0-9-]+)"', line)) and chapter is not None:
            assert exercises._PROBLEMS[m[1]].chapter == chapter, m[1]
