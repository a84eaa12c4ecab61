"""What a demanding broker expects of the bot beyond qualifying, without marts: the lead's own
questions answered (commission, down payment, are you a bot), a busy lead left alone, a lender
asked for set up rather than handed over, a question never asked twice running, and Spanglish
kept in the lead's language."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from ehub.bots.engine import Engine
from ehub.bots.state import LeadState
from ehub.bots.turn import Turn
from ehub.conversation.asks import asks_about_bot, asks_about_down_payment, asks_for_later
from ehub.conversation.language import language_after
from ehub.conversation.text import normalise

NOW = datetime(2026, 11, 20, 16, tzinfo=UTC)  # 10:00 in Austin


def _talk(*messages: str) -> tuple[LeadState, list[Turn]]:
    state, engine = LeadState(), Engine()
    return state, [engine.respond(state, message, now=NOW) for message in messages]


@pytest.mark.parametrize(
    ("message", "disclosure"),
    [
        ("wait is this an actual human or a chatbot lol", "AI"),
        ("is there a real person on the other end?", "AI"),
        ("Perdón, ¿esto es automático o hay una persona del otro lado?", "IA"),
    ],
)
def test_a_question_about_the_bot_mid_conversation_is_answered_honestly(message: str, disclosure: str) -> None:
    _, (_, turn) = _talk("We want to buy in Buda, around 350k.", message)
    assert f"{disclosure} " in str(turn.reply) and "fair_housing" not in turn.compliance_flags, turn.reply
    assert turn.intent == "information_seeking" and not turn.handoff


@pytest.mark.parametrize(
    "message", ["is there someone who speaks Spanish?", "¿hay alguien que hable inglés?", "this is a real nice house"]
)
def test_other_questions_about_people_are_not_questions_about_the_bot(message: str) -> None:
    assert not asks_about_bot(normalise(message))


def test_a_steering_question_beside_a_bot_question_is_still_flagged() -> None:
    _, (turn,) = _talk("Are you a real person? Which parts of Round Rock are mostly white?")
    assert "fair_housing" in turn.compliance_flags


@pytest.mark.parametrize(
    ("message", "answer"),
    [
        ("how much is your commission? 6% is a ripoff", "negotiable"),
        ("¿Y cuánto cobran ustedes de comisión?", "negociable"),
    ],
)
def test_a_commission_question_is_answered_not_ignored(message: str, answer: str) -> None:
    _, (turn,) = _talk(message)
    assert answer in str(turn.reply) and "Great" not in str(turn.reply), turn.reply


def test_a_rate_is_not_a_commission_question() -> None:
    _, (turn,) = _talk("We're pre-approved at a great rate, looking in Kyle under 400k")
    assert "negotiable" not in str(turn.reply)


@pytest.mark.parametrize(
    ("message", "answer"),
    [("How much do we need for a down payment?", "3.5%"), ("¿Cuánto se necesita de enganche?", "3.5%")],
)
def test_a_down_payment_question_gets_the_usual_shares_and_no_repeated_question(message: str, answer: str) -> None:
    _, (first, second) = _talk(
        "Queremos comprar en Kyle, como 350 mil." if "enganche" in message else "Buying in Kyle, 350k.", message
    )
    assert answer in str(second.reply) and second.asked is None, "the question just asked is not asked again at once"
    assert first.asked is not None


def test_putting_down_roots_is_no_down_payment_question() -> None:
    assert not asks_about_down_payment(normalise("we want to put down roots in Kyle"))


@pytest.mark.parametrize(
    ("message", "language"),
    [("I'm at work rn, can you text me after 6?", "en"), ("Estoy trabajando, escríbame más tarde por favor", "es")],
)
def test_a_busy_lead_is_left_alone_without_a_question(message: str, language: str) -> None:
    opening = (
        "Quiero vender mi casa en Kyle, 4 recámaras" if language == "es" else "Thinking of selling my 4 bed in Kyle"
    )
    state, (_, turn) = _talk(opening, message)
    assert turn.asked is None and turn.language == language and turn.reply
    assert not state.opted_out and not state.handed_off and turn.intent != "opt_out"


def test_text_me_when_you_find_something_is_a_request_not_a_pause() -> None:
    _, (_, turn) = _talk("Looking to buy a 3 bed", "text me after you find something in Kyle under 400k")
    assert turn.asked is not None
    assert not asks_for_later(normalise("we're at the house now, can you come see it?"))


@pytest.mark.parametrize(
    ("messages", "words"),
    [
        (
            (
                "We want to buy in Kyle in about 8 months, 350k, idk anything about loans",
                "k can u connect me w a lender",
            ),
            "lender",
        ),
        (
            (
                "Queremos comprar en Kyle en unos 8 meses, 350 mil, no sabemos cuánto nos prestan",
                "¿Conocen algún prestamista?",
            ),
            "prestamista",
        ),
    ],
)
def test_a_lender_asked_for_is_an_agent_task_not_a_handoff(messages: tuple[str, str], words: str) -> None:
    state, (_, turn) = _talk(*messages)
    assert state.slots.financing == "not_pre_approved"
    assert not turn.handoff and turn.intent == "buyer_intent" and words in str(turn.reply), turn.reply
    assert any(action.get("title") == "Jorge: introduce a lender" for action in turn.actions)


def test_yes_to_the_lender_offer_sets_it_up_and_no_to_it_does_not() -> None:
    opening = "We're first time buyers in Hutto, about 320k, in 5 months. No lender yet."
    _, (offer, yes) = _talk(opening, "yes please")
    assert offer.asked == "financing" and "lender" in str(yes.reply)
    assert any(action.get("title") == "Jorge: introduce a lender" for action in yes.actions)
    _, (_, no) = _talk(opening, "no thanks, we have one")
    assert not any(action.get("title") == "Jorge: introduce a lender" for action in no.actions)


def test_a_seller_who_answers_with_details_is_asked_the_timeline_again() -> None:
    _, (first, second) = _talk("I want to sell my house at 4511 Avenue D in Hyde Park", "It's a 3/2, 1,900 sq ft")
    assert first.asked == second.asked == "timeline", "no question of the lead's was answered: ours still stands"


@pytest.mark.parametrize(
    ("current", "message", "after"),
    [
        ("es", "Es 2 bedrooms 1 bath, como 900 sqft", "es"),
        ("en", "We love it, the yard is muy bonito and the kitchen is great", "en"),
        ("en", "Can you write me in Spanish porfa?", "es"),
        ("es", "¿Me puede escribir en inglés? My husband reads these", "en"),
        ("es", "We are pre-approved and want to move in April", "en"),
        ("en", "Tenemos 3 hijos y queremos una casa en Kyle", "es"),
    ],
)
def test_spanglish_stays_in_the_leads_language_and_a_language_asked_for_is_taken(
    current: str, message: str, after: str
) -> None:
    assert language_after(current, message) == after  # type: ignore[arg-type]
