"""Sending the lead's CRM record to GoHighLevel: the contact, custom fields, notes, the opportunity
and appointments, as outbox entries (ehub.bots.outbox: exactly once, retried, parked, audited).

- `contact`: `POST /contacts/upsert` with the lead's sealed name, email and phone (GHL deduplicates by
  email, then phone, in the location); the answer's id becomes the lead's `ghl_contact_id` and its
  `assignedTo` the lead's agent (`state.agent_user_id`). A contact some other lead already holds is
  updated, and the web lead stays linked to that lead only (`app.lead_links`); its entries park.
- `fields`: `PUT /contacts/{id}` customFields (score, temperature, intent, LPMAMA); repeatable.
- `note`: `POST /contacts/{id}/notes` (sealed body); looked for among the contact's notes first
  when an earlier attempt may have landed.
- `opportunity`: the contact's opportunity in the pipeline is looked up first: moved
  (`PUT /opportunities/{id}`) when there is one, created (`POST /opportunities/`) otherwise, so a
  retry never makes a second one.
- `appointment`: book (`POST /calendars/events/appointments`, looked for among the contact's
  appointments first when uncertain), reschedule or cancel (`PUT .../appointments/{eventId}`);
  `app.appointments` follows GHL's answer. A slot GHL refuses (taken meanwhile) marks the
  appointment refused and clears it from the lead, whose next message is offered new slots.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Connection, Row, text

from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.errors import EhubError
from ehub.sources.ghl.client import GhlClient
from ehub.sources.values import iso_timestamp

KINDS = frozenset({"contact", "fields", "note", "opportunity", "appointment"})
CHECKED = frozenset({"note", "appointment"})  # creations: looked for before being sent again
REFUSALS = frozenset({"GHL_HTTP_400", "GHL_HTTP_409", "GHL_HTTP_422"})  # GHL refused the slot itself


def _detail(row: Row[Any]) -> dict[str, Any]:
    """The entry's `detail`: a JSON object (jsonb, decoded by the driver)."""
    return cast(dict[str, Any], row.detail)


def _appointment(connection: Connection, appointment_id: int) -> Any:
    return connection.execute(
        text("select * from app.appointments where appointment_id = :id"), {"id": appointment_id}
    ).first()


def send(database: Database, cipher: PersonalDataCipher, client: GhlClient, row: Row[Any], body: str | None) -> Any:
    """One entry of `KINDS` to GHL: GHL's answer."""
    detail, contact = _detail(row), row.ghl_contact_id
    if row.kind == "contact":
        with database.engine.connect() as connection:
            sealed = connection.execute(
                text("select pii_sealed from app.leads where lead_id = :lead"), {"lead": row.lead_id}
            ).scalar()
        details = json.loads(cipher.decrypt(sealed) or "{}") if sealed else {}
        fields = {key: details[key] for key in ("name", "email", "phone") if details.get(key)}
        if not fields.get("email") and not fields.get("phone"):
            raise EhubError("the lead has no email or phone to upsert", code="CRM_CONTACT_EMPTY")
        return client.upsert_contact({**fields, "source": detail.get("source", "Jorge web chat")})
    if row.kind == "fields":
        return client.update_custom_fields(contact, detail["values"])
    if row.kind == "note":
        if not body:
            raise EhubError("a note entry without a body", code="OUTBOX_EMPTY_NOTE")
        return client.add_note(contact, body)
    if row.kind == "opportunity":
        found = client.contact_opportunities(contact, detail["pipeline_id"])
        move = {"pipelineId": detail["pipeline_id"], "pipelineStageId": detail["stage_id"], "status": "open"}
        if found:
            return client.update_opportunity(str(found[0]["id"]), move)
        return client.create_opportunity({**move, "name": detail["name"], "contactId": contact})
    return _send_appointment(database, client, row)


def _send_appointment(database: Database, client: GhlClient, row: Row[Any]) -> Any:
    detail = _detail(row)
    with database.engine.connect() as connection:
        booked = _appointment(connection, detail["appointment_id"])
    if detail["change"] == "book":
        return client.book_appointment(
            {
                "calendarId": booked.calendar_id,
                "contactId": row.ghl_contact_id,
                "assignedUserId": booked.assigned_user_id,
                "startTime": detail["start"],
                "endTime": detail["end"],
                "title": detail.get("title", "Showing"),
                "appointmentStatus": "confirmed",
            }
        )
    if booked.ghl_event_id is None:  # the booking has not reached GHL yet: try again after it
        raise EhubError("the appointment is not booked in GoHighLevel yet", code="CRM_APPOINTMENT_PENDING")
    if detail["change"] == "cancel":
        return client.update_appointment(booked.ghl_event_id, {"appointmentStatus": "cancelled"})
    return client.update_appointment(
        booked.ghl_event_id,
        {"calendarId": booked.calendar_id, "startTime": detail["start"], "endTime": detail["end"]},
    )


def earlier(client: GhlClient, row: Row[Any], body: str | None, known: dict[str, datetime]) -> str | None:
    """GHL's id of what an earlier attempt of this note or booking left, if it landed."""
    if row.kind == "note":
        for note in client.contact_notes(row.ghl_contact_id):
            if note.get("body") == body and str(note.get("id")) not in known:
                return str(note["id"])
        return None
    detail = _detail(row)
    if detail["change"] != "book":
        return None
    wanted = iso_timestamp(detail["start"])
    for event in client.contact_appointments(row.ghl_contact_id):
        if iso_timestamp(event.get("startTime")) == wanted and str(event.get("id")) not in known:
            return str(event["id"])
    return None


def ghl_id(answer: Any) -> str | None:
    """What GHL called the result: a contact's, note's or opportunity's id, or an event's."""
    if not isinstance(answer, dict):
        return None
    for key in ("contact", "note", "opportunity"):
        if isinstance(answer.get(key), dict) and answer[key].get("id"):
            return str(answer[key]["id"])
    return str(answer["id"]) if answer.get("id") else None


_CLAIM_CONTACT = text("""
    update app.leads set ghl_contact_id = :contact,
        state = case when cast(:agent as text) is null then state
                     else jsonb_set(state, '{agent_user_id}', to_jsonb(cast(:agent as text))) end
    where lead_id = :lead and ghl_contact_id is null
      and not exists (select 1 from app.leads other where other.ghl_contact_id = :contact)
""")
_BOOKED = text("""
    update app.appointments set status = case when :change = 'cancel' then 'cancelled' else 'booked' end,
        ghl_event_id = coalesce(:event, ghl_event_id), booked_at = coalesce(booked_at, :now),
        cancelled_at = case when :change = 'cancel' then cast(:now as timestamptz) end, updated_at = :now
    where appointment_id = :id
""")


def record_sent(connection: Connection, row: Row[Any], ghl_id_found: str | None, answer: Any, now: datetime) -> None:
    """What a sent entry changes here, in the transaction that marks it sent."""
    if row.kind == "contact" and ghl_id_found:
        contact = answer.get("contact", {}) if isinstance(answer, dict) else {}
        agent = contact.get("assignedTo") or None
        connection.execute(_CLAIM_CONTACT, {"contact": ghl_id_found, "agent": agent, "lead": row.lead_id})
    if row.kind == "appointment":
        event = ghl_id_found if _detail(row)["change"] == "book" else None
        params = {"change": _detail(row)["change"], "event": event, "now": now}
        connection.execute(_BOOKED, {**params, "id": _detail(row)["appointment_id"]})


_CANCEL_ENTRY = text(
    "update app.outbox set status = 'cancelled', uncertain = false, last_error = :reason where outbox_id = :id"
)
_REFUSED = text("update app.appointments set status = 'refused', updated_at = :now where appointment_id = :id")
_KEPT = text(
    "update app.appointments set starts_at = :start, ends_at = :end, updated_at = :now where appointment_id = :id"
)
_STATE_FORGET = text("""
    update app.leads set state = state || '{"appointment": null, "booking_refused": true}'::jsonb
    where lead_id = :lead and state -> 'appointment' ->> 'start' = :start
""")
_STATE_START = text("""
    update app.leads set state = jsonb_set(state, '{appointment,start}', to_jsonb(cast(:to as text)))
        || '{"booking_refused": true}'::jsonb
    where lead_id = :lead and state -> 'appointment' ->> 'start' = :start
""")


def refused(database: Database, row: Row[Any], reason: str, now: datetime) -> str:
    """GHL refused the slot (taken since it was offered): the appointment is refused, the entry
    cancelled, and the lead's state forgets it so its next message gets new slots."""
    detail = _detail(row)
    with database.engine.begin() as connection:
        if detail["change"] == "reschedule":  # the booking stands at its earlier time
            connection.execute(_KEPT, {"now": now, "id": detail["appointment_id"], **detail["previous"]})
            connection.execute(
                _STATE_START, {"lead": row.lead_id, "start": detail["start"], "to": detail["previous"]["start"]}
            )
        else:
            connection.execute(_REFUSED, {"now": now, "id": detail["appointment_id"]})
            connection.execute(_STATE_FORGET, {"lead": row.lead_id, "start": detail["start"]})
        connection.execute(
            _CANCEL_ENTRY,
            {"reason": f"refused by GoHighLevel: {reason}"[:300], "id": row.outbox_id},
        )
    return "cancelled"
