"""Leads, for agents' tools. Every read of leads is audited with the key or user that made it.

A key with the `leads` scope and an admin see every lead; an agent sees only the leads assigned
to them (another lead is a 404, as if it did not exist); an analyst sees the list, which holds no
personal data, and never a lead's contact details or conversation.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath, QueryParameter

from bot_api.access import Access, current_principal
from bot_api.errors import ERROR_RESPONSES
from bot_api.leads.schemas import LeadDetail, LeadSummary, Temperature, lead_detail, lead_summaries
from ehub.auth.ownership import owned_leads, owns_lead
from ehub.bots.audit import audit
from ehub.bots.service import BotService, LeadNotFoundError

LIST_ACCESS = Access(roles=("admin", "agent", "analyst"), scopes=("leads",))
READ_ACCESS = Access(roles=("admin", "agent"), scopes=("leads",))


class LeadsController(Controller):
    path = "/v1/leads"
    tags = ["leads"]  # noqa: RUF012

    @get(
        summary="Leads, most recently active first (no personal data; an agent's own only; audited).",
        sync_to_thread=True,
        responses=ERROR_RESPONSES,
        opt=LIST_ACCESS.opt,
        security=LIST_ACCESS.security,
    )
    def list_leads(
        self,
        bots: NamedDependency[BotService],
        request: Request,
        temperature: Annotated[Temperature | None, QueryParameter()] = None,
        limit: Annotated[int, QueryParameter(ge=1, le=500)] = 50,
    ) -> list[LeadSummary]:
        principal = current_principal(request)
        if principal.role == "agent":
            leads = owned_leads(bots.database, principal.ghl_user_id, temperature=temperature, limit=limit)
        else:
            leads = bots.leads(temperature=temperature, limit=limit)
        audit(bots.database, principal.actor("GET /v1/leads"), "list_leads")
        return lead_summaries(leads)

    @get(
        "/{lead_id:uuid}",
        summary="One lead with its contact details, conversation and links to matching leads (audited).",
        sync_to_thread=True,
        responses=ERROR_RESPONSES,
        opt=READ_ACCESS.opt,
        security=READ_ACCESS.security,
    )
    def get_lead(self, lead_id: FromPath[UUID], bots: NamedDependency[BotService], request: Request) -> LeadDetail:
        principal = current_principal(request)
        if principal.role == "agent" and not owns_lead(bots.database, principal.ghl_user_id, str(lead_id)):
            raise LeadNotFoundError(f"No lead {lead_id}", field="lead_id")
        lead = bots.lead(str(lead_id))
        audit(bots.database, principal.actor("GET /v1/leads/{lead_id}"), "read_lead", str(lead_id))
        return lead_detail(lead)
