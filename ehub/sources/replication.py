"""Incremental replication: pages in, each committed on its own, the cursor moved at the end.

A sync reads the stream's cursor, lands every page in its own transaction (so a crash loses at
most the page in flight), and only when every page is in writes the newest modification time it
saw as the new cursor. A run that dies keeps the old cursor; the next run re-reads from there and,
the loads being idempotent, converges.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime

from ehub.crypto import PersonalDataCipher
from ehub.db.cursors import read_cursor, write_cursor
from ehub.db.database import Database
from ehub.sources.landing import Entity, LandCounts, Record, land_page
from ehub.sources.values import iso_timestamp


@dataclass(frozen=True)
class SyncReport:
    counts: LandCounts
    cursor_before: str | None
    cursor_after: str | None

    def as_metadata(self) -> dict[str, int | str | None]:
        return {**self.counts.as_metadata(), "cursor_before": self.cursor_before, "cursor_after": self.cursor_after}


def current_cursor(database: Database, entity: Entity) -> datetime | None:
    with database.engine.connect() as connection:
        value = read_cursor(connection, entity.source, entity.name)
    return iso_timestamp(value) if value else None


def replicate(
    database: Database,
    entity: Entity,
    cipher: PersonalDataCipher,
    fetch: Callable[[datetime | None], Iterable[list[Record]]],
    *,
    full_refresh: bool = False,
) -> SyncReport:
    """Land what `fetch(since)` yields; `since` is the cursor, or None for a full refresh."""
    cursor_before = current_cursor(database, entity)
    since = None if full_refresh else cursor_before
    totals, newest = LandCounts(), cursor_before
    for page in fetch(since):
        with database.engine.begin() as connection:
            counts, page_newest = land_page(connection, entity, cipher, page)
        totals += counts
        if page_newest is not None and (newest is None or page_newest > newest):
            newest = page_newest
    if newest is not None and newest != cursor_before:
        with database.engine.begin() as connection:
            write_cursor(connection, entity.source, entity.name, newest.isoformat())
    before = cursor_before.isoformat() if cursor_before else None
    return SyncReport(totals, before, newest.isoformat() if newest else None)
