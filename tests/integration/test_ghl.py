"""GoHighLevel: the client against the sandbox at the wire, and replication into Postgres."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import text

from ehub.db import Database
from ehub.errors import UnavailableError
from ehub.sources.ghl import sync
from ehub.sources.ghl.client import GhlClient
from ehub.sources.http import RetryPolicy, SourceRequestError
from ehub.sources.landing import unseal
from ehub.sources.throttle import HeaderThrottle
from sandbox.ghl_api import SANDBOX_GHL_TOKEN, GhlSandbox
from sandbox.ghl_data import LOCATION_ID
from sandbox.mls_data import SANDBOX_NOW

FAST = RetryPolicy(max_attempts=4, base_delay=0.0, max_delay=0.0)


def _client(sandbox: GhlSandbox, transport: httpx.BaseTransport | None = None, **kwargs) -> GhlClient:
    return GhlClient(
        base_url="https://services.leadconnectorhq.com",
        token=SANDBOX_GHL_TOKEN,
        location_id=LOCATION_ID,
        transport=transport or sandbox.transport,
        **{"retry": FAST, **kwargs},
    )


@pytest.fixture
def sandbox() -> GhlSandbox:
    return GhlSandbox(seed=3, scale=0.6)


def test_contacts_page_with_search_after_past_one_page(sandbox: GhlSandbox) -> None:
    with _client(sandbox) as client:
        pages = list(client.search_contacts())
    ids = [contact["id"] for page in pages for contact in page]
    assert len(pages) == 3 and len(ids) == len(set(ids)) == sandbox.visible == 1200


def test_contacts_incremental_returns_only_newer_updates(sandbox: GhlSandbox) -> None:
    cutoff = SANDBOX_NOW - timedelta(days=10)
    with _client(sandbox) as client:
        newer = [c for page in client.search_contacts(updated_after=cutoff) for c in page]
    expected = [c for c in sandbox.contacts() if c["dateUpdated"] > cutoff.isoformat()[:19]]
    assert newer and {c["id"] for c in newer} == {c["id"] for c in expected}


def test_opportunities_conversations_and_messages_follow_their_paging(sandbox: GhlSandbox) -> None:
    with _client(sandbox) as client:
        opportunities = [o for page in client.iter_opportunities() for o in page]
        conversations = [c for page in client.iter_conversations() for c in page]
        busiest = max(conversations, key=lambda c: len(sandbox.life(int(c["id"][1:10])).messages))
        messages = list(client.iter_messages(busiest["id"]))
    assert len({o["id"] for o in opportunities}) == len(opportunities) == 1200
    assert {o["status"] for o in opportunities} <= {"open", "won", "lost", "abandoned"}
    started = sum(sandbox.life(i).conversation(sandbox.now) is not None for i in range(sandbox.visible))
    assert len(conversations) == started > 1190
    dates = [m["dateAdded"] for m in messages]
    assert dates == sorted(dates, reverse=True), "newest first, as the API returns them"
    assert {m["direction"] for m in messages} == {"inbound", "outbound"}


def test_every_request_carries_its_endpoint_version(sandbox: GhlSandbox) -> None:
    seen: list[httpx.Request] = []

    def recording(request: httpx.Request) -> httpx.Response:
        seen.append(request)
        return sandbox.handle(request)

    with _client(sandbox, httpx.MockTransport(recording)) as client:
        next(client.search_contacts())
        next(client.iter_conversations())
    versions = {request.url.path.split("/")[1]: request.headers["Version"] for request in seen}
    assert versions == {"contacts": "2021-07-28", "conversations": "2021-04-15"}


def test_a_wrong_location_is_refused_at_once(sandbox: GhlSandbox) -> None:
    client = GhlClient(
        base_url="https://services.leadconnectorhq.com",
        token=SANDBOX_GHL_TOKEN,
        location_id="someone-else",
        transport=sandbox.transport,
        retry=FAST,
    )
    with client, pytest.raises(SourceRequestError, match="HTTP 403"):
        next(client.search_contacts())


def test_the_client_throttles_itself_from_the_rate_limit_headers() -> None:
    sandbox = GhlSandbox(seed=3, scale=0.3, burst_limit=5, interval_ms=200, enforce_rate_limit=True)
    with _client(sandbox, throttle=HeaderThrottle(), retry=RetryPolicy(max_attempts=1)) as client:
        opportunities = [o for page in client.iter_opportunities() for o in page]
    assert len(opportunities) == 600 and sandbox.requests_served == 6


def test_429_and_5xx_are_retried_then_given_up(sandbox: GhlSandbox) -> None:
    sandbox.inject_failures(429, 502)
    with _client(sandbox) as client:
        assert len(client.pipelines()) == 1
    sandbox.inject_failures(*[503] * 4)
    with _client(sandbox) as client, pytest.raises(UnavailableError, match="ghl did not answer"):
        client.pipelines()


def _sync_all(database: Database, client: GhlClient, cipher) -> dict[str, int]:
    reports = {}
    for step in (
        sync.sync_pipelines,
        sync.sync_contacts,
        sync.sync_opportunities,
        sync.sync_conversations,
        sync.sync_messages,
    ):
        reports[step.__name__] = step(database, client, cipher).counts.inserted
    return reports


EMAIL_OR_PHONE = re.compile(r"@example\.(com|net|org)|\+1(512|737)555")


def test_replication_lands_everything_once_with_personal_data_sealed(migrated: Database, cipher) -> None:
    sandbox = GhlSandbox(seed=3, scale=0.1)
    with _client(sandbox) as client:
        first = _sync_all(migrated, client, cipher)
        again = _sync_all(migrated, client, cipher)
    assert first["sync_contacts"] == first["sync_opportunities"] == 200
    assert first["sync_messages"] > 1000
    assert set(again.values()) == {0}
    with migrated.engine.connect() as connection:
        for table in ("ghl_contacts", "ghl_opportunities", "ghl_conversations", "ghl_messages"):
            payloads = connection.execute(text(f"select payload::text from raw.{table}")).scalars().all()  # noqa: S608
            assert not any(EMAIL_OR_PHONE.search(p) for p in payloads), table
        contact = sandbox.contacts()[7]
        sealed = connection.execute(
            text("select pii_sealed from raw.ghl_contacts where phone_index = :index"),
            {"index": cipher.blind_index("phone", contact["phone"])},
        ).scalar_one()
    assert unseal(cipher, sealed)["email"] == contact["email"]


def test_advancing_time_brings_new_contacts_stage_changes_and_messages(migrated: Database, cipher) -> None:
    with _client(GhlSandbox(seed=3, scale=0.1)) as client:
        _sync_all(migrated, client, cipher)
    later = GhlSandbox(seed=3, scale=0.1, now=SANDBOX_NOW + timedelta(days=20))
    with _client(later) as client:
        contacts = sync.sync_contacts(migrated, client, cipher).counts
        opportunities = sync.sync_opportunities(migrated, client, cipher).counts
        sync.sync_conversations(migrated, client, cipher)
        messages = sync.sync_messages(migrated, client, cipher).counts
    assert contacts.inserted > 0 and contacts.updated > 0
    assert opportunities.updated > 0 and opportunities.unchanged > 0
    assert messages.inserted > 0 and messages.fetched == messages.inserted
    with migrated.engine.connect() as connection:
        stored = connection.execute(text("select count(*) from raw.ghl_messages")).scalar_one()
    assert stored == sum(len(later.life(i).visible_messages(later.now)) for i in range(later.visible))


def test_messages_resume_after_a_failure_without_losing_any(migrated: Database, cipher) -> None:
    sandbox = GhlSandbox(seed=3, scale=0.1)
    with _client(sandbox) as client:
        sync.sync_contacts(migrated, client, cipher)
        sync.sync_conversations(migrated, client, cipher)
    calls = {"n": 0}

    def fails_after_50(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        return httpx.Response(503) if calls["n"] > 50 else sandbox.handle(request)

    with _client(sandbox, httpx.MockTransport(fails_after_50)) as client, pytest.raises(UnavailableError):
        sync.sync_messages(migrated, client, cipher)
    with _client(sandbox) as client:
        sync.sync_messages(migrated, client, cipher)
    with migrated.engine.connect() as connection:
        stored = connection.execute(text("select count(*) from raw.ghl_messages")).scalar_one()
    assert stored == sum(len(sandbox.life(i).visible_messages(sandbox.now)) for i in range(sandbox.visible))
