"""The Jorge conversation engine: one inbound message in, one decision (and perhaps a reply) out.

The same engine serves GoHighLevel webhooks, the chat API and `ehub chat`. It runs fully offline:
rules, extraction and templates; an LLM layer may later rephrase replies, never make the routing,
scoring, compliance or handoff decisions made here.

Order of precedence for each inbound message: opt-in/opt-out (TCPA), paused automation (after a
handoff, or from the CRM: see `ehub.bots.crm_events`), fair-housing-sensitive questions, a request
for a person or for professional advice, then qualification by the lead bot, or matching by the
buyer and seller bots. Every outbound text passes the fair-housing check before it leaves. The
lead's experiment variant (`state.variant`) picks the wording of replies only; every decision
above is the same whatever the variant.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Protocol

from ehub.bots import replies
from ehub.bots.state import LeadState
from ehub.compliance.fair_housing import check_text, steering_topic
from ehub.conversation.intent import classify, is_opt_in
from ehub.conversation.scoring import HOT, score_lead
from ehub.conversation.slots import LeadSlots, extract
from ehub.conversation.text import normalise
from ehub.errors import UnavailableError
from ehub.geography import AREAS
from ehub.market.search import ListingCriteria, PriceRange, Subject, price_range

LEAD_QUESTIONS = ("area", "budget", "timeline", "agent", "financing", "appointment")
SELLER_QUESTIONS = ("area", "property", "timeline", "agent", "appointment")
ROUTE_CONFIDENCE, FIRM_CONFIDENCE, LOW_CONFIDENCE = 0.6, 0.85, 0.5
_ADVICE = re.compile(
    r"\b(lawyer|attorney|legal advice|sue|lawsuit|tax advice|should i (buy|sell|refinance|wait)|"
    r"how much (house )?can i afford|is (it|now) a good time to (buy|sell)|contract (terms|clause)|"
    r"fair housing complaint|discriminat)",
    re.IGNORECASE,
)
_REJECTION = re.compile(r"\b(not for me|no thanks|too (expensive|small|far|pricey)|pass|don'?t like|nope)\b")
_SUB_TYPES = (
    ("Condominium", re.compile(r"\b(condo|condominium|apartment|loft)s?\b")),
    ("Townhouse", re.compile(r"\b(town ?home|town ?house)s?\b")),
    ("SingleFamilyResidence", re.compile(r"\b(single[- ]family|house|yard)\b")),
)
_YES = re.compile(r"^(yes|yeah|yep|yup|sure|definitely|absolutely|of course|si|claro|ok|okay)\b")
_NO = re.compile(r"^(no|nope|nah|not yet|not really|no thanks|todavia no|aun no)\b")
_SQFT = re.compile(r"(\d{1,2}[,.]?\d{3})\s*(?:sq\.? ?ft|square feet|sqft|sf)\b")


class MarketData(Protocol):
    """What the buyer and seller bots need from the marts (see ehub.market.search)."""

    def search(self, criteria: ListingCriteria) -> list[dict]: ...

    def comps(self, subject: Subject) -> list[dict]: ...


@dataclass
class Turn:
    reply: str | None
    bot: str
    intent: str
    confidence: float
    lead_score: float
    temperature: str
    handoff: bool = False
    handoff_reason: str | None = None
    compliance_flags: list[str] = field(default_factory=list)
    variant: str = "control"
    actions: list[dict] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)

    def public(self) -> dict:
        """The fields the chat API and `ehub chat` show (actions and reasons stay in the audit trail)."""
        return {
            "reply": self.reply,
            "bot": self.bot,
            "intent": self.intent,
            "confidence": self.confidence,
            "lead_score": self.lead_score,
            "temperature": self.temperature,
            "handoff": self.handoff,
            "compliance_flags": self.compliance_flags,
            "variant": self.variant,
        }


def _answered(question: str, slots: LeadSlots) -> bool:
    return {
        "area": slots.area is not None,
        "budget": slots.budget is not None,
        "timeline": slots.months_to_move is not None or slots.just_browsing,
        "agent": slots.has_agent is not None,
        "financing": slots.financing is not None,
        "appointment": slots.wants_appointment,
        "property": slots.bedrooms is not None,
    }[question]


class Engine:
    def __init__(self, market: MarketData | None = None) -> None:
        self.market = market

    def respond(self, state: LeadState, text: str, *, now: datetime, may_change_consent: bool = True) -> Turn:
        """Decide what to do with one inbound message; updates `state` in place.

        `may_change_consent` False (web chat with a lead who came by text): STOP and START are
        acknowledged but change nothing, since consent changes only on the lead's own channel."""
        understood = classify(text)
        state.replies += 1
        turn = Turn(
            reply=None,
            bot=state.bot,
            intent=understood.intent,
            confidence=understood.confidence,
            lead_score=state.score,
            temperature=state.temperature,
            variant=state.variant,
        )

        if not may_change_consent and (understood.intent == "opt_out" or (state.opted_out and is_opt_in(text))):
            turn.reasons.append("consent changes only on the lead's own channel: web chat changed nothing")
            return self._say(state, turn, replies.CONSENT_ON_OWN_CHANNEL, count_turn=False)
        if state.opted_out:
            if is_opt_in(text):
                state.opted_out = False
                turn.actions.append({"type": "dnd", "enabled": False})
                return self._say(state, turn, replies.OPT_IN_CONFIRMATION, count_turn=False)
            turn.reasons.append("opted out: no automated reply")
            return turn
        if understood.intent == "opt_out":
            state.opted_out = True
            self._rescore(state, turn)
            turn.actions.append({"type": "dnd", "enabled": True})
            return self._say(state, turn, replies.OPT_OUT_CONFIRMATION, count_turn=False)
        if state.handed_off:
            turn.reasons.append(f"automation paused since handoff ({state.handoff_reason})")
            return turn
        if state.crm_pauses:
            turn.reasons.append(f"automation paused in the CRM ({', '.join(state.crm_pauses)})")
            return turn

        before = state.slots
        state.slots = state.slots.merge(extract(text, today=now.date()))
        state.slots = _answer_to_last_question(state, normalise(text))
        was_hot = state.score >= HOT
        self._rescore(state, turn)

        topic = steering_topic(text)
        if topic is not None:
            turn.compliance_flags.append("fair_housing")
            turn.reasons.append(f"steering-sensitive question about {topic}: neutral sources only")
            return self._say(state, turn, replies.STEERING[topic])
        if understood.intent == "human_request":
            return self._handoff(state, turn, "human_request")
        if _ADVICE.search(text):
            return self._handoff(state, turn, "advice")
        answered_yes_no = bool(_YES.match(normalise(text)) or _NO.match(normalise(text)))
        understood_enough = understood.confidence >= LOW_CONFIDENCE or answered_yes_no
        state.low_confidence_streak = 0 if understood_enough else state.low_confidence_streak + 1
        if state.low_confidence_streak >= 2 and before == state.slots:
            return self._handoff(state, turn, "low_confidence")

        self._route(state, turn, understood.intent, understood.confidence)
        if not was_hot and state.score >= HOT and state.bot_turns >= 1:
            return self._handoff(state, turn, "hot_lead")
        try:
            if state.bot == "buyer":
                return self._buyer(state, turn, text)
            if state.bot == "seller":
                return self._seller(state, turn, text)
        except UnavailableError as unavailable:
            turn.reasons.append(f"market data unavailable ({unavailable.code}): kept qualifying")
        return self._qualify(state, turn, LEAD_QUESTIONS, "lead")

    # -- decisions -----------------------------------------------------------------------------

    def _rescore(self, state: LeadState, turn: Turn) -> None:
        scored = score_lead(state.slots, replies=state.replies, opted_out=state.opted_out)
        state.score, state.temperature = scored.score, scored.temperature
        turn.lead_score, turn.temperature = scored.score, scored.temperature
        turn.reasons.extend(scored.reasons)

    def _route(self, state: LeadState, turn: Turn, intent: str, confidence: float) -> None:
        """Lead bot until buyer or seller intent is clear; switch between them only when confirmed."""
        target = {"buyer_intent": "buyer", "seller_intent": "seller"}.get(intent)
        if target is None or target == state.bot or confidence < ROUTE_CONFIDENCE:
            state.pending_route = None if target == state.bot else state.pending_route
            return
        if state.bot == "lead" or confidence >= FIRM_CONFIDENCE or state.pending_route == target:
            turn.reasons.append(f"routed {state.bot} -> {target} ({intent} {confidence:.2f})")
            turn.actions.append({"type": "route", "from": state.bot, "to": target})
            state.bot, state.pending_route = target, None
            state.asked.clear()
        else:
            state.pending_route = target
            turn.reasons.append(f"{target} intent seen once; staying with the {state.bot} bot")
        turn.bot = state.bot

    def _handoff(self, state: LeadState, turn: Turn, reason: str) -> Turn:
        state.handed_off, state.handoff_reason = True, reason
        turn.handoff, turn.handoff_reason = True, reason
        turn.actions += [
            {"type": "tag", "tag": "human_handover"},
            {
                "type": "task",
                "title": f"Jorge handoff: {reason.replace('_', ' ')}",
                "due_in_hours": 24,
                "for": "assigned_agent",
            },
            {"type": "pause_automation"},
        ]
        return self._say(state, turn, replies.HANDOFF[reason])

    def _say(self, state: LeadState, turn: Turn, text: str, *, count_turn: bool = True) -> Turn:
        if count_turn and state.bot_turns == 0:
            text = replies.intro(state.variant) + text
        if check_text(text):
            turn.compliance_flags.append("outbound_blocked")
            turn.reasons.append("reply failed the fair-housing check; sent the safe fallback")
            text = replies.SAFE_FALLBACK
        if count_turn:
            state.bot_turns += 1
        turn.reply = replies.sms(text)
        turn.bot = state.bot
        return turn

    # -- the bots ------------------------------------------------------------------------------

    def _qualify(self, state: LeadState, turn: Turn, order: tuple[str, ...], kind: str) -> Turn:
        """Ask the next unanswered question, one at a time; two unanswered asks hand over.

        Which question comes next never depends on the experiment variant; only its wording does.
        """
        for question in order:
            if _answered(question, state.slots):
                state.asked.pop(question, None)
                continue
            if state.asked.get(question, 0) >= 2:
                return self._handoff(state, turn, "repeated_question")
            state.asked[question] = state.asked.get(question, 0) + 1
            state.last_question = question
            acknowledgement = replies.acknowledgement(state.variant, state.replies) if state.bot_turns else ""
            return self._say(state, turn, acknowledgement + replies.questions(kind, state.variant)[question])
        return self._handoff(state, turn, "hot_lead")

    def _buyer(self, state: LeadState, turn: Turn, text: str) -> Turn:
        clean = normalise(text)
        state.property_sub_type = next(
            (kind for kind, pattern in _SUB_TYPES if pattern.search(clean)), state.property_sub_type
        )
        rejected = bool(_REJECTION.search(clean)) and bool(state.shown_listings)
        if rejected:
            state.rejected_listings += [key for key in state.shown_listings if key not in state.rejected_listings]
        if state.slots.wants_appointment and state.shown_listings:
            turn.actions.append(
                {
                    "type": "task",
                    "title": "Jorge: schedule a showing",
                    "due_in_hours": 24,
                    "listings": state.shown_listings[-3:],
                    "for": "assigned_agent",
                }
            )
            return self._say(state, turn, "Great! I'll have an agent confirm a showing time with you today.")
        if self.market is None or (state.slots.area is None and state.slots.budget is None):
            return self._qualify(state, turn, ("area", "budget", "timeline", "financing"), "lead")
        criteria = ListingCriteria(
            city=_city_of(state.slots.area),
            max_price=state.slots.budget.high if state.slots.budget else None,
            min_bedrooms=state.slots.bedrooms,
            property_sub_type=state.property_sub_type,
            exclude=tuple(state.rejected_listings + state.shown_listings),
            limit=3,
        )
        signature = f"{criteria.city}|{criteria.max_price}|{criteria.min_bedrooms}|{criteria.property_sub_type}"
        if signature == state.last_search and not rejected:
            # Same criteria as the homes already shown: finish qualifying instead of repeating them.
            return self._qualify(state, turn, ("timeline", "financing", "agent", "appointment"), "lead")
        state.last_search = signature
        homes = self.market.search(criteria)
        if not homes:
            return self._say(
                state,
                turn,
                "Nothing matches that exactly right now. Would a slightly higher budget "
                "or a nearby area work? I'll also watch for new listings.",
            )
        state.shown_listings += [home["listing_key"] for home in homes]
        state.last_question = "appointment"
        lines = "; ".join(replies.listing_line(home) for home in homes)
        return self._say(state, turn, f"Here are {len(homes)} homes that fit: {lines}. Want to tour any?")

    def _seller(self, state: LeadState, turn: Turn, text: str) -> Turn:
        sqft = _SQFT.search(normalise(text))
        area = next((a for a in AREAS if a.name == state.slots.area), None)
        known = sqft is not None or state.slots.bedrooms is not None
        if state.estimate_given or self.market is None or area is None or not known:
            return self._qualify(state, turn, SELLER_QUESTIONS, "seller")
        living_area = (
            float(sqft.group(1).replace(",", "").replace(".", "")) if sqft else 650.0 * (state.slots.bedrooms or 3)
        )
        subject = Subject(
            "SingleFamilyResidence", area.latitude, area.longitude, living_area, state.slots.bedrooms, None, None, None
        )
        comps = self.market.comps(subject)
        estimate: PriceRange | None = price_range(comps)
        if estimate is None:
            return self._say(
                state,
                turn,
                "I couldn't find enough recent sales like yours; one of our listing "
                "agents can prepare a full CMA for you.",
            )
        state.estimate_given = True
        closest = ", ".join(f"{c['street_address']} sold {replies.money(float(c['close_price']))}" for c in comps[:3])
        return self._say(
            state,
            turn,
            f"Recent sales like yours point to roughly {replies.money(estimate.low)}-"
            f"{replies.money(estimate.high)} (middle {replies.money(estimate.mid)}). "
            f"Closest comps: {closest}. An agent can refine this with a full CMA.",
        )


def _answer_to_last_question(state: LeadState, clean: str) -> LeadSlots:
    """A bare "yes" or "no" answers the question the bot asked last (negation-aware: "not sure" is neither)."""
    yes, no = bool(_YES.match(clean)), bool(_NO.match(clean))
    question, slots = state.last_question, state.slots
    if yes == no or question is None or (question in slots.filled and question != "appointment"):
        return slots
    if question == "agent" and slots.has_agent is None:
        return replace(slots, has_agent=yes, filled=tuple(sorted({*slots.filled, "has_agent"})))
    if question == "financing" and slots.financing is None:
        value = "pre_approved" if yes else "not_pre_approved"
        return replace(slots, financing=value, filled=tuple(sorted({*slots.filled, "financing"})))
    if question == "appointment" and yes:
        return replace(slots, wants_appointment=True)
    return slots


def _city_of(area_name: str | None) -> str | None:
    return next((area.city for area in AREAS if area.name == area_name), None)
