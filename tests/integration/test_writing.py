"""The language-model writers through the real `anthropic` and `google-genai` clients, against a
local server answering from fixed wire-format responses (tests/fixtures/llm): the normal path, tool
calls, every guard, retries and the Claude → Gemini → template fallback inside the reply budget."""

from __future__ import annotations

import json
import time
from datetime import UTC, datetime
from decimal import Decimal

import pytest

from ehub.bots.engine import Engine
from ehub.bots.state import LeadState
from ehub.bots.turn import Turn
from ehub.settings import load_settings
from ehub.writing.base import WritingRequest
from ehub.writing.chain import ReplyWriter, configured_helpers, configured_writers
from ehub.writing.guards import check_reply
from ehub.writing.ledger import Spent
from tests.llm_wire import ModelServer, model_server

NOW = datetime(2026, 11, 27, 18, 0, tzinfo=UTC)  # noon in Austin
NOTHING_SPENT = Spent(Decimal(0), Decimal(0))
BUYER = "Hi, I want to buy a home in Round Rock"


@pytest.fixture
def server():
    with model_server() as running:
        yield running


def writer(server: ModelServer, *, gemini: bool = False, budget: float = 3.0, **settings: object) -> ReplyWriter:
    configured = load_settings(
        anthropic_api_key="sk-ant-test-key",
        anthropic_base_url=server.url,
        gemini_api_key="gemini-test-key" if gemini else None,
        gemini_base_url=server.url,
        reply_budget_seconds=budget,
        **settings,
    )
    found = ReplyWriter.from_settings(configured)
    assert found is not None
    return found


def decided(*messages: str) -> tuple[Turn, str]:
    """The engine's turn for the last of `messages` (a fresh lead), and the template it chose."""
    state, engine = LeadState(), Engine()
    for message in messages:
        turn = engine.respond(state, message, now=NOW)
    assert turn.reply is not None
    return turn, turn.reply


def test_without_a_key_there_is_no_writer() -> None:
    assert ReplyWriter.from_settings(load_settings(anthropic_api_key=None, gemini_api_key=None)) is None


def test_doctor_names_the_active_writers_and_a_model_without_a_price() -> None:
    assert configured_writers(load_settings(anthropic_api_key=None, gemini_api_key=None))[1].startswith("templates")
    both = load_settings(anthropic_api_key="k", gemini_api_key="g")
    assert configured_writers(both) == (
        True,
        "anthropic (claude-sonnet-4-6) → gemini (gemini-2.5-flash) → templates",
    )
    assert configured_helpers(both) == (
        "slots read by anthropic (claude-sonnet-4-6), checked by the engine; answer cache in process"
    )
    assert configured_helpers(load_settings(anthropic_api_key=None, answer_cache_seconds=0)) == (
        "slots read by the rules only (no ANTHROPIC_API_KEY); answer cache off"
    )
    unpriced = load_settings(anthropic_api_key="k", gemini_api_key=None, anthropic_model="claude-opus-5")
    assert configured_writers(unpriced)[0] is False


def test_claude_rewords_the_reply_keeps_the_introduction_and_is_cached(server: ModelServer) -> None:
    server.queue("anthropic", "buyer_budget_question")
    turn, template = decided(BUYER)
    written = writer(server).reword(turn, BUYER, NOTHING_SPENT)
    assert written is not None and turn.provider == "anthropic" and turn.model == "claude-sonnet-4-6"
    assert (
        turn.reply
        == turn.intro + "Great to hear you're looking in Round Rock! What price range feels comfortable for you?"
    )
    assert "AI assistant" in turn.reply and turn.fallback_reason is None and turn.reply != template
    assert turn.usage == {"input_tokens": 412, "output_tokens": 21, "cache_read_tokens": 0, "cache_write_tokens": 1830}
    assert turn.cost_usd == pytest.approx((412 * 3 + 21 * 15 + 1830 * 3.75) / 1e6)
    (sent,) = server.sent("anthropic")
    assert sent.path == "/v1/messages" and "anthropic-version" in sent.headers
    assert "sk-ant-test-key" in (sent.headers.get("x-api-key", ""), sent.headers.get("authorization", "")[7:])
    assert sent.body["model"] == "claude-sonnet-4-6"
    assert sent.body["system"][0]["cache_control"] == {"type": "ephemeral"}
    assert sent.body["tools"][-1]["cache_control"] == {"type": "ephemeral"}
    assert {tool["name"] for tool in sent.body["tools"]} == {
        "market_stats",
        "listing_details",
        "search_listings",
        "comparable_sales",
    }
    brief = json.loads(sent.body["messages"][0]["content"])
    assert brief["template_reply"] == template[len(turn.intro) :] and brief["lead_message"] == BUYER
    assert "reply written by anthropic (claude-sonnet-4-6)" in turn.reasons


def test_a_spanish_lead_gets_a_spanish_reply_and_an_english_one_is_refused(server: ModelServer) -> None:
    message = "Hola, quiero comprar una casa en Austin"
    server.queue("anthropic", "spanish_area_question", "buyer_budget_question")
    turn, _ = decided(message)
    writer(server).reword(turn, message, NOTHING_SPENT)
    assert turn.provider == "anthropic" and turn.reply.startswith("¡Hola! Soy Jorge, un asistente de IA")
    turn, template = decided(message)
    writer(server).reword(turn, message, NOTHING_SPENT)
    assert (turn.provider, turn.fallback_reason, turn.reply) == ("templates", "language", template)


@pytest.mark.parametrize(
    ("fixture", "messages", "reason"),
    [
        ("steering", (BUYER,), "fair_housing"),
        ("invented_listing", (BUYER,), "unsupported_figure"),
        ("seller_single_price", ("I want to sell my house in Austin",), "single_price"),
        ("ai_denial", ("are you a bot?",), "ai_denial"),
        ("promise", (BUYER,), "promise"),
    ],
)
def test_a_reply_failing_a_guard_is_replaced_by_the_template(
    server: ModelServer, fixture: str, messages: tuple[str, ...], reason: str
) -> None:
    server.queue("anthropic", fixture)
    turn, template = decided(*messages)
    written = writer(server).reword(turn, messages[-1], NOTHING_SPENT)
    assert (turn.provider, turn.fallback_reason, turn.reply) == ("templates", reason, template)
    assert written is not None and [call.outcome for call in written.calls] == [f"blocked_{reason}"]
    assert written.cost_usd > 0, "a refused reply was still paid for, and the ledger says so"
    assert f"template reply kept: {reason}" in turn.reasons


def test_claude_calls_a_tool_and_answers_from_its_result(server: ModelServer) -> None:
    server.queue("anthropic", "tool_use_comparable_sales", "after_tool_result")
    turn, _ = decided("I want to sell my house in Austin")
    written = writer(server).reword(turn, "I want to sell my house in Austin", NOTHING_SPENT)
    assert turn.provider == "anthropic" and turn.reply.endswith("Which neighborhood or ZIP is your home in?")
    _, second = server.sent("anthropic")
    assert second.body["messages"][1]["content"][1] == {
        "type": "tool_use",
        "id": "toolu_01XyZ",
        "name": "comparable_sales",
        "input": {},
    }
    (result,) = second.body["messages"][2]["content"]
    assert result["type"] == "tool_result" and result["tool_use_id"] == "toolu_01XyZ"
    assert json.loads(result["content"]) == {"comps": [], "estimate": None}
    assert written is not None and len(written.calls) == 2
    assert turn.usage["input_tokens"] == 520 + 610 and turn.usage["cache_read_tokens"] == 2 * 1830


def test_a_rate_limit_with_retry_after_is_retried_within_the_budget(server: ModelServer) -> None:
    server.queue("anthropic", "rate_limited_429", "buyer_budget_question")
    turn, _ = decided(BUYER)
    written = writer(server).reword(turn, BUYER, NOTHING_SPENT)
    assert turn.provider == "anthropic" and turn.fallback_reason is None
    assert written is not None and [call.outcome for call in written.calls] == ["rate_limited", "ok"]


def test_claude_overloaded_falls_back_to_gemini(server: ModelServer) -> None:
    server.queue("anthropic", "overloaded_529")
    server.queue("gemini", "buyer_budget_question")
    turn, _ = decided(BUYER)
    written = writer(server, gemini=True).reword(turn, BUYER, NOTHING_SPENT)
    assert (turn.provider, turn.model, turn.fallback_reason) == ("gemini", "gemini-2.5-flash", "anthropic_overloaded")
    assert turn.reply.endswith("Happy to help with Round Rock! What price range feels comfortable for you?")
    (sent,) = server.sent("gemini")
    assert sent.path.endswith("/models/gemini-2.5-flash:generateContent")
    assert sent.headers["x-goog-api-key"] == "gemini-test-key"
    assert sent.body["systemInstruction"]["parts"][0]["text"].startswith("You are Jorge")
    assert written is not None and [(c.provider, c.outcome) for c in written.calls] == [
        ("anthropic", "overloaded"),
        ("gemini", "ok"),
    ]
    assert turn.usage["input_tokens"] == 1210 and turn.cost_usd == pytest.approx((1210 * 0.30 + 19 * 2.50) / 1e6)


def test_an_unreadable_answer_falls_back_without_breaking_the_reply(server: ModelServer) -> None:
    server.queue("anthropic", "gateway_html_200")
    server.queue("gemini", "buyer_budget_question")
    turn, _ = decided(BUYER)
    writer(server, gemini=True).reword(turn, BUYER, NOTHING_SPENT)
    assert (turn.provider, turn.fallback_reason) == ("gemini", "anthropic_bad_response")


def test_both_providers_down_sends_the_template(server: ModelServer) -> None:
    server.queue("anthropic", "server_error_500")
    server.queue("gemini", "unavailable_503")
    turn, template = decided(BUYER)
    writer(server, gemini=True).reword(turn, BUYER, NOTHING_SPENT)
    assert (turn.provider, turn.fallback_reason, turn.reply) == ("templates", "anthropic_server_error", template)
    assert len(server.sent("anthropic")) == len(server.sent("gemini")) == 1


def test_a_slow_provider_is_cut_off_at_the_reply_budget(server: ModelServer) -> None:
    server.queue("anthropic", "slow_reply")
    turn, template = decided(BUYER)
    started = time.monotonic()
    writer(server, gemini=True, budget=1.0).reword(turn, BUYER, NOTHING_SPENT)
    assert time.monotonic() - started < 2.5
    assert (turn.provider, turn.fallback_reason, turn.reply) == ("templates", "anthropic_timeout", template)
    assert server.sent("gemini") == [], "no time was left to ask Gemini"


def test_a_slow_gemini_is_cut_off_and_recorded_as_a_timeout(server: ModelServer) -> None:
    server.queue("anthropic", "server_error_500")
    server.queue("gemini", "slow_reply")
    turn, template = decided(BUYER)
    written = writer(server, gemini=True, budget=1.5).reword(turn, BUYER, NOTHING_SPENT)
    assert (turn.provider, turn.fallback_reason, turn.reply) == ("templates", "anthropic_server_error", template)
    assert written is not None and [(c.provider, c.outcome) for c in written.calls] == [
        ("anthropic", "server_error"),
        ("gemini", "timeout"),
    ], "the SDK's own transport (httpx2) timing out is a timeout, in the ledger like any call"


def test_past_a_budget_no_provider_is_called(server: ModelServer) -> None:
    turn, template = decided(BUYER)
    chain = writer(server, model_budget_per_lead_usd=0.01)
    chain.reword(turn, BUYER, Spent(lead=Decimal("0.01"), day=Decimal(0)))
    assert (turn.provider, turn.fallback_reason, turn.reply) == ("templates", "budget", template)
    turn, _ = decided(BUYER)
    writer(server, model_budget_per_day_usd=1).reword(turn, BUYER, Spent(lead=Decimal(0), day=Decimal(1)))
    assert turn.fallback_reason == "budget" and server.requests == []


def test_consent_replies_are_never_reworded(server: ModelServer) -> None:
    turn, template = decided(BUYER, "STOP")
    assert writer(server).reword(turn, "STOP", NOTHING_SPENT) is None
    assert turn.reply == template and turn.provider == "templates" and server.requests == []


def _request(bot: str = "buyer", **facts: object) -> WritingRequest:
    return WritingRequest(
        template="What price range?", language="en", bot=bot, intent="buyer_intent", message="hi", facts=facts
    )


def test_figures_are_checked_against_the_facts_as_texts_round_them() -> None:
    home = {"listing_key": "ACT1234567", "street_address": "4411 Avenue B", "list_price": 452300, "bedrooms_total": 3}
    assert check_reply("4411 Avenue B, 3 beds, $452k. Want a tour?", _request(listings=[home]), []) is None
    assert (
        check_reply("4411 Avenue B, 3 beds, $450k. Want a tour?", _request(listings=[home]), []) == "unsupported_figure"
    )
    assert check_reply("4413 Avenue B is $452,300?", _request(listings=[home]), []) == "unsupported_figure"
    assert check_reply("The median there is $515k. Which area?", _request(), [{"median_close_price": 515000}]) is None


def test_a_seller_hears_a_range_never_one_price() -> None:
    estimate = {"low": 480000, "mid": 500000, "high": 520000, "comps_used": 4}
    seller = _request("seller", estimate=estimate)
    assert check_reply("Recent sales suggest $480k to $520k. Which day suits?", seller, []) is None
    assert check_reply("Recent sales suggest about $500k. Which day suits?", seller, []) == "single_price"
    assert check_reply("x" * 400 + "?", seller, []) == "length"


def test_a_reply_that_drops_the_engines_question_is_refused() -> None:
    assert check_reply("Thanks for reaching out!", _request(), []) == "question_dropped"
    assert check_reply("Thanks! What budget do you have in mind?", _request(), []) is None
