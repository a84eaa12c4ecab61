"""Slots a language model read from a lead's message, checked before they may change the lead.

A model (ehub.writing.slot_reader) answers with the `record_slots` tool: plain JSON. Nothing in it
is trusted: each value must have its type, lie in its range and, for places, be an area the
geography knows (`ehub.conversation.areas.find_places`). A value that fails is dropped with its
reason; the others become a `LeadSlots` the engine merges UNDER the rules' own reading of the same
message (`merge_under`): where the rules read a slot, the rules' value stands.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Any

from ehub.conversation.address import find_address
from ehub.conversation.amounts import spelled_to_digits
from ehub.conversation.areas import find_places
from ehub.conversation.slots import Budget, LeadSlots
from ehub.conversation.text import normalise
from ehub.geography import city_of

# A home's price in the Austin area: below this it is rent or a typo, above it not a lead's budget.
MIN_BUDGET, MAX_BUDGET = 50_000, 30_000_000
MAX_BEDROOMS, MAX_BATHROOMS = 12, 10.0
MAX_MONTHS = 120
FINANCING = ("pre_approved", "cash", "not_pre_approved")
PLANS = ("buy", "sell", "none")
# The fields a model may fill, as the record_slots tool names them (the tool's schema lists the same).
FIELDS = (
    "area",
    "budget_low",
    "budget_high",
    "bedrooms",
    "bathrooms",
    "months_to_move",
    "financing",
    "has_agent",
    "plan",
    "wants_appointment",
    "property_address",
)


@dataclass(frozen=True)
class ModelSlots:
    """What survived the checks, as slots (only the accepted ones filled), and what was dropped."""

    slots: LeadSlots
    dropped: tuple[tuple[str, str], ...] = ()  # (field, reason)


def validate(raw: Mapping[str, Any]) -> ModelSlots:
    """The model's `record_slots` arguments, checked field by field (unknown fields are dropped)."""
    values: dict[str, Any] = {}
    dropped: list[tuple[str, str]] = [(name, "unknown_field") for name in raw if name not in FIELDS]
    given = {name: _whole(value) for name, value in raw.items() if name in FIELDS and value is not None}

    def check(name: str, reason: str | None, **accepted: Any) -> None:
        if reason is not None:
            dropped.append((name, reason))
        else:
            values.update(accepted)

    if "area" in given:
        area, reason = _area(given["area"])
        check("area", reason, area=area, areas=(area,) if area else ())
    if "budget_low" in given or "budget_high" in given:
        budget, reason = _budget(given.get("budget_low"), given.get("budget_high"))
        check("budget", reason, budget=budget)
    if "bedrooms" in given:
        beds = given["bedrooms"]
        check("bedrooms", _number(beds, 1, MAX_BEDROOMS, whole=True), bedrooms=beds)
    if "bathrooms" in given:
        baths = given["bathrooms"]
        reason = _number(baths, 1, MAX_BATHROOMS) or (None if float(baths) * 2 == int(float(baths) * 2) else "not_half")
        check("bathrooms", reason, bathrooms=float(baths) if reason is None else None)
    if "months_to_move" in given:
        months = given["months_to_move"]
        check("months_to_move", _number(months, 0, MAX_MONTHS, whole=True), months_to_move=months)
    for name, allowed in (("financing", FINANCING), ("plan", PLANS)):
        if name in given:
            check(name, None if given[name] in allowed else "unknown_value", **{name: given[name]})
    if "has_agent" in given:
        agent = given["has_agent"]
        check("has_agent", None if isinstance(agent, bool) else "not_a_boolean", has_agent=agent)
    if "property_address" in given:
        address = _address(given["property_address"], values.get("area"))
        check("property_address", None if address else "unreadable_address", address=address)
    if given.get("wants_appointment") is True:
        values["wants_appointment"] = True
    elif "wants_appointment" in given and not isinstance(given["wants_appointment"], bool):
        dropped.append(("wants_appointment", "not_a_boolean"))
    filled = tuple(sorted(name for name in values if name not in ("areas", "wants_appointment")))
    return ModelSlots(LeadSlots(**values, filled=filled), tuple(dropped))


def merge_under(rules: LeadSlots, model: LeadSlots) -> tuple[LeadSlots, tuple[str, ...]]:
    """The rules' reading of a message with the model's slots added where the rules read nothing:
    (the slots the engine merges into the lead, the names the model supplied)."""
    taken = [name for name in model.filled if name not in rules.filled]
    if rules.renting and "budget" in taken:  # a renter's figure is rent, whoever read it
        taken.remove("budget")
    updates: dict[str, Any] = {name: getattr(model, name) for name in taken}
    if "area" in taken:
        updates["areas"] = model.areas
    if model.wants_appointment and not rules.wants_appointment:
        updates["wants_appointment"] = True
        taken.append("wants_appointment")
    if not updates:
        return rules, ()
    filled = tuple(sorted({*rules.filled, *(name for name in taken if name != "wants_appointment")}))
    return replace(rules, **updates, filled=filled), tuple(taken)


def _whole(value: Any) -> Any:
    """450000.0 as 450000: JSON does not tell a whole float from an integer."""
    return int(value) if isinstance(value, float) and value.is_integer() else value


def _number(value: Any, low: float, high: float, *, whole: bool = False) -> str | None:
    if isinstance(value, bool) or not isinstance(value, int | float) or (whole and not isinstance(value, int)):
        return "not_a_whole_number" if whole else "not_a_number"
    return None if low <= value <= high else "out_of_range"


def _area(value: Any) -> tuple[str | None, str | None]:
    if not isinstance(value, str) or not value.strip():
        return None, "not_a_name"
    places = find_places(normalise(value[:80]))
    if not places or city_of(places[0].area) is None:
        return None, "unknown_area"
    return places[0].area, None


def _budget(low: Any, high: Any) -> tuple[Budget | None, str | None]:
    for value in (low, high):
        if value is not None and (reason := _number(value, MIN_BUDGET, MAX_BUDGET, whole=True)) is not None:
            return None, "negative" if isinstance(value, int) and value < 0 else reason
    if high is None:
        return None, "no_upper_bound"
    if low is not None and low > high:
        return None, "low_above_high"
    return Budget(low, high), None


def _address(value: Any, area: str | None) -> Any:
    if not isinstance(value, str) or not value.strip():
        return None
    return find_address(spelled_to_digits(normalise(value[:200])), city=city_of(area))
