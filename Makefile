# The README's two set-up commands: `make demo` and `make test`. Both create the venv first.
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
WORKERS ?= 2
# every install (the build back-end's own included) takes the pinned versions, so a new
# upstream release cannot turn a fresh clone red; `make pins` updates them on purpose
export PIP_CONSTRAINT := $(CURDIR)/constraints.txt

.PHONY: install demo test lint bench clean pins

$(VENV)/.installed: pyproject.toml constraints.txt
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
	$(PY) tests/benchmarks/online_ddl.py

# re-resolve every dependency to its newest release and write constraints.txt; then run
# `make clean test` and commit the file with the result
pins:
	rm -rf .pins-venv
	$(PYTHON) -m venv .pins-venv
	PIP_CONSTRAINT= .pins-venv/bin/python -m pip install --quiet --upgrade pip setuptools wheel
	PIP_CONSTRAINT= .pins-venv/bin/python -m pip install --quiet -e '.[dev]'
	{ sed -n '1,2p' constraints.txt; .pins-venv/bin/python -m pip freeze --all \
	    | grep -v -E '^(#|-e )'; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	rm -rf .pins-venv

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
