"""`GET /health` (the process is up) and `GET /ready` (database, schema and rate limiter usable).

Neither says which versions run: a version number only helps an attacker pick an exploit. Anyone
may ask, so the database part of the answer is reused for a couple of seconds: a flood of
readiness checks costs the database nothing more.
"""

from __future__ import annotations

import logging
import time
from typing import Any, ClassVar

from anyio import to_thread
from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE

from bot_api.errors import RETRY_AFTER_SECONDS, error_body
from bot_api.ratelimit import RateLimiter
from ehub.db import Database
from ehub.db.migrate import status
from ehub.errors import EhubError

_logger = logging.getLogger(__name__)
READY_CACHE_SECONDS = 2.0


class SystemController(Controller):
    tags: ClassVar[list[str]] = ["system"]

    @get("/health", summary="Liveness: the process answers.")
    async def health(self) -> dict[str, Any]:
        return {"status": "ok"}

    @get("/ready", summary="Readiness: database reachable, migrations at head, rate limiter reachable.")
    async def ready(
        self,
        database: NamedDependency[Database],
        limiter: NamedDependency[RateLimiter],
        migration_status: NamedDependency[MigrationStatusCache],
    ) -> Response[dict[str, Any]]:
        try:
            migrations = await migration_status.of(database)
        except EhubError as error:  # the details (host, port, reason) go to the log, not to anyone asking
            _logger.warning("not ready: %s", error.message)
            return _not_ready(error_body("service_unavailable", "The database is unreachable", error.code))
        if not migrations.at_head:
            body = error_body(
                "not_ready",
                f"Database schema at {migrations.current}, expected {migrations.head}",
                "MIGRATIONS_PENDING",
            )
            return _not_ready(body)
        if not await limiter.ping():
            return _not_ready(
                error_body("not_ready", "The rate limiter's Redis is unreachable", "RATE_LIMITER_UNAVAILABLE")
            )
        return Response({"status": "ready", "database": "ok", "migrations": migrations.current, "rate_limiter": "ok"})


class MigrationStatusCache:
    """The migration status, from the database at most every `READY_CACHE_SECONDS` (failures are not kept)."""

    def __init__(self) -> None:
        self._cached: tuple[float, Any] | None = None

    async def of(self, database: Database) -> Any:
        cached = self._cached
        if cached is not None and time.monotonic() - cached[0] < READY_CACHE_SECONDS:
            return cached[1]
        migrations = await to_thread.run_sync(_migrations, database)
        self._cached = (time.monotonic(), migrations)
        return migrations


def _migrations(database: Database) -> Any:
    database.check()
    return status(database)


def _not_ready(body: dict[str, Any]) -> Response[dict[str, Any]]:
    return Response(body, status_code=HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
