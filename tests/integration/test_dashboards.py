"""The dashboard bundle, checked statically: references resolve, datasets match the dbt manifest,
charts use only what their datasets have, and the zips Superset imports are built as it expects."""

from __future__ import annotations

import copy
import io
import zipfile
from pathlib import Path

import pytest
import yaml
from sqlalchemy.engine import make_url

from ehub.errors import ValidationError
from tools.dashboards.bundle import Bundle, DatabaseTarget, database_passwords, import_zip
from tools.dashboards.check import check_bundle, dbt_relations
from tools.dashboards.publish import canonical

REQUIRED_DASHBOARDS = {
    "Lead Funnel",
    "Austin Market & Pricing",
    "Bot Performance & Compliance",
    "Revenue & Attribution",
}


@pytest.fixture(scope="module")
def relations(dbt_manifest: Path) -> dict[tuple[str, str], dict[str, str]]:
    return dbt_relations(dbt_manifest)


@pytest.fixture
def bundle() -> Bundle:
    return Bundle.load()


def test_the_bundle_has_the_four_dashboards_with_native_filters(bundle: Bundle) -> None:
    assert set(bundle.titles()) >= REQUIRED_DASHBOARDS
    for content in bundle.of_kind("dashboards").values():
        filters = {native["name"] for native in content["metadata"]["native_filter_configuration"]}
        assert "Date range" in filters, content["dashboard_title"]
        assert len(filters) >= 3, content["dashboard_title"]


def test_every_reference_resolves_against_itself_and_the_dbt_manifest(bundle: Bundle, relations: dict) -> None:
    assert check_bundle(bundle, relations) == []


def test_file_names_are_readable_and_uuids_unique(bundle: Bundle) -> None:
    uuids = [content["uuid"] for content in bundle.files.values()]
    assert len(uuids) == len(set(uuids))
    for path in bundle.of_kind("charts"):
        assert path.split("/")[-1][0].isalpha() and not path.split("/")[-1].split(".")[0][-1].isdigit(), path


@pytest.mark.parametrize(
    ("breakage", "expected"),
    [
        (lambda b: _chart(b, "Funnel_by_lead_source")["params"]["groupby"].append("no_such_column"), "no_such_column"),
        (lambda b: _chart(b, "Net_revenue")["params"].update(metric="no_such_metric"), "no_such_metric"),
        (lambda b: _chart(b, "Inquiries").update(dataset_uuid="00000000-0000-0000-0000-000000000000"), "dataset_uuid"),
        (lambda b: _dataset(b, "closed_sales")["columns"].append({"column_name": "invented"}), "invented"),
        (lambda b: _dataset(b, "dim_leads").update(table_name="dim_nothing"), "not a dbt model"),
        (
            lambda b: _dataset(b, "dim_leads").update(database_uuid="00000000-0000-0000-0000-000000000001"),
            "database_uuid",
        ),
        (lambda b: _database(b).update(sqlalchemy_uri="postgresql+psycopg2://ehub:hunter2@db/ehub"), "password"),
    ],
)
def test_a_broken_reference_is_named(bundle: Bundle, relations: dict, breakage, expected: str) -> None:
    broken = copy.deepcopy(bundle)
    breakage(broken)
    problems = check_bundle(broken, relations)
    assert any(expected in problem for problem in problems), problems


def _chart(bundle: Bundle, name: str) -> dict:
    return bundle.files[f"charts/{name}.yaml"]


def _dataset(bundle: Bundle, table: str) -> dict:
    return next(content for content in bundle.of_kind("datasets").values() if content["table_name"] == table)


def _database(bundle: Bundle) -> dict:
    return next(iter(bundle.of_kind("databases").values()))


def test_the_bundle_is_already_in_canonical_form(bundle: Bundle) -> None:
    """What `ehub dashboards export` writes is what is committed: an untouched round trip has no diff."""
    assert canonical(bundle.files, bundle).files == dict(sorted(bundle.files.items()))


def test_import_zips_have_one_root_the_right_metadata_and_no_password(bundle: Bundle) -> None:
    target = DatabaseTarget.from_url("postgresql://ehub:s3cret@db.internal:5432/ehub")
    assert target.password == "s3cret" and "s3cret" not in target.sqlalchemy_uri
    for kind, model, includes_dashboards in (("charts", "Slice", False), ("dashboards", "Dashboard", True)):
        with zipfile.ZipFile(io.BytesIO(import_zip(bundle, kind, target))) as archive:
            names = archive.namelist()
            assert {name.split("/")[0] for name in names} == {"ehub_dashboards"}
            assert yaml.safe_load(archive.read("ehub_dashboards/metadata.yaml"))["type"] == model
            assert any("/dashboards/" in name for name in names) is includes_dashboards
            database = next(name for name in names if "/databases/" in name)
            uri = yaml.safe_load(archive.read(database))["sqlalchemy_uri"]
            assert uri == "postgresql+psycopg2://ehub:XXXXXXXXXX@db.internal:5432/ehub"
            assert b"s3cret" not in b"".join(archive.read(name) for name in names)
    assert set(database_passwords(bundle, target).values()) == {"s3cret"}
    assert database_passwords(bundle, DatabaseTarget.from_url("postgresql://postgres@localhost/test")) == {}
    embedded = DatabaseTarget.from_url("postgresql://postgres:@/ehub?host=/data/postgres")  # pgserver's form
    assert embedded.password is None
    parsed = make_url(embedded.sqlalchemy_uri)
    assert (parsed.drivername, parsed.username, parsed.password) == ("postgresql+psycopg2", "postgres", None)
    assert (parsed.database, parsed.query["host"]) == ("ehub", "/data/postgres")


def test_a_non_postgres_database_url_is_refused() -> None:
    with pytest.raises(ValidationError):
        DatabaseTarget.from_url("mysql://root@localhost/test")


def test_a_missing_bundle_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ValidationError, match="No dashboard bundle"):
        Bundle.load(tmp_path / "nowhere")
