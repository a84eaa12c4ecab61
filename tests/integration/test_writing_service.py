"""The model writers wired into the bot service, the chat API and `ehub chat`, on a real database:
the reply the model wrote is the one stored and reported, every call lands in `app.model_calls`
(no text, costs from the price table), and past a budget the templates answer again."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from decimal import Decimal

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from ehub.bots.apikeys import create_key
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.crypto import cipher_from_settings
from tests.cli_helpers import run_ehub
from tests.llm_wire import ModelServer, claude_settings, model_server

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
BUYER = "Hi, I want to buy a home in Round Rock"
MODEL_REPLY = "Great to hear you're looking in Round Rock! What price range feels comfortable for you?"


@pytest.fixture
def server():
    with model_server() as running:
        yield running


def _settings(migrated, data_dir, server: ModelServer, **extra: object):
    # the model's slot reading has its own tests (test_writing_slots.py)
    return claude_settings(migrated, data_dir, server, **{"model_slots": False, **extra})


def _service(settings, migrated) -> BotService:
    return BotService.from_settings(settings, migrated, cipher_from_settings(settings), Engine())


def test_the_service_stores_the_model_reply_and_ledgers_every_call(migrated, data_dir, server: ModelServer) -> None:
    server.queue("anthropic", "buyer_budget_question", "overloaded_529")
    service = _service(_settings(migrated, data_dir, server), migrated)
    first = service.handle(BUYER, now=NOW)
    assert first.turn.provider == "anthropic" and first.turn.reply.endswith(MODEL_REPLY)
    second = service.handle("not sure yet", now=NOW, lead_id=first.lead_id)
    assert (second.turn.provider, second.turn.fallback_reason) == ("templates", "anthropic_overloaded")
    with migrated.engine.connect() as connection:
        calls = connection.execute(text("select * from app.model_calls order by call_id")).mappings().all()
        decisions = connection.execute(
            text("select decision_id, reasons from app.bot_decisions order by decision_id")
        ).all()
        stored = service.lead(first.lead_id)["conversation"]
    assert [(c["provider"], c["model"], c["purpose"], c["outcome"]) for c in calls] == [
        ("anthropic", "claude-sonnet-4-6", "reply", "ok"),
        ("anthropic", "claude-sonnet-4-6", "reply", "overloaded"),
    ]
    assert [str(c["lead_id"]) for c in calls] == [first.lead_id] * 2
    assert [c["decision_id"] for c in calls] == [decision.decision_id for decision in decisions]
    assert (calls[0]["input_tokens"], calls[0]["output_tokens"], calls[0]["cache_write_tokens"]) == (412, 21, 1830)
    assert calls[0]["cost_usd"] == Decimal("0.00841350") and calls[1]["cost_usd"] == 0
    assert calls[0]["prompt_version"].startswith("reply-")
    assert "reply written by anthropic (claude-sonnet-4-6)" in decisions[0].reasons
    assert "template reply kept: anthropic_overloaded" in decisions[1].reasons
    assert stored[1]["text"].endswith(MODEL_REPLY), "the reply sent is the reply stored"


def test_past_the_lead_budget_the_templates_answer(migrated, data_dir, server: ModelServer) -> None:
    server.queue("anthropic", "buyer_budget_question")
    service = _service(_settings(migrated, data_dir, server, model_budget_per_lead_usd=0.005), migrated)
    first = service.handle(BUYER, now=NOW)
    second = service.handle("not sure yet", now=NOW, lead_id=first.lead_id)
    assert first.turn.provider == "anthropic" and first.turn.cost_usd > 0.005
    assert (second.turn.provider, second.turn.fallback_reason, second.turn.cost_usd) == ("templates", "budget", 0.0)
    other = service.handle(BUYER, now=NOW)
    assert other.turn.provider == "templates", "nothing queued: a call would have failed, not been skipped"
    with migrated.engine.connect() as connection:
        assert connection.execute(text("select count(*) from app.model_calls")).scalar_one() == 2


def test_the_day_budget_stops_every_lead(migrated, data_dir, server: ModelServer) -> None:
    server.queue("anthropic", "buyer_budget_question")
    service = _service(_settings(migrated, data_dir, server, model_budget_per_day_usd=0.005), migrated)
    assert service.handle(BUYER, now=NOW).turn.provider == "anthropic"
    later = service.handle(BUYER, now=NOW)
    assert (later.turn.provider, later.turn.fallback_reason) == ("templates", "budget")


def test_the_chat_api_reports_provider_model_usage_and_cost(migrated, data_dir, server: ModelServer) -> None:
    server.queue("anthropic", "buyer_budget_question", "steering")
    with TestClient(app=create_app(_settings(migrated, data_dir, server))) as client:
        key = create_key(migrated, "widget", ["chat"])[1]
        first = client.post("/v1/chat", headers={"X-API-Key": key}, json={"message": BUYER})
        assert first.status_code == 201, first.text
        body = first.json()
        assert body["provider"] == "anthropic" and body["model"] == "claude-sonnet-4-6"
        usage = {"input_tokens": 412, "output_tokens": 21, "cache_read_tokens": 0, "cache_write_tokens": 1830}
        assert body["usage"] == usage
        assert body["cost_usd"] == pytest.approx(0.0084135) and body["fallback_reason"] is None
        second = client.post(
            "/v1/chat", headers={"X-API-Key": key}, json={"session_token": body["session_token"], "message": "hmm"}
        ).json()
    assert (second["provider"], second["model"], second["fallback_reason"]) == ("templates", None, "fair_housing")
    assert "white" not in second["reply"]


def test_ehub_chat_shows_the_provider_that_wrote_the_reply(migrated, data_dir, server: ModelServer) -> None:
    server.queue("anthropic", "buyer_budget_question")
    env = {
        "EHUB_DATABASE_URL": migrated.url,
        "ANTHROPIC_API_KEY": "sk-ant-test-key",
        "ANTHROPIC_BASE_URL": server.url,
        "EHUB_MODEL_SLOTS": "false",
    }
    done = run_ehub("--json", "chat", BUYER, data_dir=data_dir, timeout=300, **env)
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    assert shown["provider"] == "anthropic" and shown["reply"].endswith(MODEL_REPLY)
    assert shown["usage"]["cache_write_tokens"] == 1830 and shown["fallback_reason"] is None
    without_key = run_ehub("--json", "chat", BUYER, data_dir=data_dir, timeout=300, EHUB_DATABASE_URL=migrated.url)
    assert json.loads(without_key.stdout)["provider"] == "templates"


def test_the_writer_experiment_keeps_its_templates_arm_on_the_templates(
    migrated, data_dir, server: ModelServer
) -> None:
    server.queue("anthropic", "buyer_budget_question")
    arms = {}
    for spec in ("writer:templates=1,claude=0", "writer:templates=0,claude=1"):
        service = _service(_settings(migrated, data_dir, server, bot_experiment=spec), migrated)
        turn = service.handle(BUYER, now=NOW).turn
        arms[turn.variant] = turn.provider
    assert arms == {"templates": "templates", "claude": "anthropic"}
    assert len(server.sent("anthropic")) == 1
