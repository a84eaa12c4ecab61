"""Replicate Stripe into `raw.stripe_*` from the Events API, with a lookback and a re-list fallback.

Incremental runs read the events created since the cursor minus a lookback window (events can be
delivered late and events-only incrementals are known to miss updates), and land each event's
object snapshot as the version observed at the event's time. When there is no cursor, or it is
older than Stripe's 30-day event retention, every object is re-listed instead, observed at the
time of the newest event. The cursor (the newest event time) moves only once everything committed.
Each event is recorded by id with `ehub.sources.stripe.events` (the webhook's path too), so an event
a webhook delivered is recognised, and one a webhook missed is reconciled here, once.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from ehub.crypto import PersonalDataCipher
from ehub.db.cursors import read_cursor, write_cursor
from ehub.db.database import Database
from ehub.sources.landing import LandCounts, Record, land_page
from ehub.sources.stripe.client import EVENT_RETENTION, StripeSource
from ehub.sources.stripe.entities import BY_OBJECT
from ehub.sources.stripe.events import EVENT_TYPES, record_events
from ehub.sources.values import epoch_seconds, iso_timestamp

SOURCE, STREAM = "stripe", "events"
LOOKBACK = timedelta(hours=1)
# Re-list a little before retention runs out, so no event falls between the cursor and the window.
RELIST_AFTER = EVENT_RETENTION - timedelta(days=1)


@dataclass
class StripeSyncReport:
    mode: str  # "events" or "relist"
    counts: dict[str, LandCounts] = field(default_factory=lambda: defaultdict(LandCounts))
    cursor_before: str | None = None
    cursor_after: str | None = None
    events_new: int = 0  # event ids seen here first: what a webhook missed (or has not delivered yet)
    events_known: int = 0


def _land(
    database: Database, cipher: PersonalDataCipher, report: StripeSyncReport, versions: list[tuple[Record, datetime]]
) -> None:
    by_kind: dict[str, list[tuple[Record, datetime]]] = defaultdict(list)
    for record, observed in versions:
        if record.get("object") in BY_OBJECT:
            by_kind[record["object"]].append((record, observed))
    with database.engine.begin() as connection:
        for kind, items in by_kind.items():
            entity = BY_OBJECT[kind]
            counts, _ = land_page(connection, entity, cipher, [r for r, _ in items], [o for _, o in items])
            report.counts[entity.table] += counts


def sync_stripe(
    database: Database, source: StripeSource, cipher: PersonalDataCipher, *, full_refresh: bool = False
) -> StripeSyncReport:
    with database.engine.connect() as connection:
        stored = read_cursor(connection, SOURCE, STREAM)
    cursor = iso_timestamp(stored) if stored else None
    newest = source.newest_event_time()
    stale = cursor is None or newest is None or cursor < newest - RELIST_AFTER
    report = StripeSyncReport(mode="relist" if full_refresh or stale else "events", cursor_before=stored)

    high_water: datetime | None
    if report.mode == "relist" or cursor is None:  # without a cursor the mode is "relist"
        observed = newest or datetime.fromtimestamp(0).astimezone()
        for kind in BY_OBJECT:
            for page in source.list_objects(kind):
                _land(database, cipher, report, [(record, observed) for record in page])
        high_water = newest
    else:
        newest_seen = cursor
        for page in source.list_events(since=cursor - LOOKBACK, types=list(EVENT_TYPES)):
            with database.engine.begin() as connection:
                new, counts = record_events(connection, cipher, page, "events_sync")
            for table, landed in counts.items():
                report.counts[table] += landed
            report.events_new += new
            report.events_known += len(page) - new
            created = (epoch_seconds(event["created"]) for event in page)
            newest_seen = max([newest_seen, *filter(None, created)])
        high_water = newest_seen

    if high_water is not None and high_water.isoformat() != stored:
        with database.engine.begin() as connection:
            write_cursor(connection, SOURCE, STREAM, high_water.isoformat())
    report.cursor_after = high_water.isoformat() if high_water else stored
    return report
