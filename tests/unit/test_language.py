"""A lead's language: a message plainly in English or Spanish (its function words all of one
language, and lingua's quick model agreeing) is read as such; a follow-up in the lead's language
stays in it; a message mixing both languages' function words is left to the full detector."""

from __future__ import annotations

import pytest

from ehub.conversation.language import LeadLanguage, language_after


@pytest.mark.parametrize(
    ("message", "language"),
    [
        ("Hi, looking for a 3 bed in Round Rock under 450k", "en"),
        ("Hola, busco una casa de 3 recámaras en Round Rock por menos de 450 mil", "es"),
        ("We're thinking of selling our place in Kyle this spring", "en"),
        ("Quiero vender mi casa en Pflugerville antes del verano", "es"),
        ("transfer me to an agent", "en"),  # the full models alone read it as Spanish, barely (0.51)
    ],
)
def test_a_first_message_plainly_in_one_language_is_read_in_it(message: str, language: LeadLanguage) -> None:
    assert language_after(None, message) == language


@pytest.mark.parametrize(
    ("current", "message"),
    [
        ("en", "We want to move in about three months, our lease ends in March"),
        ("es", "Queremos mudarnos en unos tres meses, se acaba la renta en marzo"),
        ("es", "Es 2 bedrooms 1 bath, como 900 sqft"),  # Spanglish with a few of the lead's own words
    ],
)
def test_a_follow_up_in_the_leads_language_keeps_it(current: LeadLanguage, message: str) -> None:
    assert language_after(current, message) == current


@pytest.mark.parametrize(
    ("current", "message", "after"),
    [
        (None, "Hey, es Miguel, we want to buy una casa en Buda, ya tenemos el approval, mándame listings", "es"),
        ("es", "We are pre-approved and want to move in April", "en"),
        ("en", "Tenemos 3 hijos y queremos una casa en Kyle", "es"),
    ],
)
def test_mixed_messages_and_switches_are_the_detectors_call(
    current: LeadLanguage | None, message: str, after: LeadLanguage
) -> None:
    assert language_after(current, message) == after
