"""Qualification slots from free text: LPMAMA (Location, Price, Motivation/timeline, Agent, Mortgage,
Appointment), plus bedrooms.

Budgets as people write them ("550k", "$1.2M", "under 450", "4-500k", "between 400 and 500k"),
areas with misspellings and ZIP codes, timelines ("next month", "by August", "lease ends in March"),
financing, an agent already, a wish to tour. Negation-aware: "not sure" is not "sure", "not
pre-approved yet" is not pre-approved, "no agent" is not an agent.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field, replace
from datetime import date
from itertools import pairwise

from ehub.conversation.text import normalise
from ehub.geography import AREAS

_MONTHS = {
    name: number
    for number, names in enumerate(
        (
            ("january", "jan", "enero"),
            ("february", "feb", "febrero"),
            ("march", "mar", "marzo"),
            ("april", "apr", "abril"),
            ("may", "mayo"),
            ("june", "jun", "junio"),
            ("july", "jul", "julio"),
            ("august", "aug", "agosto"),
            ("september", "sept", "sep", "septiembre"),
            ("october", "oct", "octubre"),
            ("november", "nov", "noviembre"),
            ("december", "dec", "diciembre"),
        ),
        start=1,
    )
    for name in names
}
_SEASONS = {
    "spring": 4,
    "primavera": 4,
    "summer": 7,
    "verano": 7,
    "fall": 10,
    "autumn": 10,
    "otono": 10,
    "winter": 1,
    "invierno": 1,
}
_AREA_ALIASES: dict[str, str] = {
    **{area.name.lower(): area.name for area in AREAS},
    **{area.city.lower(): area.name for area in AREAS if area.city != "Austin"},
    "westlake": "West Lake Hills",
    "west lake": "West Lake Hills",
    "rollingwood": "Westlake/Rollingwood",
    "pflug": "Pflugerville",
    "dripping": "Dripping Springs",
    "dt": "Downtown",
    "downtown austin": "Downtown",
    "east side": "East Austin",
    "eastside": "East Austin",
    "roundrock": "Round Rock",
    "cedarpark": "Cedar Park",
    "georgetwon": "Georgetown",
    "leandr": "Leander",
}
_ZIP_AREA = {zip_code: area.name for area in AREAS for zip_code in area.zip_codes}
_LONGEST_ALIAS = max(map(len, _AREA_ALIASES))

# Linear time on any text: a number starts only where a run of digits starts (never inside "1,1,1…",
# which once cost seconds per message), its digits are taken possessively (no backtracking), and a
# single \s stands for a space (text arrives normalised, single-spaced).
_NUMBER = r"(?<!\d)(?<!\d[.,])(\d++(?:[.,]\d++)*+)"
_AMOUNT = rf"\$?\s?{_NUMBER}\s?(?:(k|m|mil|million|thousand)\b)?"
_RANGE = re.compile(rf"(?:between\s)?{_AMOUNT}\s?(?:-|to|and|a)\s?{_AMOUNT}")
_CEILING = re.compile(rf"(?:under|below|less than|max(?:imum)?|up to|no more than|menos de|hasta)\s{_AMOUNT}")
_SINGLE = re.compile(rf"(?:budget(?: is| of| around)?|around|about|~|presupuesto(?: de)?|for)?\s?{_AMOUNT}")
_BEDS = re.compile(r"\b(\d)\s?-?\s?(?:bedrooms?|bd|br|beds?|recamaras|habitaciones|cuartos)\b")
_NEGATION = r"(?:not|no|aren'?t|isn'?t|haven'?t|do not|don'?t|todavia no|aun no)\s(?:\w++\s){0,2}"


@dataclass(frozen=True)
class Budget:
    low: int | None
    high: int


@dataclass(frozen=True)
class LeadSlots:
    area: str | None = None
    budget: Budget | None = None
    months_to_move: int | None = None
    just_browsing: bool = False
    financing: str | None = None  # pre_approved, cash, not_pre_approved
    has_agent: bool | None = None
    wants_appointment: bool = False
    bedrooms: int | None = None
    filled: tuple[str, ...] = field(default=())

    def merge(self, newer: LeadSlots) -> LeadSlots:
        """What we know after a newer message: its values where it has any, ours otherwise."""
        updates = {name: getattr(newer, name) for name in newer.filled}
        merged = replace(self, **updates) if updates else self
        if newer.wants_appointment:
            merged = replace(merged, wants_appointment=True)
        return replace(merged, filled=tuple(sorted(set(self.filled) | set(newer.filled))))


def _amount(number: str, unit: str | None, *, bare_means_thousands: bool) -> int | None:
    try:
        value = (
            float(number.replace(",", ""))
            if number.count(",") != 1 or len(number.split(",")[1]) == 3
            else float(number.replace(",", "."))
        )
    except ValueError:
        return None
    if unit in ("m", "mil", "million"):
        value *= 1_000_000
    elif unit in ("k", "thousand") or (bare_means_thousands and value < 10_000):
        value *= 1_000
    return int(value) if 50_000 <= value <= 50_000_000 else None


_PHONE_NUMBER = re.compile(r"\+?1?[\s.-]?\(?\b\d{3}\)?[\s.-]?\d{3}[\s.-]\d{4}\b")


def _budget(text: str) -> Budget | None:
    text = _PHONE_NUMBER.sub(" ", text)  # "512-555-0123" is a phone number, not a price range
    match = _RANGE.search(text)
    if match:
        low_number, low_unit, high_number, high_unit = match.groups()
        unit = high_unit or low_unit
        high = _amount(high_number, unit, bare_means_thousands=True)
        low = _amount(low_number, low_unit or unit, bare_means_thousands=True)
        if high and low and low > high and low < 10 * high:  # "4-500k": the low end lost its zeros
            low = None
        if high and low is None and unit and len(low_number) == 1:
            low = int(low_number) * 10 ** (len(str(high)) - 1)  # 4-500k -> 400k-500k
        if high:
            return Budget(low if low and low < high else None, high)
    match = _CEILING.search(text)
    if match:
        high = _amount(match.group(1), match.group(2), bare_means_thousands=True)
        if high:
            return Budget(None, high)
    for match in _SINGLE.finditer(text):
        number, unit = match.group(1), match.group(2)
        has_context = (
            bool(unit)
            or "$" in match.group(0)
            or match.group(0).strip().startswith(("budget", "around", "about", "presupuesto"))
        )
        value = _amount(number, unit, bare_means_thousands=has_context) if has_context else None
        if value:
            return Budget(None, value)
    return None


def _area(text: str) -> str | None:
    for zip_code in re.findall(r"\b(78\d{3})\b", text):
        if zip_code in _ZIP_AREA:
            return _ZIP_AREA[zip_code]
    for alias in sorted(_AREA_ALIASES, key=len, reverse=True):
        if re.search(rf"\b{re.escape(alias)}\b", text):
            return _AREA_ALIASES[alias]
    words = re.findall(r"[a-z]+", text)
    candidates = dict.fromkeys(words + [" ".join(pair) for pair in pairwise(words)])  # each once, in order
    for candidate in candidates:
        if not 5 <= len(candidate) <= 2 * _LONGEST_ALIAS:  # a longer one is never 85% alike
            continue
        close = difflib.get_close_matches(candidate, _AREA_ALIASES, n=1, cutoff=0.85)
        if close:
            return _AREA_ALIASES[close[0]]
    return None


def _months_until(month: int, today: date) -> int:
    return (month - today.month) % 12 or 12


def _timeline(text: str, today: date) -> tuple[int | None, bool]:
    if re.search(r"just (browsing|looking|curious)|no rush|not in a hurry|someday|solo viendo", text):
        return None, True
    if re.search(r"as soon as possible|right now|immediately|urgent|this month|ya mismo|lo antes posible", text):
        return 0, False
    if re.search(r"next month|el proximo mes|el mes que viene", text):
        return 1, False
    match = re.search(r"(?:in|within|next)\s(\d{1,3}|a few|a couple of|two|three|six)\s(month|week|year)s?", text)
    if match:
        count = {"a few": 3, "a couple of": 2, "two": 2, "three": 3, "six": 6}.get(match.group(1))
        number = count if count is not None else int(match.group(1))
        return {"month": number, "week": max(0, number // 4), "year": 12 * number}[match.group(2)], False
    if re.search(r"next year|el proximo ano", text):
        return 12, False
    for name, month in {**_MONTHS, **_SEASONS}.items():
        if len(name) >= 3 and re.search(rf"\b(by|in|before|until|around|this|ends in|end of|en|para)\s{name}\b", text):
            return _months_until(month, today), False
    return None, False


def _financing(text: str) -> str | None:
    if re.search(rf"{_NEGATION}pre-?approv|not yet pre-approved|need (a |to get )?(pre-approval|lender)", text):
        return "not_pre_approved"
    if re.search(r"pre-approved|preapproval letter|pre-?aprobad|tengo (la )?aprobacion", text):
        return "pre_approved"
    paying_cash = re.search(r"\b(all )?cash\b|en efectivo|de contado", text)
    if paying_cash and not re.search(rf"{_NEGATION}(paying )?(all )?cash\b", text):
        return "cash"
    return None


def _has_agent(text: str) -> bool | None:
    if re.search(r"(no|not|without|don'?t have|do not have|not working with)( an| a| my)? (agent|realtor)", text):
        return False
    if re.search(r"(have|got|working with|already (have|with))( an| a| my)? (agent|realtor)|my (agent|realtor)", text):
        return True
    return None


def _wants_appointment(text: str) -> bool:
    if re.search(rf"{_NEGATION}(tour|see|showing|visit)", text):
        return False
    return bool(
        re.search(
            r"(tour|showing|see (it|the house|them|this|that)|schedule|visit|book|works for me|"
            r"(saturday|sunday|weekend|tomorrow|morning|afternoon) (works|is good|ok)|"
            r"yes (saturday|sunday|morning|afternoon)|verla|visitar)",
            text,
        )
    )


def extract(text: str, *, today: date) -> LeadSlots:
    """The slots one message fills (those it says nothing about stay unfilled)."""
    clean = normalise(text)
    values: dict[str, object] = {}
    if (area := _area(clean)) is not None:
        values["area"] = area
    if (budget := _budget(clean)) is not None:
        values["budget"] = budget
    months, browsing = _timeline(clean, today)
    if months is not None or browsing:
        values.update(months_to_move=months, just_browsing=browsing)
    if (financing := _financing(clean)) is not None:
        values["financing"] = financing
    if (agent := _has_agent(clean)) is not None:
        values["has_agent"] = agent
    if (beds := _BEDS.search(clean)) is not None:
        values["bedrooms"] = int(beds.group(1))
    filled = tuple(sorted(values))
    return LeadSlots(**values, wants_appointment=_wants_appointment(clean), filled=filled)  # type: ignore[arg-type]
