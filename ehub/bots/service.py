"""The bot service's unit of work: one inbound message, handled and recorded in one transaction.

The lead's row is locked (`FOR UPDATE`) while the engine decides, so two messages of the same lead
never race; the inbound message, the reply, the decision and any outbox entries commit together.
Personal data (name, phone, email, message bodies) is stored sealed only. Replies to SMS and email
leads go through the outbox, held until 08:00 when decided during quiet hours (21:00-08:00 in the
lead's time zone, America/Chicago by default); web chat replies are returned at once.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from psycopg.types.json import Jsonb
from sqlalchemy import Connection, text

from ehub.bots.engine import Engine, Turn
from ehub.bots.state import LeadState
from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.errors import EhubError, ValidationError
from ehub.sources.landing import unseal

LEAD_TIME_ZONE = ZoneInfo("America/Chicago")
QUIET_UNTIL, QUIET_FROM = time(8, 0), time(21, 0)
CHANNELS = ("web", "sms", "email")


class LeadNotFoundError(EhubError):
    error = "not_found"
    code = "LEAD_NOT_FOUND"
    http_status = 404


@dataclass(frozen=True)
class Contact:
    name: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class ChatResult:
    lead_id: str
    turn: Turn


def send_time(now: datetime, zone: ZoneInfo = LEAD_TIME_ZONE) -> datetime:
    """When a message decided at `now` may go out: now, or 08:00 local after quiet hours."""
    local = now.astimezone(zone)
    if QUIET_UNTIL <= local.time() < QUIET_FROM:
        return now
    day = local.date() if local.time() < QUIET_UNTIL else local.date() + timedelta(days=1)
    return datetime.combine(day, QUIET_UNTIL, tzinfo=zone)


class BotService:
    def __init__(self, database: Database, cipher: PersonalDataCipher, engine: Engine) -> None:
        self.database, self.cipher, self.engine = database, cipher, engine

    def _seal_contact(self, contact: Contact | None) -> dict[str, Any]:
        if contact is None or not any((contact.name, contact.phone, contact.email)):
            return {"pii_sealed": None, "phone_index": None, "email_index": None}
        values = {
            key: value
            for key, value in (("name", contact.name), ("phone", contact.phone), ("email", contact.email))
            if value
        }
        return {
            "pii_sealed": self.cipher.encrypt(json.dumps(values, sort_keys=True)),
            "phone_index": self.cipher.blind_index("phone", contact.phone) if contact.phone else None,
            "email_index": self.cipher.blind_index("email", contact.email) if contact.email else None,
        }

    def _locked_lead(
        self,
        connection: Connection,
        *,
        lead_id: str | None,
        ghl_contact_id: str | None,
        contact: Contact | None,
        channel: str,
    ) -> tuple[str, LeadState]:
        row = None
        if lead_id is not None:
            row = connection.execute(
                text("select lead_id, state from app.leads where lead_id = cast(:id as uuid) for update"),
                {"id": lead_id},
            ).first()
            if row is None:
                raise LeadNotFoundError(f"No lead {lead_id}", field="lead_id")
        elif ghl_contact_id is not None:
            row = connection.execute(
                text("select lead_id, state from app.leads where ghl_contact_id = :id for update"),
                {"id": ghl_contact_id},
            ).first()
        elif contact is not None and (contact.phone or contact.email):
            sealed = self._seal_contact(contact)
            row = connection.execute(
                text(
                    "select lead_id, state from app.leads where phone_index = :phone or email_index = :email "
                    "order by created_at limit 1 for update"
                ),
                {"phone": sealed["phone_index"], "email": sealed["email_index"]},
            ).first()
        if row is not None:
            return str(row.lead_id), LeadState.from_json(row.state)
        new_id, state = str(uuid.uuid4()), LeadState()
        connection.execute(
            text("""
            insert into app.leads (lead_id, ghl_contact_id, channel, bot, variant, score, temperature, state,
                                   pii_sealed, phone_index, email_index)
            values (cast(:id as uuid), :ghl, :channel, :bot, :variant, :score, :temperature, :state,
                    :pii_sealed, :phone_index, :email_index)
        """),
            {
                "id": new_id,
                "ghl": ghl_contact_id,
                "channel": channel,
                "bot": state.bot,
                "variant": state.variant,
                "score": state.score,
                "temperature": state.temperature,
                "state": Jsonb(state.to_json()),
                **self._seal_contact(contact),
            },
        )
        return new_id, state

    def handle(
        self,
        message: str,
        *,
        channel: str = "web",
        now: datetime,
        lead_id: str | None = None,
        ghl_contact_id: str | None = None,
        contact: Contact | None = None,
        source_message_id: str | None = None,
        connection: Connection | None = None,
    ) -> ChatResult:
        """Decide and record one inbound message (in `connection`'s transaction when given)."""
        if channel not in CHANNELS:
            raise ValidationError(
                f"channel must be one of {', '.join(CHANNELS)}", field="channel", code="CHANNEL_INVALID"
            )
        if not message or not message.strip():
            raise ValidationError("message must not be empty", field="message", code="MESSAGE_EMPTY")
        if connection is None:
            with self.database.engine.begin() as own:
                return self.handle(
                    message,
                    channel=channel,
                    now=now,
                    lead_id=lead_id,
                    ghl_contact_id=ghl_contact_id,
                    contact=contact,
                    source_message_id=source_message_id,
                    connection=own,
                )
        lead, state = self._locked_lead(
            connection, lead_id=lead_id, ghl_contact_id=ghl_contact_id, contact=contact, channel=channel
        )
        turn = self.engine.respond(state, message, now=now)
        self._record(connection, lead, state, turn, message, channel, now, source_message_id)
        return ChatResult(lead, turn)

    def register_contact(self, connection: Connection, ghl_contact_id: str, contact: Contact | None) -> str:
        """Make sure a CRM contact has a lead (a ContactCreate webhook); the lead's id."""
        lead, _ = self._locked_lead(
            connection, lead_id=None, ghl_contact_id=ghl_contact_id, contact=contact, channel="sms"
        )
        return lead

    def _record(
        self,
        connection: Connection,
        lead: str,
        state: LeadState,
        turn: Turn,
        message: str,
        channel: str,
        now: datetime,
        source_message_id: str | None,
    ) -> None:
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
        messages = [("inbound", message, turn.intent, turn.confidence, source_message_id)]
        if turn.reply is not None:
            messages.append(("outbound", turn.reply, None, None, None))
        for direction, body, intent, confidence, source_id in messages:
            connection.execute(
                text("""
                insert into app.conversation_messages
                    (lead_id, direction, body_sealed, bot, intent, confidence, source_message_id, created_at)
                values (cast(:lead as uuid), :direction, :body, :bot, :intent, :confidence, :source, :now)
            """),
                {
                    "lead": lead,
                    "direction": direction,
                    "body": self.cipher.encrypt(body),
                    "bot": turn.bot,
                    "intent": intent,
                    "confidence": confidence,
                    "source": source_id,
                    "now": now,
                },
            )
        connection.execute(
            text("""
            insert into app.bot_decisions (lead_id, bot, intent, confidence, score, temperature, handoff_reason,
                                           compliance_flags, actions, reasons, variant, created_at)
            values (cast(:lead as uuid), :bot, :intent, :confidence, :score, :temperature, :handoff,
                    :flags, :actions, :reasons, :variant, :now)
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
        )
        if channel == "web":
            return
        outgoing = [("message", turn.reply, {"channel": channel})] if turn.reply is not None else []
        outgoing += [
            (action["type"], None, action) for action in turn.actions if action["type"] in ("tag", "task", "dnd")
        ]
        for kind, body, detail in outgoing:
            connection.execute(
                text("""
                insert into app.outbox (lead_id, kind, body_sealed, detail, send_after)
                values (cast(:lead as uuid), :kind, :body, :detail, :send_after)
            """),
                {
                    "lead": lead,
                    "kind": kind,
                    "body": self.cipher.encrypt(body) if body else None,
                    "detail": Jsonb(detail),
                    "send_after": send_time(now) if kind == "message" else now,
                },
            )

    def lead(self, lead_id: str) -> dict[str, Any]:
        """A lead with its contact details and conversation, decrypted (callers audit the read)."""
        with self.database.engine.connect() as connection:
            row = (
                connection.execute(text("select * from app.leads where lead_id = cast(:id as uuid)"), {"id": lead_id})
                .mappings()
                .first()
            )
            if row is None:
                raise LeadNotFoundError(f"No lead {lead_id}", field="lead_id")
            messages = connection.execute(
                text(
                    "select direction, body_sealed, bot, intent, created_at from app.conversation_messages "
                    "where lead_id = cast(:id as uuid) order by created_at, message_id"
                ),
                {"id": lead_id},
            ).all()
        return {
            **_summary(row),
            "contact": unseal(self.cipher, row["pii_sealed"]),
            "conversation": [
                {
                    "direction": m.direction,
                    "text": self.cipher.decrypt(m.body_sealed),
                    "bot": m.bot,
                    "intent": m.intent,
                    "at": m.created_at.isoformat(),
                }
                for m in messages
            ],
        }

    def leads(self, *, temperature: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        with self.database.engine.connect() as connection:
            rows = connection.execute(
                text(
                    "select * from app.leads where cast(:temperature as text) is null or temperature = :temperature "
                    "order by updated_at desc limit :limit"
                ),
                {"temperature": temperature, "limit": limit},
            ).mappings()
            return [_summary(row) for row in rows]


def _summary(row: Any) -> dict[str, Any]:
    return {
        "lead_id": str(row["lead_id"]),
        "bot": row["bot"],
        "channel": row["channel"],
        "score": float(row["score"]),
        "temperature": row["temperature"],
        "variant": row["variant"],
        "opted_out": row["opted_out_at"] is not None,
        "handed_off": row["handed_off_at"] is not None,
        "ghl_contact_id": row["ghl_contact_id"],
        "updated_at": row["updated_at"].isoformat(),
    }
