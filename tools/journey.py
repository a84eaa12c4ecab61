"""A web lead's whole path on the sandbox, end to end: `ehub sandbox journey`.

A visitor chats with Jorge through the widget's public key on the real bot API (uvicorn on a local
port, real HTTP), sells a home, leaves contact details with consent, asks for a walkthrough, picks
one of the agent's free slots and pays the consultation fee. The outbox delivers the lead to the
sandbox GoHighLevel (contact, fields, notes, opportunity, appointment); Stripe's signed
`checkout.session.completed` comes back to `POST /webhooks/stripe`; the daily dbt build runs; and
the lead is read back from GoHighLevel's API and from the funnel and revenue marts.

It runs only on the sandbox: the GoHighLevel and Stripe stand-ins live in this process, so what
the API writes to them is what the outbox and the checks read. Each step is timed; the report says
what happened, where it is visible, and how long each step took.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any

import httpx
from sqlalchemy import text

from ehub.bots.apikeys import create_key
from ehub.bots.outbox import drain_until_idle
from ehub.crypto import PersonalDataCipher, cipher_from_settings
from ehub.db import Database
from ehub.errors import ConfigError, JobFailedError
from ehub.privacy.notices import Notices
from ehub.settings import Settings
from ehub.sources.factory import StandIn, ghl_client
from ehub.sources.ghl.client import GhlClient
from sandbox.ghl_api import GhlSandbox
from sandbox.ghl_crm import CALENDAR_ID
from sandbox.ghl_data import AGENTS, PIPELINE_ID, STAGES
from sandbox.sources import SandboxSources, ghl_sandbox, stripe_sandbox
from sandbox.stripe_api import StripeSandbox
from sandbox.stripe_checkout import signed_delivery

MARTS = ["build", "--select", "+fct_lead_funnel", "+revenue_attribution_monthly", "--exclude", "resource_type:test"]
"""The dbt run that brings the lead's path into the funnel and revenue marts (what they are built from)."""
VISITOR = {"name": "Journey Visitor", "email": "journey.visitor@example.com", "phone": "512-555-0142"}
_HOME = text(
    "select street_address, city, postal_code from marts.closed_sales where street_address is not null"
    " order by city = 'Round Rock' desc, close_date desc, listing_key limit 1"
)


def visitor_script(home: dict[str, str]) -> list[tuple[str, dict[str, Any] | None]]:
    """What the visitor types, and the contact details the widget sends with a message (once the
    consent box is ticked). Their home is one the MLS has records of, so the bot can estimate it."""
    return [
        (f"I'm thinking about selling my house in {home['city']}", None),
        (
            f"It's at {home['street_address']}, {home['city']} {home['postal_code']}; we must move within two months",
            None,
        ),
        ("Here's how to reach me", {**VISITOR, "sms_consent": True}),
        ("Yes, when could you come do a walkthrough?", None),
        ("2", None),
    ]


class OneAccount(SandboxSources):
    """The sandbox with one GoHighLevel location and one Stripe account this process holds, so the
    API's writes, the outbox's deliveries and the checks all see the same state."""

    def __init__(self, settings: Settings) -> None:
        self.crm: GhlSandbox = ghl_sandbox(settings)
        self.payments: StripeSandbox = stripe_sandbox(settings)

    def ghl(self, settings: Settings) -> StandIn:
        return replace(super().ghl(settings), transport=self.crm.transport)

    def stripe(self, settings: Settings) -> StandIn:
        return replace(super().stripe(settings), transport=self.payments.transport)


@dataclass
class Step:
    name: str
    seconds: float
    detail: dict[str, Any]


@dataclass
class JourneyReport:
    lead_id: str | None = None
    steps: list[Step] = field(default_factory=list)

    def timed(self, name: str, action: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        started = time.perf_counter()
        detail = action()
        self.steps.append(Step(name, time.perf_counter() - started, detail))
        return detail

    def as_dict(self) -> dict[str, Any]:
        return {
            "lead_id": self.lead_id,
            "steps": [{"step": s.name, "seconds": round(s.seconds, 3), **s.detail} for s in self.steps],
            "total_seconds": round(sum(s.seconds for s in self.steps), 3),
        }


def journey_settings(settings: Settings) -> Settings:
    """The sandbox's bookings calendar and default agent, and the two-way CRM record with its
    pipeline and stages, switched on for the run (the consultation fee is on with any Stripe)."""
    if settings.source_is_real("ghl") or settings.source_is_real("stripe"):
        raise ConfigError("The journey runs on the sandbox only: GoHighLevel or Stripe has real credentials here")
    stage = {name: stage_id for stage_id, name in STAGES}
    return settings.model_copy(
        update={
            "sources": "sandbox",
            "ghl_calendar_id": CALENDAR_ID,
            "ghl_default_agent_user_id": AGENTS[0],
            "ghl_writeback": True,
            "ghl_pipeline_id": PIPELINE_ID,
            "ghl_qualified_stage_id": stage["Qualified"],
            "ghl_appointment_stage_id": stage["Appointment Set"],
        }
    )


@contextmanager
def bot_api(settings: Settings, sources: OneAccount) -> Iterator[str]:
    """The real bot API on a free local port, in this process (so it shares the sandbox accounts)."""
    from bot_api.app import create_app
    from tools.runtime import serve_in_process

    with serve_in_process(create_app(settings, offline=sources), "journey-api") as base_url:
        yield base_url


def run_journey(settings: Settings, database: Database, *, build_marts: Callable[[], int]) -> JourneyReport:
    """Take one web lead from first message to a booked walkthrough and a paid consultation."""
    settings = journey_settings(settings).model_copy(update={"log_level": "WARNING"})  # the report speaks
    sources = OneAccount(settings)
    cipher, notices = cipher_from_settings(settings), Notices.from_settings(settings)
    report = JourneyReport()
    _, widget_key = create_key(database, "journey widget", ["chat"])
    with bot_api(settings, sources) as base_url, httpx.Client(base_url=base_url, timeout=30) as api:
        session: str | None = None
        with database.marts_engine.connect() as connection:
            home = connection.execute(_HOME).mappings().first()
        if home is None:
            raise JobFailedError("The marts have no closed sales yet: run `ehub demo --once` first", code="NO_MARTS")
        for number, (message, contact) in enumerate(visitor_script(dict(home)), start=1):
            body: dict[str, Any] = {"message": message, "session_token": session, "contact": contact}
            answer = report.timed(f"chat {number}", lambda body=body: _chat(api, widget_key, body))
            session = answer.pop("session_token")
            report.lead_id = answer.pop("lead_id")
        with ghl_client(settings, offline=sources) as client:
            report.timed("outbox to GoHighLevel", lambda: _drained(database, cipher, client, notices))
            report.timed("GoHighLevel holds the lead", lambda: _in_crm(database, client, report.lead_id))
        report.timed("consultation paid", lambda: _pay(database, api, sources.payments, report.lead_id))
    report.timed("dbt build of the funnel and revenue marts", lambda: {"exit_code": build_marts()})
    report.timed("marts show the lead", lambda: _in_marts(database, report.lead_id))
    return report


def _chat(api: httpx.Client, key: str, body: dict[str, Any]) -> dict[str, Any]:
    sent = {name: value for name, value in body.items() if value is not None}
    answer = api.post("/v1/chat", json=sent, headers={"X-API-Key": key})
    if not answer.is_success:
        raise JobFailedError(f"The chat API answered {answer.status_code}", code="JOURNEY_FAILED")
    turn = answer.json()
    return {
        "lead_id": turn["lead_id"],
        "session_token": turn["session_token"],
        "bot": turn["bot"],
        "intent": turn["intent"],
        "temperature": turn["temperature"],
        "reply": turn["reply"],
    }


def _drained(database: Database, cipher: PersonalDataCipher, client: GhlClient, notices: Notices) -> dict[str, Any]:
    return {"outbox": drain_until_idle(database, cipher, client, notices, clock=lambda: datetime.now(UTC))}


_LEAD = text(
    "select ghl_contact_id, bot, variant, score, temperature, state->>'agent_user_id' as agent"
    " from app.leads where lead_id = cast(:lead as uuid)"
)
_APPOINTMENT = text(
    "select status, starts_at, assigned_user_id, ghl_event_id from app.appointments"
    " where lead_id = cast(:lead as uuid) order by appointment_id desc limit 1"
)


def _in_crm(database: Database, client: GhlClient, lead_id: str | None) -> dict[str, Any]:
    """What an agent finds in GoHighLevel, read back through its API."""
    with database.engine.connect() as connection:
        lead = connection.execute(_LEAD, {"lead": lead_id}).mappings().one()
        appointment = connection.execute(_APPOINTMENT, {"lead": lead_id}).mappings().first()
    contact_id = lead["ghl_contact_id"]
    if contact_id is None:
        raise JobFailedError(
            "The lead never reached GoHighLevel (no contact after the outbox ran)", code="JOURNEY_FAILED"
        )
    contact = client.get_contact(contact_id)
    fields = {field["id"]: field.get("value") for field in contact.get("customFields", []) if "id" in field}
    opportunities = client.contact_opportunities(contact_id, PIPELINE_ID)
    return {
        "lead": {
            "bot": lead["bot"],
            "variant": lead["variant"],
            "score": float(lead["score"]),
            "temperature": lead["temperature"],
        },
        "ghl_contact_id": contact_id,
        "assigned_to": contact.get("assignedTo"),
        "custom_fields": sorted(fields),
        "notes": len(client.contact_notes(contact_id)),
        "tasks": len(client.contact_tasks(contact_id)),
        "opportunity_stages": [opportunity.get("pipelineStageId") for opportunity in opportunities],
        "appointments": [
            {"status": event.get("appointmentStatus"), "start": event.get("startTime")}
            for event in client.contact_appointments(contact_id)
        ],
        "appointment_recorded": None if appointment is None else appointment["status"],
    }


_CONSULTATION = text(
    "select checkout_session_id from app.consultations where lead_id = cast(:lead as uuid)"
    " order by created_at desc limit 1"
)
_STRIPE_EVENTS = text("select count(*) from app.stripe_events where event_id = any(:ids)")


def _pay(database: Database, api: httpx.Client, stripe: StripeSandbox, lead_id: str | None) -> dict[str, Any]:
    """The lead pays on Stripe's page; Stripe signs and sends its events to our webhook."""
    with database.engine.connect() as connection:
        session_id = connection.execute(_CONSULTATION, {"lead": lead_id}).scalar_one()
    events = stripe.live.complete(session_id)
    answers = {}
    for event in events:
        body, headers = signed_delivery(event)
        answers[event["type"]] = api.post("/webhooks/stripe", content=body, headers=headers).status_code
    with database.engine.connect() as connection:
        recorded = connection.execute(_STRIPE_EVENTS, {"ids": [event["id"] for event in events]}).scalar_one()
    return {"checkout_session_id": session_id, "webhooks": answers, "events_recorded": recorded}


_FUNNEL = text(
    "select lead_id, bot, experiment_variant, lead_source, assigned_agent_id, is_qualified, is_appointment,"
    " appointment_at, is_paid, first_paid_at, net_paid_usd from marts.fct_lead_funnel"
    " where lead_id = coalesce(cast(:contact as text), cast(:lead as text))"
)
_REVENUE = text(
    "select paid_month, lead_source, bot, experiment_variant, payments, net_revenue_usd"
    " from marts.revenue_attribution_monthly where paid_month = date_trunc('month', cast(:paid_at as timestamptz))"
    " and lead_source = :source and bot is not distinct from :bot and experiment_variant is not distinct from :variant"
)
_CONTACT = text("select ghl_contact_id from app.leads where lead_id = cast(:lead as uuid)")


def _in_marts(database: Database, lead_id: str | None) -> dict[str, Any]:
    """The lead in the funnel mart (its row: a CRM contact's id once it has one), and the revenue
    mart's row its payment counts in."""
    with database.engine.connect() as connection:
        contact = connection.execute(_CONTACT, {"lead": lead_id}).scalar_one()
    with database.marts_engine.connect() as connection:
        funnel = connection.execute(_FUNNEL, {"contact": contact, "lead": lead_id}).mappings().first()
        revenue = None
        if funnel is not None and funnel["first_paid_at"] is not None:
            found = {"paid_at": funnel["first_paid_at"], "source": funnel["lead_source"]}
            found |= {"bot": funnel["bot"], "variant": funnel["experiment_variant"]}
            revenue = connection.execute(_REVENUE, found).mappings().first()
    return {
        "funnel": None if funnel is None else {key: _plain(value) for key, value in funnel.items()},
        "revenue": None if revenue is None else {key: _plain(value) for key, value in revenue.items()},
    }


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    return float(value) if isinstance(value, Decimal) else value
