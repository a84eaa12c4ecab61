"""Stripe events recorded once by id (`app.stripe_events`), their object snapshots landed in `raw.stripe_*`.

The one place both arrival paths (the signed webhook, the hourly Events API sync) store an event,
so the same event id is the same row whichever came first, and the same object version lands once.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection, text

from ehub.crypto import PersonalDataCipher
from ehub.sources.landing import LandCounts, land_page
from ehub.sources.stripe.entities import BY_OBJECT
from ehub.sources.values import epoch_seconds

# The events the platform reads, by webhook and by the hourly Events API sync alike.
EVENT_TYPES = (
    "charge.succeeded",
    "charge.failed",
    "charge.refunded",
    "charge.updated",
    "payment_intent.succeeded",
    "payment_intent.payment_failed",
    "payment_intent.canceled",
    "checkout.session.completed",
    "checkout.session.expired",
    "checkout.session.async_payment_succeeded",
    "checkout.session.async_payment_failed",
    "refund.created",
    "refund.updated",
)

_INSERT_EVENT = text("""
    insert into app.stripe_events (event_id, event_type, object_type, object_id, created_at, received_via)
    values (:id, :type, :object_type, :object_id, :created_at, :via)
    on conflict (event_id) do nothing
    returning event_id
""")


def record_events(
    connection: Connection, cipher: PersonalDataCipher, events: Iterable[dict[str, Any]], via: str
) -> tuple[int, dict[str, LandCounts]]:
    """Record each event id once and land its object snapshot, in the caller's transaction.

    The snapshot is landed even for a known event (an unchanged version is a no-op), so a re-list
    repairs nothing twice. Returns how many event ids were new, and the landing counts per table."""
    new, counts = 0, {}
    by_kind: dict[str, list[tuple[dict[str, Any], Any]]] = {}
    for event in events:
        obj = event["data"]["object"]
        created = epoch_seconds(event["created"])
        inserted = connection.execute(
            _INSERT_EVENT,
            {
                "id": event["id"],
                "type": event["type"],
                "object_type": obj.get("object"),
                "object_id": obj.get("id"),
                "created_at": created,
                "via": via,
            },
        ).first()
        new += inserted is not None
        if obj.get("object") in BY_OBJECT:
            by_kind.setdefault(obj["object"], []).append((obj, created))
    for kind, items in by_kind.items():
        entity = BY_OBJECT[kind]
        landed, _ = land_page(connection, entity, cipher, [obj for obj, _ in items], [at for _, at in items])
        counts[entity.table] = landed
    return new, counts
