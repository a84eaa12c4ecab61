"""Personal data at the doors: GoHighLevel webhooks stuffed with personal data in every documented
field leave none of it in clear in any table or log line; one inbound message is answered once even
when two workers take it under two webhook ids at the same moment; and the raw landing seals what
GoHighLevel, Stripe and the MLS say about people while keeping what staging reads."""

from __future__ import annotations

import json
import logging
import threading
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from litestar.testing import TestClient
from psycopg import sql
from sqlalchemy import text

from bot_api.app import create_app
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.bots.webhooks import rebuild
from ehub.bots.worker import process_webhooks
from ehub.crypto import cipher_from_settings
from ehub.sandbox.ghl_webhooks import signed_webhook
from ehub.settings import load_settings
from ehub.sources.ghl.entities import GHL_ENTITIES
from ehub.sources.landing import land_page
from ehub.sources.mls.entities import MLS_ENTITIES
from ehub.sources.stripe.entities import BY_OBJECT

CONTACT = "ghlPrivacy01"
FIXTURES = Path(__file__).parent / "fixtures"
DAY = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # 10:00 in Austin: nothing is held for quiet hours

# Distinctive personal values, one for each documented field that can carry one (GoHighLevel's
# webhook docs: InboundMessage (SMS, email, call), ContactCreate, ContactTagUpdate,
# OpportunityStatusUpdate, OpportunityStageUpdate), and for the fields real payloads add.
PERSON = {
    "first": "Quillan",
    "last": "Marshwood",
    "email": "quillan.marshwood@example.org",
    "extra_email": "q.marshwood.alt@example.net",
    "phone": "+15125550187",
    "extra_phone": "+15125550164",
    "business_phone": "+15125550142",
    "street": "4417 Zinnia Crest Ln",
    "city": "Quorvale Heights",
    "region": "Zarquonia",
    "postcode": "QX4-7719",
    "country": "Freedonia",
    "company": "Marshwood Holistic Llamas",
    "birth": "1971-03-14",
    "website": "https://quillan-marshwood.example.org/about",
    "source": "referral from Barnaby Quist",
    "tag": "sister of Ysolde Pemberton",
    "spouse": "Ottilie Marshwood",
    "gate": "gate code 8841 hash",
    "note": "allergic to koi ponds",
    "attachment": "https://files.example.org/quillan-id-scan.pdf",
    "voicemail": "https://files.example.org/quillan-voicemail.mp3",
    "cc": "ottoline.brisk@example.com",
    "bcc": "perpetua.vance@example.com",
    "agent_email": "rowena.agent@brokerage.example",
    "subject": "House hunting for the Marshwood family",
    "mail_id": "CAF-quillan-0042@mail.example.org",
    "thread": "thread-quillan-0042@mail.example.org",
    "provider": "quillan-private-mailer",
    "nested_name": "Nestor Quillby",
    "nested_email": "nestor.quillby@example.org",
    "nested_phone": "+15125550111",
    "deal": "Marshwood purchase at Zinnia Crest",
    "deal_value": "7342193",
    "widget_person": "Wendeline Quarry",
}
PHONE_FORMS = ("5125550187", "512-555-0187", "(512) 555-0187", "5125550164", "5125550142", "5125550111")

_CONTACT_FIELDS = {
    "locationId": "locPrivacy",
    "id": CONTACT,
    "address1": PERSON["street"],
    "city": PERSON["city"],
    "state": PERSON["region"],
    "postalCode": PERSON["postcode"],
    "country": PERSON["country"],
    "companyName": PERSON["company"],
    "source": PERSON["source"],
    "dateAdded": "2026-11-20T15:59:00.000Z",
    "dateOfBirth": f"{PERSON['birth']}T00:00:00.000Z",
    "dnd": False,
    "email": PERSON["email"],
    "name": f"{PERSON['first']} {PERSON['last']}",
    "firstName": PERSON["first"],
    "lastName": PERSON["last"],
    "firstNameLowerCase": PERSON["first"].lower(),
    "lastNameLowerCase": PERSON["last"].lower(),
    "phone": PERSON["phone"],
    "additionalEmails": [PERSON["extra_email"]],
    "additionalPhones": [PERSON["extra_phone"]],
    "website": PERSON["website"],
    "attachments": [PERSON["attachment"]],
    "assignedTo": PERSON["agent_email"],  # an id field holding what no id looks like: sealed by its shape
    "customFields": [
        {"id": "cfSpouse", "value": PERSON["spouse"]},
        {"id": "cfNotes", "value": [PERSON["note"]]},
        {"id": "cfAccess", "value": {"detail": PERSON["gate"]}},
    ],
    "contact": {"name": PERSON["nested_name"], "email": PERSON["nested_email"], "phone": PERSON["nested_phone"]},
}
_MESSAGE_FIELDS = {
    "locationId": "locPrivacy",
    "contactId": CONTACT,
    "conversationId": "convPrivacy01",
    "conversationProviderId": "cpPrivacy01",
    "userId": PERSON["agent_email"],
    "chatWidgetId": PERSON["widget_person"],  # not an id's shape either
    "dateAdded": "2026-11-20T15:59:30.000Z",
    "direction": "inbound",
    "status": "delivered",
    "contentType": "text/plain",
    "attachments": [PERSON["attachment"], PERSON["voicemail"]],
    "contact": {"name": PERSON["nested_name"], "email": PERSON["nested_email"], "phone": PERSON["nested_phone"]},
}
SMS = {
    **_MESSAGE_FIELDS,
    "type": "InboundMessage",
    "webhookId": "whPrivSms",
    "messageId": "msgPrivSms",
    "messageType": "SMS",
    "messageTypeString": "TYPE_SMS",
    "body": (
        f"Hi, this is {PERSON['first']} {PERSON['last']}, looking for a 3 bed in Pflugerville around 420k. "
        f"Call me at 512-555-0187 or write {PERSON['email']}; I live at {PERSON['street']}."
    ),
    "from": PERSON["phone"],
    "to": PERSON["business_phone"],
}
EMAIL = {
    **_MESSAGE_FIELDS,
    "type": "InboundMessage",
    "webhookId": "whPrivEmail",
    "messageId": "msgPrivEmail",
    "messageType": "Email",
    "messageTypeString": "TYPE_EMAIL",
    "body": f"<div>Can I talk to a real person? My wife {PERSON['spouse']} has questions.</div>",
    "subject": PERSON["subject"],
    "from": f"{PERSON['first']} {PERSON['last']} <{PERSON['email']}>",
    "to": [PERSON["agent_email"]],
    "cc": [PERSON["cc"]],
    "bcc": [PERSON["bcc"]],
    "emailMessageId": f"<{PERSON['mail_id']}>",
    "threadId": f"<{PERSON['thread']}>",
    "provider": PERSON["provider"],
}
CALL = {
    **_MESSAGE_FIELDS,
    "type": "InboundMessage",
    "webhookId": "whPrivCall",
    "messageId": "msgPrivCall",
    "messageType": "CALL",
    "status": "voicemail",
    "callStatus": "voicemail",
    "callDuration": 42,
    "from": PERSON["phone"],
    "to": PERSON["business_phone"],
}
_OPPORTUNITY = {
    "locationId": "locPrivacy",
    "id": "oppPrivacy01",
    "contactId": CONTACT,
    "assignedTo": PERSON["agent_email"],
    "monetaryValue": int(PERSON["deal_value"]),
    "name": PERSON["deal"],
    "pipelineId": "pipePrivacy",
    "pipelineStageId": "e93ba61a-53b3-45e7-985a-c7732dbcdb69",
    "source": PERSON["source"],
    "dateAdded": "2026-11-20T15:58:00.000Z",
    "contact": {"name": PERSON["nested_name"], "email": PERSON["nested_email"], "phone": PERSON["nested_phone"]},
}
EVENTS = (
    {**_CONTACT_FIELDS, "type": "ContactCreate", "webhookId": "whPrivCreate", "tags": ["buyer", PERSON["tag"]]},
    SMS,
    EMAIL,
    CALL,
    {**_OPPORTUNITY, "type": "OpportunityStatusUpdate", "webhookId": "whPrivStatus", "status": "open"},
    {**_OPPORTUNITY, "type": "OpportunityStageUpdate", "webhookId": "whPrivStage", "status": "open"},
    {**_CONTACT_FIELDS, "type": "ContactTagUpdate", "webhookId": "whPrivTags", "tags": ["dnd", PERSON["tag"]]},
)


@pytest.fixture
def api(migrated, data_dir):
    settings = load_settings(database_url=migrated.url, data_dir=data_dir, sources="sandbox")
    with TestClient(app=create_app(settings)) as client:
        yield client, migrated, BotService(migrated, cipher_from_settings(settings), Engine())


def _post(client: TestClient, event: dict) -> str:
    body, headers = signed_webhook(event)
    response = client.post("/webhooks/ghl", content=body, headers=headers)
    assert response.status_code == 200, response.text
    return response.json()["status"]


def _every_row(database) -> dict[str, list[str]]:
    """Every row of every table in every schema of the test database, as text."""
    with database.engine.connect() as connection:
        tables = connection.execute(
            text("""
            select table_schema, table_name from information_schema.tables
            where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema')
        """)
        ).all()
        driver = connection.connection.driver_connection
        rows = {}
        for schema, table in tables:
            query = sql.SQL("select t::text from {} as t").format(sql.Identifier(schema, table))
            rows[f"{schema}.{table}"] = [row[0] for row in driver.execute(query).fetchall()]
    return rows


def _in_clear(haystacks: dict[str, list[str]]) -> list[tuple[str, str]]:
    needles = [value.lower() for value in (*PERSON.values(), *PHONE_FORMS)]
    return [
        (where, needle)
        for where, texts in haystacks.items()
        for needle in needles
        if any(needle in text_.lower() for text_ in texts)
    ]


def test_the_queue_keeps_ids_enumerations_and_times_in_clear_and_the_worker_gets_the_whole_event(api) -> None:
    client, database, service = api
    for event in EVENTS:
        _post(client, event)
    with database.engine.connect() as connection:
        rows = connection.execute(text("select webhook_id, payload, pii_sealed from app.webhook_events")).all()
    clear = {row.webhook_id: set(row.payload) for row in rows}
    envelope = {"type", "webhookId", "timestamp", "locationId"}
    assert clear["whPrivSms"] == envelope | {
        *("contactId", "conversationId", "conversationProviderId", "messageId", "dateAdded"),
        *("direction", "status", "contentType", "messageType", "messageTypeString"),
    }, "userId and chatWidgetId hold no id's shape here: sealed"
    assert clear["whPrivCall"] == clear["whPrivSms"] - {"messageTypeString"} | {"callStatus"}
    assert clear["whPrivCreate"] == clear["whPrivTags"] == envelope | {"id", "dateAdded", "dnd"}
    assert clear["whPrivStatus"] == envelope | {
        "id",
        "contactId",
        "pipelineId",
        "pipelineStageId",
        "status",
        "dateAdded",
    }
    sent = {event["webhookId"]: event for event in EVENTS}
    for row in rows:
        rebuilt = rebuild(service.cipher, row.payload, row.pii_sealed)
        assert {name: value for name, value in rebuilt.items() if name != "timestamp"} == sent[row.webhook_id]


def test_no_personal_value_of_any_documented_field_is_kept_in_clear(api, caplog, capfd) -> None:
    client, database, service = api
    caplog.set_level(logging.DEBUG)
    assert [_post(client, event) for event in EVENTS] == ["queued"] * len(EVENTS)
    outcomes = process_webhooks(service, clock=lambda: DAY)
    assert outcomes == {
        "lead registered": 1,
        "replied": 2,  # the SMS and the email; the voicemail has no text to answer
        "ignored (not an inbound text)": 1,
        "no change": 1,  # the stage update repeats the status update's 'open'
        "stage recorded": 1,
        "automation paused": 1,  # the dnd tag
    }, outcomes
    with database.engine.connect() as connection:
        lead = connection.execute(text("select lead_id, state, pii_sealed, handed_off_at from app.leads")).one()
        kinds = connection.execute(text("select kind from app.outbox order by outbox_id")).scalars().all()
        events = connection.execute(text("select status, count(*) from app.webhook_events group by 1")).all()
        audited = connection.execute(text("select actor_kind, key_id, route from app.audit_log")).all()
    assert events == [("done", len(EVENTS))]
    webhooks = ("whPrivCreate", "whPrivEmail", "whPrivSms")  # what wrote to the lead
    assert sorted(audited) == [("webhook", webhook, "POST /webhooks/ghl") for webhook in webhooks]
    assert lead.pii_sealed and lead.handed_off_at is not None, "the email asked for a person"
    assert lead.state["crm_pauses"] == ["tag:dnd"] and lead.state["crm_stage"] == _OPPORTUNITY["pipelineStageId"]
    assert "message" in kinds and "task" in kinds, "the values flowed into replies and CRM actions"
    assert service.lead(str(lead.lead_id))["contact"]["email"] == PERSON["email"], "sealed, not lost"

    # A failure whose message quotes personal data (as database errors quote the values they refuse).
    with database.engine.begin() as connection:
        connection.execute(
            text(f"""
            create function public.refuse_lead() returns trigger language plpgsql as $$
            begin raise exception 'refused lead for {PERSON["email"]} at {PERSON["street"]}'; end $$;
            create trigger refuse_lead before insert on app.leads
                for each row execute function public.refuse_lead();
        """)
        )
    _post(client, {**_CONTACT_FIELDS, "type": "ContactCreate", "webhookId": "whPrivFails", "id": "ghlOther"})
    assert process_webhooks(service, clock=lambda: DAY) == {"failed": 1}, "tried again on a later pass"
    with database.engine.connect() as connection:
        error = connection.execute(
            text("select last_error from app.webhook_events where webhook_id = 'whPrivFails'")
        ).scalar_one()
    assert "(P0001) at ehub/" in error, f"the error's kind, SQLSTATE and place in our code only: {error}"
    assert "whPrivFails" in caplog.text, "the failure was logged, so the log scan below saw it"

    captured = capfd.readouterr()
    leaks = _in_clear({**_every_row(database), "log records": [caplog.text], "output": [captured.out, captured.err]})
    assert leaks == [], f"personal values in clear: {leaks}"


# -- one inbound message, two webhook ids, two workers at once ---------------------------------------------


def _waiting_on_locks(database, count: int) -> None:
    """Wait until `count` sessions of the test database wait on a lock (both workers are mid-event)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with database.engine.connect() as connection:  # a new transaction: pg_stat_activity is read once per one
            waiting = connection.execute(
                text(
                    "select count(*) from pg_stat_activity "
                    "where datname = current_database() and wait_event_type = 'Lock'"
                )
            ).scalar_one()
        if waiting >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"{count} sessions never waited on a lock")


def _in_threads(service: BotService, workers: int) -> tuple[list[threading.Thread], list[dict[str, int]]]:
    results: list[dict[str, int]] = []
    threads = [
        threading.Thread(target=lambda: results.append(process_webhooks(service, limit=1, clock=lambda: DAY)))
        for _ in range(workers)
    ]
    for thread in threads:
        thread.start()
    return threads, results


def _answers(database, message_id: str) -> tuple[int, int, list]:
    with database.engine.connect() as connection:
        inbound = connection.execute(
            text("select count(*) from app.conversation_messages where source_message_id = :id"), {"id": message_id}
        ).scalar_one()
        replies = connection.execute(text("select count(*) from app.outbox where kind = 'message'")).scalar_one()
        events = connection.execute(text("select status, last_error from app.webhook_events")).all()
    return inbound, replies, events


def _contact_wrote_before(client: TestClient, service: BotService) -> None:
    _post(client, {**SMS, "webhookId": "whFirst", "messageId": "msgFirst", "body": "hi, any 3 beds in Buda?"})
    assert process_webhooks(service, clock=lambda: DAY) == {"replied": 1}


def test_two_workers_taking_one_message_under_two_webhook_ids_answer_it_once(api) -> None:
    client, database, service = api
    _contact_wrote_before(client, service)
    again = {**SMS, "messageId": "msgTwice", "body": "do you have anything with a pool?"}
    _post(client, {**again, "webhookId": "whTwiceA"})
    _post(client, {**again, "webhookId": "whTwiceB"})
    with database.engine.begin() as connection:  # an agent's edit holds the lead: both workers queue up
        connection.execute(text("select 1 from app.leads where ghl_contact_id = :id for update"), {"id": CONTACT})
        threads, results = _in_threads(service, 2)
        _waiting_on_locks(database, 2)
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(next(iter(result)) for result in results) == ["duplicate message", "replied"]
    inbound, replies, events = _answers(database, "msgTwice")
    assert inbound == 1 and replies == 2, "one answer to the first message, one to this one"
    assert all(event == ("done", None) for event in events), "the duplicate is done, not retried"


def test_a_new_contacts_first_message_under_two_webhook_ids_is_answered_once(api) -> None:
    client, database, service = api
    first = {**SMS, "messageId": "msgNew", "body": "hi, any 3 beds in Buda?"}
    _post(client, {**first, "webhookId": "whNewA"})
    _post(client, {**first, "webhookId": "whNewB"})
    connection = database.engine.connect()
    try:  # something else creating this contact's lead holds both workers back, then gives up
        service.register_contact(connection, CONTACT, None)
        threads, results = _in_threads(service, 2)
        _waiting_on_locks(database, 2)
    finally:
        connection.rollback()
        connection.close()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(next(iter(result)) for result in results) == ["duplicate message", "replied"]
    inbound, replies, events = _answers(database, "msgNew")
    assert inbound == 1 and replies == 1
    assert all(event == ("done", None) for event in events)


def test_a_message_recorded_meanwhile_by_another_writer_ends_as_a_duplicate_not_a_failure(api) -> None:
    client, database, service = api
    _contact_wrote_before(client, service)
    _post(client, {**SMS, "webhookId": "whRace", "messageId": "msgRace", "body": "is the Kyle one still available?"})
    with database.engine.begin() as connection:  # e.g. a worker of the previous release, which took no lock
        service.handle(
            "is the Kyle one still available?",
            channel="sms",
            now=DAY,
            ghl_contact_id=CONTACT,
            source_message_id="msgRace",
            connection=connection,
        )
        threads, results = _in_threads(service, 1)
        _waiting_on_locks(database, 1)  # the worker has not seen the message; its insert will collide
    threads[0].join(timeout=10)
    assert results == [{"duplicate message": 1}]
    inbound, replies, events = _answers(database, "msgRace")
    assert inbound == 1 and replies == 2
    assert all(event == ("done", None) for event in events)


# -- the raw landing seals what GoHighLevel, Stripe and the MLS send about people ----------------------------

_AT = "2026-11-20T15:00:00.000Z"
_CARD = {"last4": "4242", "fingerprint": "fpQuillan9931", "exp_year": 2031}
_LANDED = [  # entity, record stuffed with personal values, the fields staging reads (kept in clear)
    (
        GHL_ENTITIES[0],
        {
            **{k: v for k, v in _CONTACT_FIELDS.items() if k not in ("assignedTo", "contact")},
            "city": "Austin",  # coarse location stays in clear: city, state, postal code, country
            "state": "TX",
            "postalCode": "78704",
            "country": "US",
            "dateUpdated": _AT,
            "emailLowerCase": PERSON["email"],
            "address": PERSON["street"],
            "gender": PERSON["note"],
            "ssn": PERSON["postcode"],
            "businessName": PERSON["company"],
            "profilePhoto": PERSON["attachment"],
            "attributionSource": {"ip": PERSON["gate"], "referrer": PERSON["website"]},
            "lastAttributionSource": {"userAgent": PERSON["provider"]},
            "customFields": [{"id": "cfBudget", "value": 550000}],
            "tags": ["buyer"],
            "source": "Zillow",
        },
        ("customFields", "tags", "source", "dnd", "dateAdded", "city"),
    ),
    (
        GHL_ENTITIES[1],
        {
            **{k: v for k, v in _OPPORTUNITY.items() if k not in ("source", "assignedTo", "monetaryValue")},
            "assignedTo": "usrAgent01",
            "monetaryValue": 16500,
            "status": "open",
            "updatedAt": _AT,
            "contact": {"id": CONTACT, "companyName": PERSON["company"], "email": PERSON["nested_email"]},
            "notes": [PERSON["note"]],
            "tasks": [{"title": f"call {PERSON['spouse']}"}],
            "calendarEvents": [{"title": PERSON["subject"]}],
            "customFields": [{"id": "cfGate", "fieldValue": PERSON["gate"]}],
            "attributions": [{"ip": PERSON["provider"]}],
        },
        ("monetaryValue", "assignedTo", "pipelineStageId"),
    ),
    (
        GHL_ENTITIES[3],
        {"id": "convP", "contactId": CONTACT, "dateUpdated": 1795000000000, "companyName": PERSON["company"]}
        | {"profilePhoto": PERSON["attachment"], "fullName": PERSON["nested_name"]},
        ("contactId",),
    ),
    (
        GHL_ENTITIES[4],
        {key: EMAIL[key] for key in ("conversationId", "contactId", "direction", "body", "subject", "cc", "bcc")}
        | {"id": "msgP", "dateAdded": _AT, "html": f"<p>{PERSON['spouse']}</p>", "attachments": [PERSON["voicemail"]]},
        ("direction",),
    ),
    (
        BY_OBJECT["charge"],
        {"id": "ch_P", "object": "charge", "amount": 25000, "currency": "usd", "created": 1795000000}
        | {"metadata": {"ghl_contact_id": CONTACT, "product": "Buyer consultation"}, "receipt_url": PERSON["website"]}
        | {"billing_details": {"name": PERSON["nested_name"], "tax_id": PERSON["postcode"]}}
        | {"description": f"Deposit for {PERSON['spouse']}", "payment_method_details": {"card": _CARD}}
        | {"source": {"name": PERSON["widget_person"], "address_line1": PERSON["street"]}},
        ("metadata", "amount", "currency"),
    ),
    (
        BY_OBJECT["payment_intent"],
        {"id": "pi_P", "object": "payment_intent", "amount": 25000, "currency": "usd", "created": 1795000000}
        | {"description": PERSON["subject"], "payment_method": {"billing_details": {"email": PERSON["cc"]}}}
        | {"last_payment_error": {"payment_method": {"billing_details": {"phone": PERSON["extra_phone"]}}}}
        | {"charges": {"data": [{"billing_details": {"email": PERSON["bcc"]}}]}, "metadata": {}},
        ("metadata", "amount"),
    ),
    (
        BY_OBJECT["checkout.session"],
        {"id": "cs_P", "object": "checkout.session", "amount_total": 25000, "created": 1795000000}
        | {"custom_fields": [{"key": "spouse", "text": {"value": PERSON["spouse"]}}]}
        | {"collected_information": {"individual_name": PERSON["nested_name"]}, "shipping": {"name": PERSON["tag"]}},
        ("amount_total",),
    ),
    (
        BY_OBJECT["refund"],
        {"id": "re_P", "object": "refund", "amount": 500, "currency": "usd", "created": 1795000000}
        | {"instructions_email": PERSON["email"]}
        | {"next_action": {"display_details": {"email_sent": {"email_sent_to": PERSON["cc"], "email_sent_at": 1}}}},
        ("amount", "next_action"),
    ),
    (
        MLS_ENTITIES[0],
        json.loads((FIXTURES / "mls" / "property_page.json").read_text())["value"][0]
        | {"CoBuyerAgentFullName": PERSON["nested_name"], "ListAgentHomePhone": PERSON["extra_phone"]}
        | {"OwnerName": PERSON["spouse"], "ShowingInstructions": f"call {PERSON['phone']}, {PERSON['gate']}"}
        | {"PrivateRemarks": PERSON["note"], "BuyerAgentStateLicense": PERSON["postcode"]},
        ("ListAgentKey", "ListOfficeKey", "City", "ListPrice"),
    ),
    (
        MLS_ENTITIES[1],
        {"MemberKey": "mP", "MemberMlsId": "99", "MemberStatus": "Active", "ModificationTimestamp": _AT}
        | {"MemberHomePhone": PERSON["phone"], "MemberAddress1": PERSON["street"], "MemberNickname": PERSON["first"]}
        | {"MemberStateLicense": PERSON["postcode"], "MemberLoginId": PERSON["provider"], "MemberFax": PERSON["cc"]},
        ("MemberMlsId", "MemberStatus"),
    ),
]


@pytest.mark.parametrize(("entity", "record", "kept"), _LANDED, ids=[f"{e.source}-{e.name}" for e, _, _ in _LANDED])
def test_raw_landing_seals_what_names_or_reaches_a_person_and_keeps_what_staging_reads(
    migrated, cipher, entity, record, kept
) -> None:
    with migrated.engine.begin() as connection:
        counts, _ = land_page(connection, entity, cipher, [record], [DAY] if entity.source == "stripe" else None)
    assert (counts.inserted, counts.rejected) == (1, 0)
    assert _in_clear(_every_row(migrated)) == [], "nothing personal in clear, in any table"
    with migrated.engine.connect() as connection:
        query = sql.SQL("select payload from {}").format(sql.Identifier("raw", entity.table))
        payload = connection.connection.driver_connection.execute(query).fetchone()[0]
    assert set(kept) <= set(payload), "what staging reads is still there"
