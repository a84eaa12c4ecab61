"""Reading what a lead asks and states, in English and Spanish with SMS shorthand: how long homes
take to sell and what they cost, what the lead's own home is worth (a seller), a stay before
buying (no rent question), a lender's help wanted, and which ZIP codes bound an Austin district."""

from __future__ import annotations

from datetime import date

import pytest

from ehub.conversation.asks import asks_about_market, asks_about_rent
from ehub.conversation.intent import classify
from ehub.conversation.readiness import asks_for_lender, financing
from ehub.conversation.signals import asks_own_value, plan
from ehub.conversation.slots import extract
from ehub.conversation.text import normalise
from ehub.geography import district_zip_codes

TODAY = date(2026, 11, 20)


@pytest.mark.parametrize(
    "question",
    [
        "and how long do they sit on the market out there",
        "hw much r houses n georgetwon rn",
        "how much is a 3 bed in Leander these days?",
        "¿Cuántos días tardan en venderse en Pflugerville?",
        "cuánto tiempo duran las casas en el market en Hutto?",
        "¿Cuánto cuesta una casa en Manor?",
    ],
)
def test_questions_on_how_long_homes_take_and_what_they_cost_are_market_questions(question: str) -> None:
    clean = normalise(question)
    assert asks_about_market(clean) and plan(clean) is None, "homes in general, not a sale of the lead's"


@pytest.mark.parametrize(
    "message", ["how much is it", "how much are the homes you sent me", "how much is my house worth in Kyle"]
)
def test_a_listing_or_own_home_question_is_no_market_question(message: str) -> None:
    assert not asks_about_market(normalise(message))


def test_a_house_that_must_sell_is_still_a_sale() -> None:
    assert plan(normalise("La casa tiene que venderse pronto, está en Kyle")) == "sell"
    assert plan(normalise("we need it on the market by June")) == "sell"


@pytest.mark.parametrize(
    "message",
    [
        "Can you send me a CMA on my house? 302 Cimarron Hills Trl, Georgetown",
        "Hi, what's my home worth? 1807 Chisholm Trail Rd, Round Rock 78681. 4/2, about 2,100 sf.",
        "Buenas noches, quisiera saber cuánto vale mi casa. Es en 15402 Sun Rose Trl, Pflugerville.",
        "It's 8912 Bluegrass Dr in Austin, 3/2, 1,500 sqft. Just tell me what it's worth.",
    ],
)
def test_asking_what_ones_own_home_is_worth_is_a_seller(message: str) -> None:
    assert classify(message).intent == "seller_intent"


@pytest.mark.parametrize(
    "message",
    [
        "What's my house worth? Purely for the refinance paperwork, we're not selling.",
        "¿Cuánto vale la casa de mi vecino? Acaba de poner letrero.",
        "For what it's worth, we love 1200 Oak St in Kyle",
        "We want to buy in Georgetown and I'm curious what our condo in Dallas might be worth",
        "what is it worth to you",
    ],
)
def test_other_worth_questions_are_no_own_home_valuation(message: str) -> None:
    assert not asks_own_value(normalise(message))


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        ("We'll rent for about 6 months, then buy in Mueller", False),
        ("we rented for a couple of years before this", False),
        ("What do 3/2s rent for in Manor these days?", True),
        ("what would it rent for?", True),
    ],
)
def test_a_stay_before_buying_is_no_rent_question(message: str, asks: bool) -> None:
    assert asks_about_rent(normalise(message)) is asks


@pytest.mark.parametrize(
    ("message", "reading"),
    [
        ("idk anything about loans tho", "not_pre_approved"),
        ("first home, no lender yet", "not_pre_approved"),
        ("no sabemos cuánto nos prestan", "not_pre_approved"),
        ("no sé nada de hipotecas", "not_pre_approved"),
        ("I don't know the lender's name but we're pre-approved", "pre_approved"),
        ("cash, no lender needed", "cash"),
        ("no idea about the HOA yet", None),
    ],
)
def test_not_knowing_about_loans_is_not_pre_approved(message: str, reading: str | None) -> None:
    assert financing(normalise(message)) == reading


@pytest.mark.parametrize(
    ("message", "asks"),
    [
        ("k can u connect me w a lender", True),
        ("do you know a good loan officer?", True),
        ("¿Conocen algún prestamista?", True),
        ("I'm a loan officer with Lone Star Lending", False),
        ("our lender says we're good for 450", False),
    ],
)
def test_a_lenders_help_asked_for(message: str, asks: bool) -> None:
    assert asks_for_lender(normalise(message)) is asks


def test_a_district_of_austin_is_bounded_by_its_zip_codes_and_a_town_by_its_name() -> None:
    assert district_zip_codes("Mueller") == ("78723",)
    assert district_zip_codes("Central Austin", "Hyde Park") == ("78751",), "the neighbourhood's own ZIP"
    assert district_zip_codes("Mueller", "Hyde Park") == ("78723",), "a neighbourhood elsewhere does not count"
    assert district_zip_codes("Round Rock", "Teravista") == () and district_zip_codes("Kyle") == ()
    assert district_zip_codes(None) == ()


def test_two_areas_named_keep_the_first_without_a_neighbourhood_of_the_second() -> None:
    slots = extract("then buy in Mueller or Hyde Park, budget around 900k", today=TODAY)
    assert slots.area == "Mueller" and slots.neighbourhood is None and slots.where == "Mueller"
    nested = extract("looking in Round Rock, maybe Teravista", today=TODAY)
    assert nested.area == "Round Rock" and nested.neighbourhood == "Teravista"
