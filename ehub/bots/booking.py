"""Bookings by text: the Buyer and Seller bots offer a calendar's real free slots and book the one
the lead picks, with the lead's agent; the lead reschedules or cancels in their own words.

The engine asks a `Calendar` (GoHighLevel's free-slots, see `GhlCalendar`) for the next free
times in Austin and offers the first free slot of each of the next days (at most `OFFERED`). A reply
naming one ("2", "the second", "Tuesday", "10am", "la segunda") books it: an `appointment` action
the outbox sends (`POST /calendars/events/appointments`, exactly once), recorded in
`app.appointments`. A first booking hands the lead to its agent (tag, task, workflow), since the
agent now owns the meeting. "Can we reschedule?" offers new slots and the pick moves the same GHL
event; "cancel my appointment" cancels it (a bare CANCEL stays an opt-out: TCPA comes first).
Without a calendar (none configured, or GHL unreachable) the bots fall back to an agent task.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Protocol
from zoneinfo import ZoneInfo

from ehub.errors import EhubError
from ehub.patterns import compiled

if TYPE_CHECKING:
    from ehub.bots.exchange import Exchange
    from ehub.bots.turn import Turn
    from ehub.settings import Settings
    from ehub.sources.ghl.client import GhlClient

AUSTIN = ZoneInfo("America/Chicago")
OFFERED = 3
LOOK_AHEAD = timedelta(days=7)
LEAD_TIME = timedelta(hours=2)  # the earliest slot offered is this far from now
BOOKING_TASK_HOURS = 2
_ORDINALS = {
    "1": 0, "first": 0, "primera": 0, "primero": 0, "one": 0, "uno": 0,
    "2": 1, "second": 1, "segunda": 1, "segundo": 1, "two": 1, "dos": 1,
    "3": 2, "third": 2, "tercera": 2, "tercero": 2, "three": 2, "tres": 2,
}  # fmt: skip
_PICK = compiled(
    r"^(?:option |opcion |number |numero |the |la |el |#)?"
    r"(1|2|3|first|second|third|primer[oa]|segund[oa]|tercer[oa]|one|two|three|uno|dos|tres)\b"
)
_WEEKDAYS = (
    ("monday", "lunes"), ("tuesday", "martes"), ("wednesday", "miercoles"), ("thursday", "jueves"),
    ("friday", "viernes"), ("saturday", "sabado"), ("sunday", "domingo"),
)  # fmt: skip
_HOUR = compiled(r"\b(\d{1,2})(?::00)?\s*(am|pm|a\.m\.|p\.m\.)?")
_RESCHEDULE = compiled(
    r"\b(?:reschedule|re-schedule|another (?:time|day)|different (?:time|day)|move (?:my|the|our) "
    r"(?:appointment|showing|tour|walkthrough|meeting)|change (?:my|the|our) (?:time|appointment|showing|tour)|"
    r"reprogramar|cambiar (?:la|mi) (?:cita|hora)|otra hora|otro dia)\b"
)
_BOOK_AGAIN = compiled(r"\b(?:book|schedule|another time|new time|appointment|showing|walkthrough|cita|visita)\b")
_CANCEL_BOOKING = compiled(
    r"\b(?:cancel|cancelar|anular)\w*\b.*\b(?:appointment|showing|walkthrough|tour|meeting|visit|cita|visita)\b"
)
_CANCEL = compiled(r"\b(?:cancel|cancelar|anular|can'?t make it|cannot make it|no puedo ir)\b")


class Calendar(Protocol):
    """Free times of the lead's agent on the brokerage's bookings calendar."""

    calendar_id: str
    default_agent: str

    def free_slots(self, start: datetime, end: datetime, agent: str) -> list[datetime]: ...


class GhlCalendar:
    """A GoHighLevel calendar through the project's client (`GET /calendars/{id}/free-slots`)."""

    def __init__(
        self, client: GhlClient, calendar_id: str, default_agent: str, *, time_zone: str = "America/Chicago"
    ) -> None:
        self.client, self.calendar_id, self.default_agent, self.time_zone = (
            client,
            calendar_id,
            default_agent,
            time_zone,
        )

    def free_slots(self, start: datetime, end: datetime, agent: str) -> list[datetime]:
        found = self.client.free_slots(self.calendar_id, start, end, time_zone=self.time_zone, user_id=agent)
        return [datetime.fromisoformat(slot) for slot in found]


def calendar_from_settings(settings: Settings, client: GhlClient) -> GhlCalendar | None:
    """The calendar the bots book on (`EHUB_GHL_CALENDAR_ID`, with `EHUB_GHL_DEFAULT_AGENT_USER_ID`
    for contacts without an agent); None: agents schedule by task. The sandbox's is `calAustinShowings001`."""
    if not settings.ghl_calendar_id or not settings.ghl_default_agent_user_id:
        return None
    return GhlCalendar(client, settings.ghl_calendar_id, settings.ghl_default_agent_user_id)


def _agent(exchange: Exchange) -> str:
    assert exchange.calendar is not None  # noqa: S101  # nosec B101 - callers check
    return exchange.state.agent_user_id or exchange.calendar.default_agent


def cancels_appointment(exchange: Exchange) -> bool:
    """'Please cancel my appointment' from a lead who has one: about the booking, not an opt-out
    (a bare CANCEL, which the consent rules read, stays an opt-out)."""
    return bool(exchange.state.appointment) and bool(_CANCEL_BOOKING.search(exchange.reading.clean))


def ready_to_book(exchange: Exchange) -> bool:
    """A Buyer lead who asked to tour homes, or a Seller who asked for a walkthrough, not booked yet."""
    state = exchange.state
    return (
        exchange.calendar is not None
        and state.slots.wants_appointment
        and state.bot in ("buyer", "seller")
        and not state.appointment
    )


def offer(exchange: Exchange) -> Turn | None:
    """Offer the next free slots; None when the calendar has none or cannot be reached."""
    state, calendar, now = exchange.state, exchange.calendar, exchange.now
    if calendar is None:
        return None
    try:
        free = calendar.free_slots(now + LEAD_TIME, now + LEAD_TIME + LOOK_AHEAD, _agent(exchange))
    except EhubError as error:
        exchange.turn.reasons.append(f"calendar unavailable ({error.code}): an agent will call instead")
        return None
    chosen: list[datetime] = []
    current = datetime.fromisoformat(state.appointment["start"]) if state.appointment else None
    for slot in sorted(free):
        if (
            slot >= now + LEAD_TIME
            and slot != current
            and all(slot.astimezone(AUSTIN).date() != c.astimezone(AUSTIN).date() for c in chosen)
        ):
            chosen.append(slot)
        if len(chosen) == OFFERED:
            break
    if not chosen:
        return None
    state.offered_slots = [slot.isoformat() for slot in chosen]
    state.last_question = exchange.turn.asked = "slot"
    listed = "; ".join(f"{number}) {slot_text(exchange, slot)}" for number, slot in enumerate(chosen, 1))
    exchange.turn.facts["slots"] = state.offered_slots
    exchange.turn.reasons.append(f"offered {len(chosen)} free slots of calendar {calendar.calendar_id}")
    what = exchange.words("booking.showing" if state.bot == "buyer" else "booking.walkthrough")
    return exchange.say(exchange.words("booking.offer", what=what, slots=listed))


def slot_text(exchange: Exchange, slot: datetime) -> str:
    """'Tue Jun 4, 10:00 AM' in the lead's language, Austin time."""
    local = slot.astimezone(AUSTIN)
    return exchange.words(
        "booking.slot",
        day=exchange.words(f"weekday.{local.weekday()}"),
        month=local.month,
        date=local.day,
        hour=local.hour,
        hour12=local.hour % 12 or 12,
        minute=f"{local.minute:02d}",
        ampm="AM" if local.hour < 12 else "PM",
    )


def _picked(clean: str, offered: list[datetime]) -> datetime | None:
    """The offered slot the lead named: a number or ordinal, a weekday, or an hour."""
    match = _PICK.match(clean.strip())
    if match:
        word = match.group(1)
        index = _ORDINALS[word]
        return offered[index] if index < len(offered) else None
    days = [i for i, names in enumerate(_WEEKDAYS) if any(re.search(rf"\b{name}\b", clean) for name in names)]
    hours = []
    for number, half in _HOUR.findall(clean):
        hour = int(number) % 12 + (12 if half.startswith("p") else 0) if half else int(number)
        hours.append(hour if half or hour >= 8 else hour + 12)  # "at 2" means 2 PM for a showing
    found = [
        slot
        for slot in offered
        if (not days or slot.astimezone(AUSTIN).weekday() in days)
        and (not hours or slot.astimezone(AUSTIN).hour in hours)
    ]
    return found[0] if (days or hours) and len(found) == 1 else None


def respond(exchange: Exchange) -> Turn | None:
    """A pick among offered slots, a reschedule or a cancellation; None when the message is none."""
    state, clean = exchange.state, exchange.reading.clean
    if exchange.calendar is None or state.crm_pauses:
        return None
    if state.booking_refused:  # GHL refused the slot picked (taken meanwhile): new ones, at once
        state.booking_refused, state.rescheduling = False, bool(state.appointment)
        exchange.answer_then_continue(exchange.words("booking.refused"))
        return offer(exchange) or exchange.say(exchange.words("booking.none"))
    if state.appointment and _CANCEL.search(clean):
        return _cancel(exchange, state.appointment)
    if state.appointment and _RESCHEDULE.search(clean):
        state.rescheduling = True
        return offer(exchange) or exchange.say(exchange.words("booking.none"))
    if not state.appointment and state.handoff_reason == "appointment_booked" and _BOOK_AGAIN.search(clean):
        return offer(exchange) or exchange.say(exchange.words("booking.none"))  # after a cancellation
    if state.offered_slots and state.last_question == "slot":
        slot = _picked(clean, [datetime.fromisoformat(s) for s in state.offered_slots])
        if slot is not None:
            return _book(exchange, slot)
    return None


def _book(exchange: Exchange, slot: datetime) -> Turn:
    state, turn, calendar = exchange.state, exchange.turn, exchange.calendar
    assert calendar is not None  # noqa: S101  # nosec B101 - respond checks
    change = "reschedule" if state.rescheduling and state.appointment else "book"
    agent = _agent(exchange)
    end = slot + timedelta(hours=1)
    turn.actions.append(
        {
            "type": "appointment",
            "change": change,
            "calendar_id": calendar.calendar_id,
            "assigned_user_id": agent,
            "start": slot.isoformat(),
            "end": end.isoformat(),
            "title": "Showing" if state.bot == "buyer" else "Listing walkthrough",
        }
    )
    state.appointment = {"start": slot.isoformat(), "agent": agent}
    state.offered_slots, state.rescheduling, state.last_question = [], False, None
    turn.reasons.append(f"{change} {slot.isoformat()} with agent {agent}")
    when = slot_text(exchange, slot)
    if change == "reschedule":
        return exchange.say(exchange.words("booking.moved", slot=when), count_turn=False)
    turn.offer_consultation = True  # the confirmation carries the consultation-fee link (never a condition of it)
    if not state.handed_off:  # the agent owns the meeting now: the handoff's tag, task and workflow
        state.handed_off, state.handoff_reason = True, "appointment_booked"
        turn.handoff, turn.handoff_reason = True, "appointment_booked"
        turn.actions += [
            {"type": "tag", "tag": "human_handover"},
            {"type": "task", "title": f"Jorge booked: {when}", "due_in_hours": BOOKING_TASK_HOURS, "for": agent},
            {"type": "pause_automation"},
        ]
    return exchange.say(exchange.words("booking.booked", slot=when), count_turn=False)


def _cancel(exchange: Exchange, appointment: dict[str, str]) -> Turn:
    state, turn = exchange.state, exchange.turn
    turn.actions.append({"type": "appointment", "change": "cancel", "start": appointment["start"]})
    turn.reasons.append(f"cancelled the appointment of {appointment['start']} at the lead's request")
    state.appointment, state.offered_slots, state.rescheduling = None, [], False
    return exchange.say(exchange.words("booking.cancelled"), count_turn=False)
