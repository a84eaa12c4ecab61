"""`ehub chat` and the health checks learn the newest migration without Alembic; Alembic agrees."""

from __future__ import annotations

from alembic.config import Config
from alembic.script import ScriptDirectory

from ehub.db.migrate import MIGRATIONS_DIR, head_revision


def test_the_head_read_from_the_scripts_is_alembics_head() -> None:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    assert head_revision() == ScriptDirectory.from_config(config).get_current_head()
