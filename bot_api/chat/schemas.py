"""What `POST /v1/chat` takes and answers, defined once: the request, the bot's decision and reply,
and the homes it shows as cards (the widget draws them)."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec

from ehub.crypto import EMAIL_PATTERN, MAX_EMAIL_CHARS, WHITESPACE

MAX_MESSAGE_CHARS = 2000
# Patterns spell out their character classes (see ehub.crypto.WHITESPACE); each is unambiguous, so linear.
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL
SAID_SOMETHING = rf"^[{WHITESPACE}]*[^{WHITESPACE}\x00][^\x00]*$"  # not only whitespace, and no NUL
# A North American number in any usual writing (an Austin brokerage's leads); others give an email.
NANP_PHONE = r"^(\+?1[ .-]?)?\(?[2-9][0-9]{2}\)?[ .-]?[0-9]{3}[ .-]?[0-9]{4}$"
_JWT_SHAPE = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"


class ContactIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=200, pattern=NO_NUL)] | None = None
    phone: Annotated[str, msgspec.Meta(max_length=40, pattern=NANP_PHONE)] | None = None
    email: Annotated[str, msgspec.Meta(min_length=3, max_length=MAX_EMAIL_CHARS, pattern=EMAIL_PATTERN)] | None = None
    # The person ticked the widget's consent to calls and texts (TCPA); a public key's phone needs it.
    sms_consent: bool = False


class ChatRequest(msgspec.Struct, forbid_unknown_fields=True):
    message: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_MESSAGE_CHARS, pattern=SAID_SOMETHING)]
    channel: Literal["web", "sms", "email"] = "web"
    session_token: Annotated[str, msgspec.Meta(max_length=1024, pattern=_JWT_SHAPE)] | None = None
    lead_id: UUID | None = None
    contact: ContactIn | None = None


class TokenUsage(msgspec.Struct):
    input_tokens: Annotated[int, msgspec.Meta(ge=0)]
    output_tokens: Annotated[int, msgspec.Meta(ge=0)]
    cache_read_tokens: Annotated[int, msgspec.Meta(ge=0)]
    cache_write_tokens: Annotated[int, msgspec.Meta(ge=0)]


MAX_CARDS = 5
_TEXT = msgspec.Meta(max_length=200)
_COUNT = msgspec.Meta(ge=0, le=1000)
_AMOUNT = msgspec.Meta(ge=0)


class ListingCard(msgspec.Struct):
    """A home the reply shows, as the widget draws it: the MLS fields the bot quoted, nothing more."""

    listing_key: Annotated[str, msgspec.Meta(max_length=64)]
    street_address: Annotated[str, _TEXT]
    city: Annotated[str, _TEXT]
    postal_code: Annotated[str, msgspec.Meta(max_length=10)]
    list_price: Annotated[int, _AMOUNT]
    property_sub_type: Annotated[str, _TEXT]
    bedrooms: Annotated[int, _COUNT] | None = None
    bathrooms: Annotated[int, _COUNT] | None = None
    living_area_sqft: Annotated[float, _AMOUNT] | None = None
    price_per_sqft: Annotated[float, _AMOUNT] | None = None
    days_on_market: int | None = None


def listing_cards(facts: dict) -> list[ListingCard]:
    """The homes a turn's reply quotes (the Buyer bot's matches, or the one home asked about)."""
    homes = facts.get("listings") or ([facts["listing"]] if facts.get("listing", {}).get("list_price") else [])
    return [
        ListingCard(
            listing_key=str(home["listing_key"])[:64],
            street_address=str(home["street_address"])[:200],
            city=str(home["city"])[:200],
            postal_code=str(home["postal_code"])[:10],
            list_price=max(0, int(home["list_price"])),
            property_sub_type=str(home["property_sub_type"])[:200],
            bedrooms=_count(home.get("bedrooms_total")),
            bathrooms=_count(home.get("bathrooms_total")),
            living_area_sqft=_amount(home.get("living_area_sqft")),
            price_per_sqft=_amount(home.get("price_per_sqft")),
            days_on_market=home.get("days_on_market"),
        )
        for home in homes[:MAX_CARDS]
    ]


def _count(value: object) -> int | None:
    return int(value) if isinstance(value, int | float) and 0 <= value <= 1000 else None


def _amount(value: object) -> float | None:
    return float(value) if isinstance(value, int | float) and value >= 0 else None


class ChatResponse(msgspec.Struct):
    lead_id: str
    session_token: str
    session_expires_at: datetime
    reply: str | None
    bot: str
    intent: str
    confidence: float
    lead_score: float
    temperature: str
    handoff: bool
    compliance_flags: list[str]
    variant: str
    provider: Literal["templates", "anthropic", "gemini"]  # who wrote the reply (ehub.writing)
    model: Annotated[str, msgspec.Meta(max_length=100)] | None
    usage: TokenUsage
    cost_usd: Annotated[float, msgspec.Meta(ge=0)]
    fallback_reason: Annotated[str, msgspec.Meta(max_length=64, pattern=r"^[a-z_]+$")] | None
    listings: Annotated[list[ListingCard], msgspec.Meta(max_length=MAX_CARDS)] = msgspec.field(default_factory=list)
