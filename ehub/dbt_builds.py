"""Which `dbt build` a run needs: the whole project, or only what a new day can change.

A day's new data changes what the tables and incremental models hold and what their tests see;
it cannot change the staging views (their definitions read the raw tables, which dbt never
replaces), the seeds (files in the project), or a unit test's verdict (fixed inputs through the
model's code). Those only change with the project itself. So after a successful build of the whole
project, the build records, in the database it built, a checksum of every file dbt reads and of
the dbt version; a later build whose checksum matches skips the staging views, the seeds, their
tests, the unit tests and the data tests of what only the code fixes (tagged `fixed_by_code`).
Anything else (no record, another checksum, a database whose staging schema was recreated) builds
the whole project, which writes the record again.

Views outside staging are rebuilt every time: they may read a table, and replacing a table drops
the views over it (`drop ... cascade`). The record is the staging schema's comment, so it goes
when the relations it vouches for go.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.metadata import version
from pathlib import Path

from sqlalchemy import text

from ehub.db.database import Database
from ehub.paths import DBT_PROJECT_DIR

FULL_BUILD = ("build",)
# What a new day cannot change, in dbt's selection syntax (tests on an excluded node go with it);
# one space-separated value, the form dagster-dbt passes through to dbt. (A Dagster subset of over
# 200 dbt nodes goes through a generated YAML selector, where the comma is no intersection: the
# staging views are then built, which is slower but safe.)
# Data tests tagged `fixed_by_code` check only what a model's code fixes (literal columns), which no
# day's data can fail.
UNCHANGED_BY_A_DAY = (
    "path:models/staging,config.materialized:view resource_type:seed resource_type:unit_test tag:fixed_by_code"
)
DAILY_BUILD = (*FULL_BUILD, "--exclude", UNCHANGED_BY_A_DAY)
RECORD_SCHEMA = "staging"
_RECORD_PREFIX = "ehub dbt project "
_PROJECT_FILES = ("dbt_project.yml", "profiles.yml", "selectors.yml", "packages.yml")
_PROJECT_DIRS = ("models", "macros", "tests", "seeds", "snapshots", "analyses")


def project_checksum(project_dir: Path = DBT_PROJECT_DIR) -> str:
    """SHA-256 of the dbt and adapter versions and of every file dbt reads, by relative path."""
    digest = hashlib.sha256(f"dbt-core {version('dbt-core')}, dbt-postgres {version('dbt-postgres')}".encode())
    paths = [project_dir / name for name in _PROJECT_FILES if (project_dir / name).is_file()]
    for folder in _PROJECT_DIRS:
        paths.extend(sorted(path for path in (project_dir / folder).rglob("*") if path.is_file()))
    for path in paths:
        digest.update(b"\0" + str(path.relative_to(project_dir)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _recorded_checksum(database: Database) -> str | None:
    with database.engine.connect() as connection:
        comment = connection.execute(
            text("select obj_description(oid, 'pg_namespace') from pg_namespace where nspname = :schema"),
            {"schema": RECORD_SCHEMA},
        ).scalar()
    if isinstance(comment, str) and comment.startswith(_RECORD_PREFIX):
        return comment.removeprefix(_RECORD_PREFIX)
    return None


def _record(database: Database, checksum: str) -> None:
    with database.engine.begin() as connection:
        # COMMENT takes no bind parameters: the checksum is hex digits, quoted by PostgreSQL itself.
        literal = connection.execute(text("select quote_literal(:comment)"), {"comment": _RECORD_PREFIX + checksum})
        connection.execute(text(f"comment on schema {RECORD_SCHEMA} is {literal.scalar_one()}"))


@contextmanager
def dbt_build(
    database: Database, *, full: bool = False, whole_project: bool = True, project_dir: Path = DBT_PROJECT_DIR
) -> Iterator[tuple[str, ...]]:
    """The `dbt build` arguments for this run; when the body completes a full build of the whole
    project (`whole_project`: nothing deselected), it records the project's checksum.

    `full` forces the whole project even when it is unchanged since the last full build."""
    checksum = project_checksum(project_dir)
    daily = not full and _recorded_checksum(database) == checksum
    yield DAILY_BUILD if daily else FULL_BUILD
    if not daily and whole_project:
        _record(database, checksum)
