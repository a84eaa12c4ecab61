"""Check a saved API response before connecting a feed: `ehub sources validate mls|ghl|stripe FILE`.

Reads an OData envelope, a GoHighLevel list or webhook body, or a Stripe list or event, runs each
record through exactly the landing path (normalisation, quality rules, personal-data sealing) and
reports what would land and what would be rejected, without touching the database. Personal
values are never echoed: the report names which personal fields were present, not their values.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from ehub.crypto import PersonalDataCipher, cipher_from_settings, generate_keys
from ehub.errors import ValidationError
from ehub.settings import load_settings
from ehub.sources.ghl.entities import CONTACTS, CONVERSATIONS, MESSAGES, OPPORTUNITIES, PIPELINES
from ehub.sources.landing import Entity, Record, examine
from ehub.sources.mls.entities import MEMBERS, OFFICES, PROPERTIES
from ehub.sources.stripe.entities import BY_OBJECT

SourceName = Literal["mls", "ghl", "stripe"]
_GHL_LISTS = {
    "contacts": CONTACTS,
    "opportunities": OPPORTUNITIES,
    "pipelines": PIPELINES,
    "conversations": CONVERSATIONS,
}
_GHL_WEBHOOKS = {
    "ContactCreate": CONTACTS,
    "ContactUpdate": CONTACTS,
    "ContactTagUpdate": CONTACTS,
    "OpportunityCreate": OPPORTUNITIES,
    "OpportunityStatusUpdate": OPPORTUNITIES,
    "OpportunityStageUpdate": OPPORTUNITIES,
    "InboundMessage": MESSAGES,
    "OutboundMessage": MESSAGES,
}
_RESO_KEYS = {"ListingKey": PROPERTIES, "MemberKey": MEMBERS, "OfficeKey": OFFICES}


@dataclass
class ValidationReport:
    source: str
    entity: str
    records: list[dict[str, Any]] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "source": self.source,
            "entity": self.entity,
            "valid": len(self.records),
            "rejected": len(self.rejects),
            "records": self.records,
            "rejects": self.rejects,
        }


def _webhook_message(body: Record) -> Record:
    """A GHL message webhook names its id `messageId`; the messages API calls it `id`."""
    return {**body, "id": body.get("messageId", body.get("id"))}


def _webhook_opportunity(body: Record) -> Record:
    return {**body, "updatedAt": body.get("updatedAt") or body.get("dateAdded")}


def _classify(source: SourceName, body: Any) -> tuple[Entity, list[Record]]:
    if source == "mls":
        records = body.get("value") if isinstance(body, dict) and "value" in body else body
        records = records if isinstance(records, list) else [records]
        first = next((record for record in records if isinstance(record, dict)), {})
        entity = next((e for key, e in _RESO_KEYS.items() if key in first), PROPERTIES)
        return entity, records
    if source == "ghl":
        if isinstance(body, dict) and body.get("type") in _GHL_WEBHOOKS:
            entity = _GHL_WEBHOOKS[body["type"]]
            adapt = {"messages": _webhook_message, "opportunities": _webhook_opportunity}.get(entity.name)
            return entity, [adapt(body) if adapt else body]
        if isinstance(body, dict) and isinstance(body.get("messages"), dict):
            return MESSAGES, body["messages"].get("messages", [])
        for name, entity in _GHL_LISTS.items():
            if isinstance(body, dict) and isinstance(body.get(name), list):
                return entity, body[name]
        raise ValidationError(
            "Not a GoHighLevel list (contacts, opportunities, pipelines, conversations, "
            "messages) nor a known webhook body",
            field="FILE",
            code="UNRECOGNISED_PAYLOAD",
        )
    if isinstance(body, dict) and body.get("object") == "event":
        body = body.get("data", {}).get("object", {})
    records = body.get("data", []) if isinstance(body, dict) and body.get("object") == "list" else [body]
    kinds = {record.get("object") for record in records if isinstance(record, dict)}
    kind = next(iter(kinds)) if len(kinds) == 1 else None
    if not isinstance(kind, str) or kind not in BY_OBJECT:
        raise ValidationError(
            f"Not a Stripe charge, payment_intent, checkout.session or refund (found {kinds})",
            field="FILE",
            code="UNRECOGNISED_PAYLOAD",
        )
    return BY_OBJECT[kind], records


def _throwaway_cipher() -> PersonalDataCipher:
    """Sealing strips personal fields out of the report; the keys are never kept."""
    keys = generate_keys()
    return cipher_from_settings(
        load_settings(encryption_keys=keys["EHUB_ENCRYPTION_KEYS"], blind_index_key=keys["EHUB_BLIND_INDEX_KEY"])
    )


def validate_payload(source: SourceName, body: Any) -> ValidationReport:
    entity, records = _classify(source, body)
    cipher = _throwaway_cipher()
    report = ValidationReport(source=source, entity=entity.name)
    for position, record in enumerate(records):
        if not isinstance(record, dict):
            report.rejects.append({"position": position, "key": None, "reason": "not a JSON object"})
            continue
        item = examine(entity, cipher, record)
        if item.problem:
            report.rejects.append({"position": position, "key": item.key, "reason": item.problem})
            continue
        report.records.append(
            {
                "key": item.key,
                "modified_at": item.modified_at.isoformat() if item.modified_at else None,
                "deleted": item.deleted,
                "columns": dict(zip(entity.columns, item.columns, strict=True)),
                "personal_fields_sealed": list(item.sealed.fields),
                "payload": item.sealed.payload,
            }
        )
    return report


def validate_file(source: SourceName, path: Path) -> ValidationReport:
    try:
        body = json.loads(path.read_text())
    except FileNotFoundError:
        raise ValidationError(f"No such file: {path}", field="FILE", code="FILE_NOT_FOUND") from None
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        raise ValidationError(f"{path} is not JSON: {error}", field="FILE", code="NOT_JSON") from None
    return validate_payload(source, body)
