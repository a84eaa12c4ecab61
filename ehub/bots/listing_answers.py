"""Answering a question about a home the Buyer bot showed, from the listing's own MLS fields.

"Is the second one still available?", "how big is the one on Barton St?", "¿cuántas recámaras
tiene la primera?": the listing is found among the homes just shown (by the street named, or by
its place in the list, or the only one shown); the answer gives its price, rooms, size, age, lot
and days on market from `marts.listing_search`, or says it is no longer listed. What the MLS record
does not hold (HOA, pool, garage, taxes...) is never guessed: an agent confirms it, and gets a task.
"""

from __future__ import annotations

from dataclasses import asdict

from ehub.bots.exchange import Exchange
from ehub.bots.wording import money
from ehub.conversation.asks import listing_detail, which_listing
from ehub.market.properties import street_key
from ehub.market.records import Listing

DETAIL_TASK_HOURS = 4
BEYOND_THE_LIST = "beyond the list"  # "the second one" when one home was shown


def answer_listing_question(exchange: Exchange, topic: str) -> bool:
    """Answer in front of the next question; False when no listing shown is the one asked about."""
    state = exchange.state
    key = _which(exchange)
    if key == BEYOND_THE_LIST:
        shown = len(state.last_shown or state.shown_listings[-3:])
        exchange.answer_then_continue(exchange.words("listing.beyond", count=shown))
        exchange.turn.reasons.append(f"asked about a home past the {shown} shown")
        return True
    if key is None or exchange.market is None:
        return False
    listing = exchange.market.listings([key]).get(key)
    address = listing.street_address if listing else None
    exchange.turn.facts["listing"] = asdict(listing) if listing else {"listing_key": key, "listed": False}
    if listing is None:
        exchange.answer_then_continue(exchange.words("listing.gone"))
    elif topic == "other":
        exchange.turn.actions.append(
            {
                "type": "task",
                "title": f"Jorge: confirm a listing detail the lead asked about ({key})",
                "due_in_hours": DETAIL_TASK_HOURS,
                "listings": [key],
                "for": "assigned_agent",
            }
        )
        detail = listing_detail(exchange.reading.clean) or "?"
        exchange.answer_then_continue(exchange.words("listing.defer", detail=detail))
    elif topic == "availability":
        exchange.answer_then_continue(exchange.words("listing.available", address=address))
    else:
        exchange.answer_then_continue(facts(exchange, listing))
    exchange.turn.reasons.append(f"answered a {topic} question about listing {key}")
    state.last_answer, state.last_listing = "listing", key
    return True


def _which(exchange: Exchange) -> str | None:
    """The shown listing the lead means: by street, by its place in the last list, the only one, or
    the one the last answer was about; a place past the end of the list means none of them."""
    state, clean = exchange.state, exchange.reading.clean
    recent = state.last_shown or state.shown_listings[-3:]
    if not recent or exchange.market is None:
        return None
    shown = exchange.market.listings(recent)
    said = street_key(clean)
    named = [key for key, home in shown.items() if street_key(home.street_address).split(" ", 1)[-1] in said]
    if named:
        return named[0]
    position = which_listing(clean)
    if position is not None:
        return recent[position] if -len(recent) <= position < len(recent) else BEYOND_THE_LIST
    if len(recent) == 1:
        return recent[0]
    return state.last_listing  # "does it have a pool?" after a question about one home: that home


def facts(exchange: Exchange, home: Listing) -> str:
    """'7248 Barton St: listed at $617k, 4 bd/3 ba, 2,550 sq ft, built 2014, 12 days on market.'"""
    words = exchange.words
    parts = [words("listing.price", price=money(home.list_price))]
    if home.bedrooms_total is not None and home.bathrooms_total is not None:
        parts.append(words("listing.rooms", beds=home.bedrooms_total, baths=home.bathrooms_total))
    if home.living_area_sqft:
        parts.append(words("listing.size", sqft=f"{home.living_area_sqft:,.0f}"))
    if home.year_built:
        parts.append(words("listing.built", year=home.year_built))
    if home.lot_size_acres:
        parts.append(words("listing.lot", acres=f"{home.lot_size_acres:.2f}"))
    if home.days_on_market is not None:
        parts.append(words("listing.days", days=home.days_on_market))
    if home.has_price_reduction:
        parts.append(words("listing.reduced"))
    return f"{home.street_address}: {', '.join(parts)}."
