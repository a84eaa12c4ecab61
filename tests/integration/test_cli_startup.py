"""`ehub ... --help` starts at once: heavy modules are imported by the commands that use them; and
`ehub chat` starts on only what answering needs.

The budget is CPU time, not wall time, and relative: 0.3 s of CPU against a bare interpreter start
of 0.014 s, so each `--help` child may use `MAX_RATIO` times the CPU of a bare `python -c pass`
started in the same run, and a loaded machine slows both sides alike. Typer's own import is most
of what is left (about 12 times a bare start).
"""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from ehub.db import Database
from tests.cli_helpers import EHUB, ehub_env
from tests.integration.test_cli import COMMANDS

BUDGET_SECONDS, BARE_START_SECONDS = 0.3, 0.014
# The target is 0.3 s (about 21 bare starts; measured 0.22-0.31 s). The test allows twice that, since
# two test workers on two cores inflate every child's CPU time alike, and still fails on any heavy
# import (SQLAlchemy, pydantic or the services put help back over a second); the test below names them.
MAX_RATIO = 2 * BUDGET_SECONDS / BARE_START_SECONDS
ATTEMPTS = 3
# `ehub chat` up to its database: every module the engine runs on imported and the settings read.
# The target is 0.6 s, what a message may take of `ehub chat`'s 1 s before the engine answers (a
# message plainly in English or Spanish now needs only lingua's quick model, about 0.03 s, so a whole
# chat measures 0.55-0.9 s). Measured 0.55-0.8 s, 40-57 bare starts, on a machine running one to four
# times more work than it has cores (0.85-1.1 s before the collector was paused while chat's imports
# load and left out at exit; 1.8-2.0 s before the rule tables' patterns and the models came from the
# machine cache and Alembic, PyJWT and phonenumbers left the path); the same factor of two as above
# makes 86 bare starts, which a heavy import (scikit-learn) still breaks. The tests after it name
# what used to be loaded.
CHAT_START_SECONDS = 0.6
MAX_CHAT_RATIO = 2 * CHAT_START_SECONDS / BARE_START_SECONDS
UNREACHABLE_DATABASE = "postgresql://x@127.0.0.1:1/none"


def child_cpu_seconds(command: list[str], env: dict[str, str], cwd: Path, *, exit_code: int = 0) -> float:
    """User plus system CPU of one finished child process (and anything it waited for)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    result = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, timeout=120, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    assert result.returncode == exit_code, result.stderr
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def least_cpu(command: list[str], env: dict[str, str], cwd: Path, *, under: float = 0.0, exit_code: int = 0) -> float:
    """The least CPU over a few runs, stopping early once a run is under `under`."""
    best = float("inf")
    for _ in range(ATTEMPTS):
        best = min(best, child_cpu_seconds(command, env, cwd, exit_code=exit_code))
        if best <= under:
            break
    return best


@pytest.fixture(scope="module")
def bare_start(tmp_path_factory: pytest.TempPathFactory) -> float:
    cwd = tmp_path_factory.mktemp("bare")
    return least_cpu([sys.executable, "-c", "pass"], ehub_env(cwd), cwd)


def test_every_help_costs_a_small_multiple_of_a_bare_interpreter_start(bare_start: float, data_dir: Path) -> None:
    env = ehub_env(data_dir)
    budget = MAX_RATIO * bare_start
    costs = {
        " ".join(["ehub", *command, "--help"]): least_cpu([EHUB, *command, "--help"], env, data_dir, under=budget)
        for command in COMMANDS
    }
    over = {name: f"{cpu:.3f}s ({cpu / bare_start:.0f}x)" for name, cpu in costs.items() if cpu > budget}
    assert not over, f"bare start {bare_start:.3f}s, budget {budget:.3f}s; over it: {over}"


def test_the_help_does_not_load_the_database_layer_or_the_services(data_dir: Path) -> None:
    """What the ratio stands for, checked directly: no SQLAlchemy, pydantic, rich, sandbox or services."""
    probe = (
        "import sys\n"
        "sys.argv = ['ehub', 'db', 'upgrade', '--help']\n"
        "from tools.cli import app\n"
        "try:\n    app()\nexcept SystemExit:\n    pass\n"
        "heavy = {'sqlalchemy', 'pydantic', 'rich', 'sandbox', 'bot_api', 'pipelines', 'dagster', 'litestar'}\n"
        "print(','.join(sorted({name.split('.')[0] for name in sys.modules} & heavy)), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe], env=ehub_env(data_dir), capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stderr.strip() == ""


def test_chat_starts_within_a_multiple_of_a_bare_interpreter_start(bare_start: float, data_dir: Path) -> None:
    """Everything `ehub chat` does before it reaches the database (which here refuses: exit 4)."""
    env = ehub_env(data_dir, EHUB_DATABASE_URL=UNREACHABLE_DATABASE)
    budget = MAX_CHAT_RATIO * bare_start
    cpu = least_cpu([EHUB, "chat", "Hi, looking for a 3 bed in Round Rock"], env, data_dir, under=budget, exit_code=4)
    assert cpu <= budget, f"bare start {bare_start:.3f}s, budget {budget:.3f}s; ehub chat started in {cpu:.3f}s"


def test_chat_does_not_load_what_only_other_commands_need(data_dir: Path) -> None:
    probe = (
        "import sys\n"
        "sys.argv = ['ehub', 'chat', 'hello there']\n"
        "from tools.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = {'alembic', 'mako', 'pygments', 'jwt', 'phonenumbers', 'sklearn', 'numpy', 'httpx', 'bot_api'}\n"
        "print('loaded:', *sorted({name.split('.')[0] for name in sys.modules} & heavy))\n"
    )
    env = ehub_env(data_dir, EHUB_DATABASE_URL=UNREACHABLE_DATABASE)
    result = subprocess.run(
        [sys.executable, "-c", probe], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert "Cannot connect to PostgreSQL" in result.stderr  # it got as far as the database
    assert result.stdout.strip().splitlines()[-1] == "loaded:"


@pytest.mark.parametrize(
    "message",
    ["Hi, looking for a 3 bed in Round Rock under 450k", "Hola, busco una casa de 3 recámaras en Round Rock"],
)
def test_chat_answers_a_plain_message_without_the_full_language_models(
    migrated: Database, data_dir: Path, message: str
) -> None:
    """Loading lingua's 1- to 5-gram models was 0.45-0.6 s of a chat's CPU, its largest single cost; a
    message plainly in English or Spanish is answered without them (`ehub.conversation.language`)."""
    probe = (
        "import sys\n"
        "sys.argv = ['ehub', 'chat', sys.argv[1]]\n"
        "from tools.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "from ehub.conversation.language import _detector\n"
        "print('full models loaded:', _detector.cache_info().currsize)\n"
    )
    env = ehub_env(data_dir, EHUB_DATABASE_URL=migrated.url)
    result = subprocess.run(
        [sys.executable, "-c", probe, message], env=env, capture_output=True, text=True, timeout=120, check=False
    )
    assert "Jorge (" in result.stdout, result.stderr  # it answered
    assert result.stdout.strip().splitlines()[-1] == "full models loaded: 0"
