# Two commands set everything up on a fresh machine with Python >= 3.10 and make:
#   make brief   builds the Excel briefing of the bundled dataset
#   make test    installs the test tools (pinned by requirements/test.txt) and runs the suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/test.txt
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)
# The lock pins the test and dev tools and every dependency they run against; as
# PIP_CONSTRAINT it also pins the build backend pip fetches for the editable install.
PIN := PIP_CONSTRAINT=$(abspath $(LOCK))
PYTEST := $(BIN)/python -m pytest -q --durations=10

.PHONY: brief test test-fast test-slow test-latest lint typecheck check bench lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml $(LOCK)
	$(PIN) $(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

brief: $(STAMP)
	$(BIN)/posmatrix brief -o briefing.xlsx

# The whole suite: the lean default run, then the slow end-to-end tests as their own
# visible step, then lint, format and types.
test: test-fast test-slow lint typecheck

test-fast: $(STAMP)
	$(PYTEST) -m "not slow"

test-slow: $(STAMP)
	$(PYTEST) -m slow

# The suite against the newest releases of everything (no lock), in a venv of its own:
# run it now and then to catch upstream changes before they reach a fresh machine.
test-latest:
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade --upgrade-strategy eager -e ".[test,dev]"
	.venv-latest/bin/python -m pytest -q --durations=10
	.venv-latest/bin/python -m ruff check posmatrix tests benchmarks
	.venv-latest/bin/python -m mypy

# Regenerate the lock from pyproject's extras: the newest releases that fit the ranges,
# one pin per Python version from 3.10 up (uv's universal resolution, with markers).
lock: $(BIN)/python
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/uv pip compile --quiet --universal --python-version 3.10 --upgrade \
	  --extra test --extra dev --no-emit-index-url --output-file $(LOCK) pyproject.toml

lint: $(STAMP)
	$(BIN)/python -m ruff check posmatrix tests benchmarks
	$(BIN)/python -m ruff format --check posmatrix tests benchmarks

typecheck: $(STAMP)
	$(BIN)/python -m mypy

bench: $(STAMP)
	$(PIN) $(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) .venv-latest build dist *.egg-info briefing.xlsx
