"""A long conversation is not replayed whole to the writer: past `EHUB_WRITER_HISTORY_MESSAGES`
the older messages become a summary of the lead's state and only the last few go verbatim, so the
request sent over the wire stays bounded however long the conversation grows."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import pytest

from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.crypto import cipher_from_settings
from ehub.settings import load_settings
from tests.llm_wire import model_server

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
FIRST = "Hi, I want to buy a home in Round Rock, we are pre-approved"
ASKING = "are you a bot? I just want to know who I am texting with before I share more about our plans ({})"


@pytest.fixture
def server():
    with model_server() as running:
        yield running


def test_a_long_conversation_is_summarised_and_the_request_stays_bounded(migrated, data_dir, server) -> None:
    settings = load_settings(
        database_url=migrated.url,
        data_dir=data_dir,
        anthropic_api_key="sk-ant-test-key",
        anthropic_base_url=server.url,
        model_slots=False,
        writer_history_messages=6,
        writer_recent_messages=2,
    )
    service = BotService.from_settings(settings, migrated, cipher_from_settings(settings), Engine())
    lead = service.handle(FIRST, now=NOW).lead_id  # nothing queued: each reply falls back to its template
    for step in range(1, 16):
        service.handle(ASKING.format(step), now=NOW + timedelta(minutes=step), lead_id=lead)
    briefs = [json.loads(sent.body["messages"][0]["content"]) for sent in server.sent("anthropic")]
    assert len(briefs) == 16
    assert "latest_messages" not in briefs[0] and "conversation_summary" not in briefs[0]
    assert [len(brief["latest_messages"]) for brief in briefs[1:4]] == [2, 4, 6], "short: sent whole"
    for step, brief in enumerate(briefs[4:], start=4):
        assert len(brief["latest_messages"]) == 2, "long: only the last two verbatim"
        assert brief["latest_messages"][0] == {"from": "lead", "text": ASKING.format(step - 1)}
        summary = brief["conversation_summary"]
        assert summary["earlier_messages"] == 2 * step - 2
        assert summary["known"]["area"] == "Round Rock" and summary["known"]["financing"] == "pre_approved"
        assert summary["bot"] == "buyer"
    sizes = [len(json.dumps(sent.body)) for sent in server.sent("anthropic")]
    assert max(sizes[5:]) - min(sizes[5:]) < 100, f"the request no longer grows with the conversation: {sizes}"
    whole = sum(len(ASKING) + 150 for _ in range(30))
    assert sizes[-1] < sizes[0] + whole / 3
    assert FIRST not in json.dumps(briefs[-1]), "the first message is in the summary, not replayed"
