"""The bot API as deployed: real uvicorn processes on local ports, fuzzed from its own OpenAPI
document, and two processes sharing one Redis for their rate limits."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest
import redis

from ehub.bots.apikeys import create_key
from ehub.db import Database
from ehub.db.migrate import upgrade
from ehub.settings import load_settings
from tests.api_server import serve_api
from tests.conftest import BuiltMarts

REDIS_URL = os.environ.get("EHUB_TEST_REDIS_URL", "redis://127.0.0.1:6379/0")
SCHEMATHESIS = str(Path(sys.executable).parent / "st")


def _fuzz(base_url: str, key: str, workdir: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            SCHEMATHESIS,
            "run",
            f"{base_url}/schema/openapi.json",
            "--checks",
            "all",
            "--header",
            f"X-API-Key: {key}",
            "--max-examples",
            "40",
            "--workers",  # one: CPython 3.11.7's ast.parse is not safe in threads (hypothesis calls it)
            "1",
            "--seed",
            "20261127",
            *extra,
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
        cwd=workdir,  # where the fuzzer keeps its own state
    )


def test_a_fuzzer_finds_no_server_error_and_no_response_that_breaks_the_schema(
    marts_copy: str, built_marts: BuiltMarts, tmp_path
) -> None:
    database = Database(marts_copy)
    try:
        upgrade(database)  # the copy is at head already; a no-op that proves it
        trusted = create_key(database, "fuzzer", ["chat", "leads", "market"], requests_per_minute=100_000)[1]
        public = create_key(database, "fuzzer widget", ["chat"], requests_per_minute=100_000)[1]
        # The copy holds the bot service's leads, sealed under the keys the marts were built with.
        keys = {
            "EHUB_ENCRYPTION_KEYS": built_marts.settings.encryption_keys.get_secret_value(),
            "EHUB_BLIND_INDEX_KEY": built_marts.settings.blind_index_key.get_secret_value(),
        }
        settings = load_settings(database_url=marts_copy, data_dir=tmp_path)
        with serve_api(
            settings, database, tmp_path / "api.log", EHUB_CHAT_VISITOR_REQUESTS_PER_MINUTE="100000", **keys
        ) as url:
            runs = {
                "trusted key": _fuzz(url, trusted, tmp_path),
                "public key": _fuzz(
                    url, public, tmp_path, "--include-path", "/v1/chat", "--include-path", "/v1/widget"
                ),
            }
    finally:
        database.dispose()
    for who, run in runs.items():
        log = (tmp_path / "api.log").read_text()
        server_side = "\n".join(line for line in log.splitlines() if not line.startswith("INFO:"))
        assert run.returncode == 0, (
            f"{who}:\n{run.stdout[-6000:]}\n{run.stderr[-2000:]}\nserver:\n{server_side[-4000:]}"
        )
        counts = re.search(r"(\d+) generated, (\d+) passed", run.stdout)
        assert counts and counts.group(1) == counts.group(2) and int(counts.group(1)) >= 100, run.stdout[-2000:]


@pytest.fixture
def redis_namespace():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        if os.environ.get("EHUB_TEST_REQUIRE_SERVER") == "1":
            pytest.fail(f"Redis required but unreachable at {REDIS_URL}: {error}")
        pytest.skip(f"no Redis at {REDIS_URL}")
    namespace = f"ehub-test-{uuid.uuid4().hex[:8]}"
    yield namespace
    for key in client.scan_iter(f"{namespace}:*"):
        client.delete(key)


def test_two_api_processes_never_let_more_than_the_limit_through(
    migrated: Database, redis_namespace: str, tmp_path
) -> None:
    key = create_key(migrated, "crm", ["leads"], requests_per_minute=50)[1]
    settings = load_settings(database_url=migrated.url, data_dir=tmp_path)
    shared = {"EHUB_REDIS_URL": REDIS_URL, "EHUB_REDIS_NAMESPACE": redis_namespace}
    with (
        serve_api(settings, migrated, tmp_path / "api-1.log", **shared) as first,
        serve_api(settings, migrated, tmp_path / "api-2.log", **shared) as second,
    ):
        while time.time() % 60 > 45:  # all 100 requests inside one minute window
            time.sleep(1)

        def call(number: int) -> int:
            base = first if number % 2 else second
            return httpx.get(f"{base}/v1/leads", headers={"X-API-Key": key}, timeout=30).status_code

        with ThreadPoolExecutor(max_workers=20) as pool:
            statuses = list(pool.map(call, range(100)))
    assert statuses.count(200) == 50 and statuses.count(429) == 50, sorted(set(statuses))
