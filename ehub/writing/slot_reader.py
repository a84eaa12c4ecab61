"""A language model reads the slots of a lead's message, as structured output, before the engine decides.

Claude is made to call one tool, `record_slots`, whose arguments are the slots (`tool_choice`
names it, so the answer is always the tool call, never prose). The system prompt and the tool
carry `cache_control`. What it returns is checked by `ehub.conversation.model_slots` and merged
by the engine under the rules' own reading; this module only asks and returns the raw arguments,
with the calls made for the ledger (purpose `slots`). A failure, a timeout or a spent budget leave
the rules alone: the engine decides as it would without a model.
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol

from ehub.conversation.intent import INTENTS
from ehub.conversation.model_slots import FINANCING, MAX_BATHROOMS, MAX_BEDROOMS, PLANS
from ehub.writing.base import Exchange, ProviderFailure
from ehub.writing.ledger import Call, Spent, calls_of, over_budget
from ehub.writing.prompts import prompt
from ehub.writing.tools import as_json

if TYPE_CHECKING:
    from anthropic.types import ToolParam

    from ehub.bots.state import LeadState
    from ehub.settings import Settings

_logger = logging.getLogger(__name__)
PURPOSE = "slots"
MAX_OUTPUT_TOKENS = 300
TOOL_NAME = "record_slots"
SLOTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "properties": {
        "area": {"type": "string", "description": "An Austin-area city, neighbourhood or ZIP code."},
        "budget_low": {"type": "integer", "minimum": 0},
        "budget_high": {"type": "integer", "minimum": 0},
        "bedrooms": {"type": "integer", "minimum": 1, "maximum": MAX_BEDROOMS},
        "bathrooms": {"type": "number", "minimum": 1, "maximum": MAX_BATHROOMS},
        "months_to_move": {"type": "integer", "minimum": 0},
        "financing": {"type": "string", "enum": list(FINANCING)},
        "has_agent": {"type": "boolean"},
        "plan": {"type": "string", "enum": list(PLANS)},
        "wants_appointment": {"type": "boolean"},
        "property_address": {"type": "string"},
        "intent": {"type": "string", "enum": list(INTENTS)},
    },
}
SLOT_TOOL: ToolParam = {
    "name": TOOL_NAME,
    "description": "Record what the lead's message states about their home search or sale.",
    "input_schema": SLOTS_SCHEMA,
    "cache_control": {"type": "ephemeral"},
}


@dataclass
class SlotReading:
    """The tool's arguments (None when the model gave none), the intent it read, the calls made."""

    raw: dict[str, Any] | None
    intent: str | None = None
    calls: list[Call] = field(default_factory=list)
    failure: str | None = None  # why there is nothing to read: budget, timeout, rate_limited, no_tool_call...


class SlotReader:
    provider = "anthropic"

    def __init__(
        self,
        api_key: str,
        model: str,
        *,
        prices: dict[str, dict[str, float]],
        base_url: str | None = None,
        budget_seconds: float = 2.0,
        budget_per_lead_usd: float = 0.5,
        budget_per_day_usd: float = 25.0,
    ) -> None:
        import anthropic  # the SDK is loaded only where a model is configured

        self.model, self.prices, self.budget_seconds = model, prices, budget_seconds
        self.client = anthropic.Anthropic(api_key=api_key, base_url=base_url, max_retries=0)
        self.prompt = prompt("slots")
        self.per_lead, self.per_day = Decimal(str(budget_per_lead_usd)), Decimal(str(budget_per_day_usd))

    @classmethod
    def from_settings(cls, settings: Settings) -> SlotReader | None:
        """A reader when Claude is configured and `EHUB_MODEL_SLOTS` is on; None otherwise."""
        if settings.anthropic_api_key is None or not settings.model_slots:
            return None
        return cls(
            settings.anthropic_api_key.get_secret_value(),
            settings.anthropic_model,
            prices=settings.model_prices,
            base_url=settings.anthropic_base_url,
            budget_seconds=settings.slot_budget_seconds,
            budget_per_lead_usd=settings.model_budget_per_lead_usd,
            budget_per_day_usd=settings.model_budget_per_day_usd,
        )

    def read(
        self, message: str, *, today: date, language: str, bot: str, last_question: str | None, spent: Spent
    ) -> SlotReading:
        """The slots Claude read in `message`; a reading with a `failure` and no slots when it could not."""
        if over_budget(spent, Decimal(0), per_lead=self.per_lead, per_day=self.per_day):
            return SlotReading(None, failure="budget")
        from ehub.writing.claude import create

        brief = {"today": today.isoformat(), "language": language, "bot": bot, "last_question": last_question}
        exchanges: list[Exchange] = []
        try:
            response = create(
                self.client,
                time.monotonic() + self.budget_seconds,
                exchanges,
                model=self.model,
                max_tokens=MAX_OUTPUT_TOKENS,
                system=[{"type": "text", "text": self.prompt.text, "cache_control": {"type": "ephemeral"}}],
                tools=[SLOT_TOOL],
                tool_choice={"type": "tool", "name": TOOL_NAME},
                messages=[{"role": "user", "content": as_json({**brief, "lead_message": message})}],
            )
        except ProviderFailure as failure:
            return SlotReading(None, calls=self._calls(failure.exchanges, failure.kind), failure=failure.kind)
        except Exception as unexpected:  # no answer a provider gives may break a turn
            _logger.warning("slot reader failed unexpectedly: %s", type(unexpected).__name__)
            return SlotReading(None, calls=self._calls(exchanges, "bad_response"), failure="bad_response")
        used = [block for block in response.content if block.type == "tool_use" and block.name == TOOL_NAME]
        if not used or not isinstance(used[0].input, dict):
            return SlotReading(None, calls=self._calls(exchanges, "no_tool_call"), failure="no_tool_call")
        return _reading(dict(used[0].input), self._calls(exchanges, "ok"))

    def _calls(self, exchanges: list[Exchange], outcome: str) -> list[Call]:
        return _calls(self, exchanges, outcome)


class GeminiSlotReader:
    """The same reading through Gemini's structured output (a JSON answer of `SLOTS_SCHEMA`), for
    `ehub eval --provider gemini`; the bots read slots with Claude only."""

    provider = "gemini"

    def __init__(
        self,
        api_key: str,
        model: str,
        *,
        prices: dict[str, dict[str, float]],
        base_url: str | None = None,
        budget_seconds: float = 10.0,
    ) -> None:
        from google import genai
        from google.genai import types

        self.model, self.prices, self.budget_seconds = model, prices, budget_seconds
        options = types.HttpOptions(base_url=base_url) if base_url else None
        self.client = genai.Client(api_key=api_key, http_options=options)
        self.prompt = prompt("slots")

    def read(
        self, message: str, *, today: date, language: str, bot: str, last_question: str | None, spent: Spent
    ) -> SlotReading:
        from ehub.writing.base import Draft
        from ehub.writing.gemini import generate

        brief = {"today": today.isoformat(), "language": language, "bot": bot, "last_question": last_question}
        draft = Draft(text="", provider=self.provider, model=self.model)
        content = as_json({**brief, "lead_message": message})
        try:
            answer = generate(
                self.client,
                self.model,
                self.prompt,
                content,
                self.budget_seconds,
                draft,
                json_schema=SLOTS_SCHEMA,
                temperature=0.0,
            )
            raw = json.loads(answer)
        except ProviderFailure as failure:
            return SlotReading(None, calls=_calls(self, failure.exchanges, failure.kind), failure=failure.kind)
        except ValueError:
            return SlotReading(None, calls=_calls(self, draft.exchanges, "bad_response"), failure="bad_response")
        if not isinstance(raw, dict):
            return SlotReading(None, calls=_calls(self, draft.exchanges, "bad_response"), failure="bad_response")
        return _reading(raw, _calls(self, draft.exchanges, "ok"))


def _reading(raw: dict[str, Any], calls: list[Call]) -> SlotReading:
    """A model's answer as a reading: the intent apart from the slots the engine checks."""
    intent = raw.pop("intent", None)
    return SlotReading(raw, intent if isinstance(intent, str) and intent in INTENTS else None, calls)


def _calls(reader: SlotReader | GeminiSlotReader, exchanges: list[Exchange], outcome: str) -> list[Call]:
    return calls_of(
        exchanges,
        provider=reader.provider,
        model=reader.model,
        purpose=PURPOSE,
        prompt_version=reader.prompt.version,
        outcome=outcome,
        prices=reader.prices,
    )


class Reader(Protocol):
    """Claude's or Gemini's slot reading (SlotReader, GeminiSlotReader)."""

    def read(
        self, message: str, *, today: date, language: str, bot: str, last_question: str | None, spent: Spent
    ) -> SlotReading: ...


def read_lead_message(reader: Reader, message: str, state: LeadState, *, today: date, spent: Spent) -> SlotReading:
    """What `reader` reads in the lead's `message`, told the lead's language, bot and last question."""
    return reader.read(
        message,
        today=today,
        language=state.language or "en",
        bot=state.bot,
        last_question=state.last_question,
        spent=spent,
    )
