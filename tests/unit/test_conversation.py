"""Understanding lead messages: intent, slots (negation-aware), the one scoring model, fair housing."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from ehub.compliance.fair_housing import check_text
from ehub.conversation.history import Message, replay
from ehub.conversation.intent import classify
from ehub.conversation.opt_out import is_opt_in, is_opt_out
from ehub.conversation.scoring import score_lead, temperature
from ehub.conversation.slots import Budget, LeadSlots, extract
from ehub.conversation.text import MAX_MESSAGE_CHARS, normalise

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("Looking for a 3 bed in Cedar Park under 550k", "buyer_intent"),
        ("lokking 4 a hous in round rok, 4-500k", "buyer_intent"),
        ("Hola, busco casa en Pflugerville de 3 recámaras", "buyer_intent"),
        ("investor here, cap rates on duplexes?", "information_seeking"),  # a market question, no stated plan
        ("What's my house worth? thinking of selling", "seller_intent"),
        ("Quiero vender mi casa en Round Rock, cuánto vale?", "seller_intent"),
        ("what are HOA fees like in Mueller? and taxes", "information_seeking"),
        ("STOP", "opt_out"),
        ("Unsubscribe", "opt_out"),
        ("stop texting me", "opt_out"),
        ("remove my number please", "opt_out"),
        ("ya no me manden mas mensajes", "opt_out"),
        ("can I talk to a real person?", "human_request"),
        ("is this a bot?", "information_seeking"),
        ("quiero hablar con una persona", "human_request"),
    ],
)
def test_intents_across_shorthand_typos_and_spanish(text: str, intent: str) -> None:
    assert classify(text).intent == intent


def test_opt_out_keywords_are_exact_and_start_opts_back_in() -> None:
    assert all(is_opt_out(word) for word in ("STOP", "stopall", "END", "quit", "revoke", "opt out", "CANCEL"))
    assert not is_opt_out("I can't stop thinking about that house")
    assert is_opt_in("START") and is_opt_in("unstop")


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("budget around 550k", Budget(None, 550_000)),
        ("$1.2M tops", Budget(None, 1_200_000)),
        ("under 450", Budget(None, 450_000)),
        ("4-500k", Budget(400_000, 500_000)),
        ("between 400 and 500k", Budget(400_000, 500_000)),
        ("presupuesto 400k", Budget(None, 400_000)),
        ("max $750,000", Budget(None, 750_000)),
    ],
)
def test_budgets_as_people_write_them(text: str, budget: Budget) -> None:
    assert extract(text, today=TODAY).budget == budget


@pytest.mark.parametrize(
    ("text", "area"),
    [
        ("something in pflugerville", "Pflugerville"),
        ("round rok maybe", "Round Rock"),
        ("zip 78613", "Cedar Park"),
        ("westlake schools", "West Lake Hills"),
        ("georgetwon", "Georgetown"),
        ("Dripping Springs", "Dripping Springs"),
    ],
)
def test_areas_with_misspellings_and_zip_codes(text: str, area: str) -> None:
    assert extract(text, today=TODAY).area == area


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("next month", 1),
        ("asap", 0),
        ("by August", 9),
        ("lease ends in March", 4),
        ("in 6 months", 6),
        ("next year", 12),
    ],
)
def test_timelines(text: str, months: int) -> None:
    assert extract(text, today=TODAY).months_to_move == months


@pytest.mark.parametrize(
    ("text", "financing", "agent"),
    [
        ("yes pre-approved w/ Chase", "pre_approved", None),
        ("not pre-approved yet", "not_pre_approved", None),
        ("not sure", None, None),
        ("paying cash", "cash", None),
        ("we're not paying cash", None, None),
        ("already working with a realtor", None, True),
        ("no agent yet", None, False),
    ],
)
def test_negation_aware_financing_and_agent(text: str, financing: str | None, agent: bool | None) -> None:
    slots = extract(text, today=TODAY)
    assert (slots.financing, slots.has_agent) == (financing, agent)


def test_slots_accumulate_across_messages() -> None:
    slots = LeadSlots()
    for message in ("3 bed in Leander", "budget 480k", "pre-approved", "next month", "can we tour sat?"):
        slots = slots.merge(extract(message, today=TODAY))
    assert (slots.area, slots.budget, slots.financing, slots.months_to_move, slots.bedrooms) == (
        "Leander",
        Budget(None, 480_000),
        "pre_approved",
        1,
        3,
    )
    assert slots.wants_appointment


def test_one_scoring_model_with_reasons_and_one_set_of_thresholds() -> None:
    hot = LeadSlots(area="Leander", budget=Budget(None, 480_000), months_to_move=1, financing="pre_approved")
    scored = score_lead(hot, replies=4)
    assert scored.score == 8.5 and scored.temperature == "hot"
    assert any("pre-approved" in reason for reason in scored.reasons)
    assert score_lead(LeadSlots(area="Kyle"), replies=1).temperature == "cold"
    assert score_lead(hot, replies=4, opted_out=True).score == 1.0
    assert [temperature(s) for s in (7.0, 6.9, 4.0, 3.9)] == ["hot", "warm", "warm", "cold"]


@pytest.mark.parametrize(
    "text",
    [
        "Perfect for young professionals",
        "No children, adults only",
        "Christian neighborhood",
        "exclusive street",
        "No wheelchairs",
        "ideal for empty nesters",
        "safe neighborhood for families",
    ],
)
def test_fair_housing_flags_preferences(text: str) -> None:
    assert check_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Master bedroom with walk-in closet",
        "Large family room",
        "Walking distance to the park",
        "55+ community with pool",
        "Minutes from a church and the farmers market",
        "Wheelchair accessible entrance",
    ],
)
def test_fair_housing_leaves_lawful_phrases_alone(text: str) -> None:
    assert check_text(text) == []


@pytest.mark.parametrize(
    "text",
    [
        "wrong number, stop",
        "please stop texting me",
        "STOP!!!",
        "Stop.",
        "𝐒𝐓𝐎𝐏",  # mathematical bold
        "ＳＴＯＰ",  # fullwidth
        "ꜱᴛᴏᴘ",  # small capitals
        "S\u200bT\u200bO\u200bP",  # zero-width spaces
        "\u202estop\u202c",  # bidi override
        "stop 🛑",
        "stop\ufe0f",  # a variation selector
        "S T O P",
        "s.t.o.p",
        "S-T-O-P",
        "E N D",
        "STOPPPP",
        "I said stop. We bought already",
        "can we stop by on saturday? actually no, stop",
        "I can't stop these texts",
        "END",
        "cancel please",
        "quit it",
        "cancel these texts",
        "quit texting me",
        "don’t text me again",  # the iPhone's apostrophe
        "unsub",
        "ALTO",
        "quiero darme de baja",
    ],
)
def test_stop_means_stop_in_every_form(text: str) -> None:
    assert is_opt_out(text)
    assert classify(text).intent == "opt_out"


@pytest.mark.parametrize(
    "text",
    [
        "can we stop by the open house saturday",
        "is there a bus stop nearby",
        "the backyard ends at the creek",
        "I can't stop thinking about that house",
        "cancel my showing, can we do sunday instead?",
        "we need to move by the end of march",
        "a one-stop shop for first-time buyers?",
        "non-stop flights from the airport matter to us",
        "el precio está muy alto para nosotros",
        "la planta baja tiene dos recámaras",
        "r u a bot?",
    ],
)
def test_look_alikes_do_not_opt_out(text: str) -> None:
    assert not is_opt_out(text)


def test_start_opts_back_in_through_the_same_normalisation() -> None:
    assert all(is_opt_in(text) for text in ("START", "𝐒𝐓𝐀𝐑𝐓", "S T A R T", "start please!", "Unstop", "yes start"))
    assert not any(is_opt_in(text) for text in ("we want to start touring", "don't start", "stop", "start? no, stop"))


def test_a_replayed_history_honours_a_spelled_out_stop_until_start() -> None:
    def inbound(number: int, body: str) -> Message:
        return Message(f"m{number}", datetime(2026, 11, 20, 12, number, tzinfo=UTC), "inbound", body)

    history = replay([inbound(1, "3 bed in Kyle"), inbound(2, "S\u200bT\u200bO\u200bP")])
    assert history.opted_out_at == datetime(2026, 11, 20, 12, 2, tzinfo=UTC)
    assert replay([inbound(1, "S T O P"), inbound(2, "START")]).opted_out_at is None


def test_a_long_message_keeps_its_closing_opt_out() -> None:
    rambling = "we love the area and want a big yard with room for the dogs. " * 200
    assert len(rambling) > MAX_MESSAGE_CHARS
    assert is_opt_out(rambling + "anyway, please stop texting me")
    assert not is_opt_out(rambling)


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("𝐒𝐓𝐎𝐏 🛑", "stop"),
        ("S\u200bT\u200bO\u200bP", "stop"),
        ("s.t.o.p", "stop"),
        ("Pleeease don’t", "please do not"),
        ("r u a bot", "are you a bot"),  # three spaced letters are shorthand, not a spelled-out word
        ("Recámaras 3 bd cerca de H-E-B", "recamaras 3 bedroom cerca de heb"),
    ],
)
def test_text_is_normalised_once_before_any_rule(text: str, clean: str) -> None:
    assert normalise(text) == clean


@pytest.mark.parametrize(
    "text",
    ["No ch\u200bildren", "Isn’t suitable for kids", "𝐍𝐨 𝐜𝐡𝐢𝐥𝐝𝐫𝐞𝐧", "Adults only\ufe0f"],
)
def test_fair_housing_reads_copy_without_invisible_or_fancy_characters(text: str) -> None:
    assert check_text(text)
