"""The handoff summary: what the agent reads first when Jorge hands a lead over.

With a Gemini key, Gemini writes it from the engine's slots and score and the conversation (decrypted
in memory for the call, emails and phone numbers masked, never stored in clear) as JSON in
`LeadSummary`'s schema: what the lead wants, the LPMAMA answers (location, price, motivation, agent,
mortgage, appointment), the open questions and why the lead is as warm as it is. The engine's own
score and temperature are printed as they are; Gemini only explains them. The rendered note is
sealed on the lead (`app.leads.summary_sealed`) and is the GoHighLevel note's summary. Without a key,
past a budget, or on any failure, timeout or answer outside the schema, the note keeps the template
summary (ehub.bots.crm_writeback) and the reason is recorded with the decision and the note.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, StringConstraints
from sqlalchemy import Connection, text

from ehub.bots.crm_writeback import FIELD_PREFIX, lead_fields
from ehub.logs import redact
from ehub.writing import ledger
from ehub.writing.ledger import Call

if TYPE_CHECKING:
    from ehub.bots.state import LeadState
    from ehub.bots.turn import Turn
    from ehub.crypto import PersonalDataCipher
    from ehub.settings import Settings
    from ehub.writing.analysis import Analyst

PURPOSE = "handoff_summary"
MAX_MESSAGES = 40  # the conversation's latest messages are what an agent needs
MESSAGE_CHARS = 1_000
LPMAMA = ("location", "price", "motivation", "agent", "mortgage", "appointment")
NOT_SAID = "not said"

_CONVERSATION = text("""
    select direction, body_sealed from (
        select message_id, direction, body_sealed from app.conversation_messages
        where lead_id = cast(:lead as uuid) order by message_id desc limit :limit
    ) latest order by message_id
""")
_STORE = text("update app.leads set summary_sealed = :sealed where lead_id = cast(:lead as uuid)")

# A connection for a few reads, released before any model call (see ehub.bots.advice).
Reads = Callable[[], AbstractContextManager[Connection]]

Line = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=300)]
Answer = Annotated[str, StringConstraints(strip_whitespace=True, max_length=200)] | None


class LeadSummary(BaseModel):
    """The schema Gemini answers in (and its answer is checked against)."""

    # Built on first use, by a summary Gemini writes: a process answering from the templates (every
    # `ehub chat` without a Gemini key) does not pay for it at import (about 4 ms of CPU).
    model_config = ConfigDict(extra="forbid", defer_build=True)

    wants: Line = Field(description="What the lead wants, in one sentence.")
    location: Answer = Field(default=None, description="Where they want to buy or the home they sell; null if unknown.")
    price: Answer = Field(default=None, description="Budget or expected price, as they said it; null if unknown.")
    motivation: Answer = Field(default=None, description="Why and when they are moving; null if unknown.")
    agent: Answer = Field(default=None, description="Whether they already work with an agent; null if unknown.")
    mortgage: Answer = Field(default=None, description="Pre-approval, cash or lender status; null if unknown.")
    appointment: Answer = Field(default=None, description="A showing or meeting asked for or booked; null if none.")
    open_questions: list[Line] = Field(default_factory=list, max_length=5, description="What is still unanswered.")
    temperature_reason: Line = Field(description="Why the lead is at the given temperature, from what they said.")


@dataclass
class HandoffSummary:
    """The note's summary: Gemini's (`text`) or the template's (`text` None), and why."""

    text: str | None
    provider: str  # gemini, or templates
    model: str | None = None
    fallback_reason: str | None = None
    calls: list[Call] = field(default_factory=list)

    def note_detail(self) -> dict[str, Any]:
        """What the note's outbox entry records about its summary (no text)."""
        return {"summary": self.provider, "summary_fallback_reason": self.fallback_reason}


class HandoffSummarizer:
    def __init__(self, analyst: Analyst, *, budget_seconds: float) -> None:
        self.analyst, self.budget_seconds = analyst, budget_seconds

    @classmethod
    def from_settings(cls, settings: Settings) -> HandoffSummarizer | None:
        """Gemini when its key is set (`EHUB_HANDOFF_SUMMARY_SECONDS` for the call); None without."""
        if settings.gemini_api_key is None:
            return None
        from ehub.writing.analysis import Analyst  # the SDK is loaded only when a key is configured

        analyst = Analyst.from_settings(settings)
        return None if analyst is None else cls(analyst, budget_seconds=settings.handoff_summary_seconds)

    def summarize(
        self,
        reads: Reads,
        cipher: PersonalDataCipher,
        lead: str,
        state: LeadState,
        turn: Turn,
        message: str,
        now: datetime,
    ) -> HandoffSummary:
        """Gemini's summary of the lead being handed over in `turn`, or the template's and why."""
        with reads() as connection:
            earlier = connection.execute(_CONVERSATION, {"lead": lead, "limit": MAX_MESSAGES}).all()
            spent = ledger.spent(connection, lead, now)
        said = [(row.direction, cipher.decrypt(row.body_sealed) or "") for row in earlier]
        said += [("inbound", message)] + ([("outbound", turn.reply)] if turn.reply else [])
        brief = {
            "bot": state.bot,
            "language": turn.language,
            "handoff_reason": turn.handoff_reason,
            "score": round(state.score, 1),
            "temperature": state.temperature,
            "known": {key.removeprefix(FIELD_PREFIX): value for key, value in lead_fields(state).items()},
            "conversation": [
                {"from": "lead" if direction == "inbound" else "jorge", "text": redact(body, MESSAGE_CHARS)}
                for direction, body in said[-MAX_MESSAGES:]
            ],
        }
        analysis = self.analyst.ask(
            PURPOSE,
            brief,
            LeadSummary,
            purpose=PURPOSE,
            timeout=self.budget_seconds,
            spent=spent,
        )
        model = self.analyst.model
        if analysis.result is None:
            turn.reasons.append(f"handoff summary from the template: {analysis.fallback_reason}")
            return HandoffSummary(None, "templates", None, analysis.fallback_reason, analysis.calls)
        turn.reasons.append(f"handoff summary written by gemini ({model})")
        return HandoffSummary(render(analysis.result, state, turn), "gemini", model, None, analysis.calls)


def summarize_handoff(
    summarizer: HandoffSummarizer | None,
    reads: Reads,
    cipher: PersonalDataCipher,
    lead: str,
    state: LeadState,
    turn: Turn,
    message: str,
    now: datetime,
) -> HandoffSummary | None:
    """The summary of a handoff turn (None for any other turn); the template's without a key."""
    if not turn.handoff:
        return None
    if summarizer is None:
        return HandoffSummary(None, "templates", fallback_reason="no_key")
    return summarizer.summarize(reads, cipher, lead, state, turn, message, now)


def render(summary: LeadSummary, state: LeadState, turn: Turn) -> str:
    """The plain-text note an agent reads in GoHighLevel."""
    lines = [f"Jorge handoff summary ({state.bot} bot, written by AI from the conversation):", summary.wants]
    lines += [f"{name.capitalize()}: {getattr(summary, name) or NOT_SAID}" for name in LPMAMA]
    if summary.open_questions:
        lines.append("Open questions:")
        lines += [f"- {question}" for question in summary.open_questions]
    lines.append(f"Temperature: {state.temperature} (score {state.score:.1f}). {summary.temperature_reason}")
    if turn.handoff_reason:
        lines.append(f"Handed to an agent: {turn.handoff_reason.replace('_', ' ')}.")
    return "\n".join(lines)


def store(connection: Connection, cipher: PersonalDataCipher, lead: str, summary: HandoffSummary | None) -> None:
    """Keep Gemini's summary with the lead, sealed (the template's is rebuilt from the state)."""
    if summary is not None and summary.text is not None:
        connection.execute(_STORE, {"lead": lead, "sealed": cipher.encrypt(summary.text)})
