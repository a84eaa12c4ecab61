"""Stripe webhooks: `Stripe-Signature` verified, each event id recorded once, committed before the 2xx.

Stripe signs `"{t}.{raw body}"` with HMAC-SHA256 under the endpoint's secret and sends
`Stripe-Signature: t=<unix time>,v1=<hex>[,v1=<hex>...]` (several v1 while a secret is being
rolled). stripe-python's `WebhookSignature` checks it: any v1 may match (constant-time), and a `t`
more than 300 s old is refused as a replay. With no secret every webhook is refused.

An accepted event is stored in one transaction: its id in `app.stripe_events` (the first arrival
wins; a replay or a re-listed event changes nothing) and its object snapshot landed in
`raw.stripe_*` exactly as the hourly Events API sync lands it (`ehub.sources.stripe.sync`), so the
two paths meet in the same rows and nothing is counted twice. Only after the commit is 2xx sent:
a failed commit means an error answer, and Stripe delivers again.
"""

from __future__ import annotations

import json
from typing import Any, Literal

import stripe

from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.errors import EhubError
from ehub.sources.stripe.events import EVENT_TYPES, record_events
from ehub.sources.values import epoch_seconds

TOLERANCE_SECONDS = 300
# The events the platform acts on: payments, refunds and failures. Others are acknowledged and ignored.
HANDLED = frozenset(EVENT_TYPES)
Outcome = Literal["recorded", "duplicate", "ignored"]


class StripeWebhookRejectedError(EhubError):
    error = "webhook_rejected"
    code = "STRIPE_SIGNATURE_INVALID"
    http_status = 401


class StripeWebhookInvalidError(EhubError):
    error = "invalid_webhook"
    code = "STRIPE_WEBHOOK_INVALID"
    http_status = 400


def verify(secret: str | None, body: bytes, header: str | None) -> None:
    """Raise `StripeWebhookRejectedError` unless `header` signs `body` under `secret`, within 300 s."""
    if not secret:
        raise StripeWebhookRejectedError(
            "No Stripe webhook secret is configured: every Stripe webhook is refused", code="STRIPE_SECRET_MISSING"
        )
    if not header:
        raise StripeWebhookRejectedError("Stripe-Signature is missing", code="STRIPE_SIGNATURE_MISSING")
    try:
        stripe.WebhookSignature.verify_header(body, header, secret, tolerance=TOLERANCE_SECONDS)
    except stripe.SignatureVerificationError as error:
        stale = "outside the tolerance zone" in str(error)
        raise StripeWebhookRejectedError(
            "The signature is older than 300 seconds: refused as a possible replay"
            if stale
            else "Stripe-Signature does not verify",
            code="STRIPE_SIGNATURE_STALE" if stale else "STRIPE_SIGNATURE_INVALID",
        ) from None
    except (UnicodeDecodeError, ValueError):
        raise StripeWebhookRejectedError("Stripe-Signature does not verify", code="STRIPE_SIGNATURE_INVALID") from None


def parse(body: bytes) -> dict[str, Any]:
    """The event, with the fields every event has."""
    try:
        event = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise StripeWebhookInvalidError("The webhook body is not JSON", code="STRIPE_WEBHOOK_NOT_JSON") from None
    if not isinstance(event, dict) or event.get("object") != "event":
        raise StripeWebhookInvalidError("The body is not a Stripe event", code="STRIPE_WEBHOOK_NOT_EVENT")
    if not isinstance(event.get("id"), str) or not event["id"].startswith("evt_") or len(event["id"]) > 255:
        raise StripeWebhookInvalidError("The event id is missing", field="id", code="STRIPE_EVENT_ID_MISSING")
    if not isinstance(event.get("type"), str) or epoch_seconds(event.get("created")) is None:
        raise StripeWebhookInvalidError("The event has no type or creation time", code="STRIPE_EVENT_INCOMPLETE")
    obj = (event.get("data") or {}).get("object") if isinstance(event.get("data"), dict) else None
    if not isinstance(obj, dict):
        raise StripeWebhookInvalidError("The event carries no object", field="data", code="STRIPE_EVENT_INCOMPLETE")
    return event


def accept(
    database: Database, cipher: PersonalDataCipher, secret: str | None, body: bytes, headers: dict[str, str]
) -> Outcome:
    """Verify, record and commit one Stripe webhook; what became of it."""
    lowered = {name.lower(): value for name, value in headers.items()}
    verify(secret, body, lowered.get("stripe-signature"))
    event = parse(body)
    if event["type"] not in HANDLED:
        return "ignored"
    with database.engine.begin() as connection:
        new, _ = record_events(connection, cipher, [event], "webhook")
    return "recorded" if new else "duplicate"
