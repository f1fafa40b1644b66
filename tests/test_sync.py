"""The chapters' sources (book/*.md) and their executed notebooks (notebooks/*.ipynb) agree.

nbval passes a stale notebook whose .md changed, so this test compares the inputs cell by
cell, checks that every code cell was executed, and that the table of contents lists
every chapter.
"""

from __future__ import annotations

import json
import pathlib
import re

import jupytext
import pytest

import itml

ROOT = pathlib.Path(__file__).resolve().parents[1]
BOOK = ROOT / "book"
NOTEBOOKS = ROOT / "notebooks"


def _is_chapter(md: pathlib.Path) -> bool:
    return re.search(r"^jupytext:", md.read_text(encoding="utf-8"), re.M) is not None


CHAPTERS = sorted(md for md in BOOK.glob("*.md") if _is_chapter(md))


def _cells(nb):
    return [
        (c.cell_type, c.source.strip(), tuple(c.metadata.get("tags", ())))
        for c in nb.cells
    ]


def test_there_are_chapters():
    assert CHAPTERS, "no MyST notebooks found in book/"


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_notebook_inputs_match_source(md):
    ipynb = NOTEBOOKS / f"{md.stem}.ipynb"
    assert ipynb.exists(), f"{ipynb.name} is missing: run `make notebooks`"
    src = jupytext.read(md)
    nb = jupytext.read(ipynb)
    assert _cells(src) == _cells(nb), (
        f"{ipynb.name} is out of date with {md.name}: run `make notebooks`"
    )


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_every_code_cell_executed(md):
    nb = json.loads((NOTEBOOKS / f"{md.stem}.ipynb").read_text(encoding="utf-8"))
    missing = [
        i for i, c in enumerate(nb["cells"])
        if c["cell_type"] == "code" and c.get("execution_count") is None
    ]
    assert not missing, f"{md.stem}.ipynb has unexecuted code cells {missing}: run `make notebooks`"


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_chapter_is_in_toc(md):
    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    assert f"file: notebooks/{md.stem}\n" in toc, f"notebooks/{md.stem} is not listed in _toc.yml"


def _distribution() -> str:
    import tomllib

    return tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]


@pytest.mark.parametrize("md", CHAPTERS, ids=lambda p: p.stem)
def test_install_cell_pins_this_release(md):
    nb = jupytext.read(md)
    first = next(c for c in nb.cells if c.cell_type == "code")
    assert "except ModuleNotFoundError" in first.source, "the first code cell must install itml only when missing"
    pin = f'"{_distribution()}=={itml.__version__}"'
    assert f"%pip install --quiet {pin}" in first.source, (
        f"the install cell of {md.name} must install {pin}, the release the book is built with"
    )


def test_no_orphan_notebooks():
    stems = {md.stem for md in CHAPTERS}
    orphans = [nb.name for nb in NOTEBOOKS.glob("*.ipynb") if nb.stem not in stems]
    assert not orphans, f"notebooks without a book/*.md source: {orphans}"


def test_the_distribution_name_is_ours():
    # "itml" on PyPI is an unrelated project: readers install itml-book, which imports as itml.
    assert _distribution() == "itml-book"
