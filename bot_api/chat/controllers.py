"""The chat endpoint: the same engine as the GoHighLevel webhook and `ehub chat`.

Who may do what: a public key (chat scope only, e.g. the website widget) starts a new web
conversation with each session-less message and continues only the conversation its session token
names; its contact details never attach it to an existing lead. A trusted key (one that may also
read leads) may name any lead by `lead_id` and use the SMS or email channel. A phone number from a
public key needs the visitor's consent to calls and texts (the widget's TCPA checkbox), recorded
sealed with it. Replies that show homes carry them as typed cards (the widget draws them).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Literal
from uuid import UUID

import msgspec
from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.params import JSONBody

from bot_api.access import Access, current_principal
from bot_api.errors import ERROR_RESPONSES
from bot_api.metrics import Metrics
from ehub.bots.contacts import Contact
from ehub.bots.service import BotService
from ehub.bots.sessions import issue_session, verify_session
from ehub.crypto import EMAIL_PATTERN, MAX_EMAIL_CHARS, WHITESPACE
from ehub.errors import EhubError

MAX_MESSAGE_CHARS = 2000
# Patterns spell out their character classes (see ehub.crypto.WHITESPACE); each is unambiguous, so linear.
NO_NUL = r"^[^\x00]*$"  # PostgreSQL text cannot hold NUL
SAID_SOMETHING = rf"^[{WHITESPACE}]*[^{WHITESPACE}\x00][^\x00]*$"  # not only whitespace, and no NUL
# A North American number in any usual writing (an Austin brokerage's leads); others give an email.
NANP_PHONE = r"^(\+?1[ .-]?)?\(?[2-9][0-9]{2}\)?[ .-]?[0-9]{3}[ .-]?[0-9]{4}$"
_JWT_SHAPE = r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$"


class ConflictError(EhubError):
    error = "conflict"
    code = "SESSION_LEAD_CONFLICT"
    http_status = 409


class ConsentRequiredError(EhubError):
    """A public key may not send a phone number the person has not agreed to be called and texted at."""

    error = "consent_required"
    code = "CONSENT_REQUIRED"
    http_status = 403


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


CHAT_ACCESS = Access(scopes=("chat",))  # machines only: the widget, GoHighLevel tools


class ChatController(Controller):
    path = "/v1/chat"
    tags = ["chat"]  # noqa: RUF012 - Litestar reads it as a class attribute

    @post(
        summary="Send one lead message; get the bot's decision, its reply and the session to continue with.",
        sync_to_thread=True,
        responses=ERROR_RESPONSES,
        opt=CHAT_ACCESS.opt,
        security=CHAT_ACCESS.security,
    )
    def chat(
        self,
        data: JSONBody[ChatRequest],
        bots: NamedDependency[BotService],
        metrics: NamedDependency[Metrics],
        request: Request,
    ) -> ChatResponse:
        principal, now = current_principal(request), datetime.now(UTC)
        key = principal.key
        if key is None:  # the route admits keys only; the guard has said so already
            raise PermissionDeniedException("Chat is for API keys")
        if not key.trusted and data.lead_id is not None:
            raise PermissionDeniedException("A public key continues a conversation with its session_token, not lead_id")
        if not key.trusted and data.channel != "web":
            raise PermissionDeniedException("A public key may only chat on the web channel")
        lead_id = str(data.lead_id) if data.lead_id is not None else None
        if data.session_token is not None:
            session_lead = verify_session(bots.cipher, data.session_token, key.key_id, now)
            if lead_id is not None and lead_id != session_lead:
                raise ConflictError("lead_id and session_token name different leads", field="lead_id")
            lead_id = session_lead
        contact = _contact(data.contact, trusted=key.trusted, now=now)
        result = bots.handle(
            data.message,
            channel=data.channel,
            now=now,
            lead_id=lead_id,
            contact=contact,
            match_contact=key.trusted,
            actor=principal.actor("POST /v1/chat"),
        )
        metrics.record_turn(result.turn)
        session = issue_session(bots.cipher, result.lead_id, key.key_id, now)
        public = result.turn.public()
        return ChatResponse(
            lead_id=result.lead_id,
            session_token=session.token,
            session_expires_at=session.expires_at,
            **{**public, "usage": TokenUsage(**public["usage"])},
            listings=listing_cards(result.turn.facts),
        )


def _contact(given: ContactIn | None, *, trusted: bool, now: datetime) -> Contact | None:
    """The details to keep; from a public key (the widget) a phone only with consent to calls and texts."""
    if given is None:
        return None
    if given.phone and not given.sms_consent and not trusted:
        raise ConsentRequiredError(
            "A phone number needs the person's consent to calls and texts (contact.sms_consent: true)",
            field="contact.sms_consent",
        )
    consented = now.isoformat(timespec="seconds") if given.sms_consent and given.phone else None
    return Contact(name=given.name, phone=given.phone, email=given.email, sms_consent_at=consented)
