"""`POST /v1/consultations`: a Stripe Checkout link for a lead's consultation fee (trusted callers).

Only callers that may address any lead (a key with the `leads` scope, an admin) may ask: the link
charges a named lead. The lead's open session is given again rather than a second one created.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Literal
from uuid import UUID

import msgspec
from anyio import to_thread
from litestar import Controller, Request, post
from litestar.di import NamedDependency
from litestar.params import JSONBody

from bot_api.access import Access, current_principal
from bot_api.errors import ERROR_RESPONSES
from ehub.bots.audit import audit
from ehub.errors import UnavailableError
from ehub.payments.consultations import ConsultationDesk
from ehub.sources.http import SourceRequestError

CONSULTATION_ACCESS = Access(roles=("admin",), scopes=("leads",))


class ConsultationRequest(msgspec.Struct, forbid_unknown_fields=True):
    lead_id: UUID


class ConsultationResponse(msgspec.Struct):
    checkout_session_id: str
    url: str
    amount_cents: int
    currency: Literal["usd"]
    lead_id: str
    expires_at: datetime | None
    reused: bool


class ConsultationsController(Controller):
    path = "/v1/consultations"
    tags = ["payments"]  # noqa: RUF012

    @post(
        summary="A Stripe Checkout link for the lead's consultation fee (its open one when it has one; audited).",
        status_code=201,
        responses=ERROR_RESPONSES,
        opt=CONSULTATION_ACCESS.opt,
        security=CONSULTATION_ACCESS.security,
    )
    async def create(
        self,
        data: JSONBody[ConsultationRequest],
        request: Request,
        consultations: NamedDependency[ConsultationDesk | None],
    ) -> ConsultationResponse:
        principal, desk = current_principal(request), consultations
        if desk is None:
            raise UnavailableError(
                "No Stripe account is configured (EHUB_STRIPE_API_KEY)", code="STRIPE_NOT_CONFIGURED"
            )
        lead_id = str(data.lead_id)

        def ask() -> ConsultationResponse:
            try:
                consultation = desk.request(
                    lead_id, requested_by=f"{principal.kind}:{principal.id}", now=datetime.now(UTC)
                )
            except SourceRequestError as error:
                raise UnavailableError(
                    f"Stripe refused the checkout: {error.message}", code="STRIPE_REJECTED"
                ) from None
            audit(desk.database, principal.actor("POST /v1/consultations"), "request_consultation", lead_id)
            return ConsultationResponse(**consultation.public())

        return await to_thread.run_sync(ask)
