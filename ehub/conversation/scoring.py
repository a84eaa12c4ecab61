"""The one lead-scoring model: a 1-10 score, a temperature, and the reasons, for audit.

    start                                   1.0
    location known (area or ZIP)           +1.5
    budget known                           +1.5
    moving within 3 months                 +2.0   (within 6 months +1.0; "just browsing" +0)
    pre-approved or paying cash            +2.0   (not pre-approved yet +0.5)
    no agent yet                           +0.5   (already has an agent -1.0)
    asked to tour or see a home            +1.5
    engaged: 3+ replies +0.5, 6+ replies   +1.0
    opted out                              the score is 1.0

Clamped to 1-10. Temperature: hot >= 7.0, warm 4.0-6.9, cold < 4.0. These are the only thresholds
in the system: the funnel's "qualified" stage is the first moment a lead scores >= 7.
"""

from __future__ import annotations

from dataclasses import dataclass

from ehub.conversation.slots import LeadSlots

MODEL_VERSION = "lpmama-2026.11"
HOT, WARM = 7.0, 4.0


@dataclass(frozen=True)
class LeadScore:
    score: float
    temperature: str
    reasons: tuple[str, ...]


def temperature(score: float) -> str:
    return "hot" if score >= HOT else ("warm" if score >= WARM else "cold")


def score_lead(slots: LeadSlots, *, replies: int, opted_out: bool = False) -> LeadScore:
    if opted_out:
        return LeadScore(1.0, "cold", ("opted out: no automated contact",))
    points, reasons = 1.0, ["start: 1.0"]

    def add(value: float, reason: str) -> None:
        nonlocal points
        points += value
        reasons.append(f"{reason}: {value:+.1f}")

    if slots.area:
        add(1.5, f"location known ({slots.area})")
    if slots.budget:
        add(1.5, f"budget known (up to ${slots.budget.high:,})")
    if slots.months_to_move is not None and slots.months_to_move <= 3:
        add(2.0, f"moving within {slots.months_to_move} months")
    elif slots.months_to_move is not None and slots.months_to_move <= 6:
        add(1.0, f"moving within {slots.months_to_move} months")
    if slots.financing in ("pre_approved", "cash"):
        add(2.0, "pre-approved" if slots.financing == "pre_approved" else "paying cash")
    elif slots.financing == "not_pre_approved":
        add(0.5, "financing not arranged yet")
    if slots.has_agent is False:
        add(0.5, "no agent yet")
    elif slots.has_agent is True:
        add(-1.0, "already has an agent")
    if slots.wants_appointment:
        add(1.5, "asked to see a home")
    if replies >= 6:
        add(1.0, f"engaged ({replies} replies)")
    elif replies >= 3:
        add(0.5, f"engaged ({replies} replies)")
    score = round(max(1.0, min(10.0, points)), 1)
    return LeadScore(score, temperature(score), tuple(reasons))
