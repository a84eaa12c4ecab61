"""The bots answer what was asked, from the marts, in the lead's language: market questions with
their period, questions about a home just shown from its own MLS fields (or honestly deferred),
a seller's own home found by its address, and a bot question answered honestly."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from ehub.bots.engine import Engine
from ehub.bots.state import LeadState
from ehub.db import Database
from ehub.market.search import MartsMarket
from tests.conftest import BuiltMarts

NOW = datetime(2026, 11, 20, 16, tzinfo=UTC)  # 10:00 in Austin


@pytest.fixture(scope="module")
def engine(built_marts: BuiltMarts) -> Iterator[tuple[Engine, Database]]:
    database = Database(built_marts.url)  # read only: the engine never writes
    yield Engine(MartsMarket(database.marts_engine)), database
    database.dispose()


def _talk(engine: Engine, *messages: str) -> tuple[LeadState, list]:
    state = LeadState()
    return state, [engine.respond(state, message, now=NOW) for message in messages]


def test_a_market_question_gets_the_marts_figures_and_their_period(engine) -> None:
    bot, database = engine
    _, (turn,) = _talk(bot, "how's the market in Round Rock?")
    with database.engine.connect() as connection:
        as_of = connection.execute(text("select max(modified_at)::date from staging.stg_mls__properties")).scalar()
        sold = connection.execute(
            text(
                "select count(*) from marts.closed_sales where city = 'Round Rock' "
                "and close_date > cast(:as_of as date) - 90 and close_date <= :as_of"
            ),
            {"as_of": as_of},
        ).scalar()
    assert "Round Rock" in turn.reply and f"{sold} homes sold" in turn.reply, turn.reply
    assert "the last 3 months" in turn.reply and as_of.strftime("%b") in turn.reply, "it names its period"
    assert turn.asked is not None, "and qualifying goes on"


def test_a_spanish_market_question_is_answered_in_spanish(engine) -> None:
    bot, _ = engine
    _, (turn,) = _talk(bot, "¿cómo está el mercado en Kyle? queremos saber los precios")
    assert turn.language == "es" and "Kyle" in turn.reply and "últimos 3 meses" in turn.reply, turn.reply


def test_questions_about_a_home_just_shown_are_answered_from_its_listing(engine) -> None:
    bot, database = engine
    state, (_, _, available, facts, pool) = _talk(
        bot,
        "hi there",  # the first reply carries the notices, and room for one home only
        "looking to buy a 3 bed in Round Rock under 550k",
        "is the second one still available?",
        "how big is the first one?",
        "does it have a pool?",
    )
    first, second = state.last_shown[:2]
    with database.engine.connect() as connection:
        rows = dict(
            connection.execute(
                text("select listing_key, street_address from marts.listing_search where listing_key = any(:keys)"),
                {"keys": [first, second]},
            ).all()
        )
        sqft = connection.execute(
            text("select living_area_sqft from marts.listing_search where listing_key = :key"), {"key": first}
        ).scalar()
    assert f"Yes, {rows[second]} is still for sale" in available.reply
    assert rows[first] in facts.reply and f"{float(sqft):,.0f} sq ft" in facts.reply
    assert "agent confirm" in pool.reply and any(action["type"] == "task" for action in pool.actions)
    assert not any(turn.handoff for turn in (available, facts, pool)), "asking questions is not ignoring ours"


def test_a_home_past_the_end_of_the_list_is_never_taken_for_another(engine) -> None:
    bot, _ = engine
    state, (shown, asked) = _talk(
        bot, "looking to buy a 3 bed in Round Rock under 550k", "is the third one still available?"
    )
    assert 1 <= len(state.last_shown) < 3, shown.reply
    assert f"The list I sent had {len(state.last_shown)}" in asked.reply and "still for sale" not in asked.reply


def test_a_lead_who_asks_for_the_homes_again_gets_them_not_another_question(engine) -> None:
    bot, _ = engine
    _, (first, again) = _talk(
        bot,
        "Looking in Leander under 450k, 3 bed.",
        "ugh I already told you Leander under 450. just send me the houses",
    )
    shown = first.facts["listings"]
    assert again.facts["listings"][: len(shown)] == shown and len(again.facts["listings"]) > len(shown)
    assert "Leander" in again.reply and again.reply.count("ehub.link/") == len(again.facts["listings"])


def test_a_seller_who_gives_their_address_gets_a_cma_of_that_very_house(engine) -> None:
    bot, database = engine
    with database.engine.connect() as connection:
        address, city = connection.execute(
            text("select street_address, city from marts.closed_sales order by listing_key limit 1")
        ).one()
    _, (turn,) = _talk(bot, f"I'd like to sell my house at {address}, {city} TX. What's it worth?")
    assert f"I found {address}" in turn.reply, turn.reply
    low, high = (float(x.replace(",", "")) for x in re.findall(r"\$([\d,.]+)[kM]", turn.reply)[:2])
    assert low < high, "a range, never one price"
    assert len(turn.reply) <= 320 and turn.reply.endswith("?"), "the comps are cut to fit, never the question"


def test_are_you_a_bot_is_answered_honestly_and_the_conversation_goes_on(engine) -> None:
    bot, _ = engine
    _, (turn,) = _talk(bot, "wait, are you a bot?")
    assert "AI assistant" in turn.reply and not turn.handoff and turn.asked == "area"


def test_a_complaint_gets_an_apology_never_a_cheerful_acknowledgement(engine) -> None:
    bot, _ = engine
    _, turns = _talk(bot, "hi", "this is useless, you keep asking me stuff")
    assert turns[1].reply.startswith("I'm sorry about that.") and "Great" not in turns[1].reply


def test_a_district_of_austin_gets_its_own_figures_not_the_whole_citys(engine) -> None:
    bot, database = engine
    _, (mueller, hyde_park) = _talk(bot, "how's the market in Mueller?", "what about Hyde Park?")
    with database.engine.connect() as connection:
        as_of = connection.execute(text("select max(modified_at)::date from staging.stg_mls__properties")).scalar()
        sold = connection.execute(
            text(
                "select count(*) filter (where postal_code = '78723'), count(*) filter (where postal_code = '78751') "
                "from marts.closed_sales where close_date > cast(:as_of as date) - 90 and close_date <= :as_of"
            ),
            {"as_of": as_of},
        ).one()
    assert f"In Mueller, {sold[0]} homes sold" in mueller.reply, mueller.reply
    assert "Hyde Park" in hyde_park.reply and "Central Austin" not in hyde_park.reply, "figures named as asked"
    if not sold[1]:
        assert "I don't see closed sales in Hyde Park" in hyde_park.reply, hyde_park.reply


def test_a_tour_asked_for_when_no_home_matched_goes_to_an_agent(engine) -> None:
    bot, _ = engine
    state, (nothing, tour) = _talk(
        bot, "Looking for a 6 bed in Manor under 150k", "can we see a few when we fly in on the 12th?"
    )
    assert not state.shown_listings, nothing.reply
    assert any(action.get("title") == "Jorge: schedule a showing" for action in tour.actions), tour.reply
    assert "Manor" in tour.reply and tour.asked is None
