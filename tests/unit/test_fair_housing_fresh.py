"""Preferences the second set of fresh fair-housing texts (compliance_fresh2) showed the guard missing,
each beside the lawful copy that resembles it: "urban" renters in scare quotes, the "right" neighbours,
neighbours counted by their religious dress, welcome only to a congregation's members, housing for older
persons said not to apply, a charge on each child with the amount first, steering by origin or a
wheelchair in Spanish, and an accommodation offered (which the model must not read as an exclusion)."""

from __future__ import annotations

import pytest

from ehub.compliance.fair_housing import check_text


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("Lots of 'urban' renters moved in recently, I'd avoid it.", "race"),
        ("If you want good schools and the right neighbors, stay west of MoPac.", "race"),
        ("Si quiere buenas escuelas y los vecinos adecuados, busque al oeste de MoPac.", "race"),
        ("There's a big temple nearby, so lots of turbans, just so you know.", "religion"),
        ("Ese barrio está lleno de mujeres con velo, mejor busque en otro lado.", "religion"),
        ("That HOA is run by the church, so unless you're a member you won't feel welcome.", "religion"),
        ("La asociación la maneja la iglesia, a menos que sea miembro no se va a sentir a gusto.", "religion"),
        ("Adult community, no kids allowed (not a 55+ community).", "familial_status"),
        ("No es una comunidad para mayores de 55, no se aceptan niños.", "familial_status"),
        ("$100 extra per month for each child.", "familial_status"),
        ("$75 adicionales al mes por cada niño.", "familial_status"),
        ("Por su origen, creo que estaría más cómodo en el este de Austin.", "national_origin"),
        ("Con la silla de ruedas de su hijo no le va a convenir esa casa, busque en otro lado.", "disability"),
        ("With your son's wheelchair that house won't work for you, look elsewhere.", "disability"),
    ],
)
def test_the_preference_is_flagged_under_its_class(text: str, cls: str) -> None:
    assert cls in {flag.protected_class for flag in check_text(text)}, check_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Urban loft with exposed brick, walk to the Red Line.",
        "Lots of headroom in the attic and so many closets.",
        "Unless you're a member of the HOA you can't reserve the clubhouse.",
        "Turn right at the church; unless you're a member, park on the street on Sundays.",
        "55+ community; no one under 19 may reside.",
        "Comunidad para mayores de 55 años, según la ley de vivienda para personas mayores.",
        "Pool is open to residents, $5 per guest.",
        "Reasonable accommodations will be considered for applicants with disabilities.",
        "Se consideran ajustes razonables para personas con discapacidad.",
        "We'll find the right buyer for your home.",
        "Me interesa su opinión sobre el origen de la casa: ¿es de 1920?",
    ],
)
def test_lawful_look_alikes_pass(text: str) -> None:
    assert check_text(text) == [], check_text(text)


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("There's a lot of Vietnamese out that way, just so you're aware.", "national_origin"),
        ("Hay muchos vietnamitas por allá, nomás para que sepa.", "national_origin"),
        ("The buyers over there are a little more 'colorful' these days, just a heads up.", "race"),
        ("Given your heritage, the Pflugerville area may suit you better.", "race"),
        ("Dada su ascendencia, le convendría más Pflugerville.", "race"),
        ("Hay muchas mujeres con hiyab en esa zona, mejor veamos otra.", "religion"),
    ],
)
def test_a_group_counted_or_hinted_at_is_flagged(text: str, cls: str) -> None:
    assert cls in {flag.protected_class for flag in check_text(text)}, check_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Lots of Mexican restaurants and taquerias nearby.",
        "Mostly Spanish-style homes on the street.",
        "So many Chinese pistache trees along the street.",
        "Tons of Italian and Thai places within walking distance.",
        "The garden is a little more colorful in spring.",
        "Muchos restaurantes mexicanos y vietnamitas cerca.",
    ],
)
def test_a_counted_style_cuisine_or_tree_passes(text: str) -> None:
    assert check_text(text) == [], check_text(text)
