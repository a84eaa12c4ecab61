"""`GET /health` (the process is up) and `GET /ready` (database, schema and rate limiter usable).

Neither says which versions run: a version number only helps an attacker pick an exploit.
"""

from __future__ import annotations

import logging
from typing import Any, ClassVar

from anyio import to_thread
from litestar import Controller, Request, Response, get
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE

from bot_api.errors import RETRY_AFTER_SECONDS, error_body
from ehub.db import Database
from ehub.db.migrate import status
from ehub.errors import EhubError

_logger = logging.getLogger(__name__)


class SystemController(Controller):
    tags: ClassVar[list[str]] = ["system"]

    @get("/health", summary="Liveness: the process answers.")
    async def health(self) -> dict[str, Any]:
        return {"status": "ok"}

    @get("/ready", summary="Readiness: database reachable, migrations at head, rate limiter reachable.")
    async def ready(self, request: Request) -> Response[dict[str, Any]]:
        database: Database = request.app.state.database
        try:
            migrations = await to_thread.run_sync(_migrations, database)
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
        if not await request.app.state.limiter.ping():
            return _not_ready(
                error_body("not_ready", "The rate limiter's Redis is unreachable", "RATE_LIMITER_UNAVAILABLE")
            )
        return Response({"status": "ready", "database": "ok", "migrations": migrations.current, "rate_limiter": "ok"})


def _migrations(database: Database) -> Any:
    database.check()
    return status(database)


def _not_ready(body: dict[str, Any]) -> Response[dict[str, Any]]:
    return Response(body, status_code=HTTP_503_SERVICE_UNAVAILABLE, headers={"Retry-After": str(RETRY_AFTER_SECONDS)})
