"""Leads, for agents' tools. Reading a lead's personal data always writes an audit record."""

from __future__ import annotations

from typing import Annotated, Any
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from bot_api.security import require_scope
from ehub.bots.apikeys import audit
from ehub.bots.service import BotService


class LeadsController(Controller):
    path = "/v1/leads"
    tags = ["leads"]  # noqa: RUF012
    guards = [require_scope("leads")]  # noqa: RUF012

    @get(summary="Leads, most recently active first (no personal data).", sync_to_thread=True)
    def list_leads(
        self,
        bots: NamedDependency[BotService],
        temperature: Annotated[str | None, QueryParameter(pattern="^(hot|warm|cold)$")] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
    ) -> list[dict[str, Any]]:
        return bots.leads(temperature=temperature, limit=limit)

    @get(
        "/{lead_id:uuid}", summary="One lead with its contact details and conversation (audited).", sync_to_thread=True
    )
    def get_lead(self, lead_id: FromPath[UUID], bots: NamedDependency[BotService], request: Request) -> dict[str, Any]:
        lead = bots.lead(str(lead_id))
        audit(bots.database, request.state.api_key.key_id, "read_lead", str(lead_id))
        return lead
