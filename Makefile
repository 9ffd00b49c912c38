# The everyday commands (see CONTRIBUTING.md). Each runs inside .venv when there is one.
PY := $(if $(wildcard .venv/bin/python),.venv/bin/python,python3)

.PHONY: install lint format typecheck test check bench

install:  ## a virtual environment with the app, the tests and the checks
	python3 -m venv .venv && .venv/bin/pip install -e '.[test,dev]'

lint:  ## ruff's rules and the formatting, as .ci/run checks them
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .

format:  ## put the formatting right and apply ruff's safe fixes
	$(PY) -m ruff format .
	$(PY) -m ruff check --fix .

typecheck:  ## mypy --strict on the whole package, as .ci/run checks it
	$(PY) -m mypy

test:  ## the whole suite, on every core
	$(PY) -m pytest -n auto

check: lint typecheck test  ## what .ci/run does

bench:  ## every benchmark, each printing its figures against its anchor
	for script in bench/*.py; do echo "== $$script"; $(PY) $$script || exit 1; done
