"""One inbound message is answered once, even when two workers take it under two webhook ids at the
same moment."""

from __future__ import annotations

import threading
import time

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from ehub.bots.service import BotService
from ehub.bots.worker import process_webhooks
from tests.privacy_probe import (
    CONTACT,
    DAY,
    SMS,
    _post,
)

pytestmark = pytest.mark.both_backends  # concurrent claims: where the server's locking shows

# -- one inbound message, two webhook ids, two workers at once ---------------------------------------------


def _waiting_on_locks(database, count: int) -> None:
    """Wait until `count` sessions of the test database wait on a lock (both workers are mid-event)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        with database.engine.connect() as connection:  # a new transaction: pg_stat_activity is read once per one
            waiting = connection.execute(
                text(
                    "select count(*) from pg_stat_activity "
                    "where datname = current_database() and wait_event_type = 'Lock'"
                )
            ).scalar_one()
        if waiting >= count:
            return
        time.sleep(0.02)
    raise AssertionError(f"{count} sessions never waited on a lock")


def _in_threads(service: BotService, workers: int) -> tuple[list[threading.Thread], list[dict[str, int]]]:
    results: list[dict[str, int]] = []
    threads = [
        threading.Thread(target=lambda: results.append(process_webhooks(service, limit=1, clock=lambda: DAY)))
        for _ in range(workers)
    ]
    for thread in threads:
        thread.start()
    return threads, results


def _answers(database, message_id: str) -> tuple[int, int, list]:
    with database.engine.connect() as connection:
        inbound = connection.execute(
            text("select count(*) from app.conversation_messages where source_message_id = :id"), {"id": message_id}
        ).scalar_one()
        replies = connection.execute(text("select count(*) from app.outbox where kind = 'message'")).scalar_one()
        events = connection.execute(text("select status, last_error from app.webhook_events")).all()
    return inbound, replies, events


def _contact_wrote_before(client: TestClient, service: BotService) -> None:
    _post(client, {**SMS, "webhookId": "whFirst", "messageId": "msgFirst", "body": "hi, any 3 beds in Buda?"})
    assert process_webhooks(service, clock=lambda: DAY) == {"replied": 1}


def test_two_workers_taking_one_message_under_two_webhook_ids_answer_it_once(sandbox_service) -> None:
    client, database, service = sandbox_service
    _contact_wrote_before(client, service)
    again = {**SMS, "messageId": "msgTwice", "body": "do you have anything with a pool?"}
    _post(client, {**again, "webhookId": "whTwiceA"})
    _post(client, {**again, "webhookId": "whTwiceB"})
    with database.engine.begin() as connection:  # an agent's edit holds the lead: both workers queue up
        connection.execute(text("select 1 from app.leads where ghl_contact_id = :id for update"), {"id": CONTACT})
        threads, results = _in_threads(service, 2)
        _waiting_on_locks(database, 2)
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(next(iter(result)) for result in results) == ["duplicate message", "replied"]
    inbound, replies, events = _answers(database, "msgTwice")
    assert inbound == 1 and replies == 2, "one answer to the first message, one to this one"
    assert all(event == ("done", None) for event in events), "the duplicate is done, not retried"


def test_a_new_contacts_first_message_under_two_webhook_ids_is_answered_once(sandbox_service) -> None:
    client, database, service = sandbox_service
    first = {**SMS, "messageId": "msgNew", "body": "hi, any 3 beds in Buda?"}
    _post(client, {**first, "webhookId": "whNewA"})
    _post(client, {**first, "webhookId": "whNewB"})
    connection = database.engine.connect()
    try:  # something else creating this contact's lead holds both workers back, then gives up
        service.register_contact(connection, CONTACT, None)
        threads, results = _in_threads(service, 2)
        _waiting_on_locks(database, 2)
    finally:
        connection.rollback()
        connection.close()
    for thread in threads:
        thread.join(timeout=10)
    assert sorted(next(iter(result)) for result in results) == ["duplicate message", "replied"]
    inbound, replies, events = _answers(database, "msgNew")
    assert inbound == 1 and replies == 1
    assert all(event == ("done", None) for event in events)


def test_a_message_recorded_meanwhile_by_another_writer_ends_as_a_duplicate_not_a_failure(sandbox_service) -> None:
    client, database, service = sandbox_service
    _contact_wrote_before(client, service)
    _post(client, {**SMS, "webhookId": "whRace", "messageId": "msgRace", "body": "is the Kyle one still available?"})
    with database.engine.begin() as connection:  # e.g. a worker of the previous release, which took no lock
        service.handle(
            "is the Kyle one still available?",
            channel="sms",
            now=DAY,
            ghl_contact_id=CONTACT,
            source_message_id="msgRace",
            connection=connection,
        )
        threads, results = _in_threads(service, 1)
        _waiting_on_locks(database, 1)  # the worker has not seen the message; its insert will collide
    threads[0].join(timeout=10)
    assert results == [{"duplicate message": 1}]
    inbound, replies, events = _answers(database, "msgRace")
    assert inbound == 1 and replies == 2
    assert all(event == ("done", None) for event in events)
