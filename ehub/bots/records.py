"""Writing decisions down: the lead's row, its messages, the decision and the outbox entries.

Everything runs in the caller's transaction, so a decision and its effects commit together. Used
by the bot service (an inbound message was handled) and by CRM events (GoHighLevel paused or
resumed automation), so `app.bot_decisions` holds every decision in one shape. Every outbox entry
carries the id of the decision that caused it, and a reply also its message's id, which is how
the bot marts measure response latency without reading any message body.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import Connection, text

from ehub.bots.engine import Turn
from ehub.bots.state import LeadState
from ehub.crypto import PersonalDataCipher

OUTBOX_ACTIONS = ("tag", "task", "dnd", "workflow")  # the engine's actions that reach GoHighLevel
CRM_EVENT_INTENT = "crm_event"  # the intent of decisions taken on a CRM event, not on a message


def update_lead(connection: Connection, lead: str, state: LeadState, now: datetime) -> None:
    """Store the state; opt-out and handoff times are kept while they last and cleared when they end."""
    connection.execute(
        text("""
        update app.leads set bot = :bot, score = :score, temperature = :temperature, state = :state,
            opted_out_at = case when :opted_out then coalesce(opted_out_at, :now) end,
            handed_off_at = case when :handed_off then coalesce(handed_off_at, :now) end,
            updated_at = :now
        where lead_id = cast(:id as uuid)
    """),
        {
            "bot": state.bot,
            "score": state.score,
            "temperature": state.temperature,
            "state": Jsonb(state.to_json()),
            "opted_out": state.opted_out,
            "handed_off": state.handed_off,
            "now": now,
            "id": lead,
        },
    )


def insert_decision(connection: Connection, lead: str, turn: Turn, now: datetime) -> int:
    return connection.execute(
        text("""
        insert into app.bot_decisions (lead_id, bot, intent, confidence, score, temperature, handoff_reason,
                                       compliance_flags, actions, reasons, variant, created_at)
        values (cast(:lead as uuid), :bot, :intent, :confidence, :score, :temperature, :handoff,
                :flags, :actions, :reasons, :variant, :now)
        returning decision_id
    """),
        {
            "lead": lead,
            "bot": turn.bot,
            "intent": turn.intent,
            "confidence": turn.confidence,
            "score": turn.lead_score,
            "temperature": turn.temperature,
            "handoff": turn.handoff_reason,
            "flags": turn.compliance_flags,
            "actions": Jsonb(turn.actions),
            "reasons": Jsonb(turn.reasons),
            "variant": turn.variant,
            "now": now,
        },
    ).scalar_one()


def insert_message(
    connection: Connection,
    cipher: PersonalDataCipher,
    lead: str,
    turn: Turn,
    *,
    direction: str,
    body: str,
    now: datetime,
    source_message_id: str | None = None,
) -> int:
    inbound = direction == "inbound"
    return connection.execute(
        text("""
        insert into app.conversation_messages
            (lead_id, direction, body_sealed, bot, intent, confidence, source_message_id, created_at)
        values (cast(:lead as uuid), :direction, :body, :bot, :intent, :confidence, :source, :now)
        returning message_id
    """),
        {
            "lead": lead,
            "direction": direction,
            "body": cipher.encrypt(body),
            "bot": turn.bot,
            "intent": turn.intent if inbound else None,
            "confidence": turn.confidence if inbound else None,
            "source": source_message_id,
            "now": now,
        },
    ).scalar_one()


def enqueue(
    connection: Connection,
    lead: str,
    kind: str,
    detail: dict[str, Any],
    *,
    now: datetime,
    send_after: datetime,
    body_sealed: str | None = None,
) -> None:
    """Queue one entry for GoHighLevel. A workflow enrolment is queued once per lead and workflow:
    while an earlier one is pending or sent, a later handoff does not enrol the contact again."""
    connection.execute(
        text("""
        insert into app.outbox (lead_id, kind, body_sealed, detail, send_after, created_at)
        select cast(:lead as uuid), cast(:kind as text), cast(:body as text), :detail, :send_after, :now
        where cast(:kind as text) <> 'workflow' or not exists (
            select 1 from app.outbox
            where lead_id = cast(:lead as uuid) and kind = 'workflow' and status in ('pending', 'sent')
              and detail ->> 'workflow_id' = cast(:workflow_id as text)
        )
    """),
        {
            "lead": lead,
            "kind": kind,
            "body": body_sealed,
            "detail": Jsonb(detail),
            "send_after": send_after,
            "now": now,
            "workflow_id": str(detail.get("workflow_id")),
        },
    )


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
) -> None:
    """One handled inbound message: lead, decision, inbound and reply messages, and (except for
    web chat, answered in the response) the reply and the CRM actions queued for GoHighLevel."""
    update_lead(connection, lead, state, now)
    decision = insert_decision(connection, lead, turn, now)
    insert_message(
        connection, cipher, lead, turn, direction="inbound", body=message, now=now, source_message_id=source_message_id
    )
    reply = None
    if turn.reply is not None:
        reply = insert_message(connection, cipher, lead, turn, direction="outbound", body=turn.reply, now=now)
    if channel == "web":
        return
    if turn.reply is not None:
        enqueue(
            connection,
            lead,
            "message",
            {"channel": channel, "decision_id": decision, "message_id": reply},
            now=now,
            send_after=reply_after,
            body_sealed=cipher.encrypt(turn.reply),
        )
    for action in turn.actions:
        if action["type"] in OUTBOX_ACTIONS:
            enqueue(connection, lead, action["type"], {**action, "decision_id": decision}, now=now, send_after=now)
