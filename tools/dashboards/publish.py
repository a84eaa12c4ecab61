"""Publish the bundle to a Superset and pull UI edits back into it, with a report of what changed.

Both directions compare objects in one canonical form (`canonical`): numeric ids that only mean
something inside one Superset (dataset ids, chart ids) are replaced by stable stand-ins, lists
Superset orders by its own ids are sorted, and the database keeps the bundle's placeholder URL.
An export of an untouched publish is therefore identical to the bundle, file for file.
"""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass, field
from typing import Any

from ehub.errors import ValidationError
from tools.dashboards.bundle import KINDS, Bundle, DatabaseTarget, database_passwords, import_zip, readable_name
from tools.dashboards.superset import SupersetClient

PLACEHOLDER_DATASOURCE = "0__table"
DROPPED_PARAMS = ("slice_id", "dashboards")


@dataclass
class PublishReport:
    """Per kind, which objects an import created, changed or left as they were."""

    created: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    updated: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    unchanged: dict[str, list[str]] = field(default_factory=lambda: {kind: [] for kind in KINDS})
    dashboards: dict[str, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return any(self.created.values()) or any(self.updated.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "changed": self.changed,
            "created": self.created,
            "updated": self.updated,
            "unchanged": {kind: len(names) for kind, names in self.unchanged.items()},
            "dashboards": self.dashboards,
        }


def _title(kind: str, content: dict[str, Any]) -> str:
    key = {"databases": "database_name", "datasets": "table_name", "charts": "slice_name"}.get(kind, "dashboard_title")
    return str(content.get(key, content.get("uuid")))


def _chart(content: dict[str, Any]) -> dict[str, Any]:
    params = content.get("params") or {}
    for key in DROPPED_PARAMS:
        params.pop(key, None)
    params["datasource"] = PLACEHOLDER_DATASOURCE
    if content.get("query_context"):
        context = json.loads(content["query_context"])
        context["datasource"] = {"id": 0, "type": "table"}
        form_data = context.get("form_data") or {}
        for key in DROPPED_PARAMS:
            form_data.pop(key, None)
        if form_data:
            form_data["datasource"] = PLACEHOLDER_DATASOURCE
        for query in context.get("queries", []):
            if "datasource" in query:
                query["datasource"] = context["datasource"]
        content["query_context"] = json.dumps(context, sort_keys=True)
    return content


def _dashboard(content: dict[str, Any], chart_numbers: dict[str, int]) -> dict[str, Any]:
    """Instance chart ids become the bundle's stable chart numbers, by chart UUID."""
    id_to_number: dict[int, int] = {}
    for node in (content.get("position") or {}).values():
        if isinstance(node, dict) and node.get("type") == "CHART":
            meta = node["meta"]
            number = chart_numbers.get(str(meta.get("uuid")))
            if number is not None:
                if isinstance(meta.get("chartId"), int):
                    id_to_number[meta["chartId"]] = number
                meta["chartId"] = number
    metadata = content.get("metadata") or {}
    for native in metadata.get("native_filter_configuration", []):
        native.pop("chartsInScope", None)
        scope = native.get("scope") or {}
        scope["excluded"] = sorted(id_to_number.get(old, old) for old in scope.get("excluded", []))
    # Derived on every view (Superset saves the colours it assigned) or by the UI's layout engine.
    derived = ("shared_label_colors", "map_label_colors", "color_scheme_domain")
    for key in ("chart_configuration", "global_chart_configuration", "positions", "show_native_filters", *derived):
        metadata.pop(key, None)
    if not metadata.get("label_colors", True):
        metadata.pop("label_colors")
    return content


def canonical(files: dict[str, dict[str, Any]], reference: Bundle) -> Bundle:
    """Files from an export (or the bundle itself) in the bundle's canonical form and file names."""
    known = {uuid: path for kind in KINDS for uuid, (path, _) in reference.by_uuid(kind).items()}
    chart_numbers = _chart_numbers(reference, files)
    result: dict[str, dict[str, Any]] = {}
    for path, original in files.items():
        kind = path.split("/", 1)[0]
        if kind not in KINDS:
            continue
        content = copy.deepcopy(original)
        uuid = str(content["uuid"])
        content["uuid"] = uuid
        if kind == "databases":
            reference_db = reference.by_uuid("databases").get(uuid)
            if reference_db:
                content["sqlalchemy_uri"] = reference_db[1]["sqlalchemy_uri"]
            content.pop("password", None)
        elif kind == "datasets":
            content["columns"] = sorted(content.get("columns", []), key=lambda column: column["column_name"])
            content["metrics"] = sorted(content.get("metrics", []), key=lambda metric: metric["metric_name"])
        elif kind == "charts":
            content = _chart(content)
        else:
            content = _dashboard(content, chart_numbers)
        for key in ("dataset_uuid", "database_uuid"):
            if key in content:
                content[key] = str(content[key])
        result[known.get(uuid) or _new_path(kind, path, content)] = content
    return Bundle(dict(sorted(result.items())))


def _chart_numbers(reference: Bundle, files: dict[str, dict[str, Any]]) -> dict[str, int]:
    """Each chart's stable number: the bundle's own where it has one, the next free one otherwise."""
    numbers: dict[str, int] = {}
    for content in reference.of_kind("dashboards").values():
        for node in (content.get("position") or {}).values():
            if isinstance(node, dict) and node.get("type") == "CHART" and isinstance(node["meta"].get("chartId"), int):
                numbers.setdefault(str(node["meta"]["uuid"]), node["meta"]["chartId"])
    next_number = max(numbers.values(), default=0) + 1
    for path, content in sorted(files.items()):
        if path.startswith("charts/") and str(content["uuid"]) not in numbers:
            numbers[str(content["uuid"])] = next_number
            next_number += 1
    return numbers


def _new_path(kind: str, exported_path: str, content: dict[str, Any]) -> str:
    name = readable_name(_title(kind, content))
    if kind == "datasets":
        folder = exported_path.split("/")[1] if exported_path.count("/") >= 2 else "database"
        return f"datasets/{folder}/{content['table_name']}.yaml"
    return f"{kind}/{name}.yaml"


def dashboard_ids(client: SupersetClient, bundle: Bundle) -> dict[str, int]:
    """The bundle's dashboards that exist in this Superset, title → id, found by their slugs."""
    ids: dict[str, int] = {}
    for content in bundle.of_kind("dashboards").values():
        slug = content.get("slug")
        if not slug:
            raise ValidationError(f"Dashboard {content['dashboard_title']!r} needs a slug", code="BUNDLE_INVALID")
        found = client.dashboard_id(slug)
        if found is not None:
            ids[content["dashboard_title"]] = found
    return ids


def publish(client: SupersetClient, bundle: Bundle, target: DatabaseTarget) -> PublishReport:
    """Import every kind with `overwrite=true`, then say what differs from what was there before.

    Superset's dashboard import leaves existing charts and datasets alone even with overwrite,
    so each kind is imported through its own endpoint, dependencies first.
    """
    before = canonical(client.export_dashboards(list(dashboard_ids(client, bundle).values())), bundle)
    wanted = canonical(bundle.files, bundle)
    passwords = database_passwords(bundle, target)
    for kind in KINDS:
        client.import_zip(kind, import_zip(bundle, kind, target), passwords=passwords)
    report = PublishReport()
    for kind in KINDS:
        existing = before.by_uuid(kind)
        for uuid, (_, content) in sorted(wanted.by_uuid(kind).items(), key=lambda item: item[1][0]):
            title = _title(kind, content)
            if uuid not in existing:
                report.created[kind].append(title)
            elif existing[uuid][1] != content:
                report.updated[kind].append(title)
            else:
                report.unchanged[kind].append(title)
    report.dashboards = dashboard_ids(client, bundle)
    return report


def export(client: SupersetClient, reference: Bundle) -> Bundle:
    """The bundle's dashboards as they are now in Superset, in canonical form (UI edits included)."""
    ids = list(dashboard_ids(client, reference).values())
    if not ids:
        raise ValidationError(
            "None of the bundle's dashboards exist in this Superset: publish first", code="NOTHING_TO_EXPORT"
        )
    return canonical(client.export_dashboards(ids), reference)
