"""The answer cache: a written answer to a market question is reused, without a model call, while
the question, the area and the marts' figures are the same; in Redis when configured (shared by
processes), in process otherwise. A cached text still passes every guard, and nothing personal is
ever cached."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, datetime
from decimal import Decimal

import pytest
import redis

from ehub.bots.turn import Turn
from ehub.settings import load_settings
from ehub.writing.answers import AnswerCache, CachedAnswer, LocalStore
from ehub.writing.base import WritingRequest
from ehub.writing.chain import ReplyWriter
from ehub.writing.ledger import Spent
from tests.llm_wire import ModelServer, fixture, model_server

REDIS_URL = "redis://127.0.0.1:6379/0"
NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)
QUESTION = "How's the market in Round Rock?"
NOTHING_SPENT = Spent(Decimal(0), Decimal(0))
MARKET = {
    "area": "Round Rock",
    "band": None,
    "closed_sales": 212,
    "median_close_price": 415000,
    "median_price_per_sqft": 240,
    "median_days_on_market": 38,
    "active_listings": 150,
    "period_end": "2026-11-20",
}
TEMPLATE = (
    "Round Rock: 212 homes sold in the last 3 months (to Nov 20), median $415k, $240/sq ft, 38 days on market, "
    "150 active. What price range are you thinking?"
)
MODEL_TEXT = (
    "Round Rock saw 212 sales in the last 3 months (to Nov 20), at a median of $415k. "
    "What price range feels right for you?"
)


@pytest.fixture
def server():
    with model_server() as running:
        yield running


def _writer(server: ModelServer, **settings: object) -> ReplyWriter:
    configured = load_settings(anthropic_api_key="sk-ant-test-key", anthropic_base_url=server.url, **settings)
    writer = ReplyWriter.from_settings(configured)
    assert writer is not None
    return writer


def _turn(market: dict[str, object] = MARKET, intro: str = "") -> Turn:
    """The engine's turn after a market question it answered with the marts' figures."""
    return Turn(
        reply=intro + TEMPLATE,
        bot="lead",
        intent="information_seeking",
        confidence=0.9,
        lead_score=1.0,
        temperature="cold",
        intro=intro,
        facts={"market": dict(market), "asked": "budget"},
    )


def test_a_repeated_market_question_is_answered_from_the_cache(server: ModelServer) -> None:
    server.queue("anthropic", "market_answer")
    writer = _writer(server)
    first, second = _turn(), _turn()
    paid = writer.reword(first, QUESTION, NOTHING_SPENT)
    cached = writer.reword(second, "how's the market in round rock", NOTHING_SPENT)
    assert first.reply == second.reply == MODEL_TEXT and len(server.sent("anthropic")) == 1
    assert paid is not None and len(paid.calls) == 1
    assert cached is not None and cached.calls == [], "no call, so nothing for the ledger"
    assert (second.provider, second.model, second.cost_usd) == ("anthropic", "claude-sonnet-4-6", 0.0)
    assert "reply from the answer cache, written by anthropic (claude-sonnet-4-6)" in second.reasons


def test_new_marts_figures_are_a_new_answer(server: ModelServer) -> None:
    server.queue("anthropic", "market_answer", "market_answer")
    writer = _writer(server)
    writer.reword(_turn(), QUESTION, NOTHING_SPENT)
    writer.reword(_turn({**MARKET, "period_end": "2026-11-27"}), QUESTION, NOTHING_SPENT)
    assert len(server.sent("anthropic")) == 2


def test_a_message_with_personal_data_is_never_cached(server: ModelServer) -> None:
    server.queue("anthropic", "market_answer", "market_answer")
    writer = _writer(server)
    for _ in range(2):
        writer.reword(_turn(), "I'm Maria, how's the market in Round Rock?", NOTHING_SPENT)
    assert len(server.sent("anthropic")) == 2


def test_a_cached_text_failing_a_guard_is_not_sent(server: ModelServer) -> None:
    server.queue("anthropic", "market_answer")
    writer = _writer(server)
    assert writer.cache is not None
    request = WritingRequest(TEMPLATE, "en", "lead", "information_seeking", QUESTION, facts=_turn().facts)
    key = writer.cache.key(request)
    assert key is not None
    poisoned = CachedAnswer("Round Rock homes sell at a median of $390k. What price range?", "anthropic", "m", [])
    writer.cache.put(key, request, poisoned)
    turn = _turn()
    writer.reword(turn, QUESTION, NOTHING_SPENT)
    assert turn.reply == MODEL_TEXT and len(server.sent("anthropic")) == 1, "the model wrote it afresh"


def test_a_reply_repeating_the_leads_words_is_not_stored() -> None:
    cache = AnswerCache(LocalStore())
    request = WritingRequest(TEMPLATE, "en", "lead", "information_seeking", "Howdy from Tomas, market in Round Rock?")
    key = cache.key(WritingRequest(TEMPLATE, "en", "lead", "information_seeking", QUESTION, facts=_turn().facts))
    assert key is not None
    assert not cache.put(key, request, CachedAnswer("Hi Tomas! Round Rock saw 212 sales.", "anthropic", "m", []))
    assert cache.get(key) is None


@pytest.fixture
def namespace():
    client = redis.Redis.from_url(REDIS_URL)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.skip(f"no Redis at {REDIS_URL}: {error}")
    name = f"ehub-test-answers-{uuid.uuid4().hex[:8]}"
    yield name
    for key in client.scan_iter(f"{name}:*"):
        client.delete(key)


def test_redis_shares_answers_between_processes(server: ModelServer, namespace: str) -> None:
    server.queue("anthropic", "market_answer")
    settings = {"redis_url": REDIS_URL, "redis_namespace": namespace, "answer_cache_seconds": 600}
    one, other = _writer(server, **settings), _writer(server, **settings)
    one.reword(_turn(), QUESTION, NOTHING_SPENT)
    turn = _turn(intro="Hi! I'm Jorge, an AI assistant. ")
    written = other.reword(turn, QUESTION, NOTHING_SPENT)
    assert written is not None and written.calls == [] and len(server.sent("anthropic")) == 1
    assert turn.reply == "Hi! I'm Jorge, an AI assistant. " + MODEL_TEXT, "the introduction is the lead's own"
    client = redis.Redis.from_url(REDIS_URL)
    (key,) = client.keys(f"{namespace}:answers:*")
    assert 0 < client.ttl(key) <= 600
    stored = client.get(key).decode()
    assert "Round Rock" in stored and "Jorge" not in stored and QUESTION not in stored


def test_an_unreachable_redis_is_a_miss_not_an_error(server: ModelServer) -> None:
    server.queue("anthropic", "market_answer", "market_answer")
    writer = _writer(server, redis_url="redis://127.0.0.1:1/0")
    for _ in range(2):
        turn = _turn()
        writer.reword(turn, QUESTION, NOTHING_SPENT)
        assert turn.reply == MODEL_TEXT
    assert len(server.sent("anthropic")) == 2


def test_through_the_bot_service_a_cached_answer_leaves_no_ledger_row(marts_copy: str, data_dir, server) -> None:
    """Two leads ask the same market question of the real marts: one call, one ledger row."""
    from sqlalchemy import text

    from ehub.bots.engine import Engine
    from ehub.bots.service import BotService
    from ehub.bots.state import LeadState
    from ehub.crypto import cipher_from_settings
    from ehub.db import Database
    from ehub.market.search import MartsMarket

    database = Database(marts_copy)
    try:
        engine = Engine(MartsMarket(database.marts_engine))
        expected = engine.respond(LeadState(), QUESTION, now=NOW)
        body = expected.reply[len(expected.intro) :]
        server.queues["anthropic"].append(_answer(body))  # the model says it the template's way
        settings = load_settings(
            database_url=marts_copy,
            data_dir=data_dir,
            anthropic_api_key="sk-ant-test-key",
            anthropic_base_url=server.url,
            model_slots=False,
        )
        service = BotService.from_settings(settings, database, cipher_from_settings(settings), engine)
        first = service.handle(QUESTION, now=NOW).turn
        second = service.handle(QUESTION, now=NOW).turn
        with database.engine.connect() as connection:
            purposes = connection.execute(text("select purpose, outcome from app.model_calls")).all()
    finally:
        database.dispose()
    assert "market" in expected.facts and first.provider == second.provider == "anthropic"
    assert first.reply == second.reply and len(server.sent("anthropic")) == 1
    assert second.cost_usd == 0 and [tuple(row) for row in purposes] == [("reply", "ok")]


def _answer(text: str) -> dict[str, object]:
    message = json.loads(json.dumps(fixture("anthropic", "market_answer")))
    message["body"]["content"][0]["text"] = text
    return message
