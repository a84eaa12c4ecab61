"""Replaying a lead's message history through the engine: intents, slots, score and key moments.

The same steps a live bot takes on each inbound message, applied to a conversation the CRM already
holds: classify the message, fold its slots into what we know, rescore. The first moment the score
reaches the hot threshold is when the lead qualified; STOP (until START) is an opt-out.

A message opts out when it says so in any wording (`is_opt_out`) or the classifier is sure it does
(confidence >= 0.85): a guess below that ("lease ends in June" read as END) never silences a lead.
START is read before anything else, so it always opts back in. Each message is normalised once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from ehub.conversation.intent import classify
from ehub.conversation.opt_out import is_opt_in, is_opt_out
from ehub.conversation.scoring import HOT, LeadScore, score_lead
from ehub.conversation.slots import LeadSlots, extract_clean
from ehub.conversation.text import normalise

SURE_OPT_OUT = 0.85


@dataclass(frozen=True)
class Message:
    message_id: str
    sent_at: datetime
    direction: str  # inbound or outbound
    body: str


@dataclass
class LeadHistory:
    slots: LeadSlots = field(default_factory=LeadSlots)
    score: LeadScore | None = None
    intents: list[tuple[str, str, float]] = field(default_factory=list)  # (message_id, intent, confidence)
    replies: int = 0
    qualified_at: datetime | None = None
    opted_out_at: datetime | None = None
    human_requested_at: datetime | None = None
    last_inbound_at: datetime | None = None

    @property
    def primary_intent(self) -> str | None:
        """The lead's latest buyer/seller intent, else the latest intent of any kind."""
        deciding = [intent for _, intent, _ in self.intents if intent in ("buyer_intent", "seller_intent")]
        if deciding:
            return deciding[-1]
        return self.intents[-1][1] if self.intents else None


def replay(messages: list[Message]) -> LeadHistory:
    history = LeadHistory()
    for message in sorted(messages, key=lambda m: (m.sent_at, m.message_id)):
        if message.direction != "inbound":
            continue
        history.replies += 1
        history.last_inbound_at = message.sent_at
        understood = classify(message.body)
        history.intents.append((message.message_id, understood.intent, understood.confidence))
        if is_opt_in(message.body):
            history.opted_out_at = None
        elif is_opt_out(message.body) or (understood.intent == "opt_out" and understood.confidence >= SURE_OPT_OUT):
            history.opted_out_at = history.opted_out_at or message.sent_at
        if understood.intent == "human_request" and history.human_requested_at is None:
            history.human_requested_at = message.sent_at
        clean = normalise(message.body)
        history.slots = history.slots.merge(extract_clean(clean, today=message.sent_at.date()))
        history.score = score_lead(history.slots, replies=history.replies, opted_out=history.opted_out_at is not None)
        if history.qualified_at is None and history.score.score >= HOT:
            history.qualified_at = message.sent_at
    return history
