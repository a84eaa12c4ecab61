"""A street address in a lead's message, parsed with usaddress into number, street, unit, city and ZIP.

Sellers name the house they want to sell ("my house at 4511 Avenue D in Hyde Park", "2108
Ridgewood Dr, Austin TX 78704"), buyers the listing they want ("is 3308 Clawson still
available?"). Kept as a slot so the Seller bot can find the property in the MLS records.

A house number is a run of 2 to 6 digits (never with a comma, a $ or a unit after it such as
"sq ft", "k" or "months"). Its street must end in a street type ("Dr", "Blvd", "Cv") or be
introduced by a word that points at a place ("at", "on", "house on", "is ... still available");
usaddress then tags the span. Only the first few candidates of a message are parsed, so a long
message costs no more than a short one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import usaddress

from ehub.patterns import compiled


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STREET_TYPES = _words(
    "street st road rd drive dr lane ln boulevard blvd avenue ave court ct cove cv way trail trl parkway "
    "pkwy circle cir place pl pass path loop bend run terrace ter highway hwy crossing xing hollow holw "
    "ridge rdg point pt square sq row walk"
)
_STREET_TYPE = "|".join(_STREET_TYPES)
_CANDIDATE = compiled(
    r"(?<![\d$.,#/-])(\d{2,6})(?![\d,]|\.\d)\s"
    r"((?:avenue|ave) [a-z]\b|(?:[nsew]\.? |north |south |east |west )?(?:[a-z0-9'.]{1,20} ){0,3}?"
    rf"(?:{_STREET_TYPE})\b\.?|[a-z][a-z']{{2,20}}(?: [a-z][a-z']{{2,20}})?)"
    r"((?:,? (?:apt|unit|suite|ste|#) ?[a-z0-9-]{1,6})?)"
    r"((?:,? (?:austin|[a-z]+(?: [a-z]+)?),? (?:tx|texas))?(?:,? (7[5-9]\d{3}))?)"
)
# "the house on Blue Quail", "the one on Manor Rd", "the bungalow on 43rd": a street without a number.
_ON = compiled(r"\b(?:on|at)\s")
_STREET_WORDS = compiled(
    r"(?:avenue|ave) [a-z]\b|(?:[nsew]\.? )?(?:\d{1,3}(?:st|nd|rd|th)\b|[a-z][a-z']{2,20})(?: [a-z][a-z']{1,20}){0,2}"
)
_LISTING_BEFORE = compiled(
    r"\b(?:house|home|one|listing|condo|townhome|townhouse|bungalow|place|property|duplex|fourplex|lot|casa|"
    r"rental|for lease|for sale|\d bedroom|\d/\d(?:\.5)?|sq ft|square feet|acre)s?\s$"
)
_STOP = _words(
    "in en still is today tonight tomorrow this next and or but so if we i you it that for at to the "
    "available sold near by with from"
)
_POINTING = compiled(r"(?:\bat|\bon|\bis|house|home|property|listing|offer on|casa en|en la|en el|sell|list)\s$")
_NOT_STREET = _words(
    "bed bedroom bedrooms bath baths bathroom square sq sqft feet ft foot pies houses homes units days "
    "weeks months years yrs dollars mil k per a an and or to in for of with the my our is it am pm people "
    "kids credit score down percent acres miles minutes hours times still available"
)
_MAX_CANDIDATES = 3


@dataclass(frozen=True)
class Address:
    number: str | None  # None when the lead named only the street ("the house on Blue Quail")
    street: str
    unit: str | None = None
    city: str | None = None
    zip_code: str | None = None

    def __str__(self) -> str:
        parts = [f"{self.number} {self.street}" if self.number else self.street]
        if self.unit:
            parts.append(self.unit)
        if self.city:
            parts.append(f"{self.city}, TX" + (f" {self.zip_code}" if self.zip_code else ""))
        elif self.zip_code:
            parts.append(self.zip_code)
        return ", ".join(parts)


def find_address(text: str, *, city: str | None = None) -> Address | None:
    """The first street address in normalised text, with `city` when the text names none."""
    for tried, match in enumerate(_CANDIDATE.finditer(text)):
        if tried >= _MAX_CANDIDATES:
            break
        number, street, unit, place, zip_code = match.groups()
        words = street.replace(".", "").split()
        typed = words[-1] in _STREET_TYPES or words[0] in ("avenue", "ave")
        if not typed:
            words = _until_stop(words)
            pointed = _POINTING.search(text[max(0, match.start() - 20) : match.start()])
            followed = re.match(
                r" (?:in|en|is still|still|is available)\b", text[match.start(2) + len(" ".join(words)) :]
            )
            if not words or not (pointed or followed):
                continue
            street, place = " ".join(words), None
        if not words or words[0] in _NOT_STREET or any(word in _NOT_STREET for word in words if not typed):
            continue
        parsed = _tagged(f"{number} {street}{unit or ''}{place or ''}")
        if parsed is None or parsed.get("AddressNumber") != number:
            continue
        street_name = " ".join(
            parsed[key]
            for key in ("StreetNamePreDirectional", "StreetNamePreType", "StreetName", "StreetNamePostType")
            if parsed.get(key)
        )
        if not street_name:
            continue
        unit_text = " ".join(
            parsed[key].title() if key == "OccupancyType" else parsed[key].upper()
            for key in ("OccupancyType", "OccupancyIdentifier")
            if parsed.get(key)
        )
        place_name = parsed.get("PlaceName")
        return Address(
            number=number,
            street=_title(street_name),
            unit=unit_text.replace("# ", "#") or None,
            city=_title(place_name) if place_name else city,
            zip_code=zip_code or parsed.get("ZipCode") or _zip_after(text, match.end()),
        )
    return _street_only(text, city)


def _street_only(text: str, city: str | None) -> Address | None:
    """'the house on Blue Quail': a listing named by its street alone (no number to look up)."""
    tried = 0
    for on in _ON.finditer(text):
        if not _LISTING_BEFORE.search(text[max(0, on.start() - 24) : on.start()]):
            continue
        tried += 1
        match = _STREET_WORDS.match(text, on.end())
        if tried > _MAX_CANDIDATES:
            break
        if match is None:
            continue
        words = match.group().split()
        typed = next((index for index, word in enumerate(words) if word in _STREET_TYPES), None)
        words = words[: typed + 1] if typed is not None else _until_stop(words)
        if words and words[0] not in _NOT_STREET and words[0] not in _STOP:
            return Address(number=None, street=_title(" ".join(words)), city=city)
    return None


def _zip_after(text: str, end: int) -> str | None:
    """A ZIP code right after the street, past a city name: '2208 Brushy Creek Rd, Cedar Park 78613'."""
    found = re.match(r"(?:,? [a-z]+){0,3},? (?:tx |texas )?(7[5-9]\d{3})\b", text[end : end + 40])
    return found.group(1) if found else None


def _until_stop(words: list[str]) -> list[str]:
    for index, word in enumerate(words):
        if word in _STOP or word in _NOT_STREET:
            return words[:index]
    return words


def _tagged(span: str) -> dict[str, str] | None:
    try:
        tagged, _ = usaddress.tag(span)
    except usaddress.RepeatedLabelError:
        return None
    return dict(tagged)


def _title(text: str) -> str:
    return " ".join(word.upper() if len(word) == 1 else word.capitalize() for word in text.split())
