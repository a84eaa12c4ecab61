"""A lead's conversation state: what the bots know and decided, kept durably between messages.

It holds no personal data (names, phones, emails and message bodies live sealed elsewhere), so it is
stored as plain JSON in `app.leads.state`.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from typing import TYPE_CHECKING, Any

from ehub.conversation.slots import Budget, LeadSlots

if TYPE_CHECKING:
    from ehub.conversation.language import LeadLanguage

BOTS = ("lead", "buyer", "seller")


@dataclass
class LeadState:
    bot: str = "lead"
    slots: LeadSlots = field(default_factory=LeadSlots)
    replies: int = 0  # inbound messages
    bot_turns: int = 0
    asked: dict[str, int] = field(default_factory=dict)  # question -> times asked without an answer
    pending_route: str | None = None  # a switch seen once, waiting for confirmation (hysteresis)
    low_confidence_streak: int = 0
    rejected_listings: list[str] = field(default_factory=list)
    shown_listings: list[str] = field(default_factory=list)
    last_shown: list[str] = field(default_factory=list)  # the homes of the latest list, in order
    last_listing: str | None = None  # the home the last listing question was about ("does it have a pool?")
    opted_out: bool = False
    handed_off: bool = False
    handoff_reason: str | None = None
    last_question: str | None = None  # what the bot asked last, so "yes" / "no" can answer it
    last_search: str | None = None  # the criteria the shown listings answered
    estimate_given: bool = False
    property_sub_type: str | None = None
    score: float = 1.0
    temperature: str = "cold"
    variant: str = "control"  # the A/B experiment variant, assigned once when the lead is created
    language: LeadLanguage | None = None  # the lead's language (sticky; see ehub.conversation.language)
    acknowledged_after_handoff: str | None = None  # when a message after the handoff was last acknowledged
    address_sealed: bool = False  # the lead gave a home address, kept sealed with their details
    last_answer: str | None = (
        None  # what the last reply answered ("market", "taxes", "listing"): "and Kyle?" follows it
    )
    # What the CRM (GoHighLevel webhooks) said, see ehub.bots.crm_events:
    crm_pauses: list[str] = field(default_factory=list)  # why the CRM paused automation, e.g. "tag:dnd"
    handover_tag_seen: bool = False  # GHL showed the human_handover tag on the contact
    crm_opportunities: dict[str, str] = field(default_factory=dict)  # opportunity id -> status
    crm_stage: str | None = None  # the pipeline stage id of the latest stage update
    crm_seen: dict[str, str] = field(default_factory=dict)  # event type -> timestamp of the newest applied
    # Bookings (ehub.bots.booking): times are ISO-8601 with their offset; ids are GHL's, no personal data.
    agent_user_id: str | None = None  # the lead's agent in GHL (the contact's assignedTo), once known
    offered_slots: list[str] = field(default_factory=list)  # the free slots last offered, in order
    rescheduling: bool = False  # the slots offered move the appointment rather than book another
    appointment: dict[str, str] | None = None  # the current one: {"start", "agent"}
    booking_refused: bool = False  # GHL refused the last slot picked: the next message gets new slots

    def to_json(self) -> dict[str, Any]:
        """Plain JSON, with no personal data: the home address is kept sealed elsewhere."""
        data = asdict(self)
        data["slots"].pop("filled", None)
        data["slots"]["address"] = None
        data["slots_filled"] = list(self.slots.filled)
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> LeadState:
        if not data:
            return cls()
        data = dict(data)
        slots = dict(data.pop("slots", {}) or {})
        budget = slots.get("budget")
        slots["budget"] = Budget(**budget) if budget else None
        slots["filled"] = tuple(data.pop("slots_filled", ()))
        state = cls(**{key: value for key, value in data.items() if key in cls.__dataclass_fields__})
        state.slots = replace(LeadSlots(), **slots)
        return state
