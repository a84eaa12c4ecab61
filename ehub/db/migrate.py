"""Alembic, driven from code: the `raw` landing schema and the `app` schema are ours.

dbt owns `staging`, `intermediate` and `marts`; Dagster owns `dagster`. Our migrations create
those schemas' neighbours, never their contents.

Only `upgrade` imports Alembic: `status`, which every `ehub chat` and health check asks, reads the
scripts' revision lines and the `alembic_version` row itself, since importing Alembic (Mako,
Pygments, every dialect's DDL) cost a short command a fifth of a second.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ehub.db.database import Database
from ehub.errors import JobFailedError

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
OWNED_SCHEMAS = ("raw", "app")
# How Alembic's script template writes a migration's identity (every script in versions/ does).
_REVISION = re.compile(r'^revision = "([^"]+)"$', re.MULTILINE)
_DOWN_REVISION = re.compile(r'^down_revision = (?:None|"([^"]+)")$', re.MULTILINE)


def _config(database: Database) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.attributes["database"] = database
    return config


@dataclass(frozen=True)
class MigrationStatus:
    current: str | None
    head: str

    @property
    def at_head(self) -> bool:
        return self.current == self.head


def upgrade(database: Database, revision: str = "head") -> MigrationStatus:
    """Apply migrations up to `revision` (idempotent)."""
    from alembic import command

    try:
        command.upgrade(_config(database), revision)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise JobFailedError(f"Migration failed: {reason}", code="MIGRATION_FAILED") from None
    return status(database)


def head_revision() -> str:
    """The newest migration: the one revision no script names as its `down_revision`."""
    revisions, parents = set(), set()
    for script in (MIGRATIONS_DIR / "versions").glob("*.py"):
        source = script.read_text()
        if revision := _REVISION.search(source):
            revisions.add(revision.group(1))
            parent = _DOWN_REVISION.search(source)
            parents.add(parent.group(1) if parent else None)
    heads = revisions - parents
    if not heads:
        raise JobFailedError(f"No migrations found in {MIGRATIONS_DIR}", code="MIGRATIONS_MISSING")
    if len(heads) > 1:
        raise JobFailedError(f"Several migration heads: {', '.join(sorted(heads))}", code="MIGRATIONS_BRANCHED")
    return heads.pop()


def status(database: Database) -> MigrationStatus:
    """The applied revision (None on a database never migrated) and the newest one available."""
    head = head_revision()
    with database.engine.connect() as connection:
        current = None
        if connection.scalar(text("select to_regclass('alembic_version')")) is not None:
            current = connection.scalar(text("select version_num from alembic_version"))
    return MigrationStatus(current=current, head=head)
