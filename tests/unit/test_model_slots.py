"""The checks on slots a language model read: types, ranges, known Austin areas, budget sense, and
the merge rule (the rules' reading of the same message wins wherever it read the slot)."""

from __future__ import annotations

from datetime import date

from ehub.conversation.model_slots import merge_under, validate
from ehub.conversation.slots import Budget, extract


def test_valid_slots_are_accepted_as_the_engine_types_them() -> None:
    read = validate(
        {
            "area": "round rok",
            "budget_low": 400_000,
            "budget_high": 450_000,
            "bedrooms": 3,
            "bathrooms": 2.5,
            "months_to_move": 4,
            "financing": "pre_approved",
            "has_agent": False,
            "plan": "buy",
            "wants_appointment": True,
        }
    )
    assert read.dropped == ()
    slots = read.slots
    assert (slots.area, slots.budget) == ("Round Rock", Budget(400_000, 450_000))
    assert (slots.bedrooms, slots.bathrooms) == (3, 2.5)
    assert (slots.months_to_move, slots.financing, slots.has_agent, slots.plan) == (4, "pre_approved", False, "buy")
    assert slots.wants_appointment and "wants_appointment" not in slots.filled


def test_impossible_values_are_dropped_with_their_reason() -> None:
    read = validate(
        {
            "area": "Narnia",
            "budget_low": -5000,
            "budget_high": 300_000,
            "bedrooms": 40,
            "bathrooms": 2.3,
            "months_to_move": "soon",
            "financing": "a rich uncle",
            "has_agent": "maybe",
            "shoe_size": 44,
        }
    )
    assert dict(read.dropped) == {
        "shoe_size": "unknown_field",
        "area": "unknown_area",
        "budget": "negative",
        "bedrooms": "out_of_range",
        "bathrooms": "not_half",
        "months_to_move": "not_a_whole_number",
        "financing": "unknown_value",
        "has_agent": "not_a_boolean",
    }
    assert read.slots.filled == ()


def test_a_budget_must_make_sense() -> None:
    assert dict(validate({"budget_low": 500_000, "budget_high": 400_000}).dropped) == {"budget": "low_above_high"}
    assert dict(validate({"budget_low": 400_000}).dropped) == {"budget": "no_upper_bound"}
    assert dict(validate({"budget_high": 1_200}).dropped) == {"budget": "out_of_range"}, "rent, not a price"
    assert dict(validate({"bedrooms": True}).dropped) == {"bedrooms": "not_a_whole_number"}
    assert dict(validate({"bedrooms": 2.5}).dropped) == {"bedrooms": "not_a_whole_number"}
    assert validate({"budget_high": 450_000.0}).slots.budget == Budget(None, 450_000), "JSON's 450000.0"


def test_the_rules_reading_wins_where_both_read_a_slot() -> None:
    rules = extract("Looking in Round Rock, we could spend up to three fifty", today=date(2026, 11, 20))
    model = validate({"area": "Georgetown", "budget_high": 350_000, "bedrooms": 4}).slots
    merged, taken = merge_under(rules, model)
    assert merged.area == "Round Rock" and merged.areas == ("Round Rock",)
    assert (merged.budget, merged.bedrooms) == (Budget(None, 350_000), 4)
    assert taken == ("bedrooms", "budget") and {"area", "bedrooms", "budget"} <= set(merged.filled)


def test_a_renters_figure_is_never_a_budget() -> None:
    rules = extract("looking to rent in Kyle", today=date(2026, 11, 20))
    merged, taken = merge_under(rules, validate({"budget_high": 250_000}).slots)
    assert merged.budget is None and taken == ()
