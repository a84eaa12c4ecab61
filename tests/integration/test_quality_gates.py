"""Quality gates run by the test command: ruff, bandit, mypy, sqlfluff, and the core's import boundary."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ehub.db import Database
from ehub.paths import DBT_PROJECT_DIR, PROJECT_ROOT

BIN = Path(sys.executable).parent
PYTHON_PACKAGES = ["ehub", "pipelines", "bot_api", "tools", "sandbox"]


def _run(*command: str, env: dict[str, str] | None = None, cwd: Path = PROJECT_ROOT) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True, timeout=600, check=False)


def test_ruff_lint_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "check", ".")
    assert result.returncode == 0, result.stdout


def test_ruff_format_is_clean() -> None:
    result = _run(str(BIN / "ruff"), "format", "--check", ".")
    assert result.returncode == 0, result.stdout


def test_bandit_finds_nothing() -> None:
    result = _run(str(BIN / "bandit"), "-q", "-c", "pyproject.toml", "-r", *PYTHON_PACKAGES)
    assert result.returncode == 0, result.stdout + result.stderr


def test_mypy_finds_no_type_error() -> None:
    """The core package's types, checked as `[tool.mypy]` in pyproject.toml configures them. Its
    incremental cache lives with the machine's other caches, so a fresh clone checks in seconds
    what did not change (mypy compares each file's hash, not only its time)."""
    cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "ehub" / "mypy"
    result = _run(str(BIN / "mypy"), env={**os.environ, "MYPY_CACHE_DIR": str(cache)})
    assert result.returncode == 0, result.stdout[-6000:] + result.stderr[-2000:]


def test_sqlfluff_lints_the_dbt_models(embedded_admin_url: str) -> None:
    """The dbt templater compiles the project, which needs a live connection: the embedded server."""
    env = {**os.environ, **Database(embedded_admin_url).dbt_env(), "DBT_SEND_ANONYMOUS_USAGE_STATS": "false"}
    result = _run(str(BIN / "sqlfluff"), "lint", "models", env=env, cwd=DBT_PROJECT_DIR)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]


def test_production_processes_never_load_the_sandbox() -> None:
    """The API, the worker's CLI and the Dagster definitions, configured for production: not one
    sandbox module is imported (its published webhook key and made-up data stay out of reach)."""
    from tests.cli_helpers import production_environment

    probe = (
        "import sys\n"
        "from bot_api.app import create_app\n"
        "create_app()\n"
        "import tools.cli, ehub.bots.worker, ehub.bots.outbox, ehub.sources.sync_all, pipelines.definitions\n"
        "print(','.join(sorted(name for name in sys.modules if name.startswith('sandbox'))))\n"
    )
    env = {
        **{name: value for name, value in os.environ.items() if not name.startswith("EHUB_")},
        **production_environment(EHUB_DATABASE_URL="postgresql://nobody@127.0.0.1:1/none"),
        "EHUB_ENV_FILE": "",
    }
    result = _run(sys.executable, "-c", probe, env=env)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip() == "", f"sandbox modules loaded in production: {result.stdout}"
