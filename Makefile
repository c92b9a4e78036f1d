# The README's two set-up commands: `make demo` and `make test`. Both create the venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
WORKERS ?= 2

.PHONY: install demo test lint bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	# compat mode: a plain path entry instead of an import hook (the hook costs ~30 ms of
	# `migrator --help` start-up)
	$(PY) -m pip install --quiet --config-settings editable_mode=compat -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" bash migrations_fixtures/demo.sh

test: install
	bash tests/services.sh
	$(PY) -m pytest -n $(WORKERS) -q

lint: install
	$(VENV)/bin/ruff check migrator tests
	$(VENV)/bin/ruff format --check migrator tests
	$(VENV)/bin/mypy

bench: install
	bash tests/services.sh
	$(PY) tests/benchmarks/run.py

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
