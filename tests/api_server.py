"""The bot API as a real server on a local port (uvicorn, as `ehub serve api` runs it), for tests that
need the wire: a fuzzer, several processes sharing Redis."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ehub.db import Database
from ehub.settings import Settings
from tools.runtime import child_environment, free_port, server_commands, stop_processes, wait_for_http


@contextmanager
def serve_api(settings: Settings, database: Database, log: Path, **environment: str) -> Iterator[str]:
    """Start the API on a free port with `settings` plus `environment`; its base URL while it runs."""
    settings = settings.model_copy(update={"api_port": free_port()})
    env = {**child_environment(settings, database), "EHUB_ENV_FILE": "", **environment}
    env["EHUB_LOG_LEVEL"] = "WARNING"
    with log.open("w") as output:
        server = subprocess.Popen(
            server_commands(settings)["api"], env=env, stdout=output, stderr=subprocess.STDOUT, start_new_session=True
        )
        try:
            base_url = f"http://127.0.0.1:{settings.api_port}"
            wait_for_http("api", f"{base_url}/ready", server, timeout=60, log=log)
            yield base_url
        finally:
            stop_processes([server])
