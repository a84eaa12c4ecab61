"""What the leads routes answer, typed so the OpenAPI document describes every field.

The rows come from `ehub` as plain dicts (`BotService.leads` / `lead`, `owned_leads`); they are
converted here at the edge, field for field, so the JSON is what it was and the document says so.
"""

from __future__ import annotations

from typing import Any, Literal

import msgspec

Temperature = Literal["hot", "warm", "cold"]


class LeadSummary(msgspec.Struct):
    """A lead in the list: its bot, score and status, no personal data."""

    lead_id: str
    bot: str
    channel: str
    score: float
    temperature: Temperature
    variant: str
    opted_out: bool
    handed_off: bool
    ghl_contact_id: str | None
    updated_at: str  # ISO 8601, with its UTC offset


class LeadAddress(msgspec.Struct):
    """The property address the lead gave in the conversation."""

    number: str | None  # None when the lead named only the street
    street: str
    unit: str | None
    city: str | None
    zip_code: str | None


class LeadContact(msgspec.Struct, omit_defaults=True):
    """The details the lead gave, decrypted; only those given are present."""

    name: str | None = None
    phone: str | None = None
    email: str | None = None
    postal_code: str | None = None
    sms_consent_at: str | None = None  # when the person agreed to calls and texts (TCPA)
    address: LeadAddress | None = None


class LinkedLead(msgspec.Struct):
    """Another lead with the same phone or email (matched by blind index)."""

    lead_id: str
    matched_on: str


class ConversationMessage(msgspec.Struct):
    direction: str  # inbound (the lead) or outbound (the bot)
    text: str | None
    bot: str
    intent: str | None
    at: str  # ISO 8601, with its UTC offset


class LeadDetail(LeadSummary):
    """One lead with its contact details, the leads matching it, its conversation and, once handed
    to an agent with a Gemini key set, the handoff summary Gemini wrote (decrypted)."""

    contact: LeadContact
    linked_leads: list[LinkedLead]
    conversation: list[ConversationMessage]
    handoff_summary: str | None = None


def lead_summaries(rows: list[dict[str, Any]]) -> list[LeadSummary]:
    return msgspec.convert(rows, list[LeadSummary])


def lead_detail(row: dict[str, Any]) -> LeadDetail:
    return msgspec.convert(row, LeadDetail)
