"""Draining the outbox to GoHighLevel: replies, tags, tasks, do-not-disturb and workflow
enrolments, each delivered once.

One entry at a time (`drain_outbox`):

1. Claim and judge. A due pending entry is locked (`FOR UPDATE SKIP LOCKED`) and judged against
   the lead as it is *now*, not as it was when the entry was queued (`ehub.bots.outbox_verdict`).
   A message is cancelled (status
   'cancelled', the reason in `last_error`) when the lead has opted out or sent a STOP since it was
   queued (even one later undone by START: nothing queued before a STOP is sent after it), when a
   person took the lead over since it was queued, or while the CRM pauses automation (a DND tag,
   every opportunity closed). Cancelled rather than deferred: a bot reply written before a person
   took over or before the contact asked not to be disturbed is stale whenever it could go, and the
   person sees the conversation in GHL. A nurture follow-up (`ehub.bots.nurture`) is also cancelled
   once the lead wrote since it was queued, or asked for an appointment. A message that comes due
   outside the lead's calling hours waits for them to open (`ehub.compliance.quiet_hours`: the lead's
   time zone and state, from their sealed ZIP or phone). The one opt-out confirmation is exempt from
   all of this: it always goes at once. CRM actions
   (tags, tasks, do-not-disturb, workflows) reach the brokerage's CRM, not the lead, and always go.
2. Write the attempt down before sending: attempts + 1, `uncertain` set, and a lease (send_after
   pushed out) so no other worker takes it; committed. A worker that dies mid-send leaves an
   entry marked uncertain, not one that looks untried.
3. Send, checking first when an earlier attempt may have reached GHL (`uncertain`: the connection
   dropped, a read timed out, GHL answered 5xx or a 200 we could not read, the worker died). A
   message is looked for among the newest messages of the contact's conversation, a task among the
   contact's tasks (its due date is fixed at the first attempt, so a retry is the same task); found,
   it is recorded as sent with GHL's id and not sent again. Tags (a set), do-not-disturb (a PUT) and
   workflow enrolment (GHL enrols a contact once while the workflow's "allow re-entry" is off, its
   default) change nothing when repeated, so they are simply sent again.
   Contacts, custom fields, notes, opportunities and appointments: `ehub.bots.crm_sync`.
4. Record. Sent: the time and GHL's id. Failed: the error (without the message's text, redacted,
   bounded) and a backoff that doubles with each try; `uncertain` stays set only when the attempt
   may have landed. After `MAX_ATTEMPTS` the entry is parked for a person (`ehub outbox list
   --status parked`, `ehub outbox retry`). No error of one entry escapes: the worker never dies on
   a bad answer.

A `CircuitBreaker` ends a drain as soon as GHL is clearly down and lets one entry probe it after a
cool-down, so a pass never takes long; `ehub worker` drains in a thread of its own beside the
webhook loop, so an outage of GHL never stalls intake.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import Row, text

from ehub.bots import crm_sync
from ehub.bots.outbox_verdict import verdict
from ehub.bots.pacing import Backoff, CircuitBreaker
from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.errors import EhubError, UnavailableError
from ehub.logs import redact
from ehub.privacy.notices import Notices, email_text
from ehub.sources.ghl.client import GhlClient
from ehub.sources.http import SourceRequestError, UncertainOutcomeError
from ehub.sources.values import iso_timestamp

_logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10  # with the default backoff, about two hours of tries before an entry is parked
LEASE = timedelta(minutes=5)  # an attempt in flight; far longer than a send's timeouts
CHECK_DEPTH = 50  # the newest messages of a conversation searched for an earlier attempt
ERROR_CHARS = 300
CHECKED_KINDS = frozenset({"message", "task"}) | crm_sync.CHECKED  # looked for before being sent again
HANDOFF_TASK_BODY = (
    "Jorge handed this lead to you; see the conversation in GoHighLevel. Give them TREC's Information About "
    "Brokerage Services notice at your first substantive contact (never by text alone)."
)


_CLAIM = text("""
    select outbox.outbox_id, outbox.lead_id, outbox.kind, outbox.body_sealed, outbox.detail,
           outbox.uncertain, outbox.created_at, leads.ghl_contact_id, leads.opted_out_at,
           leads.handed_off_at, coalesce(leads.state -> 'crm_pauses', '[]'::jsonb) as crm_pauses,
           leads.email_opted_out_at, coalesce(leads.state ->> 'language', 'en') as language,
           leads.pii_sealed, coalesce((leads.state -> 'slots' ->> 'wants_appointment')::boolean, false) as appointment,
           exists (select 1 from app.outbox upsert where upsert.lead_id = outbox.lead_id
                   and upsert.kind = 'contact' and upsert.status = 'pending') as contact_pending
    from app.outbox join app.leads using (lead_id)
    where outbox.status = 'pending' and outbox.send_after <= :now
    order by outbox.send_after, outbox.outbox_id limit 1
    for update of outbox skip locked
""")
_START_ATTEMPT = text("""
    update app.outbox set attempts = attempts + 1, uncertain = true, send_after = :lease_until,
        first_attempt_at = coalesce(first_attempt_at, :now)
    where outbox_id = :id
    returning attempts, first_attempt_at
""")
_CLOSE = text("""
    update app.outbox set status = :status, last_error = :reason,
        parked_at = case when :status = 'parked' then cast(:now as timestamptz) end
    where outbox_id = :id
""")
_DEFER = text("update app.outbox set send_after = :send_after where outbox_id = :id")
_SENT = text("""
    update app.outbox set status = 'sent', sent_at = :now, uncertain = false, ghl_id = :ghl_id, last_error = null
    where outbox_id = :id
""")
_FAILED = text("""
    update app.outbox set last_error = :error, uncertain = :uncertain, send_after = :retry_at,
        status = case when attempts >= :max then 'parked' else 'pending' end,
        parked_at = case when attempts >= :max then cast(:now as timestamptz) end
    where outbox_id = :id
    returning status
""")
_KNOWN = text("""
    select ghl_id, sent_at from app.outbox
    where lead_id = :lead and kind = :kind and status = 'sent' and ghl_id is not null and outbox_id <> :id
""")


@dataclass(frozen=True)
class _Attempt:
    row: Row[Any]
    attempts: int
    first_attempt_at: datetime
    known: dict[str, datetime]  # GHL ids of this lead's entries of the same kind already sent -> when


def _claim(database: Database, cipher: PersonalDataCipher, now: datetime) -> tuple[str, _Attempt | None] | None:
    """The next due entry, judged; an entry to send has its attempt written down (committed)."""
    with database.engine.begin() as connection:
        row = connection.execute(_CLAIM, {"now": now}).first()
        if row is None:
            return None
        action, reason, until = verdict(connection, cipher, row, now)
        if action in ("cancelled", "parked"):
            connection.execute(_CLOSE, {"status": action, "reason": reason, "now": now, "id": row.outbox_id})
            return action, None
        if action == "deferred":
            connection.execute(_DEFER, {"send_after": until, "id": row.outbox_id})
            return action, None
        started = connection.execute(
            _START_ATTEMPT, {"now": now, "lease_until": now + LEASE, "id": row.outbox_id}
        ).one()
        known: dict[str, datetime] = {}
        if row.uncertain and row.kind in CHECKED_KINDS:  # what a check must not mistake for this entry
            params = {"lead": row.lead_id, "kind": row.kind, "id": row.outbox_id}
            known = dict(connection.execute(_KNOWN, params).tuples().all())
    return "send", _Attempt(row, started.attempts, started.first_attempt_at, known)


def drain_outbox(
    database: Database,
    cipher: PersonalDataCipher,
    client: GhlClient,
    notices: Notices,
    *,
    now: datetime,
    limit: int = 100,
    backoff: Backoff | None = None,
    breaker: CircuitBreaker | None = None,
) -> dict[str, int]:
    """Handle up to `limit` due entries (emails signed with `notices`); counts by outcome: sent, confirmed
    (an earlier attempt had landed), retry, parked, cancelled, deferred. Stops early while `breaker` is open."""
    backoff, breaker = backoff or Backoff(), breaker or CircuitBreaker()
    outcomes: dict[str, int] = {}
    for _ in range(limit):
        if breaker.is_open:
            break
        claimed = _claim(database, cipher, now)
        if claimed is None:
            break
        action, attempt = claimed
        if attempt is not None:
            action = _attempt(database, cipher, client, notices, attempt, now, backoff, breaker)
        outcomes[action] = outcomes.get(action, 0) + 1
    return outcomes


def drain_until_idle(
    database: Database,
    cipher: PersonalDataCipher,
    client: GhlClient,
    notices: Notices,
    *,
    clock: Callable[[], datetime],
    backoff: Backoff | None = None,
    breaker: CircuitBreaker | None = None,
) -> dict[str, int]:
    """Drain pass after pass until nothing is due (entries waiting for a later time stay) or GHL is
    down (the breaker opened); the counts of every pass."""
    breaker = breaker or CircuitBreaker()
    total: dict[str, int] = {}
    while True:
        outcomes = drain_outbox(database, cipher, client, notices, now=clock(), backoff=backoff, breaker=breaker)
        for outcome, count in outcomes.items():
            total[outcome] = total.get(outcome, 0) + count
        if not outcomes or breaker.is_open:
            return total


def _attempt(
    database: Database,
    cipher: PersonalDataCipher,
    client: GhlClient,
    notices: Notices,
    attempt: _Attempt,
    now: datetime,
    backoff: Backoff,
    breaker: CircuitBreaker,
) -> str:
    """Check (when an earlier attempt may have landed), send, and record what happened."""
    row, body = attempt.row, None
    ghl_id: str | None  # what GHL called the result, once sent or found
    checked = not row.uncertain  # an earlier attempt may have landed until a check says it did not
    try:
        body = cipher.decrypt(row.body_sealed) if row.body_sealed else None
        if body and row.kind == "message" and row.detail.get("channel") == "email":
            body = _with_email_footer(database, cipher, notices, row, body)
        if row.uncertain and row.kind in CHECKED_KINDS:
            found = _earlier(client, attempt, body)
            checked = True
            if found is not None:
                outcome, ghl_id, answer = "confirmed", found, None
            else:
                answer = _send(database, cipher, client, attempt, body)
                outcome, ghl_id = "sent", _ghl_id(answer)
        else:
            answer = _send(database, cipher, client, attempt, body)
            outcome, ghl_id = "sent", _ghl_id(answer)
    except Exception as error:  # recorded on the entry, whatever it is: one entry never stops the drain
        landed = isinstance(error, UncertainOutcomeError) or not checked
        if not isinstance(error, EhubError):
            landed = True  # not one of ours: assume the worst, the next attempt checks first
        if row.kind == "appointment" and isinstance(error, SourceRequestError) and error.code in crm_sync.REFUSALS:
            breaker.record(outage=False)
            return crm_sync.refused(database, row, _error_text(error, body), now)
        outage = isinstance(error, UnavailableError)
        breaker.record(outage=outage)
        return _failed(database, row, attempt.attempts, now, backoff, _error_text(error, body), landed=landed)
    breaker.record(outage=False)
    with database.engine.begin() as connection:
        connection.execute(_SENT, {"now": now, "ghl_id": ghl_id, "id": row.outbox_id})
        crm_sync.record_sent(connection, row, ghl_id, answer, now)
    return outcome


def _with_email_footer(
    database: Database, cipher: PersonalDataCipher, notices: Notices, row: Row[Any], body: str
) -> str:
    """Every email carries the brokerage, its license, postal address and an unsubscribe link;
    the lead's first one also the IABS and Consumer Protection notices (ehub.privacy.notices)."""
    with database.engine.connect() as connection:
        return email_text(
            connection,
            cipher,
            notices,
            lead_id=str(row.lead_id),
            entry_id=row.outbox_id,
            body=body,
            language=row.language,
            first_queued_at=row.created_at,
        )


def _failed(
    database: Database, row: Row[Any], attempts: int, now: datetime, backoff: Backoff, error: str, *, landed: bool
) -> str:
    with database.engine.begin() as connection:
        status: str = connection.execute(
            _FAILED,
            {
                "error": error,
                "uncertain": landed,
                "retry_at": now + backoff.after(attempts),
                "max": MAX_ATTEMPTS,
                "now": now,
                "id": row.outbox_id,
            },
        ).scalar_one()
    _logger.warning("outbox entry %s (%s) attempt %d failed: %s", row.outbox_id, row.kind, attempts, error)
    return "parked" if status == "parked" else "retry"


def _error_text(error: Exception, body: str | None) -> str:
    """The error for `last_error` and the log: never the message's text, phones or emails; bounded."""
    described = f"{error.code}: {error.message}" if isinstance(error, EhubError) else f"{type(error).__name__}: {error}"
    if body and body.strip():
        described = described.replace(body.strip(), "[message]")
    return redact(described)[:ERROR_CHARS]


def _ghl_id(answer: Any) -> str | None:
    """What GHL called the result: a message's `messageId`, a task's `task.id`."""
    if not isinstance(answer, dict):
        return None
    task = answer.get("task")
    found = answer.get("messageId") or (task.get("id") if isinstance(task, dict) else None)
    return str(found) if found else crm_sync.ghl_id(answer)


def _task_due(attempt: _Attempt) -> datetime:
    """Fixed at the first attempt, to the second, so a retry sends (and a check finds) the same task."""
    hours = attempt.row.detail.get("due_in_hours", 24)
    return attempt.first_attempt_at.replace(microsecond=0) + timedelta(hours=hours)


def _earlier(client: GhlClient, attempt: _Attempt, body: str | None) -> str | None:
    """GHL's id of what an earlier attempt of this entry left in GHL, if it landed."""
    row = attempt.row
    if row.kind in crm_sync.CHECKED:
        return crm_sync.earlier(client, row, body, attempt.known)
    if row.kind == "task":
        due = _task_due(attempt)
        for task in client.contact_tasks(row.ghl_contact_id):
            same = task.get("title") == row.detail["title"] and iso_timestamp(task.get("dueDate")) == due
            if same and task.get("id") not in attempt.known:
                return str(task["id"])
        return None
    wanted = (body or "").strip()
    for conversation in client.contact_conversations(row.ghl_contact_id):
        for message in client.recent_messages(conversation["id"], limit=CHECK_DEPTH):
            message_id = message.get("id")
            sent_at = attempt.known.get(message_id) if message_id is not None else None
            if sent_at is not None:
                if sent_at < attempt.first_attempt_at:
                    break  # older messages were accounted for before this entry was first tried
                continue  # another entry's message, sent since
            if message.get("direction") == "outbound" and (message.get("body") or "").strip() == wanted:
                return str(message["id"])
    return None


def _send(
    database: Database, cipher: PersonalDataCipher, client: GhlClient, attempt: _Attempt, body: str | None
) -> Any:
    row, detail, contact = attempt.row, attempt.row.detail, attempt.row.ghl_contact_id
    if row.kind in crm_sync.KINDS:
        return crm_sync.send(database, cipher, client, row, body)
    if row.kind == "message":
        if not body:
            raise EhubError("a message entry without a body", code="OUTBOX_EMPTY_MESSAGE")
        return client.send_message(contact, body, channel="Email" if detail.get("channel") == "email" else "SMS")
    if row.kind == "tag":
        return client.add_tags(contact, [detail["tag"]])
    if row.kind == "task":
        return client.create_task(contact, detail["title"], _task_due(attempt), body=HANDOFF_TASK_BODY)
    if row.kind == "dnd":
        return client.set_do_not_disturb(contact, bool(detail.get("enabled")))
    if row.kind == "workflow":
        return client.add_to_workflow(contact, detail["workflow_id"])
    raise EhubError(f"unknown outbox kind {row.kind!r}", code="OUTBOX_KIND_UNKNOWN")
