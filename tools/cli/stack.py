"""The platform's moving parts, composed for the CLI: prepare, run the main job, serve."""

from __future__ import annotations

import getpass
import subprocess
import time
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from ehub.errors import JobFailedError, UnavailableError
from tools.cli.output import Steps, console

if TYPE_CHECKING:
    from ehub.db import Database
    from ehub.settings import Settings

READY_TIMEOUT_SECONDS = 120
DEMO_KEY_NAME = "demo page widget (ehub demo)"
DEMO_KEY_REQUESTS_PER_MINUTE = 600


def migrate(database: Database, steps: Steps) -> None:
    from ehub.db.migrate import upgrade

    with steps.step("Applying database migrations"):
        status = upgrade(database)
        steps.detail(f"schema at revision {status.current}")


def prepare_dbt(settings: Settings, database: Database, steps: Steps) -> None:
    """Parse the dbt project so Dagster can load its manifest, unless the manifest on disk came from
    a parse of this very project, dbt and connection (dbt's start-up alone is several seconds)."""
    from tools.runtime import (
        child_environment,
        dbt_command,
        dbt_manifest_is_current,
        dbt_parse_fingerprint,
        log_path,
        record_dbt_parse,
        run_logged,
    )

    env = child_environment(settings, database)
    with steps.step("Parsing the dbt project"):
        fingerprint = dbt_parse_fingerprint(env)  # before the parse: what it will read
        if dbt_manifest_is_current(env, fingerprint):
            steps.detail("the manifest is current: the project has not changed since it was parsed")
            return
        log = log_path(settings, "dbt-parse")
        code = run_logged(dbt_command(["parse", "--quiet"]), env, log)
        if code != 0:
            raise JobFailedError(f"dbt parse failed; see {log}", code="DBT_PARSE_FAILED")
        record_dbt_parse(env, fingerprint)


def materialize(settings: Settings, database: Database, steps: Steps, select: str | None = None) -> None:
    """Run the main job (or a selection) in Dagster, showing each step as it starts."""
    from tools.runtime import child_environment, log_path, materialize_command, run_logged, step_event

    title = "Materializing all assets (main job)" if select is None else f"Materializing {select}"
    with steps.step(title):
        log = log_path(settings, "materialize")

        def follow(line: str) -> None:
            event = step_event(line)
            if event and event[1] == "STEP_START":
                steps.detail(f"{title}: running {event[0]}")

        code = run_logged(materialize_command(settings, select), child_environment(settings, database), log, follow)
        if code != 0:
            raise JobFailedError(f"The Dagster run failed; the full log is {log}", code="RUN_FAILED")
    console.print(f"    [dim]run log: {log}[/]", highlight=False, soft_wrap=True)


def demo_widget_key(database: Database) -> str:
    """A fresh chat-only key for the demo page's widget; the earlier runs' demo keys are revoked, so
    a key printed in an old page or log no longer works."""
    from ehub.bots.apikeys import create_key, list_keys, revoke_key
    from ehub.bots.audit import Actor

    operator = Actor("cli", getpass.getuser(), "ehub demo")
    for key in list_keys(database):
        if key["name"] == DEMO_KEY_NAME and key["revoked_at"] is None:
            revoke_key(database, str(key["key_id"]), actor=operator)
    _, secret = create_key(
        database, DEMO_KEY_NAME, ["chat"], requests_per_minute=DEMO_KEY_REQUESTS_PER_MINUTE, actor=operator
    )
    return secret


def start_servers(
    settings: Settings, database: Database, names: Sequence[str], extra_env: Mapping[str, str] | None = None
) -> list[subprocess.Popen]:
    """Start the named servers (`dagster`, `api`) as children sharing this database."""
    from tools.runtime import child_environment, log_path, server_commands

    env = {**child_environment(settings, database), **(extra_env or {})}
    commands = server_commands(settings)
    processes = []
    for name in names:
        log = log_path(settings, name).open("w")
        processes.append(
            subprocess.Popen(commands[name], env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        )
    return processes


def server_urls(settings: Settings) -> dict[str, str]:
    return {
        "dagster": f"http://{settings.dagster_host}:{settings.dagster_port}",
        "api": f"http://{settings.api_host}:{settings.api_port}",
    }


def wait_until_ready(name: str, base_url: str | None, process: subprocess.Popen) -> None:
    """Wait for a server's health endpoint; a process without one (the daemon) only has to stay up."""
    from tools.runtime import wait_for_http

    if base_url is None:
        time.sleep(3)
        if process.poll() is not None:
            raise UnavailableError(
                f"The {name} server exited with code {process.returncode}; see its log", code="SERVER_EXITED"
            )
        return
    wait_for_http(
        name, f"{base_url}{HEALTH_PATHS[name]}", process, timeout=READY_TIMEOUT_SECONDS, ready=lambda s: s < 500
    )


HEALTH_PATHS = {"dagster": "/server_info", "api": "/health"}
