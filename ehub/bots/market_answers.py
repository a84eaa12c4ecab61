"""Answering a market question with the marts' figures, and saying which period they cover.

"How's the market in Round Rock?", "average price in Cedar Park", "days on market in Kyle": the
area comes from the message or the conversation, the price band from the lead's budget when there
is one. The figures are `ehub.market.stats.area_market` over the trailing 90 days to the feed's
date. After the answer the bot goes on qualifying, so a question never stalls the conversation.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict
from datetime import date

from ehub.bots.exchange import Exchange
from ehub.bots.turn import Turn
from ehub.bots.wording import money
from ehub.errors import UnavailableError
from ehub.geography import city_of, district_zip_codes
from ehub.market.bands import price_band
from ehub.market.stats import PERIOD_DAYS, AreaMarket


def answer_market_question(exchange: Exchange) -> Turn | None:
    """Answer in front of the next question; a reply asking for the area when none is known;
    None when the market data cannot be reached (the bot then carries on without it)."""
    slots = exchange.state.slots
    name = slots.area
    city = city_of(name)
    if name is None or city is None or exchange.market is None:
        return exchange.say(exchange.words("market.which_area")) if exchange.market is not None else None
    band = price_band(slots.budget.high) if slots.budget else None
    codes = district_zip_codes(name, slots.neighbourhood)  # Mueller's figures, not all of Austin's
    try:
        figures = exchange.market.area(
            area=name, city=city, postal_code=None, band=band, bedrooms=slots.bedrooms, postal_codes=codes
        )
    except UnavailableError as unavailable:
        exchange.turn.reasons.append(f"market figures unavailable ({unavailable.code})")
        exchange.answer_then_continue(exchange.words("market.unavailable"))
        return None
    exchange.turn.reasons.append(f"answered a market question for {name} ({band or 'all bands'})")
    exchange.state.last_answer = "market"
    exchange.turn.facts["market"] = asdict(figures)
    # the figures are the area's, unless the neighbourhood's own ZIP codes bounded them (Hyde Park in Central Austin)
    own_neighbourhood = bool(codes) and codes != district_zip_codes(name)
    own_name = slots.neighbourhood if own_neighbourhood else None if slots.neighbourhood else slots.place_said
    exchange.answer_then_continue(summary(exchange.words, figures, name=own_name))
    return None


Words = Callable[..., str]  # a template in the lead's language and style, filled: `Exchange.words`


def summary(words: Words, figures: AreaMarket, name: str | None = None) -> str:
    """The figures with their period, in the lead's words (a reply here, a monthly update in nurture);
    `name`: the lead's own name for the area ("Westlake"), said instead of the marts' one."""
    period = period_words(words, figures.period_end)
    area = name or figures.area
    if not figures.closed_sales:
        return words("market.no_sales", area=area, period=period)
    sold = words("market.sold.one" if figures.closed_sales == 1 else "market.sold.many", count=figures.closed_sales)
    active = words(
        "market.active.one" if figures.active_listings == 1 else "market.active.many", count=figures.active_listings
    )
    return words(
        "market.summary",
        area=area,
        sold=sold,
        period=period,
        price=money(figures.median_close_price or 0),
        per_sqft=f"${figures.median_price_per_sqft or 0:,}",
        days=figures.median_days_on_market if figures.median_days_on_market is not None else "-",
        active=active,
    )


def period_words(words: Words, end: date) -> str:
    """'the last 3 months (to Nov 20)', 'los últimos 3 meses (hasta el 20 de nov)'."""
    month = words("months").split(",")[end.month - 1]
    return words("market.period", months=PERIOD_DAYS // 30, month=month, day=end.day)
