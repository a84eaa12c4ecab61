"""Readings the second set of fresh messages (intents_fresh2, conversations_fresh2) showed missing: a
question about who writes with a polite word or an unsaved number, a profane dismissal and the Spanish
carrier keywords as opt-outs, homes in general taking long to sell, a bot question beside a request for
a person, an approximate month, and what homes in an area "are going for". English and Spanish, each
with the lawful or everyday sentence it must not swallow."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ehub.bots.engine import Engine
from ehub.bots.state import LeadState
from ehub.conversation.asks import asks_about_market
from ehub.conversation.intent import classify
from ehub.conversation.language import language_after
from ehub.conversation.opt_out import is_opt_out
from ehub.conversation.text import normalise
from ehub.conversation.timeline import read_timeline

NOW = datetime(2026, 11, 20, 16, tzinfo=UTC)


@pytest.mark.parametrize(
    "text",
    [
        "hi who is this pls",
        "¿quién es? por favor",
        "¿Quién es? No tengo este número guardado",
        "I don't have this number saved, who is it?",
    ],
)
def test_who_is_writing_is_a_question_not_an_opt_out(text: str) -> None:
    assert classify(text).intent == "information_seeking"


@pytest.mark.parametrize(
    "text",
    ["f off with the spam", "fuck off already", "dejen de molestarme", "ya no molesten", "PARAR", "detener"],
)
def test_a_profane_dismissal_or_a_spanish_carrier_keyword_opts_out(text: str) -> None:
    assert is_opt_out(text) and classify(text).intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    [
        "no me molesta que sea de dos pisos, busco casa en Kyle",  # "I don't mind": no dismissal
        "para cuando necesitan la casa? nosotros en marzo",  # "para" is "for"
        "we want to buy before the construction on Parmer ends",
    ],
)
def test_everyday_words_like_the_dismissals_are_no_opt_out(text: str) -> None:
    assert not is_opt_out(text) and classify(text).intent != "opt_out"


@pytest.mark.parametrize(
    "text",
    ["how long do houses take to sell in Leander these days", "¿cuánto tardan las casas en venderse en Kyle?"],
)
def test_how_long_homes_in_general_take_to_sell_is_a_market_question(text: str) -> None:
    assert classify(text).intent == "information_seeking"


def test_how_long_the_leads_own_house_takes_to_sell_is_still_a_seller() -> None:
    assert classify("how long would it take to sell my house in Manor? need the equity").intent == "seller_intent"


@pytest.mark.parametrize(
    ("message", "disclosure"),
    [
        ("Am I talking to a computer? I want a human being please", "AI"),
        ("¿Estoy hablando con una máquina? Quiero hablar con una persona", "IA"),
    ],
)
def test_a_bot_question_beside_a_request_for_a_person_hands_over(message: str, disclosure: str) -> None:
    state = LeadState()
    turn = Engine().respond(state, message, now=NOW)
    assert turn.intent == "human_request" and state.handed_off, turn.reply
    assert disclosure in str(turn.reply)


@pytest.mark.parametrize(
    ("text", "months"),
    [("we'd like to list in about a month", 1), ("queremos vender en como un mes", 1), ("in about a week", 0)],
)
def test_an_approximate_month_or_week_is_a_timeline(text: str, months: int) -> None:
    timeline = read_timeline(normalise(text), date(2026, 11, 28))
    assert timeline is not None and timeline.months == months


@pytest.mark.parametrize(
    "text",
    [
        "not selling, just curious what homes in Travis Heights are going for these days",
        "¿en cuánto se están vendiendo las casas en Manor?",
    ],
)
def test_what_homes_in_an_area_are_going_for_is_a_market_question(text: str) -> None:
    assert asks_about_market(normalise(text))


@pytest.mark.parametrize("text", ["what is my house going for", "the open house is going for two hours"])
def test_a_single_home_going_for_something_is_not_the_market(text: str) -> None:
    assert not asks_about_market(normalise(text))


@pytest.mark.parametrize(
    ("text", "language"),
    [("¿Eres un robot?", "es"), ("¡Hola!", "es"), ("Are you a robot?", "en"), ("robot?", "en")],
)
def test_a_first_message_opening_the_spanish_way_is_spanish_when_the_detector_is_unsure(
    text: str, language: str
) -> None:
    assert language_after(None, text) == language


@pytest.mark.parametrize(
    "text",
    [
        "is this an automated text?",
        "¿es un mensaje automático?",
        "who's texting me from this number?",
        "¿quién me escribe de este número?",
        "IS THIS A MACHINE TEXTING ME?",
    ],
)
def test_what_is_automated_or_which_number_writes_is_a_question_about_the_bot(text: str) -> None:
    assert classify(text).intent == "information_seeking"


def test_who_writes_up_an_offer_is_no_question_about_the_bot() -> None:
    assert classify("¿quién me escribe la oferta? queremos comprar la de Kyle").intent == "buyer_intent"
