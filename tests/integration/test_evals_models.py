"""`ehub eval ... --provider anthropic|gemini`: the harness runs the model path (the model's
structured slot reading feeding the engine, its replies for conversations) through the real SDKs
against the local wire server, and records each run with its provider; without the provider's key
it stops with a structured error before any call."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import text

from tests.cli_helpers import run_ehub
from tests.llm_wire import ModelServer, model_server

BUYER = "Hi, I want to buy a home in Round Rock"


@pytest.fixture
def server():
    with model_server() as running:
        yield running


def _env(migrated, server: ModelServer, provider: str = "anthropic") -> dict[str, str]:
    keys = {
        "anthropic": {"ANTHROPIC_API_KEY": "sk-ant-test-key", "ANTHROPIC_BASE_URL": server.url},
        "gemini": {"GEMINI_API_KEY": "gemini-test-key", "EHUB_GEMINI_BASE_URL": server.url},
    }
    return {"EHUB_DATABASE_URL": migrated.url, **keys[provider]}


def _runs(migrated) -> list[tuple[str, str, int, float]]:
    with migrated.engine.connect() as connection:
        rows = connection.execute(text("select kind, provider, n, score from app.eval_runs order by run_id")).all()
    return [(row.kind, row.provider, row.n, float(row.score)) for row in rows]


def test_intents_through_claude_are_the_models_reading_and_recorded(
    migrated, data_dir: Path, server: ModelServer
) -> None:
    labelled = data_dir / "intents.tsv"
    labelled.write_text(
        "text\tintent\n"
        f"{BUYER}\tbuyer_intent\n"
        "thinking about selling our place next year\tseller_intent\n"
        "how is the market doing\tinformation_seeking\n"
    )
    server.queue("anthropic", "slots_buyer", "slots_buyer", "slots_prose")
    done = run_ehub(
        "--json",
        "eval",
        "intents",
        str(labelled),
        "--provider",
        "anthropic",
        data_dir=data_dir,
        **_env(migrated, server),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["intents.tsv"]
    assert (result["provider"], result["model"], result["model_calls"]) == ("anthropic", "claude-sonnet-4-6", 3)
    assert result["fallbacks"] == 1, "the answer without the tool call left the rules' intent"
    assert [miss["text"] for miss in result["misses"]] == ["thinking about selling our place next year"]
    assert result["accuracy"] == 0.6667 and result["cost_usd"] > 0
    assert _runs(migrated) == [("intents", "anthropic", 3, pytest.approx(0.6667, abs=1e-4))]
    sent = server.sent("anthropic")
    assert all(request.body["tool_choice"] == {"type": "tool", "name": "record_slots"} for request in sent)


def test_scoring_feeds_the_models_slots_to_the_engine(migrated, data_dir: Path, server: ModelServer) -> None:
    labelled = data_dir / "scoring.jsonl"
    labelled.write_text(json.dumps({"messages": [BUYER, "we could spend up to three fifty"], "expected": "warm"}))
    server.queue("anthropic", "slots_buyer", "slots_family_budget")
    done = run_ehub(
        "--json",
        "eval",
        "scoring",
        str(labelled),
        "--provider",
        "anthropic",
        data_dir=data_dir,
        **_env(migrated, server),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["scoring.jsonl"]
    assert result["model_calls"] == 2 and result["provider"] == "anthropic"
    rules = json.loads(run_ehub("--json", "eval", "scoring", str(labelled), data_dir=data_dir).stdout)
    assert rules["scoring.jsonl"]["provider"] == "rules"
    assert [kind for kind, provider, *_ in _runs(migrated)] == ["scoring"], "a rules run is recorded on --record only"


def test_conversations_are_written_by_the_model(migrated, data_dir: Path, server: ModelServer) -> None:
    transcript = {
        "name": "buyer",
        "turns": [{"lead": BUYER, "expect": {"bot": "buyer", "reply_mentions": ["great to hear"]}}],
    }
    labelled = data_dir / "conversations.jsonl"
    labelled.write_text(json.dumps(transcript))
    rules = json.loads(run_ehub("--json", "eval", "conversations", str(labelled), data_dir=data_dir).stdout)
    assert rules["conversations.jsonl"]["acceptable"] == 0, "the template does not say it"
    server.queue("anthropic", "slots_buyer", "buyer_budget_question")
    done = run_ehub(
        "--json",
        "eval",
        "conversations",
        str(labelled),
        "--provider",
        "anthropic",
        data_dir=data_dir,
        **_env(migrated, server),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["conversations.jsonl"]
    assert (result["acceptable"], result["model_calls"]) == (1, 2), result["misses"]
    assert _runs(migrated) == [("conversations", "anthropic", 1, 1.0)]


def test_without_the_providers_key_the_run_stops_before_any_call(migrated, data_dir: Path, server: ModelServer) -> None:
    done = run_ehub(
        "--json", "eval", "intents", "--provider", "gemini", data_dir=data_dir, **_env(migrated, server, "anthropic")
    )
    assert done.returncode != 0 and "Traceback" not in done.stderr + done.stdout
    error = json.loads(done.stdout)
    assert error["code"] == "EVAL_PROVIDER_KEY_MISSING" and "GEMINI_API_KEY" in error["message"]
    unsupported = run_ehub(
        "--json", "eval", "compliance", "--provider", "anthropic", data_dir=data_dir, **_env(migrated, server)
    )
    assert unsupported.returncode != 0 and json.loads(unsupported.stdout)["code"] == "EVAL_PROVIDER_UNSUPPORTED"
    assert server.requests == [] and _runs(migrated) == []


def test_gemini_reads_intents_as_structured_json(migrated, data_dir: Path, server: ModelServer) -> None:
    labelled = data_dir / "intents.tsv"
    labelled.write_text(f"text\tintent\n{BUYER}\tbuyer_intent\n")
    server.queue("gemini", "slots_buyer")
    done = run_ehub(
        "--json",
        "eval",
        "intents",
        str(labelled),
        "--provider",
        "gemini",
        data_dir=data_dir,
        **_env(migrated, server, "gemini"),
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)["intents.tsv"]
    assert (result["provider"], result["model"], result["accuracy"], result["fallbacks"]) == (
        "gemini",
        "gemini-2.5-flash",
        1.0,
        0,
    )
    (sent,) = server.sent("gemini")
    config = sent.body["generationConfig"]
    assert config["responseMimeType"] == "application/json"
    assert config["responseJsonSchema"]["properties"]["intent"]["enum"][0] == "buyer_intent"
    assert _runs(migrated) == [("intents", "gemini", 1, 1.0)]
