"""What a handled message queues for the lead's CRM record, once per change (sent by
`ehub.bots.crm_sync` through the outbox):

- `contact`: a web lead whose email or phone is new to us is upserted (GHL deduplicates).
- `fields`: score, temperature, intent and the LPMAMA answers (Location, Price, Motivation,
  Agent, Mortgage, Appointment) as contact custom fields `contact.jorge_*`, whenever one changes.
- `note`: on a new temperature, a handoff, or a web lead's new email or phone, a note for the agent:
  the summary, the handoff's reason and, for a web lead, the chat since the previous note (sealed).
  On a handoff with a Gemini key, Gemini's summary (ehub.writing.handoff) replaces the template's.
  GHL's API adds inbound messages only through a conversation provider, so web chat goes as notes.
- `opportunity`: created when the lead first qualifies (hot), moved to Appointment Set when a
  booking is made (`CrmConfig` names the pipeline and its stages; none configured: none sent).
- `appointment`: a booking, reschedule or cancellation (`ehub.bots.booking`), recorded in
  `app.appointments` here and sent to GHL's calendar by the outbox.
Each entry carries a `fingerprint` of what it writes; an entry equal to the lead's last one of its
kind (pending or sent) is not queued again, so a repeat of the same state writes nothing.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import Connection, text

from ehub.bots.state import LeadState
from ehub.bots.turn import Turn
from ehub.crypto import PersonalDataCipher
from ehub.settings import Settings

if TYPE_CHECKING:
    from ehub.writing.handoff import HandoffSummary

FIELD_PREFIX = "contact.jorge_"
STAGES = ("qualified", "appointment")  # the pipeline stages the bots move an opportunity to
_LAST_FINGERPRINTS = text("""
    select distinct on (kind) kind, detail ->> 'fingerprint' as fingerprint,
           cast(detail ->> 'through_message' as bigint) as through_message
    from app.outbox
    where lead_id = cast(:lead as uuid) and kind in ('contact', 'fields', 'note', 'opportunity')
      and status in ('pending', 'sent')
    order by kind, outbox_id desc
""")
_CHAT_SINCE = text("""
    select message_id, direction, body_sealed from app.conversation_messages
    where lead_id = cast(:lead as uuid) and message_id > coalesce(cast(:since as bigint), 0)
    order by message_id
""")
_CONTACT_INDEXES = text(
    "select phone_index, email_index, ghl_contact_id from app.leads where lead_id = cast(:lead as uuid)"
)
_APPOINTMENT_NEW = text("""
    insert into app.appointments (lead_id, calendar_id, assigned_user_id, starts_at, ends_at, requested_at, updated_at)
    values (cast(:lead as uuid), :calendar, :agent, :start, :end, :now, :now)
    returning appointment_id
""")
_APPOINTMENT_CURRENT = text("""
    select appointment_id, starts_at, ends_at from app.appointments
    where lead_id = cast(:lead as uuid) and status in ('requested', 'booked')
    order by appointment_id desc limit 1 for update
""")
_APPOINTMENT_MOVE = text("""
    update app.appointments set starts_at = :start, ends_at = :end, updated_at = :now where appointment_id = :id
""")


@dataclass(frozen=True)
class CrmConfig:
    """The GHL pipeline an opportunity lives in and the ids of its stages (`STAGES`)."""

    pipeline_id: str | None = None
    stage_ids: dict[str, str] = field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> CrmConfig | None:
        """Two-way GoHighLevel as configured (`EHUB_GHL_WRITEBACK`, the pipeline and its stages)."""
        if not settings.ghl_writeback:
            return None
        stages = {"qualified": settings.ghl_qualified_stage_id, "appointment": settings.ghl_appointment_stage_id}
        return cls(settings.ghl_pipeline_id, {stage: sid for stage, sid in stages.items() if sid})


def fingerprint(values: Any) -> str:
    return hashlib.sha256(json.dumps(values, sort_keys=True, default=str).encode()).hexdigest()[:32]


def lead_fields(state: LeadState) -> dict[str, Any]:
    """The custom fields agents read; no personal data (the address stays sealed)."""
    slots = state.slots
    intent = {"buyer": "buy", "seller": "sell"}.get(state.bot) or slots.plan or "unknown"
    motivation = "browsing" if slots.just_browsing else None
    if slots.months_to_move is not None:
        motivation = f"moving in {slots.months_to_move} months"
    values = {
        "score": round(state.score, 1),
        "temperature": state.temperature,
        "intent": intent,
        "location": slots.neighbourhood or slots.area,
        "price": slots.budget.high if slots.budget else None,
        "motivation": motivation,
        "agent": None if slots.has_agent is None else ("has an agent" if slots.has_agent else "no agent"),
        "mortgage": slots.financing,
        "appointment": (state.appointment or {}).get("start") or ("wanted" if slots.wants_appointment else None),
    }
    return {f"{FIELD_PREFIX}{key}": ("" if value is None else value) for key, value in values.items()}


def template_summary(state: LeadState, turn: Turn) -> list[str]:
    """The note's summary built from the engine's state: score, fields, the handoff's reason."""
    fields = lead_fields(state)
    lines = [f"Jorge: score {state.score:.1f} ({state.temperature}), {state.bot} bot."]
    lines += [f"{key.removeprefix(FIELD_PREFIX).capitalize()}: {value}" for key, value in fields.items() if value != ""]
    if turn.handoff_reason:
        lines.append(f"Handed to an agent: {turn.handoff_reason.replace('_', ' ')}.")
    return lines


def _note(
    connection: Connection,
    cipher: PersonalDataCipher,
    lead: str,
    state: LeadState,
    turn: Turn,
    since: Any,
    web: bool,
    summary: HandoffSummary | None,
) -> tuple[str, int | None]:
    """The note's text and the last message of the web chat it carries (the next note goes on from it)."""
    written = summary.text if summary is not None else None
    lines = [written] if written is not None else template_summary(state, turn)
    chat = connection.execute(_CHAT_SINCE, {"lead": lead, "since": since}).all() if web else []
    if chat:
        lines.append("Web chat:")
        lines += [f"{'Lead' if m.direction == 'inbound' else 'Jorge'}: {cipher.decrypt(m.body_sealed)}" for m in chat]
    return "\n".join(lines), (chat[-1].message_id if chat else since)


def queue_writebacks(
    connection: Connection,
    cipher: PersonalDataCipher,
    lead: str,
    state: LeadState,
    turn: Turn,
    *,
    decision: int,
    channel: str,
    now: datetime,
    config: CrmConfig,
    enqueue: Any,
    summary: HandoffSummary | None = None,
) -> bool:
    """Queue what changed (in the caller's transaction, after the turn's messages are recorded).
    False for a web visitor who gave neither email nor phone: no CRM record to write to."""
    indexes = connection.execute(_CONTACT_INDEXES, {"lead": lead}).one()
    if not (indexes.ghl_contact_id or indexes.phone_index or indexes.email_index):
        return False
    last = {row.kind: row for row in connection.execute(_LAST_FINGERPRINTS, {"lead": lead})}

    def changed(kind: str, print_: str) -> bool:
        return kind not in last or last[kind].fingerprint != print_

    def put(kind: str, detail: dict[str, Any], body: str | None = None) -> None:
        enqueue(connection, lead, kind, {**detail, "decision_id": decision}, now=now, send_after=now, body_sealed=body)

    contact_print = fingerprint([indexes.phone_index, indexes.email_index])
    upserted = (
        channel == "web" and bool(indexes.phone_index or indexes.email_index) and changed("contact", contact_print)
    )
    if upserted:
        put("contact", {"fingerprint": contact_print, "source": "Jorge web chat"})
    fields = lead_fields(state)
    if changed("fields", fingerprint(fields)):
        put("fields", {"values": fields, "fingerprint": fingerprint(fields)})
    # a web lead's chat reaches GHL in notes: also when it first becomes (or becomes more of) a contact
    note_print = fingerprint([state.temperature, state.handoff_reason, contact_print if channel == "web" else None])
    noteworthy = turn.handoff or upserted or state.temperature != "cold" or "note" in last
    if noteworthy and changed("note", note_print):
        since = last["note"].through_message if "note" in last else None
        body, through = _note(connection, cipher, lead, state, turn, since, channel == "web", summary)
        detail = {"fingerprint": note_print, "through_message": through}
        put("note", {**detail, **(summary.note_detail() if summary else {})}, cipher.encrypt(body))
    stage = "appointment" if state.appointment else "qualified" if state.temperature == "hot" else None
    if stage and config.pipeline_id and config.stage_ids.get(stage):
        reached = STAGES.index(stage)
        before = last.get("opportunity")
        done = before is not None and before.fingerprint in {fingerprint(s) for s in STAGES[reached:]}
        if not done:
            name = f"Jorge {state.bot} lead {lead[:8]}"
            detail = {"pipeline_id": config.pipeline_id, "stage_id": config.stage_ids[stage], "stage": stage}
            put("opportunity", {**detail, "name": name, "fingerprint": fingerprint(stage)})
    return True


def queue_appointment(
    connection: Connection, lead: str, action: dict[str, Any], *, decision: int, now: datetime, enqueue: Any
) -> None:
    """Record a booking change in `app.appointments` and queue it for GHL's calendar."""
    detail = {key: value for key, value in action.items() if key != "type"}
    if action["change"] == "book":
        params = {"calendar": action["calendar_id"], "agent": action["assigned_user_id"]}
        row_id: int = connection.execute(
            _APPOINTMENT_NEW, {"lead": lead, **params, "start": action["start"], "end": action["end"], "now": now}
        ).scalar_one()
    else:
        current = connection.execute(_APPOINTMENT_CURRENT, {"lead": lead}).first()
        if current is None:
            return
        row_id = current.appointment_id
        if action["change"] == "reschedule":
            detail["previous"] = {"start": current.starts_at.isoformat(), "end": current.ends_at.isoformat()}
            connection.execute(
                _APPOINTMENT_MOVE, {"id": row_id, "start": action["start"], "end": action["end"], "now": now}
            )
    enqueue(
        connection, lead, "appointment", {**detail, "appointment_id": row_id, "decision_id": decision},
        now=now, send_after=now,
    )  # fmt: skip
