"""The Jorge engine and the bot service: qualification, opt-out, handoff, fair housing, the API."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from ehub.bots import wording
from ehub.bots.apikeys import create_key
from ehub.bots.engine import Engine
from ehub.bots.state import LeadState
from ehub.bots.wording import say
from ehub.compliance.fair_housing import check_text
from ehub.compliance.quiet_hours import next_send_time
from ehub.settings import load_settings

NOW = datetime(2026, 11, 20, 16, 0, tzinfo=UTC)  # 10:00 in Austin


def _talk(*messages: str, state: LeadState | None = None):
    engine, state = Engine(), state or LeadState()
    return state, [engine.respond(state, message, now=NOW) for message in messages]


def test_the_first_reply_says_it_is_an_ai_assistant_and_asks_one_question() -> None:
    _, (turn,) = _talk("hi there")
    assert "AI assistant" in turn.reply
    assert turn.reply.count("?") == 1


def test_lead_bot_skips_what_the_lead_already_said_and_qualifies_within_six_turns() -> None:
    state, turns = _talk(
        "hi", "Leander", "around 480k", "lease ends in March", "no agent", "not pre-approved yet", "yes"
    )
    questions = [turn.reply for turn in turns]
    assert "price range" in questions[1] and "timeline" in questions[2]
    assert state.bot_turns <= 6 and any(turn.handoff for turn in turns), "qualified within six bot turns"
    _, turns2 = _talk("hi, 3 bed in Leander under 480k, moving next month, pre-approved")
    assert "agent" in turns2[0].reply.lower() or turns2[0].handoff, "answered slots are never asked again"


def test_stop_gets_exactly_one_confirmation_and_blocks_every_later_reply_until_start() -> None:
    _, turns = _talk("hi", "STOP", "hello?", "are you there", "START", "hi again")
    assert turns[1].reply == say("opt_out_confirmation")
    assert turns[2].reply is None and turns[3].reply is None
    assert turns[4].reply == say("opt_in_confirmation")
    assert turns[5].reply is not None
    assert {"type": "dnd", "enabled": True} in turns[1].actions


@pytest.mark.parametrize("phrase", ["stop texting me", "remove my number", "UNSUBSCRIBE", "quit"])
def test_natural_opt_outs_are_honoured(phrase: str) -> None:
    state, turns = _talk("hi", phrase, "hello")
    assert state.opted_out and turns[2].reply is None


def test_asking_for_a_person_hands_off_and_later_messages_reach_the_agent_not_the_void() -> None:
    state, turns = _talk("looking for a home in Kyle", "can I talk to a real person?", "hello?", "anyone there?")
    handoff = turns[1]
    assert handoff.handoff and handoff.handoff_reason == "human_request" and "AI assistant" in handoff.reply
    assert "shortly" in handoff.reply, "says who will reply and when"
    kinds = {action["type"] for action in handoff.actions}
    assert {"tag", "task", "pause_automation"} <= kinds
    assert turns[2].reply == say("after_handoff", when="shortly"), "the next message is acknowledged"
    assert any(action["type"] == "task" for action in turns[2].actions), "and routed to the agent"
    assert turns[3].reply is None, "at most one acknowledgement an hour: the agent has the conversation"
    assert state.handed_off and turns[3].lead_score >= turns[0].lead_score, "the score is not frozen"


def test_a_handoff_at_night_says_the_agent_replies_in_the_morning() -> None:
    night = datetime(2026, 11, 21, 4, 30, tzinfo=UTC)  # 22:30 in Austin
    turn = Engine().respond(LeadState(), "can I talk to a real person?", now=night)
    assert turn.handoff and "after 8 AM" in turn.reply


@pytest.mark.parametrize(
    ("question", "source"),
    [
        ("is Manor a safe area?", "crime map"),
        ("are the schools good in Hutto?", "txschools.gov"),
        ("what are the demographics of East Austin?", "Census"),
    ],
)
def test_steering_questions_get_neutral_sources_and_a_flag(question: str, source: str) -> None:
    _, turns = _talk("hi", question)
    assert source in turns[1].reply and turns[1].compliance_flags == ["fair_housing"]


def test_legal_and_financial_advice_goes_to_a_human() -> None:
    _, turns = _talk("hi", "should I wait to buy until rates drop?")
    assert turns[1].handoff_reason == "advice"


def test_a_question_left_unanswered_twice_hands_a_warm_lead_over_and_leaves_a_cold_one_in_peace() -> None:
    _, turns = _talk("hi", "hmm", "whatever", "idk lol")
    assert turns[-1].reply == say("soft_close") and not any(turn.handoff for turn in turns), "cold: no agent bothered"
    _, warm = _talk("we want to buy in Round Rock around 450k next spring", "hmm", "whatever", "idk lol", "no idea")
    assert any(turn.handoff_reason in ("repeated_question", "low_confidence") for turn in warm)


def test_routing_has_hysteresis_between_buyer_and_seller() -> None:
    state, _ = _talk("looking to buy in Round Rock", "also my condo, might list it")
    assert state.bot == "buyer", "one weak seller signal does not switch bots"
    _talk("we need to sell our house first, what's it worth?", state=state)
    assert state.bot == "seller"


def test_every_template_in_every_language_passes_the_fair_housing_check_and_fits_an_sms() -> None:
    assert set(wording.en.TEXTS) == set(wording.es.TEXTS), "every key exists in both languages"
    for language, texts in wording.LANGUAGES.items():
        flagged = [key for key, template in texts.items() if check_text(template)]
        assert flagged == [], (language, flagged)
        intro = say("intro", language)
        assert all(len(intro + template) <= wording.SMS_LIMIT for template in texts.values()), language
    assert len(wording.sms("word " * 200)) <= wording.SMS_LIMIT


def test_quiet_hours_hold_replies_until_nine_in_austin() -> None:
    assert next_send_time(NOW) == NOW
    late = datetime(2026, 11, 21, 4, 30, tzinfo=UTC)  # 22:30 on a Friday in Austin
    held = next_send_time(late)
    assert held.astimezone(held.tzinfo).hour == 9 and held > late
    early = datetime(2026, 11, 21, 12, 0, tzinfo=UTC)  # 06:00 on a Saturday in Austin
    assert next_send_time(early).hour == 9 and next_send_time(early).date() == early.date()


def test_state_survives_a_round_trip_through_json() -> None:
    state, _ = _talk("3 bed in Cedar Park around 500k next month", "not pre-approved yet")
    assert LeadState.from_json(state.to_json()) == state


# -- the service behind the API, on a real database ----------------------------------------------------------

EMAIL_OR_PHONE = re.compile(r"@example\.com|555-?0199")


@pytest.fixture
def api(migrated, data_dir):
    app = create_app(load_settings(database_url=migrated.url, data_dir=data_dir))
    with TestClient(app=app) as client:
        chat_key = create_key(migrated, "widget", ["chat"])[1]
        staff_key = create_key(migrated, "crm", ["chat", "leads"])[1]
        yield client, migrated, {"chat": chat_key, "staff": staff_key}


def test_chat_creates_a_lead_continues_it_and_stores_no_personal_data_in_clear(api) -> None:
    client, database, keys = api
    first = client.post(
        "/v1/chat",
        headers={"X-API-Key": keys["chat"]},
        json={
            "message": "Hi! Looking for a 3 bed in Georgetown, email me at jane.doe@example.com",
            "contact": {
                "name": "Jane Doe",
                "phone": "(512) 555-0199",
                "email": "jane.doe@example.com",
                "sms_consent": True,
            },
        },
    )
    assert first.status_code == 201, first.text
    body = first.json()
    assert body["bot"] == "buyer" and body["intent"] == "buyer_intent" and "AI assistant" in body["reply"]
    second = client.post(
        "/v1/chat",
        headers={"X-API-Key": keys["chat"]},
        json={"session_token": body["session_token"], "message": "around 450k, next month"},
    )
    assert second.json()["lead_id"] == body["lead_id"], "the session continues the same conversation"
    assert second.json()["lead_score"] > body["lead_score"]
    with database.engine.connect() as connection:
        stored = " ".join(
            str(row)
            for table in ("leads", "conversation_messages", "bot_decisions")
            for row in connection.execute(text(f"select * from app.{table}")).all()  # noqa: S608
        )
        messages = connection.execute(text("select count(*) from app.conversation_messages")).scalar_one()
    assert not EMAIL_OR_PHONE.search(stored) and "Jane" not in stored
    assert messages == 4


def test_keys_are_required_scoped_and_errors_keep_the_shape(api) -> None:
    client, _, keys = api
    assert client.post("/v1/chat", json={"message": "hi"}).json()["code"] == "HTTP_401"
    assert client.get("/v1/leads", headers={"X-API-Key": keys["chat"]}).status_code == 403
    assert client.post("/v1/chat", headers={"X-API-Key": "ehk_nope_nope"}, json={"message": "hi"}).status_code == 401
    malformed = client.post("/v1/chat", headers={"X-API-Key": keys["chat"]}, json={"message": ""})
    assert malformed.status_code == 400 and set(malformed.json()) <= {"error", "message", "field", "code"}
    unknown = client.post(
        "/v1/chat",
        headers={"X-API-Key": keys["staff"]},
        json={"message": "hi", "lead_id": "00000000-0000-0000-0000-000000000000"},
    )
    assert unknown.status_code == 404 and unknown.json()["code"] == "LEAD_NOT_FOUND"
    not_json = client.post(
        "/v1/chat", headers={"X-API-Key": keys["chat"], "Content-Type": "application/json"}, content=b"{not json"
    )
    assert not_json.status_code == 400


def test_reading_a_lead_is_audited_and_returns_the_decrypted_conversation(api) -> None:
    client, database, keys = api
    lead_id = client.post(
        "/v1/chat",
        headers={"X-API-Key": keys["staff"]},
        json={"message": "selling my house in Kyle", "contact": {"name": "Sam Seller"}},
    ).json()["lead_id"]
    client.post(
        "/v1/chat", headers={"X-API-Key": keys["staff"]}, json={"message": "about 2,000 sqft", "lead_id": lead_id}
    )
    lead = client.get(f"/v1/leads/{lead_id}", headers={"X-API-Key": keys["staff"]}).json()
    assert lead["contact"] == {"name": "Sam Seller"} and lead["conversation"][0]["text"] == "selling my house in Kyle"
    assert [message["direction"] for message in lead["conversation"]] == ["inbound", "outbound"] * 2
    assert lead["conversation"][2]["text"] == "about 2,000 sqft"
    listing = client.get("/v1/leads", headers={"X-API-Key": keys["staff"]}).json()
    assert listing[0]["lead_id"] == lead_id and "contact" not in listing[0]
    with database.engine.connect() as connection:
        audit = connection.execute(
            text("select action, cast(lead_id as text), route from app.audit_log order by audit_id")
        ).all()
    assert audit == [
        ("handle_message", lead_id, "POST /v1/chat"),
        ("handle_message", lead_id, "POST /v1/chat"),
        ("read_lead", lead_id, "GET /v1/leads/{lead_id}"),
        ("list_leads", None, "GET /v1/leads"),
    ]


def test_rate_limit_is_per_key_and_answers_429_with_retry_after(api) -> None:
    client, _, keys = api
    statuses = [
        client.post("/v1/chat", headers={"X-API-Key": keys["staff"]}, json={"message": "hi"}).status_code
        for _ in range(101)
    ]
    assert statuses[:100] == [201] * 100 and statuses[100] == 429
    limited = client.post("/v1/chat", headers={"X-API-Key": keys["staff"]}, json={"message": "hi"})
    assert limited.headers["Retry-After"] and limited.json()["code"] == "HTTP_429"
    other = client.post("/v1/chat", headers={"X-API-Key": keys["chat"]}, json={"message": "hi"})
    assert other.status_code == 201, "another key has its own allowance"


def test_one_visitor_cannot_use_up_a_public_keys_allowance(migrated, data_dir) -> None:
    settings = load_settings(database_url=migrated.url, data_dir=data_dir, chat_visitor_requests_per_minute=5)
    widget = create_key(migrated, "widget", ["chat"], requests_per_minute=1000)[1]
    with TestClient(app=create_app(settings)) as visitor:
        statuses = [
            visitor.post("/v1/chat", headers={"X-API-Key": widget}, json={"message": "hi"}).status_code
            for _ in range(6)
        ]
    assert statuses == [201] * 5 + [429]


def test_sms_leads_get_replies_through_the_outbox_held_in_quiet_hours(migrated, cipher) -> None:
    from ehub.bots.service import BotService

    service = BotService(migrated, cipher, Engine())
    late = datetime(2026, 11, 21, 4, 30, tzinfo=UTC)
    service.handle("hi, buying in Buda", channel="sms", now=late, ghl_contact_id="ghlC1")
    service.handle("talk to a human please", channel="sms", now=late, ghl_contact_id="ghlC1")
    with migrated.engine.connect() as connection:
        rows = connection.execute(text("select kind, send_after from app.outbox order by outbox_id")).all()
        leads = connection.execute(text("select count(*) from app.leads")).scalar_one()
    assert leads == 1
    kinds = [kind for kind, _ in rows]
    assert kinds.count("message") == 2 and {"tag", "task"} <= set(kinds)
    assert all(send_after > late for kind, send_after in rows if kind == "message")


def test_metrics_are_published(api) -> None:
    client, _, keys = api
    client.post("/v1/chat", headers={"X-API-Key": keys["chat"]}, json={"message": "STOP"})
    metrics = client.get("/metrics").text
    assert 'ehub_http_requests_total{method="POST",path="/v1/chat",status="201"}' in metrics
    assert "ehub_opt_outs_total 1.0" in metrics and 'ehub_queue_depth{queue="outbox"}' in metrics


# -- the A/B experiment: wording only, never decisions ------------------------------------------------------

CONVERSATIONS = (
    ("hi", "Leander", "around 480k", "lease ends in March", "no agent", "not pre-approved yet", "yes"),
    ("hi there", "is Manor a safe area?", "STOP", "hello?", "START", "selling my house in Kyle"),
    ("looking for a home in Kyle", "hmm", "whatever", "idk lol"),
    ("we need to sell our house first, what's it worth?", "can I talk to a real person?", "hello?"),
)


def _decisions(turn) -> tuple:
    return (
        turn.bot,
        turn.intent,
        turn.confidence,
        turn.lead_score,
        turn.temperature,
        turn.handoff_reason,
        turn.compliance_flags,
        turn.actions,
        turn.reasons,
        turn.reply is None,
    )


@pytest.mark.parametrize("messages", CONVERSATIONS)
def test_variants_change_the_words_never_the_decisions(messages: tuple[str, ...]) -> None:
    control_state, control = _talk(*messages, state=LeadState(variant="control"))
    concise_state, concise = _talk(*messages, state=LeadState(variant="concise"))
    assert [_decisions(turn) for turn in control] == [_decisions(turn) for turn in concise]
    assert [turn.variant for turn in concise] == ["concise"] * len(messages)
    assert {**control_state.to_json(), "variant": None} == {**concise_state.to_json(), "variant": None}
    assert control[0].reply != concise[0].reply, "the opening differs"
    assert "AI assistant" in concise[0].reply, "every variant says it is an AI assistant"
    words = sum(len(turn.reply.split()) for turn in concise if turn.reply)
    assert words < sum(len(turn.reply.split()) for turn in control if turn.reply), "concise uses fewer words"


def test_compliance_wording_is_the_same_in_every_variant() -> None:
    for variant in wording.STYLES:
        _, turns = _talk("hi", "STOP", "START", "are the schools good in Hutto?", state=LeadState(variant=variant))
        assert turns[1].reply == say("opt_out_confirmation") and turns[2].reply == say("opt_in_confirmation")
        assert turns[3].reply == wording.sms(say("steering.schools"))
    concise = [text for key, text in wording.en.TEXTS.items() if key.endswith(".concise")]
    assert [text for text in concise if check_text(text)] == []


def test_assignment_is_deterministic_balanced_and_validated() -> None:
    from ehub.bots.experiments import assign_variant, parse_experiment
    from ehub.errors import ConfigError

    experiment = parse_experiment("reply_style:control=50,concise=50")
    ids = [f"00000000-0000-4000-8000-{number:012d}" for number in range(2000)]
    first = [experiment.assign(lead) for lead in ids]
    assert first == [experiment.assign(lead) for lead in ids], "a pure function of the lead id"
    assert 0.45 < first.count("concise") / len(ids) < 0.55
    renamed = parse_experiment("reply_style_v2:control=50,concise=50")
    assert first != [renamed.assign(lead) for lead in ids], "a new experiment reshuffles the buckets"
    assert {parse_experiment("x:control=0,concise=1").assign(lead) for lead in ids[:50]} == {"concise"}
    assert assign_variant(None, ids[0]) == "control" and parse_experiment("  ") is None
    assert load_settings(bot_experiment="reply_style:control=90, concise=10").bot_experiment == (
        "reply_style:control=90,concise=10"
    )
    for bad in ("control=50,concise=50", "x:control=50,verbose=50", "x:control=0", "x:control=5,control=5", "X:a"):
        with pytest.raises(ConfigError) as error:
            load_settings(bot_experiment=bad)
        assert error.value.field == "EHUB_BOT_EXPERIMENT"


def test_the_variant_is_assigned_once_recorded_and_shown_by_the_api(migrated, data_dir, cipher) -> None:
    from ehub.bots.experiments import parse_experiment
    from ehub.bots.service import BotService

    settings = load_settings(database_url=migrated.url, data_dir=data_dir, bot_experiment="rs:control=0,concise=1")
    with TestClient(app=create_app(settings)) as client:
        key = create_key(migrated, "widget", ["chat"])[1]
        first = client.post("/v1/chat", headers={"X-API-Key": key}, json={"message": "hi"}).json()
    assert first["variant"] == "concise" and first["reply"].startswith("Jorge here, AI assistant")
    everyone_control = BotService(migrated, cipher, Engine(), experiment=parse_experiment("rs:control=1"))
    later = everyone_control.handle("Round Rock, around 400k", now=NOW, lead_id=first["lead_id"])
    assert later.turn.variant == "concise", "a lead keeps its variant when the experiment changes"
    assert everyone_control.handle("hi", now=NOW).turn.variant == "control"
    with migrated.engine.connect() as connection:
        lead = connection.execute(
            text("select variant from app.leads where lead_id = cast(:id as uuid)"), {"id": first["lead_id"]}
        ).scalar_one()
        decided = connection.execute(
            text("select distinct variant from app.bot_decisions where lead_id = cast(:id as uuid)"),
            {"id": first["lead_id"]},
        ).scalar_one()
    assert lead == decided == "concise"


def test_a_sellers_home_address_is_kept_sealed_never_in_the_state(migrated, cipher) -> None:
    from ehub.bots.contacts import sealed_address
    from ehub.bots.service import BotService

    service = BotService(migrated, cipher, Engine())
    first = service.handle(
        "I want to sell my house at 4511 Avenue D in Hyde Park", channel="sms", now=NOW, ghl_contact_id="ghlS1"
    )
    later = service.handle("it's about 1,900 sq ft", channel="sms", now=NOW, ghl_contact_id="ghlS1")
    with migrated.engine.connect() as connection:
        row = connection.execute(text("select state::text, pii_sealed from app.leads")).one()
        stored = " ".join(str(r) for r in connection.execute(text("select * from app.bot_decisions")).all())
    assert "4511" not in row.state and "Avenue D" not in row.state and "4511" not in stored
    assert str(sealed_address(cipher, row.pii_sealed)).startswith("4511 Avenue D")
    assert first.lead_id == later.lead_id
