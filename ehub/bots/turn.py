"""A turn: what the engine decided about one inbound message, and what it says back."""

from __future__ import annotations

from dataclasses import dataclass, field


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
    actions: list[dict] = field(default_factory=list)
    reasons: list[str] = field(default_factory=list)
    # What the reply was built from (listings shown, the estimate and its comps, market figures, the
    # question asked): for a writer that rewords the reply within these facts. Never stored.
    facts: dict = field(default_factory=dict)

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
