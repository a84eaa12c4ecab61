"""What the privacy tests share: one person's distinctive values in every field GoHighLevel
documents, webhooks carrying them, and a scan of every table of a database for any of them."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from litestar.testing import TestClient
from psycopg import sql
from sqlalchemy import text

from sandbox.ghl_webhooks import signed_webhook

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
