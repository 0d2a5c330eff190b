# readouts: `make run` builds raw/ into output/; `make test` runs the suite. Both set up .venv first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
EVAL_OUT ?= /tmp/readouts-eval
CORPUS ?= ../shared/corpus

.PHONY: run test eval eval-probes docs bench clean server browser review

# setuptools warns about every editable install; nothing in it is for a user to act on
PIP    := PYTHONWARNINGS=ignore $(BIN)/python -m pip

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(PIP) install -q -e ".[test]"
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/readouts build raw --output output

test: $(VENV)/.installed-test browser
	$(BIN)/python -m pytest

# Debian's chromium and a CJK font, for the review site's browser tests (installed when missing)
browser:
	@.ci/browser

# The review site of output/ (after make run): open output/review/index.html
review: $(VENV)/.installed
	$(BIN)/readouts review output

# A lasting Prefect server (state in .prefect/) for deployments and faster builds; Ctrl-C stops it.
server: $(VENV)/.installed
	$(BIN)/readouts server

eval: $(VENV)/.installed
	rm -rf $(EVAL_OUT)
	$(BIN)/readouts build $(CORPUS)/raw --output $(EVAL_OUT)
	$(BIN)/python $(CORPUS)/../tools/score.py $(EVAL_OUT) $(CORPUS)

# Fifteen probe sets written blind to the rules (eval/probes/README.md), scored like the corpus
eval-probes: $(VENV)/.installed
	SCORER=$(CORPUS)/../tools/score.py $(BIN)/python eval/probes/score.py

docs: $(VENV)/.installed
	$(BIN)/python -m schemas.docs

# N distinct reports built with the real CLI against the plain steps: make bench ARGS="--reports 10000"
bench: $(VENV)/.installed-test
	$(BIN)/python benchmarks/scale.py $(ARGS)

clean:
	rm -rf $(VENV) .prefect output/reports output/meetings output/themes output/directives output/rejects
