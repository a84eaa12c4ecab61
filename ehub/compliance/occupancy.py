"""Occupancy caps that limit households below the occupancy standard (familial status).

HUD's occupancy guidance (the Keating memo, 63 FR 70256) holds two persons per bedroom generally
reasonable. A cap below that ("maximum occupancy two persons" on a three-bedroom, "one person per
bedroom", "máximo 2 personas por departamento de 3 recámaras") or any cap on children ("one child
max") limits families with children. A cap that meets the standard ("up to 5 people in the
2-bedroom") and limits on guests, cars or a pool's capacity are not about households. A charge on
each child ("add $50 a month for each child") limits families with children too.
"""

from __future__ import annotations

from collections.abc import Iterator

from ehub.compliance.constructions import phrase_pattern
from ehub.compliance.cues import sentence_span
from ehub.compliance.reading import Hit, Reading
from ehub.patterns import compiled

_NUMBER = r"(?P<n>one|two|three|four|five|six|1|2|3|4|5|6|un|una|uno|dos|tres|cuatro|cinco|seis)"
_WHO = (
    r"(?P<who>person|people|persons|occupants?|residents?|adults?|individuals?|personas?|ocupantes|residentes"
    r"|adultos|children|child|kids?|kiddos?|ninos?|hijos?|menores)"
)
_CAPS = (
    phrase_pattern(
        r"\b(?:maximum|max|maximo|limit(?:ed)?|no more than|not more than|at most|up to|hasta|capped|restricted)"
        r"(?: (?:occupancy|de ocupacion|ocupacion))?(?: (?:is|of|to|at|de|es|a))* " + _NUMBER + " " + _WHO + r"\b"
    ),
    phrase_pattern(r"\b" + _NUMBER + " " + _WHO + r" (?:max|maximum|maximo|limit|or fewer|or less|como maximo)\b"),
)
_PER_ROOM = phrase_pattern(
    r"\b(?:one|1|una|un) (?:person|persona|occupant|ocupante|adult|individual|resident)s? (?:per|por|each|a|in each"
    r"|for each|every|in every) (?:bed ?room|recamara|room|habitacion|cuarto)\b"
)
# "Single occupancy only on the 2-bedroom": a cap of one, below the standard for any bedroom count over one.
_SINGLE = phrase_pattern(
    r"\b(?:single|one|1|sole) (?:occupancy|occupant|person|adult|resident) only\b|\bonly (?:one|1|a single)"
    r" (?:occupant|person|resident|adult)\b|\bocupacion individual\b|\b(?:solo|solamente) (?:una|1) persona\b"
)
# A charge on each child: "add $50 a month for each child", "$100 more rent per kid", "cobramos $50 por cada niño".
_PER_CHILD = phrase_pattern(
    r"\b(?:add|extra|additional|surcharge|plus|more|cobramos|cobra|cargo|adicionales?|mas)(?: [\w$,.']+){0,5}?"
    r" (?:for|per|por) (?:each|every|cada|a|one)? ?(?:child|children|kid|kids|minor|hijo|hijos|nino|ninos|menor)\b"
)
_AMOUNT = compiled(r"\$ ?\d|\b\d[\d,.]* ?(?:dollars|dolares|usd)\b")
_CHILDREN = frozenset(
    ("children", "child", "kid", "kids", "kiddo", "kiddos", "nino", "ninos", "hijo", "hijos", "menores")
)
_VALUES = {"one": 1, "un": 1, "una": 1, "uno": 1, "two": 2, "dos": 2, "three": 3, "tres": 3, "four": 4}
_VALUES |= {"cuatro": 4, "five": 5, "cinco": 5, "six": 6, "seis": 6}
_BEDROOMS = compiled(
    r"\b(?P<n>\d|one|two|three|four|five|six|una|dos|tres|cuatro|cinco)[ -]?(?:bed(?:room)?s?|br|bd|bdr|recamaras?"
    r"|habitaciones|dormitorios)\b|\b(?P<m>\d) ?/ ?\d(?:\.\d)?\b"
)
_STUDIO = compiled(r"\b(?:studio|efficiency|estudio|eficiencia)\b")
# Caps on something other than a household: guests, an amenity's capacity, a showing.
_NOT_HOUSEHOLD = phrase_pattern(
    r"\b(?:guests?|visitors?|invitad\w+|visitas?|pool|spa|hot tub|jacuzzi|elevator|gym|fitness|clubhouse|party"
    r"|parties|events?|boat|tours?|showings?|open house|class|classes|meetings?|seats?|capacity|per car|per vehicle"
    r"|camps?|lessons?|tickets?|pass|passes|admission|tuition|daycare|child ?care|lunch|meals?|programs?|credit)\b"
)
_NEAR = 40  # characters either side of a cap in which a guest, a pool or a car makes it no household cap


def caps(reading: Reading) -> Iterator[Hit]:
    """Household caps below two persons per bedroom, any cap on children, and charges on each child."""
    text = reading.masked
    bedrooms = _bedrooms(text)
    for match in _PER_ROOM.finditer(text):
        yield Hit("familial_status", "occupancy-cap", *match.span())
    for match in _SINGLE.finditer(text):
        if (bedrooms or 0) >= 2 and not _NOT_HOUSEHOLD.search(text, max(0, match.start() - _NEAR), match.end() + _NEAR):
            yield Hit("familial_status", "occupancy-cap", *match.span())
    for match in _PER_CHILD.finditer(text):
        # money, not "add a bedroom for each kid"; the amount may come first ("$100 extra per month for each child")
        amount = _AMOUNT.search(text, max(0, match.start() - 12), match.end())
        if amount and not _NOT_HOUSEHOLD.search(text, max(0, match.start() - _NEAR), match.end() + _NEAR):
            yield Hit("familial_status", "child-charge", *match.span())
    for match in (match for pattern in _CAPS for match in pattern.finditer(text)):
        start, end = sentence_span(reading, reading.sentence_at(match.start()))
        start, end = max(start, match.start() - _NEAR), min(end, match.end() + _NEAR)
        number = _value(match.group("n"))
        below = number is not None and (number <= 3 if bedrooms is None else number < 2 * bedrooms)
        if match.group("who") in _CHILDREN or (below and not _NOT_HOUSEHOLD.search(text, start, end)):
            yield Hit("familial_status", "occupancy-cap", *match.span())


def _value(word: str) -> int | None:
    return int(word) if word.isdigit() else _VALUES.get(word)


def _bedrooms(text: str) -> int | None:
    found = [_value(match.group("n") or match.group("m")) for match in _BEDROOMS.finditer(text)]
    counts = [count for count in found if count]
    if counts:
        return max(counts)
    return 1 if _STUDIO.search(text) else None


__all__ = ["caps"]
