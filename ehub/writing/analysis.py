"""Gemini as the analyst: one structured-output `generateContent` call whose JSON is validated.

The handoff summary (ehub.writing.handoff) and the daily insights (ehub.writing.insights) each ask
Gemini for JSON in a schema (a pydantic model, sent as `responseJsonSchema`) and check the answer
against the same model. Every call is a ledger row (`purpose` names the analysis) and is refused
past the per-lead or per-day budget. Nothing here raises for a provider's sake: a failure, a
timeout or JSON that does not fit the schema is an `Analysis` with no result and its reason, so the
caller falls back to what it did before.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from google import genai
from google.genai import types
from pydantic import BaseModel, ValidationError

from ehub.writing.base import Draft, Exchange, ProviderFailure
from ehub.writing.gemini import generate
from ehub.writing.ledger import Call, Spent, cost
from ehub.writing.prompts import prompt
from ehub.writing.tools import as_json

if TYPE_CHECKING:
    from ehub.settings import Settings

_logger = logging.getLogger(__name__)
PROVIDER = "gemini"
MAX_OUTPUT_TOKENS = 2048
T = TypeVar("T", bound=BaseModel)


@dataclass
class Analysis(Generic[T]):
    """What one analysis gave: the validated result, or none and why; the calls it cost either way."""

    result: T | None
    calls: list[Call] = field(default_factory=list)
    fallback_reason: str | None = None
    prompt_version: str = "none"


def configured_analyses(settings: Settings) -> tuple[bool, str]:
    """Who writes the handoff summary and the daily insights, for `ehub doctor`; not ok when the
    Gemini model has no price in `EHUB_MODEL_PRICES` (no budget would hold)."""
    if settings.gemini_api_key is None:
        return True, "templates (no GEMINI_API_KEY): the template handoff summary, no daily insights"
    detail = f"gemini ({settings.gemini_model}): handoff summary, daily insights"
    if settings.gemini_model not in settings.model_prices:
        return False, f"{detail}; no price for {settings.gemini_model} in EHUB_MODEL_PRICES"
    return True, detail


class Analyst:
    provider = PROVIDER

    def __init__(
        self,
        api_key: str,
        model: str,
        *,
        base_url: str | None = None,
        prices: dict[str, dict[str, float]],
        budget_per_lead_usd: float = 0.5,
        budget_per_day_usd: float = 25.0,
    ) -> None:
        self.model, self.prices = model, prices
        options = types.HttpOptions(base_url=base_url) if base_url else None
        self.client = genai.Client(api_key=api_key, http_options=options)
        self.budget_per_lead, self.budget_per_day = Decimal(str(budget_per_lead_usd)), Decimal(str(budget_per_day_usd))

    @classmethod
    def from_settings(cls, settings: Settings) -> Analyst | None:
        """Gemini when `GEMINI_API_KEY` is set; None without it (the callers keep their templates)."""
        if settings.gemini_api_key is None:
            return None
        return cls(
            settings.gemini_api_key.get_secret_value(),
            settings.gemini_model,
            base_url=settings.gemini_base_url,
            prices=settings.model_prices,
            budget_per_lead_usd=settings.model_budget_per_lead_usd,
            budget_per_day_usd=settings.model_budget_per_day_usd,
        )

    def ask(
        self, prompt_name: str, content: Any, schema: type[T], *, purpose: str, timeout: float, spent: Spent
    ) -> Analysis[T]:
        """Gemini's answer to `content` under prompt `prompt_name`, as a validated `schema`."""
        system = prompt(prompt_name)
        if spent.lead >= self.budget_per_lead or spent.day >= self.budget_per_day:
            return Analysis(None, [], "budget", system.version)
        draft = Draft(text="", provider=self.provider, model=self.model)
        try:
            answer = generate(
                self.client,
                self.model,
                system,
                as_json(content),
                timeout,
                draft,
                json_schema=schema.model_json_schema(),
                max_output_tokens=MAX_OUTPUT_TOKENS,
                temperature=0.2,
            )
        except ProviderFailure as failure:
            calls = self._calls(failure.exchanges, purpose, system.version)
            return Analysis(None, calls, f"gemini_{failure.kind}", system.version)
        except Exception as unexpected:  # an answer the SDK cannot read (a proxy's HTML page) falls back too
            _logger.warning("gemini %s failed unexpectedly: %s", purpose, type(unexpected).__name__)
            return Analysis(None, self._calls(draft.exchanges, purpose, system.version), "gemini_bad_response")
        try:
            result = schema.model_validate_json(answer)
        except ValidationError:
            calls = self._calls(draft.exchanges, purpose, system.version, last="invalid_json")
            return Analysis(None, calls, "gemini_invalid_json", system.version)
        return Analysis(result, self._calls(draft.exchanges, purpose, system.version), None, system.version)

    def _calls(self, exchanges: list[Exchange], purpose: str, version: str, *, last: str | None = None) -> list[Call]:
        return [
            Call(
                provider=self.provider,
                model=self.model,
                purpose=purpose,
                prompt_version=version,
                outcome=last if last and index == len(exchanges) - 1 else exchange.outcome,
                usage=exchange.usage,
                latency_ms=exchange.latency_ms,
                cost_usd=cost(self.prices, self.model, exchange.usage),
            )
            for index, exchange in enumerate(exchanges)
        ]
