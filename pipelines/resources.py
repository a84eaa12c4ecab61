"""Dagster resources, created once here and shared by every asset."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import dagster as dg
from dagster_dbt import DbtCliResource

from ehub.db import Database, open_database
from ehub.paths import DBT_PROJECT_DIR, tool
from ehub.settings import Settings, load_settings


class PostgresResource(dg.ConfigurableResource):
    """The platform database: `EHUB_DATABASE_URL` if set, the embedded PostgreSQL otherwise."""

    def settings(self) -> Settings:
        return load_settings()

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


RESOURCES = {
    "postgres": PostgresResource(),
    "dbt": DbtCliResource(
        project_dir=str(DBT_PROJECT_DIR), profiles_dir=str(DBT_PROJECT_DIR), dbt_executable=tool("dbt")
    ),
}
