"""A turn: what the engine decided about one inbound message, and what it says back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

USAGE_FIELDS = ("input_tokens", "output_tokens", "cache_read_tokens", "cache_write_tokens")

# Something the turn asks the service to do besides replying (a tag, a task, an appointment): a JSON
# object whose "type" names the action and whose other keys depend on it; stored and sent as it is.
Action = dict[str, Any]


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
    language: str = "en"
    asked: str | None = None  # the qualifying question this reply asks, if any (area, budget, ...)
    actions: list[Action] = field(default_factory=list)
    # The lead asked to meet (a seller's walkthrough, a buyer's showing): the service adds the
    # consultation-fee checkout link to the reply (ehub.payments.consultations).
    offer_consultation: bool = False
    reasons: list[str] = field(default_factory=list)
    # What the reply was built from (listings shown, the estimate and its comps, market figures, the
    # question asked): for a writer that rewords the reply within these facts. Never stored.
    facts: dict[str, Any] = field(default_factory=dict)
    # For a language-model writer (ehub.writing): the introduction the reply opens with (kept
    # verbatim), and whether the reply may be reworded at all (consent and after-handoff texts may not).
    intro: str = ""
    rewordable: bool = True
    # Who wrote the reply: "templates", or a provider with its model, tokens, cost and, when a guard
    # or a fallback fired, why the reply is not the first provider's.
    provider: str = "templates"
    model: str | None = None
    usage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(USAGE_FIELDS, 0))
    cost_usd: float = 0.0
    fallback_reason: str | None = None

    def public(self) -> dict[str, Any]:
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
            "provider": self.provider,
            "model": self.model,
            "usage": dict(self.usage),
            "cost_usd": self.cost_usd,
            "fallback_reason": self.fallback_reason,
        }
