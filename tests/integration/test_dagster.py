"""The Dagster code location: it loads, its lineage is whole, and its assets materialize."""

from __future__ import annotations

import json
import os
from pathlib import Path

import dagster as dg
import pytest
from sqlalchemy import text

SNAPSHOT = Path(__file__).parents[1] / "snapshots" / "asset_graph.json"
RAW = dg.AssetKey(["raw", "mls_properties"])
STAGING = dg.AssetKey(["staging", "stg_mls__properties"])
TYPED = dg.AssetKey(["intermediate", "int_listings_banded"])
MART = dg.AssetKey(["marts", "active_listings_by_area"])


@pytest.fixture(scope="session")
def defs(dbt_manifest: Path) -> dg.Definitions:
    """The code location as the demo loads it (the sandbox handed in), after `dbt parse` has written
    the manifest it reads."""
    from tools.sandbox_location import defs

    return defs


def _graph(defs: dg.Definitions) -> dict[str, dict]:
    graph = defs.resolve_asset_graph()
    return {
        key.to_user_string(): {
            "group": graph.get(key).group_name,
            "deps": sorted(parent.to_user_string() for parent in graph.get(key).parent_keys),
            "checks": sorted(check.name for check in graph.get(key).check_keys),
        }
        for key in sorted(graph.get_all_asset_keys(), key=lambda k: k.to_user_string())
    }


def test_definitions_load_with_jobs_and_schedules(defs: dg.Definitions) -> None:
    assert defs.resolve_job_def("main") is not None
    assert defs.resolve_schedule_def("mls_hourly").execution_timezone == "America/Chicago"


def test_one_lineage_runs_from_the_mls_feed_to_the_mart(defs: dg.Definitions) -> None:
    graph = defs.resolve_asset_graph()
    assert RAW in graph.get(STAGING).parent_keys
    assert STAGING in graph.get(TYPED).parent_keys
    assert TYPED in graph.get(MART).parent_keys


def test_asset_graph_matches_the_snapshot(defs: dg.Definitions) -> None:
    """Catches accidental lineage changes; set EHUB_TEST_UPDATE_SNAPSHOTS=1 to accept intended ones."""
    current = _graph(defs)
    if os.environ.get("EHUB_TEST_UPDATE_SNAPSHOTS") == "1" or not SNAPSHOT.exists():
        SNAPSHOT.write_text(json.dumps(current, indent=2, sort_keys=True) + "\n")
    assert current == json.loads(SNAPSHOT.read_text())


def test_main_job_materializes_every_asset_into_postgres(
    defs: dg.Definitions, migrated, data_dir, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EHUB_DATABASE_URL", migrated.url)
    monkeypatch.setenv("EHUB_DATA_DIR", str(data_dir))
    monkeypatch.setenv("EHUB_SANDBOX_SCALE", "0.2")
    result = defs.resolve_job_def("main").execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert result.success

    sync = result.asset_materializations_for_node("raw__mls_properties")[0].metadata
    assert sync["inserted"].value == sync["fetched"].value > 900
    assert sync["source"].value == "sandbox"
    checks = {evaluation.check_name: evaluation.passed for evaluation in result.get_asset_check_evaluations()}
    assert checks["mls_properties_not_empty"]
    assert all(checks.values()), checks

    with migrated.engine.connect() as connection:
        listings = connection.execute(
            text("select count(*) from raw.mls_properties where standard_status = 'Active' and not _deleted")
        ).scalar_one()
        by_area = connection.execute(text("select sum(active_listings) from marts.active_listings_by_area")).scalar()
    assert listings > 0 and by_area == listings

    # The next run is the day's build: the marts again, every check on them, no staging views.
    again = defs.resolve_job_def("main").execute_in_process(instance=dg.DagsterInstance.ephemeral())
    assert again.success
    built = {materialization.asset_key for materialization in again.get_asset_materialization_events()}
    assert MART in built and STAGING not in built
    checked = {evaluation.asset_key: evaluation.passed for evaluation in again.get_asset_check_evaluations()}
    assert checked[MART] and STAGING not in checked
    assert all(evaluation.passed for evaluation in again.get_asset_check_evaluations())


def test_every_schedule_builds_a_valid_run(defs: dg.Definitions) -> None:
    for schedule in defs.schedules:
        schedule = defs.resolve_schedule_def(schedule.name)
        result = schedule.evaluate_tick(dg.build_schedule_context())
        job = defs.resolve_job_def(schedule.job_name)
        for request in result.run_requests:
            dg.validate_run_config(job, request.run_config)


def test_every_source_lands_in_the_raw_schema(defs: dg.Definitions) -> None:
    raw = {key.to_user_string() for key in defs.resolve_asset_graph().get_all_asset_keys() if key.path[0] == "raw"}
    assert raw == {
        "raw/mls_properties",
        "raw/mls_members",
        "raw/mls_offices",
        "raw/ghl_contacts",
        "raw/ghl_opportunities",
        "raw/ghl_pipelines",
        "raw/ghl_conversations",
        "raw/ghl_messages",
        "raw/stripe_charges",
        "raw/stripe_payment_intents",
        "raw/stripe_checkout_sessions",
        "raw/stripe_refunds",
    }
