"""What Jorge reads in a lead's words, as a broker would check it: numbers, money, timelines,
readiness, places, addresses, and the temperature they add up to, in English and Spanish."""

from __future__ import annotations

from dataclasses import asdict, replace
from datetime import UTC, date, datetime, timedelta

import pytest

from ehub.bots.state import LeadState
from ehub.conversation.address import Address
from ehub.conversation.history import Message, replay
from ehub.conversation.scoring import HOT, WARM, score_lead, temperature
from ehub.conversation.slots import Budget, LeadSlots, extract, extract_clean
from ehub.conversation.text import normalise
from ehub.geography import centre, city_of

TODAY = date(2026, 11, 20)


def slots(text: str) -> LeadSlots:
    return extract(text, today=TODAY)


def conversation(*messages: str) -> LeadSlots:
    merged = LeadSlots()
    for message in messages:
        merged = merged.merge(slots(message))
    return merged


def temperature_of(*messages: str) -> str:
    start = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    history = replay([Message(f"m{i}", start + timedelta(minutes=3 * i), "inbound", m) for i, m in enumerate(messages)])
    assert history.score is not None
    return history.score.temperature


# -- 1. sizes, rooms and prices are never confused ------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "budget", "bedrooms", "bathrooms", "square_feet"),
    [
        ("about 1,900 sq ft", None, None, None, 1_900),
        ("4/3, around 2,200 sq ft", None, 4, 3.0, 2_200),
        ("3 bed 2 bath under 450", Budget(None, 450_000), 3, 2.0, None),
        ("Looking at 3/2s in Round Rock around 1,800-2,000 sq ft", None, 3, 2.0, 1_800),
        ("3/2.5, 1,900 sq ft, what would it list for?", None, 3, 2.5, 1_900),
        ("tiene 4 recámaras y unos 2,000 pies cuadrados", None, 4, None, 2_000),
        ("a four bedroom two bath", None, 4, 2.0, None),
        ("2-3 bed, anything under 900", Budget(None, 900_000), 2, None, None),
    ],
)
def test_square_feet_and_rooms_are_not_a_budget(
    text: str, budget: Budget | None, bedrooms: int | None, bathrooms: float | None, square_feet: int | None
) -> None:
    read = slots(text)
    assert (read.budget, read.bedrooms, read.bathrooms, read.square_feet) == (budget, bedrooms, bathrooms, square_feet)


@pytest.mark.parametrize(
    "text",
    [
        "call me at 512-555-0123",
        "my zip is 78704",
        "the house was built in 2014",
        "did great in 2021 and 2022",
        "Is 2108 Ridgewood Dr still available?",
        "we owe about 280k on it",
        "have about 100k saved for down payments",
        "how much house can I afford on 95k?",
        "credit score is around 600 right now",
        "zillow says 390, is that right?",
        "budget is 1400/month",
        "tengo unos 150 mil para el enganche",
    ],
)
def test_phones_zips_years_street_numbers_savings_income_and_rent_are_not_a_budget(text: str) -> None:
    assert slots(text).budget is None


# -- 2. amounts in every form ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "budget"),
    [
        ("450k", Budget(None, 450_000)),
        ("budget $1.2M", Budget(None, 1_200_000)),
        ("lender says I'm good for 1.1mm", Budget(None, 1_100_000)),
        ("budget is 4-500", Budget(400_000, 500_000)),
        ("cash, 5-600k", Budget(500_000, 600_000)),
        ("between 400 and 500", Budget(400_000, 500_000)),
        ("sold in CA, paying cash, 1-1.3M range", Budget(1_000_000, 1_300_000)),
        ("pre-aprobado por 380 mil", Budget(None, 380_000)),
        ("tenemos pre-approval por medio millón", Budget(None, 500_000)),
        ("presupuesto de quinientos mil", Budget(None, 500_000)),
        ("tengo crédito aprobado por 1.2 millones", Budget(None, 1_200_000)),
        ("no más de 400", Budget(None, 400_000)),
        ("presupuesto de 350 a 400 mil", Budget(350_000, 400_000)),
        ("approved 475", Budget(None, 475_000)),
        ("pre approval for five hundred and twenty thousand dollars", Budget(None, 520_000)),
        ("half a million tops", Budget(None, 500_000)),
        ("we have 30k saved and our lender approved us for 375", Budget(None, 375_000)),
    ],
)
def test_amounts_in_every_form(text: str, budget: Budget) -> None:
    assert slots(text).budget == budget


def test_a_corrected_budget_replaces_the_first() -> None:
    read = conversation("looking for a 3 bed in Pflugerville under 350k", "sorry I meant 450k, typo")
    assert read.budget == Budget(None, 450_000)


# -- 3. timelines from the message date ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "months"),
    [
        ("by August", 9),
        ("lease ends in March", 4),
        ("by spring", 5),
        ("after school lets out", 7),
        ("before the holidays", 1),
        ("next month", 1),
        ("in 6 weeks", 1),
        ("we want to be in within about 10 weeks", 2),
        ("en 2 meses", 2),
        ("empiezo en un mes y medio", 2),
        ("tal vez a fin de año", 1),
        ("ASAP", 0),
        ("this weekend", 0),
        ("next year", 12),
        ("probably 4-5 months", 5),
        ("nos tenemos que salir el 30 del próximo mes", 1),
        ("my landlord just gave us 60 days notice", 2),
        ("hoping to buy before the holidays next year", 13),
        ("probably a mediados del próximo año", 8),
    ],
)
def test_timelines_in_months_from_the_message_date(text: str, months: int) -> None:
    assert slots(text).months_to_move == months


def test_the_same_words_count_from_another_message_date() -> None:
    assert extract("by August", today=date(2027, 6, 1)).months_to_move == 2


@pytest.mark.parametrize(
    "text", ["just browsing", "solo estoy viendo", "maybe someday", "in a few years", "no timeline really"]
)
def test_browsing_and_someday_are_no_timeline(text: str) -> None:
    read = slots(text)
    assert read.just_browsing and read.months_to_move is None


@pytest.mark.parametrize(
    "text", ["it's 20 years old", "tried selling it myself for about 10 weeks", "want to start looking around december"]
)
def test_the_past_and_the_start_of_a_search_are_not_a_move_date(text: str) -> None:
    assert slots(text).months_to_move is None


def test_no_rush_is_in_no_hurry_not_browsing() -> None:
    read = slots("no rush really")
    assert read.no_rush and not read.just_browsing and read.months_to_move is None


# -- 4. urgency and readiness, negation-aware ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "financing"),
    [
        ("pre approved through Guild", "pre_approved"),
        ("lender says I'm good for 1.1mm", "pre_approved"),
        ("ya estoy preaprobado", "pre_approved"),
        ("tengo la carta del banco", "pre_approved"),
        ("tengo aprobación del banco por 390 mil", "pre_approved"),
        ("im approved thru my credit union for 310", "pre_approved"),
        ("we already have a loan approval for 560,000", "pre_approved"),
        ("I have proof of funds", "cash"),
        ("tengo todo el dinero, voy a pagar cash", "cash"),
        ("lo pagamos de contado", "cash"),
        ("tengo el dinero en efectivo", "cash"),
        ("not pre-approved yet", "not_pre_approved"),
        ("we're pre-qualified, not preapproved yet", "not_pre_approved"),
        ("haven't talked to a lender", "not_pre_approved"),
        ("no he ido al banco", "not_pre_approved"),
        ("we're not paying cash", None),
        ("looking for properties that cash flow", None),
    ],
)
def test_financing_in_any_words(text: str, financing: str | None) -> None:
    assert slots(text).financing == financing


@pytest.mark.parametrize(
    ("text", "agent"),
    [("no tengo agente", False), ("not working with a realtor", False), ("already have an agent", True)],
)
def test_an_agent_or_none(text: str, agent: bool) -> None:
    assert slots(text).has_agent is agent


@pytest.mark.parametrize(
    "text",
    [
        "ready to make an offer",
        "can we see it today?",
        "can we tour tomorrow morning",
        "cash, close in 30 days",
        "need to move by the end of the month",
        "¿la puedo ver mañana?",
        "lo antes posible",
        "me urge, tengo que salirme en un mes",
    ],
)
def test_urgency(text: str) -> None:
    assert slots(text).urgent


def test_no_rush_is_not_urgent_and_a_hypothetical_listing_is_not_a_request() -> None:
    assert not slots("no rush, maybe this weekend we'll talk").urgent
    assert not slots("if we list our house in Buda, how long does it take?").wants_listing
    assert slots("can you list it this week?").wants_listing
    assert slots("la quiero poner en venta esta semana").wants_listing


@pytest.mark.parametrize(
    ("text", "contingency"),
    [
        ("we need to sell our house in Dallas first", "sell_first"),
        ("primero tenemos que vender la casa en LA", "sell_first"),
        ("we'll pay cash, don't need to sell first", None),
        ("waiting on my H-1B transfer", "visa"),
        ("still saving for the down payment", "saving"),
        ("primero tengo que arreglar mi crédito", "credit"),
    ],
)
def test_what_a_lead_waits_on(text: str, contingency: str | None) -> None:
    assert slots(text).contingency == contingency


@pytest.mark.parametrize(
    ("text", "renting", "vendor", "not_in_market"),
    [
        ("Looking for a rental, not buying", True, False, True),
        ("busco casa para rentar en Manor", True, False, False),
        ("I'm a loan officer, would love to partner on buyer leads", False, True, False),
        ("I'm a wholesaler, any off market deals I could assign?", False, True, False),
        ("not selling, just curious what it's worth", False, False, True),
        ("no la voy a vender, es para la aseguranza", False, False, True),
        ("Want to buy a condo downtown as a rental", False, False, False),
        ("we're not moving until our youngest graduates next June", False, False, False),
        ("I'm an agent's nightmare lol, but we want to buy this year", False, False, False),
        ("we love the house on Blue Quail, is it still available?", False, False, False),
        ("I'm a junior agent, do you have a team I could join?", False, True, False),
        ("we love our neighborhood but need a bigger house", False, False, False),
        ("we love our house, not going anywhere", False, False, True),
        ("I rent, I don't own anything lol", False, False, True),
        ("no plans to rent, we want to buy in Kyle", False, False, False),
        ("I'm not looking for a rental, we want to buy", False, False, False),
        ("I don't want to sell yet, maybe in the spring", False, False, False),
        ("I make 8k a month", False, False, False),
        ("is the advertised price negotiable?", False, False, False),
        ("We do listing photos and drone video for brokerages. Can I send over our rates?", False, True, False),
        ("looking for realtors who know Kyle, we want to buy", False, False, False),
        ("can you send me your rates for listing my house?", False, False, False),
    ],
)
def test_who_is_not_a_lead_for_a_sale(text: str, renting: bool, vendor: bool, not_in_market: bool) -> None:
    read = slots(text)
    assert (read.renting, read.vendor, read.not_in_market) == (renting, vendor, not_in_market)


# -- 5. places, in context -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "area", "neighbourhood"),
    [
        ("something in pflugervile", "Pflugerville", None),
        ("georgetwon", "Georgetown", None),
        ("round rok maybe", "Round Rock", None),
        ("zip 78613", "Cedar Park", None),
        ("cash. 78704. this week.", "South Austin", None),
        ("Hyde Park bungalow", "Central Austin", "Hyde Park"),
        ("Circle C or Steiner", "Southwest Austin", "Circle C"),
        ("want something single story in Sun City", "Georgetown", "Sun City"),
        ("Brushy Creek, 4 bed", "Round Rock", "Brushy Creek"),
        ("busco en el este de Austin", "East Austin", None),
        ("Tarrytown or Clarksville", "Central Austin", "Tarrytown"),
        ("Barton Creek", "West Lake Hills", "Barton Creek"),
    ],
)
def test_places_misspellings_zips_and_neighbourhoods(text: str, area: str, neighbourhood: str | None) -> None:
    read = slots(text)
    assert (read.area, read.neighbourhood) == (area, neighbourhood)


@pytest.mark.parametrize(
    "text",
    [
        "I talked to a lender yesterday",
        "we want a cedar fence",
        "the leader of our group",
        "a manor house with a big lawn",
        "can we see the one on Manor Rd tomorrow",
        "Hi, I'm Kyle",
    ],
)
def test_ordinary_words_never_become_places(text: str) -> None:
    assert slots(text).area is None


def test_a_neighbourhood_has_a_city_and_a_centre_for_a_cma() -> None:
    read = slots("selling my place in Circle C")
    assert city_of(read.neighbourhood) == "Austin" and city_of(read.area) == "Austin"
    latitude, longitude = centre(read.neighbourhood) or (0.0, 0.0)
    assert 30.0 < latitude < 30.5 and -98.0 < longitude < -97.5


def test_every_place_named_is_kept_in_order() -> None:
    assert slots("Cedar Park or Round Rock, maybe Leander").areas == ("Cedar Park", "Round Rock", "Leander")


@pytest.mark.parametrize(
    ("text", "areas"),
    [
        (
            "Relocating from Dallas for a job at the Domain, want a 3 bed in Round Rock or Georgetown",
            ("Round Rock", "Georgetown"),
        ),
        ("I work at Apple in Round Rock and want to live in Leander", ("Leander",)),
        ("moving from Round Rock to Hutto", ("Hutto",)),
        ("trabajo en el Domain y busco casa en Pflugerville", ("Pflugerville",)),
        ("we want to work with an agent in Kyle", ("Kyle",)),
    ],
)
def test_where_a_lead_works_or_comes_from_is_not_where_they_want_to_live(text: str, areas: tuple[str, ...]) -> None:
    assert slots(text).areas == areas


def test_a_new_area_takes_the_old_neighbourhood_with_it() -> None:
    first = slots("looking in Hyde Park")
    assert first.neighbourhood == "Hyde Park"
    moved = first.merge(slots("actually, homes in Georgetown"))
    assert moved.area == "Georgetown" and moved.neighbourhood is None


@pytest.mark.parametrize(
    "later",
    [
        "we need to move within two months",
        "When can you come see the house?",
        "we're moving to Dallas for work in March",
        "tenemos que mudarnos pronto",
    ],
)
def test_a_seller_who_must_move_or_asks_to_see_the_house_still_sells(later: str) -> None:
    assert conversation("I'm thinking about selling my house in Round Rock", later).plan == "sell"


def test_a_seller_who_says_they_will_buy_next_is_a_buyer_too() -> None:
    assert conversation("I'm selling my house in Kyle", "and we want to buy a bigger place in Buda").plan == "buy"
    assert conversation("we need to move within two months").plan == "buy", "alone, moving words still mean buying"


def test_a_seller_ready_within_two_months_who_asks_for_a_walkthrough_is_hot() -> None:
    assert (
        temperature_of(
            "I'm thinking about selling my house in Round Rock",
            "It's at 4235 Ranch St; we need to move within two months",
            "Yes, when could you come do a walkthrough?",
        )
        == "hot"
    )


# -- 6. a seller's address -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("I want to sell my house at 4511 Avenue D in Hyde Park", Address("4511", "Avenue D", city="Austin")),
        (
            "selling 2208 Brushy Creek Rd, Cedar Park 78613",
            Address("2208", "Brushy Creek Rd", None, "Cedar Park", "78613"),
        ),
        ("123 Main St Apt 4B, Austin, TX 78704", Address("123", "Main St", "Apt 4B", "Austin", "78704")),
        ("is 3308 Clawson still available", Address("3308", "Clawson")),
        ("hi i want the house on Blue Quail", Address(None, "Blue Quail")),
    ],
)
def test_a_street_address_is_parsed_into_its_parts(text: str, address: Address) -> None:
    assert slots(text).address == address


@pytest.mark.parametrize(
    "text", ["i make 2000 a month", "3 bed in round rock", "I buy 2-3 houses a year", "call 512 555 0199"]
)
def test_numbers_that_are_not_addresses(text: str) -> None:
    assert slots(text).address is None


# -- 7. the temperature -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (("4 bed leander", "approved 475", "need to move in 60 days", "sat works"), "hot"),
        (("cash", "this wk", "78702 bungalow, under 700"), "hot"),
        (("Busco casa en Manor, ya estoy pre-aprobado por 380 mil", "¿Podemos ver casas este sábado?"), "hot"),
        (("sell", "pflugerville 3/2", "vacant", "list this week"), "hot"),
        (("Quiero vender mi casa en Pflugerville", "empiezo en tres semanas", "¿cuándo puede venir a verla?"), "hot"),
        (
            ("Can I talk to an actual agent?", "We want to make an offer on 1811 Paloma today", "preapproved for 410"),
            "hot",
        ),
        (("Need a house in Kyle ASAP!", "haven't talked to a lender"), "warm"),
        (
            ("we're cash buyers", "but we're not moving until our youngest graduates next June", "Dripping Springs"),
            "warm",
        ),
        (("I'm preapproved for 420", "honestly I'm not in a rush", "maybe 6 months"), "warm"),
        (("we need to sell our house in Dallas first", "then buy in Round Rock", "preapproved, next month"), "warm"),
        (("Estamos pensando vender la casa de Kyle", "pero hasta el próximo año"), "warm"),
        (("I want a 5 bedroom with a pool in Westlake", "budget is 300k", "no flexibility on that"), "cold"),
        (("Looking for a rental, not buying", "2 bed apartment in North Austin under 1500"), "cold"),
        (("Hi, I'm a loan officer at a local mortgage company", "would love to connect about referrals"), "cold"),
        (("Looking for 4 bed in Round Rock", "actually we just signed a 2 year lease lol"), "cold"),
        (("Looking in Cedar Park, around 550k, next month, pre-approved", "STOP"), "cold"),
        (("just browsing", "no timeline really"), "cold"),
    ],
)
def test_temperature_as_an_austin_agent_grades_it(messages: tuple[str, ...], expected: str) -> None:
    assert temperature_of(*messages) == expected


def test_hot_needs_both_a_near_timeline_and_readiness() -> None:
    soon = LeadSlots(plan="buy", area="Kyle", budget=Budget(None, 350_000), months_to_move=1, wants_appointment=True)
    assert score_lead(soon, replies=5).temperature == "warm"
    ready = LeadSlots(plan="buy", area="Kyle", budget=Budget(None, 350_000), months_to_move=8, financing="cash")
    assert score_lead(ready, replies=5).temperature == "warm"
    both = LeadSlots(area="Kyle", months_to_move=2, financing="pre_approved")
    scored = score_lead(both, replies=1)
    assert scored.temperature == "hot" and any("ready and within 3 months" in reason for reason in scored.reasons)


def test_a_budget_the_area_cannot_meet_is_not_a_fit() -> None:
    tarrytown = conversation("I'd love to buy in Tarrytown", "budget is 250k, next month")
    manor = conversation("I'd love to buy in Manor", "budget is 250k, next month")
    assert score_lead(tarrytown, replies=2).temperature == "cold"
    assert score_lead(manor, replies=2).temperature == "warm"


def test_one_threshold_set_and_reasons_for_every_point() -> None:
    assert (HOT, WARM) == (7.0, 4.0)
    assert [temperature(s) for s in (7.0, 6.9, 4.0, 3.9)] == ["hot", "warm", "warm", "cold"]
    scored = score_lead(conversation("pre-approved, Leander, next month"), replies=1)
    points = sum(float(reason.rsplit(": ", 1)[1]) for reason in scored.reasons)
    assert scored.score == min(10.0, points)


def test_a_low_confidence_guess_at_an_opt_out_does_not_silence_a_lead() -> None:
    start = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)
    history = replay(
        [
            Message("m1", start, "inbound", "Georgetown around 450k"),
            Message("m2", start, "inbound", "lease ends in June"),
        ]
    )
    assert history.opted_out_at is None


# -- 8. one reading for the engine, and stored state -------------------------------------------------------------


def test_extract_clean_reads_normalised_text_as_extract_reads_raw_text() -> None:
    text = "Hola, busco casa en Pflugerville de 3 Recámaras, pre-aprobado por 380 mil, ¿podemos verla el sábado?"
    assert extract_clean(normalise(text), today=TODAY) == extract(text, today=TODAY)


def test_new_slots_survive_the_stored_state_and_old_states_still_read() -> None:
    state = LeadState(slots=conversation("I want to sell my house at 4511 Avenue D in Hyde Park", "list it this week"))
    assert state.slots.address is not None and state.slots.wants_listing
    stored = LeadState.from_json(state.to_json())
    assert stored.slots.address is None, "a home address is personal: sealed elsewhere, never in the state's JSON"
    assert stored == replace(state, slots=replace(state.slots, address=None))
    old = {"bot": "lead", "slots": {"area": "Kyle", "budget": {"low": None, "high": 400000}}, "slots_filled": ["area"]}
    read_back = LeadState.from_json(old)
    assert read_back.slots.area == "Kyle" and read_back.slots.address is None and read_back.slots.areas == ()


def test_slots_are_plain_json() -> None:
    import json

    values = asdict(conversation("4511 Avenue D, Hyde Park, 3/2, 450k, pre-approved, next month"))
    assert json.loads(json.dumps(values)) == json.loads(json.dumps(values, default=str))


def test_the_lead_s_own_name_for_a_place_is_kept_for_replies_and_the_canonical_area_for_data() -> None:
    said = extract("something in Westlake with a pool", today=date(2026, 3, 1))
    assert said.area == "West Lake Hills" and said.where == "Westlake"
    typo = extract("homes in pflugervile under 400", today=date(2026, 3, 1))
    assert typo.where == "Pflugerville", "a misspelling is not a name of its own"
    later = said.merge(extract("what about Buda then?", today=date(2026, 3, 1)))
    assert later.where == "Buda"


def test_a_plan_waiting_on_an_event_is_warm_and_passive_selling_is_a_plan() -> None:
    slots = extract("the condo in Kyle, we'd list it after our divorce is final", today=date(2026, 3, 1))
    assert slots.plan == "sell" and slots.contingency == "waiting"
    assert score_lead(slots, replies=1).temperature == "warm"
    assert extract("Dad's house in Hutto has to be sold", today=date(2026, 3, 1)).plan == "sell"


def test_a_place_and_a_budget_without_a_date_is_warm_but_never_hot_alone() -> None:
    slots = LeadSlots()
    for message in ("somewhere around Hutto", "we can spend up to 380k", "already pre-approved"):
        slots = slots.merge(extract(message, today=date(2026, 3, 1)))
    assert score_lead(slots, replies=3).temperature == "warm"
    browsing = slots.merge(extract("just browsing for now though", today=date(2026, 3, 1)))
    assert score_lead(browsing, replies=4).temperature == "cold"


def test_not_moving_until_a_date_is_a_timeline_not_a_lead_out_of_the_market() -> None:
    slots = extract("we're not going to move until after the holidays, thinking Leander", today=date(2026, 11, 1))
    assert not slots.not_in_market
    assert extract("no nos vamos a mudar, solo preguntaba", today=date(2026, 11, 1)).not_in_market


def test_just_curious_beside_a_question_leaves_the_timeline_alone() -> None:
    slots = extract("pre-approved, moving in June", today=date(2026, 1, 10))
    later = slots.merge(extract("what do 3 beds rent for there? just curious", today=date(2026, 1, 10)))
    assert later.months_to_move == slots.months_to_move and not later.just_browsing
    assert extract("just curious what's out there", today=date(2026, 1, 10)).just_browsing


def test_within_the_month_is_this_month_in_english_and_spanish() -> None:
    for text in ("we'd like it listed within the month", "antes de que termine el mes"):
        assert extract(text, today=date(2026, 11, 20)).months_to_move == 0, text


def test_selling_or_buying_fast_is_urgent() -> None:
    for text in ("we have to sell the Kyle place fast", "need to buy something in Buda real fast"):
        assert extract(text, today=date(2026, 11, 20)).urgent, text


def test_a_seller_moving_away_stays_a_seller_and_a_move_here_is_a_buyer() -> None:
    today = date(2026, 11, 20)
    slots = extract("tenemos que vender la casa en Hutto pronto", today=today)
    for message in ("nos vamos a Monterrey por el trabajo en enero", "¿puede venir alguien a ver la casa el lunes?"):
        slots = slots.merge(extract(message, today=today))
    assert slots.plan == "sell" and score_lead(slots, replies=3).temperature == "hot"
    assert extract("we're relocating to Lakeway from Ohio", today=today).plan == "buy"
    assert extract("can we come see the one on Oak Saturday?", today=today).plan == "buy"
