"""GoHighLevel webhooks: signed, fresh and unique events are queued, then answered by the worker."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta

import pytest
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding, rsa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.bots.worker import process_webhooks
from ehub.sandbox.ghl_webhooks import signed_webhook
from ehub.settings import load_settings

INBOUND = {
    "type": "InboundMessage",
    "webhookId": "wh-1",
    "locationId": "loc",
    "contactId": "ghlContact1",
    "conversationId": "conv1",
    "messageId": "msg-1",
    "messageType": "SMS",
    "direction": "inbound",
    "body": "Hi, looking for a 3 bed in Pflugerville around 420k. My cell is 512-555-0123",
    "phone": "+15125550123",
}


@pytest.fixture
def sandbox_api(migrated, data_dir):
    settings = load_settings(database_url=migrated.url, data_dir=data_dir, sources="sandbox")
    with TestClient(app=create_app(settings)) as client:
        yield client, migrated, settings


def _post(client: TestClient, event: dict, **kwargs):
    body, headers = signed_webhook(event, **kwargs)
    return client.post("/webhooks/ghl", content=body, headers=headers)


def test_a_signed_inbound_message_is_queued_once_and_answered_by_the_worker(sandbox_api, cipher) -> None:
    client, database, settings = sandbox_api
    first = _post(client, INBOUND)
    assert first.status_code == 200 and first.json() == {"status": "queued"}
    assert _post(client, INBOUND).json() == {"status": "duplicate"}
    with database.engine.connect() as connection:
        stored = connection.execute(text("select payload::text from app.webhook_events")).scalar_one()
    assert "555-0123" not in stored and "Pflugerville" not in stored, "the body is sealed in the queue"

    from ehub.crypto import cipher_from_settings

    service = BotService(database, cipher_from_settings(settings), Engine())
    assert process_webhooks(service) == {"replied": 1}
    assert process_webhooks(service) == {}, "a processed event is never processed again"
    with database.engine.connect() as connection:
        lead = connection.execute(text("select ghl_contact_id, score, bot from app.leads")).one()
        outbox = connection.execute(text("select kind from app.outbox")).scalars().all()
    assert lead.ghl_contact_id == "ghlContact1" and float(lead.score) > 1 and lead.bot == "buyer"
    assert "message" in outbox


def test_the_same_message_under_another_webhook_id_is_not_answered_twice(sandbox_api) -> None:
    client, database, settings = sandbox_api
    _post(client, INBOUND)
    _post(client, {**INBOUND, "webhookId": "wh-2"})
    from ehub.crypto import cipher_from_settings

    service = BotService(database, cipher_from_settings(settings), Engine())
    assert process_webhooks(service) == {"replied": 1, "duplicate message": 1}


@pytest.mark.parametrize(
    ("tamper", "code"),
    [
        (lambda body, headers: (body + b" ", headers), "WEBHOOK_SIGNATURE_INVALID"),
        (lambda body, headers: (body, {"Content-Type": "application/json"}), "WEBHOOK_SIGNATURE_MISSING"),
    ],
)
def test_tampered_or_unsigned_webhooks_are_refused(sandbox_api, tamper, code) -> None:
    client, _, _ = sandbox_api
    body, headers = tamper(*signed_webhook(INBOUND))
    response = client.post("/webhooks/ghl", content=body, headers=headers)
    assert response.status_code == 401 and response.json()["code"] == code


def test_stale_events_and_foreign_keys_are_refused(sandbox_api) -> None:
    client, _, _ = sandbox_api
    stale = _post(client, INBOUND, now=datetime.now(UTC) - timedelta(minutes=6))
    assert stale.status_code == 401 and stale.json()["code"] == "WEBHOOK_STALE"
    forged = _post(client, INBOUND, private_key=Ed25519PrivateKey.generate())
    assert forged.json()["code"] == "WEBHOOK_SIGNATURE_INVALID"


def test_malformed_signed_bodies_are_400_with_the_usual_shape(sandbox_api) -> None:
    client, _, _ = sandbox_api
    missing_id = _post(client, {k: v for k, v in INBOUND.items() if k != "webhookId"})
    assert missing_id.status_code == 400 and missing_id.json()["field"] == "webhookId"
    unknown = _post(client, {**INBOUND, "type": "SomethingElse"})
    assert unknown.status_code == 400 and unknown.json()["code"] == "WEBHOOK_TYPE_UNSUPPORTED"


def test_without_a_configured_key_every_webhook_is_refused(migrated, data_dir) -> None:
    settings = load_settings(database_url=migrated.url, data_dir=data_dir)
    with TestClient(app=create_app(settings)) as client:
        response = _post(client, INBOUND)
    assert response.status_code == 401 and response.json()["code"] == "WEBHOOK_KEY_MISSING"


def test_the_legacy_rsa_signature_is_verified(migrated, data_dir) -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    settings = load_settings(database_url=migrated.url, data_dir=data_dir, ghl_legacy_webhook_public_key=pem)
    body = json.dumps({"timestamp": datetime.now(UTC).isoformat(), **INBOUND}).encode()
    signature = base64.b64encode(private.sign(body, padding.PKCS1v15(), hashes.SHA256())).decode()
    with TestClient(app=create_app(settings)) as client:
        good = client.post("/webhooks/ghl", content=body, headers={"x-wh-signature": signature})
        bad = client.post("/webhooks/ghl", content=body + b" ", headers={"x-wh-signature": signature})
    assert good.json() == {"status": "queued"} and bad.status_code == 401


def test_a_failing_event_is_retried_then_parked_not_lost(sandbox_api) -> None:
    client, database, settings = sandbox_api
    _post(client, {**INBOUND, "webhookId": "wh-bad", "messageType": "SMS"})
    with database.engine.begin() as connection:
        connection.execute(text("update app.webhook_events set pii_sealed = 'not-a-token'"))
    from ehub.crypto import cipher_from_settings

    service = BotService(database, cipher_from_settings(settings), Engine())
    for _ in range(5):
        process_webhooks(service)
    with database.engine.connect() as connection:
        event = connection.execute(text("select status, attempts, last_error from app.webhook_events")).one()
    assert event.status == "failed" and event.attempts == 5 and event.last_error


def test_the_outbox_reaches_ghl_once_after_quiet_hours_and_survives_an_outage(migrated, cipher) -> None:
    from ehub.bots.outbox import drain_outbox
    from ehub.sandbox.ghl_api import SANDBOX_GHL_TOKEN, GhlSandbox
    from ehub.sources.ghl.client import GhlClient
    from ehub.sources.http import RetryPolicy

    ghl = GhlSandbox(seed=1, scale=0.01)
    client = GhlClient(
        base_url="https://services.leadconnectorhq.com",
        token=SANDBOX_GHL_TOKEN,
        location_id="loc",
        transport=ghl.transport,
        retry=RetryPolicy(2, 0, 0),
    )
    service = BotService(migrated, cipher, Engine())
    night = datetime(2026, 11, 21, 4, 30, tzinfo=UTC)  # 22:30 in Austin
    service.handle("hi, buying in Kyle", channel="sms", now=night, ghl_contact_id="ghlC9")
    service.handle("I want to talk to a human", channel="sms", now=night, ghl_contact_id="ghlC9")

    early = drain_outbox(migrated, cipher, client, now=night)
    assert early == {"sent": 2}, "tag and task go at once; replies wait for 08:00"
    morning = datetime(2026, 11, 21, 14, 5, tzinfo=UTC)  # 08:05 in Austin
    ghl.inject_failures(503, 503, 503, 503)
    assert drain_outbox(migrated, cipher, client, now=morning, limit=2) == {"retry": 2}
    assert drain_outbox(migrated, cipher, client, now=morning + timedelta(minutes=2)) == {"sent": 2}
    assert drain_outbox(migrated, cipher, client, now=morning + timedelta(minutes=5)) == {}
    sent = [(method, path) for method, path, _ in ghl.writes]
    assert sent.count(("POST", "/conversations/messages")) == 2
    assert ("POST", "/contacts/ghlC9/tags") in sent and ("POST", "/contacts/ghlC9/tasks") in sent
    bodies = [body["message"] for _, path, body in ghl.writes if path == "/conversations/messages"]
    assert "AI assistant" in bodies[0]
