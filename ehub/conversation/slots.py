"""Qualification slots from free text: LPMAMA (Location, Price, Motivation/timeline, Agent, Mortgage,
Appointment), the home (bedrooms, bathrooms, square feet, a street address), and what makes a lead
ready, urgent or not a fit.

One message is read once, from text normalised by `ehub.conversation.text.normalise`
(`extract_clean`; `extract` normalises first). Each reader lives in its own module:

- amounts: what each number is ("about 1,900 sq ft" is a size, "4/3" rooms, "3 bed 2 bath under
  450" a $450k budget, "450 mil", "medio millón", "1.1mm", "4-500"; phones, ZIPs, years no price);
- timeline: months to the move from the message date ("by spring", "en 2 meses", "a fin de año");
- areas: areas, neighbourhoods and ZIP codes, misspellings with rapidfuzz in context;
- address: a street address with usaddress, for the Seller bot's MLS lookup;
- signals: plan, renters, vendors and people not in the market, negation-aware in English and Spanish;
- readiness: financing, agent, showing and listing requests, urgency, contingencies, a move for work.

`LeadSlots` is stored as JSON in the lead's state: every field has a default, so a state written
before a field existed reads back, and a state read back from JSON equals the one written.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from datetime import date
from typing import Any

from ehub.conversation import readiness, signals
from ehub.conversation.address import Address, find_address
from ehub.conversation.amounts import readings, spelled_to_digits
from ehub.conversation.areas import find_places
from ehub.conversation.text import normalise
from ehub.conversation.timeline import read_timeline
from ehub.geography import city_of
from ehub.patterns import compiled

_BEDS = compiled(
    r"(?<![\d.,/])(\d{1,2})(?:\s?(?:-|to|or|a|o)\s?\d{1,2})?\s?\+?\s?-?\s?"
    r"(?:bedrooms?|beds?|bds?|brs?|recamaras?|habitaciones|cuartos|dormitorios)\b"
)
_BATHS = compiled(r"(?<![\d.,/])(\d(?:\.5)?)\s?\+?\s?-?\s?(?:bathrooms?|baths?|banos?|ba)\b")
_BEDS_BATHS = compiled(r"(?<![\d/.$])([1-9])/([1-9](?:\.5)?)s?(?![\d/])")
_DATE_BEFORE = compiled(r"(?:by|on|before|until|after|el|del|since)\s$")
# Sticky facts: once a lead asked to see a home, to list, or said it is urgent, a later message
# that says nothing about it does not take it back.
_STICKY = ("wants_appointment", "wants_listing", "urgent")


@dataclass(frozen=True)
class Budget:
    low: int | None
    high: int


@dataclass(frozen=True)
class LeadSlots:
    area: str | None = None  # one of ehub.geography.AREAS, an Austin district or a nearby town
    budget: Budget | None = None
    months_to_move: int | None = None  # whole months from the message date; 0 = this month or sooner
    just_browsing: bool = False  # browsing, someday, no timeline
    financing: str | None = None  # pre_approved, cash, not_pre_approved
    has_agent: bool | None = None
    wants_appointment: bool = False  # asked to see a home or to meet
    bedrooms: int | None = None
    filled: tuple[str, ...] = field(default=())
    bathrooms: float | None = None
    square_feet: int | None = None
    areas: tuple[str, ...] = ()  # every area named, in order ("Cedar Park or Round Rock")
    neighbourhood: str | None = None  # "Hyde Park", when more precise than the area
    address: Address | None = None  # the property the lead named, for an MLS lookup
    plan: str | None = None  # buy, sell, or none (says they are not buying or selling)
    plan_from_moving: bool = False  # "buy" read from moving or viewing words only, not from buying words
    urgent: bool = False  # today, tomorrow, ready to offer, need to move by...
    wants_listing: bool = False  # a seller asking to list or relist
    no_rush: bool = False  # in no hurry, without a date
    contingency: str | None = None  # sell_first, visa, credit, saving, waiting
    renting: bool = False  # looking for a rental, not a purchase
    vendor: bool = False  # a lender, wholesaler, contractor or student, not a client
    job_move: bool = False  # moving for a new job or a transfer: a start date sets the timeline
    not_in_market: bool = False  # not buying or selling, wrong number, just bought
    place_said: str | None = None  # the lead's own name for the place, when another name of it ("Westlake")

    def __post_init__(self) -> None:
        """Values read back from JSON (dicts and lists) as the types they were written from."""
        if isinstance(self.budget, dict):
            object.__setattr__(self, "budget", Budget(**self.budget))
        if isinstance(self.address, dict):
            known = {item.name for item in fields(Address)}
            object.__setattr__(self, "address", Address(**{k: v for k, v in self.address.items() if k in known}))
        for name in ("filled", "areas"):
            if isinstance(getattr(self, name), list):
                object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def where(self) -> str | None:
        """The place as replies name it: the lead's own name for it, else the neighbourhood or area."""
        return self.place_said or self.neighbourhood or self.area

    def merge(self, newer: LeadSlots) -> LeadSlots:
        """What we know after a newer message: its values where it has any, ours otherwise."""
        updates: dict[str, Any] = {name: getattr(newer, name) for name in newer.filled}
        if "area" in newer.filled and "neighbourhood" not in newer.filled and newer.area != self.area:
            updates["neighbourhood"] = None  # "Georgetown" after "Hyde Park": the neighbourhood went with its area
        if "area" in newer.filled and "place_said" not in newer.filled:
            updates["place_said"] = None  # "Buda" after "Westlake": the lead's name went with its place
        for name in _STICKY:
            if getattr(newer, name):
                updates[name] = True
        if self.plan == "sell" and newer.plan == "buy" and newer.plan_from_moving:
            updates.pop("plan", None)  # a seller who "needs to move" or asks to "see the house" still sells
        merged = replace(self, **updates) if updates else self
        return replace(merged, filled=tuple(sorted(set(self.filled) | set(newer.filled))))


def extract(text: str, *, today: date) -> LeadSlots:
    """The slots one message fills (those it says nothing about stay unfilled)."""
    return extract_clean(normalise(text), today=today)


def extract_clean(clean: str, *, today: date) -> LeadSlots:
    """`extract` for text already normalised by `ehub.conversation.text.normalise`."""
    text = spelled_to_digits(clean)
    values: dict[str, Any] = {}
    places = find_places(text)
    if places:
        values.update(area=places[0].area, areas=tuple(dict.fromkeys(p.area for p in places)))
        # the neighbourhood of the area first named ("Mueller or Hyde Park" is Mueller, no neighbourhood)
        named = next((p for p in places if p.neighbourhood and p.area == places[0].area), places[0])
        if named.neighbourhood:
            values["neighbourhood"] = named.neighbourhood
        if named.said:
            values["place_said"] = named.said
    values.update(_home(text))
    if (address := find_address(text, city=city_of(values.get("area")))) is not None:
        values["address"] = address
    timeline = read_timeline(text, today)
    if timeline is not None:
        values.update(months_to_move=timeline.months, just_browsing=timeline.browsing, no_rush=timeline.no_rush)
    if (financing := readiness.financing(text)) is not None:
        values["financing"] = financing
    if (agent := readiness.has_agent(text)) is not None:
        values["has_agent"] = agent
    if (plan := signals.plan(text)) is not None:
        values["plan"] = plan
        if plan == "buy" and not signals.names_purchase(text):
            values["plan_from_moving"] = True
    if (contingency := readiness.contingency(text)) is not None:
        values["contingency"] = contingency
    if signals.renting(text):
        values["renting"] = True
        values.pop("budget", None)  # "budget 900" of a renter is rent
    if signals.vendor(text):
        values["vendor"] = True
    if readiness.moving_for_work(text):
        values["job_move"] = True
    appointment, listing, urgent = (
        readiness.wants_appointment(text),
        readiness.wants_listing(text),
        readiness.urgent(text),
    )
    if signals.not_in_market(text) or plan == "none":
        values["not_in_market"] = True
    elif financing in ("pre_approved", "cash") or appointment or listing or plan in ("buy", "sell"):
        values["not_in_market"] = False  # "not really looking… ok actually our landlord gave us 60 days"
    filled = tuple(sorted(values))
    return LeadSlots(**values, wants_appointment=appointment, wants_listing=listing, urgent=urgent, filled=filled)


def _home(text: str) -> dict[str, Any]:
    """Budget, bedrooms, bathrooms and square feet; a number is only ever one of them."""
    values: dict[str, Any] = {}
    for match in _BEDS_BATHS.finditer(text):
        beds, baths = int(match.group(1)), float(match.group(2))
        if baths <= beds + 1 and not _DATE_BEFORE.search(text[max(0, match.start() - 8) : match.start()]):
            values.update(bedrooms=beds, bathrooms=baths)
            break
    if "bedrooms" not in values and (alone := _BEDS.search(text)) is not None and 0 < int(alone.group(1)) <= 12:
        values["bedrooms"] = int(alone.group(1))
    if "bathrooms" not in values and (alone := _BATHS.search(text)) is not None and 0 < float(alone.group(1)) <= 10:
        values["bathrooms"] = float(alone.group(1))
    money = []
    for reading in readings(_BEDS_BATHS.sub(" ", text)):
        if reading.kind == "sqft" and "square_feet" not in values and 200 <= (reading.low or reading.high) <= 50_000:
            values["square_feet"] = reading.low or reading.high
        elif reading.kind in ("money", "ceiling"):
            money.append(reading)
    chosen = next((r for r in money if r.low), None) or next((r for r in money if r.kind == "ceiling"), None)
    chosen = chosen or (money[0] if money else None)
    if chosen is not None:
        values["budget"] = Budget(chosen.low, chosen.high)
    return values
