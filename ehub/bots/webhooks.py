"""GoHighLevel webhooks: signature verification, freshness, deduplication and a durable queue.

A webhook is accepted only when its signature verifies against a configured public key:
`X-GHL-Signature` (Ed25519 over the raw body) or the legacy `x-wh-signature` (RSA-SHA256,
PKCS#1 v1.5). With no key configured every webhook is refused, except in explicit sandbox mode
(`EHUB_SOURCES=sandbox`), where the sandbox's published key pair is used: verification is never
skipped. Events older than five minutes are refused (replays); a `webhookId` seen before is
acknowledged and ignored. An accepted event is committed to `app.webhook_events` before the 2xx,
with its personal fields sealed; a worker processes it later.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from psycopg.types.json import Jsonb
from sqlalchemy import text

from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.errors import ConfigError, EhubError
from ehub.settings import Settings
from ehub.sources.landing import PersonalFields, seal
from ehub.sources.values import iso_timestamp

MAX_AGE = timedelta(minutes=5)
EVENT_TYPES = (
    "InboundMessage",
    "ContactCreate",
    "ContactTagUpdate",
    "OpportunityStatusUpdate",
    "OpportunityStageUpdate",
)
_PERSONAL = PersonalFields(
    paths=(
        "body",
        "name",
        "firstName",
        "lastName",
        "email",
        "phone",
        "address1",
        "from",
        "to",
        "subject",
        "dateOfBirth",
        "companyName",
    )
)


class WebhookRejectedError(EhubError):
    error = "webhook_rejected"
    code = "WEBHOOK_REJECTED"
    http_status = 401


class WebhookInvalidError(EhubError):
    error = "invalid_webhook"
    code = "WEBHOOK_INVALID"
    http_status = 400


@dataclass(frozen=True)
class WebhookKeys:
    ed25519: Ed25519PublicKey | None
    rsa: RSAPublicKey | None

    @classmethod
    def from_settings(cls, settings: Settings) -> WebhookKeys:
        def load(value: str | None, kind: type, name: str) -> Any:
            if not value:
                return None
            try:
                key = serialization.load_pem_public_key(value.replace("\\n", "\n").encode())
            except ValueError:
                raise ConfigError(f"{name} is not a PEM public key", field=name, code="WEBHOOK_KEY_INVALID") from None
            if not isinstance(key, kind):
                raise ConfigError(f"{name} is not a {kind.__name__}", field=name, code="WEBHOOK_KEY_INVALID")
            return key

        ed = load(settings.ghl_webhook_public_key, Ed25519PublicKey, "EHUB_GHL_WEBHOOK_PUBLIC_KEY")
        rsa = load(settings.ghl_legacy_webhook_public_key, RSAPublicKey, "EHUB_GHL_LEGACY_WEBHOOK_PUBLIC_KEY")
        if ed is None and rsa is None and settings.sources == "sandbox":  # never in production (Settings)
            from ehub.sandbox.ghl_webhooks import SANDBOX_PUBLIC_KEY_PEM

            ed = load(SANDBOX_PUBLIC_KEY_PEM, Ed25519PublicKey, "sandbox webhook key")
        return cls(ed, rsa)


def verify(keys: WebhookKeys, body: bytes, headers: dict[str, str]) -> None:
    """Raise `WebhookRejectedError` unless a configured key verifies the body's signature."""
    signature, legacy = headers.get("x-ghl-signature"), headers.get("x-wh-signature")
    if keys.ed25519 is None and keys.rsa is None:
        raise WebhookRejectedError(
            "No webhook public key is configured: every webhook is refused", code="WEBHOOK_KEY_MISSING"
        )
    try:
        if signature and keys.ed25519 is not None:
            keys.ed25519.verify(base64.b64decode(signature), body)
            return
        if legacy and keys.rsa is not None:
            keys.rsa.verify(base64.b64decode(legacy), body, padding.PKCS1v15(), hashes.SHA256())
            return
    except (InvalidSignature, ValueError):
        raise WebhookRejectedError("The webhook signature does not verify", code="WEBHOOK_SIGNATURE_INVALID") from None
    raise WebhookRejectedError(
        "The webhook carries no signature this service can verify", code="WEBHOOK_SIGNATURE_MISSING"
    )


def parse(body: bytes, *, now: datetime) -> dict[str, Any]:
    try:
        event = json.loads(body)
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise WebhookInvalidError("The webhook body is not JSON", code="WEBHOOK_NOT_JSON") from None
    if not isinstance(event, dict) or event.get("type") not in EVENT_TYPES:
        raise WebhookInvalidError(
            f"Unsupported event type (expected one of {', '.join(EVENT_TYPES)})",
            field="type",
            code="WEBHOOK_TYPE_UNSUPPORTED",
        )
    if not event.get("webhookId"):
        raise WebhookInvalidError("webhookId is missing", field="webhookId", code="WEBHOOK_ID_MISSING")
    sent = iso_timestamp(event.get("timestamp"))
    if sent is None:
        raise WebhookInvalidError(
            "timestamp is missing or not ISO-8601", field="timestamp", code="WEBHOOK_TIMESTAMP_MISSING"
        )
    if now - sent > MAX_AGE or sent - now > MAX_AGE:
        raise WebhookRejectedError(
            "The webhook is older than five minutes (or from the future): refused as a possible replay",
            code="WEBHOOK_STALE",
        )
    return event


def enqueue(database: Database, cipher: PersonalDataCipher, event: dict[str, Any]) -> bool:
    """Store the event (personal fields sealed) unless seen before; True when it is new."""
    sealed = seal(cipher, event, _PERSONAL)
    with database.engine.begin() as connection:
        inserted = connection.execute(
            text("""
            insert into app.webhook_events (webhook_id, event_type, payload, pii_sealed)
            values (:id, :type, :payload, :sealed) on conflict (webhook_id) do nothing
            returning webhook_id
        """),
            {
                "id": str(event["webhookId"]),
                "type": event["type"],
                "payload": Jsonb(sealed.payload),
                "sealed": sealed.token,
            },
        ).first()
    return inserted is not None


def accept(
    database: Database,
    cipher: PersonalDataCipher,
    keys: WebhookKeys,
    body: bytes,
    headers: dict[str, str],
    *,
    now: datetime | None = None,
) -> bool:
    """Verify, check and queue one webhook; True when new, False for a duplicate."""
    verify(keys, body, {name.lower(): value for name, value in headers.items()})
    event = parse(body, now=now or datetime.now(UTC))
    return enqueue(database, cipher, event)
