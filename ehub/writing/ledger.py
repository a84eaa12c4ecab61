"""The model ledger (`app.model_calls`): what each call cost, and whether a budget is spent.

Cost is computed from the settings' price table (USD per million tokens, by model); a model
missing from the table costs nothing here and is reported by `ehub doctor`. Budgets are sums over
the ledger: one lead's spend ever, and everyone's spend today (the brokerage's day, Austin time).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time
from decimal import Decimal
from zoneinfo import ZoneInfo

from sqlalchemy import Connection, text

from ehub.writing.base import Exchange, Usage

AUSTIN = ZoneInfo("America/Chicago")
PER_MILLION = 1_000_000

_INSERT = text("""
    insert into app.model_calls (lead_id, decision_id, provider, model, purpose, prompt_version, outcome,
        input_tokens, output_tokens, cache_read_tokens, cache_write_tokens, latency_ms, cost_usd, created_at)
    values (cast(:lead as uuid), :decision, :provider, :model, :purpose, :prompt_version, :outcome,
        :input_tokens, :output_tokens, :cache_read_tokens, :cache_write_tokens, :latency_ms, :cost_usd, :now)
""")
_SPENT = text("""
    select coalesce(sum(cost_usd) filter (where lead_id = cast(:lead as uuid)), 0) as lead_spent,
           coalesce(sum(cost_usd) filter (where created_at >= :day_start), 0) as day_spent
    from app.model_calls
    where lead_id = cast(:lead as uuid) or created_at >= :day_start
""")


@dataclass(frozen=True)
class Call:
    """One call made, as the ledger keeps it."""

    provider: str
    model: str
    purpose: str
    prompt_version: str
    outcome: str
    usage: Usage
    latency_ms: int
    cost_usd: Decimal


def cost(prices: dict[str, dict[str, float]], model: str, usage: Usage) -> Decimal:
    """USD for `usage` of `model`, to a hundredth of a micro-dollar."""
    price = prices.get(model, {})
    dollars = (
        usage.input_tokens * price.get("input", 0.0)
        + usage.output_tokens * price.get("output", 0.0)
        + usage.cache_read_tokens * price.get("cache_read", 0.0)
        + usage.cache_write_tokens * price.get("cache_write", 0.0)
    ) / PER_MILLION
    return Decimal(str(round(dollars, 8)))


def record(connection: Connection, calls: list[Call], *, lead: str | None, decision: int | None, now: datetime) -> None:
    """Write the calls of one turn, in the caller's transaction."""
    if not calls:
        return
    connection.execute(
        _INSERT,
        [
            {
                "lead": lead,
                "decision": decision,
                "provider": call.provider,
                "model": call.model,
                "purpose": call.purpose,
                "prompt_version": call.prompt_version,
                "outcome": call.outcome,
                "input_tokens": call.usage.input_tokens,
                "output_tokens": call.usage.output_tokens,
                "cache_read_tokens": call.usage.cache_read_tokens,
                "cache_write_tokens": call.usage.cache_write_tokens,
                "latency_ms": call.latency_ms,
                "cost_usd": call.cost_usd,
                "now": now,
            }
            for call in calls
        ],
    )


@dataclass(frozen=True)
class Spent:
    lead: Decimal
    day: Decimal


def spent(connection: Connection, lead: str | None, now: datetime) -> Spent:
    """What one lead has cost so far, and what today (Austin) has (no lead: the day's alone)."""
    day_start = datetime.combine(now.astimezone(AUSTIN).date(), time(0), tzinfo=AUSTIN)
    row = connection.execute(_SPENT, {"lead": lead, "day_start": day_start}).one()
    return Spent(Decimal(row.lead_spent), Decimal(row.day_spent))


def over_budget(spent: Spent, extra: Decimal, *, per_lead: Decimal, per_day: Decimal) -> bool:
    """Whether the lead's or the day's budget is spent, counting `extra` not yet recorded."""
    return spent.lead + extra >= per_lead or spent.day + extra >= per_day


def calls_of(
    exchanges: list[Exchange],
    *,
    provider: str,
    model: str,
    purpose: str,
    prompt_version: str,
    outcome: str,
    prices: dict[str, dict[str, float]],
) -> list[Call]:
    """The ledger rows of one provider's exchanges; the last carries `outcome` when it succeeded."""
    calls = []
    for index, exchange in enumerate(exchanges):
        last = index == len(exchanges) - 1
        calls.append(
            Call(
                provider=provider,
                model=model,
                purpose=purpose,
                prompt_version=prompt_version,
                outcome=outcome if last and exchange.outcome == "ok" else exchange.outcome,
                usage=exchange.usage,
                latency_ms=exchange.latency_ms,
                cost_usd=cost(prices, model, exchange.usage),
            )
        )
    return calls


def with_pending(spent: Spent, calls: list[Call]) -> Spent:
    """`spent` with this turn's calls made but not yet recorded (the slot reading, before the writer)."""
    extra = sum((call.cost_usd for call in calls), Decimal(0))
    return Spent(spent.lead + extra, spent.day + extra)
