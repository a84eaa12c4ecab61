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
from ehub.privacy.notices import DEVELOPMENT_NOTICES as NOTICES
from ehub.settings import load_settings
from sandbox.ghl_webhooks import signed_webhook
from sandbox.sources import SANDBOX

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
    with TestClient(app=create_app(settings, offline=SANDBOX)) as client:
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
    with TestClient(app=create_app(settings, offline=SANDBOX)) as client:
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
    with TestClient(app=create_app(settings, offline=SANDBOX)) as client:
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

    ghl, client = _ghl()
    service = BotService(migrated, cipher, Engine())
    night = datetime(2026, 11, 21, 4, 30, tzinfo=UTC)  # 22:30 in Austin
    service.handle("hi, buying in Kyle", channel="sms", now=night, ghl_contact_id="ghlC9")
    service.handle("I want to talk to a human", channel="sms", now=night, ghl_contact_id="ghlC9")

    early = drain_outbox(migrated, cipher, client, NOTICES, now=night)
    assert early == {"sent": 2}, "tag and task go at once; replies wait for 09:00 (Texas, a Saturday)"
    morning = datetime(2026, 11, 21, 15, 5, tzinfo=UTC)  # 09:05 in Austin
    ghl.inject_failures(503, 503)  # a 503 to a POST may hide an accepted message: never resent blindly
    assert drain_outbox(migrated, cipher, client, NOTICES, now=morning, limit=2) == {"retry": 2}
    with migrated.engine.connect() as connection:
        waiting = connection.execute(text("select bool_and(uncertain) from app.outbox where kind = 'message'"))
        assert waiting.scalar_one(), "the outcome of a 503 is unknown: checked before sending again"
    assert drain_outbox(migrated, cipher, client, NOTICES, now=morning + timedelta(minutes=2)) == {"sent": 2}
    assert drain_outbox(migrated, cipher, client, NOTICES, now=morning + timedelta(minutes=5)) == {}
    sent = [(method, path) for method, path, _ in ghl.writes]
    assert sent.count(("POST", "/conversations/messages")) == 2
    assert ("POST", "/contacts/ghlC9/tags") in sent and ("POST", "/contacts/ghlC9/tasks") in sent
    bodies = [body["message"] for _, path, body in ghl.writes if path == "/conversations/messages"]
    assert "AI assistant" in bodies[0]


# -- handoff enrols the contact in a GHL workflow, through the outbox ---------------------------------------

DAY = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # 10:00 in Austin: nothing is held for quiet hours


def _ghl(retries: int = 2):
    from ehub.sources.ghl.client import GhlClient
    from ehub.sources.http import RetryPolicy
    from sandbox.ghl_api import SANDBOX_GHL_TOKEN, GhlSandbox
    from sandbox.ghl_data import LOCATION_ID

    ghl = GhlSandbox(seed=1, scale=0.01)
    client = GhlClient(
        base_url="https://services.leadconnectorhq.com",
        token=SANDBOX_GHL_TOKEN,
        location_id=LOCATION_ID,  # the outbox's checks read conversations, which are per location
        transport=ghl.transport,
        retry=RetryPolicy(retries, 0, 0),
    )
    return ghl, client


def test_a_handoff_enrols_the_contact_in_the_workflow_once_despite_retries(migrated, cipher) -> None:
    from ehub.bots.outbox import drain_outbox
    from sandbox.ghl_data import object_id

    ghl, client = _ghl()
    contact = object_id("c", 3)
    service = BotService(migrated, cipher, Engine(), handoff_workflow_id="wfHandoff01")
    service.handle("hi, buying in Kyle", channel="sms", now=DAY, ghl_contact_id=contact)
    handoff = service.handle("I want to talk to a human", channel="sms", now=DAY, ghl_contact_id=contact)
    assert {"type": "workflow", "workflow_id": "wfHandoff01"} in handoff.turn.actions
    with migrated.engine.connect() as connection:
        kinds = connection.execute(text("select kind from app.outbox order by outbox_id")).scalars().all()
    assert kinds == ["message", "message", "tag", "task", "workflow"]

    assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY, limit=4) == {"sent": 4}
    ghl.inject_failures(429, 503)  # both attempts of this drain fail: the entry stays pending
    assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY) == {"retry": 1}
    assert ghl.enrolments == []
    ghl.inject_failures(503)  # the next drain's first attempt fails, its retry gets through
    assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY + timedelta(minutes=2)) == {"sent": 1}
    assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY + timedelta(minutes=10)) == {}
    assert ghl.enrolments == [(contact, "wfHandoff01")], "enrolled exactly once"
    path = f"/contacts/{contact}/workflow/wfHandoff01"
    assert [(method, body) for method, sent, body in ghl.writes if sent == path] == [("POST", {})]
    with migrated.engine.connect() as connection:
        entry = connection.execute(text("select status, attempts from app.outbox where kind = 'workflow'")).one()
    assert entry == ("sent", 2)


def test_a_second_handoff_after_a_resume_does_not_enrol_the_contact_again(migrated, cipher) -> None:
    from ehub.bots.crm_events import apply_crm_event

    service = BotService(migrated, cipher, Engine(), handoff_workflow_id="wf1")
    service.handle("talk to a human please", channel="sms", now=DAY, ghl_contact_id="ghlC2")
    with migrated.engine.begin() as connection:
        for tags in (["human_handover"], []):  # GHL shows the tag, then an agent removes it
            apply_crm_event(service, connection, "ContactTagUpdate", {"tags": tags}, "ghlC2", DAY)
    again = service.handle("can I talk to a real person?", channel="sms", now=DAY, ghl_contact_id="ghlC2")
    assert again.turn.handoff, "automation had resumed, so the bots hand off again"
    with migrated.engine.connect() as connection:
        kinds = connection.execute(text("select kind from app.outbox where kind <> 'message'")).scalars().all()
    assert sorted(kinds) == ["tag", "tag", "task", "task", "workflow"], "a new task, one enrolment"


def test_the_sandbox_answers_404_for_an_unknown_contact_and_the_entry_waits(migrated, cipher) -> None:
    from ehub.bots.outbox import drain_outbox
    from ehub.errors import ConfigError
    from ehub.sources.http import SourceRequestError

    ghl, client = _ghl()
    with pytest.raises(SourceRequestError) as error:
        client.add_to_workflow("cNobody", "wf1")
    assert error.value.code == "GHL_HTTP_404"
    service = BotService(migrated, cipher, Engine(), handoff_workflow_id="wf1")
    service.handle("talk to a human please", channel="sms", now=DAY, ghl_contact_id="ghlUnknown")
    assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY) == {"sent": 3, "retry": 1}
    with migrated.engine.connect() as connection:
        waiting = connection.execute(text("select status, last_error from app.outbox where kind = 'workflow'")).one()
    assert waiting.status == "pending" and "404" in waiting.last_error and ghl.enrolments == []
    with pytest.raises(ConfigError):
        load_settings(ghl_handoff_workflow_id="not a workflow id!")
    assert load_settings(ghl_handoff_workflow_id="").ghl_handoff_workflow_id is None


# -- CRM events pause, resume and stop automation -----------------------------------------------------------


def _work(client: TestClient, database, settings, *events: dict) -> dict[str, int]:
    from ehub.crypto import cipher_from_settings

    for event in events:
        assert _post(client, event).json() == {"status": "queued"}
    return process_webhooks(BotService(database, cipher_from_settings(settings), Engine()))


def _tags(webhook: str, contact: str, *tags: str) -> dict:
    return {"type": "ContactTagUpdate", "webhookId": webhook, "locationId": "loc", "id": contact, "tags": list(tags)}


def _inbound(webhook: str, body: str = "hi, any 3 beds in Buda?") -> dict:
    return {**INBOUND, "webhookId": webhook, "messageId": f"msg-{webhook}", "body": body}


def _replies(database) -> int:
    with database.engine.connect() as connection:
        return connection.execute(text("select count(*) from app.outbox where kind = 'message'")).scalar_one()


def test_the_human_handover_tag_pauses_and_its_removal_resumes(sandbox_api) -> None:
    client, database, settings = sandbox_api
    assert _work(client, database, settings, _inbound("in-1", "can I talk to a real person?")) == {"replied": 1}
    # Another tag changed before GHL showed ours: not a removal, the handoff holds.
    assert _work(client, database, settings, _tags("t-1", "ghlContact1", "vip")) == {"no change": 1}
    assert _work(client, database, settings, _tags("t-2", "ghlContact1", "vip", "human_handover")) == {"no change": 1}
    replies = _replies(database)
    _work(client, database, settings, _inbound("in-2"))
    _work(client, database, settings, _inbound("in-2b"))
    assert _replies(database) == replies + 1, "paused: one acknowledgement, the agent has the conversation"
    replies += 1
    assert _work(client, database, settings, _tags("t-3", "ghlContact1", "vip")) == {"automation resumed": 1}
    _work(client, database, settings, _inbound("in-3"))
    assert _replies(database) == replies + 1
    assert _work(client, database, settings, _tags("t-4", "ghlContact1", "Human_Handover")) == {"automation paused": 1}
    with database.engine.connect() as connection:
        handed_off = connection.execute(text("select handed_off_at is not null from app.leads")).scalar_one()
        crm = connection.execute(
            text("select actions, reasons from app.bot_decisions where intent = 'crm_event' order by decision_id")
        ).all()
    assert handed_off and [actions[0]["type"] for actions, _ in crm] == ["resume_automation", "pause_automation"]
    assert "ContactTagUpdate from GoHighLevel" in crm[0].reasons


def test_dnd_tags_and_closed_opportunities_pause_even_before_the_first_message(sandbox_api) -> None:
    client, database, settings = sandbox_api
    assert _work(client, database, settings, _tags("t-1", "ghlContact1", "DND")) == {"automation paused": 1}
    assert _work(client, database, settings, _tags("t-2", "ghlOther", "buyer")) == {"ignored (no lead)": 1}
    _work(client, database, settings, _inbound("in-1"))
    assert _replies(database) == 0, "a DND-tagged contact gets no automated reply"
    assert _work(client, database, settings, _tags("t-3", "ghlContact1")) == {"automation resumed": 1}
    opportunity = {"locationId": "loc", "contactId": "ghlContact1", "pipelineId": "p1", "name": "Jane's home"}
    won = {**opportunity, "type": "OpportunityStatusUpdate", "webhookId": "o-1", "id": "opp1", "status": "won"}
    assert _work(client, database, settings, won) == {"automation paused": 1}
    _work(client, database, settings, _inbound("in-2"))
    assert _replies(database) == 0, "nurturing stopped once the deal is won"
    stage = {**opportunity, "type": "OpportunityStageUpdate", "webhookId": "o-2", "id": "opp1", "status": "open"}
    assert _work(client, database, settings, {**stage, "pipelineStageId": "stgQualified"}) == {"automation resumed": 1}
    _work(client, database, settings, _inbound("in-3"))
    assert _replies(database) == 1
    with database.engine.connect() as connection:
        state = connection.execute(text("select state from app.leads")).scalar_one()
        stored = connection.execute(text("select payload::text from app.webhook_events")).scalars().all()
    assert state["crm_stage"] == "stgQualified" and state["crm_opportunities"] == {"opp1": "open"}
    assert not any("Jane" in payload for payload in stored)


def test_an_older_tag_update_never_undoes_a_newer_one(sandbox_api) -> None:
    client, database, settings = sandbox_api
    _work(client, database, settings, _inbound("in-1"))
    newer = _tags("t-new", "ghlContact1", "dnd")
    older = _tags("t-old", "ghlContact1")
    assert _work(client, database, settings, newer) == {"automation paused": 1}
    body, headers = signed_webhook(older, now=datetime.now(UTC) - timedelta(minutes=2))
    assert client.post("/webhooks/ghl", content=body, headers=headers).json() == {"status": "queued"}
    assert _work(client, database, settings) == {"ignored (out of order)": 1}
