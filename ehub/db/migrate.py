"""Alembic, driven from code: the `raw` landing schema and the `app` schema are ours.

dbt owns `staging`, `intermediate` and `marts`; Dagster owns `dagster`. Our migrations create
those schemas' neighbours, never their contents.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.exc import SQLAlchemyError

from ehub.db.database import Database
from ehub.errors import JobFailedError

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
OWNED_SCHEMAS = ("raw", "app")


def _config(database: Database) -> Config:
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
    try:
        command.upgrade(_config(database), revision)
    except SQLAlchemyError as exc:
        reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
        raise JobFailedError(f"Migration failed: {reason}", code="MIGRATION_FAILED") from None
    return status(database)


def status(database: Database) -> MigrationStatus:
    """The applied revision and the newest one available."""
    head = ScriptDirectory.from_config(_config(database)).get_current_head()
    if head is None:
        raise JobFailedError(f"No migrations found in {MIGRATIONS_DIR}", code="MIGRATIONS_MISSING")
    with database.engine.connect() as connection:
        current = MigrationContext.configure(connection).get_current_revision()
    return MigrationStatus(current=current, head=head)
