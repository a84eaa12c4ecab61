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

from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.exceptions import PermissionDeniedException
from litestar.params import JSONBody

from bot_api.access import Access, current_principal
from bot_api.chat.schemas import ChatRequest, ChatResponse, ContactIn, TokenUsage, listing_cards
from bot_api.errors import ERROR_RESPONSES
from bot_api.metrics import Metrics
from ehub.bots.contacts import Contact
from ehub.bots.service import BotService
from ehub.bots.sessions import issue_session, verify_session
from ehub.errors import EhubError


class ConflictError(EhubError):
    error = "conflict"
    code = "SESSION_LEAD_CONFLICT"
    http_status = 409


class ConsentRequiredError(EhubError):
    """A public key may not send a phone number the person has not agreed to be called and texted at."""

    error = "consent_required"
    code = "CONSENT_REQUIRED"
    http_status = 403


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
