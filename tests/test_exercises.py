"""itml.exercises: every problem accepts its right answer, rejects a wrong one, and never leaks it.

The questions themselves are written once, on the practice page (book/practice.md).
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

RIGHT = {
    "mi-feature-choice": {"A", "B"},
    "vae-kl": 0.4072,
    "temperature-max-prob": 0.4755,
    "temperature-limit": [1, 0, 0],
    "entropy-dyadic": 1.75,
    "entropy-die": math.log2(6),
    "mi-bsc": 0.5310,
    "mi-square": 1.5219,
    "kl-coins": 0.5108,
    "kl-gauss-shift": 0.5,
    "bce-extreme-logit": 1000.0,
    "ce-uniform-guess": math.log(4),
    "xor-pair": 1.0,
    "gauss-mi": 0.8304,
    "tennis-entropy": 0.9403,
    "tennis-ig-outlook": 0.2467,
    "ib-mod2": 1.0,
    "ib-cluster-bound": 2.0,
    "distill-entropy-gap": 0.8018,
    "mdl-total": 2500,
    "mdl-quant-bits": 4064,
    "ppl-uniform": 27,
    "ppl-bits": 2.8284,
    "vae-kl-wide": 0.8069,
    "gan-equilibrium": -1.3863,
    "gan-jsd-max": 1.0,
    "diffusion-mi": 0.3466,
    "diffusion-alpha-bar": 0.81,
    "ls-target-entropy": 0.5003,
    "ece-two-bins": 0.15,
    "temperature-closed-form": 2 / math.log(3),
    "prior-shift": 0.04 / 0.23,
    "nmi-infonce-cap": 4.8520,
    "nmi-gauss-10d": 8.3037,
    "nmi-batch-for-8-nats": 2981,
}


def test_every_problem_has_a_known_answer_here():
    assert set(RIGHT) == set(exercises.problems())


@pytest.mark.parametrize("pid", sorted(RIGHT))
def test_right_answer_accepted(pid, capsys):
    assert check(pid, RIGHT[pid]) is True
    assert capsys.readouterr().out.startswith("Correct")


def _wrong(answer):
    if isinstance(answer, set):
        return {"A"}
    if isinstance(answer, list):
        return [0, 1, 0]
    return answer + 0.05 + 0.1 * abs(answer)


@pytest.mark.parametrize("pid", sorted(RIGHT))
def test_wrong_answer_rejected_without_leaking(pid, capsys):
    assert check(pid, _wrong(RIGHT[pid])) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet")
    if not isinstance(RIGHT[pid], (set, list)):
        assert f"{RIGHT[pid]:.3f}" not in out


def test_traps_get_their_own_hint(capsys):
    assert check("vae-kl", 0.408) is False
    assert "rounded" in capsys.readouterr().out
    assert check("vae-kl", 0.4075) is False   # exp(-0.5) ~ 0.607, exp(-1) ~ 0.368 before summing
    assert "rounded" in capsys.readouterr().out
    assert check("bce-extreme-logit", 23.0259) is False
    assert "eps" in capsys.readouterr().out


@pytest.mark.parametrize(
    "pid, wrong, words",
    [
        ("ls-target-entropy", 0.5003 / math.log(2), "bits"),                 # the right entropy in bits
        ("ls-target-entropy", 0.5448, "9 wrong classes"),                   # eps / (K - 1) convention
        ("ls-target-entropy", 0.4145, "label's own term"),
        ("ece-two-bins", 0.2, "without weighting"),
        ("temperature-closed-form", math.log(3) / 2, "1/T"),
        ("temperature-closed-form", 1.0, "sigmoid(2)"),
        ("prior-shift", 0.8, "ignores"),
        ("prior-shift", 0.08, "numerator"),
        ("prior-shift", 0.04, "renormalised"),
    ],
)
def test_calibration_traps(pid, wrong, words, capsys):
    assert check(pid, wrong) is False
    out = capsys.readouterr().out
    assert out.startswith("Not yet:") and words in out
    assert f"{RIGHT[pid]:.3f}" not in out


@pytest.mark.parametrize(
    "pid, wrong, words",
    [
        ("nmi-infonce-cap", 7.0, "bits"),                        # log2 128
        ("nmi-infonce-cap", math.log(127), "N - 1 negatives"),
        ("nmi-infonce-cap", 128, "logarithm"),
        ("nmi-gauss-10d", 8.3037 / math.log(2), "bits"),
        ("nmi-gauss-10d", 0.8304, "one coordinate pair"),
        ("nmi-gauss-10d", 11.513, "1 - rho^2"),                 # -5 log(0.1)
        ("nmi-batch-for-8-nats", 256, "8 bits"),
        ("nmi-batch-for-8-nats", 2980, "round up"),
        ("nmi-batch-for-8-nats", 8, "batch size"),
    ],
)
def test_neural_mi_traps(pid, wrong, words, capsys):
    test_calibration_traps(pid, wrong, words, capsys)  # the same check: its own hint, no leak


def test_case_and_container_of_names():
    assert check("mi-feature-choice", ["a", "b"])
    assert check("mi-feature-choice", ("B", "A"))


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


def test_expected_values_come_from_itml():
    assert np.isclose(exercises._PROBLEMS["temperature-max-prob"].expected(), 0.47548, atol=1e-4)


# --- the practice page holds the questions; itml.exercises holds only what the checker needs

PAGE = pathlib.Path(__file__).resolve().parents[1] / "book" / "practice.md"
SOURCE = pathlib.Path(exercises.__file__).read_text(encoding="utf-8")
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


@pytest.mark.parametrize("pid", sorted(RIGHT))
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


@pytest.mark.parametrize("pid", sorted(RIGHT))
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


@pytest.mark.parametrize("pid", [pid for pid in sorted(RIGHT) if not isinstance(RIGHT[pid], set)])
def test_answer_rounded_to_three_decimals_accepted(pid, capsys):
    """The page promises a tolerance of about 5e-4: an answer given to three decimals must pass."""
    assert check(pid, np.round(exercises._PROBLEMS[pid].expected(), 3)) is True
    assert capsys.readouterr().out.startswith("Correct")
