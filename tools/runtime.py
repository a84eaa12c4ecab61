"""Running the platform's tools as child processes: Dagster, dbt and the bot API.

The parent (an `ehub` command) owns the database, embedded or not, and hands every child the
same facts through its environment: `EHUB_DATABASE_URL`, dbt's `EHUB_PG*` variables, and a
`DAGSTER_HOME` whose `dagster.yaml` keeps run and event storage in PostgreSQL.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
import socket
import subprocess
import threading
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx
import yaml

from ehub.db.database import Database
from ehub.errors import UnavailableError
from ehub.paths import DBT_PROJECT_DIR, PROJECT_ROOT, tool
from ehub.settings import Settings
from ehub.sources.factory import needs_stand_ins

DAGSTER_URL_VARIABLE = "EHUB_DAGSTER_PG_URL"
DAGSTER_MODULE = "pipelines.definitions"
SANDBOX_DAGSTER_MODULE = "tools.sandbox_location"
API_FACTORY = "bot_api.app:create_app"
SANDBOX_API_FACTORY = "tools.offline:create_app"
_STEP_EVENT = re.compile(r" - (\S+) - (STEP_START|STEP_SUCCESS|STEP_FAILURE|RUN_SUCCESS|RUN_FAILURE) - ")


def dagster_home(settings: Settings) -> Path:
    """Create `<data_dir>/dagster` with a dagster.yaml pointing storage at PostgreSQL."""
    home = settings.data_dir / "dagster"
    home.mkdir(parents=True, exist_ok=True)
    config = {
        "storage": {"postgres": {"postgres_url": {"env": DAGSTER_URL_VARIABLE}}},
        "local_artifact_storage": {
            "module": "dagster.core.storage.root",
            "class": "LocalArtifactStorage",
            "config": {"base_dir": str(home / "storage")},
        },
        "compute_logs": {
            "module": "dagster.core.storage.local_compute_log_manager",
            "class": "LocalComputeLogManager",
            "config": {"base_dir": str(home / "compute_logs")},
        },
        "telemetry": {"enabled": False},
        **(
            {"run_coordinator": {"module": "dagster.core.run_coordinator", "class": "QueuedRunCoordinator"}}
            if settings.dagster_run_queue
            else {}
        ),
        "nux": {"enabled": False},
    }
    (home / "dagster.yaml").write_text(yaml.safe_dump(config, sort_keys=False))
    return home


def child_environment(settings: Settings, database: Database) -> dict[str, str]:
    """The environment every child process gets: same database, same data directory."""
    env = dict(os.environ)
    env.update(database.dbt_env())
    env["EHUB_DATABASE_URL"] = database.libpq_url
    env["EHUB_DATA_DIR"] = str(settings.data_dir)
    env["EHUB_SANDBOX_SCALE"] = str(settings.sandbox_scale)
    env["DAGSTER_HOME"] = str(dagster_home(settings))
    env[DAGSTER_URL_VARIABLE] = database.dagster_url()
    env["DBT_PROFILES_DIR"] = str(DBT_PROJECT_DIR)
    env["DBT_PROJECT_DIR"] = str(DBT_PROJECT_DIR)
    env["DBT_SEND_ANONYMOUS_USAGE_STATS"] = "false"
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(PROJECT_ROOT), env.get("PYTHONPATH")]))
    return env


def log_path(settings: Settings, name: str) -> Path:
    logs = settings.data_dir / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    return logs / f"{name}-{datetime.now(UTC).strftime('%Y%m%dT%H%M%S')}.log"


def run_logged(
    command: Sequence[str], env: dict[str, str], log_file: Path, on_line: Callable[[str], None] | None = None
) -> int:
    """Run a command to completion, its output going to `log_file` and, line by line, to `on_line`."""
    with (
        log_file.open("w") as log,
        subprocess.Popen(
            command, env=env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
        ) as process,
    ):
        for line in process.stdout or ():
            log.write(line)
            if on_line is not None:
                on_line(line)
        return process.wait()


def step_event(line: str) -> tuple[str, str] | None:
    """(`step or job`, event) from a Dagster log line, for progress display."""
    match = _STEP_EVENT.search(line)
    return (match.group(1), match.group(2)) if match else None


def dbt_command(args: Sequence[str]) -> list[str]:
    return [tool("dbt"), *args, "--project-dir", str(DBT_PROJECT_DIR), "--profiles-dir", str(DBT_PROJECT_DIR)]


def run_dbt(settings: Settings, database: Database, args: Sequence[str], *, quiet: bool = False) -> int:
    """Run one dbt command against `database`; its exit code."""
    output = subprocess.DEVNULL if quiet else None
    return subprocess.call(dbt_command(args), env=child_environment(settings, database), stdout=output)


# What `dbt parse` reads besides the project's files: the target and the connection the nodes'
# relation names carry (never the password, which the manifest does not hold).
_PARSE_VARIABLES = ("EHUB_DBT_TARGET", "EHUB_PGHOST", "EHUB_PGPORT", "EHUB_PGDATABASE", "EHUB_PGUSER")
_NOT_PARSED = ("target", "logs", "dbt_packages")
PARSE_FINGERPRINT = "ehub-parse-fingerprint"


def dbt_target_dir(env: Mapping[str, str]) -> Path:
    """Where dbt writes its manifest: `DBT_TARGET_PATH` (relative to the project) or `target`."""
    return DBT_PROJECT_DIR / env.get("DBT_TARGET_PATH", "target")


def dbt_parse_fingerprint(env: Mapping[str, str]) -> str:
    """A digest of everything a `dbt parse` in `env` reads: dbt's version, the variables above and
    every file of the project, so an unchanged digest means the manifest on disk is what a parse
    would write again."""
    from importlib.metadata import version

    digest = hashlib.sha256(f"dbt-core {version('dbt-core')}\n".encode())
    digest.update("".join(f"{name}={env.get(name, '')}\n" for name in _PARSE_VARIABLES).encode())
    for path in sorted(DBT_PROJECT_DIR.rglob("*")):
        relative = path.relative_to(DBT_PROJECT_DIR)
        if relative.parts[0] not in _NOT_PARSED and path.is_file():
            digest.update(f"{relative}\0{path.stat().st_size}\0".encode() + path.read_bytes())
    return digest.hexdigest()


def dbt_manifest_is_current(env: Mapping[str, str], fingerprint: str) -> bool:
    """Whether the manifest was written by a parse of exactly this project, dbt and connection
    (`fingerprint`: `dbt_parse_fingerprint(env)`, taken once by the caller)."""
    target = dbt_target_dir(env)
    recorded = target / PARSE_FINGERPRINT
    return (target / "manifest.json").exists() and recorded.exists() and recorded.read_text().strip() == fingerprint


def record_dbt_parse(env: Mapping[str, str], fingerprint: str) -> None:
    """Keep the digest of what a parse that started with it read, beside the manifest it wrote."""
    (dbt_target_dir(env) / PARSE_FINGERPRINT).write_text(fingerprint + "\n")


def dagster_module(settings: Settings) -> str:
    """The code location to load: the pipelines as they are, or with the sandbox handed in when a
    source has no credential (never in production, which requires every credential)."""
    return SANDBOX_DAGSTER_MODULE if needs_stand_ins(settings) else DAGSTER_MODULE


def materialize_command(settings: Settings, select: str | None) -> list[str]:
    """Dagster CLI: run the `main` job, or materialize a selection, in this process's instance."""
    if select is None:
        return [tool("dagster"), "job", "execute", "-m", dagster_module(settings), "-j", "main"]
    return [tool("dagster"), "asset", "materialize", "-m", dagster_module(settings), "--select", select]


def server_commands(settings: Settings) -> dict[str, list[str]]:
    module = dagster_module(settings)
    return {
        "daemon": [tool("dagster-daemon"), "run", "-m", module],
        "dagster": [
            tool("dagster-webserver"),
            "-m",
            module,
            "-h",
            settings.dagster_host,
            "-p",
            str(settings.dagster_port),
        ],
        "api": [
            tool("uvicorn"),
            SANDBOX_API_FACTORY if needs_stand_ins(settings) else API_FACTORY,
            "--factory",
            "--host",
            settings.api_host,
            "--port",
            str(settings.api_port),
            "--no-server-header",  # which server and version runs is nobody's business
        ],
    }


@contextmanager
def serve_in_process(app: Any, name: str, *, timeout: float = 60) -> Iterator[str]:
    """An ASGI app served by uvicorn on a free local port in a thread of this process (so it shares
    this process's objects, such as the sandbox accounts); its base URL while the context lasts."""
    import uvicorn

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_config=None, lifespan="on"))
    thread = threading.Thread(target=server.run, name=name, daemon=True)
    thread.start()
    try:
        deadline = time.monotonic() + timeout
        while not server.started:
            if not thread.is_alive() or time.monotonic() > deadline:
                raise UnavailableError(f"{name} did not start on 127.0.0.1:{port}", code="SERVER_NOT_STARTED")
            time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def free_port() -> int:
    """A TCP port on the loopback interface that nothing listens on right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_for_http(
    name: str,
    url: str,
    process: subprocess.Popen,
    *,
    timeout: float,
    ready: Callable[[int], bool] = lambda status: status == 200,
    log: Path | None = None,
) -> None:
    """Wait until the server `process` answers `url` with a ready status; fail at once if it exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            where = f"see {log}" if log else "see its log"
            raise UnavailableError(
                f"The {name} server exited with code {process.returncode}; {where}", code="SERVER_EXITED"
            )
        try:
            if ready(httpx.get(url, timeout=2).status_code):
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise UnavailableError(f"The {name} server did not answer at {url} within {timeout:g}s", code="SERVER_TIMEOUT")


def interrupt_on_stop_signals() -> None:
    """Treat SIGTERM (docker stop, systemd) like Ctrl-C so children and the database stop cleanly.

    Ctrl-C is re-armed too: a process started in the background by a non-interactive shell
    inherits SIGINT as ignored, and then nothing would ever stop the servers it started."""

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupt)
    signal.signal(signal.SIGINT, signal.default_int_handler)


def _leads_group(process: subprocess.Popen) -> bool:
    try:
        return os.getpgid(process.pid) == process.pid
    except ProcessLookupError:
        return False


def _signal(process: subprocess.Popen, sig: int, *, group: bool) -> None:
    """Signal the child, and everything it started when it leads its own process group."""
    try:
        if group:
            os.killpg(process.pid, sig)
        elif process.poll() is None:
            process.send_signal(sig)
    except (ProcessLookupError, PermissionError):
        pass


def stop_processes(processes: Sequence[subprocess.Popen], timeout: float = 15.0) -> None:
    """Ask each child to stop (SIGTERM), insist (SIGKILL) after `timeout` seconds. For children
    started with `start_new_session=True` the whole group is signalled, and whatever they started
    (a code server, a browser's renderers) is killed once they are gone, so nothing outlives them."""
    groups = {process.pid: _leads_group(process) for process in processes}
    for process in processes:
        if process.poll() is None:
            _signal(process, signal.SIGTERM, group=groups[process.pid])
    for process in processes:
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            _signal(process, signal.SIGKILL, group=groups[process.pid])
            process.wait()
    for process in processes:
        if groups[process.pid]:
            _signal(process, signal.SIGKILL, group=True)
