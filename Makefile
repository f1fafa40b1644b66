# Information Theory in Machine Learning: build, check and time the book.
#
#   make book    install into .venv, re-execute stale notebooks, render _build/html
#   make test    install into .venv and run every check CI runs
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

.PHONY: all install notebooks book html test unit nbval check-sync browser bench serve clean

all: book

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e ".[book,test]"
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

unit: $(STAMP)
	$(BIN)/python -m pytest -q tests --doctest-modules itml --ignore=tests/browser

nbval: $(STAMP)
	$(BIN)/python -m pytest -q --nbval --nbval-current-env --nbval-cell-timeout=600 notebooks

browser: $(STAMP)
	$(BIN)/python -m pytest -q tests/browser

# Everything CI checks, in order of cost: unit tests and the md/ipynb sync check,
# the notebooks re-executed and compared by nbval, the book build, the pages in headless Chromium.
test: $(STAMP)
	$(MAKE) --no-print-directory unit
	$(MAKE) --no-print-directory nbval
	$(MAKE) --no-print-directory html
	$(MAKE) --no-print-directory browser

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

serve:
	@test -f _build/html/index.html || { echo "run 'make book' first"; exit 1; }
	$(BIN)/python -m http.server --directory _build/html 8000

clean:
	rm -rf _build
