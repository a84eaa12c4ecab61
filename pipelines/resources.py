"""Dagster resources, created here and shared by every asset."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import dagster as dg
from dagster_dbt import DbtCliResource
from pydantic import PrivateAttr

from ehub.db import Database, open_database
from ehub.paths import DBT_PROJECT_DIR, tool
from ehub.settings import Settings, load_settings
from ehub.sources.factory import OfflineSources


class PostgresResource(dg.ConfigurableResource):
    """The platform database: `EHUB_DATABASE_URL` if set, the embedded PostgreSQL otherwise."""

    _settings: Settings | None = PrivateAttr(default=None)

    def settings(self) -> Settings:
        """The settings, read once per resource (Dagster builds it afresh for each run and each tick)."""
        if self._settings is None:
            self._settings = load_settings()
        return self._settings

    @contextmanager
    def open(self) -> Iterator[Database]:
        with open_database(self.settings()) as database:
            yield database

    @contextmanager
    def dbt_environment(self) -> Iterator[Database]:
        """Open the database and expose it to dbt subprocesses through the `EHUB_PG*` variables."""
        with self.open() as database:
            variables = database.dbt_env()
            saved = {name: os.environ.get(name) for name in variables}
            os.environ.update(variables)
            try:
                yield database
            finally:
                for name, value in saved.items():
                    if value is None:
                        os.environ.pop(name, None)
                    else:
                        os.environ[name] = value


@dataclass(frozen=True)
class SourceStandIns:
    """What a run hands the source factory for sources without credentials: nothing in production
    (every source has its credential), the sandbox in the demo and the tests."""

    offline: OfflineSources | None = None


def resources(offline: OfflineSources | None = None) -> dict[str, object]:
    return {
        "postgres": PostgresResource(),
        "sources": SourceStandIns(offline),
        "dbt": DbtCliResource(
            project_dir=str(DBT_PROJECT_DIR), profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=tool("dbt")
        ),
    }
