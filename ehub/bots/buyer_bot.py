"""The Buyer bot: the three best matches from `marts.listing_search`, remembering what the lead
turned down, then a showing set up with an agent.

It searches once the lead has given an area or a budget, never shows the same search twice, asks
with the homes what it still needs before a tour (timeline, financing), and after the homes are
shown finishes qualifying instead of repeating them. A showing request becomes an agent task
listing the homes shown; a lead not yet pre-approved is offered a lender once, and a lender asked
for becomes an agent task too.
"""

from __future__ import annotations

from dataclasses import asdict, replace

from ehub.bots.exchange import Exchange, answered
from ehub.bots.in_context import wants_a_lender
from ehub.bots.turn import Turn
from ehub.bots.wording import SMS_LIMIT, money
from ehub.conversation.asks import asks_for_homes
from ehub.conversation.readiness import wants_appointment
from ehub.geography import city_of, district_zip_codes
from ehub.market.records import Listing, ListingCriteria
from ehub.patterns import compiled

AFTER_SEARCH = ("timeline", "financing", "agent", "appointment")
BEFORE_TOUR = ("timeline", "financing")  # asked with the homes shown, before a tour is offered
BEFORE_SEARCH = ("area", "budget", "timeline", "financing")
SHOWING_TASK_HOURS = 24
_REJECTION = compiled(
    r"\b(?:not for me|no thanks|too (?:expensive|small|far|pricey|big)|pass|don'?t like|do not like|nope|"
    r"no me gusta|muy (?:caro|cara|lejos|pequena|pequeno|chica|chico))\b"
)
_SUB_TYPES = (
    ("Condominium", compiled(r"\b(?:condo|condominium|apartment|loft|departamento)s?\b")),
    ("Townhouse", compiled(r"\b(?:town ?home|town ?house)s?\b")),
    ("SingleFamilyResidence", compiled(r"\b(?:single[- ]family|house|yard|casa sola)\b")),
)


def respond(exchange: Exchange) -> Turn:
    state, clean = exchange.state, exchange.reading.clean
    state.property_sub_type = next(
        (kind for kind, pattern in _SUB_TYPES if pattern.search(clean)), state.property_sub_type
    )
    rejected = rejects_listings(clean) and bool(state.shown_listings)
    if rejected:
        state.rejected_listings += [key for key in state.shown_listings if key not in state.rejected_listings]
    # a tour asked for: of the homes shown, or, when the search found none, of what an agent finds in the
    # area ("can we see a few when we fly in on the 12th?")
    none_found = state.last_search is not None and not state.shown_listings and wants_appointment(clean)
    if state.slots.wants_appointment and (state.shown_listings or none_found):
        exchange.turn.actions.append(
            {
                "type": "task",
                "title": "Jorge: schedule a showing",
                "due_in_hours": SHOWING_TASK_HOURS,
                "listings": state.shown_listings[-3:],
                "for": "assigned_agent",
            }
        )
        exchange.turn.offer_consultation = True
        return exchange.say(exchange.words("buyer.showing", area=_area(exchange)))
    if wants_a_lender(state, clean):  # an agent sends a trusted lender's details; the search goes on after
        exchange.turn.actions.append(
            {
                "type": "task",
                "title": "Jorge: introduce a lender",
                "due_in_hours": SHOWING_TASK_HOURS,
                "for": "assigned_agent",
            }
        )
        state.asked["lender"], state.last_question = 1, None
        return exchange.say(exchange.words("buyer.lender_intro", when=exchange.when_agents_answer()))
    if exchange.market is None or (state.slots.area is None and state.slots.budget is None):
        if _offers_lender(exchange):
            return exchange.say(exchange.words("buyer.lender"))
        return exchange.qualify(BEFORE_SEARCH, "lead")
    criteria = ListingCriteria(
        city=city_of(state.slots.neighbourhood or state.slots.area),
        postal_codes=district_zip_codes(state.slots.area, state.slots.neighbourhood),  # Mueller, not all of Austin
        max_price=state.slots.budget.high if state.slots.budget else None,
        min_bedrooms=state.slots.bedrooms,
        property_sub_type=state.property_sub_type,
        exclude=tuple(state.rejected_listings + state.shown_listings),
        limit=3,
    )
    codes = ",".join(criteria.postal_codes)
    signature = f"{criteria.city}|{codes}|{criteria.max_price}|{criteria.min_bedrooms}|{criteria.property_sub_type}"
    if signature == state.last_search and not rejected:
        if not asks_for_homes(clean):  # the homes for these criteria are already shown
            if _offers_lender(exchange):
                return exchange.say(exchange.words("buyer.lender"))
            return exchange.qualify(AFTER_SEARCH, "lead")
        criteria = replace(criteria, exclude=tuple(state.rejected_listings))  # "just send me the houses": again
    state.last_search = signature
    homes = exchange.market.search(criteria)
    if not homes:
        return exchange.say(exchange.words("buyer.no_match", area=_area(exchange)))
    return _show(exchange, homes)


def _show(exchange: Exchange, homes: list[Listing]) -> Turn:
    """The homes, then the next thing to know before a tour (timeline, financing) or the tour itself;
    fewer homes when all of it would not fit one text."""
    state = exchange.state
    question = next((name for name in BEFORE_TOUR if not answered(name, state.slots)), None)
    lender = question is None and _offers_lender(exchange, mark=False)
    for count in range(len(homes), 0, -1):
        shown = homes[:count]
        lines = "; ".join(listing_line(exchange, home) for home in shown)
        key = "buyer.matches.one" if count == 1 else "buyer.matches.many"
        matches = exchange.words(key, count=count, lines=lines, area=_area(exchange))
        follow = exchange.words(
            "buyer.lender"
            if lender
            else f"question.lead.{question}"
            if question
            else ("buyer.tour.one" if count == 1 else "buyer.tour.many")
        )
        text = f"{matches} {follow}"
        intro = exchange.words("intro") if state.bot_turns == 0 else ""
        if len(intro + " ".join([*exchange.preface, text])) <= SMS_LIMIT or count == 1:
            break
    state.shown_listings += [home.listing_key for home in shown]
    state.last_shown = [home.listing_key for home in shown]
    exchange.turn.facts["listings"] = [asdict(home) for home in shown]
    if lender:
        question, state.asked["lender"] = None, 1
        state.last_question = exchange.turn.asked = "financing"
    else:
        state.last_question = exchange.turn.asked = question or "appointment"
    if question and not exchange.preface:
        state.asked[question] = state.asked.get(question, 0) + 1
    return exchange.say(text)


def _offers_lender(exchange: Exchange, *, mark: bool = True) -> bool:
    """Not pre-approved yet ("we haven't talked to a lender", "idk anything about loans"): once the
    timeline is known, the lender comes before a tour, offered once. `mark`: note it as offered now."""
    state = exchange.state
    due = (
        answered("timeline", state.slots)
        and state.slots.financing == "not_pre_approved"
        and not state.asked.get("lender")
    )
    if due and mark:
        state.asked["lender"] = 1
        state.last_question = exchange.turn.asked = "financing"
    return due


def _area(exchange: Exchange) -> str:
    slots = exchange.state.slots
    return slots.where or exchange.words("austin_area")


def rejects_listings(clean: str) -> bool:
    """'not for me, too far', 'no me gusta': the homes shown are turned down (not an opt-out)."""
    return bool(_REJECTION.search(clean))


def listing_line(exchange: Exchange, home: Listing) -> str:
    """One listing in a text: address, price, beds/baths, $/sqft and a short link (about 60 characters)."""
    per_sqft = f"${home.price_per_sqft:,.0f}" if home.price_per_sqft is not None else "-"
    return exchange.words(
        "listing.line",
        address=home.street_address,
        price=money(home.list_price),
        beds=home.bedrooms_total if home.bedrooms_total is not None else "-",
        baths=home.bathrooms_total if home.bathrooms_total is not None else "-",
        per_sqft=per_sqft,
        link=f"ehub.link/{home.listing_key[-6:]}",
    )
