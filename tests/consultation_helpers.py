"""A lead with an open consultation checkout, made through the API as a CRM tool would."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime

from litestar.testing import TestClient

from bot_api.plugin import components_of
from ehub.bots.apikeys import create_key
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.settings import Settings
from ehub.sources.factory import StandIn
from sandbox.sources import SandboxSources
from sandbox.stripe_api import SANDBOX_STRIPE_KEY, StripeSandbox


class StripeAccount(SandboxSources):
    """The sandbox stand-ins with one Stripe account the test holds, to settle its sessions."""

    def __init__(self, stripe: StripeSandbox) -> None:
        self.account = stripe

    def stripe(self, settings: Settings) -> StandIn:
        return StandIn(SANDBOX_STRIPE_KEY, self.account.transport)


def new_lead(client: TestClient, database, *, contact: bool = True) -> str:
    """A lead of the bot service (a CRM contact's, or a web visitor's without one)."""
    service = BotService(database, components_of(client.app).cipher, Engine())
    ghl = f"ghl{uuid.uuid4().hex[:12]}" if contact else None
    return service.handle("hi", now=datetime.now(UTC), ghl_contact_id=ghl).lead_id


def open_consultation(client: TestClient, database, *, contact: bool = True) -> str:
    """A new lead's consultation checkout session id, from `POST /v1/consultations`."""
    _, secret = create_key(database, "crm tool", ["leads"])
    lead = new_lead(client, database, contact=contact)
    answer = client.post("/v1/consultations", json={"lead_id": lead}, headers={"X-API-Key": secret})
    assert answer.status_code == 201, answer.text
    return answer.json()["checkout_session_id"]
