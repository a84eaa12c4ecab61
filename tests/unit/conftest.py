"""Unit tests: pure logic, no database and no server. A test here that asks for one is refused at
collection, so the layer stays fast (`make test-fast`) and runs where no PostgreSQL is."""

from __future__ import annotations

from pathlib import Path

import pytest

UNIT_DIR = Path(__file__).parent

NOT_IN_UNIT_TESTS = frozenset(
    {
        "admin_url",
        "embedded_admin_url",
        "server_admin_url",
        "database_url",
        "server_database_url",
        "database",
        "migrated",
        "built_marts",
        "marts_copy",
        "sandbox_service",
        "dbt_manifest",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if UNIT_DIR not in item.path.parents:
            continue  # the hook sees the whole session's items
        wanted = NOT_IN_UNIT_TESTS & set(getattr(item, "fixturenames", ()))
        if wanted:
            raise pytest.UsageError(f"{item.nodeid} needs {sorted(wanted)}: it belongs in tests/integration")
