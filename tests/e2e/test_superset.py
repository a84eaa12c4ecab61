"""A real Superset (6.1.0, its own virtual environment, SQLite metadata) started by the suite:
the bundle is published against the marts of the test PostgreSQL, every chart's data is checked
against the marts, the export round-trips, and every dashboard renders in headless Chromium.

The Superset environment is built once per machine (about a minute) under ~/.cache/ehub and
reused. Screenshots land in dashboards/screenshots/ (not committed)."""

from __future__ import annotations

import json
import math
import shutil
from collections.abc import Iterator
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import psycopg
import pytest

from ehub.errors import ConfigError
from ehub.paths import DASHBOARDS_DIR
from tests.cli_helpers import run_ehub
from tests.conftest import BuiltMarts
from tools.dashboards.bundle import Bundle, DatabaseTarget
from tools.dashboards.local import LocalSuperset
from tools.dashboards.publish import export, publish
from tools.dashboards.screenshots import chromium_binary
from tools.dashboards.superset import SupersetClient, SupersetCredentials, SupersetError

# one worker runs the module: one Superset, published once
pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("superset")]
SCREENSHOTS = DASHBOARDS_DIR / "screenshots"
GRAINS = {"P1D": "day", "P1W": "week", "P1M": "month"}
# Written only by a language model: empty in the demo's marts, which run without GEMINI_API_KEY.
MODEL_WRITTEN_CHARTS = {"Conversation insights"}


@pytest.fixture(scope="module")
def superset(built_marts: BuiltMarts, tmp_path_factory: pytest.TempPathFactory) -> Iterator[SupersetCredentials]:
    with LocalSuperset(tmp_path_factory.mktemp("superset")) as instance:
        yield instance


@pytest.fixture(scope="module")
def published(superset: SupersetCredentials, built_marts: BuiltMarts) -> dict[str, Any]:
    """The first publish into the empty Superset, then a second one: both reports."""
    bundle = Bundle.load()
    target = DatabaseTarget.from_url(built_marts.url)
    with SupersetClient(superset) as client:
        first = publish(client, bundle, target)
        second = publish(client, bundle, target)
    return {"first": first, "second": second, "bundle": bundle}


def test_publishing_creates_everything_once_and_again_changes_nothing(published: dict[str, Any]) -> None:
    bundle: Bundle = published["bundle"]
    first, second = published["first"], published["second"]
    for kind in ("databases", "datasets", "charts", "dashboards"):
        assert len(first.created[kind]) == len(bundle.of_kind(kind)), kind
    assert not second.changed
    assert {kind: len(names) for kind, names in second.unchanged.items()} == {
        kind: len(bundle.of_kind(kind)) for kind in ("databases", "datasets", "charts", "dashboards")
    }
    assert set(second.dashboards) == set(bundle.titles())


def _expected_rows(chart: dict[str, Any], dataset: dict[str, Any], url: str) -> list[dict[str, Any]]:
    """The chart's query written independently as SQL on the mart, with the dataset's metric SQL."""
    query = json.loads(chart["query_context"])["queries"][0]
    metrics = {metric["metric_name"]: metric["expression"] for metric in dataset["metrics"]}
    selected, grouped = [], []
    for column in query["columns"]:
        if isinstance(column, dict):
            expression = column["sqlExpression"]
            if column.get("timeGrain"):
                expression = f"date_trunc('{GRAINS[column['timeGrain']]}', {expression})"
            selected.append(f'{expression} as "{column["label"]}"')
            grouped.append(expression)
        else:
            selected.append(f'"{column}"')
            grouped.append(f'"{column}"')
    selected += [f'{metrics[name]} as "{name}"' for name in query["metrics"]]
    where = [f"\"{item['col']}\" = '{item['val']}'" for item in query["filters"] if item["op"] == "=="]
    sql = f"select {', '.join(selected)} from marts.{dataset['table_name']}"  # noqa: S608  # nosec B608
    if where:
        sql += " where " + " and ".join(where)
    if query["metrics"] and grouped:
        sql += " group by " + ", ".join(grouped)
    with psycopg.connect(url) as connection:
        cursor = connection.execute(sql)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _normal(value: Any) -> Any:
    """Superset sends timestamps as epoch milliseconds and numbers as floats."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=value.tzinfo or UTC).timestamp() * 1000
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC).timestamp() * 1000
    if isinstance(value, Decimal | float | int) and not isinstance(value, bool):
        return None if isinstance(value, float) and math.isnan(value) else round(float(value), 4)
    return value


def _row_set(rows: list[dict[str, Any]]) -> list[tuple]:
    return sorted((tuple((key, _normal(value)) for key, value in sorted(row.items())) for row in rows), key=repr)


def test_every_chart_returns_the_marts_numbers(
    published: dict[str, Any], superset: SupersetCredentials, built_marts: BuiltMarts
) -> None:
    bundle: Bundle = published["bundle"]
    charts = {content["slice_name"]: content for content in bundle.of_kind("charts").values()}
    datasets = {str(uuid): content for uuid, (_, content) in bundle.by_uuid("datasets").items()}
    checked = 0
    with SupersetClient(superset) as client:
        for number in published["second"].dashboards.values():
            for chart in client.charts_of_dashboard(number):
                result = client.chart_data(chart["id"])["result"][0]
                assert result.get("error") is None, chart["slice_name"]
                if chart["slice_name"] not in MODEL_WRITTEN_CHARTS:
                    assert result["rowcount"] > 0, f"{chart['slice_name']} returned no rows"
                definition = charts[chart["slice_name"]]
                expected = _expected_rows(definition, datasets[definition["dataset_uuid"]], built_marts.url)
                if len(expected) <= json.loads(definition["query_context"])["queries"][0]["row_limit"]:
                    assert _row_set(result["data"]) == _row_set(expected), chart["slice_name"]
                checked += 1
    assert checked == len(charts)


def test_headline_numbers_reconcile_with_the_marts(
    published: dict[str, Any], superset: SupersetCredentials, built_marts
) -> None:
    """A few figures a broker would quote, computed from other marts than the charts read."""
    with psycopg.connect(built_marts.url) as connection:
        inquiries = connection.execute("select count(*) from marts.fct_lead_funnel where is_inquiry").fetchone()[0]
        closed = connection.execute("select count(*) from marts.fct_lead_funnel where is_closed_won").fetchone()[0]
        sales = connection.execute("select count(*) from marts.closed_sales").fetchone()[0]
    figures = {}
    with SupersetClient(superset) as client:
        for number in published["second"].dashboards.values():
            for chart in client.charts_of_dashboard(number):
                if chart["slice_name"] in ("Inquiries", "Closed deals", "Closed sales (12 months)"):
                    row = client.chart_data(chart["id"])["result"][0]["data"][0]
                    figures[chart["slice_name"]] = next(iter(row.values()))
    assert figures == {"Inquiries": inquiries, "Closed deals": closed, "Closed sales (12 months)": sales}


def test_an_edit_in_the_ui_comes_back_through_export_and_publish_restores_it(
    published: dict[str, Any], superset: SupersetCredentials, built_marts: BuiltMarts
) -> None:
    bundle: Bundle = published["bundle"]
    with SupersetClient(superset) as client:
        assert export(client, bundle).files == dict(sorted(bundle.files.items()))
        chart = next(
            item
            for number in published["second"].dashboards.values()
            for item in client.charts_of_dashboard(number)
            if item["slice_name"] == "Net revenue"
        )
        client._request("PUT", f"/api/v1/chart/{chart['id']}", json={"description": "Edited in the UI"})
        edited = export(client, bundle)
        changed = [path for path in bundle.files if edited.files.get(path) != bundle.files[path]]
        assert changed == ["charts/Net_revenue.yaml"]
        assert edited.files["charts/Net_revenue.yaml"]["description"] == "Edited in the UI"
        report = publish(client, bundle, DatabaseTarget.from_url(built_marts.url))
        assert report.updated["charts"] == ["Net revenue"]
        assert export(client, bundle).files == dict(sorted(bundle.files.items()))


def test_every_dashboard_renders_in_chromium_without_a_chart_error(
    published: dict[str, Any], superset: SupersetCredentials, tmp_path: Path
) -> None:
    """Through `ehub dashboards screenshot`, as an operator would run it after a publish."""
    try:
        chromium_binary()
    except ConfigError:
        pytest.fail("Chromium is required for the dashboard screenshots: apt-get install chromium")
    shutil.rmtree(SCREENSHOTS, ignore_errors=True)
    result = run_ehub(
        "--json",
        "dashboards",
        "screenshot",
        "--superset-url",
        superset.url,
        "--password",
        superset.password,
        "--out",
        str(SCREENSHOTS),
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    renders = json.loads(result.stdout)
    assert sorted(render["title"] for render in renders) == sorted(published["second"].dashboards)
    with SupersetClient(superset) as client:
        for render in renders:
            number = published["second"].dashboards[render["title"]]
            assert render["errors"] == [], render["title"]
            assert render["charts_rendered"] == len(client.charts_of_dashboard(number)), render["title"]
            assert Path(render["screenshot"]).stat().st_size > 50_000, render["title"]
    assert sorted(path.name for path in SCREENSHOTS.glob("*.png")) == sorted(
        Path(render["screenshot"]).name for render in renders
    )


def test_wrong_credentials_are_a_clear_error(superset: SupersetCredentials) -> None:
    with pytest.raises(SupersetError, match="refused the login"):
        SupersetClient(SupersetCredentials(superset.url, superset.username, "wrong-password"))


def test_publish_from_the_cli(
    superset: SupersetCredentials, built_marts: BuiltMarts, published: dict[str, Any], tmp_path: Path
) -> None:
    result = run_ehub(
        "--json",
        "dashboards",
        "publish",
        "--superset-url",
        superset.url,
        "--password",
        superset.password,
        "--database-url",
        built_marts.url,
        data_dir=tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["changed"] is False, result.stdout
