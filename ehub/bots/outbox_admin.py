"""What people do with the outbox (`ehub outbox list`, `ehub outbox retry`): see its entries without
their bodies, and give parked ones a fresh set of tries."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import text

from ehub.db.database import Database

STATUSES = ("pending", "sent", "parked", "cancelled")

_LIST = text("""
    select outbox_id, lead_id::text as lead_id, kind, detail ->> 'purpose' as purpose, status, attempts,
           uncertain, created_at, send_after, first_attempt_at, sent_at, parked_at, ghl_id, last_error
    from app.outbox where cast(:status as text) is null or status = cast(:status as text)
    order by outbox_id desc limit :limit
""")
_REQUEUE = text("""
    update app.outbox set status = 'pending', parked_at = null, attempts = 0, send_after = :now
    where status = 'parked' and (cast(:all as boolean) or outbox_id = any(:ids))
    returning outbox_id
""")


def list_entries(database: Database, *, status: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """The newest entries (of one status), without bodies: what a person needs to decide."""
    with database.engine.connect() as connection:
        rows = connection.execute(_LIST, {"status": status, "limit": limit}).mappings().all()
    return [dict(row) for row in rows]


def requeue_parked(database: Database, ids: list[int] | None, *, now: datetime) -> list[int]:
    """Give parked entries (`ids`, or every one when None) a fresh set of tries, due now. An entry
    whose last attempt may have landed keeps `uncertain`, so it is still checked before being sent."""
    with database.engine.begin() as connection:
        found: Sequence[int] = (
            connection.execute(_REQUEUE, {"now": now, "all": ids is None, "ids": ids or []}).scalars().all()
        )
    return sorted(found)
