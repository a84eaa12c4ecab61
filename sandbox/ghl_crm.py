"""The sandbox CRM's contact upserts, custom fields, notes, opportunities and calendar.

Served by `GhlSandbox` on GoHighLevel's real paths and shapes:
- `POST /contacts/upsert` finds the location's contact by email, then phone (the location's
  duplicate rule), seeded or upserted, and updates it; otherwise creates one, assigned to an agent
  as a round-robin would (deterministically, by the email or phone). `GET /contacts/{id}`.
- `PUT /contacts/{id}` keeps `customFields` (by key) and `dnd`; `POST`/`GET /contacts/{id}/notes`.
- `POST /opportunities/` refuses a second opportunity of a contact in a pipeline (GHL's default);
  `PUT /opportunities/{id}`; `GET /opportunities/search?contact_id=` finds the contact's.
- The showings calendar `CALENDAR_ID`: one-hour slots 09:00-17:00 Austin time, Monday to Saturday;
  each agent is busy at a deterministic third of them and at what is booked.
  `GET /calendars/{id}/free-slots` (epoch ms, at most 31 days, `timezone`, optional `userId`)
  answers the free starts grouped by date; `POST /calendars/events/appointments` refuses a slot
  that is not free for the assigned agent (400, as GHL does); `PUT .../appointments/{id}` moves or
  cancels one; `GET /contacts/{id}/appointments` lists a contact's events.
"""

from __future__ import annotations

import re
import secrets
import zlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from ehub.sources.values import iso_timestamp
from sandbox import ghl_data

CALENDAR_ID = "calAustinShowings001"
SLOT = timedelta(hours=1)
OPEN_HOURS = range(9, 17)
MAX_RANGE = timedelta(days=31)
AUSTIN = ZoneInfo("America/Chicago")
_CONTACT = re.compile(r"^/contacts/([^/]+)(/notes|/appointments)?$")
_OPPORTUNITY = re.compile(r"^/opportunities/([^/]+)$")
_FREE_SLOTS = re.compile(r"^/calendars/([^/]+)/free-slots$")
_APPOINTMENT = re.compile(r"^/calendars/events/appointments/([^/]+)$")


class CrmError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def _digits(phone: Any) -> str:
    return re.sub(r"\D", "", str(phone or ""))[-10:]


def agent_busy(agent: str, start: datetime) -> bool:
    """The agent's own calendar: busy at a deterministic third of the open hours."""
    return zlib.crc32(f"{agent}|{start.astimezone(AUSTIN).isoformat()}".encode()) % 3 == 0


@dataclass
class SandboxCrm:
    """What the writes left; `seeded` lists the seeded contacts (for the duplicate rule)."""

    seeded: Any  # () -> list of seeded contacts
    contacts: dict[str, dict[str, Any]] = field(default_factory=dict)  # upserted, by id
    custom_fields: dict[str, dict[str, Any]] = field(default_factory=dict)
    notes: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    opportunities: dict[str, dict[str, Any]] = field(default_factory=dict)
    appointments: dict[str, dict[str, Any]] = field(default_factory=dict)
    upserts: int = 0
    # GHL's ids are unique for good; a sandbox started again must not hand out an id an earlier run's
    # lead already holds (the bot service links one lead to one contact).
    run: str = field(default_factory=lambda: secrets.token_hex(3))
    _counter: int = 0

    def _next(self, prefix: str) -> str:
        self._counter += 1
        return f"{prefix}{self.run}{self._counter:012d}"

    # -- contacts ---------------------------------------------------------------------------

    def contact(self, contact_id: str) -> dict[str, Any] | None:
        if contact_id in self.contacts:
            return self.contacts[contact_id]
        return next((c for c in self.seeded() if c["id"] == contact_id), None)

    def upsert(self, body: dict[str, Any]) -> dict[str, Any]:
        email, phone = str(body.get("email") or "").strip().lower(), _digits(body.get("phone"))
        if not email and not phone:
            raise CrmError(422, "email or phone is required")
        self.upserts += 1
        everyone = [*self.contacts.values(), *self.seeded()]
        found = next((c for c in everyone if email and str(c.get("email") or "").lower() == email), None)
        found = found or next((c for c in everyone if phone and _digits(c.get("phone")) == phone), None)
        fields = {k: v for k, v in body.items() if k in ("firstName", "lastName", "name", "email", "phone", "source")}
        if found is not None:
            updated = {**found, **{k: v for k, v in fields.items() if v}}
            self.contacts[found["id"]] = updated
            return {"new": False, "contact": updated, "traceId": self._next("tr")}
        key = email or phone
        created = {
            "id": self._next("ct"),
            "locationId": ghl_data.LOCATION_ID,
            **fields,
            "tags": [],
            "type": "lead",
            "assignedTo": ghl_data.AGENTS[zlib.crc32(key.encode()) % len(ghl_data.AGENTS)],
        }
        self.contacts[created["id"]] = created
        return {"new": True, "contact": created, "traceId": self._next("tr")}

    def set_custom_fields(self, contact_id: str, fields: list[dict[str, Any]]) -> None:
        kept = self.custom_fields.setdefault(contact_id, {})
        for item in fields:
            if not isinstance(item, dict) or not (item.get("key") or item.get("id")) or "field_value" not in item:
                raise CrmError(422, "customFields items need an id or key and a field_value")
            kept[str(item.get("key") or item.get("id"))] = item["field_value"]

    # -- routing ----------------------------------------------------------------------------

    def route(self, method: str, path: str, params: Any, body: dict[str, Any]) -> dict[str, Any] | None:
        """GHL's answer, or None when the path is not one of these."""
        if method == "POST" and path == "/contacts/upsert":
            if body.get("locationId") != ghl_data.LOCATION_ID:
                raise CrmError(403, "The token does not have access to this location")
            return self.upsert(body)
        contact = _CONTACT.match(path)
        if contact and contact.group(2) is None and method == "GET":
            found = self.contact(contact.group(1))
            if found is None:
                raise CrmError(404, "Contact not found")
            fields = [{"id": k, "value": v} for k, v in self.custom_fields.get(found["id"], {}).items()]
            return {"contact": {**found, "customFields": [*found.get("customFields", []), *fields]}}
        if contact and contact.group(2) == "/notes":
            return self._notes(method, contact.group(1), body)
        if contact and contact.group(2) == "/appointments" and method == "GET":
            events = [e for e in self.appointments.values() if e["contactId"] == contact.group(1)]
            return {"events": events}
        if method == "GET" and path == "/opportunities/search" and params.get("contact_id"):
            return self._contact_opportunities(params["contact_id"], params.get("pipeline_id"))
        if method == "POST" and path in ("/opportunities/", "/opportunities"):
            return self._create_opportunity(body)
        opportunity = _OPPORTUNITY.match(path)
        if method == "PUT" and opportunity:
            return self._update_opportunity(opportunity.group(1), body)
        slots = _FREE_SLOTS.match(path)
        if method == "GET" and slots:
            return self._free_slots(slots.group(1), params)
        if method == "POST" and path == "/calendars/events/appointments":
            return self._book(None, body)
        appointment = _APPOINTMENT.match(path)
        if method == "PUT" and appointment:
            return self._book(appointment.group(1), body)
        return None

    def _notes(self, method: str, contact_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if self.contact(contact_id) is None:
            raise CrmError(404, "Contact not found")
        if method == "GET":
            return {"notes": self.notes.get(contact_id, [])}
        if not str(body.get("body") or "").strip():
            raise CrmError(422, "body is required")
        note = {"id": self._next("nt"), "body": body["body"], "contactId": contact_id}
        self.notes.setdefault(contact_id, []).append(note)
        return {"note": note}

    # -- opportunities ----------------------------------------------------------------------

    def _contact_opportunities(self, contact_id: str, pipeline_id: str | None) -> dict[str, Any]:
        found = [
            o
            for o in self.opportunities.values()
            if o["contactId"] == contact_id and (pipeline_id is None or o["pipelineId"] == pipeline_id)
        ]
        return {"opportunities": found, "meta": {"total": len(found)}, "aggregations": {}}

    def _create_opportunity(self, body: dict[str, Any]) -> dict[str, Any]:
        missing = [k for k in ("pipelineId", "locationId", "name", "status", "contactId") if not body.get(k)]
        if missing:
            raise CrmError(422, f"{', '.join(missing)} required")
        if self.contact(body["contactId"]) is None:
            raise CrmError(404, "Contact not found")
        if self._contact_opportunities(body["contactId"], body["pipelineId"])["opportunities"]:
            raise CrmError(400, "Can not create duplicate opportunity for the contact.")
        opportunity = {"id": self._next("op"), **body}
        self.opportunities[opportunity["id"]] = opportunity
        return {"opportunity": opportunity}

    def _update_opportunity(self, opportunity_id: str, body: dict[str, Any]) -> dict[str, Any]:
        if opportunity_id not in self.opportunities:
            raise CrmError(404, "Opportunity not found")
        self.opportunities[opportunity_id].update({k: v for k, v in body.items() if k != "locationId"})
        return {"opportunity": self.opportunities[opportunity_id]}

    # -- the calendar -----------------------------------------------------------------------

    def _taken(self, agent: str, start: datetime, *, besides: str | None = None) -> bool:
        return agent_busy(agent, start) or any(
            e["assignedUserId"] == agent and iso_timestamp(e["startTime"]) == start and e["id"] != besides
            for e in self.appointments.values()
            if e["appointmentStatus"] != "cancelled"
        )

    @staticmethod
    def _open(start: datetime) -> bool:
        local = start.astimezone(AUSTIN)
        return local.weekday() < 6 and local.hour in OPEN_HOURS and local.minute == 0 and local.second == 0

    def _free_slots(self, calendar_id: str, params: Any) -> dict[str, Any]:
        if calendar_id != CALENDAR_ID:
            raise CrmError(404, "Calendar not found")
        try:
            start_ms, end_ms = int(params["startDate"]), int(params["endDate"])
            zone = ZoneInfo(params.get("timezone") or "UTC")
        except (KeyError, ValueError, ZoneInfoNotFoundError):
            raise CrmError(
                422, "startDate and endDate (epoch milliseconds) and a valid timezone are required"
            ) from None
        start, end = (datetime.fromtimestamp(ms / 1000, AUSTIN) for ms in (start_ms, end_ms))
        if end <= start or end - start > MAX_RANGE:
            raise CrmError(422, "endDate must follow startDate by at most 31 days")
        agents = [params["userId"]] if params.get("userId") else list(ghl_data.AGENTS)
        answer: dict[str, Any] = {}
        moment = start.replace(minute=0, second=0, microsecond=0)
        moment += SLOT if moment < start else timedelta(0)
        while moment + SLOT <= end:
            if self._open(moment) and any(not self._taken(agent, moment) for agent in agents):
                local = moment.astimezone(zone)
                answer.setdefault(local.date().isoformat(), {"slots": []})["slots"].append(local.isoformat())
            moment += SLOT
        return {**answer, "traceId": self._next("tr")}

    def _book(self, event_id: str | None, body: dict[str, Any]) -> dict[str, Any]:
        event = self.appointments.get(event_id) if event_id else None
        if event_id and event is None:
            raise CrmError(404, "Appointment not found")
        merged = {**(event or {}), **body}
        if event is None:
            missing = [k for k in ("calendarId", "locationId", "contactId", "startTime") if not body.get(k)]
            if missing:
                raise CrmError(422, f"{', '.join(missing)} required")
            if merged["calendarId"] != CALENDAR_ID:
                raise CrmError(404, "Calendar not found")
            if self.contact(merged["contactId"]) is None:
                raise CrmError(404, "Contact not found")
        if merged.get("appointmentStatus") == "cancelled" and event is not None:
            event["appointmentStatus"] = "cancelled"
            return event
        start = iso_timestamp(merged.get("startTime"))
        end = iso_timestamp(merged.get("endTime")) if merged.get("endTime") else None
        if start is None or "T" not in str(merged["startTime"]) or (merged.get("endTime") and end is None):
            raise CrmError(422, "startTime and endTime must be ISO-8601 dates with an offset")
        agent = merged.get("assignedUserId") or ghl_data.AGENTS[0]
        if not self._open(start) or self._taken(agent, start, besides=event_id):
            raise CrmError(400, "The slot you have selected is no longer available.")
        booked = {
            **merged,
            "id": event_id or self._next("ev"),
            "assignedUserId": agent,
            "endTime": merged.get("endTime") or (start + SLOT).isoformat(),
            "appointmentStatus": merged.get("appointmentStatus") or "confirmed",
        }
        self.appointments[booked["id"]] = booked
        return booked
