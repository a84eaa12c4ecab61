"""The guard on preferences left unsaid: a look wanted of residents, an area steered away from by its
houses of worship, and the lawful sentences that resemble them (HOA rules on how homes look, churches
named as places, one screening standard for every applicant). Written for the tests, in English and
Spanish."""

from __future__ import annotations

import pytest

from ehub.compliance.fair_housing import check_text


@pytest.mark.parametrize(
    "text",
    [
        "The board is picky, they want neighbors who look a certain way if you catch my drift.",
        "Los dueños prefieren inquilinos que se vean de cierta manera, usted me entiende.",
    ],
)
def test_a_look_wanted_of_residents_is_flagged(text: str) -> None:
    assert check_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "There are so many synagogues on that side of town, I'd steer clear of it.",
        "Hay muchas mezquitas por esa zona, mejor busque en otro lado.",
    ],
)
def test_an_area_steered_away_from_by_its_houses_of_worship_is_flagged(text: str) -> None:
    assert {flag.protected_class for flag in check_text(text)} == {"religion"}


@pytest.mark.parametrize(
    "text",
    [
        "The HOA wants homes that look a certain way: stone fronts and no chain-link fences.",
        "Lots of churches nearby, so parking on the street is tight on Sunday mornings.",
        "Hay muchas iglesias y parques cerca, y el H-E-B está a cinco minutos.",
        "Tenants must earn three times the monthly rent, applied equally to every applicant.",
        "Pedimos comprobante de ingresos de tres veces la renta, los mismos requisitos para todos los solicitantes.",
    ],
)
def test_lawful_look_alikes_pass(text: str) -> None:
    assert check_text(text) == []


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("Tenants who are blind won't qualify for this unit.", "disability"),
        ("Muslim buyers please don't call about this one.", "religion"),
        ("Las familias con niños no califican para este departamento.", "familial_status"),
        ("Personas en silla de ruedas por favor no llamen.", "disability"),
    ],
)
def test_a_group_told_it_will_not_qualify_or_not_to_call_is_excluded(text: str, cls: str) -> None:
    assert cls in {flag.protected_class for flag in check_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Applicants with an eviction in the last 3 years won't qualify.",
        "Solicitantes con desalojos recientes no califican.",
        "Please don't call after 8 pm; texts are fine any time.",
    ],
)
def test_a_criterion_or_a_calling_hour_names_no_group(text: str) -> None:
    assert check_text(text) == []
