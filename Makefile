# EnterpriseHub: two commands on a fresh machine.
#   make demo   set everything up and run the platform on the embedded PostgreSQL
#   make test   run the whole test suite, in parallel
#   make test-fast   the unit layer only: pure logic, no database, under 30 s
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
UV_VERSION := 0.13.8
export UV_PYTHON_DOWNLOADS := never
export UV_PROJECT_ENVIRONMENT := $(VENV)

# Test workers: one per core (the tests wait on PostgreSQL, dbt and servers as much as they compute).
TEST_WORKERS ?= 2

.PHONY: setup demo test test-fast lint format clean

# Bytecode is compiled once at install: a process run with PYTHONDONTWRITEBYTECODE (CI, the image)
# would otherwise compile every module it imports at each start (phonenumbers' geocoder alone: 3.4 s).
$(BIN)/.installed: pyproject.toml uv.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "EnterpriseHub needs Python 3.11 or newer as $(PYTHON)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check "uv==$(UV_VERSION)"
	@$(BIN)/uv sync --frozen --quiet --compile-bytecode
	@touch $@

# The project's own modules too: uv compiles only what it installs, and the project is installed
# editable, so every `ehub` start under PYTHONDONTWRITEBYTECODE compiled ehub/ from source (a third
# of a second of `ehub chat`). Each `make setup` (so `make test`, `make demo`) recompiles what changed.
setup: $(BIN)/.installed  ## Create .venv from the lock file
	@$(BIN)/python -m compileall -q -j 0 ehub tools bot_api pipelines sandbox

demo: setup  ## Run the platform: database, migrations, main job, Dagster UI and bot API
	@$(BIN)/ehub demo

test: setup  ## Run every test (unit, integration, e2e), quality gates included, in parallel
	@$(BIN)/pytest -n $(TEST_WORKERS) --dist loadgroup tests

test-fast: setup  ## Only the unit layer: pure logic, no database
	@$(BIN)/pytest tests/unit

lint: setup  ## Only the quality gates
	@$(BIN)/pytest tests/integration/test_quality_gates.py

format: setup
	@$(BIN)/ruff format . && $(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) dbt/target dbt/logs
