"""What the engine answers and where it routes, without marts: property taxes, a move years off, a
move for a new job, a seller asking for the walkthrough."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ehub.bots.engine import Engine
from ehub.bots.state import LeadState
from ehub.conversation.slots import extract

NOW = datetime(2026, 11, 20, 16, tzinfo=UTC)


def _talk(*messages: str) -> tuple[LeadState, list[str]]:
    state, engine, replies = LeadState(), Engine(), []
    for message in messages:
        replies.append(engine.respond(state, message, now=NOW).reply)
    return state, replies


def test_a_property_tax_question_is_explained_for_the_areas_asked_and_a_follow_up_moves_it() -> None:
    state, replies = _talk(
        "Are property taxes higher in Hutto or Manor? Someone warned me about MUD taxes.", "And Kyle?"
    )
    first, second = replies
    assert "Hutto and Manor" in first and "MUD" in first and "$" not in first, "no rate is made up"
    assert "Kyle" in second and "MUD" in second
    assert state.bot == "lead", "a question about taxes is not a plan to buy"


def test_spanish_tax_questions_are_answered_in_spanish() -> None:
    _, (reply,) = _talk("¿Los impuestos a la propiedad son más altos en Kyle o en Buda?")
    assert "impuestos a la propiedad en Kyle y Buda" in reply


def test_a_mud_room_is_not_a_tax_question() -> None:
    _, (reply,) = _talk("We want 4 beds with a mud room in Leander, around 500k")
    assert "MUD" not in reply


def test_a_buyer_two_years_out_stays_with_the_lead_bot() -> None:
    state, _ = _talk("We just signed a 2 year lease, maybe we'll buy after that. Curious what Kyle looks like.")
    assert state.bot == "lead" and state.slots.months_to_move == 24


def test_a_buyer_within_the_year_goes_to_the_buyer_bot() -> None:
    state, _ = _talk("We want to buy in Kyle next spring, budget 400k")
    assert state.bot == "buyer"


def test_a_move_for_a_new_job_is_a_timeline_even_without_a_date() -> None:
    state, _ = _talk(
        "I just accepted a job at Apple's Parmer campus and we're relocating from Seattle. We want to buy."
    )
    assert state.slots.job_move and state.temperature == "warm"
    assert not extract("my job is stressful, just browsing", today=date(2026, 11, 20)).job_move


def test_a_seller_asking_for_the_walkthrough_asks_for_an_appointment() -> None:
    assert extract("How soon could an agent come do that walkthrough?", today=date(2026, 11, 20)).wants_appointment


def test_a_rent_question_is_deferred_honestly_naming_the_place_the_lead_used() -> None:
    _, (reply,) = _talk("How much would a 3 bed rent for in Westlake?")
    assert "Westlake" in reply and "West Lake Hills" not in reply
    assert "rent" in reply.lower() and "$" not in reply, "no rent figure is made up"
    _, (respuesta,) = _talk("¿Cuánto se renta una casa de 3 recámaras en Kyle?")
    assert "Kyle" in respuesta and "renta" in respuesta


def test_asking_for_a_lender_is_no_pre_approval_and_does_not_make_a_lead_hot() -> None:
    state, _ = _talk(
        "We need a place in Buda fast, lease ends in a month, 380k max",
        "Could you put us in touch with a lender so we can get pre-approved this week?",
    )
    assert state.slots.financing == "not_pre_approved"
    assert state.temperature == "warm"


def test_a_sold_house_and_a_cash_buyer_who_must_move_is_hot_and_goes_to_the_buyer_bot() -> None:
    state, _ = _talk(
        "Just browsing in Kyle for now.",
        "Our place sold, we must be out in three weeks. We are paying cash for the next one.",
    )
    assert state.bot == "buyer" and state.temperature == "hot"


def test_asking_for_an_agent_to_walk_the_property_keeps_the_sellers_plan() -> None:
    engine, state = Engine(), LeadState()
    engine.respond(state, "I need to sell my mom's house in Round Rock, 4/2, 2,100 sq ft", now=NOW)
    turn = engine.respond(state, "Could one of your agents go see it next week? I live out of state.", now=NOW)
    assert turn.intent == "seller_intent" and state.bot == "seller"


def test_a_plan_stated_beside_a_school_question_still_routes_the_lead() -> None:
    engine, state = Engine(), LeadState()
    turn = engine.respond(
        state, "Moving from Denver in April, need 4 bed near the best schools in Cedar Park, 600k", now=NOW
    )
    assert "fair_housing" in turn.compliance_flags and state.bot == "buyer"


def test_a_cap_rate_question_gets_the_same_honest_answer_as_rents() -> None:
    _, (reply,) = _talk("What cap rates are duplexes getting in Hutto these days?")
    assert "Hutto" in reply and "rent figures" in reply


def test_a_question_about_how_homes_sell_is_the_market_not_a_plan_to_sell() -> None:
    for question in ("How quickly are houses selling in Leander lately?", "What do condos near the Domain sell for?"):
        state, _ = _talk(question)
        assert state.bot == "lead" and state.slots.plan is None and not state.slots.urgent, question
    state, _ = _talk("How fast can you sell my house in Leander?")
    assert state.slots.plan == "sell" and state.slots.urgent
