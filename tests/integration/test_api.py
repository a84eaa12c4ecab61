"""The bot service's operational surface: health, readiness, OpenAPI and the one error shape."""

from __future__ import annotations

import pytest
from litestar.testing import TestClient

from bot_api.app import create_app
from ehub.db import Database
from ehub.db.migrate import status
from ehub.settings import load_settings


def _client(database: Database, data_dir) -> TestClient:
    return TestClient(app=create_app(load_settings(database_url=database.url, data_dir=data_dir)))


def test_health_and_readiness_on_a_migrated_database(migrated: Database, data_dir) -> None:
    with _client(migrated, data_dir) as client:
        assert client.get("/health").json()["status"] == "ok"
        ready = client.get("/ready")
    assert ready.status_code == 200
    assert ready.json()["migrations"] == status(migrated).head


def test_not_ready_until_migrations_are_applied(database: Database, data_dir) -> None:
    with _client(database, data_dir) as client:
        response = client.get("/ready")
    assert response.status_code == 503
    assert response.json()["code"] == "MIGRATIONS_PENDING"


def test_unreachable_database_makes_the_service_unready(data_dir) -> None:
    with _client(Database("postgresql://nobody@127.0.0.1:1/x"), data_dir) as client:
        response = client.get("/ready")
    assert response.status_code == 503 and response.headers["Retry-After"]
    assert response.json() == {
        "error": "service_unavailable",
        "message": "The database is unreachable",
        "code": "DATABASE_UNREACHABLE",
    }, "where the database is and why it failed go to the log only"


@pytest.mark.parametrize(
    ("method", "path", "status", "error"),
    [
        ("GET", "/no/such/route", 404, "not_found"),
        ("POST", "/health", 405, "method_not_allowed"),
    ],
)
def test_errors_share_one_shape(migrated: Database, data_dir, method: str, path: str, status: int, error: str) -> None:
    with _client(migrated, data_dir) as client:
        response = client.request(method, path)
    assert response.status_code == status
    body = response.json()
    assert body["error"] == error
    assert set(body) <= {"error", "message", "field", "code"}
    assert "Traceback" not in response.text


def test_openapi_schema_is_published(migrated: Database, data_dir) -> None:
    with _client(migrated, data_dir) as client:
        schema = client.get("/schema/openapi.json").json()
    assert {"/health", "/ready"} <= set(schema["paths"])
