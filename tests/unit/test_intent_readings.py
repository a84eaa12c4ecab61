"""Readings of single messages the model alone got wrong: a lead unloading their own property, a call
turned down for texts (a "do not call me" stays an opt-out: `opt_out`), and a lead who does not know the
number writing to them."""

from __future__ import annotations

import pytest

from ehub.conversation.intent import classify


@pytest.mark.parametrize(
    "text",
    [
        "y'all buy houses? need to get rid of our place on Slaughter Ln fast",
        "We want to offload the duplex we inherited in Taylor",
        "¿Ustedes compran casas? Quiero deshacerme de mi casa en Manor",
        "necesitamos deshacernos de la propiedad de mi tío en Lockhart",
    ],
)
def test_a_lead_unloading_their_own_property_is_a_seller(text: str) -> None:
    assert classify(text).intent == "seller_intent"


@pytest.mark.parametrize(
    "text",
    [
        "how do I get rid of the HOA fees on a condo?",  # no property of theirs to sell
        "¿cómo me deshago de las hormigas en el jardín?",
    ],
)
def test_getting_rid_of_something_else_is_no_sale(text: str) -> None:
    assert classify(text).intent != "seller_intent"


@pytest.mark.parametrize(
    "text",
    [
        "no need to call me, just text me the 3 bed listings in Buda",
        "No me llames porfa, mejor mándame las casas de Kyle por mensaje",
    ],
)
def test_a_call_turned_down_for_texts_is_no_request_for_a_person(text: str) -> None:
    assert classify(text).intent == "buyer_intent"


@pytest.mark.parametrize(
    "text",
    [
        "I'm not a texter, call me about the Buda house",
        "no me escribas, mejor llámame para vender mi casa",
    ],
)
def test_asking_for_the_call_instead_still_asks_for_a_person(text: str) -> None:
    assert classify(text).intent == "human_request"


@pytest.mark.parametrize(
    "text",
    [
        "who's texting me? I don't recognize this number",
        "¿Quién me está mandando mensajes? No conozco este número",
    ],
)
def test_not_knowing_who_writes_is_a_question_not_an_opt_out(text: str) -> None:
    assert classify(text).intent == "information_seeking"


@pytest.mark.parametrize(
    "text",
    [
        "I don't recognize this number, stop texting me",
        "No reconozco este número, no me escriban más",
    ],
)
def test_an_unknown_number_with_an_opt_out_still_opts_out(text: str) -> None:
    assert classify(text).intent == "opt_out"
