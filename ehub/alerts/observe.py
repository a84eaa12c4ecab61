"""What the platform records, as observations for the alert thresholds.

- The bot API's Prometheus `/metrics`: request counts by status and the latency histogram. Rates
  are computed over a window from counter deltas, so the caller keeps the previous snapshot; a
  counter that went down means the API restarted, and the new counts are the window.
- The newest recorded intents evaluation (`app.eval_runs`).
- Hours since each source's last successful sync: Dagster's materializations when the caller has
  them (every raw asset of the source), the replication cursors otherwise.
- Outbox entries parked: replies and CRM actions that exhausted their tries to reach GoHighLevel
  and wait for a person (`ehub outbox list --status parked`, `ehub outbox retry`).
"""

from __future__ import annotations

import logging
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from datetime import UTC, datetime

import httpx
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy import text

from ehub.alerts.rules import Observation
from ehub.db.database import Database
from ehub.evaluation_runs import latest_eval_run
from ehub.sources.ghl.entities import GHL_ENTITIES
from ehub.sources.mls.entities import MLS_ENTITIES
from ehub.sources.stripe.entities import STRIPE_ENTITIES

_logger = logging.getLogger(__name__)

REQUESTS_METRIC = "ehub_http_requests"  # bot_api/metrics.py: a counter (samples end in _total)
LATENCY_METRIC = "ehub_http_request_seconds"  # bot_api/metrics.py: a histogram (_sum, _count)
SCRAPE_PATH = "/metrics"  # our own scrapes are not API traffic
SCRAPE_TIMEOUT_SECONDS = 5.0

SOURCE_TABLES: dict[str, tuple[str, ...]] = {
    "mls": tuple(entity.table for entity in MLS_ENTITIES),
    "ghl": tuple(entity.table for entity in GHL_ENTITIES),
    "stripe": tuple(entity.table for entity in STRIPE_ENTITIES),
}


@dataclass(frozen=True)
class ApiCounters:
    """Cumulative counters of one bot API process, as scraped."""

    requests: float = 0.0
    errors: float = 0.0
    latency_sum: float = 0.0
    latency_count: float = 0.0

    def minus(self, earlier: ApiCounters | None) -> ApiCounters:
        """The window since `earlier`; after a restart (any counter went down) the counts since the restart."""
        if earlier is None or any(getattr(self, f.name) < getattr(earlier, f.name) for f in fields(self)):
            return self
        return ApiCounters(**{f.name: getattr(self, f.name) - getattr(earlier, f.name) for f in fields(self)})

    def as_dict(self) -> dict[str, float]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: Mapping[str, float]) -> ApiCounters:
        return cls(**{f.name: float(data.get(f.name, 0.0)) for f in fields(cls)})


def parse_exposition(exposition: str) -> ApiCounters:
    """Sum the bot API's request and latency series over every route except the scrape itself."""
    totals = dict.fromkeys(("requests", "errors", "latency_sum", "latency_count"), 0.0)
    for family in text_string_to_metric_families(exposition):
        if family.name not in (REQUESTS_METRIC, LATENCY_METRIC):
            continue
        for sample in family.samples:
            if sample.labels.get("path") == SCRAPE_PATH:
                continue
            if sample.name == f"{REQUESTS_METRIC}_total":
                totals["requests"] += sample.value
                if sample.labels.get("status", "").startswith("5"):
                    totals["errors"] += sample.value
            elif sample.name == f"{LATENCY_METRIC}_sum":
                totals["latency_sum"] += sample.value
            elif sample.name == f"{LATENCY_METRIC}_count":
                totals["latency_count"] += sample.value
    return ApiCounters(**totals)


def scrape_api(base_url: str, *, timeout: float = SCRAPE_TIMEOUT_SECONDS) -> ApiCounters | None:
    """The API's counters now, or None when it cannot be reached (which is itself an alert)."""
    try:
        response = httpx.get(f"{base_url}{SCRAPE_PATH}", timeout=timeout)
        response.raise_for_status()
        return parse_exposition(response.text)
    except (httpx.HTTPError, ValueError) as error:
        reason = type(error).__name__
        if isinstance(error, httpx.HTTPStatusError):
            reason = f"HTTP {error.response.status_code}"
        _logger.warning("bot API metrics unavailable at %s%s: %s", base_url, SCRAPE_PATH, reason)
        return None


def api_observations(current: ApiCounters | None, previous: ApiCounters | None, *, since: str) -> list[Observation]:
    """Reachability always; error rate and mean latency only when the window saw requests."""
    if current is None:
        return [Observation("api_unreachable", 1.0, f"GET {SCRAPE_PATH} failed")]
    window = current.minus(previous)
    observations = [Observation("api_unreachable", 0.0, f"GET {SCRAPE_PATH} answered")]
    if window.requests > 0:
        observations.append(
            Observation(
                "api_error_rate",
                window.errors / window.requests,
                f"{window.errors:.0f} of {window.requests:.0f} requests answered 5xx {since}",
            )
        )
    if window.latency_count > 0:
        observations.append(
            Observation(
                "api_avg_response_ms",
                1000 * window.latency_sum / window.latency_count,
                f"mean of {window.latency_count:.0f} requests {since}",
            )
        )
    return observations


def intent_accuracy(database: Database) -> list[Observation]:
    run = latest_eval_run(database, "intents")
    if run is None:
        return []
    detail = f"run {run.run_id} on {run.dataset} ({run.n} messages, sha256 {run.dataset_sha256[:12]}) {_at(run.run_at)}"
    return [Observation("bot_intent_accuracy", run.score, detail)]


_PARKED = text("""
    select kind, count(*) as entries, min(parked_at) as since from app.outbox where status = 'parked' group by kind
""")


def outbox_parked(database: Database) -> list[Observation]:
    """How many outbox entries are parked, by kind, and since when: never who they were for."""
    with database.engine.connect() as connection:
        rows = connection.execute(_PARKED).all()
    total = sum(row.entries for row in rows)
    if not total:
        return [Observation("outbox_parked_entries", 0.0, "nothing parked")]
    kinds = ", ".join(f"{row.entries} {row.kind}" for row in sorted(rows, key=lambda row: row.kind))
    oldest = min(row.since for row in rows if row.since is not None)
    detail = f"{kinds}; the oldest parked {_at(oldest)}; see `ehub outbox list --status parked`"
    return [Observation("outbox_parked_entries", float(total), detail)]


_CURSOR_TIMES = text(
    "select source, max(updated_at) from raw.sync_cursors where source = any(:sources) group by source"
)


def cursor_sync_times(database: Database) -> dict[str, datetime]:
    """When each source's replication cursor last moved: the last sync that brought new data."""
    with database.engine.connect() as connection:
        rows = connection.execute(_CURSOR_TIMES, {"sources": list(SOURCE_TABLES)}).tuples().all()
    return {source: updated_at for source, updated_at in rows}


def source_staleness(
    database: Database, now: datetime, dagster_synced: Mapping[str, datetime | None] | None = None
) -> list[Observation]:
    """Hours since each source's last successful sync; a source never synced is infinitely stale.

    Dagster's record (the oldest of the source's raw assets' last materializations) is preferred:
    it moves on every successful sync, data or not, and a partly failed sync shows. The cursors
    are the fallback, and the only record outside Dagster (`ehub alerts check`); they move only
    when a sync brings new data.
    """
    cursors = cursor_sync_times(database)
    observations = []
    for source in SOURCE_TABLES:
        synced_at, evidence = (dagster_synced or {}).get(source), "last Dagster materialization of every raw asset"
        if synced_at is None:
            synced_at, evidence = cursors.get(source), "replication cursor last moved"
        if synced_at is None:
            observations.append(Observation(f"{source}_staleness_hours", math.inf, "no successful sync on record"))
            continue
        hours = max(0.0, (now - synced_at).total_seconds() / 3600)
        observations.append(Observation(f"{source}_staleness_hours", hours, f"{evidence} {_at(synced_at)}"))
    return observations


def _at(moment: datetime) -> str:
    return f"at {moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC"
