"""Replicate MLS `Property` records into `raw.mls_properties`.

Each page is committed on its own (COPY + merge), rejects land in `raw.mls_property_rejects`, and
the `ModificationTimestamp` cursor moves only when the whole sync has committed.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import asdict, dataclass
from datetime import datetime

from psycopg.types.json import Jsonb
from sqlalchemy import text

from ehub.db.bulk import MergeCounts, copy_merge
from ehub.db.cursors import read_cursor, write_cursor
from ehub.db.database import Database
from ehub.sources.mls.client import ResoClient
from ehub.sources.mls.normalise import PropertyReject, PropertyRow, normalise_property, parse_timestamp

SOURCE, STREAM = "mls", "Property"
# The columns of raw.mls_properties a sync writes, in the order of `_row_tuple`.
LOADED_COLUMNS = (
    "listing_key",
    "listing_id",
    "originating_system",
    "standard_status",
    "payload",
    "_source_modified_at",
    "_deleted",
)


@dataclass(frozen=True)
class SyncReport:
    fetched: int
    inserted: int
    updated: int
    unchanged: int
    deleted: int
    rejected: int
    cursor_before: str | None
    cursor_after: str | None

    def as_metadata(self) -> dict[str, int | str | None]:
        return asdict(self)


def _row_tuple(row: PropertyRow) -> tuple[object, ...]:
    return (
        row.listing_key,
        row.listing_id,
        row.originating_system,
        row.standard_status,
        Jsonb(row.payload),
        row.modified_at,
        row.deleted,
    )


def _store_rejects(connection, rejects: Iterable[PropertyReject]) -> None:  # noqa: ANN001
    connection.execute(
        text(
            "insert into raw.mls_property_rejects (listing_key, reason, payload) "
            "values (:key, :reason, cast(:payload as jsonb))"
        ),
        [{"key": r.listing_key, "reason": r.reason, "payload": json.dumps(r.payload)} for r in rejects],
    )


def sync_properties(database: Database, client: ResoClient, *, full_refresh: bool = False) -> SyncReport:
    """Fetch what changed since the cursor (everything on a full refresh) and land it."""
    with database.engine.connect() as connection:
        cursor_before = read_cursor(connection, SOURCE, STREAM)
    modified_after = None if full_refresh or cursor_before is None else parse_timestamp(cursor_before)

    totals, fetched, deleted, rejected = MergeCounts(), 0, 0, 0
    newest: datetime | None = modified_after
    for page in client.iter_pages(STREAM, modified_after=modified_after):
        rows, rejects = [], []
        for record in page:
            outcome = normalise_property(record)
            (rows if isinstance(outcome, PropertyRow) else rejects).append(outcome)
        with database.engine.begin() as connection:
            totals += copy_merge(
                connection,
                schema="raw",
                table="mls_properties",
                columns=LOADED_COLUMNS,
                key_columns=("listing_key",),
                rows=(_row_tuple(row) for row in rows),
                newest_first_by="_source_modified_at",
            )
            if rejects:
                _store_rejects(connection, rejects)
        fetched += len(page)
        deleted += sum(row.deleted for row in rows)
        rejected += len(rejects)
        page_newest = max((row.modified_at for row in rows), default=None)
        if page_newest is not None and (newest is None or page_newest > newest):
            newest = page_newest

    cursor_after = newest.isoformat() if newest is not None else cursor_before
    if cursor_after != cursor_before and cursor_after is not None:
        with database.engine.begin() as connection:
            write_cursor(connection, SOURCE, STREAM, cursor_after)
    return SyncReport(
        fetched, totals.inserted, totals.updated, totals.unchanged, deleted, rejected, cursor_before, cursor_after
    )
