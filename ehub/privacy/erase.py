"""Erasing one person everywhere (`ehub privacy erase`, `POST /v1/privacy/erase`), for good.

One transaction, holding the person's raw tables against concurrent syncs:

1. Optionally, GoHighLevel is asked to delete each of their contacts (the outcome is reported;
   a failure does not stop the local erasure).
2. Every source id of theirs (contact, opportunity, conversation, message, Stripe objects and
   customer) is replaced by a random pseudonym, the same one wherever the id appears: in raw
   tables' keys, link columns and payloads, in the app tables, and in every table dbt built
   (`staging`, `intermediate`, `marts`, rewritten by value). Sealed personal fields and blind
   indexes are cleared, message bodies become "[erased]", their rejected records and webhook
   events are deleted, links between leads removed, pending outbox entries cancelled. Rows are
   kept, so counts, revenue and funnel figures stay what they were, but nothing links them to a
   person any more: the pseudonyms are random and the mapping is never stored.
3. Tombstones: SHA-256 hashes of each blind index ('email:<index>') and source id ('id:<id>').
   Triggers on the raw tables (migration 0007) drop any later version of a record carrying one,
   so a sync, even a full re-read, does not bring the person back. The email and phone asked
   about are also kept sealed in the tombstone, only so the tombstone can be re-indexed when the
   blind-index key rotates (the suppression list a later contact is checked against).
4. The request is recorded with counts only, and audited naming who asked. The audit log itself
   is append-only: its rows name the lead by its random id, which no longer leads to anyone.
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

from psycopg.types.json import Jsonb
from sqlalchemy import Connection, text

from ehub.bots.audit import Actor, audit
from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.privacy.export import record_request
from ehub.privacy.person import Person, find_person
from ehub.privacy.tables import DBT_SCHEMAS, ERASED_TEXT, KEPT_CUSTOM_FIELDS, PERSONAL_RAW, RAW_LINK_COLUMNS, RAW_TABLES

DeleteContact = Callable[[str], None]


def tombstone_token(kind: str, value: str) -> str:
    """What a tombstone stores for a blind index ('email', 'phone') or a source id ('id')."""
    return hashlib.sha256(f"{kind}:{value}".encode()).hexdigest()


def _rewrite(value: Any, mapping: dict[str, str]) -> Any:
    if isinstance(value, str):
        return mapping.get(value, value)
    if isinstance(value, list):
        return [_rewrite(item, mapping) for item in value]
    if isinstance(value, dict):
        return {key: _rewrite(item, mapping) for key, item in value.items()}
    return value


def _clean_payload(table: str, payload: dict[str, Any], mapping: dict[str, str]) -> dict[str, Any]:
    payload = _rewrite(payload, mapping)
    if table == "ghl_contacts" and isinstance(payload.get("customFields"), list):
        payload["customFields"] = [
            field
            for field in payload["customFields"]
            if isinstance(field, dict) and field.get("id") in KEPT_CUSTOM_FIELDS
        ]
    if table.startswith("stripe_") and payload.get("customer"):
        payload["customer"] = mapping.get(payload["customer"])
    return payload


def _erase_raw(connection: Connection, person: Person, mapping: dict[str, str]) -> dict[str, int]:
    counts = {}
    for table, (key, attribute) in RAW_TABLES.items():
        links = RAW_LINK_COLUMNS.get(table, ())
        rows = connection.execute(
            text(f"select {key} as key, payload from raw.{table} where {key} = any(:ids)"),  # noqa: S608 # nosec B608
            {"ids": sorted(getattr(person, attribute))},
        ).all()
        sealed = ", pii_sealed = null, email_index = null, phone_index = null" if table in PERSONAL_RAW else ""
        moved = "".join(f", {link} = coalesce(cast(:map as jsonb) ->> {link}, {link})" for link in links)
        update = text(
            f"update raw.{table} set {key} = :new, payload = :payload{moved}{sealed} where {key} = :old"  # noqa: S608 # nosec B608
        )
        for row in rows:
            connection.execute(
                update,
                {
                    "new": mapping[row.key],
                    "old": row.key,
                    "payload": Jsonb(_clean_payload(table, row.payload, mapping)),
                    "map": Jsonb(mapping),
                },
            )
        deleted = connection.execute(
            text(
                f"delete from raw.{table}_rejects where source_key = any(:ids) "  # noqa: S608 # nosec B608
                "or payload ->> 'contactId' = any(:contacts) "
                "or payload -> 'metadata' ->> 'ghl_contact_id' = any(:contacts)"
            ),
            {"ids": sorted(person.source_ids()), "contacts": sorted(person.contact_ids)},
        ).rowcount
        counts[table] = len(rows)
        counts[f"{table}_rejects"] = deleted
    return counts


# A JSON array of reasons without what they quote in parentheses ("location known (…): +1.0").
_UNQUOTED = (
    r"(select coalesce(jsonb_agg(regexp_replace(reason, '\s*\([^)]*\)', '', 'g')), '[]'::jsonb) "
    "from jsonb_array_elements_text(reasons) as reason)"
)


def _erase_app(
    connection: Connection, cipher: PersonalDataCipher, person: Person, mapping: dict[str, str]
) -> dict[str, int]:
    leads, contacts, messages = sorted(person.lead_ids), sorted(person.contact_ids), sorted(person.message_ids)
    as_map = Jsonb(mapping)
    statements = {
        "leads": (
            "update app.leads set pii_sealed = null, summary_sealed = null, email_index = null, phone_index = null, "
            "ghl_contact_id = coalesce(cast(:map as jsonb) ->> ghl_contact_id, ghl_contact_id) "
            "where lead_id = any(cast(:leads as uuid[]))"
        ),
        "conversation_messages": (
            "update app.conversation_messages set body_sealed = :erased, "
            "source_message_id = coalesce(cast(:map as jsonb) ->> source_message_id, source_message_id) "
            "where lead_id = any(cast(:leads as uuid[]))"
        ),
        # Reasons may quote what the lead said (an address the scoring saw): the quotes go.
        "bot_decisions": (
            f"update app.bot_decisions set reasons = {_UNQUOTED} "  # noqa: S608 # nosec B608 - a constant
            "where lead_id = any(cast(:leads as uuid[]))"
        ),
        "outbox": (
            "update app.outbox set body_sealed = null, ghl_id = null, "
            "status = case when status = 'pending' then 'cancelled' else status end, "
            "last_error = case when status = 'pending' then 'cancelled: the person was erased' end "
            "where lead_id = any(cast(:leads as uuid[]))"
        ),
        "lead_links": (
            "delete from app.lead_links "
            "where lead_id = any(cast(:leads as uuid[])) or linked_lead_id = any(cast(:leads as uuid[]))"
        ),
        "webhook_events": (
            "delete from app.webhook_events where payload ->> 'contactId' = any(:contacts) "
            "or (payload ->> 'type' in ('ContactCreate', 'ContactTagUpdate') and payload ->> 'id' = any(:contacts))"
        ),
        "lead_scores": (
            f"update app.lead_scores set contact_id = cast(:map as jsonb) ->> contact_id, reasons = {_UNQUOTED} "  # noqa: S608 # nosec B608
            "where contact_id = any(:contacts)"
        ),
        "message_intents": (
            "update app.message_intents set message_id = cast(:map as jsonb) ->> message_id, "
            "contact_id = coalesce(cast(:map as jsonb) ->> contact_id, contact_id), "
            "conversation_id = coalesce(cast(:map as jsonb) ->> conversation_id, conversation_id) "
            "where message_id = any(:messages)"
        ),
        "intent_labels": (
            "update app.intent_labels set message_id = cast(:map as jsonb) ->> message_id "
            "where message_id = any(:messages)"
        ),
    }
    params = {
        "map": as_map,
        "leads": leads,
        "contacts": contacts,
        "messages": messages,
        "erased": cipher.encrypt(ERASED_TEXT),
    }
    return {table: connection.execute(text(sql), params).rowcount for table, sql in statements.items()}


def _erase_dbt(connection: Connection, person: Person, mapping: dict[str, str]) -> dict[str, int]:
    """Every text column of every table dbt built: old ids become the pseudonyms, blind indexes null."""
    columns = (
        connection.execute(
            text("""
            select c.table_schema, c.table_name, c.column_name from information_schema.columns c
            join information_schema.tables t using (table_schema, table_name)
            where c.table_schema = any(:schemas) and t.table_type = 'BASE TABLE'
              and c.data_type in ('text', 'character varying')
            order by 1, 2, 3
        """),
            {"schemas": list(DBT_SCHEMAS)},
        )
        .tuples()
        .all()
    )
    quote = connection.dialect.identifier_preparer.quote
    olds = sorted(mapping)
    news = [mapping[old] for old in olds]
    indexes = sorted(person.email_indexes | person.phone_indexes)
    counts: dict[str, int] = {}
    for schema, table, column in columns:
        target, name = f"{quote(schema)}.{quote(table)}", quote(column)
        changed = connection.execute(
            text(
                f"update {target} set {name} = m.new from unnest(cast(:olds as text[]), cast(:news as text[])) "  # noqa: S608 # nosec B608 - quoted identifiers from the catalogue
                f"as m(old, new) where {target}.{name} = m.old"
            ),
            {"olds": olds, "news": news},
        ).rowcount
        changed += connection.execute(
            text(f"update {target} set {name} = null where {name} = any(:indexes)"),  # noqa: S608 # nosec B608
            {"indexes": indexes},
        ).rowcount
        if changed:
            counts[f"{schema}.{table}"] = counts.get(f"{schema}.{table}", 0) + changed
    return counts


def _tombstones(connection: Connection, cipher: PersonalDataCipher, person: Person, request_id: str) -> int:
    rows = [(tombstone_token("email", index), "email", None) for index in person.email_indexes]
    rows += [(tombstone_token("phone", index), "phone", None) for index in person.phone_indexes]
    rows += [(tombstone_token("id", source_id), "id", None) for source_id in person.source_ids()]
    asked = {
        tombstone_token("email", cipher.blind_index("email", person.email)) if person.email else None: person.email,
        tombstone_token("phone", cipher.blind_index("phone", person.phone)) if person.phone else None: person.phone,
    }
    insert = text(
        "insert into app.erasure_tombstones (token, kind, request_id, sealed) "
        "values (:token, :kind, cast(:request as uuid), :sealed) "
        "on conflict (token) do update set sealed = coalesce(excluded.sealed, app.erasure_tombstones.sealed)"
    )
    for token, kind, _ in rows:
        value = asked.get(token)
        connection.execute(
            insert,
            {"token": token, "kind": kind, "request": request_id, "sealed": cipher.encrypt(value) if value else None},
        )
    return len(rows)


GUARDED_TABLES = ", ".join(f"raw.{table}" for table in RAW_TABLES)


def erase_person(
    database: Database,
    cipher: PersonalDataCipher,
    actor: Actor,
    *,
    email: str | None = None,
    phone: str | None = None,
    delete_contact: DeleteContact | None = None,
    now: datetime | None = None,
) -> dict[str, Any]:
    """Erase the person with this email and/or phone; a summary of what was done (counts only)."""
    now = now or datetime.now(UTC)
    with database.engine.begin() as connection:
        # Syncs wait while the person's records change, then meet the tombstones.
        connection.execute(text(f"lock table {GUARDED_TABLES} in share row exclusive mode"))
        person = find_person(connection, cipher, email=email, phone=phone)
        crm = {"asked": delete_contact is not None, "deleted": 0, "failed": 0}
        if delete_contact is not None:
            for contact in sorted(person.contact_ids):
                try:
                    delete_contact(contact)
                    crm["deleted"] += 1
                except Exception:  # reported, never fatal: the local erasure goes on
                    crm["failed"] += 1
        mapping = {old: f"erased_{secrets.token_hex(12)}" for old in person.source_ids()}
        summary: dict[str, Any] = {
            "found": person.found,
            "contacts": len(person.contact_ids),
            "leads": len(person.lead_ids),
            "raw": _erase_raw(connection, person, mapping),
            "app": _erase_app(connection, cipher, person, mapping),
            "dbt": _erase_dbt(connection, person, mapping),
            "crm_deletion": crm,
        }
        request_id = record_request(connection, "erase", actor, summary, now)
        for lead in sorted(person.lead_ids):
            audit(connection, actor, "privacy_erase", lead, subject=f"privacy_request:{request_id}")
        summary["tombstones"] = _tombstones(connection, cipher, person, request_id)
    return {"request_id": request_id, **summary}
