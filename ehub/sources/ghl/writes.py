"""GoHighLevel API v2 writes that keep a lead's CRM record current, and the calendar the bots book on.

Mixed into `GhlClient` (which supplies `_call` and `location_id`). Which calls may be repeated:
`POST /contacts/upsert` (deduplicated by email and phone within the location), `PUT /contacts/{id}`,
`PUT /opportunities/{id}` and `PUT /calendars/events/appointments/{id}` leave the same record when
repeated, so they are retried like reads; creating a note, an opportunity or an appointment is never
repeated once it may have landed (`UncertainOutcomeError`): the outbox looks for it first.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Protocol, cast
from urllib.parse import quote

Record = dict[str, Any]


class _Caller(Protocol):
    location_id: str

    def _call(
        self,
        method: str,
        path: str,
        *,
        params: dict[str, Any] | None = None,
        body: dict[str, Any] | None = None,
        brief: bool = False,
        idempotent: bool | None = None,
    ) -> Record: ...


def _id(value: str) -> str:
    return quote(value, safe="")


class CrmWrites:
    """Contacts, notes, opportunities and calendar appointments, on GHL's own wire shapes."""

    def upsert_contact(self: _Caller, fields: Record) -> Record:
        """`POST /contacts/upsert`: the contact with this email or phone, created when there is none;
        GHL answers `{new, contact: {id, ...}}`."""
        return self._call(
            "POST", "/contacts/upsert", body={**fields, "locationId": self.location_id}, brief=True, idempotent=True
        )

    def get_contact(self: _Caller, contact_id: str) -> Record:
        return cast(Record, self._call("GET", f"/contacts/{_id(contact_id)}", brief=True)["contact"])

    def update_custom_fields(self: _Caller, contact_id: str, values: dict[str, Any]) -> Record:
        """`PUT /contacts/{id}` with `customFields: [{key, field_value}]`."""
        fields = [{"key": key, "field_value": value} for key, value in sorted(values.items())]
        return self._call("PUT", f"/contacts/{_id(contact_id)}", body={"customFields": fields}, brief=True)

    def add_note(self: _Caller, contact_id: str, body: str) -> Record:
        """`POST /contacts/{id}/notes`, answered `{note: {id, body, ...}}`."""
        path = f"/contacts/{_id(contact_id)}/notes"
        return self._call("POST", path, body={"body": body}, brief=True, idempotent=False)

    def contact_notes(self: _Caller, contact_id: str) -> list[Record]:
        return cast(list[Record], self._call("GET", f"/contacts/{_id(contact_id)}/notes", brief=True)["notes"])

    def create_opportunity(self: _Caller, fields: Record) -> Record:
        """`POST /opportunities/`, answered `{opportunity: {id, ...}}`."""
        body = {**fields, "locationId": self.location_id}
        return self._call("POST", "/opportunities/", body=body, brief=True, idempotent=False)

    def update_opportunity(self: _Caller, opportunity_id: str, fields: Record) -> Record:
        """`PUT /opportunities/{id}`: a new stage or status."""
        return self._call("PUT", f"/opportunities/{_id(opportunity_id)}", body=fields, brief=True)

    def contact_opportunities(self: _Caller, contact_id: str, pipeline_id: str) -> list[Record]:
        params = {"location_id": self.location_id, "contact_id": contact_id, "pipeline_id": pipeline_id, "limit": 20}
        answer = self._call("GET", "/opportunities/search", params=params, brief=True)
        return cast(list[Record], answer["opportunities"])

    def free_slots(
        self: _Caller, calendar_id: str, start: datetime, end: datetime, *, time_zone: str, user_id: str | None = None
    ) -> list[str]:
        """`GET /calendars/{id}/free-slots` (epoch milliseconds): the ISO-8601 starts GHL offers,
        in order; its answer groups them by date (`{"2026-06-04": {"slots": [...]}, "traceId": ...}`)."""
        params: dict[str, Any] = {
            "startDate": int(start.timestamp() * 1000),
            "endDate": int(end.timestamp() * 1000),
            "timezone": time_zone,
        }
        if user_id:
            params["userId"] = user_id
        answer = self._call("GET", f"/calendars/{_id(calendar_id)}/free-slots", params=params, brief=True)
        days = sorted(key for key, value in answer.items() if isinstance(value, dict) and "slots" in value)
        return [slot for day in days for slot in answer[day]["slots"]]

    def book_appointment(self: _Caller, fields: Record) -> Record:
        """`POST /calendars/events/appointments` (ISO-8601 times with their offset); GHL answers the
        event with its `id`. Never repeated once it may have been booked."""
        body = {**fields, "locationId": self.location_id}
        return self._call("POST", "/calendars/events/appointments", body=body, brief=True, idempotent=False)

    def update_appointment(self: _Caller, event_id: str, fields: Record) -> Record:
        """`PUT /calendars/events/appointments/{eventId}`: a new time, or `appointmentStatus: cancelled`."""
        return self._call("PUT", f"/calendars/events/appointments/{_id(event_id)}", body=fields, brief=True)

    def contact_appointments(self: _Caller, contact_id: str) -> list[Record]:
        """`GET /contacts/{contactId}/appointments`: the contact's events."""
        return cast(list[Record], self._call("GET", f"/contacts/{_id(contact_id)}/appointments", brief=True)["events"])
