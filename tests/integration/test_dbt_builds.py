"""Which dbt build a run gets: the whole project until a full build of it succeeded in this
database, then the day's part, until the project, the dbt version or the database changes.
(That the day's part builds the same marts as a full refresh: tests/integration/test_marts.py.)"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import text

from ehub.db import Database
from ehub.dbt_builds import DAILY_BUILD, FULL_BUILD, dbt_build
from ehub.paths import DBT_PROJECT_DIR


def _built(
    database: Database, *, full: bool = False, whole_project: bool = True, project_dir: Path = DBT_PROJECT_DIR
) -> tuple[str, ...]:
    """Run a build to completion (creating the staging schema stands for the dbt run)."""
    with (
        dbt_build(database, full=full, whole_project=whole_project, project_dir=project_dir) as args,
        database.engine.begin() as connection,
    ):
        connection.execute(text("create schema if not exists staging"))
    return args


def test_the_day_s_build_follows_a_full_build_of_the_same_project(database: Database, tmp_path: Path) -> None:
    assert _built(database) == FULL_BUILD, "nothing recorded yet"
    assert _built(database) == DAILY_BUILD
    assert _built(database, full=True) == FULL_BUILD, "asked for everything"
    assert _built(database) == DAILY_BUILD

    changed = tmp_path / "dbt"
    shutil.copytree(DBT_PROJECT_DIR, changed, ignore=shutil.ignore_patterns("target", "logs"))
    model = changed / "models" / "staging" / "mls" / "stg_mls__offices.sql"
    model.write_text(model.read_text() + "\n")
    assert _built(database, project_dir=changed, whole_project=False) == FULL_BUILD, "a staging view changed"
    assert _built(database, project_dir=changed) == FULL_BUILD, "a subset proves nothing about the rest"
    assert _built(database, project_dir=changed) == DAILY_BUILD
    assert _built(database) == FULL_BUILD, "back to the original project: built again"


def test_a_failed_build_records_nothing(database: Database) -> None:
    with pytest.raises(RuntimeError), dbt_build(database) as args:
        assert args == FULL_BUILD
        raise RuntimeError("dbt failed")
    assert _built(database) == FULL_BUILD


def test_a_recreated_staging_schema_gets_a_full_build(database: Database) -> None:
    """The record lives with the relations it vouches for: drop them and the next build is whole."""
    _built(database)
    with database.engine.begin() as connection:
        connection.execute(text("drop schema staging cascade"))
    assert _built(database) == FULL_BUILD
    assert _built(database) == DAILY_BUILD
