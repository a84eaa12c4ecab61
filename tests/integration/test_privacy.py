"""A person's data, exported whole and erased everywhere, for good.

One person is made to exist in every source and path: a GoHighLevel contact with opportunities,
conversations and messages and a Stripe payment (from the sandbox), a lead of the bot service by
text and by email (messages, decisions, outbox entries with a seller's street address), a web chat
that links to it, a queued webhook, scores and intents from the enrichment, and every dbt model
built on all of it. The export must hold all of that, decrypted. After the erasure, every table of
every schema (clear values, and every sealed value decrypted) and every log line is searched for
any of their values, blind indexes or source ids; the marts' aggregates must not move; and a full
re-sync of every source, then a dbt rebuild, must neither bring them back nor move the figures.
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from datetime import UTC, datetime

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from ehub.bots.apikeys import create_key
from ehub.bots.audit import Actor
from ehub.bots.contacts import Contact
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.bots.webhooks import WebhookKeys, accept
from ehub.crypto import cipher_from_settings, generate_keys, normalise_phone
from ehub.db import Database
from ehub.db.migrate import upgrade
from ehub.enrichment import score_leads
from ehub.privacy.erase import erase_person
from ehub.privacy.export import export_person
from ehub.settings import load_settings
from ehub.sources.landing import unseal
from ehub.sources.sync_all import sync_all_sources
from sandbox.sources import SANDBOX
from tools.runtime import run_dbt

SELLER_ADDRESS = "9187 Zephyrhill Cove"
SCHEMAS = ("raw", "app", "staging", "intermediate", "marts")
# Marts of figures, not people: they must read the same before and after the erasure.
AGGREGATES = (
    "select * from marts.revenue_attribution_monthly order by 1, 2, 3, 4, 5",
    "select * from marts.lead_funnel_periods order by 1, 2, 3, 4, 5, 6, 7, 8",
    "select * from marts.bot_performance_daily order by 1, 2, 3",
    "select count(*), sum(lead_score) from marts.dim_leads",
    "select count(*) from marts.fct_lead_funnel",
)
ADMIN = Actor("cli", "privacy-officer", "ehub privacy erase")


@pytest.fixture
def platform(server_database_url: str, tmp_path):
    keys = generate_keys()
    settings = load_settings(
        database_url=server_database_url,
        data_dir=tmp_path / "data",
        sandbox_scale=0.2,
        sources="sandbox",
        encryption_keys=keys["EHUB_ENCRYPTION_KEYS"],
        blind_index_key=keys["EHUB_BLIND_INDEX_KEY"],
    )
    database = Database(server_database_url)
    upgrade(database)
    yield settings, database, cipher_from_settings(settings)
    database.dispose()


def _sync_and_build(settings, database, cipher) -> None:
    sync_all_sources(settings, database, cipher, offline=SANDBOX)
    score_leads(database, cipher)
    assert run_dbt(settings, database, ["build", "--quiet"]) == 0


def _pick_person(database, cipher) -> dict:
    """A CRM contact with an email, a phone, messages and a payment, whose name is theirs alone (the
    sandbox reuses names and scripted messages: only what identifies this person is searched for)."""
    with database.engine.connect() as connection:
        contacts = connection.execute(
            text("""
                select c.contact_id, c.pii_sealed,
                       exists (select 1 from raw.ghl_messages m where m.contact_id = c.contact_id) and exists (
                           select 1 from raw.stripe_charges s
                           where s.payload -> 'metadata' ->> 'ghl_contact_id' = c.contact_id
                       ) as everywhere
                from raw.ghl_contacts c where c.email_index is not null and c.phone_index is not null
                order by c.contact_id
            """)
        ).all()
        messages = connection.execute(text("select contact_id, pii_sealed from raw.ghl_messages")).all()
    people = [(row.contact_id, unseal(cipher, row.pii_sealed), row.everywhere) for row in contacts]
    names = Counter(f"{p.get('firstName')} {p.get('lastName')}" for _, p, _ in people)
    contact_id, personal = next(
        (cid, p)
        for cid, p, everywhere in people
        if everywhere and names[f"{p.get('firstName')} {p.get('lastName')}"] == 1
    )
    said = [(row.contact_id, unseal(cipher, row.pii_sealed).get("body") or "") for row in messages]
    others = {body for cid, body in said if cid != contact_id}
    return {
        "contact_id": contact_id,
        "email": personal["email"],
        "phone": personal["phone"],
        "name": f"{personal['firstName']} {personal['lastName']}",
        "bodies": sorted({body for cid, body in said if cid == contact_id and len(body) >= 12} - others),
    }


def _bot_side(settings, database, cipher, person: dict) -> None:
    """The bot service meets the person by text, by email and on the website; GHL sends a webhook."""
    service = BotService(database, cipher, Engine())
    contact = Contact(name=person["name"], phone=person["phone"], email=person["email"])
    with database.engine.begin() as connection:
        service.register_contact(connection, person["contact_id"], contact)
    now = datetime.now(UTC)
    for channel, message in (
        ("sms", f"We want to sell our house at {SELLER_ADDRESS}, what is it worth?"),
        ("email", "Also, can you send me the numbers by email please"),
    ):
        service.handle(message, channel=channel, now=now, ghl_contact_id=person["contact_id"])
    with database.engine.begin() as connection:  # delivered, as the worker would (unsent replies age with the clock)
        connection.execute(
            text("update app.outbox set status = 'sent', sent_at = created_at + interval '5 seconds', ghl_id = 'm-1'")
        )
    key = create_key(database, "widget", ["chat"])[1]
    with TestClient(app=create_app(settings, offline=SANDBOX)) as client:
        chat = client.post(
            "/v1/chat",
            headers={"X-API-Key": key},
            json={"message": "hi, I'm thinking of buying", "contact": {"email": person["email"]}},
        )
        assert chat.status_code == 201, chat.text
    from sandbox.ghl_webhooks import signed_webhook

    body, headers = signed_webhook(
        {
            "type": "InboundMessage",
            "webhookId": "wh-erasure-1",
            "locationId": "loc-sandbox",
            "contactId": person["contact_id"],
            "messageId": "msg-erasure-1",
            "direction": "inbound",
            "messageType": "SMS",
            "body": f"my number is {person['phone']}",
            "phone": person["phone"],
        }
    )
    assert accept(database, cipher, WebhookKeys.from_settings(settings, SANDBOX), body, headers)


def _needles(person: dict, indexes: set[str], ids: set[str]) -> dict[str, str]:
    phone = normalise_phone(person["phone"])
    found = {
        "email": person["email"].lower(),
        "phone": phone,
        "phone digits": phone[2:],
        "name": person["name"],
        "address": SELLER_ADDRESS,
    }
    found |= {f"message {n}": body for n, body in enumerate(person["bodies"])}
    found |= {f"blind index {index[:8]}": index for index in indexes}
    found |= {f"source id {source_id}": source_id for source_id in ids}
    return found


def _scan(database, cipher, needles: dict[str, str]) -> list[str]:
    """Every relation of every schema, as text, and every sealed value decrypted: what holds a needle."""
    hits = []
    with database.engine.connect() as connection:
        relations = connection.execute(
            text(
                "select table_schema, table_name from information_schema.tables where table_schema = any(:s) "
                "order by 1, 2"
            ),
            {"s": list(SCHEMAS)},
        ).all()
        for schema, table in relations:
            rows = connection.execute(text(f'select t::text from "{schema}"."{table}" t')).scalars().all()  # noqa: S608
            haystack = "\n".join(rows).lower()
            hits += [f"{schema}.{table}: {name}" for name, needle in needles.items() if needle.lower() in haystack]
        sealed = connection.execute(
            text(
                "select table_schema, table_name, column_name from information_schema.columns "
                "where table_schema in ('raw', 'app') "
                "and column_name in ('pii_sealed', 'body_sealed', 'sealed', 'summary_sealed')"
            )
        ).all()
        for schema, table, column in sealed:
            if (schema, table) == ("app", "erasure_tombstones"):
                continue  # the suppression record: the email and phone asked about, sealed (documented)
            values = connection.execute(
                text(f'select "{column}" from "{schema}"."{table}" where "{column}" is not null')  # noqa: S608
            ).scalars()
            plain = "\n".join(cipher.decrypt(value) or "" for value in values).lower()
            hits += [
                f"{schema}.{table}.{column} (decrypted): {name}"
                for name, needle in needles.items()
                if needle.lower() in plain
            ]
    return hits


def _aggregates(database) -> list:
    with database.engine.connect() as connection:
        return [[tuple(row) for row in connection.execute(text(query)).all()] for query in AGGREGATES]


def test_a_person_is_exported_whole_then_erased_everywhere_and_stays_gone(platform, caplog) -> None:
    settings, database, cipher = platform
    caplog.set_level(logging.INFO)  # what production logs (DEBUG would add libraries' request dumps)
    sync_all_sources(settings, database, cipher, offline=SANDBOX)
    person = _pick_person(database, cipher)
    _bot_side(settings, database, cipher, person)
    score_leads(database, cipher)
    assert run_dbt(settings, database, ["build", "--quiet"]) == 0

    # -- the export: everything, decrypted --------------------------------------------------------------
    document = export_person(
        database, cipher, Actor("cli", "privacy-officer", "ehub privacy export"), email=person["email"]
    )
    crm = document["crm_and_payments"]
    assert [c["contact_id"] for c in crm["ghl_contacts"]] == [person["contact_id"]]
    assert crm["ghl_contacts"][0]["personal"]["email"] == person["email"]
    assert crm["ghl_messages"] and crm["ghl_opportunities"] and crm["stripe_charges"], "CRM records and payments"
    assert {m["personal"].get("body") for m in crm["ghl_messages"]} >= set(person["bodies"])
    bot = document["bot"]
    assert len(bot["leads"]) == 2 and bot["links"], "the text lead and the web visitor who gave the same email"
    assert any(SELLER_ADDRESS in (m["text"] or "") for m in bot["messages"]), "conversations, decrypted"
    assert bot["decisions"] and bot["outbox"] and document["webhook_events"]
    assert document["scores"] and document["scores"][0]["reasons"], "scores with their reasons"
    assert document["audit"], "every access to their leads"
    exported = json.dumps(document)
    assert person["name"] in exported and normalise_phone(person["phone"]) in exported.replace(" ", "")

    # -- the erasure ---------------------------------------------------------------------------------
    before = _aggregates(database)
    with database.engine.connect() as connection:
        indexes = set(
            connection.execute(
                text(
                    "select email_index from raw.ghl_contacts where contact_id = :c union "
                    "select phone_index from raw.ghl_contacts where contact_id = :c union "
                    "select email_index from app.leads where email_index is not null and ghl_contact_id = :c"
                ),
                {"c": person["contact_id"]},
            ).scalars()
        ) - {None}
        ids = set(
            connection.execute(
                text(
                    "select message_id from raw.ghl_messages where contact_id = :c union "
                    "select opportunity_id from raw.ghl_opportunities where contact_id = :c union "
                    "select charge_id from raw.stripe_charges where payload -> 'metadata' ->> 'ghl_contact_id' = :c"
                ),
                {"c": person["contact_id"]},
            ).scalars()
        ) | {person["contact_id"]}
    deleted_in_crm = []
    summary = erase_person(database, cipher, ADMIN, email=person["email"], delete_contact=deleted_in_crm.append)
    assert deleted_in_crm == [person["contact_id"]] and summary["crm_deletion"]["deleted"] == 1
    assert summary["dbt"], "the tables dbt built were rewritten"
    needles = _needles(person, indexes, ids)
    left = _scan(database, cipher, needles)
    assert left == [], "\n".join(left)
    assert _aggregates(database) == before, "counts and revenue stay; only the links to a person are gone"
    again = export_person(database, cipher, ADMIN, email=person["email"])
    assert not again["found"] and not again["crm_and_payments"]["ghl_contacts"]

    # -- a full re-sync of every source (cursors dropped) and a rebuild do not bring them back ----------
    with database.engine.begin() as connection:
        connection.execute(text("delete from raw.sync_cursors"))
    _sync_and_build(settings, database, cipher)
    left = _scan(database, cipher, needles)
    assert left == [], "\n".join(left)
    assert _aggregates(database) == before
    logged = "\n".join(record.getMessage() for record in caplog.records).lower()
    assert [name for name, needle in needles.items() if needle.lower() in logged] == []
