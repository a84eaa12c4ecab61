"""Claude reads each message's slots through the `record_slots` tool (real `anthropic` client, local
wire server): valid slots reach the lead under the rules' own reading, impossible ones are dropped
with their reason, a failed reading leaves the rules alone, and every call is in the ledger."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from ehub.bots.service import BotService
from ehub.bots.state import LeadState
from ehub.conversation.slots import Budget
from tests.llm_wire import ModelServer, claude_service, model_server

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
FAMILY = "Looking in Round Rock, we could spend up to three fifty, need a room for each of our three kids plus ours"


@pytest.fixture
def server():
    with model_server() as running:
        yield running


def _service(migrated, data_dir, server: ModelServer, **extra: object) -> BotService:
    return claude_service(migrated, data_dir, server, **extra)


def _lead(migrated, lead_id: str) -> tuple[LeadState, list[str], list[tuple[str, str]]]:
    with migrated.engine.connect() as connection:
        state = connection.execute(
            text("select state from app.leads where lead_id = cast(:id as uuid)"), {"id": lead_id}
        ).scalar_one()
        reasons = connection.execute(text("select reasons from app.bot_decisions order by decision_id")).scalar_one()
        calls = connection.execute(text("select purpose, outcome from app.model_calls order by call_id")).all()
    return LeadState.from_json(state), reasons, [tuple(call) for call in calls]


def test_valid_model_slots_reach_the_lead_under_the_rules_reading(migrated, data_dir, server: ModelServer) -> None:
    server.queue("anthropic", "slots_family_budget", "buyer_budget_question")
    service = _service(migrated, data_dir, server)
    result = service.handle(FAMILY, now=NOW)
    state, reasons, calls = _lead(migrated, result.lead_id)
    assert state.slots.area == "Round Rock", "the rules read Round Rock; the model's Georgetown does not win"
    assert (state.slots.budget, state.slots.bedrooms) == (Budget(None, 350_000), 4)
    assert "slots read by the model: bedrooms, budget" in reasons
    assert calls == [("slots", "ok"), ("reply", "ok")]
    slots_request, reply_request = server.sent("anthropic")
    body = slots_request.body
    assert body["tool_choice"] == {"type": "tool", "name": "record_slots"}
    assert [tool["name"] for tool in body["tools"]] == ["record_slots"]
    assert body["tools"][0]["cache_control"] == {"type": "ephemeral"}
    assert body["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert FAMILY in body["messages"][0]["content"]
    assert reply_request.body["tools"][0]["name"] == "market_stats", "then the writer, with its own tools"


def test_impossible_model_slots_are_dropped_with_their_reason(migrated, data_dir, server: ModelServer) -> None:
    server.queue("anthropic", "slots_invalid", "buyer_budget_question")
    result = _service(migrated, data_dir, server).handle("Hi, I want to buy a home", now=NOW)
    state, reasons, _ = _lead(migrated, result.lead_id)
    assert (state.slots.area, state.slots.budget, state.slots.bedrooms) == (None, None, None)
    assert state.slots.months_to_move == 3, "the one sound value was kept"
    assert "slots read by the model: months_to_move" in reasons
    assert (
        "model slots dropped: shoe_size (unknown_field), area (unknown_area), budget (negative), "
        "bedrooms (out_of_range)" in reasons
    )


def test_a_failed_reading_leaves_the_rules_alone(migrated, data_dir, server: ModelServer) -> None:
    server.queue("anthropic", "slots_prose", "buyer_budget_question")
    result = _service(migrated, data_dir, server).handle(FAMILY, now=NOW)
    state, reasons, calls = _lead(migrated, result.lead_id)
    assert state.slots.area == "Round Rock" and state.slots.bedrooms is None
    assert "slots read by the rules only: the model's reading failed (no_tool_call)" in reasons
    assert result.turn.provider == "anthropic"
    assert calls == [("slots", "no_tool_call"), ("reply", "ok")], "the answer without the tool was still paid for"


def test_with_model_slots_off_only_the_writer_calls(migrated, data_dir, server: ModelServer) -> None:
    server.queue("anthropic", "buyer_budget_question")
    result = _service(migrated, data_dir, server, model_slots=False).handle(FAMILY, now=NOW)
    assert result.turn.provider == "anthropic" and len(server.sent("anthropic")) == 1


def test_an_opt_out_is_never_sent_to_the_model(migrated, data_dir, server: ModelServer) -> None:
    server.queue("anthropic", "slots_buyer", "buyer_budget_question")
    service = _service(migrated, data_dir, server)
    lead = service.handle("Hi, I want to buy a home", now=NOW).lead_id
    service.handle("STOP", now=NOW, lead_id=lead)
    service.handle("I said stop, what about Kyle", now=NOW, lead_id=lead)
    assert len(server.sent("anthropic")) == 2, "only the first message was read and reworded"
