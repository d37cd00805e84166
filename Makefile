# Two commands for a newcomer:  `make lab` (set up and open Jupyter Lab)  and  `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup lab test test-unit lint format run-fast run-full mutate site clean

$(BIN)/activate: requirements.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.txt -e .
	touch $(BIN)/activate

setup: $(BIN)/activate  ## create .venv and install everything

# Jupyter refuses to start as root (containers, cloud VMs, CI boxes) unless told it is meant.
LAB_FLAGS ?= $(if $(filter 0,$(shell id -u 2>/dev/null)),--allow-root,)

lab: setup  ## open the course in Jupyter Lab
	@echo "Starting Jupyter Lab on lesson 01. If no browser opens, open the http://127.0.0.1:8888/lab?token=... URL printed below."
	@$(if $(LAB_FLAGS),echo "Running as root (a container or a VM): passing --allow-root to Jupyter.",true)
	$(BIN)/jupyter lab $(LAB_FLAGS) notebooks/01_perceptron.ipynb

test: setup  ## unit tests + every notebook through nbval, in fast mode
	COURSE_MODE=fast $(BIN)/pytest

test-unit: setup
	COURSE_MODE=fast $(BIN)/pytest tests

lint: setup  ## ruff: lint and format check of course_lib, tests and the notebooks (as CI runs it)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: setup  ## apply ruff's safe fixes and formatting
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

run-fast: setup  ## time every notebook in fast mode -> results/fast.json
	$(BIN)/python -m course_lib.run --mode fast --readme

run-full: setup  ## full mode, outputs written back into notebooks/ -> results/full.json
	$(BIN)/python -m course_lib.run --mode full --inplace --readme

mutate: setup  ## maintainers: every lesson must fail with learning broken (frozen optimizers, shuffled labels)
	$(BIN)/python -m course_lib.mutate

site: setup  ## the course website from the committed notebooks (not re-run) -> build/site/html
	$(BIN)/python website/build.py

clean:
	rm -rf runs .pytest_cache build/site
