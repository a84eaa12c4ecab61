"""Everything held about one person, as one JSON document (`ehub privacy export`,
`POST /v1/privacy/export`): their CRM records, messages and payments with the sealed fields
decrypted, the bot's leads with their conversations, scores with reasons, decisions, outbox
entries and appointments, the webhooks that carried them, and the audit entries of every access to their leads.

The export is itself recorded (`app.privacy_requests`) and audited, naming who asked.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import Connection, text

from ehub.bots.audit import Actor, audit
from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.privacy.person import Person, find_person
from ehub.privacy.tables import LEAD_TABLES, PERSONAL_RAW, RAW_TABLES
from ehub.sources.landing import unseal


def _rows(connection: Connection, sql: str, **params: Any) -> list[dict[str, Any]]:
    return [dict(row) for row in connection.execute(text(sql), params).mappings()]


def _plain(value: Any) -> Any:
    """JSON-ready: times as ISO text, UUIDs and decimals as text or numbers."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def _raw(connection: Connection, cipher: PersonalDataCipher, person: Person) -> dict[str, list[dict[str, Any]]]:
    records: dict[str, list[dict[str, Any]]] = {}
    for table, (key, attribute) in RAW_TABLES.items():
        rows = _rows(
            connection,
            f"select * from raw.{table} where {key} = any(:ids) order by {key}",  # noqa: S608 # nosec B608 - constants
            ids=sorted(getattr(person, attribute)),
        )
        for row in rows:
            if table in PERSONAL_RAW:
                row["personal"] = unseal(cipher, row.pop("pii_sealed"))
                row.pop("email_index", None)
                row.pop("phone_index", None)
        records[table] = rows
    return records


def _bot(connection: Connection, cipher: PersonalDataCipher, person: Person) -> dict[str, Any]:
    leads = list(person.lead_ids)
    found = _rows(
        connection, "select * from app.leads where lead_id = any(cast(:l as uuid[])) order by created_at", l=leads
    )
    for lead in found:
        lead["contact"] = unseal(cipher, lead.pop("pii_sealed"))
        summary = lead.pop("summary_sealed", None)
        lead["handoff_summary"] = cipher.decrypt(summary) if summary else None
        lead.pop("email_index", None)
        lead.pop("phone_index", None)
    by_lead = {}
    for table in LEAD_TABLES:
        rows = _rows(
            connection,
            f"select * from app.{table} where lead_id = any(cast(:l as uuid[])) order by created_at",  # noqa: S608 # nosec B608
            l=leads,
        )
        for row in rows:
            if "body_sealed" in row:
                sealed = row.pop("body_sealed")
                row["text"] = cipher.decrypt(sealed) if sealed else None
        by_lead[table] = rows
    links = _rows(
        connection,
        "select * from app.lead_links "
        "where lead_id = any(cast(:l as uuid[])) or linked_lead_id = any(cast(:l as uuid[]))",
        l=leads,
    )
    appointments = _rows(
        connection,
        "select * from app.appointments where lead_id = any(cast(:l as uuid[])) order by appointment_id",
        l=leads,
    )
    return {
        "leads": found,
        "messages": by_lead["conversation_messages"],
        "decisions": by_lead["bot_decisions"],
        "outbox": by_lead["outbox"],
        "links": links,
        "appointments": appointments,
    }


def _webhooks(connection: Connection, cipher: PersonalDataCipher, person: Person) -> list[dict[str, Any]]:
    rows = _rows(
        connection,
        "select * from app.webhook_events where payload ->> 'contactId' = any(:c) "
        "or (payload ->> 'type' in ('ContactCreate', 'ContactTagUpdate') and payload ->> 'id' = any(:c)) "
        "order by received_at",
        c=list(person.contact_ids),
    )
    for row in rows:
        row["personal"] = unseal(cipher, row.pop("pii_sealed"))
    return rows


def collect(connection: Connection, cipher: PersonalDataCipher, person: Person) -> dict[str, Any]:
    """The export document of a person already found."""
    contacts, messages = list(person.contact_ids), list(person.message_ids)
    return {
        "crm_and_payments": _raw(connection, cipher, person),
        "bot": _bot(connection, cipher, person),
        "scores": _rows(connection, "select * from app.lead_scores where contact_id = any(:c)", c=contacts),
        "message_intents": _rows(
            connection, "select * from app.message_intents where message_id = any(:m) order by message_id", m=messages
        ),
        "intent_labels": _rows(connection, "select * from app.intent_labels where message_id = any(:m)", m=messages),
        "webhook_events": _webhooks(connection, cipher, person),
        "audit": _rows(
            connection,
            "select audit_id, chain_seq, at, actor_kind, key_id as actor_id, route, action, lead_id::text as lead_id "
            "from app.audit_log where lead_id = any(cast(:l as uuid[])) order by chain_seq nulls last, audit_id",
            l=list(person.lead_ids),
        ),
    }


def record_request(connection: Connection, kind: str, actor: Actor, summary: dict[str, Any], now: datetime) -> str:
    """A row in `app.privacy_requests` (counts only) and its audit entry; the request's id."""
    request_id = str(uuid.uuid4())
    connection.execute(
        text(
            "insert into app.privacy_requests "
            "(request_id, kind, actor_kind, actor_id, route, created_at, completed_at, summary) "
            "values (cast(:id as uuid), :kind, :actor_kind, :actor_id, :route, :now, :now, :summary)"
        ),
        {
            "id": request_id,
            "kind": kind,
            "actor_kind": actor.kind,
            "actor_id": actor.id,
            "route": actor.route,
            "now": now,
            "summary": Jsonb(summary),
        },
    )
    audit(connection, actor, f"privacy_{kind}", subject=f"privacy_request:{request_id}")
    return request_id


def export_person(
    database: Database,
    cipher: PersonalDataCipher,
    actor: Actor,
    *,
    email: str | None = None,
    phone: str | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """The whole export document; the request is recorded and audited in the same transaction."""
    now = now or datetime.now(UTC)
    with database.engine.begin() as connection:
        person = find_person(connection, cipher, email=email, phone=phone)
        document = collect(connection, cipher, person)
        summary = {
            "raw": {table: len(rows) for table, rows in document["crm_and_payments"].items()},
            "leads": len(person.lead_ids),
            "audit_entries": len(document["audit"]),
        }
        request_id = record_request(connection, "export", actor, summary, now)
        for lead in person.lead_ids:  # an access to each lead's personal data, like a read of it
            audit(connection, actor, "privacy_export", lead, subject=f"privacy_request:{request_id}")
    exported: dict[str, Any] = _plain(  # a dict stays a dict
        {
            "request_id": request_id,
            "generated_at": now,
            "subject": {"email": person.email, "phone": person.phone},
            "found": person.found,
            **document,
        }
    )
    return exported
