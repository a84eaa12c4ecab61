"""Two-way GoHighLevel at the wire: web leads upserted as contacts, the agent's fields, notes and
opportunity written once per change through the outbox, and showings booked, moved and cancelled
by text on the agent's real free slots.

GoHighLevel is the sandbox API behind a real local socket (`tests.ghl_standin`), faults included;
what the bots wrote is read back from the sandbox's CRM, and the database is real PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from ehub.bots.booking import GhlCalendar
from ehub.bots.contacts import Contact
from ehub.bots.crm_writeback import FIELD_PREFIX, CrmConfig
from ehub.bots.engine import Engine
from ehub.bots.outbox import drain_outbox, drain_until_idle
from ehub.bots.pacing import Backoff
from ehub.bots.service import BotService
from ehub.privacy.notices import DEVELOPMENT_NOTICES as NOTICES
from ehub.sources.http import RetryPolicy
from sandbox.ghl_crm import CALENDAR_ID, agent_busy
from sandbox.ghl_data import AGENTS, PIPELINE_ID, STAGES, object_id
from tests.ghl_standin import GhlStandIn

DAY = datetime(2030, 6, 4, 15, 0, tzinfo=UTC)  # Tuesday 10:00 in Austin
AUSTIN = ZoneInfo("America/Chicago")
CONTACT = object_id("c", 3)
STAGE = dict((name, stage_id) for stage_id, name in STAGES)
CRM = CrmConfig(PIPELINE_ID, {"qualified": STAGE["Qualified"], "appointment": STAGE["Appointment Set"]})
SELLER = ["Hi, I want to sell my house in Hyde Park, 78751", "3 bedrooms, about 1800 sq ft", "in 3 months", "no"]


@pytest.fixture
def standin() -> Iterator[GhlStandIn]:
    server = GhlStandIn()
    yield server
    server.close()


def _service(migrated, cipher, standin: GhlStandIn, *, agent: str = AGENTS[2]) -> BotService:
    calendar = GhlCalendar(standin.client(), CALENDAR_ID, agent)
    return BotService(migrated, cipher, Engine(calendar=calendar), crm=CRM)


def _drain(migrated, cipher, standin: GhlStandIn, now: datetime = DAY, **options) -> dict[str, int]:
    with standin.client(**options) as client:
        return drain_until_idle(migrated, cipher, client, NOTICES, clock=lambda: now, backoff=Backoff(timedelta(0)))


def _entries(migrated, kind: str) -> list:
    with migrated.engine.connect() as connection:
        return connection.execute(
            text("select * from app.outbox where kind = :kind order by outbox_id"), {"kind": kind}
        ).all()


def _puts(standin: GhlStandIn, path: str) -> list[dict]:
    return [body for method, where, body in standin.sandbox.writes if method == "PUT" and where == path]


def test_a_web_lead_is_one_contact_when_it_chats_twice_giving_email_then_phone(migrated, cipher, standin) -> None:
    service = _service(migrated, cipher, standin)
    first = service.handle(
        "hi, we want to buy in Round Rock",
        channel="web",
        now=DAY,
        contact=Contact(email="Ana.Web@visitor.test"),
        match_contact=False,  # a public widget key
    )
    lead = first.lead_id
    _drain(migrated, cipher, standin)
    phone = Contact(phone="+15125550143")
    service.handle("budget about 450k", channel="web", now=DAY, lead_id=lead, contact=phone, match_contact=False)
    service.handle("3 bedrooms", channel="web", now=DAY, lead_id=lead, contact=phone, match_contact=False)
    _drain(migrated, cipher, standin)

    created = list(standin.sandbox.crm.contacts.values())
    assert len(created) == 1, "one contact in GoHighLevel for the web lead"
    assert created[0]["email"] == "Ana.Web@visitor.test" and created[0]["phone"] == "+15125550143"
    upserts = _entries(migrated, "contact")
    assert [entry.status for entry in upserts] == ["sent", "sent"], "once for the email, once for the phone"
    with migrated.engine.connect() as connection:
        row = connection.execute(
            text("select ghl_contact_id, state ->> 'agent_user_id' as agent, pii_sealed from app.leads")
        ).one()
        raw = connection.execute(text("select detail::text from app.outbox")).scalars().all()
    assert row.ghl_contact_id == created[0]["id"] and row.agent == created[0]["assignedTo"]
    assert "visitor.test" not in row.pii_sealed and not any("visitor.test" in detail for detail in raw)
    notes = [note["body"] for note in standin.sandbox.crm.notes[created[0]["id"]]]
    assert "Lead: hi, we want to buy in Round Rock" in notes[0] and "Lead: budget about 450k" in notes[1]
    assert "Jorge: " in notes[0], "the web chat reaches GoHighLevel, both sides"
    fields = standin.sandbox.crm.custom_fields[created[0]["id"]]
    assert fields[f"{FIELD_PREFIX}location"] == "Round Rock" and fields[f"{FIELD_PREFIX}price"] == 450000


def test_an_anonymous_web_visitor_queues_nothing_for_the_crm(migrated, cipher, standin) -> None:
    _service(migrated, cipher, standin).handle("hi, buying in Kyle", channel="web", now=DAY)
    with migrated.engine.connect() as connection:
        assert connection.execute(text("select count(*) from app.outbox")).scalar() == 0


def test_fields_note_and_opportunity_are_written_once_per_change_and_retried(migrated, cipher, standin) -> None:
    service = _service(migrated, cipher, standin)
    for message in SELLER:
        service.handle(message, channel="sms", now=DAY, ghl_contact_id=CONTACT)
    standin.sandbox.inject_failures(429, 500)  # GHL refuses the first two requests of the drain
    once = RetryPolicy(max_attempts=1, base_delay=0.0, max_delay=0.0)
    first = _drain(migrated, cipher, standin, write_retry=once)
    assert first.get("retry", 0) >= 1, first
    _drain(migrated, cipher, standin, write_retry=once)
    service.handle("yes", channel="sms", now=DAY, ghl_contact_id=CONTACT)  # hot: qualifies, slots offered
    _drain(migrated, cipher, standin)
    _drain(migrated, cipher, standin)  # nothing left: nothing sent again

    fields = _entries(migrated, "fields")
    assert all(entry.status == "sent" for entry in fields)
    assert len({entry.detail["fingerprint"] for entry in fields}) == len(fields), "one entry per change"
    assert len(_puts(standin, f"/contacts/{CONTACT}")) == len(fields), "each change written once"
    written = standin.sandbox.crm.custom_fields[CONTACT]
    assert written[f"{FIELD_PREFIX}temperature"] == "hot" and written[f"{FIELD_PREFIX}intent"] == "sell"
    assert written[f"{FIELD_PREFIX}location"] == "Hyde Park" and written[f"{FIELD_PREFIX}appointment"] == "wanted"
    assert fields[0].attempts == 3 and fields[0].status == "sent", "after a 429 and a 500, sent once"
    notes = standin.sandbox.crm.notes[CONTACT]
    assert len(notes) == len(_entries(migrated, "note")) == 2, "warm, then hot"
    assert "Hyde Park" in notes[-1]["body"] and "hot" in notes[-1]["body"]
    (opportunity,) = standin.sandbox.crm.opportunities.values()
    assert opportunity["contactId"] == CONTACT and opportunity["pipelineStageId"] == STAGE["Qualified"]


def test_a_note_whose_answer_was_lost_is_found_not_written_twice(migrated, cipher, standin) -> None:
    service = _service(migrated, cipher, standin)
    for message in SELLER:
        service.handle(message, channel="sms", now=DAY, ghl_contact_id=CONTACT)
    standin.fault("drop_after_accept", path=f"/contacts/{CONTACT}/notes")
    _drain(migrated, cipher, standin)
    (note,) = _entries(migrated, "note")
    assert note.status == "sent" and note.attempts == 2
    assert len(standin.sandbox.crm.notes[CONTACT]) == 1


def _offered(reply: str) -> list[str]:
    return [part.split(") ", 1)[1].strip().rstrip(";") for part in reply.split(": ", 1)[1].split("; ")]


def test_the_seller_is_offered_the_agents_free_slots_and_books_one(migrated, cipher, standin) -> None:
    agent = AGENTS[2]
    service = _service(migrated, cipher, standin, agent=agent)
    for message in SELLER:
        service.handle(message, channel="sms", now=DAY, ghl_contact_id=CONTACT)
    offer = service.handle("yes", channel="sms", now=DAY, ghl_contact_id=CONTACT).turn
    free = standin.client().free_slots(
        CALENDAR_ID, DAY + timedelta(hours=2), DAY + timedelta(days=7, hours=2), time_zone="America/Chicago",
        user_id=agent,
    )  # fmt: skip
    assert free and all(not agent_busy(agent, datetime.fromisoformat(slot)) for slot in free)
    expected = []
    for slot in map(datetime.fromisoformat, free):
        if all(slot.date() != other.date() for other in expected):
            expected.append(slot)
    labels = [f"{s:%a} {s.month}/{s.day} {s.hour % 12 or 12}:00 {'AM' if s.hour < 12 else 'PM'}" for s in expected[:3]]
    assert _offered(offer.reply) == labels, "the first free slot of each of the next days, Austin time"

    booked = service.handle("2", channel="sms", now=DAY, ghl_contact_id=CONTACT).turn
    assert booked.handoff and labels[1] in booked.reply
    _drain(migrated, cipher, standin)
    (event,) = standin.sandbox.crm.appointments.values()
    assert event["contactId"] == CONTACT and event["assignedUserId"] == agent and event["calendarId"] == CALENDAR_ID
    assert datetime.fromisoformat(event["startTime"]) == expected[1] and event["startTime"].endswith("-05:00")
    assert datetime.fromisoformat(event["endTime"]) - expected[1] == timedelta(hours=1)
    with migrated.engine.connect() as connection:
        row = connection.execute(text("select * from app.appointments")).one()
    assert row.status == "booked" and row.ghl_event_id == event["id"] and row.booked_at == DAY
    assert standin.sandbox.tags[CONTACT] == {"human_handover"}
    (opportunity,) = standin.sandbox.crm.opportunities.values()
    assert opportunity["pipelineStageId"] == STAGE["Appointment Set"], "moved, not a second opportunity"


def test_reschedule_and_cancel_by_text_move_and_cancel_the_same_event(migrated, cipher, standin) -> None:
    service = _service(migrated, cipher, standin)
    for message in [*SELLER, "yes", "1"]:
        service.handle(message, channel="sms", now=DAY, ghl_contact_id=CONTACT)
    _drain(migrated, cipher, standin)
    (event,) = standin.sandbox.crm.appointments.values()
    first = event["startTime"]
    offer = service.handle("can we reschedule?", channel="sms", now=DAY, ghl_contact_id=CONTACT).turn
    assert offer.reply.startswith("I can book") and len(_offered(offer.reply)) == 3
    moved = service.handle("the third one", channel="sms", now=DAY, ghl_contact_id=CONTACT).turn
    assert "now" in moved.reply
    _drain(migrated, cipher, standin)
    assert list(standin.sandbox.crm.appointments) == [event["id"]], "the same event, moved"
    event = standin.sandbox.crm.appointments[event["id"]]
    assert event["startTime"] != first and event["appointmentStatus"] == "confirmed"
    service.handle("please cancel my appointment", channel="sms", now=DAY, ghl_contact_id=CONTACT)
    _drain(migrated, cipher, standin)
    event = standin.sandbox.crm.appointments[event["id"]]
    assert event["appointmentStatus"] == "cancelled"
    with migrated.engine.connect() as connection:
        row = connection.execute(text("select * from app.appointments")).one()
        opted_out = connection.execute(text("select opted_out_at from app.leads")).scalar()
    assert row.status == "cancelled" and row.starts_at == datetime.fromisoformat(event["startTime"])
    assert opted_out is None, "cancelling an appointment is not a STOP"


def test_a_slot_taken_meanwhile_is_refused_and_the_lead_is_offered_new_ones(migrated, cipher, standin) -> None:
    service = _service(migrated, cipher, standin)
    for message in [*SELLER, "yes", "1"]:
        service.handle(message, channel="sms", now=DAY, ghl_contact_id=CONTACT)
    (action,) = [a for a in _entries(migrated, "appointment")]
    with standin.client() as client:  # someone else takes the agent's slot first
        client.book_appointment(
            {"calendarId": CALENDAR_ID, "contactId": object_id("c", 4), "assignedUserId": AGENTS[2],
             "startTime": action.detail["start"], "endTime": action.detail["end"]}
        )  # fmt: skip
        outcomes = drain_outbox(migrated, cipher, client, NOTICES, now=DAY)
    assert outcomes.get("cancelled") == 1
    with migrated.engine.connect() as connection:
        assert connection.execute(text("select status from app.appointments")).scalar() == "refused"
        assert connection.execute(text("select state -> 'appointment' from app.leads")).scalar() is None
    again = service.handle("ok", channel="sms", now=DAY, ghl_contact_id=CONTACT).turn
    assert again.reply.startswith("Sorry, that time was just taken. I can book")
    taken = datetime.fromisoformat(action.detail["start"])
    assert taken not in [datetime.fromisoformat(slot) for slot in again.facts["slots"]]
