"""Static checks of the bundle against itself and the dbt manifest, before any Superset sees it.

Every reference must resolve: a chart's dataset, a dataset's database, a dashboard's charts, a
native filter's dataset and column; every dataset must be a dbt model with those columns; every
metric and column a chart uses must exist in its dataset. One list of problems, each naming the
file, so a reviewer sees at once what a bad edit broke.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy.engine import make_url

from tools.dashboards.bundle import MASKED_PASSWORD, Bundle


def dbt_relations(manifest_path: Path) -> dict[tuple[str, str], dict[str, str]]:
    """(schema, relation) → {column: declared data type} for every dbt model and seed."""
    manifest = json.loads(manifest_path.read_text())
    relations: dict[tuple[str, str], dict[str, str]] = {}
    for node in manifest["nodes"].values():
        if node["resource_type"] in ("model", "seed"):
            columns = {name: str(column.get("data_type") or "") for name, column in node["columns"].items()}
            relations[(node["schema"], node.get("alias") or node["name"])] = columns
    return relations


def _metric_names(value: Any) -> list[str]:
    """Saved metrics are referenced by name; ad-hoc metrics carry their own SQL and are not looked up."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, str)]


def _adhoc_columns(filters: list[dict[str, Any]]) -> list[str]:
    return [item["subject"] for item in filters if item.get("expressionType") == "SIMPLE" and item.get("subject")]


def chart_columns(params: dict[str, Any]) -> list[str]:
    """Every dataset column a chart's parameters name."""
    columns: list[str] = []
    for key in ("groupby", "all_columns", "columns"):
        columns += [item for item in params.get(key) or [] if isinstance(item, str)]
    for key in ("x_axis", "granularity_sqla", "series"):
        if isinstance(params.get(key), str):
            columns.append(params[key])
    columns += _adhoc_columns(params.get("adhoc_filters") or [])
    for item in params.get("order_by_cols") or []:
        name = json.loads(item)[0] if isinstance(item, str) else item[0]
        if isinstance(name, str):
            columns.append(name)
    return columns


def chart_metrics(params: dict[str, Any]) -> list[str]:
    names: list[str] = []
    for key in ("metric", "metrics", "percent_metrics", "timeseries_limit_metric", "secondary_metric"):
        if params.get(key):
            names += _metric_names(params[key])
    return names


def check_bundle(bundle: Bundle, relations: dict[tuple[str, str], dict[str, str]]) -> list[str]:
    """Every broken reference in the bundle, as `path: problem` lines (empty when all is well)."""
    problems: list[str] = []
    databases = bundle.by_uuid("databases")
    datasets = bundle.by_uuid("datasets")
    charts = bundle.by_uuid("charts")
    for path, content in bundle.of_kind("databases").items():
        password = make_url(content["sqlalchemy_uri"]).password
        if password is not None and password != MASKED_PASSWORD:
            problems.append(f"{path}: the URI must not carry a password (write {MASKED_PASSWORD})")
    dataset_columns: dict[str, set[str]] = {}
    dataset_metrics: dict[str, set[str]] = {}
    for uuid, (path, content) in datasets.items():
        if content.get("database_uuid") not in databases:
            problems.append(f"{path}: database_uuid {content.get('database_uuid')} is not in the bundle")
        columns = {column["column_name"] for column in content.get("columns", [])}
        dataset_columns[uuid] = columns
        dataset_metrics[uuid] = {metric["metric_name"] for metric in content.get("metrics", [])}
        relation = relations.get((content.get("schema") or "", content["table_name"]))
        if relation is None:
            problems.append(f"{path}: {content.get('schema')}.{content['table_name']} is not a dbt model")
            continue
        for missing in sorted(columns - set(relation)):
            problems.append(f"{path}: column {missing} is not in the dbt model {content['table_name']}")
        dttm = content.get("main_dttm_col")
        if dttm and dttm not in columns:
            problems.append(f"{path}: main_dttm_col {dttm} is not a column")
    for path, content in charts.values():
        dataset_uuid = content.get("dataset_uuid")
        if dataset_uuid not in datasets:
            problems.append(f"{path}: dataset_uuid {dataset_uuid} is not in the bundle")
            continue
        for column in chart_columns(content.get("params") or {}):
            if column not in dataset_columns[dataset_uuid]:
                problems.append(f"{path}: column {column} is not in dataset {datasets[dataset_uuid][1]['table_name']}")
        for metric in chart_metrics(content.get("params") or {}):
            if metric not in dataset_metrics[dataset_uuid]:
                problems.append(f"{path}: metric {metric} is not in dataset {datasets[dataset_uuid][1]['table_name']}")
        if not content.get("query_context"):
            problems.append(f"{path}: no query_context, so /api/v1/chart/{{id}}/data/ cannot answer for it")
    for path, content in bundle.of_kind("dashboards").items():
        for node in (content.get("position") or {}).values():
            if isinstance(node, dict) and node.get("type") == "CHART" and str(node["meta"].get("uuid")) not in charts:
                problems.append(f"{path}: chart {node['meta'].get('uuid')} is not in the bundle")
        for native in (content.get("metadata") or {}).get("native_filter_configuration", []):
            for target in native.get("targets", []):
                target_dataset = target.get("datasetUuid")
                if target_dataset is None:
                    continue
                if target_dataset not in datasets:
                    problems.append(f"{path}: filter {native['name']!r} targets unknown dataset {target_dataset}")
                elif target.get("column", {}).get("name") not in dataset_columns[target_dataset]:
                    problems.append(f"{path}: filter {native['name']!r} targets a column its dataset lacks")
    return problems
