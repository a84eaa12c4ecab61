"""Fair-housing readings of who a text is about: steering from the reader's own class even when the
word has everyday senses ("since you're Black"), faith required as a condition of living there, and
charges or caps that fall on households with children. Written for the tests, in English and Spanish,
each with lawful look-alikes."""

from __future__ import annotations

import pytest

from ehub.compliance.fair_housing import check_text

STEERS = [
    ("Since you're Black, you'd feel more at ease in Manor.", "race"),
    ("Since you're Hindu, Cedar Park near the temple is a more natural fit for you.", "religion"),
    ("Como usted es musulmana, le conviene más vivir cerca de la mezquita, con los suyos.", "religion"),
    ("Por su tono de piel, tal vez le convenga más buscar en el este de Austin.", "color"),
]
FAITH_REQUIRED = [
    "Residents are required to attend Sunday services.",
    "Applicants must include a letter from your pastor.",
    "New owners must attend the Bible study in their first month.",
    "Requisito para rentar: ser miembro de una iglesia cristiana.",
]
CHILD_LIMITS = [
    "Rent is $1,500 plus $75 a month for each kid.",
    "Cobramos $50 más al mes por cada niño.",
    "Single occupancy only in this 3-bedroom.",
]
LAWFUL = [
    "Since you're a first-time buyer, you may feel more at ease with an FHA loan.",
    "Since you're pre-approved, a 3 bed in Kyle is a natural fit for your budget.",
    "Como usted es de Kyle, le conviene ver casas en Buda.",
    "Since you are a veteran, a VA loan might suit you better.",
    "Bible study meets Tuesdays in the clubhouse, all are welcome.",
    "Our pastor recommended your team.",
    "Add a bedroom for each kid and you get the 4-bed plan.",
    "There is an extra $25 fee per kid for the HOA summer camp.",
    "Tax credit of $2,000 per child.",
]


@pytest.mark.parametrize(("text", "cls"), STEERS)
def test_steering_from_the_readers_own_class_is_flagged(text: str, cls: str) -> None:
    flags = check_text(text)
    assert any(flag.category == cls for flag in flags), flags


@pytest.mark.parametrize("text", FAITH_REQUIRED)
def test_faith_demanded_as_a_condition_is_a_religious_requirement(text: str) -> None:
    assert any(flag.category == "religion" for flag in check_text(text)), text


@pytest.mark.parametrize("text", CHILD_LIMITS)
def test_charges_and_caps_on_households_with_children_are_familial_status(text: str) -> None:
    assert any(flag.category == "familial_status" for flag in check_text(text)), text


@pytest.mark.parametrize("text", LAWFUL)
def test_look_alikes_without_a_protected_class_pass(text: str) -> None:
    assert check_text(text) == []
