"""End to end: the demo as a user starts it, and a real Superset rendered in headless Chromium."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(scope="session", autouse=True)
def _manifest_first(dbt_manifest: Path) -> None:
    """`ehub demo` starts Dagster, which loads dbt/target/manifest.json: written once for the run first."""
