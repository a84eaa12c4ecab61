"""Gemini as the analyst, through the real `google-genai` client against the local wire server
(tests/llm_wire.py) and a real database: the handoff summary an agent reads in GoHighLevel (sealed on
the lead, the template's when Gemini fails or has no key), and the daily conversation insights."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import dagster as dg
import pytest
from sqlalchemy import text

from ehub.bots.audit import INTERNAL
from ehub.bots.contacts import Contact
from ehub.bots.crm_writeback import CrmConfig
from ehub.bots.engine import Engine
from ehub.bots.outbox import drain_until_idle
from ehub.bots.pacing import Backoff
from ehub.bots.service import BotService
from ehub.privacy.erase import erase_person
from ehub.privacy.export import collect
from ehub.privacy.notices import DEVELOPMENT_NOTICES as NOTICES
from ehub.privacy.person import find_person
from ehub.settings import load_settings
from ehub.writing.analysis import Analyst, configured_analyses
from ehub.writing.handoff import HandoffSummarizer
from ehub.writing.insights import analyse_day
from pipelines.defs.insights import conversation_insights
from pipelines.resources import PostgresResource
from sandbox.ghl_data import object_id
from tests.ghl_standin import GhlStandIn
from tests.llm_wire import ModelServer, model_server
from tools.runtime import run_dbt

DAY = datetime(2030, 6, 4, 15, 0, tzinfo=UTC)  # Tuesday 10:00 in Austin
CONTACT = object_id("c", 3)
EMAIL = "ana.buyer@example.com"
PHONE = "+15125550143"
HANDOFF = [
    "Hi, I want to buy a home in Round Rock",
    f"budget about 450k, we are moving in 3 months. email me at {EMAIL}",
    "can I talk to a real person please?",
]


@pytest.fixture
def server() -> Iterator[ModelServer]:
    with model_server() as running:
        yield running


@pytest.fixture
def standin() -> Iterator[GhlStandIn]:
    running = GhlStandIn()
    yield running
    running.close()


def _settings(server: ModelServer, **extra: object):
    return load_settings(gemini_api_key="gemini-test-key", gemini_base_url=server.url, **extra)


def _hand_off(migrated, cipher, summarizer: HandoffSummarizer | None) -> str:
    service = BotService(migrated, cipher, Engine(), crm=CrmConfig(), summarizer=summarizer)
    for message in HANDOFF:
        result = service.handle(message, channel="sms", now=DAY, ghl_contact_id=CONTACT, contact=Contact(phone=PHONE))
    assert result.turn.handoff and result.turn.handoff_reason == "human_request"
    return result.lead_id


def _note(migrated, cipher):
    with migrated.engine.connect() as connection:
        notes = connection.execute(text("select * from app.outbox where kind = 'note' order by outbox_id")).all()
    return notes[-1], cipher.decrypt(notes[-1].body_sealed)


def _one(migrated, sql: str, **params: object):
    with migrated.engine.connect() as connection:
        return connection.execute(text(sql), params).one()


def test_gemini_writes_the_handoff_summary_the_agent_reads_in_ghl(migrated, cipher, server, standin) -> None:
    server.queue("gemini", "handoff_summary")
    lead = _hand_off(migrated, cipher, HandoffSummarizer.from_settings(_settings(server)))

    entry, body = _note(migrated, cipher)
    assert body.startswith("Jorge handoff summary (buyer bot, written by AI from the conversation):")
    assert "Location: Round Rock\nPrice: About $450k" in body and "Mortgage: not said" in body
    assert "- Is the lead pre-approved or paying cash?" in body
    assert "Temperature: warm (score" in body and "financing is not known yet" in body
    assert body.endswith("Handed to an agent: human request.")
    assert "Jorge: score" not in body, "Gemini's summary replaces the template's"
    assert entry.detail["summary"] == "gemini" and entry.detail["summary_fallback_reason"] is None

    stored = _one(
        migrated, "select summary_sealed from app.leads where lead_id = cast(:lead as uuid)", lead=lead
    ).summary_sealed
    assert "Round Rock" not in stored and cipher.decrypt(stored) == body, "sealed at rest, the note's summary"
    assert BotService(migrated, cipher, Engine()).lead(lead)["handoff_summary"] == body, "shown with the lead"
    decision = _one(migrated, "select decision_id, reasons from app.bot_decisions order by decision_id desc limit 1")
    assert "handoff summary written by gemini (gemini-2.5-flash)" in decision.reasons
    call = _one(migrated, "select * from app.model_calls")
    assert (call.provider, call.model, call.purpose, call.outcome) == (
        "gemini",
        "gemini-2.5-flash",
        "handoff_summary",
        "ok",
    )
    assert (call.input_tokens, call.output_tokens, str(call.lead_id)) == (940, 148, lead)
    assert call.decision_id == decision.decision_id and call.prompt_version.startswith("handoff_summary-")
    assert float(call.cost_usd) == pytest.approx((940 * 0.30 + 148 * 2.50) / 1e6)

    (sent,) = server.sent("gemini")
    assert sent.path.endswith("/models/gemini-2.5-flash:generateContent")
    assert sent.body["generationConfig"]["responseMimeType"] == "application/json"
    schema = sent.body["generationConfig"]["responseJsonSchema"]
    assert {"wants", "location", "price", "motivation", "agent", "mortgage", "appointment"} <= set(schema["properties"])
    brief = json.loads(sent.body["contents"][0]["parts"][0]["text"])
    assert brief["handoff_reason"] == "human_request" and brief["known"]["location"] == "Round Rock"
    assert [m["from"] for m in brief["conversation"]] == ["lead", "jorge"] * 3
    assert EMAIL not in json.dumps(brief) and "email me at [email]" in json.dumps(brief)

    with standin.client() as client:
        drain_until_idle(migrated, cipher, client, NOTICES, clock=lambda: DAY, backoff=Backoff(timedelta(0)))
    assert standin.sandbox.crm.notes[CONTACT][-1]["body"] == body, "the summary reaches GoHighLevel"


def test_the_summary_is_exported_with_the_person_and_erased_with_them(migrated, cipher, server) -> None:
    server.queue("gemini", "handoff_summary")
    _hand_off(migrated, cipher, HandoffSummarizer.from_settings(_settings(server)))
    _, body = _note(migrated, cipher)
    with migrated.engine.connect() as connection:
        exported = collect(connection, cipher, find_person(connection, cipher, phone=PHONE))
    assert [lead["handoff_summary"] for lead in exported["bot"]["leads"]] == [body]
    erase_person(migrated, cipher, INTERNAL, phone=PHONE, now=DAY)
    assert _one(migrated, "select count(summary_sealed) from app.leads")[0] == 0


@pytest.mark.parametrize(
    ("fixture", "reason", "outcome"),
    [
        ("unavailable_503", "gemini_overloaded", "overloaded"),
        ("handoff_summary_slow", "gemini_timeout", "timeout"),
        ("handoff_summary_truncated", "gemini_invalid_json", "invalid_json"),
    ],
)
def test_when_gemini_fails_the_agent_gets_the_template_summary_and_why(
    migrated, cipher, server, fixture: str, reason: str, outcome: str
) -> None:
    server.queue("gemini", fixture)
    summarizer = HandoffSummarizer.from_settings(_settings(server, handoff_summary_seconds=1.0))
    lead = _hand_off(migrated, cipher, summarizer)
    entry, body = _note(migrated, cipher)
    assert body.startswith("Jorge: score") and "Location: Round Rock" in body
    assert "Handed to an agent: human request." in body
    assert (entry.detail["summary"], entry.detail["summary_fallback_reason"]) == ("templates", reason)
    assert (
        _one(
            migrated, "select summary_sealed from app.leads where lead_id = cast(:lead as uuid)", lead=lead
        ).summary_sealed
        is None
    )
    decision = _one(migrated, "select reasons from app.bot_decisions order by decision_id desc limit 1")
    assert f"handoff summary from the template: {reason}" in decision.reasons
    call = _one(migrated, "select purpose, outcome from app.model_calls")
    assert (call.purpose, call.outcome) == ("handoff_summary", outcome)


def test_doctor_names_who_writes_the_analyses() -> None:
    assert configured_analyses(load_settings(gemini_api_key=None))[0] is True
    assert configured_analyses(load_settings(gemini_api_key="g")) == (
        True,
        "gemini (gemini-2.5-flash): handoff summary, daily insights",
    )
    assert configured_analyses(load_settings(gemini_api_key="g", gemini_model="gemini-3-pro"))[0] is False


def test_without_a_key_the_template_summary_says_so_and_nothing_is_called(migrated, cipher, server) -> None:
    assert HandoffSummarizer.from_settings(load_settings(gemini_api_key=None)) is None
    _hand_off(migrated, cipher, None)
    entry, body = _note(migrated, cipher)
    assert body.startswith("Jorge: score")
    assert (entry.detail["summary"], entry.detail["summary_fallback_reason"]) == ("templates", "no_key")
    assert _one(migrated, "select count(*) from app.model_calls")[0] == 0 and server.requests == []


def test_past_the_lead_budget_the_summary_is_not_asked_for(migrated, cipher, server) -> None:
    summarizer = HandoffSummarizer.from_settings(_settings(server, model_budget_per_lead_usd=0))
    _hand_off(migrated, cipher, summarizer)
    entry, _ = _note(migrated, cipher)
    assert entry.detail["summary_fallback_reason"] == "budget" and server.requests == []


INSIGHT_DAY = date(2030, 6, 4)
BUYERS = [
    ["Hi, I want to buy a home in Kyle", "rates are too high right now, my number is 512-555-0199"],
    ["Hi, looking to buy in Round Rock", "what are the HOA fees there?"],
    ["hello, buying in Austin", "just browsing for now"],
]


def _day_of_conversations(migrated, cipher) -> None:
    service = BotService(migrated, cipher, Engine())
    for messages in BUYERS:
        lead = None
        for message in messages:
            lead = service.handle(message, now=DAY, lead_id=lead).lead_id
    service.handle("Hi, I want to sell my house", now=DAY - timedelta(days=1))  # the day before: not read


def test_daily_insights_are_written_from_a_day_of_conversations_and_reach_the_mart(
    migrated, cipher, data_dir, server
) -> None:
    _day_of_conversations(migrated, cipher)
    server.queue("gemini", "daily_insights")
    analyst = Analyst.from_settings(_settings(server))
    now = DAY + timedelta(days=1)
    report = analyse_day(migrated, cipher, analyst, INSIGHT_DAY, now=now)
    assert (report.conversations, report.rows, report.outcome) == (3, 3, "written")

    with migrated.engine.connect() as connection:
        rows = connection.execute(text("select * from app.conversation_insights order by kind, topic")).mappings().all()
        call = connection.execute(text("select * from app.model_calls")).one()
    assert [(r["kind"], r["topic"], r["conversation_count"]) for r in rows] == [
        ("objection", "mortgage rates too high", 3),  # two answers of one topic, merged
        ("unanswered_question", "hoa fees", 1),  # conversation 99 does not exist
        ("went_cold", "just browsing", 1),  # "moved away" named only a conversation that does not exist
    ]
    assert all(r["insight_date"] == INSIGHT_DAY and r["conversations_read"] == 3 for r in rows)
    assert rows[1]["example"] == "A buyer asked about HOA fees; call me at [phone] said the lead."
    assert (call.purpose, call.outcome, call.lead_id, call.input_tokens) == ("daily_insights", "ok", None, 2310)

    (sent,) = server.sent("gemini")
    brief = json.loads(sent.body["contents"][0]["parts"][0]["text"])
    assert brief["day"] == "2030-06-04" and [c["id"] for c in brief["conversations"]] == [1, 2, 3]
    assert "512-555-0199" not in json.dumps(brief) and "[phone]" in json.dumps(brief)
    assert "sell my house" not in json.dumps(brief), "only the day's conversations are read"
    with migrated.engine.connect() as connection:
        leads = connection.execute(text("select cast(lead_id as text) from app.leads")).scalars().all()
    assert not any(lead in json.dumps(brief) for lead in leads), "conversations are numbered, not named"

    build = ["build", "--select", "stg_app__conversation_insights", "conversation_insights_daily", "--quiet"]
    assert run_dbt(load_settings(database_url=migrated.url, data_dir=data_dir), migrated, build) == 0  # and its tests
    with migrated.engine.connect() as connection:
        mart = connection.execute(
            text("select insight_kind, topic, conversations, conversation_share from marts.conversation_insights_daily")
        ).all()
    assert sorted((row.topic, row.conversations, float(row.conversation_share)) for row in mart) == [
        ("hoa fees", 1, 0.3333),
        ("just browsing", 1, 0.3333),
        ("mortgage rates too high", 3, 1.0),
    ]

    server.queue("gemini", "unavailable_503")
    again = analyse_day(migrated, cipher, analyst, INSIGHT_DAY, now=now)
    assert (again.rows, again.outcome) == (0, "gemini_overloaded")
    assert _one(migrated, "select count(*) from app.conversation_insights")[0] == 3, "a failed day keeps its rows"


def test_without_a_key_the_insights_asset_writes_nothing_and_says_so(
    migrated, cipher, data_dir, server, monkeypatch
) -> None:
    _day_of_conversations(migrated, cipher)
    monkeypatch.setenv("EHUB_DATABASE_URL", migrated.url)
    monkeypatch.setenv("EHUB_DATA_DIR", str(data_dir))
    for name in ("EHUB_GEMINI_API_KEY", "GEMINI_API_KEY", "GOOGLE_API_KEY"):
        monkeypatch.delenv(name, raising=False)
    result = dg.materialize(
        [conversation_insights],
        resources={"postgres": PostgresResource()},
        run_config={"ops": {"app__conversation_insights": {"config": {"day": INSIGHT_DAY.isoformat()}}}},
        instance=dg.DagsterInstance.ephemeral(),
    )
    assert result.success
    metadata = result.asset_materializations_for_node("app__conversation_insights")[0].metadata
    assert metadata["rows"].value == 0 and metadata["conversations"].value == 3
    assert metadata["outcome"].value == "no_key" and "GEMINI_API_KEY is not set" in metadata["note"].value
    assert _one(migrated, "select count(*) from app.conversation_insights")[0] == 0 and server.requests == []
