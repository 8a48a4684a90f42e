# kit: set-up, tests, the HTML report and JupyterLab. Every target installs what it needs.
# `make help` lists the targets.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.kit-installed
CORPUS ?= seeds
OUT    ?= reports

.DEFAULT_GOAL := help
.PHONY: help setup test test-fast lint format report lab bench bench-large clean

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  make %-10s %s\n", $$1, $$2}' $(MAKEFILE_LIST)
	@echo "  Variables: CORPUS=$(CORPUS) OUT=$(OUT) (make report CORPUS=path/to/articles OUT=reports)"

setup: $(STAMP) ## Create .venv and install kit with its test and lint tools

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "kit needs Python 3.11 or newer"'
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (kit)" >/dev/null
	@touch $(STAMP)

test: setup ## Run the whole test suite (what CI runs)
	$(BIN)/python -m pytest

test-fast: setup ## Run the tests without the slow and browser ones (a quick loop while editing)
	$(BIN)/python -m pytest -m "not slow and not browser"

lint: setup ## Check style and types: ruff (lint and format) and mypy
	$(BIN)/ruff check kit tests bench docs
	$(BIN)/ruff format --check kit tests bench docs
	$(BIN)/mypy

format: setup ## Rewrite the code in the project's style (ruff format, ruff's safe fixes)
	$(BIN)/ruff check --fix kit tests bench docs
	$(BIN)/ruff format kit tests bench docs

report: setup ## Tag CORPUS, run every notebook on it and write the HTML report to OUT
	$(BIN)/python -m kit report --corpus $(CORPUS) --out $(OUT)

lab: setup ## Open the notebooks in JupyterLab
	$(BIN)/jupyter lab --notebook-dir=notebooks $(if $(filter 0,$(shell id -u)),--allow-root)

bench: setup ## Run the benchmarks (bench/run.py; minutes)
	$(BIN)/python bench/run.py

bench-large: setup ## Tag 100,000 generated articles and time the notebooks and the report on them (over an hour)
	$(BIN)/python bench/large_run.py

clean: ## Remove .venv, reports and caches
	rm -rf $(VENV) $(OUT) .pytest_cache .ruff_cache .mypy_cache *.egg-info
