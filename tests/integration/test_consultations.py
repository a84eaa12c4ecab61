"""The consultation fee: Checkout Sessions created through stripe-python's wire shape, by the API and
by the Seller and Buyer bots when a lead asks to meet, and what a bad request gets."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from urllib.parse import parse_qs

import httpx
import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from ehub.bots.apikeys import create_key
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.crypto import cipher_from_settings
from ehub.payments.consultations import ConsultationDesk, ConsultationFee
from ehub.settings import load_settings
from ehub.sources.http import SourceRequestError
from ehub.sources.stripe.client import StripeSource
from sandbox.stripe_api import SANDBOX_STRIPE_KEY, StripeSandbox
from tests.consultation_helpers import StripeAccount, new_lead
from tests.llm_wire import model_server

FEE = ConsultationFee(15_000, "usd", "https://jorge.example/paid?s={CHECKOUT_SESSION_ID}", "https://jorge.example/no")
NOW = datetime(2026, 11, 27, 16, tzinfo=UTC)


class Recording(httpx.BaseTransport):
    """The sandbox's transport, keeping every request it was sent (the wire, nothing of ours mocked)."""

    def __init__(self, sandbox: StripeSandbox) -> None:
        self.sandbox, self.requests = sandbox, []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        self.requests.append(request)
        return self.sandbox.handle(request)


@pytest.fixture
def desk(migrated):
    wire = Recording(StripeSandbox(seed=3, scale=0.05))
    return ConsultationDesk(migrated, FEE, lambda: StripeSource(SANDBOX_STRIPE_KEY, transport=wire)), wire


def _lead(database, cipher, *, ghl: str | None) -> str:
    return BotService(database, cipher, Engine()).handle("hi", now=NOW, ghl_contact_id=ghl).lead_id


def test_a_checkout_session_carries_the_lead_the_fee_and_an_idempotency_key(desk, migrated, cipher) -> None:
    desk, wire = desk
    lead = _lead(migrated, cipher, ghl="ghlContact77")
    consultation = desk.request(lead, requested_by="test", now=NOW)
    (sent,) = wire.requests
    form = {name: values[0] for name, values in parse_qs(sent.content.decode()).items()}
    assert sent.method == "POST" and sent.url.path == "/v1/checkout/sessions"
    assert sent.headers["Content-Type"] == "application/x-www-form-urlencoded"
    assert sent.headers["Idempotency-Key"] == f"consultation-{lead}-0"
    assert form["mode"] == "payment"
    assert form["line_items[0][price_data][unit_amount]"] == "15000"
    assert form["line_items[0][price_data][currency]"] == "usd"
    assert form["success_url"] == FEE.success_url and form["cancel_url"] == FEE.cancel_url
    for prefix in ("metadata", "payment_intent_data[metadata]"):
        assert form[f"{prefix}[ghl_contact_id]"] == "ghlContact77"
        assert form[f"{prefix}[lead_id]"] == lead
        assert form[f"{prefix}[bot]"] == "lead_bot" and form[f"{prefix}[variant]"] == "control"
    assert consultation.url.startswith("https://checkout.stripe.com/") and consultation.amount_cents == 15_000

    again = desk.request(lead, requested_by="test", now=NOW)
    assert again.reused and again.checkout_session_id == consultation.checkout_session_id
    assert len(wire.requests) == 1, "an open session is given again, not created twice"
    with migrated.engine.connect() as connection:
        row = connection.execute(
            text("select lead_id::text, ghl_contact_id, bot, idempotency_key from app.consultations")
        ).one()
    assert tuple(row) == (lead, "ghlContact77", "lead", f"consultation-{lead}-0")


def test_a_retried_create_gets_the_same_session_and_a_reused_key_with_other_params_is_refused(desk) -> None:
    _, wire = desk
    source = StripeSource(SANDBOX_STRIPE_KEY, transport=wire)
    params = {
        "mode": "payment",
        "line_items": [
            {"quantity": 1, "price_data": {"currency": "usd", "unit_amount": 100, "product_data": {"name": "x"}}}
        ],
        "success_url": "https://a.example/ok",
        "cancel_url": "https://a.example/no",
    }
    first = source.create_checkout_session(params, idempotency_key="k-1")
    assert source.create_checkout_session(params, idempotency_key="k-1")["id"] == first["id"]
    with pytest.raises(SourceRequestError, match="same parameters"):
        source.create_checkout_session({**params, "success_url": "https://b.example/ok"}, idempotency_key="k-1")
    assert source.retrieve_checkout_session(first["id"])["status"] == "open"


def test_a_web_lead_without_a_crm_contact_is_named_by_its_lead_id(desk, migrated, cipher) -> None:
    desk, wire = desk
    lead = _lead(migrated, cipher, ghl=None)
    desk.request(lead, requested_by="test", now=NOW)
    form = parse_qs(wire.requests[0].content.decode())
    assert "metadata[ghl_contact_id]" not in form and form["metadata[lead_id]"] == [lead]


def test_the_seller_bot_sends_the_checkout_link_when_a_seller_asks_for_a_walkthrough(desk, migrated, cipher) -> None:
    desk, wire = desk
    service = BotService(migrated, cipher, Engine(), consultations=desk)
    lead = service.handle("I want to sell my house at 412 Oak Street in Kyle", now=NOW).lead_id
    turn = service.handle("When can you come see the house?", now=NOW, lead_id=lead).turn
    assert turn.bot == "seller" and turn.offer_consultation
    assert "https://checkout.stripe.com/c/pay/cs_test_live" in turn.reply and "$150" in turn.reply
    form = parse_qs(wire.requests[0].content.decode())
    assert form["metadata[bot]"] == ["seller_bot"] and form["metadata[lead_id]"] == [lead]
    with migrated.engine.connect() as connection:
        assert connection.execute(text("select bot from app.consultations")).scalar_one() == "seller"


def test_without_stripe_the_bot_still_answers_and_the_agent_still_gets_the_task(migrated, cipher) -> None:
    sandbox = StripeSandbox(seed=3, scale=0.05)
    sandbox.inject_failures(*[503] * 10)
    down = ConsultationDesk(migrated, FEE, lambda: StripeSource(SANDBOX_STRIPE_KEY, transport=sandbox.transport))
    service = BotService(migrated, cipher, Engine(), consultations=down)
    lead = service.handle("I want to sell my house at 412 Oak Street in Kyle", now=NOW).lead_id
    turn = service.handle("When can you come see the house?", now=NOW, lead_id=lead).turn
    assert turn.reply and "checkout.stripe.com" not in turn.reply
    assert any(action.get("type") == "task" for action in turn.actions)


def test_bad_consultation_requests_get_the_error_shape(migrated, data_dir) -> None:
    settings = load_settings(database_url=migrated.url, data_dir=data_dir, sources="sandbox")
    _, secret = create_key(migrated, "crm", ["leads"])
    headers = {"X-API-Key": secret}
    with TestClient(app=create_app(settings, offline=StripeAccount(StripeSandbox(seed=3, scale=0.05)))) as client:
        unknown = client.post(
            "/v1/consultations", json={"lead_id": "00000000-0000-0000-0000-000000000000"}, headers=headers
        )
        extra = client.post(
            "/v1/consultations", json={"lead_id": new_lead(client, migrated), "amount": 1}, headers=headers
        )
        malformed = client.post("/v1/consultations", json={"lead_id": "not-a-uuid"}, headers=headers)
        ok = client.post(
            "/v1/consultations", json={"lead_id": new_lead(client, migrated, contact=False)}, headers=headers
        )
    assert unknown.status_code == 404 and unknown.json()["code"] == "LEAD_NOT_FOUND"
    assert extra.status_code == 400 and malformed.status_code == 400
    assert ok.status_code == 201 and ok.json()["amount_cents"] == 15_000 and not ok.json()["reused"]
    with migrated.engine.connect() as connection:
        assert connection.execute(text("select count(*) from app.consultations")).scalar_one() == 1


def test_a_model_rewords_the_walkthrough_reply_and_the_checkout_link_follows_it_verbatim(
    desk, migrated, data_dir
) -> None:
    desk, _ = desk
    with model_server() as server:
        server.queue("anthropic", "server_error_500", "seller_walkthrough")
        settings = load_settings(
            database_url=migrated.url,
            data_dir=data_dir,
            anthropic_api_key="sk-ant-test",
            anthropic_base_url=server.url,
            model_slots=False,  # the writer alone: the slot reading has its own tests
        )
        service = BotService.from_settings(
            settings, migrated, cipher_from_settings(settings), Engine(), consultations=desk
        )
        lead = service.handle("I want to sell my house at 412 Oak Street in Kyle", now=NOW).lead_id
        turn = service.handle("When can you come see the house?", now=NOW, lead_id=lead).turn
        sent = json.dumps(server.sent("anthropic")[-1].body)
    assert turn.provider == "anthropic" and "your agent will confirm a time" in turn.reply
    link = turn.reply.index("https://checkout.stripe.com/c/pay/cs_test_live")
    assert turn.reply.index("your agent will confirm a time") < link and "$150" in turn.reply[link - 80 :]
    assert "checkout.stripe.com" not in sent, "the model never sees (nor can reword) the checkout link"
