"""The worker that processes queued GoHighLevel webhooks.

Each event is claimed with `FOR UPDATE SKIP LOCKED`, handled and marked done in one transaction,
so several workers share the queue, a crash loses nothing (the claim rolls back) and a retry does
nothing twice (a processed event is no longer pending). An event that keeps failing is retried a
bounded number of times, then parked as failed, for a person to look at. Inbound messages are
answered by the bot service; tag and opportunity events pause, resume or stop automation (see
`ehub.bots.crm_events`). The event is rebuilt from its clear fields and its sealed remainder
(`ehub.bots.webhooks.rebuild`), so handling sees exactly what GoHighLevel sent. What it writes to
a lead is audited as the webhook that brought it.

One inbound message is answered once, even when GHL sends it under two webhook ids and two workers
take them at the same moment: the message id is locked for the transaction (a second worker waits,
then sees the first one's message), and the unique index on `source_message_id` is the backstop:
its violation is the outcome "duplicate message", done, never a failure to retry.

What is kept of a failure (`last_error`, the log) is its kind, code and place in our code, never
its message: messages of database and parsing errors quote the values they choke on.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, text
from sqlalchemy.exc import IntegrityError

from ehub.bots.audit import Actor
from ehub.bots.contacts import Contact
from ehub.bots.crm_events import EVENTS as CRM_EVENTS
from ehub.bots.crm_events import apply_crm_event
from ehub.bots.service import BotService
from ehub.bots.webhooks import rebuild
from ehub.errors import EhubError

MAX_ATTEMPTS = 5
DUPLICATE_MESSAGE = "duplicate message"
WEBHOOK_ROUTE = "POST /webhooks/ghl"  # the audit log's route of what a webhook caused
_MESSAGE_INDEX = "ux_conversation_messages_source"  # migration 0006
_CHANNELS = {"SMS": "sms", "TYPE_SMS": "sms", "Email": "email", "TYPE_EMAIL": "email"}
_PACKAGE = Path(__file__).resolve().parents[1]  # ehub/: frames of our own code, not of libraries
_logger = logging.getLogger(__name__)
# Held to the end of the transaction: a second worker with the same message waits, then sees it answered.
_LOCK_MESSAGE = text("select pg_advisory_xact_lock(hashtext('ghl-message:' || :id))")
_MESSAGE_SEEN = text("select 1 from app.conversation_messages where source_message_id = :id")
_CLAIM = text("""
    select webhook_id, event_type, payload, pii_sealed, attempts from app.webhook_events
    where status = 'pending' and webhook_id <> all(cast(:failed as text[]))
    order by received_at limit 1 for update skip locked
""")
_DONE = text("""
    update app.webhook_events set status = 'done', attempts = attempts + 1, processed_at = now(), last_error = null
    where webhook_id = :id
""")
_FAILED = text("""
    update app.webhook_events set attempts = attempts + 1, last_error = :error,
        status = case when attempts + 1 >= :max then 'failed' else 'pending' end
    where webhook_id = :id
""")


def _apply(
    service: BotService, connection: Connection, event_type: str, event: dict[str, Any], now: datetime, actor: Actor
) -> str:
    contact_id = event.get("contactId") or (event.get("id") if event_type.startswith("Contact") else None)
    if event_type == "InboundMessage":
        message_id = event.get("messageId")
        if message_id:
            connection.execute(_LOCK_MESSAGE, {"id": message_id})
        if connection.execute(_MESSAGE_SEEN, {"id": message_id}).first():
            return DUPLICATE_MESSAGE
        if event.get("direction", "inbound") != "inbound" or not event.get("body"):
            return "ignored (not an inbound text)"
        channel = _CHANNELS.get(str(event.get("messageType")), "sms")
        service.handle(
            event["body"],
            channel=channel,
            now=now,
            ghl_contact_id=contact_id,
            source_message_id=message_id,
            actor=actor,
            connection=connection,
        )
        return "replied"
    if event_type in CRM_EVENTS:
        if not contact_id:
            return "ignored (no contact)"
        return apply_crm_event(service, connection, event_type, event, str(contact_id), now, actor=actor)
    if event_type == "ContactCreate" and contact_id:
        name = event.get("name") or " ".join(filter(None, (event.get("firstName"), event.get("lastName"))))
        contact = Contact(
            name=name or None, phone=event.get("phone"), email=event.get("email"), postal_code=event.get("postalCode")
        )
        agent = event.get("assignedTo") or None
        service.register_contact(connection, contact_id, contact, actor=actor, agent_user_id=agent)
        return "lead registered"
    return "recorded"


def _is_duplicate_message(error: IntegrityError) -> bool:
    diagnostics = getattr(error.orig, "diag", None)
    return getattr(diagnostics, "constraint_name", None) == _MESSAGE_INDEX


def error_summary(error: BaseException) -> str:
    """The error's type, code and the last place in our code it passed: what a person needs to look
    into a parked event, and nothing a payload could have put there."""
    kind = type(error).__name__
    code = error.code if isinstance(error, EhubError) else getattr(getattr(error, "orig", None), "sqlstate", None)
    frames = traceback.extract_tb(error.__traceback__)
    ours = [frame for frame in frames if Path(frame.filename).is_relative_to(_PACKAGE)]
    where = f" at {Path(ours[-1].filename).relative_to(_PACKAGE.parent)}:{ours[-1].lineno}" if ours else ""
    return f"{kind}{f' ({code})' if code else ''}{where}"


def _handle(service: BotService, connection: Connection, row: Any, now: datetime) -> str:
    """One claimed event, handled in a savepoint: its outcome, or the error that stopped it."""
    try:
        with connection.begin_nested():
            event = rebuild(service.cipher, row.payload, row.pii_sealed)
            actor = Actor("webhook", row.webhook_id, WEBHOOK_ROUTE)
            return _apply(service, connection, row.event_type, event, now, actor)
    except IntegrityError as error:  # the savepoint is gone; the claim still holds
        if not _is_duplicate_message(error):
            raise
        return DUPLICATE_MESSAGE


def process_webhooks(
    service: BotService, *, limit: int = 100, clock: Callable[[], datetime] = lambda: datetime.now(UTC)
) -> dict[str, int]:
    """Process up to `limit` pending events; counts by outcome.

    An event that fails is tried again on a later call, not in this one: a retry straight after a
    failure would mostly fail the same way, and would spend the event's attempts in milliseconds."""
    outcomes: dict[str, int] = {}
    failed: list[str] = []
    for _ in range(limit):
        with service.database.engine.begin() as connection:
            row = connection.execute(_CLAIM, {"failed": failed}).first()
            if row is None:
                break
            try:
                outcome = _handle(service, connection, row, clock())
                connection.execute(_DONE, {"id": row.webhook_id})
            except Exception as error:  # park it with the reason; never lose it, never crash the worker
                outcome, summary = "failed", error_summary(error)
                failed.append(row.webhook_id)
                _logger.warning("webhook %s failed (attempt %d): %s", row.webhook_id, row.attempts + 1, summary)
                connection.execute(_FAILED, {"id": row.webhook_id, "error": summary[:500], "max": MAX_ATTEMPTS})
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes
