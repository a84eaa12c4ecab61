"""The model path of the evaluation harness: `ehub eval ... --provider anthropic|gemini`.

With a provider named, the engine is measured as the bots run it with that model: the model reads
each message's slots and intent as structured output (ehub.writing.slot_reader), the engine checks
them and adds them under its own reading; for conversations the model also writes the replies
(ehub.writing.chain, that provider alone, no answer cache), which the transcript checks then read.
Intents are the model's own reading (the rules' where it gave none, counted as `fallbacks`).
Without the provider's key the run stops before any call with `EVAL_PROVIDER_KEY_MISSING`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from ehub.conversation.model_slots import ModelSlots, validate
from ehub.errors import ConfigError
from ehub.writing.ledger import Call, Spent
from ehub.writing.slot_reader import Reader, read_lead_message

if TYPE_CHECKING:
    from ehub.bots.state import LeadState
    from ehub.bots.turn import Turn
    from ehub.settings import Settings
    from ehub.writing.base import Writer
    from ehub.writing.chain import ReplyWriter

PROVIDERS = ("rules", "anthropic", "gemini")
# An evaluation measures what the model reads and writes, not the network: each call gets this long.
CALL_SECONDS = 10.0
KEYS = {"anthropic": "ANTHROPIC_API_KEY", "gemini": "GEMINI_API_KEY"}


@dataclass
class ModelPath:
    provider: str
    model: str
    reader: Reader
    writer: ReplyWriter | None = None
    calls: list[Call] = field(default_factory=list)
    fallbacks: int = 0  # messages the model gave no reading (or no intent) for: the rules' stood
    _lead_cost: Decimal = Decimal(0)

    def new_lead(self) -> None:
        """A new conversation: the per-lead budget starts again."""
        self._lead_cost = Decimal(0)

    def read(self, message: str, state: LeadState, now: datetime) -> tuple[ModelSlots | None, str | None]:
        """What the model read in `message` (checked slots, intent); (None, None) when it could not."""
        reading = read_lead_message(self.reader, message, state, today=now.date(), spent=self._spent())
        self._add(reading.calls)
        if reading.raw is None:
            self.fallbacks += 1
            return None, None
        return validate(reading.raw), reading.intent

    def intent(self, message: str, now: datetime) -> str | None:
        from ehub.bots.state import LeadState

        self.new_lead()  # each labelled message is a lead of its own, with its own budget
        slots, intent = self.read(message, LeadState(), now)
        if slots is not None and intent is None:
            self.fallbacks += 1
        return intent

    def reword(self, turn: Turn, message: str) -> None:
        if self.writer is not None:
            written = self.writer.reword(turn, message, self._spent())
            self._add(written.calls if written is not None else [])

    def report(self) -> dict[str, object]:
        """What a run adds to its result: the provider, its model, the calls made and their cost."""
        return {
            "provider": self.provider,
            "model": self.model,
            "model_calls": len(self.calls),
            "cost_usd": float(sum((call.cost_usd for call in self.calls), Decimal(0))),
            "fallbacks": self.fallbacks,
        }

    def _spent(self) -> Spent:
        return Spent(self._lead_cost, Decimal(0))  # an evaluation is not today's traffic

    def _add(self, calls: list[Call]) -> None:
        self.calls += calls
        self._lead_cost += sum((call.cost_usd for call in calls), Decimal(0))


def model_path(settings: Settings, provider: str, *, writes: bool = False) -> ModelPath | None:
    """The model path for `provider` (None for the rules); `writes`: the provider writes replies too."""
    if provider == "rules":
        return None
    if provider not in KEYS:
        raise ConfigError(f"Unknown provider {provider}", field="provider", code="EVAL_PROVIDER_INVALID")
    from ehub.writing.chain import ReplyWriter
    from ehub.writing.slot_reader import GeminiSlotReader, SlotReader

    prices = settings.model_prices
    if provider == "anthropic" and settings.anthropic_api_key is not None:
        from ehub.writing.claude import ClaudeWriter

        key, model = settings.anthropic_api_key.get_secret_value(), settings.anthropic_model
        reader: Reader = SlotReader(
            key, model, prices=prices, base_url=settings.anthropic_base_url, budget_seconds=CALL_SECONDS
        )
        writer: Writer = ClaudeWriter(key, model, base_url=settings.anthropic_base_url)
    elif provider == "gemini" and settings.gemini_api_key is not None:
        from ehub.writing.gemini import GeminiWriter

        key, model = settings.gemini_api_key.get_secret_value(), settings.gemini_model
        reader = GeminiSlotReader(
            key, model, prices=prices, base_url=settings.gemini_base_url, budget_seconds=CALL_SECONDS
        )
        writer = GeminiWriter(key, model, base_url=settings.gemini_base_url)
    else:
        raise ConfigError(
            f"--provider {provider} needs {KEYS[provider]} (or EHUB_{KEYS[provider]}); no model was called",
            field="provider",
            code="EVAL_PROVIDER_KEY_MISSING",
        )
    chain = None
    if writes:
        chain = ReplyWriter(
            [writer],
            prices=prices,
            reply_budget_seconds=CALL_SECONDS,
            budget_per_lead_usd=settings.model_budget_per_lead_usd,
            budget_per_day_usd=settings.model_budget_per_day_usd,
        )
    return ModelPath(provider, model, reader, chain)
