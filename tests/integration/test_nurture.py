"""Nurture: quiet warm and cold leads get follow-ups at the cadence, only in their own calling hours,
stopped by a reply, STOP, a handoff or an appointment, each step queued once; the monthly update
carries the marts' figures for the lead's area and band.

Time is passed explicitly: a scheduler is simulated by running the nurture pass and the outbox drain
every hour of the simulated weeks. GoHighLevel is the sandbox API behind a real local socket.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import text

from ehub.bots.contacts import Contact
from ehub.bots.engine import Engine
from ehub.bots.nurture import Cadence, queue_due_follow_ups
from ehub.bots.outbox import drain_outbox
from ehub.bots.service import BotService
from ehub.bots.wording import money
from ehub.compliance.quiet_hours import lead_locale, next_send_time
from ehub.db import Database
from ehub.errors import ConfigError, ValidationError
from ehub.market.search import MartsMarket, feed_as_of
from ehub.privacy.notices import Notices
from ehub.settings import load_settings
from tests.ghl_standin import GhlStandIn

NEW_YORK, AUSTIN, DENVER = ZoneInfo("America/New_York"), ZoneInfo("America/Chicago"), ZoneInfo("America/Denver")
NOTICES = Notices(
    brokerage_name="Hill Country Homes",
    license_number="9001234",
    postal_address="100 Congress Ave, Austin, TX 78701",
    iabs_url="https://example.test/iabs",
    consumer_protection_url="https://example.test/cpn",
    public_url="https://example.test",
)
SIGNATURE = "Hill Country Homes, TREC lic. #9001234:"
WARM = "Buying in Kyle, budget 450k, moving in 3 months"


@pytest.fixture
def standin() -> Iterator[GhlStandIn]:
    server = GhlStandIn()
    yield server
    server.close()


# -- calling hours: the stricter of the federal and the state rule, in the lead's time zone ---------


def test_calling_hours_follow_the_leads_own_place_and_the_stricter_rule() -> None:
    new_york = lead_locale(phone="+1 212 555 0199")
    assert (new_york.state, new_york.zones) == ("NY", ("America/New_York",))
    early_ny = datetime(2030, 6, 4, 7, 30, tzinfo=NEW_YORK)  # a Tuesday: federal 8 am, New York has no stricter rule
    assert next_send_time(early_ny, new_york) == datetime(2030, 6, 4, 8, 0, tzinfo=NEW_YORK)
    texas = lead_locale(phone="+1 512 555 0142")
    assert texas.state == "TX" and "§301.051" in texas.hours.citation
    saturday = datetime(2030, 6, 8, 8, 30, tzinfo=AUSTIN)
    assert next_send_time(saturday, texas) == datetime(2030, 6, 8, 9, 0, tzinfo=AUSTIN), "Texas: 9 am"
    sunday = datetime(2030, 6, 9, 10, 0, tzinfo=AUSTIN)
    assert next_send_time(sunday, texas) == datetime(2030, 6, 9, 12, 0, tzinfo=AUSTIN), "Texas: noon on Sunday"
    late = datetime(2030, 6, 9, 21, 0, tzinfo=AUSTIN)
    assert next_send_time(late, texas) == datetime(2030, 6, 10, 9, 0, tzinfo=AUSTIN), "9 pm closes every day"
    inside = datetime(2030, 6, 10, 20, 59, tzinfo=AUSTIN)
    assert next_send_time(inside, texas) == inside
    # Where the lead lives (ZIP) wins over where the number came from; El Paso keeps Mountain time.
    moved = lead_locale(phone="+1 212 555 0199", postal_code="78701")
    assert (moved.state, moved.zones, moved.source) == ("TX", ("America/Chicago",), "zip")
    el_paso = lead_locale(postal_code="79901-1234")
    assert next_send_time(datetime(2030, 6, 4, 9, 30, tzinfo=AUSTIN), el_paso) == datetime(
        2030, 6, 4, 9, 0, tzinfo=DENVER
    )
    florida = lead_locale(phone="+1 305 555 0100")
    assert next_send_time(datetime(2030, 6, 4, 20, 30, tzinfo=NEW_YORK), florida) == datetime(
        2030, 6, 5, 8, 0, tzinfo=NEW_YORK
    ), "Florida: 8 am to 8 pm"
    nowhere = lead_locale(phone="not a phone", postal_code="ABCDE")
    assert (nowhere.state, nowhere.zones, nowhere.source) == ("TX", ("America/Chicago",), "default")
    # A ZIP in a state of two time zones: allowed only when allowed in both (in doubt, later).
    panhandle = lead_locale(postal_code="32501")
    assert set(panhandle.zones) == {"America/New_York", "America/Chicago"}
    assert next_send_time(datetime(2030, 6, 4, 8, 0, tzinfo=NEW_YORK), panhandle) == datetime(
        2030, 6, 4, 8, 0, tzinfo=AUSTIN
    )


def test_the_cadence_counts_days_from_the_last_message_then_monthly() -> None:
    cadence = Cadence.parse("1,3,7,14,30", monthly_days=30)
    anchor = datetime(2030, 6, 4, 12, tzinfo=UTC)
    assert cadence.latest_due(anchor, anchor + timedelta(hours=23)) == 0
    assert [cadence.latest_due(anchor, anchor + timedelta(days=day)) for day in (1, 2, 3, 29, 30, 59, 60, 90)] == [
        1,
        1,
        2,
        4,
        5,
        5,
        6,
        7,
    ]
    assert cadence.kind(5) == "follow_up" and cadence.kind(6) == "market_update"
    assert cadence.due_at(anchor, 7) == anchor + timedelta(days=90)
    for bad in ("", "3,1", "0,2", "1,1", "a,b"):
        with pytest.raises(ValidationError):
            Cadence.parse(bad)
    assert load_settings(nurture_cadence_days="2, 5,9").nurture_cadence_days == "2,5,9"
    with pytest.raises(ConfigError, match="increasing whole days"):
        load_settings(nurture_cadence_days="5,2")


# -- the cadence, in the lead's own calling hours ----------------------------------------------------


def _simulate(migrated, cipher, standin, start: datetime, end: datetime, market=None, events=()) -> None:
    """Every hour from `start` to `end`: the events due by then, a nurture pass, an outbox drain."""
    service = BotService(migrated, cipher, Engine())
    pending = sorted(events, key=lambda event: event[0])
    moment = start
    with standin.client() as client:
        while moment <= end:
            while pending and pending[0][0] <= moment:
                at, contact, message = pending.pop(0)
                service.handle(message, channel="sms", now=at, ghl_contact_id=contact)
            queue_due_follow_ups(migrated, cipher, market, now=moment, notices=NOTICES)
            drain_outbox(migrated, cipher, client, NOTICES, now=moment)
            moment += timedelta(hours=1)


def _follow_ups(migrated, contact: str) -> list:
    with migrated.engine.connect() as connection:
        return connection.execute(
            text("""
                select steps.step, steps.kind, steps.outcome, outbox.status, outbox.sent_at, outbox.last_error
                from app.nurture_steps steps join app.leads using (lead_id)
                left join app.outbox using (outbox_id)
                where leads.ghl_contact_id = :contact order by steps.created_at, steps.step
            """),
            {"contact": contact},
        ).all()


def test_a_warm_lead_gets_its_follow_ups_at_the_cadence_and_only_in_its_own_calling_hours(
    migrated, cipher, standin
) -> None:
    service = BotService(migrated, cipher, Engine())
    # New York: wrote at 22:30 on Tuesday 4 June, so every follow-up comes due at night there.
    ny_wrote = datetime(2030, 6, 4, 22, 30, tzinfo=NEW_YORK)
    service.handle(WARM, channel="sms", now=ny_wrote, ghl_contact_id="ghlNY", contact=Contact(phone="+12125550199"))
    # Texas, in Spanish: wrote at 10:00 on Thursday 6 June, so day 3 is a Sunday morning.
    tx_wrote = datetime(2030, 6, 6, 10, 0, tzinfo=AUSTIN)
    service.handle(
        "hola, quiero comprar una casa en Kyle, presupuesto 400 mil, en 3 meses",
        channel="sms",
        now=tx_wrote,
        ghl_contact_id="ghlTX",
        contact=Contact(phone="+15125550142"),
    )
    with migrated.engine.connect() as connection:
        temperatures = connection.execute(text("select distinct temperature from app.leads")).scalars().all()
    assert temperatures == ["warm"]
    start = datetime(2030, 6, 5, 3, 0, tzinfo=UTC)
    _simulate(migrated, cipher, standin, start, start + timedelta(days=40))

    ny = _follow_ups(migrated, "ghlNY")
    assert [(row.step, row.kind, row.status) for row in ny] == [(s, "follow_up", "sent") for s in range(1, 6)]
    for row, day in zip(ny, (1, 3, 7, 14, 30), strict=True):
        due = ny_wrote + timedelta(days=day)  # 22:30 in New York: sent at 8:00 New York time the next morning
        assert row.sent_at.astimezone(NEW_YORK) == datetime.combine(due.date() + timedelta(days=1), time(8), NEW_YORK)

    tx = _follow_ups(migrated, "ghlTX")
    sent_tx = [row.sent_at.astimezone(AUSTIN) for row in tx]
    assert [row.status for row in tx] == ["sent"] * 5
    assert sent_tx[0] == datetime(2030, 6, 7, 10, 0, tzinfo=AUSTIN), "day 1: a Friday, 10:00 is allowed"
    assert sent_tx[1] == datetime(2030, 6, 9, 12, 0, tzinfo=AUSTIN), "day 3: Sunday, held until noon in Texas"
    assert sent_tx[2:] == [tx_wrote + timedelta(days=day) for day in (7, 14, 30)]
    assert all(9 <= moment.hour < 21 for moment in sent_tx)

    texts = standin.messages_to("ghlNY")[1:]  # after the bot's own reply
    assert len(texts) == 5 and len(set(texts)) == 5
    assert all(body.startswith(SIGNATURE) and body.endswith("Reply STOP to opt out.") for body in texts)
    assert "Kyle" in texts[0] and all(len(body) <= 320 for body in texts)
    spanish = standin.messages_to("ghlTX")[1:]
    assert len(spanish) == 5 and all("lic. TREC #9001234" in body for body in spanish)
    assert all(body.endswith("Responda STOP para no recibir más mensajes.") for body in spanish)


def test_a_reply_stop_handoff_or_appointment_stops_the_cadence(migrated, cipher, standin) -> None:
    wrote = datetime(2030, 6, 4, 22, 30, tzinfo=AUSTIN)  # follow-ups come due at night, sent at 9:00
    contacts = ("ghlReplies", "ghlStops", "ghlHuman", "ghlTour")
    first_sent = datetime.combine(date(2030, 6, 6), time(9), AUSTIN)
    reply_at = wrote + timedelta(days=1, hours=1, minutes=15)  # day 1's follow-up is queued, waiting for 9:00
    events = [(wrote, contact, WARM) for contact in contacts] + [
        (reply_at, "ghlReplies", "still looking, any new ones?"),
        (first_sent + timedelta(hours=2), "ghlStops", "STOP"),
        (first_sent + timedelta(hours=2), "ghlHuman", "I want to talk to a human"),
        (first_sent + timedelta(hours=2), "ghlTour", "Can I see a house this weekend?"),
    ]
    start = wrote.astimezone(UTC) + timedelta(minutes=30)
    _simulate(migrated, cipher, standin, start, start + timedelta(days=35), events=events)

    replied = _follow_ups(migrated, "ghlReplies")
    assert replied[0].status == "cancelled" and "wrote after" in replied[0].last_error
    restarted = replied[1:]
    assert [row.step for row in restarted] == [1, 2, 3, 4, 5], "a reply starts a new cadence from day 1"
    assert restarted[0].sent_at.astimezone(AUSTIN) == datetime.combine(date(2030, 6, 7), time(9), AUSTIN)
    for contact in ("ghlStops", "ghlHuman", "ghlTour"):
        rows = _follow_ups(migrated, contact)
        assert [(row.step, row.status) for row in rows] == [(1, "sent")], contact
        assert rows[0].sent_at.astimezone(AUSTIN) == first_sent
    with migrated.engine.connect() as connection:
        states = dict(
            connection.execute(
                text("""
                    select ghl_contact_id, (opted_out_at is not null)::text || '/' || (handed_off_at is not null)::text
                        || '/' || coalesce(state -> 'slots' ->> 'wants_appointment', 'false')
                    from app.leads
                """)
            ).all()
        )
    assert states["ghlStops"].startswith("true/") and states["ghlHuman"].split("/")[1] == "true"
    assert states["ghlTour"].endswith("/true")


def test_an_appointment_booked_in_gohighlevel_stops_the_cadence(migrated, cipher) -> None:
    """An agent books a showing in GoHighLevel (synced into app.appointments) for a lead the bot
    never heard ask for one: the lead is the agent's now, and Jorge sends no more follow-ups."""
    service = BotService(migrated, cipher, Engine())
    wrote = datetime(2030, 6, 4, 15, 0, tzinfo=UTC)
    for contact in ("ghlBooked", "ghlQuiet", "ghlCancelled"):
        service.handle(WARM, channel="sms", now=wrote, ghl_contact_id=contact)
    with migrated.engine.begin() as connection:
        for contact, status in (("ghlBooked", "booked"), ("ghlCancelled", "cancelled")):
            connection.execute(
                text("""
                    insert into app.appointments (lead_id, calendar_id, assigned_user_id, starts_at, ends_at,
                                                  status, requested_at, updated_at)
                    select lead_id, 'cal1', 'agentUser1', :starts, :starts + interval '30 minutes', :status, :now, :now
                    from app.leads where ghl_contact_id = :contact
                """),
                {"contact": contact, "status": status, "starts": wrote + timedelta(days=5), "now": wrote},
            )
    assert queue_due_follow_ups(migrated, cipher, None, now=wrote + timedelta(days=1, minutes=5), notices=NOTICES) == {
        "queued": 2
    }
    with migrated.engine.connect() as connection:
        nurtured = set(
            connection.execute(
                text("select ghl_contact_id from app.nurture_steps join app.leads using (lead_id)")
            ).scalars()
        )
    assert nurtured == {"ghlQuiet", "ghlCancelled"}


@pytest.mark.both_backends
def test_the_scheduler_run_twice_or_at_once_queues_each_step_once(migrated, cipher) -> None:
    service = BotService(migrated, cipher, Engine())
    wrote = datetime(2030, 6, 4, 15, 0, tzinfo=UTC)
    for index in range(6):
        service.handle(WARM, channel="sms", now=wrote, ghl_contact_id=f"ghlTwice{index}")
    day_one = wrote + timedelta(days=1, minutes=5)
    assert queue_due_follow_ups(migrated, cipher, None, now=day_one, notices=NOTICES) == {"queued": 6}
    assert queue_due_follow_ups(migrated, cipher, None, now=day_one, notices=NOTICES) == {}
    assert queue_due_follow_ups(migrated, cipher, None, now=day_one + timedelta(hours=5), notices=NOTICES) == {}
    day_three = wrote + timedelta(days=3, minutes=5)
    results: list[dict[str, int]] = []
    barrier = threading.Barrier(2)

    def run() -> None:
        barrier.wait()
        results.append(queue_due_follow_ups(migrated, cipher, None, now=day_three, notices=NOTICES))

    workers = [threading.Thread(target=run) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sum(result.get("queued", 0) for result in results) == 6, results
    with migrated.engine.connect() as connection:
        queued = connection.execute(
            text(
                "select count(*), count(distinct (lead_id, detail ->> 'step')) from app.outbox "
                "where detail ->> 'purpose' = 'nurture'"
            )
        ).one()
    assert tuple(queued) == (12, 12)


# -- the monthly market update, from the marts ------------------------------------------------------


def test_the_monthly_update_carries_the_marts_figures_for_the_leads_area_and_band(
    migrated, cipher, standin, built_marts
) -> None:
    marts_database = Database(built_marts.url)
    marts = marts_database.marts_engine
    try:
        with marts.connect() as connection:
            as_of = feed_as_of(connection)
            expected = connection.execute(
                text("""
                    select count(*) as sales,
                           percentile_cont(0.5) within group (order by close_price) as median_price
                    from marts.closed_sales
                    where city = 'Round Rock' and price_band = 'mid'
                      and close_date > cast(:as_of as date) - 90 and close_date <= :as_of
                """),
                {"as_of": as_of},
            ).one()
            active = connection.execute(
                text("select count(*) from marts.listing_search where city = 'Round Rock' and list_price_band = 'mid'")
            ).scalar_one()
        assert expected.sales > 1, "the sandbox marts have mid-band sales in Round Rock"
        service = BotService(migrated, cipher, Engine())
        wrote = datetime(2030, 6, 4, 15, 0, tzinfo=UTC)
        for contact, message in (
            ("ghlMarket", "Looking to buy in Round Rock, budget around 600k, in 4 months"),
            ("ghlMercado", "hola, quiero comprar una casa en Round Rock, presupuesto 600 mil, en 4 meses"),
        ):
            service.handle(message, channel="sms", now=wrote, ghl_contact_id=contact)
        two_months = wrote + timedelta(days=60, hours=1)  # a Tuesday, 11:00 in Austin
        market = MartsMarket(marts)
        assert queue_due_follow_ups(migrated, cipher, market, now=two_months, notices=NOTICES) == {"queued": 2}
        with standin.client() as client:
            assert drain_outbox(migrated, cipher, client, NOTICES, now=two_months) == {"sent": 4}
    finally:
        marts_database.dispose()
    (update,) = standin.messages_to("ghlMarket")[1:]
    assert update.startswith(SIGNATURE + " Your monthly market update for homes $500k-$1.00M: In Round Rock,")
    assert f"{expected.sales} homes sold" in update and f"median {money(float(expected.median_price))}" in update
    month = as_of.strftime("%b")
    assert f"the last 3 months (to {month} {as_of.day})" in update
    assert f"{active} homes are for sale now" in update or (active == 1 and "1 home is for sale now" in update)
    assert update.endswith("Reply STOP to opt out.")
    (actualizacion,) = standin.messages_to("ghlMercado")[1:]
    assert "Su resumen mensual del mercado para casas de $500k-$1.00M: En Round Rock" in actualizacion
    assert f"se vendieron {expected.sales} casas en los últimos 3 meses" in actualizacion
    rows = _follow_ups(migrated, "ghlMarket")
    assert [(row.step, row.kind) for row in rows] == [(6, "market_update")], "no backlog: the latest step only"
