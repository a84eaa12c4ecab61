"""`ehub demo`, `ehub materialize` and `ehub serve dagster` parse the dbt project only when the
manifest on disk did not come from this very project, dbt and connection."""

from __future__ import annotations

from pathlib import Path

import pytest

from tools import runtime
from tools.runtime import dbt_manifest_is_current, dbt_parse_fingerprint, record_dbt_parse


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A small dbt project of its own, so the test can change a model."""
    root = tmp_path / "dbt"
    (root / "models").mkdir(parents=True)
    (root / "dbt_project.yml").write_text("name: probe\n")
    (root / "models" / "leads.sql").write_text("select 1 as lead_id\n")
    monkeypatch.setattr(runtime, "DBT_PROJECT_DIR", root)
    return root


def current(env: dict[str, str]) -> bool:
    return dbt_manifest_is_current(env, dbt_parse_fingerprint(env))


def test_the_manifest_is_current_until_a_model_the_target_or_the_database_changes(project: Path) -> None:
    env = {"EHUB_PGDATABASE": "ehub", "EHUB_PGPASSWORD": "one", "DBT_TARGET_PATH": "target"}
    (project / "target").mkdir()
    assert not current(env), "never parsed"
    (project / "target" / "manifest.json").write_text("{}")
    record_dbt_parse(env, dbt_parse_fingerprint(env))
    assert current(env)
    assert current({**env, "EHUB_PGPASSWORD": "two"}), "the manifest holds no password"
    (project / "target" / "run_results.json").write_text("{}")
    assert current(env), "dbt's own output is not the project"
    assert not current({**env, "EHUB_PGDATABASE": "other"}), "relation names name the database"
    assert not current({**env, "EHUB_DBT_TARGET": "prod"})
    (project / "models" / "leads.sql").write_text("select 2 as lead_id\n")
    assert not current(env), "a model changed"


def test_a_fingerprint_names_no_secret(project: Path) -> None:
    env = {"EHUB_PGPASSWORD": "hunter2"}
    assert dbt_parse_fingerprint(env) == dbt_parse_fingerprint({"EHUB_PGPASSWORD": "other"})
