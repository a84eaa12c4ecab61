"""The outbox to GoHighLevel delivers each reply exactly once, never stalls intake, and re-checks
consent, do-not-disturb and quiet hours when an entry is sent.

GoHighLevel is a stand-in on a real local socket (`tests.ghl_standin`): the sandbox API behind an
HTTP server that can drop connections after accepting a request, answer HTML, or be down. What
the bots wrote is read back from the sandbox's CRM; the worker and the CLI run as the real `ehub`.
"""

from __future__ import annotations

import json
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from ehub.bots.crm_events import apply_crm_event
from ehub.bots.engine import Engine
from ehub.bots.outbox import MAX_ATTEMPTS, drain_outbox
from ehub.bots.pacing import CircuitBreaker
from ehub.bots.records import enqueue
from ehub.bots.service import BotService
from ehub.crypto import PersonalDataCipher, cipher_from_settings, generate_keys
from ehub.db import Database
from ehub.errors import UnavailableError
from ehub.privacy.notices import DEVELOPMENT_NOTICES as NOTICES
from ehub.settings import load_settings
from ehub.sources.ghl.client import GhlClient
from ehub.sources.http import RetryPolicy, UncertainOutcomeError
from sandbox.ghl_api import SANDBOX_GHL_TOKEN
from sandbox.ghl_data import LOCATION_ID, object_id
from sandbox.ghl_webhooks import signed_webhook
from sandbox.sources import SANDBOX
from tests.cli_helpers import EHUB, ehub_env, run_ehub
from tests.ghl_standin import GhlStandIn
from tools.runtime import free_port

DAY = datetime(2030, 6, 4, 15, 0, tzinfo=UTC)  # 10:00 in Austin, and later than any wall clock the CLI reads
NIGHT = datetime(2030, 6, 4, 3, 30, tzinfo=UTC)  # 22:30 in Austin, June 3
MORNING = datetime(2030, 6, 4, 14, 5, tzinfo=UTC)  # 09:05 in Austin, a Tuesday: Texas allows texts from 9
CONTACT = object_id("c", 3)  # a contact of the sandbox CRM, with a conversation of its own


@pytest.fixture
def standin() -> Iterator[GhlStandIn]:
    server = GhlStandIn()
    yield server
    server.close()


@pytest.fixture
def keys() -> dict[str, str]:
    """Keys shared with the `ehub` processes a test starts, so they read what the test sealed."""
    return generate_keys()


def _cipher(keys: dict[str, str]) -> PersonalDataCipher:
    return cipher_from_settings(
        load_settings(encryption_keys=keys["EHUB_ENCRYPTION_KEYS"], blind_index_key=keys["EHUB_BLIND_INDEX_KEY"])
    )


def _environment(database: Database, standin: GhlStandIn, keys: dict[str, str]) -> dict[str, str]:
    """How a deployment points `ehub` at GoHighLevel, here at the stand-in."""
    return {
        "EHUB_DATABASE_URL": database.url,
        "EHUB_GHL_BASE_URL": standin.url,
        "EHUB_GHL_TOKEN": SANDBOX_GHL_TOKEN,
        "EHUB_GHL_LOCATION_ID": LOCATION_ID,
        **keys,
    }


def _entries(database: Database, kind: str = "message") -> list:
    with database.engine.connect() as connection:
        return connection.execute(
            text("select * from app.outbox where kind = :kind order by outbox_id"), {"kind": kind}
        ).all()


def _wait(condition: Callable[[], bool], *, within: float, what: str) -> float:
    started = time.monotonic()
    while not condition():
        assert time.monotonic() - started < within, f"not within {within} s: {what}"
        time.sleep(0.05)
    return time.monotonic() - started


# -- exactly once: an attempt whose answer was lost is checked before it is sent again -------------


def test_the_client_never_resends_a_post_that_may_have_landed_but_retries_reads_and_429(standin) -> None:
    with standin.client() as client:
        standin.fault("drop_after_accept", path="/contacts/c1/tasks")
        with pytest.raises(UncertainOutcomeError, match="may have been applied"):
            client.create_task("c1", "Call the lead", DAY)
        assert len(standin.sandbox.tasks["c1"]) == 1, "GHL created it once; the client did not create it again"
        standin.fault("drop_after_accept", method="GET", path="/contacts/c1/tasks")
        assert len(client.contact_tasks("c1")) == 1, "a read is simply retried"
        standin.sandbox.inject_failures(429)  # GHL did no work: retrying is safe
        client.create_task("c1", "Book the showing", DAY)
        standin.fault("drop_after_accept", path="/contacts/c1/tags")
        client.add_tags("c1", ["buyer"])  # a set: repeating it changes nothing
        standin.fault("html")
        with pytest.raises(UncertainOutcomeError, match="not JSON"):
            client.send_message("c1", "Hello from Jorge")
    assert [task["title"] for task in standin.sandbox.tasks["c1"]] == ["Call the lead", "Book the showing"]
    assert standin.sandbox.tags["c1"] == {"buyer"} and standin.messages_to("c1") == ["Hello from Jorge"]
    unreachable = GhlClient(
        base_url=f"http://127.0.0.1:{free_port()}",
        token=SANDBOX_GHL_TOKEN,
        location_id=LOCATION_ID,
        write_retry=RetryPolicy(2, 0, 0),
    )
    with unreachable, pytest.raises(UnavailableError) as refused:
        unreachable.send_message("c1", "Hello")
    assert not isinstance(refused.value, UncertainOutcomeError), "a connection never opened sent nothing"


@pytest.mark.parametrize("fault", ["drop_after_accept", "drop_before_accept"])
def test_a_reply_whose_connection_dropped_is_delivered_exactly_once(migrated, cipher, standin, fault) -> None:
    reply = (
        BotService(migrated, cipher, Engine())
        .handle("hi, buying in Kyle", channel="sms", now=DAY, ghl_contact_id=CONTACT)
        .turn.reply
    )
    standin.fault(fault)
    with standin.client() as client:
        assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY) == {"retry": 1}
        (entry,) = _entries(migrated)
        assert entry.status == "pending" and entry.uncertain and entry.attempts == 1
        assert "GHL_OUTCOME_UNKNOWN" in entry.last_error and reply not in entry.last_error
        assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY + timedelta(seconds=5)) == {}, "it backs off"
        later = drain_outbox(migrated, cipher, client, NOTICES, now=DAY + timedelta(minutes=1))
    landed = fault == "drop_after_accept"
    assert later == ({"confirmed": 1} if landed else {"sent": 1})
    assert standin.messages_to(CONTACT) == [reply], "delivered exactly once"
    (entry,) = _entries(migrated)
    (message,) = [m for ms in standin.sandbox.sent.values() for m in ms]
    assert (entry.status, entry.uncertain, entry.ghl_id) == ("sent", False, message["id"])


def test_a_task_whose_answer_was_lost_is_found_not_created_again(migrated, cipher, standin) -> None:
    BotService(migrated, cipher, Engine()).handle(
        "I want to talk to a human", channel="sms", now=DAY, ghl_contact_id=CONTACT
    )
    standin.fault("drop_after_accept", path=f"/contacts/{CONTACT}/tasks")
    with standin.client() as client:
        assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY) == {"sent": 2, "retry": 1}
        assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY + timedelta(minutes=1)) == {"confirmed": 1}
    (task,) = standin.sandbox.tasks[CONTACT]
    assert _entries(migrated, "task")[0].ghl_id == task["id"]


def test_a_200_with_an_html_body_never_kills_the_worker_and_the_reply_goes_once(
    migrated, standin, keys, data_dir
) -> None:
    confirmation = (
        BotService(migrated, _cipher(keys), Engine())
        .handle("STOP", channel="sms", now=datetime.now(UTC), ghl_contact_id=CONTACT)
        .turn.reply
    )
    standin.fault("html")
    environment = _environment(migrated, standin, keys)
    first = run_ehub("worker", "--once", "--outbox-backoff", "2", data_dir=data_dir, **environment)
    assert first.returncode == 0, first.stdout + first.stderr
    (entry,) = _entries(migrated)
    assert entry.status == "pending" and entry.uncertain and "not JSON" in entry.last_error
    assert _entries(migrated, "dnd")[0].status == "sent", "the other entries went on"
    time.sleep(2.5)
    again = run_ehub("worker", "--once", "--outbox-backoff", "2", data_dir=data_dir, **environment)
    assert again.returncode == 0, again.stdout + again.stderr
    assert "confirmed" in again.stdout
    assert standin.messages_to(CONTACT) == [confirmation], "delivered exactly once"
    assert _entries(migrated)[0].status == "sent"


def test_worker_once_works_both_queues_until_nothing_is_due(migrated, standin, keys, data_dir) -> None:
    now, backlog = datetime.now(UTC), 105  # more than one batch of each queue
    service = BotService(migrated, _cipher(keys), Engine())
    with migrated.engine.begin() as connection:
        for number in range(backlog):
            lead = service.register_contact(connection, f"ghlOnce{number:03d}", None)
            enqueue(connection, lead, "tag", {"type": "tag", "tag": "buyer"}, now=now, send_after=now)
        enqueue(connection, lead, "tag", {"type": "tag", "tag": "later"}, now=now, send_after=now + timedelta(days=1))
    settings = load_settings(database_url=migrated.url, data_dir=data_dir, sources="sandbox", **_key_settings(keys))
    with TestClient(app=create_app(settings, offline=SANDBOX)) as api:
        for number in range(backlog):
            event = {**_inbound(f"wh-{number}", f"ghlOnce{number:03d}"), "body": "hi, any 3 beds in Buda?"}
            body, headers = signed_webhook(event)
            assert api.post("/webhooks/ghl", content=body, headers=headers).json() == {"status": "queued"}
    done = run_ehub("worker", "--once", data_dir=data_dir, **_environment(migrated, standin, keys))
    assert done.returncode == 0, done.stdout + done.stderr
    with migrated.engine.connect() as connection:
        events = dict(connection.execute(text("select status, count(*) from app.webhook_events group by 1")).all())
        tags = connection.execute(
            text("select detail ->> 'tag', status, count(*) from app.outbox where kind = 'tag' group by 1, 2")
        ).all()
    assert events == {"done": backlog}
    assert sorted(tags) == [("buyer", "sent", backlog), ("later", "pending", 1)], "what is not due yet waits"


def _inbound(webhook: str, contact: str) -> dict:
    return {
        "type": "InboundMessage",
        "webhookId": webhook,
        "locationId": LOCATION_ID,
        "contactId": contact,
        "messageId": f"msg-{webhook}",
        "messageType": "SMS",
        "direction": "inbound",
        "body": "STOP",
    }


# -- an outage of GoHighLevel never stalls intake -----------------------------------------------------


def test_a_drain_stops_at_once_when_ghl_is_down_and_probes_it_after_a_pause(migrated, cipher, standin) -> None:
    service = BotService(migrated, cipher, Engine())
    with migrated.engine.begin() as connection:
        for number in range(20):
            lead = service.register_contact(connection, f"ghlBacklog{number:02d}", None)
            enqueue(connection, lead, "tag", {"type": "tag", "tag": "buyer"}, now=DAY, send_after=DAY)
    standin.down = True
    breaker = CircuitBreaker(cooldown=0.5)
    with standin.client() as client:
        assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY, breaker=breaker) == {"retry": 3}
        assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY, breaker=breaker) == {}, "GHL is down: a pause"
        assert len(standin.served) == 3 * 3, "three entries, each with the client's three tries"
        time.sleep(0.6)
        assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY, breaker=breaker) == {"retry": 1}, "one probe"
        standin.down = False
        time.sleep(0.6)
        assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY + timedelta(hours=1), breaker=breaker) == {
            "sent": 20
        }
    tagged = [path for method, path, _ in standin.sandbox.writes if path.endswith("/tags")]
    assert len(tagged) == len(set(tagged)) == 20


def test_with_ghl_down_and_a_backlog_a_stop_is_recorded_within_seconds(
    migrated, standin, keys, data_dir: Path, tmp_path: Path
) -> None:
    cipher, now = _cipher(keys), datetime.now(UTC)
    service = BotService(migrated, cipher, Engine())
    with migrated.engine.begin() as connection:
        for number in range(20):
            lead = service.register_contact(connection, f"ghlBacklog{number:02d}", None)
            enqueue(connection, lead, "tag", {"type": "tag", "tag": "buyer"}, now=now, send_after=now)
    standin.down = True
    log = (tmp_path / "worker.log").open("w")
    worker = subprocess.Popen(
        [EHUB, "worker", "--interval", "0.2", "--outbox-backoff", "1"],
        env=ehub_env(data_dir, **_environment(migrated, standin, keys)),
        stdout=log,
        stderr=subprocess.STDOUT,
        cwd=data_dir,
    )
    try:
        _wait(lambda: any(status == 503 for *_, status in standin.served), within=60, what="the worker tries GHL")
        settings = load_settings(database_url=migrated.url, data_dir=data_dir, sources="sandbox", **_key_settings(keys))
        stop = _inbound("wh-stop", "ghlStop")
        with TestClient(app=create_app(settings, offline=SANDBOX)) as api:
            body, headers = signed_webhook(stop)
            assert api.post("/webhooks/ghl", content=body, headers=headers).json() == {"status": "queued"}

        def recorded() -> bool:
            with migrated.engine.connect() as connection:
                return bool(
                    connection.execute(
                        text("select opted_out_at is not null from app.leads where ghl_contact_id = 'ghlStop'")
                    ).scalar()
                )

        took = _wait(recorded, within=15, what="the STOP is recorded while GHL is down")
        print(f"STOP recorded {took:.2f} s after its webhook, GHL down, 20 entries queued")
        assert standin.down and not any(e.status == "sent" for e in _entries(migrated, "tag"))

        standin.down = False

        def delivered() -> bool:
            with migrated.engine.connect() as connection:
                return not connection.execute(text("select count(*) from app.outbox where status <> 'sent'")).scalar()

        _wait(delivered, within=90, what="the backlog and the STOP's confirmation reach GHL once GHL is back")
    finally:
        worker.send_signal(signal.SIGTERM)
        code = worker.wait(timeout=60)
        log.close()
        print((tmp_path / "worker.log").read_text())  # shown when the test fails
    assert code == 0
    tagged = [path for method, path, _ in standin.sandbox.writes if path.endswith("/tags")]
    assert len(tagged) == len(set(tagged)) == 20
    assert len(standin.messages_to("ghlStop")) == 1, "the opt-out confirmation, once"


def _key_settings(keys: dict[str, str]) -> dict[str, str]:
    return {"encryption_keys": keys["EHUB_ENCRYPTION_KEYS"], "blind_index_key": keys["EHUB_BLIND_INDEX_KEY"]}


# -- parked entries: counted, alerted, listed and re-queued -----------------------------------------


def test_entries_that_exhaust_their_tries_are_parked_counted_alerted_listed_and_requeued(
    migrated, standin, keys, data_dir
) -> None:
    cipher = _cipher(keys)
    reply = (
        BotService(migrated, cipher, Engine())
        .handle("hi, buying in Kyle", channel="sms", now=DAY, ghl_contact_id=CONTACT)
        .turn.reply
    )
    standin.down = True
    with standin.client() as client:
        outcomes = [
            drain_outbox(migrated, cipher, client, NOTICES, now=DAY + timedelta(minutes=40 * n))
            for n in range(MAX_ATTEMPTS)
        ]
    assert outcomes == [{"retry": 1}] * (MAX_ATTEMPTS - 1) + [{"parked": 1}]
    (entry,) = _entries(migrated)
    assert entry.status == "parked" and entry.parked_at is not None and entry.uncertain

    settings = load_settings(database_url=migrated.url, data_dir=data_dir, **_key_settings(keys))
    with TestClient(app=create_app(settings, offline=SANDBOX)) as api:
        metrics = api.get("/metrics").text
    assert 'ehub_outbox_entries{status="parked"} 1.0' in metrics
    assert 'ehub_outbox_entries{status="pending"} 0.0' in metrics

    environment = _environment(migrated, standin, keys)
    checked = run_ehub("--json", "alerts", "check", data_dir=data_dir, **environment)
    firing = {alert["metric"]: alert for alert in json.loads(checked.stdout)["firing"]}
    assert firing["outbox_parked_entries"]["value"] == 1 and "1 message" in firing["outbox_parked_entries"]["detail"]

    listed = run_ehub("--json", "outbox", "list", "--status", "parked", data_dir=data_dir, **environment)
    assert listed.returncode == 0, listed.stderr
    (shown,) = json.loads(listed.stdout)
    assert (shown["outbox_id"], shown["kind"], shown["purpose"], shown["uncertain"]) == (
        entry.outbox_id,
        "message",
        "reply",
        True,
    )
    human = run_ehub("outbox", "list", data_dir=data_dir, **environment).stdout
    assert f"{entry.outbox_id}  parked" in human and "may have reached GHL" in human and reply not in human

    requeued = run_ehub("--json", "outbox", "retry", str(entry.outbox_id), data_dir=data_dir, **environment)
    assert json.loads(requeued.stdout) == {"requeued": [entry.outbox_id]}
    twice = run_ehub("--json", "outbox", "retry", str(entry.outbox_id), data_dir=data_dir, **environment)
    assert twice.returncode == 2 and json.loads(twice.stdout)["code"] == "OUTBOX_ENTRY_NOT_PARKED"
    assert run_ehub("outbox", "retry", "--all-parked", data_dir=data_dir, **environment).stdout.startswith(
        "Re-queued 0 parked entries"
    )

    standin.down = False
    with standin.client() as client:
        assert drain_outbox(migrated, cipher, client, NOTICES, now=DAY + timedelta(hours=8)) == {"sent": 1}
    assert standin.messages_to(CONTACT) == [reply]


# -- consent, do-not-disturb and quiet hours, re-checked when an entry is sent ---------------------


def test_a_reply_queued_before_a_stop_is_never_sent_after_it(migrated, cipher, standin) -> None:
    service = BotService(migrated, cipher, Engine())
    held = {}
    for contact in ("ghlStopped", "ghlBackAgain"):
        held[contact] = service.handle("hi, buying in Kyle", channel="sms", now=NIGHT, ghl_contact_id=contact)
        stop = service.handle("STOP", channel="sms", now=NIGHT + timedelta(minutes=5), ghl_contact_id=contact)
    start = service.handle("START", channel="sms", now=NIGHT + timedelta(minutes=9), ghl_contact_id="ghlBackAgain")
    with standin.client() as client:
        assert drain_outbox(migrated, cipher, client, NOTICES, now=NIGHT + timedelta(minutes=10)) == {"sent": 5}
        assert drain_outbox(migrated, cipher, client, NOTICES, now=MORNING) == {"cancelled": 2, "sent": 1}
    assert standin.messages_to("ghlStopped") == [stop.turn.reply], "only the confirmation, at once"
    assert standin.messages_to("ghlBackAgain") == [stop.turn.reply, start.turn.reply]
    cancelled = [entry for entry in _entries(migrated) if entry.status == "cancelled"]
    assert len(cancelled) == 2 and all("opted out" in entry.last_error for entry in cancelled)


def test_a_reply_due_in_quiet_hours_waits_for_nine_but_an_opt_out_confirmation_goes_at_once(
    migrated, cipher, standin
) -> None:
    service = BotService(migrated, cipher, Engine())
    evening = datetime(2030, 6, 5, 1, 55, tzinfo=UTC)  # 20:55 in Austin: the reply may go at once
    reply = service.handle("hi, buying in Kyle", channel="sms", now=evening, ghl_contact_id=CONTACT).turn.reply
    late = evening + timedelta(minutes=10)  # the drain reaches it at 21:05: quiet hours
    stop = service.handle("STOP", channel="sms", now=late, ghl_contact_id="ghlLate").turn.reply
    with standin.client() as client:
        assert drain_outbox(migrated, cipher, client, NOTICES, now=late) == {"deferred": 1, "sent": 2}
        (entry,) = [entry for entry in _entries(migrated) if entry.status == "pending"]
        assert entry.send_after == datetime(2030, 6, 5, 14, 0, tzinfo=UTC) and entry.attempts == 0  # 09:00
        assert drain_outbox(migrated, cipher, client, NOTICES, now=datetime(2030, 6, 5, 13, 59, tzinfo=UTC)) == {}
        assert drain_outbox(migrated, cipher, client, NOTICES, now=datetime(2030, 6, 5, 14, 0, tzinfo=UTC)) == {
            "sent": 1
        }
    assert standin.messages_to("ghlLate") == [stop] and standin.messages_to(CONTACT) == [reply]


def test_dnd_or_a_handover_after_a_reply_was_queued_cancels_it(migrated, cipher, standin) -> None:
    service = BotService(migrated, cipher, Engine())
    for contact in ("ghlDnd", "ghlTakenOver"):
        service.handle("hi, buying in Kyle", channel="sms", now=NIGHT, ghl_contact_id=contact)
    handoff = service.handle("I want to talk to a human", channel="sms", now=NIGHT, ghl_contact_id="ghlAsked")
    later = NIGHT + timedelta(minutes=5)
    with migrated.engine.begin() as connection:
        apply_crm_event(service, connection, "ContactTagUpdate", {"tags": ["DND"]}, "ghlDnd", later)
        apply_crm_event(service, connection, "ContactTagUpdate", {"tags": ["human_handover"]}, "ghlTakenOver", later)
    with standin.client() as client:
        assert drain_outbox(migrated, cipher, client, NOTICES, now=MORNING) == {"cancelled": 2, "sent": 3}
    assert standin.messages_to("ghlDnd") == [] and standin.messages_to("ghlTakenOver") == []
    assert standin.messages_to("ghlAsked") == [handoff.turn.reply], "the handoff's own reply still goes"
    reasons = sorted(entry.last_error for entry in _entries(migrated) if entry.status == "cancelled")
    assert reasons == [
        "cancelled: a person took the lead over after this was queued",
        "cancelled: the CRM paused automation (tag:dnd)",
    ]
