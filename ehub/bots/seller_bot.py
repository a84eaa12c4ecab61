"""The Seller bot: a low-high range from the closest recent sales, never a single price.

The subject is the seller's own home when the street address they gave matches an MLS record
(its size, beds, baths, year and lot then drive the CMA), otherwise their area with the size or
bedrooms they told us. The comps come from `marts.comparable_sales()`, as of the feed's date, the
same search the `cma_comps` mart runs. The reply quotes the comps' size-adjusted prices, which are
exactly what the range is built from, so the range and the comps always agree.
"""

from __future__ import annotations

from dataclasses import asdict

from ehub.bots.exchange import Exchange
from ehub.bots.turn import Turn
from ehub.bots.wording import money
from ehub.geography import centre
from ehub.market.properties import PropertyRecord
from ehub.market.records import ComparableSale, Subject
from ehub.market.search import price_range

QUESTIONS = ("area", "property", "timeline", "agent", "appointment")
AFTER_ESTIMATE = ("timeline", "appointment")
SQFT_PER_BEDROOM = 650.0  # a size guess when the seller gave bedrooms only
QUOTED_COMPS = 3


def respond(exchange: Exchange) -> Turn:
    state = exchange.state
    if state.slots.wants_appointment and (state.estimate_given or state.slots.address is not None):
        exchange.turn.actions.append(
            {
                "type": "task",
                "title": "Jorge: set up a listing walkthrough",
                "due_in_hours": 24,
                "for": "assigned_agent",
            }
        )
        exchange.turn.offer_consultation = True
        return exchange.say(exchange.words("seller.walkthrough"))
    if state.estimate_given or exchange.market is None:
        return exchange.qualify(QUESTIONS, "seller")
    record = _their_record(exchange)
    subject = record.subject if record else _described(exchange)
    if subject is None:
        return exchange.qualify(QUESTIONS, "seller")
    comps = exchange.market.comps(subject)
    estimate = price_range(comps)
    if estimate is None:
        return exchange.say(exchange.words("seller.no_comps"))
    state.estimate_given = True
    exchange.turn.facts |= {"estimate": asdict(estimate), "comps": [asdict(comp) for comp in comps[:QUOTED_COMPS]]}
    if record is not None:
        size = _size(exchange, record.subject)
        exchange.answer_then_continue(exchange.words("seller.found_record", address=record.street_address, size=size))
    quoted = ", ".join(_comp(exchange, comp) for comp in comps[:QUOTED_COMPS] if comp.adjusted_price is not None)
    exchange.answer_then_continue(
        exchange.words("seller.estimate", low=money(estimate.low), high=money(estimate.high), comps=quoted)
    )
    return exchange.qualify(AFTER_ESTIMATE, "seller")  # then what we still need: when, and a full CMA


def _their_record(exchange: Exchange) -> PropertyRecord | None:
    address = exchange.state.slots.address
    if address is None or not address.number or exchange.market is None:
        return None
    return exchange.market.find_property(address.number, address.street, address.city)


def _described(exchange: Exchange) -> Subject | None:
    """The subject from what the seller told us: their neighbourhood's or area's centre, their size
    or bedrooms."""
    slots = exchange.state.slots
    where = centre(slots.neighbourhood) or centre(slots.area)
    if where is None or (slots.square_feet is None and slots.bedrooms is None):
        return None
    living_area = float(slots.square_feet) if slots.square_feet else SQFT_PER_BEDROOM * (slots.bedrooms or 3)
    return Subject("SingleFamilyResidence", where[0], where[1], living_area, slots.bedrooms)


def _comp(exchange: Exchange, comp: ComparableSale) -> str:
    return exchange.words("seller.comp", address=comp.street_address, adjusted=money(comp.adjusted_price or 0))


def _size(exchange: Exchange, subject: Subject) -> str:
    sqft = f"{subject.living_area_sqft:,.0f}"
    if subject.bedrooms is None:
        return exchange.words("seller.size", sqft=sqft)
    return exchange.words("seller.size.beds", sqft=sqft, beds=subject.bedrooms)
