"""Migrations, bulk loading and MLS replication on a real PostgreSQL (embedded and server)."""

from __future__ import annotations

import httpx
import pytest
from psycopg.types.json import Jsonb
from sqlalchemy import text

from ehub.db import Database
from ehub.db.bulk import copy_merge
from ehub.db.migrate import status, upgrade
from ehub.errors import UnavailableError
from ehub.sources.auth import BearerToken
from ehub.sources.http import RetryPolicy
from ehub.sources.mls.client import ResoClient
from ehub.sources.mls.entities import MEMBERS, OFFICES
from ehub.sources.mls.sync import sync_resource
from sandbox.reso_api import SANDBOX_TOKEN, ResoSandbox

pytestmark = pytest.mark.both_backends  # migrations and bulk loading: where the server's version shows


def _scalar(database: Database, query: str) -> object:
    with database.engine.connect() as connection:
        return connection.execute(text(query)).scalar_one()


def test_migrations_create_the_owned_schemas_and_are_repeatable(database: Database) -> None:
    assert not status(database).at_head
    first = upgrade(database)
    again = upgrade(database)
    assert first.at_head and again == first
    with database.engine.connect() as connection:
        schemas = set(connection.execute(text("select schema_name from information_schema.schemata")).scalars())
    assert {"raw", "app", "dagster"} <= schemas


def test_schema_needs_no_extension(migrated: Database) -> None:
    assert _scalar(migrated, "select count(*) from pg_extension where extname <> 'plpgsql'") == 0


def test_unreachable_database_is_a_clear_error() -> None:
    with pytest.raises(UnavailableError, match=r"Cannot connect to PostgreSQL at postgresql://nobody@127\.0\.0\.1:1/x"):
        Database("postgresql://nobody@127.0.0.1:1/x").check()


BULK_COLUMNS = ("listing_key", "originating_system", "standard_status", "payload", "_source_modified_at")


def _rows(*versions: tuple[str, str, str]) -> list[tuple]:
    return [(key, "actris", status, Jsonb({"v": status}), modified) for key, status, modified in versions]


def _merge(database: Database, rows: list[tuple]):
    with database.engine.begin() as connection:
        return copy_merge(
            connection,
            schema="raw",
            table="mls_properties",
            columns=BULK_COLUMNS,
            key_columns=("listing_key",),
            rows=rows,
            newest_first_by="_source_modified_at",
        )


def test_copy_merge_inserts_updates_and_ignores_stale_or_identical_versions(migrated: Database) -> None:
    first = _merge(migrated, _rows(("A", "Active", "2026-01-01T00:00Z"), ("B", "Active", "2026-01-01T00:00Z")))
    assert (first.inserted, first.updated) == (2, 0)
    same = _merge(migrated, _rows(("A", "Active", "2026-01-01T00:00Z")))
    assert (same.inserted, same.updated, same.unchanged) == (0, 0, 1)
    newer = _merge(migrated, _rows(("A", "Pending", "2026-02-01T00:00Z"), ("B", "Closed", "2025-12-01T00:00Z")))
    assert (newer.inserted, newer.updated, newer.unchanged) == (0, 1, 1)
    assert _scalar(migrated, "select standard_status from raw.mls_properties where listing_key = 'A'") == "Pending"
    assert _scalar(migrated, "select standard_status from raw.mls_properties where listing_key = 'B'") == "Active"


def test_newest_version_wins_within_one_batch(migrated: Database) -> None:
    counts = _merge(migrated, _rows(("A", "Closed", "2026-03-01T00:00Z"), ("A", "Active", "2026-01-01T00:00Z")))
    assert counts.inserted == 1
    assert _scalar(migrated, "select standard_status from raw.mls_properties") == "Closed"


def test_a_failed_load_leaves_nothing_behind(migrated: Database) -> None:
    rows = [*_rows(("A", "Active", "2026-01-01T00:00Z")), ("B", None, "Active", Jsonb({}), "2026-01-01")]
    with pytest.raises(Exception, match="null value"):
        _merge(migrated, rows)
    assert _scalar(migrated, "select count(*) from raw.mls_properties") == 0


def _client(sandbox: ResoSandbox, transport: httpx.BaseTransport | None = None) -> ResoClient:
    return ResoClient(
        base_url="https://api.mlsgrid.com/v2",
        auth=BearerToken(SANDBOX_TOKEN),
        originating_system="actris",
        transport=transport or sandbox.transport,
        page_size=150,
        retry=RetryPolicy(max_attempts=2, base_delay=0, max_delay=0),
    )


def _rewriting(sandbox: ResoSandbox, rewrite) -> httpx.MockTransport:
    """The sandbox, with each returned record passed through `rewrite` on the wire."""

    def handle(request: httpx.Request) -> httpx.Response:
        body = sandbox.handle(request).json()
        body["value"] = [rewrite(dict(record)) for record in body.get("value", [])]
        return httpx.Response(200, json=body)

    return httpx.MockTransport(handle)


def test_sync_lands_every_visible_listing_once_and_is_idempotent(migrated: Database, cipher) -> None:
    sandbox = ResoSandbox(seed=11, scale=0.1)
    first = sync_resource(migrated, _client(sandbox), cipher).counts
    visible = sum(r["MlgCanView"] for r in sandbox.properties)
    assert first.fetched == first.inserted == visible

    again = sync_resource(migrated, _client(sandbox), cipher).counts
    assert (again.fetched, again.inserted) == (0, 0)
    full = sync_resource(migrated, _client(sandbox), cipher, full_refresh=True).counts
    assert (full.inserted, full.updated, full.unchanged) == (0, 0, visible)
    assert _scalar(migrated, "select count(*) from raw.mls_properties") == visible
    assert _scalar(migrated, "select count(*) from raw.mls_properties where payload ? 'Media'") == visible


def test_advancing_the_feed_lands_new_changed_and_deleted_listings(migrated: Database, cipher) -> None:
    from datetime import timedelta

    from sandbox.mls_data import SANDBOX_NOW

    before = ResoSandbox(seed=11, scale=0.1)
    sync_resource(migrated, _client(before), cipher)
    later = ResoSandbox(seed=11, scale=0.1, now=SANDBOX_NOW + timedelta(days=45))
    report = sync_resource(migrated, _client(later), cipher).counts
    assert report.inserted > 0 and report.updated > 0 and report.deleted > 0
    assert report.fetched < len(later.properties) / 2, "an incremental sync reads only what changed"
    flagged = _scalar(migrated, "select count(*) from raw.mls_properties where _deleted")
    was_visible = {r["ListingKey"] for r in before.properties if r["MlgCanView"]}
    assert flagged == sum(not r["MlgCanView"] and r["ListingKey"] in was_visible for r in later.properties)


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"ListPrice": -5}, "ListPrice must be a positive number"),
        ({"ListingKey": None}, "listing_key is missing"),
        ({"ModificationTimestamp": "yesterday"}, "modification time"),
        ({"Latitude": 40.7, "Longitude": -74.0}, "outside Texas"),
    ],
)
def test_bad_records_are_kept_as_rejects_with_their_reason(migrated: Database, cipher, change, reason) -> None:
    sandbox = ResoSandbox(seed=11, scale=0.05)
    target = sandbox.properties[3]["ListingKey"]
    transport = _rewriting(sandbox, lambda r: {**r, **change} if r["ListingKey"] == target else r)
    report = sync_resource(migrated, _client(sandbox, transport), cipher).counts
    assert report.rejected == 1
    with migrated.engine.connect() as connection:
        stored_reason, payload = connection.execute(
            text("select reason, payload from raw.mls_properties_rejects")
        ).one()
    assert reason in stored_reason and payload["ListingId"] == sandbox.properties[3]["ListingId"]
    assert _scalar(migrated, "select count(*) from raw.mls_properties") == report.fetched - 1


def test_a_delete_lands_even_without_a_price(migrated: Database, cipher) -> None:
    sandbox = ResoSandbox(seed=11, scale=0.05)
    target = sandbox.properties[0]["ListingKey"]
    sync_resource(migrated, _client(sandbox), cipher)
    hidden = _rewriting(
        sandbox,
        lambda r: {**r, "MlgCanView": False, "ListPrice": None, "ModificationTimestamp": "2026-11-21T00:00:00.000Z"},
    )
    sync_resource(migrated, _client(sandbox, hidden), cipher, full_refresh=True)
    assert _scalar(migrated, f"select _deleted from raw.mls_properties where listing_key = '{target}'")  # noqa: S608


def test_personal_fields_are_sealed_and_findable_by_blind_index(migrated: Database, cipher) -> None:
    from ehub.sources.landing import unseal

    sandbox = ResoSandbox(seed=11, scale=0.02)
    with_agent = _rewriting(
        sandbox,
        lambda r: {
            **r,
            "ListAgentFullName": "Maria Garcia",
            "ListAgentEmail": "Maria.Garcia@example.com",
            "ListAgentDirectPhone": "(512) 555-0143",
        },
    )
    sync_resource(migrated, _client(sandbox, with_agent), cipher)
    with migrated.engine.connect() as connection:
        payload, sealed = connection.execute(
            text("select payload::text, pii_sealed from raw.mls_properties where email_index = :index limit 1"),
            {"index": cipher.blind_index("email", "maria.garcia@example.com")},
        ).one()
        by_phone = connection.execute(
            text("select count(*) from raw.mls_properties where phone_index = :index"),
            {"index": cipher.blind_index("phone", "+1 512 555 0143")},
        ).scalar_one()
    again = sync_resource(migrated, _client(sandbox, with_agent), cipher, full_refresh=True).counts
    assert again.updated == 0, "a fresh ciphertext of the same personal data is not a change"
    assert "Maria" not in payload and "555" not in payload
    assert unseal(cipher, sealed)["ListAgentFullName"] == "Maria Garcia"
    assert by_phone == sum(r["MlgCanView"] for r in sandbox.properties)


def test_new_source_fields_are_recorded_once_as_schema_drift(migrated: Database, cipher) -> None:
    sandbox = ResoSandbox(seed=11, scale=0.02)
    first = sync_resource(migrated, _client(sandbox), cipher).counts
    drifted = _rewriting(sandbox, lambda r: {**r, "ACT_NewLocalField": "x"})
    second = sync_resource(migrated, _client(sandbox, drifted), cipher, full_refresh=True).counts
    third = sync_resource(migrated, _client(sandbox, drifted), cipher, full_refresh=True).counts
    assert first.new_fields > 30 and (second.new_fields, third.new_fields) == (1, 0)
    assert _scalar(migrated, "select count(*) from raw.source_fields where field_name = 'ACT_NewLocalField'") == 1


def test_members_and_offices_land_with_agents_contact_details_sealed(migrated: Database, cipher) -> None:
    sandbox = ResoSandbox(seed=11, scale=0.02)
    members = sync_resource(migrated, _client(sandbox), cipher, MEMBERS).counts
    offices = sync_resource(migrated, _client(sandbox), cipher, OFFICES).counts
    assert members.inserted == 400 and offices.inserted == 5
    clear = _scalar(migrated, "select count(*) from raw.mls_members where payload::text ~ '@|555-'")
    assert clear == 0


def test_a_sync_that_dies_mid_way_keeps_its_cursor_and_the_rerun_converges(migrated: Database, cipher) -> None:
    sandbox = ResoSandbox(seed=5, scale=0.1)
    calls = {"n": 0}

    def dies_on_third_page(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] >= 3:
            return httpx.Response(503, json={"error": {"message": "maintenance"}})
        return sandbox.handle(request)

    with pytest.raises(UnavailableError):
        sync_resource(migrated, _client(sandbox, httpx.MockTransport(dies_on_third_page)), cipher)
    assert _scalar(migrated, "select count(*) from raw.sync_cursors") == 0
    partial = _scalar(migrated, "select count(*) from raw.mls_properties")
    assert partial == 300

    rerun = sync_resource(migrated, _client(sandbox), cipher).counts
    visible = sum(r["MlgCanView"] for r in sandbox.properties)
    assert rerun.inserted == visible - partial
    assert _scalar(migrated, "select count(*) from raw.mls_properties") == visible
