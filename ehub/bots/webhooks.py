"""GoHighLevel webhooks: signature verification, freshness, deduplication and a durable queue.

A webhook is accepted only when its signature verifies against a configured public key:
`X-GHL-Signature` (Ed25519 over the raw body) or the legacy `x-wh-signature` (RSA-SHA256,
PKCS#1 v1.5). With no key configured every webhook is refused, except in explicit sandbox mode
(`EHUB_SOURCES=sandbox`), where the published key of the offline stand-ins handed in is used:
verification is never skipped. Events older than five minutes are refused (replays); a `webhookId` seen before is
acknowledged and ignored. An accepted event is committed to `app.webhook_events` before the 2xx,
with only its known non-personal fields in clear (`CLEAR_FIELDS`) and everything else sealed; a
worker rebuilds it (`rebuild`) and processes it later.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

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
from ehub.sources.landing import unseal
from ehub.sources.values import iso_timestamp

if TYPE_CHECKING:
    from ehub.sources.factory import OfflineSources

MAX_AGE = timedelta(minutes=5)
EVENT_TYPES = (
    "InboundMessage",
    "ContactCreate",
    "ContactTagUpdate",
    "OpportunityStatusUpdate",
    "OpportunityStageUpdate",
)


# An id has a letter (a bare phone number is not an id) and no '@', '+' or space; a word is one
# of a small vocabulary (SMS, TYPE_EMAIL, text/plain, no-answer, won). A value of the wrong shape
# under an allowed name is sealed with the rest: the shape check is a second guard, not the first.
_ID = re.compile(r"(?=[^A-Za-z]*[A-Za-z])[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_/.-]{0,39}")


def _is_id(value: Any) -> bool:
    return isinstance(value, str) and _ID.fullmatch(value) is not None


def _is_word(value: Any) -> bool:
    return isinstance(value, str) and _WORD.fullmatch(value) is not None


def _is_time(value: Any) -> bool:
    return iso_timestamp(value) is not None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_flag(value: Any) -> bool:
    return isinstance(value, bool)


Check = Callable[[Any], bool]
_ENVELOPE: dict[str, Check] = {"type": _is_word, "webhookId": _is_id, "timestamp": _is_time, "locationId": _is_id}
_CONTACT: dict[str, Check] = {**_ENVELOPE, "id": _is_id, "assignedTo": _is_id, "dateAdded": _is_time, "dnd": _is_flag}
_OPPORTUNITY: dict[str, Check] = {
    **_ENVELOPE,
    "id": _is_id,
    "contactId": _is_id,
    "assignedTo": _is_id,
    "pipelineId": _is_id,
    "pipelineStageId": _is_id,
    "status": _is_word,
    "dateAdded": _is_time,
}
_MESSAGE: dict[str, Check] = {
    **_ENVELOPE,
    "contactId": _is_id,
    "conversationId": _is_id,
    "messageId": _is_id,
    "userId": _is_id,
    "conversationProviderId": _is_id,
    "chatWidgetId": _is_id,
    "messageType": _is_word,
    "messageTypeId": _is_number,
    "messageTypeString": _is_word,
    "direction": _is_word,
    "status": _is_word,
    "callStatus": _is_word,
    "contentType": _is_word,
    "dateAdded": _is_time,
}
CLEAR_FIELDS: dict[str, dict[str, Check]] = {
    "InboundMessage": _MESSAGE,
    "ContactCreate": _CONTACT,
    "ContactTagUpdate": _CONTACT,
    "OpportunityStatusUpdate": _OPPORTUNITY,
    "OpportunityStageUpdate": _OPPORTUNITY,
}
"""The only fields kept in clear, per event type: ids, enumerations, timestamps and flags.

Everything else GoHighLevel sends (names, emails, phones, addresses, `cc`/`bcc`, `from`/`to`,
subjects, bodies, attachment URLs, `website`, `customFields`, `source`, tags, opportunity names and
values, nested `contact` objects, and any field GHL adds later) is sealed whole, because an
allow-list fails closed where a list of personal fields fails open. Tags are sealed too: agents
type them freely, and the worker reads them from the rebuilt event.
"""


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
    def from_settings(cls, settings: Settings, offline: OfflineSources | None = None) -> WebhookKeys:
        """The configured keys; in explicit sandbox mode without any, the offline stand-ins' key."""

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
        if ed is None and rsa is None and settings.sources == "sandbox" and offline is not None:  # never in production
            ed = load(offline.webhook_public_key_pem(), Ed25519PublicKey, "sandbox webhook key")
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


def split(event: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """The event's allowed fields (kept in clear) and the remainder (to be sealed whole)."""
    allowed = CLEAR_FIELDS.get(str(event.get("type")), _ENVELOPE)
    clear: dict[str, Any] = {}
    remainder: dict[str, Any] = {}
    for name, value in event.items():
        check = allowed.get(name)
        (clear if check is not None and check(value) else remainder)[name] = value
    return clear, remainder


def rebuild(cipher: PersonalDataCipher, payload: dict[str, Any], sealed: str | None) -> dict[str, Any]:
    """The event as GoHighLevel sent it, from its clear fields and its sealed remainder.

    Rows queued before the allow-list sealed a list of top-level fields by name: merged the same way.
    """
    return {**payload, **unseal(cipher, sealed)}


def enqueue(database: Database, cipher: PersonalDataCipher, event: dict[str, Any]) -> bool:
    """Store the event (everything but `CLEAR_FIELDS` sealed) unless seen before; True when it is new."""
    clear, remainder = split(event)
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
                "payload": Jsonb(clear),
                "sealed": cipher.encrypt(json.dumps(remainder, sort_keys=True)) if remainder else None,
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
