"""The fair-housing guard: what it flags, what it leaves alone, and how it says why.

Examples here are written for the tests, not copied from the dev split, and cover each protected
class in each construction the rules know (exclusion, preference, requirement, area make-up,
steering, coded appeals, ad targeting), in English and Spanish, and the lawful look-alikes HUD
names. The shipped models must be the ones `ehub train` gives on the dev files now on disk.
"""

from __future__ import annotations

import hashlib
import json

import pytest

from ehub.compliance import fair_housing, model
from ehub.compliance.fair_housing import MAX_AD_TEXT_CHARS, RULES_VERSION, Flag, check_text
from ehub.compliance.steering import steering_check, steering_topic, steering_topic_clean
from ehub.compliance.vocabulary import CLASSES
from ehub.conversation.text import normalise
from ehub.learning.linear import MODELS_DIR
from ehub.learning.train import DEV, SPECS, training_files

FLAGGED = [
    # (text, protected class, rule)
    ("We only rent to white professionals.", "race", "preference"),
    ("Seller will not consider offers from Black families.", "race", "exclusion"),
    ("The block is mostly Asian, so you'd fit right in.", "race", "area-makeup"),
    ("Tenants of a lighter complexion preferred.", "color", "preference"),
    ("Dark-skinned applicants need not apply.", "color", "exclusion"),
    ("Ideal for a Baptist family, the church is next door.", "religion", "preference"),
    ("No Muslims or Sikhs, owner's rule.", "religion", "exclusion"),
    ("Applicants must attend church every Sunday.", "religion", "requirement"),
    ("Landlord prefers female tenants for this whole house.", "sex", "preference"),
    ("No same-sex couples.", "sex", "exclusion"),
    ("Transgender applicants will not be considered.", "sex", "exclusion"),
    ("Must be a U.S. citizen to apply.", "national_origin", "requirement"),
    ("Perfect for a Korean family.", "national_origin", "preference"),
    ("Fluent English speakers only.", "national_origin", "preference"),
    ("No kids under 12.", "familial_status", "exclusion"),
    ("Perfect for empty nesters.", "familial_status", "preference"),
    ("Children must be supervised in the courtyard.", "familial_status", "group-rule"),
    ("Adults only building, 21 and over.", "familial_status", "age-limit"),
    ("No wheelchairs, the elevator is small.", "disability", "exclusion"),
    ("Residents must be able-bodied.", "disability", "requirement"),
    ("No emotional support animals.", "disability", "assistance-animal"),
    ("Not a good fit for buyers with limited mobility.", "disability", "exclusion"),
    ("The owner won't make modifications for disabled tenants.", "disability", "modification-refusal"),
    ("No service dogs, no exceptions.", "disability", "assistance-animal"),
]

FLAGGED_SPANISH = [
    ("Se renta solo a personas blancas.", "race"),
    ("No se aceptan personas de piel oscura.", "color"),
    ("Ideal para una familia católica.", "religion"),
    ("Solo para caballeros.", "sex"),
    ("No se renta a extranjeros.", "national_origin"),
    ("No se aceptan niños.", "familial_status"),
    ("No se aceptan personas en silla de ruedas.", "disability"),
]

STEERING_REPLIES = [
    "Since you're Hindu, you'll probably want to look near the temple in Pflugerville.",
    "Honestly, people like you usually end up in Circle C.",
    "With a baby on the way you'd be happier in the suburbs than in this loft.",
    "That area is changing, if you know what I mean.",
    "Como ustedes son mexicanos, les va a gustar más Dove Springs.",
]

LAWFUL = [
    "Master suite with a walk-in closet and a spa bath.",
    "Open family room with a fireplace.",
    "Mother-in-law suite with its own entrance.",
    "Walking distance to the Red Line and Lady Bird Lake.",
    "Turn left at the Methodist church; the house is the third on the right.",
    "Minutes from the Islamic Center and the Jewish Community Center.",
    "Active-adult 55+ community; at least one resident must be 55 or older.",
    "Senior apartments for residents 62 and older; no one under 18 may reside.",
    "Wheelchair accessible, with a roll-in shower and grab bars.",
    "No pets; service and assistance animals are always welcome.",
    "Reasonable accommodations considered on request.",
    "Section 8 and housing vouchers accepted.",
    "Spanish-style home with French doors, Saltillo tile and a Persian rug.",
    "Black granite counters, white oak floors and a brown brick fireplace.",
    "Female roommate wanted to share my condo; shared kitchen and bath.",
    "Perfect for first-time buyers, investors or a home office.",
    "His-and-hers closets and a man cave in the garage.",
    "Se habla español. Llame para una cita.",
    "Cerca de la parroquia y del parque; sala familiar con chimenea.",
    "Casa accesible con rampa y baño adaptado.",
    "Comunidad para mayores de 55 años con alberca.",
    "I can't tell you who lives in a neighborhood, but I can send prices and commute times.",
    "Every home we list is open to all buyers, regardless of race, religion or national origin.",
    "No puedo decirle quién vive en esa zona, pero le mando precios recientes.",
    "Hi! I'm Jorge, an AI assistant. What price range feels comfortable for you?",
]


@pytest.mark.parametrize(("text", "cls", "rule"), FLAGGED)
def test_each_class_is_flagged_in_each_construction(text: str, cls: str, rule: str) -> None:
    flags = check_text(text)
    assert flags, text
    assert (cls, rule) in {(flag.category, flag.rule) for flag in flags}, flags


@pytest.mark.parametrize(("text", "cls"), FLAGGED_SPANISH)
def test_spanish_copy_is_read_with_the_same_rules(text: str, cls: str) -> None:
    assert cls in {flag.category for flag in check_text(text)}, text


@pytest.mark.parametrize("text", STEERING_REPLIES)
def test_replies_that_steer_are_flagged(text: str) -> None:
    assert check_text(text), text


@pytest.mark.parametrize("text", LAWFUL)
def test_lawful_look_alikes_pass(text: str) -> None:
    assert check_text(text) == [], text


@pytest.mark.parametrize(
    "text",
    [
        "Perfect for CATHOLICS, near the parish.",  # case
        "No ch\u200bildren.",  # a zero-width space
        "Isn’t suitable for kids.",  # a typographic apostrophe
        "𝐍𝐨 𝐜𝐡𝐢𝐥𝐝𝐫𝐞𝐧",  # mathematical bold
        "Catholics-only community.",  # hyphens
    ],
)
def test_text_is_read_without_tricks(text: str) -> None:
    assert check_text(text), text


def test_inflections_and_synonyms_reach_the_same_rule() -> None:
    for text in ("No Mexicans.", "No Mexican tenants.", "No se aceptan mexicanos.", "No se aceptan mexicanas."):
        assert [flag.category for flag in check_text(text)] == ["national_origin"], text


def test_hopa_housing_is_lawful_but_an_adult_building_without_it_is_not() -> None:
    assert check_text("Adults only, 55 and older community.") == []
    assert check_text("Adults only, 40 and older community.")


def test_shared_living_may_state_a_sex_but_a_separate_unit_may_not() -> None:
    assert check_text("Looking for a male roommate to share my apartment; shared kitchen and bath.") == []
    assert check_text("Looking for a male tenant for the separate garage apartment.")


def test_a_refusal_keeps_its_group_words_but_an_exclusion_in_it_still_counts() -> None:
    assert check_text("I can't describe neighborhoods by race or religion.") == []
    assert check_text("I can't say more, but the owner won't rent to Muslims.")


def test_a_lead_describing_themselves_is_not_stating_a_preference() -> None:
    assert check_text("We're a Muslim family of five and we have no kids under 10.") == []


def test_real_words_one_letter_from_a_group_word_are_read_as_themselves() -> None:
    for text in ("Kitchen was redone in 2019.", "No payers of HOA fees in arrears", "Ideal for coupes: 3-car garage"):
        assert check_text(text) == [] and steering_check(text) is None, text
    assert check_text("Christan tenants only") and check_text("Handicaped persons not accepted")


def test_every_flag_names_its_class_rule_source_and_words() -> None:
    texts = [text for text, _, _ in FLAGGED] + [text for text, _ in FLAGGED_SPANISH] + STEERING_REPLIES
    for text in texts:
        for flag in check_text(text):
            assert flag.category in (*CLASSES, "unspecified")
            assert flag.protected_class == flag.category
            assert flag.rule and flag.reason and flag.phrase
            assert flag.source in ("rule", "model") and 0 < flag.score <= 1
            start, end = flag.span
            assert 0 <= start < end <= len(text)


def test_flags_are_what_the_listing_remark_checks_store() -> None:
    """enrichment.py stores `flag.__dict__` as JSON; the marts read category, phrase and reason."""
    stored = json.loads(json.dumps([flag.__dict__ for flag in check_text("No children. Christians only.")]))
    assert {"category", "phrase", "reason", "rule", "source", "score", "span"} <= set(stored[0])
    assert {row["category"] for row in stored} == {"familial_status", "religion"}


def test_the_model_is_a_second_opinion_named_as_such(monkeypatch: pytest.MonkeyPatch) -> None:
    text = "Owner hopes the next family will share our Nordic heritage and traditions."
    assert fair_housing.hits(fair_housing.read(text, MAX_AD_TEXT_CHARS)) == []  # the rules pass it
    monkeypatch.setattr(model, "FAIR_HOUSING", model.Thresholds(alone=0.0, named=0.0))
    monkeypatch.setattr(model.second_opinion, "__defaults__", (model.FAIR_HOUSING,))
    flags = check_text(text)
    assert len(flags) == 1 and flags[0].source == "model" and flags[0].rule == "model:fair_housing"
    assert 0 < flags[0].score <= 1


def test_thresholds_take_the_higher_bar_unless_a_group_is_named() -> None:
    thresholds = model.Thresholds(alone=0.9, named=0.5)
    assert thresholds.decides(0.95, names_group=False)
    assert not thresholds.decides(0.6, names_group=False)
    assert thresholds.decides(0.6, names_group=True)
    assert not thresholds.decides(0.4, names_group=True)


def test_ad_copy_is_read_up_to_its_bound_only() -> None:
    filler = "Bright kitchen with quartz counters. " * (MAX_AD_TEXT_CHARS // 36 + 10)
    assert check_text("No children. " + filler)
    assert check_text(filler + "No children.") == []


def test_rules_version_moved_with_the_rules() -> None:
    assert RULES_VERSION != "fha-2026.12"


def test_flag_is_a_frozen_record() -> None:
    flag = Flag("race", "whites only", "states a preferred occupant by race", rule="preference")
    with pytest.raises(AttributeError):
        flag.category = "color"  # type: ignore[misc]


@pytest.mark.parametrize(
    ("question", "topic"),
    [
        ("Is Riverside a safe area?", "safety"),
        ("¿Es peligrosa esa colonia?", "safety"),
        ("Are the schools any good in Manor?", "schools"),
        ("Are there a lot of Vietnamese families in that subdivision?", "demographics"),
        ("Is the building mostly retirees?", "demographics"),
        ("Is South Congress gay-friendly?", "demographics"),
        ("Would a Black family fit in in Bee Cave?", "demographics"),
        ("¿Hay muchos latinos en Kyle?", "demographics"),
        ("Is that part of town mostly Catholic?", "religion"),
        ("Are there a lot of Mormons in Leander?", "religion"),
    ],
)
def test_steering_questions_get_a_topic(question: str, topic: str) -> None:
    assert steering_topic(question) == topic
    assert steering_topic_clean(normalise(question)) == topic


@pytest.mark.parametrize(
    "question",
    [
        "Where's the nearest mosque to the Parmer listing?",
        "Is there a Korean grocery near the Domain?",
        "What's the TEA rating of the zoned elementary?",
        "Which school district is 100 Main St in?",
        "Can you send me APD's crime statistics for 78745?",
        "Is the house safe from flooding?",
        "Are there 55+ communities near Georgetown?",
        "Does the house have a ramp and wide doorways?",
        "We have three kids; what's available with four bedrooms?",
        "Is there a playground in the subdivision?",
        "¿Hay una iglesia católica cerca de la casa?",
        "around 480k",
        "yes",
        "Do you speak Spanish?",
    ],
)
def test_factual_questions_and_ordinary_messages_are_answered(question: str) -> None:
    assert steering_topic(question) is None, steering_check(question)


def test_a_steering_hit_says_which_class_and_rule() -> None:
    hit = steering_check("Is Pflugerville mostly Hispanic?")
    assert hit is not None and hit.source == "rule" and hit.rule and hit.protected_class == "national_origin"


def test_the_shipped_models_were_trained_on_the_dev_files_on_disk() -> None:
    """`ehub train fair_housing|steering` must be rerun whenever a dev file of their sets changes."""
    for name in ("fair_housing", "steering"):
        shipped = json.loads((MODELS_DIR / f"{name}.json").read_text())["trained_on"]["files"]
        on_disk = {path.name: hashlib.sha256(path.read_bytes()).hexdigest() for path in training_files(SPECS[name])}
        assert shipped == on_disk, f"retrain: ehub train {name}"
        assert all((DEV / file).exists() for file in shipped)


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("Lovely Baptist family home with a big yard.", "religion"),
        ("Charming Christian home close to shopping.", "religion"),
        ("Acogedor hogar católico cerca del centro.", "religion"),
        ("Ideal Korean household home in a quiet cul-de-sac.", "national_origin"),
    ],
)
def test_a_home_described_by_its_households_faith_or_origin_is_a_preference(text: str, cls: str) -> None:
    assert (cls, "preference") in {(flag.category, flag.rule) for flag in check_text(text)}


@pytest.mark.parametrize(
    "text",
    [
        "Family home two blocks from St. Mark's church.",
        "Spanish-style home with a tile roof.",
        "White house with black shutters and a red door.",
        "The seller is Baptist and asks visitors to leave shoes at the door.",
    ],
)
def test_a_home_near_a_church_or_in_a_style_or_colour_is_not_a_preference(text: str) -> None:
    assert not [flag for flag in check_text(text) if flag.source == "rule"]


@pytest.mark.parametrize(
    "text",
    ["Ladies must have a male co-signer on file.", "Husbands cannot apply without their wives.", "Men may not sublet."],
)
def test_a_rule_for_a_sex_named_as_a_class_is_flagged(text: str) -> None:
    assert ("sex", "group-rule") in {(flag.category, flag.rule) for flag in check_text(text)}


def test_a_rule_naming_one_person_is_not_a_rule_for_a_sex() -> None:
    assert not [flag for flag in check_text("My wife must sign the offer too.") if flag.source == "rule"]


def test_spanish_colour_words_in_the_singular_and_diminutive_are_read() -> None:
    for text in ("Busco roomie güera para el cuarto de arriba.", "Se renta cuarto, de preferencia a güerito."):
        assert "color" in {flag.category for flag in check_text(text)}, text


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("Management discourages strollers in the hallways.", True),
        ("Cribs and high chairs are not permitted in the furnished units.", True),
        ("Prohibido dejar carriolas en el pasillo.", True),
        ("Wide stroller-friendly sidewalks lead to the park.", False),
        ("The nursery fits a crib and a rocking chair.", False),
    ],
)
def test_refusing_what_children_need_is_familial_status_but_describing_it_is_not(text: str, flagged: bool) -> None:
    rules = [flag for flag in check_text(text) if flag.source == "rule"]
    assert bool(rules) is flagged and all(flag.category == "familial_status" for flag in rules)


@pytest.mark.parametrize(
    ("text", "cls"),
    [
        ("Residents under 18 may not use the gym.", "familial_status"),
        ("No aceptamos familias numerosas.", "familial_status"),
        ("Honestly I'd skip anything on the other side of the highway.", "race"),
    ],
)
def test_ages_large_families_and_the_other_side_of_town_are_read(text: str, cls: str) -> None:
    assert cls in {flag.category for flag in check_text(text) if flag.source == "rule"}


def test_a_number_or_a_side_of_town_as_a_fact_is_not_flagged() -> None:
    for text in ("Roof replaced, under 18 months old.", "Homes on the other side of town cost less."):
        assert not [flag for flag in check_text(text) if flag.source == "rule"], text


def test_denying_the_innocent_sense_of_fair_is_a_colour_wink_but_fair_terms_are_not() -> None:
    assert "color" in {
        flag.category for flag in check_text("Owner wants a fair tenant, and no, not meaning fair rent.")
    }
    assert not check_text("The seller wants a fair deal and won't take less than market value.")


def test_an_area_sold_as_like_where_the_lead_grew_up_is_steering_but_a_house_like_it_is_not() -> None:
    assert "steering" in {flag.rule for flag in check_text("Leander's streets are a lot like where you grew up.")}
    assert not check_text("A porch swing like the one you grew up with, on a big corner lot.")
