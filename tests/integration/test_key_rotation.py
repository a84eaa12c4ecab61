"""Key rotation: every sealed value re-encrypted under a new key while the API serves traffic, no
request failing, and afterwards every value readable with the new key alone; a stopped rotation
resumes where it was; a blind-index key change re-indexes records and tombstones."""

from __future__ import annotations

import statistics
import threading
import time
from datetime import UTC, datetime

import httpx
import pytest
from cryptography.fernet import Fernet
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from ehub.bots.apikeys import create_key
from ehub.bots.audit import INTERNAL
from ehub.bots.contacts import Contact
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.crypto import cipher_from_settings, generate_keys
from ehub.db import Database
from ehub.db.migrate import upgrade
from ehub.privacy.erase import erase_person
from ehub.privacy.person import find_person
from ehub.privacy.rotation import reindex_blind_indexes, rotate_encryption, verify_encryption
from ehub.settings import load_settings
from ehub.sources.sync_all import sync_all_sources
from sandbox.sources import SANDBOX
from tests.api_server import serve_api

CLIENTS = 6
BATCH = 50


def _settings(url: str, data_dir, keys: str, index_key: str, **extra):
    return load_settings(
        database_url=url, data_dir=data_dir, sandbox_scale=0.2, encryption_keys=keys, blind_index_key=index_key, **extra
    )


def _load(base_url: str, chat_key: str, staff_key: str, leads: list[str], stop: threading.Event, results: list) -> None:
    """One client: web conversations of three messages, and reads of leads with their conversations."""
    with httpx.Client(base_url=base_url, timeout=30) as client:
        number = 0
        while not stop.is_set():
            session = None
            for message in ("hi, looking to buy in Round Rock", "around 450k", "in 3 months"):
                body = {"message": message, **({"session_token": session} if session else {})}
                started = time.perf_counter()
                answer = client.post("/v1/chat", headers={"X-API-Key": chat_key}, json=body)
                results.append((answer.status_code, time.perf_counter() - started))
                session = answer.json().get("session_token") if answer.status_code == 201 else None
            started = time.perf_counter()
            read = client.get(f"/v1/leads/{leads[number % len(leads)]}", headers={"X-API-Key": staff_key})
            results.append((read.status_code, time.perf_counter() - started))
            number += 1


def test_a_rotation_under_load_fails_no_request_and_leaves_every_value_readable_with_the_new_key_alone(
    server_database_url: str, tmp_path, capsys: pytest.CaptureFixture
) -> None:
    old = generate_keys()
    new_key = Fernet.generate_key().decode()
    before = _settings(server_database_url, tmp_path, old["EHUB_ENCRYPTION_KEYS"], old["EHUB_BLIND_INDEX_KEY"])
    database = Database(server_database_url)
    try:
        upgrade(database)
        sync_all_sources(
            before, database, cipher_from_settings(before), offline=SANDBOX
        )  # thousands of sealed values, old key
        service = BotService(database, cipher_from_settings(before), Engine())
        leads = []
        for number in range(20):
            contact = Contact(name=f"Lead {number}", phone=f"512555{number:04d}", email=f"lead{number}@example.com")
            with database.engine.begin() as connection:
                leads.append(service.register_contact(connection, f"c-rot-{number}", contact))
            service.handle(
                "we want to buy a 3 bed in Kyle", channel="sms", now=datetime.now(UTC), ghl_contact_id=f"c-rot-{number}"
            )
        chat_key = create_key(database, "widget", ["chat"], requests_per_minute=100_000)[1]
        staff_key = create_key(database, "crm", ["leads"], requests_per_minute=100_000)[1]

        rotating_keys = f"{new_key},{old['EHUB_ENCRYPTION_KEYS']}"  # the new key first: new writes use it
        during = _settings(server_database_url, tmp_path, rotating_keys, old["EHUB_BLIND_INDEX_KEY"])
        cipher = cipher_from_settings(during)
        assert sum(verify_encryption(database, cipher).values()) > 1000, "a real amount of data under the old key"
        environment = {
            "EHUB_ENCRYPTION_KEYS": rotating_keys,
            "EHUB_BLIND_INDEX_KEY": old["EHUB_BLIND_INDEX_KEY"],
            "EHUB_CHAT_VISITOR_REQUESTS_PER_MINUTE": "100000",
        }
        results: list[tuple[int, float]] = []
        stop = threading.Event()
        with serve_api(during, database, tmp_path / "api.log", **environment) as url:
            clients = [
                threading.Thread(target=_load, args=(url, chat_key, staff_key, leads, stop, results))
                for _ in range(CLIENTS)
            ]
            for thread in clients:
                thread.start()
            time.sleep(1)
            started = time.perf_counter()
            columns = rotate_encryption(database, cipher, batch_size=BATCH)
            seconds = time.perf_counter() - started
            time.sleep(1)
            stop.set()
            for thread in clients:
                thread.join()
        stale = verify_encryption(database, cipher)
        rotated = sum(column.rotated for column in columns)
        statuses = [status for status, _ in results]
        latencies = sorted(latency for _, latency in results)
        with capsys.disabled():
            ok = statuses.count(200) + statuses.count(201)
            p50, p95 = statistics.median(latencies) * 1000, latencies[int(len(latencies) * 0.95)] * 1000
            print(
                f"\nrotation under load: {rotated:,} values re-encrypted in {seconds:.1f} s ({len(columns)} sealed "
                f"columns, batches of {BATCH}) while {CLIENTS} clients made {len(results):,} requests: {ok:,} "
                f"succeeded, p50 {p50:.0f} ms, p95 {p95:.0f} ms"
            )
        assert set(statuses) <= {200, 201}, sorted(set(statuses))
        assert len(results) > 50 and rotated > 1000
        assert sum(stale.values()) == 0, {name: count for name, count in stale.items() if count}

        # The old key removed: the platform reads everything with the new key alone.
        after = _settings(server_database_url, tmp_path, new_key, old["EHUB_BLIND_INDEX_KEY"])
        assert rotate_encryption(database, cipher_from_settings(after), batch_size=200)  # resumes: nothing left
        with TestClient(app=create_app(after)) as client:
            for lead in leads[:5]:
                read = client.get(f"/v1/leads/{lead}", headers={"X-API-Key": staff_key})
                assert read.status_code == 200 and read.json()["contact"]["email"].startswith("lead"), read.text
    finally:
        database.dispose()


def test_a_stopped_rotation_resumes_where_it_was(migrated: Database, data_dir) -> None:
    old = generate_keys()
    settings = _settings(migrated.url, data_dir, old["EHUB_ENCRYPTION_KEYS"], old["EHUB_BLIND_INDEX_KEY"])
    service = BotService(migrated, cipher_from_settings(settings), Engine())
    for number in range(30):
        service.handle(f"message number {number}", channel="web", now=datetime.now(UTC))
    rotating = _settings(
        migrated.url,
        data_dir,
        f"{Fernet.generate_key().decode()},{old['EHUB_ENCRYPTION_KEYS']}",
        old["EHUB_BLIND_INDEX_KEY"],
    )
    cipher = cipher_from_settings(rotating)

    def interrupt(progress) -> None:
        if progress.column == "body_sealed" and progress.seen >= 10:
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        rotate_encryption(migrated, cipher, batch_size=10, on_progress=interrupt)
    assert verify_encryption(migrated, cipher)["app.conversation_messages.body_sealed"] == 50, "10 of 60 done"
    resumed = {f"{c.table}.{c.column}": c for c in rotate_encryption(migrated, cipher, batch_size=10)}
    assert resumed["app.conversation_messages.body_sealed"].seen == 60, "the first 10 were not read again"
    assert sum(verify_encryption(migrated, cipher).values()) == 0


def test_a_new_blind_index_key_re_indexes_records_and_the_tombstones_of_erased_people(
    migrated: Database, data_dir
) -> None:
    old = generate_keys()
    settings = _settings(migrated.url, data_dir, old["EHUB_ENCRYPTION_KEYS"], old["EHUB_BLIND_INDEX_KEY"])
    cipher = cipher_from_settings(settings)
    service = BotService(migrated, cipher, Engine())
    with migrated.engine.begin() as connection:
        service.register_contact(
            connection, "c-kept", Contact(name="Kept", phone="5125550101", email="kept@example.com")
        )
        service.register_contact(
            connection, "c-gone", Contact(name="Gone", phone="5125550102", email="gone@example.com")
        )
    erase_person(migrated, cipher, INTERNAL, email="gone@example.com", phone="5125550102")

    new_index_key = generate_keys()["EHUB_BLIND_INDEX_KEY"]
    rotated = cipher_from_settings(
        _settings(
            migrated.url,
            data_dir,
            old["EHUB_ENCRYPTION_KEYS"],
            new_index_key,
            previous_blind_index_key=old["EHUB_BLIND_INDEX_KEY"],
        )
    )
    with migrated.engine.connect() as connection:
        assert not find_person(connection, rotated, email="kept@example.com").found, "the old indexes miss"
    counts = reindex_blind_indexes(migrated, rotated, batch_size=1)
    assert counts["app.leads"] == 1 and counts["app.erasure_tombstones"] == 2
    with migrated.engine.connect() as connection:
        assert find_person(connection, rotated, email="kept@example.com").lead_ids, "found again under the new key"
        tokens = set(connection.execute(text("select token from app.erasure_tombstones")).scalars())
    from ehub.privacy.erase import tombstone_token

    assert tombstone_token("email", rotated.blind_index("email", "gone@example.com")) in tokens
    assert tombstone_token("phone", rotated.blind_index("phone", "5125550102")) in tokens
