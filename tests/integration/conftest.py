"""Integration tests: real PostgreSQL (embedded and server), real dbt, Dagster and HTTP servers."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _manifest_first(dbt_manifest: Path) -> None:
    """The Dagster code location and the CLI's dashboards check read dbt/target/manifest.json: it is
    written once for the run before any test here can read it."""
