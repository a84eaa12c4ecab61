"""While a language model works on a web chat turn, the lead's row lock and the pool's connections
are free: a slow provider must not hold the lead or starve the market and lead routes. A message
of the same lead that lands meanwhile is kept, and the turn is decided again on the lead as it is."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from ehub.bots.service import BotService
from tests.llm_wire import ModelServer, Recorded, claude_service, model_server

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
_LOCK_NOWAIT = text("select 1 from app.leads where lead_id = cast(:id as uuid) for update nowait")


@pytest.fixture
def server():
    with model_server() as running:
        yield running


def _service(migrated, data_dir, server: ModelServer) -> BotService:
    return claude_service(migrated, data_dir, server, model_slots=False)


def test_a_model_at_work_holds_neither_the_lead_nor_a_connection(migrated, data_dir, server: ModelServer) -> None:
    server.queue("anthropic", "buyer_budget_question", "buyer_budget_question")
    service = _service(migrated, data_dir, server)
    first = service.handle("Hi, I want to buy a home in Round Rock", now=NOW)
    seen: list[tuple[int, bool]] = []

    def meanwhile(_: Recorded) -> None:
        checked_out = migrated.engine.pool.checkedout()
        with migrated.engine.begin() as other:  # another request wants the same lead, and may have it
            locked = other.execute(_LOCK_NOWAIT, {"id": first.lead_id}).first() is not None
        seen.append((checked_out, locked))

    server.during = meanwhile
    second = service.handle("about 450k, 3 bedrooms", now=NOW, lead_id=first.lead_id)
    assert seen == [(0, True)], "while the model wrote, no connection was out and the lead was free"
    assert second.turn.provider == "anthropic"
    conversation = service.lead(first.lead_id)["conversation"]
    assert [message["direction"] for message in conversation] == ["inbound", "outbound"] * 2


def test_a_message_landing_while_the_model_works_is_kept_and_the_turn_decided_again(
    migrated, data_dir, server: ModelServer
) -> None:
    server.queue("anthropic", *["buyer_budget_question"] * 4)
    service = _service(migrated, data_dir, server)
    first = service.handle("Hi, I want to buy a home in Round Rock", now=NOW)
    interrupted: list[str] = []

    def second_message_lands(_: Recorded) -> None:
        server.during = None  # once: the second message's own model call must not land a third
        interrupted.append(service.handle("we are pre-approved", now=NOW, lead_id=first.lead_id).lead_id)

    server.during = second_message_lands
    late = service.handle("about 450k, 3 bedrooms", now=NOW, lead_id=first.lead_id)
    assert interrupted == [first.lead_id] and late.lead_id == first.lead_id
    assert "decided again: the lead changed while the models worked" in late.turn.reasons
    inbound = [m["text"] for m in service.lead(first.lead_id)["conversation"] if m["direction"] == "inbound"]
    assert inbound[1:] == ["we are pre-approved", "about 450k, 3 bedrooms"], "both kept, in the order recorded"
    with migrated.engine.connect() as connection:
        state = connection.execute(
            text("select state from app.leads where lead_id = cast(:id as uuid)"), {"id": first.lead_id}
        ).scalar_one()
    assert state["slots"]["financing"] is not None, "the late turn built on the message that got in first"
    assert state["slots"]["budget"] is not None
