"""The writer chain: Claude, then Gemini, then the engine's template, inside the turn's budgets.

The engine has decided the turn; this only rewords its reply. A provider that fails (error,
timeout, rate limit) hands over to the next; a reply that fails a guard (ehub.writing.guards) is
replaced by the template at once, with its reason. Every call is kept for the ledger, and the
turn carries what the chat API reports: provider, model, tokens, cost and `fallback_reason`.
Consent messages, replies after a handoff and replies the compliance rules chose are never
reworded (`Turn.rewordable`, `Turn.compliance_flags`).
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from ehub.bots.turn import Turn
from ehub.conversation.asks import asks_about_bot
from ehub.conversation.text import normalise
from ehub.writing.answers import AnswerCache, CachedAnswer
from ehub.writing.base import Draft, Exchange, ProviderFailure, Usage, Writer, WritingRequest
from ehub.writing.guards import check_reply
from ehub.writing.ledger import Call, Spent, calls_of, over_budget

if TYPE_CHECKING:
    from ehub.bots.exchange import MarketData
    from ehub.settings import Settings
    from ehub.writing.context import Conversation

_logger = logging.getLogger(__name__)
PURPOSE = "reply"
MIN_CALL_SECONDS = 0.2  # less than this left of the budget: not worth starting a call


@dataclass
class Written:
    reply: str
    provider: str  # anthropic, gemini or templates
    model: str | None
    fallback_reason: str | None = None
    calls: list[Call] = field(default_factory=list)
    cached: bool = False  # taken from the answer cache: no call made

    @property
    def usage(self) -> Usage:
        total = Usage()
        for call in self.calls:
            total += call.usage
        return total

    @property
    def cost_usd(self) -> Decimal:
        return sum((call.cost_usd for call in self.calls), Decimal(0))


def configured_writers(settings: Settings) -> tuple[bool, str]:
    """Which providers write replies, in order, for `ehub doctor`; not ok when a configured model has
    no price in `EHUB_MODEL_PRICES` (its calls would cost nothing in the ledger, so no budget holds)."""
    chain = [
        (provider, model)
        for provider, key, model in (
            ("anthropic", settings.anthropic_api_key, settings.anthropic_model),
            ("gemini", settings.gemini_api_key, settings.gemini_model),
        )
        if key is not None
    ]
    if not chain:
        return True, "templates only (no ANTHROPIC_API_KEY or GEMINI_API_KEY)"
    unpriced = [model for _, model in chain if model not in settings.model_prices]
    order = " → ".join(f"{provider} ({model})" for provider, model in chain) + " → templates"
    if unpriced:
        return False, f"{order}; no price for {', '.join(unpriced)} in EHUB_MODEL_PRICES"
    return True, order


def configured_helpers(settings: Settings) -> str:
    """Who reads slots and where market answers are kept, for `ehub doctor`."""
    if settings.anthropic_api_key is None:
        reading = "slots read by the rules only (no ANTHROPIC_API_KEY)"
    elif not settings.model_slots:
        reading = "slots read by the rules only (EHUB_MODEL_SLOTS off)"
    else:
        reading = f"slots read by anthropic ({settings.anthropic_model}), checked by the engine"
    cache = (
        "answer cache off"
        if settings.answer_cache_seconds == 0
        else f"answer cache in Redis ({settings.redis_namespace}:answers:*)"
        if settings.redis_url
        else "answer cache in process"
    )
    return f"{reading}; {cache}"


class ReplyWriter:
    def __init__(
        self,
        writers: list[Writer],
        *,
        prices: dict[str, dict[str, float]],
        reply_budget_seconds: float = 3.0,
        budget_per_lead_usd: float = 0.5,
        budget_per_day_usd: float = 25.0,
        cache: AnswerCache | None = None,
    ) -> None:
        self.writers, self.prices, self.cache = writers, prices, cache
        self.reply_budget_seconds = reply_budget_seconds
        self.budget_per_lead, self.budget_per_day = Decimal(str(budget_per_lead_usd)), Decimal(str(budget_per_day_usd))

    @classmethod
    def from_settings(cls, settings: Settings, market: MarketData | None = None) -> ReplyWriter | None:
        """Claude when its key is set, Gemini when its key is set, in that order; None without keys."""
        writers: list[Writer] = []
        if settings.anthropic_api_key is not None:
            from ehub.writing.claude import ClaudeWriter

            key = settings.anthropic_api_key.get_secret_value()
            writers.append(
                ClaudeWriter(key, settings.anthropic_model, base_url=settings.anthropic_base_url, market=market)
            )
        if settings.gemini_api_key is not None:
            from ehub.writing.gemini import GeminiWriter

            key = settings.gemini_api_key.get_secret_value()
            writers.append(GeminiWriter(key, settings.gemini_model, base_url=settings.gemini_base_url))
        if not writers:
            return None
        return cls(
            writers,
            prices=settings.model_prices,
            reply_budget_seconds=settings.reply_budget_seconds,
            budget_per_lead_usd=settings.model_budget_per_lead_usd,
            budget_per_day_usd=settings.model_budget_per_day_usd,
            cache=AnswerCache.from_settings(settings),
        )

    @staticmethod
    def may_reword(turn: Turn) -> bool:
        """Whether a model may reword `turn`'s reply (consent, after-handoff and compliance texts may not)."""
        return turn.reply is not None and turn.rewordable and not turn.compliance_flags

    def reword(
        self, turn: Turn, message: str, spent: Spent, conversation: Conversation | None = None
    ) -> Written | None:
        """Reword `turn`'s reply in place when it may be (None when it may not); what was done.
        `conversation`: what came before (ehub.writing.context), shown to the writer."""
        if not self.may_reword(turn) or turn.reply is None:
            return None
        intro = turn.intro if turn.reply.startswith(turn.intro) else ""
        request = WritingRequest(
            template=turn.reply[len(intro) :],
            language=turn.language,
            bot=turn.bot,
            intent=turn.intent,
            message=message,
            facts={**turn.facts, "asked_about_bot": asks_about_bot(normalise(message))},
            summary=conversation.summary if conversation else None,
            history=conversation.recent if conversation else (),
        )
        written = self._cached(request, intro) or self.write(
            request, intro=intro, template_reply=turn.reply, spent=spent
        )
        turn.reply, turn.provider, turn.model = written.reply, written.provider, written.model
        turn.fallback_reason, turn.usage, turn.cost_usd = (
            written.fallback_reason,
            written.usage.public(),
            float(written.cost_usd),
        )
        turn.reasons.append(
            f"reply from the answer cache, written by {written.provider} ({written.model})"
            if written.cached
            else f"reply written by {written.provider} ({written.model})"
            if written.fallback_reason is None
            else f"template reply kept: {written.fallback_reason}"
            if written.provider == "templates"
            else f"reply written by {written.provider} ({written.model}) after {written.fallback_reason}"
        )
        return written

    def write(self, request: WritingRequest, *, intro: str, template_reply: str, spent: Spent) -> Written:
        """The first provider's reply that passes every guard; the template otherwise."""
        deadline = time.monotonic() + self.reply_budget_seconds
        calls: list[Call] = []
        reason: str | None = None
        for writer in self.writers:
            turn_cost = sum((call.cost_usd for call in calls), Decimal(0))
            if over_budget(spent, turn_cost, per_lead=self.budget_per_lead, per_day=self.budget_per_day):
                return Written(template_reply, "templates", None, reason or "budget", calls)
            remaining = deadline - time.monotonic()
            if remaining < MIN_CALL_SECONDS:
                return Written(template_reply, "templates", None, reason or "timeout", calls)
            try:
                draft = writer.write(request, remaining)
            except ProviderFailure as failure:
                calls += self._calls(writer, failure.exchanges, failure.kind)
                reason = reason or f"{writer.provider}_{failure.kind}"
                continue
            except Exception as unexpected:  # no answer a provider gives may break a reply
                _logger.warning("%s writer failed unexpectedly: %s", writer.provider, type(unexpected).__name__)
                reason = reason or f"{writer.provider}_bad_response"
                continue
            blocked = check_reply(draft.text, request, draft.tool_results, intro=intro)
            calls += self._calls(writer, draft.exchanges, "ok" if blocked is None else f"blocked_{blocked}")
            if blocked is not None:
                return Written(template_reply, "templates", None, blocked, calls)
            self._keep(request, draft)
            return Written(intro + " ".join(draft.text.split()), draft.provider, draft.model, reason, calls)
        return Written(template_reply, "templates", None, reason or "no_writer", calls)

    def _cached(self, request: WritingRequest, intro: str) -> Written | None:
        """The cached answer to this market question when there is one and it passes every guard."""
        key = self.cache.key(request) if self.cache is not None else None
        found = self.cache.get(key) if self.cache is not None and key is not None else None
        if found is None or check_reply(found.text, request, found.tool_results, intro=intro) is not None:
            return None
        return Written(intro + found.text, found.provider, found.model, cached=True)

    def _keep(self, request: WritingRequest, draft: Draft) -> None:
        key = self.cache.key(request) if self.cache is not None else None
        if self.cache is not None and key is not None:
            text = " ".join(draft.text.split())
            self.cache.put(key, request, CachedAnswer(text, draft.provider, draft.model, list(draft.tool_results)))

    def _calls(self, writer: Writer, exchanges: list[Exchange], outcome: str) -> list[Call]:
        return calls_of(
            exchanges,
            provider=writer.provider,
            model=writer.model,
            purpose=PURPOSE,
            prompt_version=getattr(getattr(writer, "prompt", None), "version", "none"),
            outcome=outcome,
            prices=self.prices,
        )


__all__ = ["Draft", "ReplyWriter", "Written"]
