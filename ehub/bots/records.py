"""Writing decisions down: the lead's row, its messages, the decision and the outbox entries.

Everything runs in the caller's transaction, so a decision and its effects commit together. Used
by the bot service (an inbound message was handled) and by CRM events (GoHighLevel paused or
resumed automation), so `app.bot_decisions` holds every decision in one shape. Every outbox entry
carries the id of the decision that caused it, and a reply also its message's id, which is how
the bot marts measure response latency without reading any message body.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING, Any

from psycopg.types.json import Jsonb
from sqlalchemy import Connection, text

from ehub.bots.audit import AUDIT_INSERT, Actor
from ehub.bots.crm_writeback import CrmConfig, queue_appointment, queue_writebacks
from ehub.bots.engine import Turn
from ehub.bots.state import LeadState
from ehub.crypto import PersonalDataCipher

if TYPE_CHECKING:
    from ehub.writing.handoff import HandoffSummary

OUTBOX_ACTIONS = ("tag", "task", "dnd", "workflow")  # the engine's actions that reach GoHighLevel
CRM_EVENT_INTENT = "crm_event"  # the intent of decisions taken on a CRM event, not on a message
OPT_OUT_CONFIRMATION = "opt_out_confirmation"  # an outbox message's `detail.purpose`; otherwise "reply"
NURTURE = "nurture"  # the purpose of a follow-up to a quiet lead (ehub.bots.nurture)


# The statements a decision is written with. Each is usable alone (CRM events) and as a CTE of the
# one statement that records a handled message (`record_turn`), saving a round trip per statement.
LEAD_UPDATE = """
    update app.leads set bot = :lead_bot, score = :lead_score, temperature = :lead_temperature,
        state = :lead_state,
        opted_out_at = case when :lead_opted_out then coalesce(opted_out_at, :now) end,
        handed_off_at = case when :lead_handed_off then coalesce(handed_off_at, :now) end,
        updated_at = :now
    where lead_id = cast(:lead as uuid)
"""
DECISION_INSERT = """
    insert into app.bot_decisions (lead_id, bot, intent, confidence, score, temperature, handoff_reason,
                                   compliance_flags, actions, reasons, variant, created_at)
    values (cast(:lead as uuid), :d_bot, :d_intent, :d_confidence, :d_score, :d_temperature, :d_handoff,
            :d_flags, :d_actions, :d_reasons, :d_variant, :now)
    returning decision_id
"""


def _message_row(prefix: str) -> str:
    """One message's values, typed, and whether it exists (`:<prefix>present`: a turn may not reply)."""
    return (
        f"(cast(:{prefix}present as boolean), cast(:{prefix}direction as text), cast(:{prefix}body as text), "
        f"cast(:{prefix}bot as text), cast(:{prefix}intent as text), cast(:{prefix}confidence as numeric), "
        f"cast(:{prefix}source as text))"
    )


# Inbound first, then the reply, in one insert: message ids keep the order of the conversation. The
# audit row of the access commits with what it audits.
TURN_RECORD = f"""
    with lead_updated as ({LEAD_UPDATE} returning lead_id),
    decision as ({DECISION_INSERT}),
    audited as ({AUDIT_INSERT}),
    messages as (
        insert into app.conversation_messages
            (lead_id, direction, body_sealed, bot, intent, confidence, source_message_id, created_at)
        select cast(:lead as uuid), direction, body, bot, intent, confidence, source, :now
        from (values {_message_row("in_")}, {_message_row("out_")})
            as turn_messages (present, direction, body, bot, intent, confidence, source)
        where present
        returning message_id, direction
    )
    select
        (select decision_id from decision) as decision_id,
        (select message_id from messages where direction = 'outbound') as reply_id
"""  # noqa: S608  # nosec B608 - built from this module's constants only; values are bound parameters


_ENQUEUE = text("""
    insert into app.outbox (lead_id, kind, body_sealed, detail, send_after, created_at)
    select cast(:lead as uuid), cast(:kind as text), cast(:body as text), :detail, :send_after, :now
    where cast(:kind as text) <> 'workflow' or not exists (
        select 1 from app.outbox
        where lead_id = cast(:lead as uuid) and kind = 'workflow' and status in ('pending', 'sent')
          and detail ->> 'workflow_id' = cast(:workflow_id as text)
    )
    returning outbox_id
""")

# Parsed once: `text()` scans a statement for its bind parameters, a cost paid per message otherwise.
_LEAD_UPDATE, _DECISION_INSERT, _TURN_RECORD = text(LEAD_UPDATE), text(DECISION_INSERT), text(TURN_RECORD)


def _lead_params(state: LeadState) -> dict[str, Any]:
    return {
        "lead_bot": state.bot,
        "lead_score": state.score,
        "lead_temperature": state.temperature,
        "lead_state": Jsonb(state.to_json()),
        "lead_opted_out": state.opted_out,
        "lead_handed_off": state.handed_off,
    }


def _decision_params(turn: Turn) -> dict[str, Any]:
    return {
        "d_bot": turn.bot,
        "d_intent": turn.intent,
        "d_confidence": turn.confidence,
        "d_score": turn.lead_score,
        "d_temperature": turn.temperature,
        "d_handoff": turn.handoff_reason,
        "d_flags": turn.compliance_flags,
        "d_actions": Jsonb(turn.actions),
        "d_reasons": Jsonb(turn.reasons),
        "d_variant": turn.variant,
    }


def _message_params(
    prefix: str, cipher: PersonalDataCipher, turn: Turn, body: str | None, *, source: str | None = None
) -> dict[str, Any]:
    inbound = prefix == "in_"
    return {
        f"{prefix}present": body is not None,
        f"{prefix}direction": "inbound" if inbound else "outbound",
        f"{prefix}body": cipher.encrypt(body) if body is not None else None,
        f"{prefix}bot": turn.bot,
        f"{prefix}intent": turn.intent if inbound else None,
        f"{prefix}confidence": turn.confidence if inbound else None,
        f"{prefix}source": source,
    }


def update_lead(connection: Connection, lead: str, state: LeadState, now: datetime) -> None:
    """Store the state; opt-out and handoff times are kept while they last and cleared when they end."""
    connection.execute(_LEAD_UPDATE, {"lead": lead, "now": now, **_lead_params(state)})


def insert_decision(connection: Connection, lead: str, turn: Turn, now: datetime) -> int:
    return connection.execute(_DECISION_INSERT, {"lead": lead, "now": now, **_decision_params(turn)}).scalar_one()


def enqueue(
    connection: Connection,
    lead: str,
    kind: str,
    detail: dict[str, Any],
    *,
    now: datetime,
    send_after: datetime,
    body_sealed: str | None = None,
) -> int | None:
    """Queue one entry for GoHighLevel; its id. A workflow enrolment is queued once per lead and
    workflow: while an earlier one is pending or sent, a later handoff does not enrol the contact
    again (None)."""
    return connection.execute(
        _ENQUEUE,
        {
            "lead": lead,
            "kind": kind,
            "body": body_sealed,
            "detail": Jsonb(detail),
            "send_after": send_after,
            "now": now,
            "workflow_id": str(detail.get("workflow_id")),
        },
    ).scalar()


def record_turn(
    connection: Connection,
    cipher: PersonalDataCipher,
    lead: str,
    state: LeadState,
    turn: Turn,
    *,
    message: str,
    channel: str,
    now: datetime,
    reply_after: datetime,
    source_message_id: str | None,
    actor: Actor,
    crm: CrmConfig | None = None,
    summary: HandoffSummary | None = None,
) -> int:
    """One handled inbound message: lead, decision, inbound and reply messages, the audit row, and
    (except for web chat, answered in the response) the reply and CRM actions queued for GoHighLevel.
    With `crm` (two-way GoHighLevel) the CRM actions go out for web chat too, with the lead's
    contact, custom fields, notes, opportunity and appointments (`ehub.bots.crm_writeback`); a
    handoff's note carries `summary` (ehub.writing.handoff). Returns the decision's id."""
    row = connection.execute(
        _TURN_RECORD,
        {
            "lead": lead,
            "now": now,
            **actor.params("handle_message"),
            **_lead_params(state),
            **_decision_params(turn),
            **_message_params("in_", cipher, turn, message, source=source_message_id),
            **_message_params("out_", cipher, turn, turn.reply),
        },
    ).one()
    decision: int = row.decision_id
    reply = row.reply_id
    if crm is not None:
        recorded = queue_writebacks(
            connection,
            cipher,
            lead,
            state,
            turn,
            decision=decision,
            channel=channel,
            now=now,
            config=crm,
            enqueue=enqueue,
            summary=summary,
        )
        if not recorded:  # an anonymous web visitor: nothing in GoHighLevel to write to
            return decision
        for action in turn.actions:
            if action["type"] == "appointment":
                queue_appointment(connection, lead, action, decision=decision, now=now, enqueue=enqueue)
    elif channel == "web":
        return decision
    if turn.reply is not None and channel != "web":
        # The one opt-out confirmation goes at once, quiet hours or not; the outbox re-checks consent,
        # do-not-disturb and quiet hours at send time for every other message.
        purpose = OPT_OUT_CONFIRMATION if state.opted_out and turn.intent == "opt_out" else "reply"
        enqueue(
            connection,
            lead,
            "message",
            {"channel": channel, "decision_id": decision, "message_id": reply, "purpose": purpose},
            now=now,
            send_after=now if purpose == OPT_OUT_CONFIRMATION else reply_after,
            body_sealed=cipher.encrypt(turn.reply),
        )
    for action in turn.actions:
        if action["type"] in OUTBOX_ACTIONS:
            enqueue(connection, lead, action["type"], {**action, "decision_id": decision}, now=now, send_after=now)
    return decision
