"""Leads, for agents' tools. Every read of leads is audited with the key that made it."""

from __future__ import annotations

from typing import Annotated, Any, Literal
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from bot_api.errors import ERROR_RESPONSES
from bot_api.security import API_KEY_SECURITY, current_key, require_scope
from ehub.bots.audit import Actor, audit
from ehub.bots.service import BotService


class LeadsController(Controller):
    path = "/v1/leads"
    tags = ["leads"]  # noqa: RUF012
    guards = [require_scope("leads")]  # noqa: RUF012
    security = [API_KEY_SECURITY]  # noqa: RUF012

    @get(
        summary="Leads, most recently active first (no personal data; audited).",
        sync_to_thread=True,
        responses=ERROR_RESPONSES,
    )
    def list_leads(
        self,
        bots: NamedDependency[BotService],
        request: Request,
        temperature: Annotated[Literal["hot", "warm", "cold"] | None, QueryParameter()] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
    ) -> list[dict[str, Any]]:
        leads = bots.leads(temperature=temperature, limit=limit)
        audit(bots.database, Actor("api_key", current_key(request).key_id, "GET /v1/leads"), "list_leads")
        return leads

    @get(
        "/{lead_id:uuid}",
        summary="One lead with its contact details, conversation and links to matching leads (audited).",
        sync_to_thread=True,
        responses=ERROR_RESPONSES,
    )
    def get_lead(self, lead_id: FromPath[UUID], bots: NamedDependency[BotService], request: Request) -> dict[str, Any]:
        lead = bots.lead(str(lead_id))
        actor = Actor("api_key", current_key(request).key_id, "GET /v1/leads/{lead_id}")
        audit(bots.database, actor, "read_lead", str(lead_id))
        return lead
