"""Benchmarks that report figures (never pass/fail): `ehub bench ingest|dbt --scale N`.

The MLS ingest is measured against a plain `COPY` of the same rows into the same PostgreSQL in the
same run, so the ratio means something on a shared, noisy machine. The dbt benchmark reports the
next-day build as a share of the full build in the same run. Each run works in a database of its
own, created and dropped around it, so no user data is touched.
"""

from __future__ import annotations

import json
import math
import resource
import tempfile
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from pathlib import Path

import httpx
import psycopg
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import make_url

from ehub.crypto import PersonalDataCipher, cipher_from_settings, generate_keys
from ehub.db.database import Database
from ehub.db.migrate import upgrade
from ehub.dbt_builds import dbt_build
from ehub.errors import JobFailedError
from ehub.market.records import ListingCriteria, Subject
from ehub.market.search import comparable_sales, search_listings
from ehub.settings import load_settings
from ehub.sources.auth import BearerToken
from ehub.sources.landing import examine, jsonb
from ehub.sources.mls.client import ResoClient
from ehub.sources.mls.entities import PROPERTIES
from ehub.sources.mls.sync import sync_resource
from ehub.sources.sync_all import sync_all_sources
from sandbox.clock import advance
from sandbox.reso_api import SANDBOX_TOKEN, ResoSandbox, media_for
from sandbox.sources import SANDBOX
from tools.bench_synced import SyncedSources, keep_sources, kept_sources, template_name
from tools.runtime import run_dbt

COPY_CHUNK = 5000


@dataclass(frozen=True)
class IngestBench:
    scale: float
    rows: int
    ingest_seconds: float
    source_seconds: float
    copy_seconds: float
    peak_memory_mb: float

    @property
    def ingest_rows_per_second(self) -> float:
        """Our side of the ingest: everything but the time the (sandbox) source spent answering."""
        return self.rows / max(1e-9, self.ingest_seconds - self.source_seconds)

    @property
    def end_to_end_rows_per_second(self) -> float:
        return self.rows / max(1e-9, self.ingest_seconds)

    @property
    def copy_rows_per_second(self) -> float:
        return self.rows / max(1e-9, self.copy_seconds)

    @property
    def ratio_to_copy(self) -> float:
        return self.ingest_rows_per_second / self.copy_rows_per_second

    def as_dict(self) -> dict[str, float]:
        return {
            **asdict(self),
            "ingest_rows_per_second": round(self.ingest_rows_per_second),
            "end_to_end_rows_per_second": round(self.end_to_end_rows_per_second),
            "copy_rows_per_second": round(self.copy_rows_per_second),
            "ratio_to_copy": round(self.ratio_to_copy, 3),
        }


@contextmanager
def scratch_database(database: Database, template: str | None = None) -> Iterator[Database]:
    """A new database on the same server (empty, or a copy of `template`), dropped afterwards."""
    name = f"ehub_bench_{uuid.uuid4().hex[:10]}"
    create = sql.SQL("create database {}").format(sql.Identifier(name))
    if template is not None:
        create = sql.SQL("{} template {}").format(create, sql.Identifier(template))
    with psycopg.connect(database.libpq_url, autocommit=True) as admin:
        admin.execute(create)
    scratch = Database(make_url(database.url).set(database=name).render_as_string(hide_password=False))
    try:
        yield scratch
    finally:
        scratch.dispose()
        with psycopg.connect(database.libpq_url, autocommit=True) as admin:
            admin.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


class _TimedTransport(httpx.BaseTransport):
    """Counts the time spent inside the source (here, the sandbox producing its pages)."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner, self.seconds = inner, 0.0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        started = time.perf_counter()
        response = self.inner.handle_request(request)
        response.read()
        self.seconds += time.perf_counter() - started
        return response


def _peak_memory_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def bench_ingest(database: Database, cipher: PersonalDataCipher, *, scale: float, seed: int = 42) -> IngestBench:
    with scratch_database(database) as scratch:
        upgrade(scratch)
        sandbox = ResoSandbox(seed=seed, scale=scale)
        transport = _TimedTransport(sandbox.transport)
        client = ResoClient(
            base_url="https://api.mlsgrid.com/v2",
            auth=BearerToken(SANDBOX_TOKEN),
            originating_system="actris",
            transport=transport,
        )
        started = time.perf_counter()
        with client:
            report = sync_resource(scratch, client, cipher, PROPERTIES)
        ingest_seconds = time.perf_counter() - started
        peak = _peak_memory_mb()
        copy_seconds = _copy_baseline(scratch, cipher, sandbox)
    return IngestBench(
        scale=scale,
        rows=report.counts.inserted,
        ingest_seconds=ingest_seconds,
        source_seconds=transport.seconds,
        copy_seconds=copy_seconds,
        peak_memory_mb=peak,
    )


def _copy_baseline(database: Database, cipher: PersonalDataCipher, sandbox: ResoSandbox) -> float:
    """Seconds a plain COPY takes to write the same rows into a table shaped like the raw one."""
    columns = PROPERTIES.loaded_columns
    copy = sql.SQL("copy bench_copy ({}) from stdin").format(sql.SQL(", ").join(map(sql.Identifier, columns)))
    seconds = 0.0
    with psycopg.connect(database.libpq_url) as connection:
        # Same columns, defaults and indexes as the raw table: the honest cost of writing these rows.
        connection.execute("create table bench_copy (like raw.mls_properties including all)")
        chunk: list[tuple[object, ...]] = []

        def flush() -> float:
            began = time.perf_counter()
            with connection.cursor() as cursor, cursor.copy(copy) as writer:
                for row in chunk:
                    writer.write_row(row)
            connection.commit()
            chunk.clear()
            return time.perf_counter() - began

        for _, record in sandbox.iter_properties():
            if not record["MlgCanView"]:
                continue
            item = examine(PROPERTIES, cipher, {**record, "Media": media_for(record)})  # as the feed sends it
            sealed = item.sealed
            chunk.append(
                (
                    item.key,
                    *item.columns,
                    jsonb(sealed.payload),
                    sealed.token,
                    sealed.email_index,
                    sealed.phone_index,
                    item.modified_at,
                    item.deleted,
                )
            )
            if len(chunk) == COPY_CHUNK:
                seconds += flush()
        if chunk:
            seconds += flush()
    return seconds


@dataclass(frozen=True)
class DbtBench:
    scale: float
    sync_seconds: float
    bots_seconds: float
    full_build_seconds: float
    incremental_sync_seconds: float
    incremental_bots_seconds: float
    incremental_build_seconds: float
    startup_seconds: float
    cma_p95_ms: float
    search_p95_ms: float
    slowest_models: tuple[tuple[str, float], ...]
    next_day_slowest_models: tuple[tuple[str, float], ...]
    nodes_run: dict[str, int]
    next_day_nodes_run: dict[str, int]

    @property
    def incremental_share(self) -> float:
        return self.incremental_build_seconds / max(1e-9, self.full_build_seconds)

    @property
    def startup_share(self) -> float:
        """dbt's fixed cost (a build that selects nothing) as a share of the full build: the floor."""
        return self.startup_seconds / max(1e-9, self.full_build_seconds)

    def as_dict(self) -> dict[str, object]:
        return {
            **asdict(self),
            "incremental_share": round(self.incremental_share, 3),
            "startup_share": round(self.startup_share, 3),
        }


def percentile_ms(seconds: list[float], share: float) -> float:
    """The nearest-rank percentile (`share` 0.95 for p95) of timings in seconds, in milliseconds."""
    if not seconds:
        return 0.0
    ordered = sorted(seconds)
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)] * 1000, 2)


def _slowest_models(run_results: Path, count: int = 5) -> tuple[tuple[str, float], ...]:
    results = json.loads(run_results.read_text())["results"]
    models = [
        (r["unique_id"].split(".")[-1], round(r["execution_time"], 2))
        for r in results
        if r["unique_id"].startswith("model.")
    ]
    return tuple(sorted(models, key=lambda item: item[1], reverse=True)[:count])


def _nodes_run(run_results: Path) -> dict[str, int]:
    """How many nodes of each kind (model, test, seed, unit_test) a build ran."""
    kinds = Counter(r["unique_id"].split(".")[0] for r in json.loads(run_results.read_text())["results"])
    return dict(sorted(kinds.items()))


def _query_latencies(database: Database, samples: int = 200) -> tuple[float, float]:
    """p95 of one CMA search and one listing search, over varied real subjects and criteria."""
    with database.engine.connect() as connection:
        subjects = connection.execute(
            text(
                "select property_sub_type, latitude, longitude, living_area_sqft, bedrooms_total, bathrooms_total, "
                "year_built, lot_size_acres, listing_key, city, list_price from marts.listing_search "
                "order by md5(listing_key) limit :n"
            ),
            {"n": samples},
        ).all()
        cma, search = [], []
        for row in subjects:
            started = time.perf_counter()
            comparable_sales(connection, Subject(*row[:9]))
            cma.append(time.perf_counter() - started)
            started = time.perf_counter()
            search_listings(
                connection,
                ListingCriteria(
                    city=row.city, max_price=int(float(row.list_price) * 1.1), min_bedrooms=row.bedrooms_total
                ),
            )
            search.append(time.perf_counter() - started)
    return percentile_ms(cma, 0.95), percentile_ms(search, 0.95)


def bench_dbt(database: Database, *, scale: float, seed: int = 42, reuse_sync: bool = False) -> DbtBench:
    """Full dbt build, then an incremental one a simulated day later, and the bots' query latency.

    Both builds are the Dagster dbt asset's (`ehub.dbt_builds`): the first builds the whole project,
    the next day's only what a day can change. A last build selecting nothing measures dbt's fixed
    start-up cost (process start, imports, reading the parsed project, writing its artifacts), the
    floor under any next-day build.

    Each day the sandbox's sources are synced and its new leads answered by the bot service (as
    `ehub demo` does), untimed in the builds; dbt parses into a target directory of its own first,
    so both timed builds start from the same parsed project. With `reuse_sync` the first day's
    synced sources come from a template kept by an earlier run (`tools.bench_synced`), and are kept
    when there is none."""
    from sandbox.live_leads import answer_new_leads

    template = template_name(scale, seed)
    kept = kept_sources(database, template) if reuse_sync else None
    keys = kept.keys if kept is not None else generate_keys()
    with (
        scratch_database(database, template if kept is not None else None) as scratch,
        tempfile.TemporaryDirectory() as data_dir,
        tempfile.TemporaryDirectory() as target,
    ):
        settings = load_settings(
            database_url=scratch.url,
            data_dir=data_dir,
            sandbox_scale=scale,
            sandbox_seed=seed,
            encryption_keys=keys["EHUB_ENCRYPTION_KEYS"],
            blind_index_key=keys["EHUB_BLIND_INDEX_KEY"],
        )
        cipher = cipher_from_settings(settings)
        if kept is None:
            upgrade(scratch)
        if run_dbt(settings, scratch, ["parse", "--quiet", "--target-path", target], quiet=True) != 0:
            raise JobFailedError("dbt parse failed during the benchmark", code="BENCH_DBT_FAILED")
        timings, slowest, nodes = {}, {}, {}
        for phase in ("first", "next_day"):
            if phase == "next_day":
                advance(settings.data_dir, 1)
            if phase == "first" and kept is not None:
                timings["first_sync"], timings["first_bots"] = kept.sync_seconds, kept.bots_seconds
            else:
                started = time.perf_counter()
                sync_all_sources(settings, scratch, cipher, offline=SANDBOX)
                timings[f"{phase}_sync"] = time.perf_counter() - started
                started = time.perf_counter()
                answer_new_leads(settings, scratch, cipher)
                timings[f"{phase}_bots"] = time.perf_counter() - started
            if phase == "first" and reuse_sync and kept is None:
                sources = SyncedSources(keys, timings["first_sync"], timings["first_bots"])
                keep_sources(database, scratch, template, sources)
            started = time.perf_counter()
            with dbt_build(scratch) as args:  # what the Dagster dbt asset runs: whole, then the day's part
                if run_dbt(settings, scratch, [*args, "--quiet", "--target-path", target], quiet=True) != 0:
                    raise JobFailedError("dbt build failed during the benchmark", code="BENCH_DBT_FAILED")
            timings[f"{phase}_build"] = time.perf_counter() - started
            slowest[phase] = _slowest_models(Path(target) / "run_results.json")
            nodes[phase] = _nodes_run(Path(target) / "run_results.json")
        started = time.perf_counter()
        nothing = ["build", "--quiet", "--target-path", target, "--select", "tag:none"]
        if run_dbt(settings, scratch, nothing, quiet=True) != 0:
            raise JobFailedError("dbt build failed during the benchmark", code="BENCH_DBT_FAILED")
        timings["startup"] = time.perf_counter() - started
        cma_p95, search_p95 = _query_latencies(scratch)
    return DbtBench(
        scale=scale,
        sync_seconds=round(timings["first_sync"], 2),
        bots_seconds=round(timings["first_bots"], 2),
        full_build_seconds=round(timings["first_build"], 2),
        incremental_sync_seconds=round(timings["next_day_sync"], 2),
        incremental_bots_seconds=round(timings["next_day_bots"], 2),
        incremental_build_seconds=round(timings["next_day_build"], 2),
        startup_seconds=round(timings["startup"], 2),
        cma_p95_ms=cma_p95,
        search_p95_ms=search_p95,
        slowest_models=slowest["first"],
        next_day_slowest_models=slowest["next_day"],
        nodes_run=nodes["first"],
        next_day_nodes_run=nodes["next_day"],
    )
