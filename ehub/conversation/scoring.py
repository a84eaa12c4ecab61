"""The one lead-scoring model: a 1-10 score, a temperature, and the reasons, for audit.

An experienced Austin agent calls a lead hot when it means to transact within about 90 days *and*
shows it is ready (pre-approval or cash; for a seller, a specific property and a request to list or
meet); warm when the interest is real but months out or readiness is missing (no lender yet, a house
to sell first, a visa pending); cold when browsing, years out, or not a fit. The points follow that
reading, so the two parts of "hot" earn most of their points together:

    start                                                    1.0
    says what they want to do (buy, sell, move here)        +1.0
    location known (area, neighbourhood, ZIP, a street)     +1.0
    budget known                                            +0.5
    a timeline within about a year, or urgent               +2.0   (up to 14 months: "next year"; without a
                                                                    date: a new job, no rush, or a plan
                                                                    waiting on a sale, visa, credit, savings
                                                                    or an event: "once the divorce is final")
    more than a year out                                    -1.0
    ready: pre-approved, cash, or a seller asking to list   +0.5
    ready *and* within 3 months or urgent                   +3.5   (withheld while waiting on a house
                                                                    to sell, a visa, credit or savings)
    asked to see a home or to meet                          +0.5
    not a fit: a renter, a vendor, not in the market        -6.0
    a budget the area cannot meet                           -6.0   (under 60% of a modest home there)
    no timeline said, but a place and a budget or financing +1.5   (a concrete search is warm; never hot
                                                                    alone: readiness needs a near date)
    just browsing, someday, no timeline                     -2.0
    opted out                                               the score is 1.0

So a lead with a plan, a place and a timeline is warm (5.0 and up) however near the timeline, and
only readiness within three months makes it hot (8.5 and up); urgency without financing, or cash
a year out, stays warm. Having an agent already and the number of replies were tried and left out:
on the labelled conversations neither tells hot from warm from cold.

The weights were set on the development conversations (`evals/dev/scoring*.jsonl`) under the
graders' written rules (evals NOTES.md), checked on conversations not used to set them.
Clamped to 1-10. Temperature: hot >= 7.0, warm 4.0-6.9, cold < 4.0. These are the only thresholds
in the system: the funnel's "qualified" stage is the first moment a lead scores >= 7.
"""

from __future__ import annotations

from dataclasses import dataclass

from ehub.conversation.slots import LeadSlots
from ehub.geography import price_per_sqft

MODEL_VERSION = "lpmama-2027.01"
HOT, WARM = 7.0, 4.0
# The cheapest $/sq ft around Austin (Manor, Elgin): what a budget with no area must still meet.
_CHEAPEST_PER_SQFT = 190
# A modest home for the rooms asked for, in square feet.
_MODEST_SQFT = {0: 800, 1: 700, 2: 1_000, 3: 1_400, 4: 1_900, 5: 2_500}
_AFFORDABLE_SHARE = 0.6
_WAITING_ON = {"sell_first": "selling a home", "visa": "a visa", "credit": "credit", "saving": "savings"}


@dataclass(frozen=True)
class Weights:
    plan: float = 1.0
    area: float = 1.0
    budget: float = 0.5
    timeline: float = 2.0
    beyond_a_year: float = -1.0
    ready: float = 0.5
    ready_and_soon: float = 3.5
    appointment: float = 0.5
    not_a_fit: float = -6.0
    unaffordable: float = -6.0
    browsing: float = -2.0
    concrete: float = 1.5


WEIGHTS = Weights()


@dataclass(frozen=True)
class LeadScore:
    score: float
    temperature: str
    reasons: tuple[str, ...]


def temperature(score: float) -> str:
    return "hot" if score >= HOT else ("warm" if score >= WARM else "cold")


def unaffordable(slots: LeadSlots) -> bool:
    """Whether the budget is under 60% of a modest home with the rooms asked for, where asked for."""
    if slots.budget is None:
        return False
    per_sqft = min(
        (price for name in (slots.neighbourhood, *slots.areas, slots.area) if (price := price_per_sqft(name))),
        default=_CHEAPEST_PER_SQFT,
    )
    sqft = slots.square_feet or _MODEST_SQFT.get(min(slots.bedrooms or 0, 5), 800)
    return slots.budget.high < _AFFORDABLE_SHARE * per_sqft * sqft


def ready(slots: LeadSlots) -> str | None:
    """Why the lead counts as ready to transact, or None."""
    if slots.financing in ("pre_approved", "cash"):
        return "pre-approved" if slots.financing == "pre_approved" else "paying cash"
    if slots.wants_listing or (slots.plan == "sell" and slots.wants_appointment):
        return "a seller asking to list or meet"
    return None


def score_lead(slots: LeadSlots, *, replies: int, opted_out: bool = False, weights: Weights = WEIGHTS) -> LeadScore:
    if opted_out:
        return LeadScore(1.0, "cold", ("opted out: no automated contact",))
    points, reasons = 1.0, ["start: 1.0"]

    def add(value: float, reason: str) -> None:
        nonlocal points
        if value:
            points += value
            reasons.append(f"{reason}: {value:+.1f}")

    if slots.plan in ("buy", "sell"):
        add(weights.plan, f"wants to {slots.plan}")
    if slots.area or slots.address:
        add(weights.area, f"location known ({slots.neighbourhood or slots.area or slots.address})")
    if slots.budget:
        add(weights.budget, f"budget known (up to ${slots.budget.high:,})")
    months = slots.months_to_move
    soon = slots.urgent or (months is not None and months <= 3)
    waits = slots.contingency is not None and slots.plan in ("buy", "sell")
    if soon or (months is not None and months <= 14) or (months is None and (slots.no_rush or slots.job_move or waits)):
        when = (
            f"moving within {months} months"
            if months is not None
            else "urgent"
            if soon
            else "moving for a new job"
            if slots.job_move
            else "no rush"
            if slots.no_rush
            else f"once {_WAITING_ON.get(slots.contingency or '', 'something')} is settled"
        )
        add(weights.timeline, f"a timeline within a year ({when})")
    elif months is not None:
        add(weights.beyond_a_year, f"more than a year out ({months} months)")
    elif (slots.area or slots.address) and (slots.budget or slots.financing in ("pre_approved", "cash")):
        add(weights.concrete, "no timeline yet, but a concrete search: a place and a budget or a way to pay")
    readiness = ready(slots)
    if readiness:
        add(weights.ready, readiness)
        if soon and slots.contingency:
            waiting = _WAITING_ON.get(slots.contingency, "something")
            reasons.append(f"waiting on {waiting} first: not ready within 3 months")
        elif soon:
            add(weights.ready_and_soon, "ready and within 3 months")
    if slots.wants_appointment:
        add(weights.appointment, "asked to see a home or meet")
    misfit = _not_a_fit(slots)
    if misfit:
        add(weights.not_a_fit, f"not a fit: {misfit}")
    if unaffordable(slots):
        add(weights.unaffordable, "a budget the area cannot meet")
    if slots.just_browsing:
        add(weights.browsing, "just browsing or no timeline")
    score = round(max(1.0, min(10.0, points)), 1)
    return LeadScore(score, temperature(score), tuple(reasons))


def _not_a_fit(slots: LeadSlots) -> str | None:
    if slots.vendor:
        return "a vendor or partner, not a client"
    if slots.renting and slots.plan != "buy" and slots.financing not in ("pre_approved", "cash"):
        return "looking to rent"
    if slots.not_in_market:
        return "not buying or selling"
    return None
