# Two commands set everything up on a fresh machine with Python >= 3.10 and make:
#   make brief   builds the Excel briefing of the bundled dataset
#   make test    installs the test tools and runs the whole suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: brief test lint typecheck check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet -e ".[test,dev]"
	@rm -f $(VENV)/.installed-*
	@touch $@

brief: $(STAMP)
	$(BIN)/posmatrix brief -o briefing.xlsx

test: $(STAMP)
	$(BIN)/python -m pytest -q
	$(BIN)/python -m ruff check posmatrix tests benchmarks
	$(BIN)/python -m ruff format --check posmatrix tests benchmarks
	$(BIN)/python -m mypy

lint: $(STAMP)
	$(BIN)/python -m ruff check posmatrix tests benchmarks
	$(BIN)/python -m ruff format --check posmatrix tests benchmarks

typecheck: $(STAMP)
	$(BIN)/python -m mypy

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[bench]"
	$(BIN)/python benchmarks/run.py

clean:
	rm -rf $(VENV) build dist *.egg-info briefing.xlsx
