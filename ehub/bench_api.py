"""Load benchmark of the bot service: `ehub bench api --leads 100`.

Starts the real API (uvicorn, one worker) on a scratch database with the marts built from the
sandbox, then runs `leads` simulated leads at once, each through a whole qualification
conversation on `/v1/chat`, and measures latency percentiles and errors. In the same run it
measures a bare Litestar endpoint (`/health`) under the same concurrency, so the chat throughput
is reported as a ratio to it rather than as an absolute that depends on the machine's mood.
"""

from __future__ import annotations

import asyncio
import random
import statistics
import subprocess
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass

import httpx

from ehub.bench import scratch_database
from ehub.bots.apikeys import create_key
from ehub.crypto import cipher_from_settings, generate_keys
from ehub.db.database import Database
from ehub.db.migrate import upgrade
from ehub.runtime import child_environment, free_port, run_dbt, server_commands, stop_processes, wait_for_http
from ehub.settings import load_settings
from ehub.sources.sync_all import sync_all_sources

CONVERSATION = (
    "Hi! Looking to buy a 3 bed in Round Rock",
    "around 450k",
    "next month, our lease ends",
    "no agent yet",
    "not pre-approved yet",
    "yes, can we tour Saturday?",
)


@dataclass(frozen=True)
class ApiBench:
    leads: int
    think_seconds: float
    chat_requests: int
    errors: int
    error_kinds: dict[str, int]
    p50_ms: float
    p95_ms: float
    p99_ms: float
    chat_requests_per_second: float
    bare_requests_per_second: float

    @property
    def throughput_ratio(self) -> float:
        return self.chat_requests_per_second / max(1e-9, self.bare_requests_per_second)

    def as_dict(self) -> dict[str, float]:
        return {**asdict(self), "throughput_ratio": round(self.throughput_ratio, 3)}


async def _lead(client: httpx.AsyncClient, key: str, latencies: list[float], errors: list[str], think: float) -> None:
    lead_id = None
    for message in CONVERSATION:
        await asyncio.sleep(think * random.uniform(0.5, 1.5))  # noqa: S311  # nosec B311
        started = time.perf_counter()
        try:
            response = await client.post(
                "/v1/chat",
                headers={"X-API-Key": key},
                json={"message": message, **({"lead_id": lead_id} if lead_id else {})},
            )
            latencies.append(time.perf_counter() - started)
            if response.status_code != 201:
                errors.append(f"HTTP {response.status_code} {_error_code(response)}".strip())
                return
            lead_id = response.json()["lead_id"]
        except httpx.HTTPError as error:
            errors.append(type(error).__name__)
            return


def _error_code(response: httpx.Response) -> str:
    """The error's `code` from the one error shape, so a run says what failed, not only how often."""
    try:
        return str(response.json().get("code", ""))
    except ValueError:
        return ""


async def _bare(client: httpx.AsyncClient, count: int, errors: list[str]) -> None:
    for _ in range(count):
        try:
            if (await client.get("/health")).status_code != 200:
                errors.append("health")
        except httpx.HTTPError as error:
            errors.append(type(error).__name__)


async def _drive(base_url: str, keys: list[str], think: float) -> tuple[list[float], list[str], float, float]:
    limits = httpx.Limits(max_connections=len(keys), max_keepalive_connections=len(keys))
    async with httpx.AsyncClient(base_url=base_url, timeout=60, limits=limits) as client:
        latencies: list[float] = []
        errors: list[str] = []
        started = time.perf_counter()
        await asyncio.gather(*(_lead(client, key, latencies, errors, think) for key in keys))
        chat_seconds = time.perf_counter() - started
        bare_errors: list[str] = []
        started = time.perf_counter()
        await asyncio.gather(*(_bare(client, len(CONVERSATION), bare_errors) for _ in keys))
        bare_seconds = time.perf_counter() - started
    return latencies, errors + bare_errors, chat_seconds, bare_seconds


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1)


def bench_api(database: Database, *, leads: int = 100, scale: float = 0.2, think: float = 1.0) -> ApiBench:
    """`think`: mean seconds a simulated lead waits before each message (0 saturates the service)."""
    keys_material = generate_keys()
    with scratch_database(database) as scratch, tempfile.TemporaryDirectory() as data_dir:
        settings = load_settings(
            database_url=scratch.url,
            data_dir=data_dir,
            sandbox_scale=scale,
            api_port=free_port(),
            encryption_keys=keys_material["EHUB_ENCRYPTION_KEYS"],
            blind_index_key=keys_material["EHUB_BLIND_INDEX_KEY"],
            log_level="WARNING",
        )
        upgrade(scratch)
        sync_all_sources(settings, scratch, cipher_from_settings(settings))
        run_dbt(settings, scratch, ["build", "--quiet"], quiet=True)
        keys = [create_key(scratch, f"lead {number}", ["chat"])[1] for number in range(leads)]
        server = subprocess.Popen(
            server_commands(settings)["api"],
            env=child_environment(settings, scratch),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            base_url = f"http://{settings.api_host}:{settings.api_port}"
            wait_for_http("api", f"{base_url}/ready", server, timeout=60)
            latencies, errors, chat_seconds, bare_seconds = asyncio.run(_drive(base_url, keys, think))
        finally:
            stop_processes([server])
    requests = len(latencies)
    return ApiBench(
        leads=leads,
        think_seconds=think,
        chat_requests=requests,
        errors=len(errors),
        error_kinds=dict(Counter(errors)),
        p50_ms=round(statistics.median(latencies) * 1000, 1) if latencies else 0.0,
        p95_ms=_percentile(latencies, 0.95) if latencies else 0.0,
        p99_ms=_percentile(latencies, 0.99) if latencies else 0.0,
        # Throughput while busy: the wall time minus the time every lead spent thinking.
        chat_requests_per_second=round(requests / max(1e-9, chat_seconds - think * len(CONVERSATION)), 1),
        bare_requests_per_second=round(leads * len(CONVERSATION) / bare_seconds, 1),
    )
