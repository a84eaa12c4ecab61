"""Load benchmark of the bot service: `ehub bench api --leads 100`.

Starts the real API (uvicorn, one worker) on a scratch database with the marts built from the
sandbox, gives every simulated lead its own API key and its own keep-alive connection (one chat
widget each), and measures four phases on the same server in the same run:

- paced chat: every lead runs whole qualification conversations on `/v1/chat`, waiting about
  `think` seconds before each message (a person typing). This is the service under 100 concurrent
  leads: latency percentiles, errors and the throughput those leads got.
- paced bare: the same leads at the same pace on a bare Litestar endpoint (`/health`). The ratio of
  the two throughputs says whether the bots keep up with the leads as well as an empty handler.
- saturated chat and bare: the same, with no think time, each lead sending its next request as
  soon as the last is answered. This finds the ceiling of each and their ratio.

The load generator shares the machine's cores with the server and PostgreSQL, so each phase also
reports the CPU milliseconds per request spent by each of the three, measured from the processes.
"""

from __future__ import annotations

import asyncio
import random
import subprocess
import tempfile
import time
from collections import Counter
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import httpx
import psutil
import psycopg

from ehub.bots.apikeys import create_key
from ehub.crypto import cipher_from_settings, generate_keys
from ehub.db.database import Database
from ehub.db.migrate import upgrade
from ehub.settings import load_settings
from ehub.sources.sync_all import sync_all_sources
from sandbox.sources import SANDBOX
from tools.bench import percentile_ms, scratch_database
from tools.runtime import child_environment, free_port, run_dbt, server_commands, stop_processes, wait_for_http

CONVERSATION = (
    "Hi! Looking to buy a 3 bed in Round Rock",
    "around 450k",
    "next month, our lease ends",
    "no agent yet",
    "not pre-approved yet",
    "yes, can we tour Saturday?",
)
CHAT, BARE = "/v1/chat", "/health"


@dataclass(frozen=True)
class Phase:
    """One endpoint under one load pattern."""

    name: str
    requests: int
    errors: dict[str, int]
    p50_ms: float
    p95_ms: float
    p99_ms: float
    requests_per_second: float
    cpu_ms_per_request: dict[str, float]  # server, postgres, load generator


@dataclass(frozen=True)
class ApiBench:
    leads: int
    think_seconds: float
    conversations_per_lead: int
    phases: dict[str, Phase]

    def ratio(self, pace: str) -> float:
        chat, bare = self.phases[f"{pace} chat"], self.phases[f"{pace} bare"]
        return round(chat.requests_per_second / max(1e-9, bare.requests_per_second), 3)

    @property
    def errors(self) -> int:
        return sum(sum(phase.errors.values()) for phase in self.phases.values())

    def as_dict(self) -> dict[str, object]:
        """Flat figures, chat latency first: what the issue's targets are read from."""
        paced = self.phases["paced chat"]
        figures: dict[str, object] = {
            "leads": self.leads,
            "think_seconds": self.think_seconds,
            "conversations_per_lead": self.conversations_per_lead,
            "chat_requests": paced.requests,
            "errors": self.errors,
            "chat_p50_ms": paced.p50_ms,
            "chat_p95_ms": paced.p95_ms,
            "chat_p99_ms": paced.p99_ms,
            "paced_throughput_ratio": self.ratio("paced"),
            "saturated_throughput_ratio": self.ratio("saturated"),
        }
        for name, phase in self.phases.items():
            key = name.replace(" ", "_")
            figures[f"{key}_requests_per_second"] = phase.requests_per_second
            if name != "paced chat":
                figures[f"{key}_p95_ms"] = phase.p95_ms
            for process, milliseconds in phase.cpu_ms_per_request.items():
                figures[f"{key}_cpu_ms_{process}"] = milliseconds
            if phase.errors:
                figures[f"{key}_errors"] = phase.errors
        return figures


def _local_postmaster(database: Database) -> psutil.Process | None:
    """The PostgreSQL server process, when it runs on this machine (else its CPU is not reported)."""
    with psycopg.connect(database.libpq_url) as connection:
        backend = connection.execute("select pg_backend_pid()").fetchone()
    try:
        process = psutil.Process(backend[0]) if backend else None
        postmaster = process.parent() if process and process.name().startswith("postgres") else None
    except psutil.Error:  # a remote server's pid means nothing here
        return None
    return postmaster if postmaster and postmaster.name().startswith("postgres") else None


class _CpuMeter:
    """CPU seconds used so far by the server (with its children), the PostgreSQL cluster serving the
    database (its postmaster and every backend) and this process, the load generator."""

    def __init__(self, server_pid: int, database: Database) -> None:
        self.server = psutil.Process(server_pid)
        self.me = psutil.Process()
        self.postmaster = _local_postmaster(database)
        self._seen: dict[int, float] = {}  # backend pid -> CPU seconds when last seen alive

    @staticmethod
    def _seconds(processes: list[psutil.Process]) -> float:
        total = 0.0
        for process in processes:
            try:
                times = process.cpu_times()
                total += times.user + times.system
            except psutil.Error:  # a backend that ended between listing and reading
                continue
        return total

    def watch_postgres(self) -> None:
        """Backends come and go with the pools; one that ended keeps what it had used when last seen."""
        if self.postmaster is None:
            return
        for process in [self.postmaster, *self.postmaster.children()]:
            self._seen[process.pid] = self._seconds([process]) or self._seen.get(process.pid, 0.0)

    def sample(self) -> dict[str, float]:
        self.watch_postgres()
        return {
            "server": self._seconds([self.server, *self.server.children(recursive=True)]),
            **({"postgres": sum(self._seen.values())} if self.postmaster else {}),
            "load_generator": self._seconds([self.me]),
        }


Step = Callable[[httpx.AsyncClient, str, str | None], Awaitable[tuple[bool, str | None, str]]]


async def _chat_step(client: httpx.AsyncClient, message: str, session: str | None) -> tuple[bool, str | None, str]:
    """One message as the widget sends it: the session token of the reply before continues the chat."""
    response = await client.post(CHAT, json={"message": message, **({"session_token": session} if session else {})})
    if response.status_code != 201:
        return False, session, f"HTTP {response.status_code} {_error_code(response)}".strip()
    return True, response.json()["session_token"], ""


async def _bare_step(client: httpx.AsyncClient, _: str, session: str | None) -> tuple[bool, str | None, str]:
    response = await client.get(BARE)
    return response.status_code == 200, session, f"HTTP {response.status_code}"


def _error_code(response: httpx.Response) -> str:
    """The error's `code` from the one error shape, so a run says what failed, not only how often."""
    try:
        return str(response.json().get("code", ""))
    except ValueError:
        return ""


async def _lead(
    client: httpx.AsyncClient, step: Step, conversations: int, think: float, latencies: list[float], errors: Counter
) -> None:
    """One lead: whole conversations, a new lead each time; a failed request ends that conversation."""
    for _ in range(conversations):
        session = None
        for message in CONVERSATION:
            if think:
                await asyncio.sleep(think * random.uniform(0.5, 1.5))  # noqa: S311  # nosec B311
            started = time.perf_counter()
            try:
                ok, session, error = await step(client, message, session)
            except httpx.HTTPError as exc:
                ok, error = False, type(exc).__name__
            latencies.append(time.perf_counter() - started)
            if not ok:
                errors[error] += 1
                break


async def _keep_sampling(meter: _CpuMeter) -> None:
    """Look at PostgreSQL twice a second, so a backend that ends mid-phase is counted until then."""
    while True:
        await asyncio.sleep(0.5)
        meter.watch_postgres()


async def _phase(
    name: str, clients: list[httpx.AsyncClient], step: Step, conversations: int, think: float, meter: _CpuMeter
) -> Phase:
    latencies: list[float] = []
    errors: Counter = Counter()
    cpu_before, started = meter.sample(), time.perf_counter()
    watching = asyncio.create_task(_keep_sampling(meter))
    await asyncio.gather(*(_lead(client, step, conversations, think, latencies, errors) for client in clients))
    seconds = time.perf_counter() - started
    watching.cancel()
    cpu_after = meter.sample()
    requests = max(1, len(latencies))
    return Phase(
        name=name,
        requests=len(latencies),
        errors=dict(errors),
        p50_ms=percentile_ms(latencies, 0.50),
        p95_ms=percentile_ms(latencies, 0.95),
        p99_ms=percentile_ms(latencies, 0.99),
        requests_per_second=round(len(latencies) / seconds, 1),
        cpu_ms_per_request={
            process: round(1000 * (cpu_after[process] - cpu_before[process]) / requests, 2) for process in cpu_before
        },
    )


async def _drive(base_url: str, keys: list[str], think: float, conversations: int, meter: _CpuMeter) -> dict:
    one_connection = httpx.Limits(max_connections=1)  # a lead is one widget: one keep-alive connection
    clients = [
        httpx.AsyncClient(base_url=base_url, headers={"X-API-Key": key}, timeout=60, limits=one_connection)
        for key in keys
    ]
    try:
        await asyncio.gather(*(client.get(BARE) for client in clients))  # every connection open before timing
        phases = {}
        for pace, pause in (("paced", think), ("saturated", 0.0)):
            for endpoint, step in (("chat", _chat_step), ("bare", _bare_step)):
                name = f"{pace} {endpoint}"
                phases[name] = await _phase(name, clients, step, conversations, pause, meter)
        return phases
    finally:
        await asyncio.gather(*(client.aclose() for client in clients))


def bench_api(
    database: Database, *, leads: int = 100, scale: float = 0.2, think: float = 1.0, conversations: int = 3
) -> ApiBench:
    """`think`: mean seconds a simulated lead waits before each message in the paced phases."""
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
        sync_all_sources(settings, scratch, cipher_from_settings(settings), offline=SANDBOX)
        run_dbt(settings, scratch, ["build", "--quiet"], quiet=True)
        keys = [create_key(scratch, f"lead {number}", ["chat"])[1] for number in range(leads)]
        server = subprocess.Popen(
            server_commands(settings)["api"],
            # Each simulated lead is one visitor with a key of its own: the key's limit is the one that counts.
            env={**child_environment(settings, scratch), "EHUB_CHAT_VISITOR_REQUESTS_PER_MINUTE": "100"},
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        try:
            base_url = f"http://{settings.api_host}:{settings.api_port}"
            wait_for_http("api", f"{base_url}/ready", server, timeout=60)
            phases = asyncio.run(_drive(base_url, keys, think, conversations, _CpuMeter(server.pid, scratch)))
        finally:
            stop_processes([server])
    return ApiBench(leads=leads, think_seconds=think, conversations_per_lead=conversations, phases=phases)
