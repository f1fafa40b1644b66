# Information Theory in Machine Learning: build, check and time the book.
#
#   make book    install into .venv, re-execute stale notebooks, render _build/html
#   make test    install into .venv and run every check CI runs
#   make test-latest  the reader's route: the newest releases on the newest Python, itml from
#                its wheel, every notebook run from an empty folder (asserts only)
#   make bench   time itml against SciPy / scikit-learn and each chapter's execution
#   make serve   serve _build/html on http://localhost:8000
#
# book/<name>.md is the source of notebooks/<name>.ipynb. A notebook is regenerated
# and re-executed when its .md or anything in itml/ is newer than it.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PATH := $(abspath $(BIN)):$(PATH)
export PYTHONHASHSEED := 0

# Chapters are the MyST notebooks in book/ (their front matter names jupytext);
# plain pages (the preface, the reference pages) are left as .md.
CHAPTER_SRC := $(shell grep -l '^jupytext:' book/*.md 2>/dev/null)
NOTEBOOKS   := $(patsubst book/%.md,notebooks/%.ipynb,$(CHAPTER_SRC))
ITML_SRC    := $(wildcard itml/*.py)

JB_FLAGS := --all -W -n --keep-going

.PHONY: all install notebooks book html test lint unit dist nbval nbval-perturbed browser test-latest bench serve clean

all: book

# pip byte-compiles the installed modules one file at a time (about a minute on 2 cores);
# compileall -j 0 does the same on every core. The .pyc files must exist: where
# PYTHONDONTWRITEBYTECODE is set, every kernel would otherwise recompile torch, SciPy and Jupyter
# from source on import (about 4 s each). One torch test file is Python 3.12 syntax.
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-compile --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -c constraints.txt -e ".[book,test]"
	$(BIN)/python -m compileall -q -j 0 -x 'py312_intrinsics' $(VENV)/lib >/dev/null
	touch $@

install: $(STAMP)

# One way only: md -> ipynb, then execute in place (no timing metadata, so the
# committed notebook changes only when its inputs or outputs do).
# The notebook is built under a temporary name in notebooks/ (so it runs from there) and
# replaces the old one only when every cell executed: a failing chapter stays stale.
notebooks/%.ipynb: book/%.md $(ITML_SRC) | $(STAMP)
	@mkdir -p notebooks
	@if [ -f $@ ]; then cp $@ notebooks/$*.partial.ipynb; fi  # --update keeps the cell ids
	$(BIN)/jupytext --quiet --update --to ipynb --output notebooks/$*.partial.ipynb $<
	$(BIN)/jupyter nbconvert --to notebook --execute --inplace \
	    --ExecutePreprocessor.record_timing=False \
	    --ExecutePreprocessor.timeout=600 \
	    --ExecutePreprocessor.kernel_name=python3 notebooks/$*.partial.ipynb \
	    || { rm -f notebooks/$*.partial.ipynb; exit 1; }
	mv notebooks/$*.partial.ipynb $@

notebooks: $(NOTEBOOKS)

# Render with execution off: the book shows exactly the outputs nbval checks.
html: $(STAMP)
	$(BIN)/jupyter-book build . $(JB_FLAGS)

book: notebooks html
	@echo "The book is at file://$(abspath _build/html/index.html)  (or: make serve)"

lint: $(STAMP)
	$(BIN)/ruff check itml tests benchmarks _ext

unit: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --maxprocesses 4 tests --doctest-modules itml --ignore=tests/browser

# One notebook per worker (--dist loadscope keeps a notebook's cells in order, in one kernel),
# as many workers as cores, at most 4.
NBVAL := -m pytest -q --nbval --nbval-current-env --nbval-cell-timeout=600 \
    -n auto --maxprocesses 4 --dist loadscope notebooks

nbval: $(STAMP)
	$(BIN)/python $(NBVAL)

# The same comparison on another floating-point path (itml.runtime.perturbed_fp_env: torch's
# scalar kernels, numpy's baseline SIMD, one thread, MKL's compatible path). Trained numbers
# change their last digits there, as on another CPU; every compared output must not.
nbval-perturbed: $(STAMP)
	env $$($(BIN)/python -c 'from itml.runtime import perturbed_fp_env as e; \
	    print(" ".join(f"{k}={v}" for k, v in e().items()))') $(BIN)/python $(NBVAL)

# MathJax 3 from npm: the browser check serves it in place of the CDN copy the pages load,
# so every equation is really typeset (and a TeX error fails the check).
MATHJAX_VERSION := 3.2.2
MATHJAX := _build/npm/node_modules/mathjax/es5/tex-mml-chtml.js

$(MATHJAX):
	npm install --silent --no-save --no-audit --no-fund --prefix _build/npm mathjax@$(MATHJAX_VERSION)

browser: $(STAMP) $(MATHJAX)
	$(BIN)/python -m pytest -q tests/browser

# Everything CI checks, in order of cost: the linter, unit tests and the md/ipynb sync check,
# the notebooks re-executed and compared by nbval (twice: as they are, and on another
# floating-point path), the book build, the pages in headless Chromium.
test: $(STAMP)
	$(MAKE) --no-print-directory lint
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory dist
	$(MAKE) --no-print-directory nbval
	$(MAKE) --no-print-directory nbval-perturbed
	$(MAKE) --no-print-directory html
	$(MAKE) --no-print-directory browser

# The reader's route (Colab, a laptop): no constraints file, the newest releases on the newest
# Python found (3.13, then 3.12; LATEST_PYTHON=... to choose), itml installed from a wheel built
# here, each notebook executed in an empty temporary folder. Every assert must hold; outputs are
# not compared.
LATEST_VENV := .venv-latest

test-latest:
	@py="$(LATEST_PYTHON)"; \
	if [ -z "$$py" ]; then for v in 3.13 3.12; do \
	    for c in python$$v $$(pyenv root 2>/dev/null)/versions/$$v*/bin/python$$v; do \
	        if $$c -c "" 2>/dev/null; then py=$$c; break 2; fi; done; done; fi; \
	test -n "$$py" || { echo "test-latest: no Python 3.12 or 3.13 found (set LATEST_PYTHON)"; exit 1; }; \
	echo "test-latest: $$($$py --version) ($$py)"; \
	rm -rf $(LATEST_VENV) _build/wheel && $$py -m venv $(LATEST_VENV)
	$(LATEST_VENV)/bin/python -m pip install --quiet --upgrade pip build
	$(LATEST_VENV)/bin/python -m build --wheel --outdir _build/wheel .
	$(LATEST_VENV)/bin/python -m pip install --quiet --upgrade _build/wheel/*.whl nbclient ipykernel
	$(LATEST_VENV)/bin/python benchmarks/reader_route.py notebooks/*.ipynb

# The release readers install: the sdist and wheel build, pass twine's checks (metadata and the
# README as PyPI renders it), and carry the version that every chapter's install cell pins.
dist: $(STAMP)
	rm -rf _build/dist
	$(BIN)/python -m build --sdist --wheel --outdir _build/dist . >/dev/null
	$(BIN)/python -m twine check --strict _build/dist/*
	@v=$$($(BIN)/python -c "import itml; print(itml.__version__)"); \
	ls _build/dist/itml_book-$$v-py3-none-any.whl _build/dist/itml_book-$$v.tar.gz >/dev/null || \
	    { echo "dist: no itml-book $$v wheel and sdist in _build/dist"; exit 1; }

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

serve:
	@test -f _build/html/index.html || { echo "run 'make book' first"; exit 1; }
	$(BIN)/python -m http.server --directory _build/html 8000

clean:
	rm -rf _build
