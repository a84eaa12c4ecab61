"""Draining the outbox to GoHighLevel: replies, tags, tasks, do-not-disturb and workflow
enrolments, each sent once.

Entries are claimed (`FOR UPDATE SKIP LOCKED`) when due, sent through the GHL client (which keeps
to GHL's rate limits and retries 429/5xx with backoff) and marked sent in the same transaction. If
GHL is down, an entry stays pending with its error and goes out on a later drain: replies are
delayed, never lost. (A crash between GHL accepting a message and the commit would send it again
on restart: at-least-once at that one point, as GHL offers no idempotency key.)
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import text

from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.errors import EhubError
from ehub.sources.ghl.client import GhlClient

MAX_ATTEMPTS = 8


def drain_outbox(
    database: Database, cipher: PersonalDataCipher, client: GhlClient, *, now: datetime, limit: int = 100
) -> dict[str, int]:
    outcomes: dict[str, int] = {}
    for _ in range(limit):
        with database.engine.begin() as connection:
            row = connection.execute(
                text("""
                select outbox.outbox_id, outbox.kind, outbox.body_sealed, outbox.detail, leads.ghl_contact_id
                from app.outbox join app.leads using (lead_id)
                where outbox.status = 'pending' and outbox.send_after <= :now
                order by outbox.send_after, outbox.outbox_id limit 1
                for update of outbox skip locked
            """),
                {"now": now},
            ).first()
            if row is None:
                break
            try:
                _send(client, row.kind, cipher.decrypt(row.body_sealed), row.detail, row.ghl_contact_id, now)
                connection.execute(
                    text(
                        "update app.outbox set status = 'sent', sent_at = :now, "
                        "attempts = attempts + 1, last_error = null where outbox_id = :id"
                    ),
                    {"now": now, "id": row.outbox_id},
                )
                outcome = "sent"
            except EhubError as error:
                connection.execute(
                    text("""
                    update app.outbox set attempts = attempts + 1, last_error = :error,
                        status = case when attempts + 1 >= :max then 'failed' else 'pending' end,
                        send_after = :retry_at
                    where outbox_id = :id
                """),
                    {
                        "error": error.message[:500],
                        "max": MAX_ATTEMPTS,
                        "id": row.outbox_id,
                        "retry_at": now + timedelta(minutes=1),
                    },
                )
                outcome = "retry"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    return outcomes


def _send(client: GhlClient, kind: str, body: str | None, detail: dict, contact_id: str, now: datetime) -> None:
    if kind == "message" and body:
        client.send_message(contact_id, body, channel="Email" if detail.get("channel") == "email" else "SMS")
    elif kind == "tag":
        client.add_tags(contact_id, [detail["tag"]])
    elif kind == "task":
        client.create_task(
            contact_id,
            detail["title"],
            now + timedelta(hours=detail.get("due_in_hours", 24)),
            body="Jorge handed this lead to you; see the conversation in GoHighLevel.",
        )
    elif kind == "dnd":
        client.set_do_not_disturb(contact_id, bool(detail.get("enabled")))
    elif kind == "workflow":
        client.add_to_workflow(contact_id, detail["workflow_id"])
