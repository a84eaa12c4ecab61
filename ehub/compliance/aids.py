"""Accommodations, practices and papers: terms that only an exclusion or a restriction makes unlawful.

A wheelchair, a service dog, a hijab, a menorah, a stroller or a consular ID names no preferred occupant:
"wheelchair accessible", "service animals welcome", "kosher kitchen" and "consular ID accepted"
describe a home or welcome people. Refusing, restricting or charging for one is what the Fair
Housing Act forbids (24 CFR 100.204 for accommodations; religion and national origin for practices):
"no ESAs", "walkers may not be used in the lobby", "menorahs are not approved", "no curry smells",
"pet rent applies to assistance animals too", "no strollers in the building" (familial status). A
term hung on a person ("residents using mobility devices", "anyone with a service dog") also takes
the rules a group of people takes: "residents using mobility devices must sign a waiver".
"""

from __future__ import annotations

from collections.abc import Iterator

from ehub.compliance.constructions import phrase_pattern
from ehub.compliance.cues import Cues, gap, hit_at, left, right, sentence_span
from ehub.compliance.reading import Hit, Mention, Reading

# Restrictions placed on an aid or a practice, after it ("walkers may not be used", "menorahs are not approved").
RESTRICTED_AFTER = phrase_pattern(
    r"\b(?:(?:may|must|shall|will|can|should) not|cannot|can'?t|won'?t|mustn'?t)(?: be)? (?:used|brought|charged"
    r"|kept|parked|operated|ridden|displayed|shown|hung|worn|held|placed|allowed|permitted|approved|reserved"
    r"|accepted|processed|honou?red|answered|translated|considered)\b"
    r"|\bmust (?:be )?(?:stored|kept|left|parked|hidden|folded)(?: \w+)? (?:in|inside|indoors|out of|away)\b"
    r"|\b(?:are|is|were) (?:not|no longer) (?:approved|permitted|allowed|accepted|welcome|processed|honou?red)\b"
    r"|\bnot (?:approved|permitted|allowed|tolerated)\b|\b(?:are|is) (?:prohibited|banned|forbidden)\b"
    r"|\bno (?:podran|pueden|se permiten|estan permitid[oa]s|esta permitid[oa]|se aceptan?)\b|\bprohibid[oa]s?\b"
    r"|\bdeberan (?:guardarse|quedarse|pagar)\b"
)
# ... and before it ("may not display religious symbols", "only Christmas decorations", "other than crosses").
RESTRICTED_BEFORE = phrase_pattern(
    r"\b(?:may not|must not|cannot|can'?t|shall not|(?:are|is) not (?:allowed|permitted) to|not allowed to"
    r"|(?:are|is) asked not to|asked not to|please do not|please don'?t|do not|don'?t"
    r"|prohibited from|no (?:pueden|podran))(?: \w+)? (?:display|displaying|use|using|hold|holding|have|having|keep"
    r"|keeping|bring|bringing|cook|cooking|wear|wearing|host|hosting|put up|hang|hanging|place|placing|practice"
    r"|practicing|reserve|be reserved for|be used for|usar|tener|poner|colgar|traer)\b"
    r"|\bother than\b|\bonly\b|\bsolo se permiten\b|\bsolamente\b|\bunicamente\b"
)
_EXAMPLE = phrase_pattern(r"\b(?:like|such as|including|especially|e g)\b")
_REFUSED_AID = phrase_pattern(r"\b(?:not|never|no)\W+$")
_NEGATIVE_AFTER = phrase_pattern(r"\W*(?:pets?|a pet|as pets)\b")
_AID_EXCLUDED = phrase_pattern(
    r"\b(?:not (?:accepted|allowed|permitted|welcome)|prohibited|banned|no se permiten|from (?:touring|seeing|viewing"
    r"|buying|renting|applying|moving in))\b"
)
# Charging for an assistance animal as for a pet, unless the sentence exempts it.
_ANIMAL = phrase_pattern(r"\b(?:animals?|dogs?|esas?|perros?|animales)\b")
_FEE = phrase_pattern(
    r"\b(?:pet (?:fees?|rent|deposits?|charges?)|animal (?:fees?|rent|deposits?)|(?:extra|additional|higher|double)"
    r" (?:deposits?|fees?|rent)|rentas? de mascotas?|depositos? de mascotas?|cuotas? de mascotas?|cargos? por"
    r" mascotas?|surcharges?)\b"
)
_EXEMPT = phrase_pattern(
    r"\b(?:exempt\w*|waiv\w+|not (?:be )?(?:charged|subject|required|considered)|no (?:pet )?(?:fees?|rent"
    r"|deposits?|charges?)|free of|without|never|excluded from|(?:do|does) not (?:pay|apply)|don'?t (?:pay|apply)"
    r"|doesn'?t apply|no se (?:cobra|aplica)|no (?:pagan|aplica)|exent\w+|sin costo|not pets|no son mascotas)\b"
)

CUES = {"aid-excluded": _AID_EXCLUDED, "restricted": RESTRICTED_AFTER, "restricting": RESTRICTED_BEFORE}


def aid(reading: Reading, cues: dict[str, Cues], mention: Mention) -> Iterator[Hit]:
    """An accommodation, a practice or a document: unlawful to exclude or restrict, lawful to offer."""
    span = left(reading, cues["no"], mention, 1, True) or left(reading, cues["exclude"], mention, 6, False)
    if span:
        yield hit_at(mention, reading, "exclusion", span)
    span = left(reading, cues["no"], mention, 6, False)  # "no strong cooking smells like curry"
    if span and _EXAMPLE.search(reading.masked, span[1], reading.starts[mention.first]):
        yield hit_at(mention, reading, "exclusion", span)
    end = reading.ends[mention.last - 1]
    reach = 6 if mention.kind == "practice" else 3  # "religious gatherings of more than five people are prohibited"
    after = right(reading, cues["aid-excluded"], mention, reach, False) or right(
        reading, cues["restricted"], mention, reach, False
    )
    if after and not _NEGATIVE_AFTER.match(reading.masked, after[1]) and end <= after[0]:
        yield hit_at(mention, reading, "exclusion", after)
    span = left(reading, cues["restricting"], mention, 4, False)
    if span:
        yield hit_at(mention, reading, "exclusion", span)
    span = left(reading, cues["require"], mention, 3, False)
    if span and (
        "not" in [*gap(reading, span[0], reading.starts[mention.first]), reading.masked[slice(*span)]]
        or _REFUSED_AID.search(reading.masked, max(0, span[0] - 12), span[0])
    ):  # "must not require a live-in aide"
        yield hit_at(mention, reading, "requirement", span)
    if mention.person:  # "residents using walkers must sign a waiver", "anyone with an ESA should look elsewhere"
        for name, rule in (("must", "group-rule"), ("excluded", "exclusion")):
            span = right(reading, cues[name], mention, 3, False)
            if span:
                yield hit_at(mention, reading, rule, span)


def animal_fees(reading: Reading, found: list[Mention]) -> Iterator[Hit]:
    """Pet rent, pet fees or deposits charged for an assistance animal (HUD: an animal that is not a pet)."""
    seen = set()
    for mention in found:
        if mention.kind != "aid" or not _ANIMAL.search(mention.term):
            continue
        sentence = reading.sentence_at(reading.starts[mention.first])
        if sentence in seen:
            continue
        seen.add(sentence)
        start, end = sentence_span(reading, sentence)
        text = reading.masked[start:end]
        fee = _FEE.search(text)
        if fee and not _EXEMPT.search(text):
            yield Hit(
                "disability",
                "assistance-animal",
                start + fee.start(),
                max(start + fee.end(), reading.ends[mention.last - 1]),
            )


__all__ = ["CUES", "aid", "animal_fees"]
