"""The worker that processes queued GoHighLevel webhooks.

Each event is claimed with `FOR UPDATE SKIP LOCKED`, handled and marked done in one transaction,
so several workers share the queue, a crash loses nothing (the claim rolls back) and a retry does
nothing twice (a processed event is no longer pending; a message seen under another webhook id is
skipped). An event that keeps failing is retried a bounded number of times, then parked as failed
with its error, for a person to look at. Inbound messages are answered by the bot service; tag
and opportunity events pause, resume or stop automation (see `ehub.bots.crm_events`).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Connection, text

from ehub.bots.crm_events import EVENTS as CRM_EVENTS
from ehub.bots.crm_events import apply_crm_event
from ehub.bots.service import BotService, Contact
from ehub.sources.landing import unseal

MAX_ATTEMPTS = 5
_CHANNELS = {"SMS": "sms", "TYPE_SMS": "sms", "Email": "email", "TYPE_EMAIL": "email"}


def _apply(
    service: BotService,
    connection: Connection,
    event_type: str,
    payload: dict[str, Any],
    personal: dict[str, Any],
    now: datetime,
) -> str:
    contact_id = payload.get("contactId") or (payload.get("id") if event_type.startswith("Contact") else None)
    if event_type == "InboundMessage":
        seen = connection.execute(
            text("select 1 from app.conversation_messages where source_message_id = :id"),
            {"id": payload.get("messageId")},
        ).first()
        if seen:
            return "duplicate message"
        if payload.get("direction", "inbound") != "inbound" or not personal.get("body"):
            return "ignored (not an inbound text)"
        channel = _CHANNELS.get(str(payload.get("messageType")), "sms")
        service.handle(
            personal["body"],
            channel=channel,
            now=now,
            ghl_contact_id=contact_id,
            source_message_id=payload.get("messageId"),
            connection=connection,
        )
        return "replied"
    if event_type in CRM_EVENTS:
        if not contact_id:
            return "ignored (no contact)"
        return apply_crm_event(service, connection, event_type, payload, str(contact_id), now)
    if event_type == "ContactCreate" and contact_id:
        name = personal.get("name") or " ".join(filter(None, (personal.get("firstName"), personal.get("lastName"))))
        service.register_contact(
            connection, contact_id, Contact(name=name or None, phone=personal.get("phone"), email=personal.get("email"))
        )
        return "lead registered"
    return "recorded"


def process_webhooks(
    service: BotService, *, limit: int = 100, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> dict[str, int]:
    """Process up to `limit` pending events; counts by outcome."""
    outcomes: dict[str, int] = {}
    for _ in range(limit):
        with service.database.engine.begin() as connection:
            row = connection.execute(
                text("""
                select webhook_id, event_type, payload, pii_sealed, attempts from app.webhook_events
                where status = 'pending' order by received_at limit 1 for update skip locked
            """)
            ).first()
            if row is None:
                break
            try:
                with connection.begin_nested():
                    outcome = _apply(
                        service,
                        connection,
                        row.event_type,
                        row.payload,
                        unseal(service.cipher, row.pii_sealed),
                        clock(),
                    )
                connection.execute(
                    text(
                        "update app.webhook_events set status = 'done', attempts = attempts + 1, "
                        "processed_at = now(), last_error = null where webhook_id = :id"
                    ),
                    {"id": row.webhook_id},
                )
            except Exception as error:  # park it with the reason; never lose it, never crash the worker
                outcome = "failed"
                connection.execute(
                    text("""
                    update app.webhook_events set attempts = attempts + 1, last_error = :error,
                        status = case when attempts + 1 >= :max then 'failed' else 'pending' end
                    where webhook_id = :id
                """),
                    {"id": row.webhook_id, "error": f"{type(error).__name__}: {error}"[:500], "max": MAX_ATTEMPTS},
                )
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
