"""The raw landing seals what GoHighLevel, Stripe and the MLS say about people, and keeps in clear
what the staging models read."""

from __future__ import annotations

import json

import pytest
from psycopg import sql

from ehub.sources.ghl.entities import GHL_ENTITIES
from ehub.sources.landing import land_page
from ehub.sources.mls.entities import MLS_ENTITIES
from ehub.sources.stripe.entities import BY_OBJECT
from tests.privacy_probe import (
    _CONTACT_FIELDS,
    _OPPORTUNITY,
    CONTACT,
    DAY,
    EMAIL,
    FIXTURES,
    PERSON,
    _every_row,
    _in_clear,
)

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
