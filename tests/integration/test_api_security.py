"""The bot API under an attacker's eye: who can reach which lead, with what input, and what it costs.

Each test here reproduces a flaw an adversarial review of the running service found (a public
widget key taking over a lead, a 30 KB field freezing the process, malformed bodies as 500s,
database text echoed, unlimited random keys, no answer when a dependency is down).
"""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from ehub.bots.apikeys import create_key
from ehub.bots.contacts import Contact
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.bots.sessions import issue_session
from ehub.bots.wording import say
from ehub.crypto import cipher_from_settings
from ehub.db import Database
from ehub.settings import load_settings

VICTIM_PHONE, VICTIM_EMAIL = "(512) 555-0142", "victim@example.com"
SHAPE = {"error", "message", "field", "code"}


@pytest.fixture
def api(migrated: Database, data_dir):
    settings = load_settings(database_url=migrated.url, data_dir=data_dir)
    with TestClient(app=create_app(settings)) as client:
        keys = {
            "public": create_key(migrated, "widget", ["chat"])[1],
            "trusted": create_key(migrated, "crm", ["chat", "leads"])[1],
            "other_public": create_key(migrated, "partner widget", ["chat"])[1],
        }
        yield client, migrated, keys, cipher_from_settings(settings)


def _victim(database: Database, cipher) -> str:
    """A lead who came by text from GoHighLevel, with a phone and an email on file."""
    service = BotService(database, cipher, Engine())
    contact = Contact(name="Vic Tim", phone=VICTIM_PHONE, email=VICTIM_EMAIL)
    with database.engine.begin() as connection:
        lead = service.register_contact(connection, "ghl-victim", contact)
    service.handle(
        "Looking to buy in Kyle around 400k", channel="sms", now=datetime.now(UTC), ghl_contact_id="ghl-victim"
    )
    return lead


def _state(database: Database, lead: str) -> tuple:
    with database.engine.connect() as connection:
        row = connection.execute(
            text(
                "select opted_out_at, score,"
                " (select count(*) from app.conversation_messages m where m.lead_id = l.lead_id),"
                " (select count(*) from app.outbox o where o.lead_id = l.lead_id)"
                " from app.leads l where lead_id = cast(:id as uuid)"
            ),
            {"id": lead},
        ).one()
    return tuple(row)


def _chat(client: TestClient, key: str, **body):
    return client.post("/v1/chat", headers={"X-API-Key": key}, json=body)


# -- 1. a public key never reaches an existing lead ---------------------------------------------------------


def test_a_public_key_cannot_name_a_lead_or_leave_the_web_channel(api) -> None:
    client, database, keys, cipher = api
    victim = _victim(database, cipher)
    before = _state(database, victim)
    by_id = _chat(client, keys["public"], message="STOP", lead_id=victim)
    assert by_id.status_code == 403 and set(by_id.json()) <= SHAPE
    by_channel = _chat(client, keys["public"], message="STOP", channel="sms")
    assert by_channel.status_code == 403
    assert _state(database, victim) == before, "nothing of the victim's record changed"


def test_contact_details_typed_into_web_chat_never_merge_the_visitor_into_a_lead(api) -> None:
    client, database, keys, cipher = api
    victim = _victim(database, cipher)
    before = _state(database, victim)
    typed = {"phone": VICTIM_PHONE, "email": VICTIM_EMAIL, "sms_consent": True}  # the widget's consent box ticked
    visitor = _chat(client, keys["public"], message="STOP", contact=typed).json()
    assert visitor["lead_id"] != victim, "a new web lead, not the victim's"
    assert visitor["lead_score"] != before[1] or visitor["temperature"] == "cold"
    assert _state(database, victim) == before, "no STOP, message, score or outbox entry reached the victim"
    agent_view = client.get(f"/v1/leads/{visitor['lead_id']}", headers={"X-API-Key": keys["trusted"]}).json()
    assert agent_view["linked_leads"] == [{"lead_id": victim, "matched_on": "phone"}], "agents see the match"
    victim_view = client.get(f"/v1/leads/{victim}", headers={"X-API-Key": keys["trusted"]}).json()
    assert victim_view["linked_leads"] == [{"lead_id": visitor["lead_id"], "matched_on": "phone"}]


def test_a_session_continues_only_its_own_conversation_with_its_own_key(api) -> None:
    client, _, keys, cipher = api
    first = _chat(client, keys["public"], message="hi, 3 bed in Round Rock").json()
    again = _chat(client, keys["public"], message="around 450k", session_token=first["session_token"])
    assert again.status_code == 201 and again.json()["lead_id"] == first["lead_id"]
    stolen = _chat(client, keys["other_public"], message="STOP", session_token=first["session_token"])
    assert stolen.status_code == 401 and stolen.json()["code"] == "SESSION_INVALID"
    header, payload, signature = first["session_token"].split(".")
    forged = f"{header}.{payload}.{signature[::-1]}"
    assert _chat(client, keys["public"], message="hi", session_token=forged).json()["code"] == "SESSION_INVALID"
    key_id = keys["public"].split("_")[1]
    old = issue_session(cipher, first["lead_id"], key_id, datetime.now(UTC) - timedelta(days=2)).token
    expired = _chat(client, keys["public"], message="hi", session_token=old)
    assert expired.status_code == 401 and expired.json()["code"] == "SESSION_EXPIRED"


def test_web_chat_never_changes_the_sms_consent_of_a_lead_who_came_by_text(api) -> None:
    client, database, keys, cipher = api
    victim = _victim(database, cipher)
    reply = _chat(client, keys["trusted"], message="STOP", lead_id=victim).json()
    assert reply["reply"] == say("consent_on_own_channel")
    assert _state(database, victim)[0] is None, "still subscribed: only the lead's own STOP by text counts"


def test_every_chat_write_is_audited_with_the_key_and_route(api) -> None:
    client, database, keys, _ = api
    lead = _chat(client, keys["public"], message="hi").json()["lead_id"]
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("select key_id, actor_kind, action, cast(lead_id as text), route from app.audit_log")
        ).all()
    assert rows == [(keys["public"].split("_")[1], "api_key", "handle_message", lead, "POST /v1/chat")]


# -- 2. no input makes the service slow or fail ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status", "code"),
    [
        (b'{"message": "hi \xff"}', 400, "JSON_NOT_UTF8"),
        (b'{"message": "a\\u0000b"}', 400, "JSON_NUL"),
        (b'{"message": "hi", "contact": {"name": "\\u0000"}}', 400, "JSON_NUL"),
        (b'{"message": "hi", "contact": ' + b"[" * 200 + b"]" * 200 + b"}", 400, "JSON_TOO_DEEP"),
        (b'{"message": "hi", "message": "STOP"}', 400, "JSON_DUPLICATE_KEY"),
        (b'{"message": "hi"', 400, "JSON_INVALID"),
        (b'{"message": "' + b"a" * 70_000 + b'"}', 413, "BODY_TOO_LARGE"),
        (b'{"message": "' + b"a" * 2001 + b'"}', 400, "VALIDATION_ERROR"),
        (b'{"message": "hi", "lead_id": "' + b"7" * 30_000 + b'"}', 400, "VALIDATION_ERROR"),
        (b'{"message": "hi", "channel": "fax"}', 400, "VALIDATION_ERROR"),
        (b'{"message": "hi", "contact": {"email": "' + b"a@" * 1000 + b'"}}', 400, "VALIDATION_ERROR"),
        (b"[]", 400, "VALIDATION_ERROR"),
    ],
)
def test_malformed_bodies_are_400s_in_the_error_shape(api, body: bytes, status: int, code: str) -> None:
    client, _, keys, _ = api
    response = client.post(
        "/v1/chat", headers={"X-API-Key": keys["trusted"], "Content-Type": "application/json"}, content=body
    )
    assert (response.status_code, response.json()["code"]) == (status, code), response.text[:300]
    assert set(response.json()) <= SHAPE and "Traceback" not in response.text


@pytest.mark.parametrize(
    "query",
    ["city=%00", "city=" + "A" * 10_000, "max_price=1" + "0" * 40, "property_sub_type=Castle", "postal_code=7870%00"],
)
def test_hostile_query_strings_are_400s(api, query: str) -> None:
    client, _, _, _ = api
    database_key = create_key(api[1], "market", ["market"])[1]
    response = client.get(f"/v1/properties/search?{query}", headers={"X-API-Key": database_key})
    assert response.status_code == 400, response.text[:300]
    assert set(response.json()) <= SHAPE


def test_a_30kb_field_costs_no_more_than_a_small_one(api) -> None:
    """It froze the process for 13 s: the database echoed it and the log redactor choked on it."""
    client, _, keys, _ = api

    def cost(lead_id: str) -> float:
        best = float("inf")
        for _ in range(5):
            started = time.perf_counter()
            response = _chat(client, keys["trusted"], message="hi", lead_id=lead_id)
            best = min(best, time.perf_counter() - started)
            assert response.status_code == 400
        return best

    small, large = cost("7" * 100), cost("7" * 30_000)
    assert large < max(small, 0.005) * 10, f"{large * 1000:.1f} ms against {small * 1000:.1f} ms"


# -- 7. rate limits that hold -------------------------------------------------------------------------------


def test_random_keys_are_limited_per_address_without_slowing_real_keys(api) -> None:
    client, _, keys, _ = api
    assert _chat(client, keys["trusted"], message="hi").status_code == 201  # a real key, verified and cached
    random_keys = [f"ehk_{n:012x}_{'A' * 43}" for n in range(40)]
    statuses = [_chat(client, key, message="hi").status_code for key in random_keys]
    assert statuses[:30] == [401] * 30 and set(statuses[30:]) == {429}
    assert _chat(client, keys["trusted"], message="hi").status_code == 201, "the real key still gets through"
    missing = client.post("/v1/chat", json={"message": "hi"})
    assert missing.status_code == 429 and missing.headers["Retry-After"]


def test_an_address_sending_refused_webhooks_is_throttled_before_any_verification(api) -> None:
    client, _, _, _ = api
    statuses = [
        client.post("/webhooks/ghl", content=b'{"type": "InboundMessage"}', headers={"X-GHL-Signature": "Zm9yZ2Vk"})
        for _ in range(61)
    ]
    assert [response.status_code for response in statuses] == [401] * 60 + [429]
    assert statuses[-1].headers["Retry-After"] and set(statuses[-1].json()) <= SHAPE


def test_with_redis_unreachable_limited_routes_answer_503_and_ready_says_why(migrated, data_dir) -> None:
    settings = load_settings(database_url=migrated.url, data_dir=data_dir, redis_url="redis://127.0.0.1:1/0")
    key = create_key(migrated, "crm", ["chat", "leads"])[1]
    with TestClient(app=create_app(settings)) as client:
        limited = _chat(client, key, message="hi")
        ready = client.get("/ready")
        health = client.get("/health")
    assert limited.status_code == 503 and limited.headers["Retry-After"]
    assert limited.json()["code"] == "RATE_LIMITER_UNAVAILABLE"
    assert ready.status_code == 503 and ready.json()["code"] == "RATE_LIMITER_UNAVAILABLE"
    assert health.status_code == 200, "the process itself is alive"


# -- 8. errors and readiness --------------------------------------------------------------------------------


def test_an_unreachable_database_is_a_503_with_retry_after_never_a_500(data_dir) -> None:
    settings = load_settings(database_url="postgresql://nobody@127.0.0.1:1/x", data_dir=data_dir)
    with TestClient(app=create_app(settings)) as client:
        chat = _chat(client, f"ehk_{'0' * 12}_{'a' * 43}", message="hi")
        ready = client.get("/ready")
    for response in (chat, ready):
        assert response.status_code == 503 and response.headers["Retry-After"], response.text
        assert "127.0.0.1" not in response.text and "Traceback" not in response.text


def test_nothing_tells_which_versions_run(api) -> None:
    client, _, _, _ = api
    for path in ("/health", "/ready"):
        body = client.get(path).text
        assert "PostgreSQL" not in body and "version" not in body


def test_the_openapi_document_declares_the_key_and_the_error_shape(api) -> None:
    client, _, _, _ = api
    schema = client.get("/schema/openapi.json").json()
    assert schema["components"]["securitySchemes"]["ApiKey"] == {
        "type": "apiKey",
        "name": "X-API-Key",
        "in": "header",
        "description": schema["components"]["securitySchemes"]["ApiKey"]["description"],
    }
    chat = schema["paths"]["/v1/chat"]["post"]
    assert chat["security"] == [{"ApiKey": []}]
    for status in ("400", "401", "403", "429", "503"):
        assert "ErrorBody" in str(chat["responses"][status]), status
