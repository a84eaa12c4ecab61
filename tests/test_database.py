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
from ehub.sandbox.reso_api import SANDBOX_TOKEN, ResoSandbox
from ehub.sources.auth import BearerToken
from ehub.sources.http import RetryPolicy
from ehub.sources.mls.client import ResoClient
from ehub.sources.mls.sync import LOADED_COLUMNS, sync_properties


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


def _rows(*versions: tuple[str, str, str]) -> list[tuple]:
    return [(key, None, "actris", status, Jsonb({"v": status}), modified, False) for key, status, modified in versions]


def _merge(database: Database, rows: list[tuple]):
    with database.engine.begin() as connection:
        return copy_merge(
            connection,
            schema="raw",
            table="mls_properties",
            columns=LOADED_COLUMNS,
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
    rows = [*_rows(("A", "Active", "2026-01-01T00:00Z")), ("B", None, None, "Active", Jsonb({}), "2026-01-01", False)]
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


def test_sync_lands_every_visible_listing_once_and_is_idempotent(migrated: Database) -> None:
    sandbox = ResoSandbox(seed=11, scale=0.1)
    first = sync_properties(migrated, _client(sandbox))
    visible = sum(r["MlgCanView"] for r in sandbox.properties)
    assert first.fetched == first.inserted == visible
    assert first.cursor_after is not None

    again = sync_properties(migrated, _client(sandbox))
    assert (again.fetched, again.inserted) == (0, 0)
    full = sync_properties(migrated, _client(sandbox), full_refresh=True)
    assert (full.inserted, full.updated, full.unchanged) == (0, 0, visible)
    assert _scalar(migrated, "select count(*) from raw.mls_properties") == visible


def test_rejects_are_kept_with_their_reason(migrated: Database) -> None:
    sandbox = ResoSandbox(seed=11, scale=0.05)
    broken = sandbox.properties[3]

    def breaks_one_price(request: httpx.Request) -> httpx.Response:
        body = sandbox.handle(request).json()
        for record in body["value"]:
            if record["ListingKey"] == broken["ListingKey"]:
                record["ListPrice"] = -5
        return httpx.Response(200, json=body)

    report = sync_properties(migrated, _client(sandbox, httpx.MockTransport(breaks_one_price)))
    assert report.rejected == 1
    with migrated.engine.connect() as connection:
        key, reason = connection.execute(text("select listing_key, reason from raw.mls_property_rejects")).one()
    assert key == broken["ListingKey"] and "ListPrice" in reason
    assert _scalar(migrated, f"select count(*) from raw.mls_properties where listing_key = '{key}'") == 0  # noqa: S608


def test_a_sync_that_dies_mid_way_keeps_its_cursor_and_the_rerun_converges(migrated: Database) -> None:
    sandbox = ResoSandbox(seed=5, scale=0.1)
    calls = {"n": 0}

    def dies_on_third_page(request: httpx.Request) -> httpx.Response:
        calls["n"] += 1
        if calls["n"] >= 3:
            return httpx.Response(503, json={"error": {"message": "maintenance"}})
        return sandbox.handle(request)

    with pytest.raises(UnavailableError):
        sync_properties(migrated, _client(sandbox, httpx.MockTransport(dies_on_third_page)))
    assert _scalar(migrated, "select count(*) from raw.sync_cursors") == 0
    partial = _scalar(migrated, "select count(*) from raw.mls_properties")
    assert partial == 300

    rerun = sync_properties(migrated, _client(sandbox))
    visible = sum(r["MlgCanView"] for r in sandbox.properties)
    assert rerun.inserted == visible - partial
    assert _scalar(migrated, "select count(*) from raw.mls_properties") == visible
