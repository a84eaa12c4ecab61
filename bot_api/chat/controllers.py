"""The chat endpoint: the same engine as the GoHighLevel webhook and `ehub chat`."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import msgspec
from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from bot_api.security import require_scope
from ehub.bots.service import BotService, Contact


class ContactIn(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(max_length=200)] | None = None
    phone: Annotated[str, msgspec.Meta(max_length=40)] | None = None
    email: Annotated[str, msgspec.Meta(max_length=320)] | None = None


class ChatRequest(msgspec.Struct, forbid_unknown_fields=True):
    message: Annotated[str, msgspec.Meta(min_length=1, max_length=2000)]
    channel: str = "web"
    lead_id: str | None = None
    contact: ContactIn | None = None


class ChatResponse(msgspec.Struct):
    lead_id: str
    reply: str | None
    bot: str
    intent: str
    confidence: float
    lead_score: float
    temperature: str
    handoff: bool
    compliance_flags: list[str]
    variant: str


class ChatController(Controller):
    path = "/v1/chat"
    tags = ["chat"]  # noqa: RUF012 - Litestar reads it as a class attribute
    guards = [require_scope("chat")]  # noqa: RUF012

    @post(summary="Send one lead message; get the bot's decision and reply.", sync_to_thread=True)
    def chat(self, data: JSONBody[ChatRequest], bots: NamedDependency[BotService], request: Request) -> ChatResponse:
        contact = Contact(**msgspec.structs.asdict(data.contact)) if data.contact else None
        result = bots.handle(
            data.message, channel=data.channel, now=datetime.now(UTC), lead_id=data.lead_id, contact=contact
        )
        request.app.state.metrics.record_turn(result.turn)
        return ChatResponse(lead_id=result.lead_id, **result.turn.public())
