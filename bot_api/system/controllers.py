"""`GET /health` (the process is up) and `GET /ready` (the database answers, schema at head)."""

from __future__ import annotations

from typing import Any, ClassVar

from litestar import Controller, Response, get
from litestar.di import NamedDependency
from litestar.status_codes import HTTP_503_SERVICE_UNAVAILABLE

from bot_api.errors import error_body
from ehub import __version__
from ehub.db import Database
from ehub.db.migrate import status
from ehub.errors import EhubError


class SystemController(Controller):
    tags: ClassVar[list[str]] = ["system"]

    @get("/health", summary="Liveness: the process answers.")
    async def health(self) -> dict[str, Any]:
        return {"status": "ok", "version": __version__}

    @get("/ready", summary="Readiness: database reachable and migrations at head.", sync_to_thread=True)
    def ready(self, database: NamedDependency[Database]) -> Response[dict[str, Any]]:
        try:
            version = database.check()
            migrations = status(database)
        except EhubError as error:
            return Response(error.to_dict(), status_code=HTTP_503_SERVICE_UNAVAILABLE)
        if not migrations.at_head:
            body = error_body(
                "not_ready",
                f"Database schema at {migrations.current}, expected {migrations.head}",
                "MIGRATIONS_PENDING",
            )
            return Response(body, status_code=HTTP_503_SERVICE_UNAVAILABLE)
        return Response({"status": "ready", "database": f"PostgreSQL {version}", "migrations": migrations.current})
