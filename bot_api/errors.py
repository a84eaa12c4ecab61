"""Every error leaves the API in the platform's one shape: {error, message, field?, code}.

Malformed requests are 400s with the offending field, unknown routes 404s, an unreachable
database or rate limiter a 503 with `Retry-After`, and anything unexpected a 500 that reveals no
internals. Database error texts (which quote the input) never reach a client; the server log gets
the error's type and, for bugs, the traceback, redacted.
"""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.openapi.datastructures import ResponseSpec
from litestar.status_codes import (
    HTTP_400_BAD_REQUEST,
    HTTP_404_NOT_FOUND,
    HTTP_500_INTERNAL_SERVER_ERROR,
    HTTP_503_SERVICE_UNAVAILABLE,
)
from litestar.types import ASGIApp, Receive, Scope, Send
from sqlalchemy.exc import DBAPIError, DisconnectionError, OperationalError
from sqlalchemy.exc import TimeoutError as PoolTimeoutError

from ehub.errors import EhubError

_logger = logging.getLogger(__name__)
RETRY_AFTER_SECONDS = 5  # when a dependency (database, rate limiter) is down


class ErrorBody(msgspec.Struct, omit_defaults=True):
    """The one error shape, as the OpenAPI document declares it."""

    error: str
    message: str
    code: str
    field: str | None = None


def _documented(description: str) -> ResponseSpec:
    return ResponseSpec(data_container=ErrorBody, description=description, generate_examples=False)


# What every authenticated route may answer besides success, declared in the OpenAPI document.
ERROR_RESPONSES: dict[int, ResponseSpec] = {
    400: _documented("Malformed request: the field and why"),
    401: _documented("No API key, or an unknown or revoked one; or an invalid chat session"),
    403: _documented("The key's scopes do not allow this"),
    404: _documented("No such resource"),
    409: _documented("The request contradicts itself or the resource (e.g. a session of another lead)"),
    413: _documented("The request body is too large"),
    429: _documented("Rate limit exceeded; see Retry-After"),
    503: _documented("A dependency (database, rate limiter, marts) is unavailable; see Retry-After"),
}


def error_body(error: str, message: str, code: str, field: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": error, "message": message}
    if field is not None:
        body["field"] = field
    body["code"] = code
    return body


def error_response(
    error: str, message: str, code: str, status: int, *, headers: dict[str, str] | None = None
) -> ASGIApp:
    """An error answer as a bare ASGI app, for middleware that refuses before routing."""
    body = msgspec.json.encode(error_body(error, message, code))
    raw_headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    raw_headers += [(name.lower().encode(), value.encode()) for name, value in (headers or {}).items()]

    async def respond(_: Scope, __: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": status, "headers": raw_headers})
        await send({"type": "http.response.body", "body": body})

    return respond


def _ehub_error(_: Request, exc: EhubError) -> Response:
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS)} if exc.http_status == HTTP_503_SERVICE_UNAVAILABLE else None
    return Response(exc.to_dict(), status_code=exc.http_status, headers=headers)


def _database_error(request: Request, exc: DBAPIError) -> Response:
    """Never the database's own text: it quotes statements and input values."""
    if isinstance(exc, OperationalError | DisconnectionError) or exc.connection_invalidated:
        _logger.warning("database unavailable on %s %s (%s)", request.method, request.url.path, type(exc.orig).__name__)
        return _unavailable("The database is unavailable; try again shortly", "DATABASE_UNAVAILABLE")
    _logger.error("database error on %s %s (%s)", request.method, request.url.path, type(exc.orig).__name__)
    return Response(
        error_body("internal_error", "Something went wrong on our side; it has been logged.", "INTERNAL_ERROR"),
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
    )


def _pool_exhausted(request: Request, _: PoolTimeoutError) -> Response:
    _logger.warning("no database connection free for %s %s", request.method, request.url.path)
    return _unavailable("The service is busy; try again shortly", "DATABASE_BUSY")


def _unavailable(message: str, code: str) -> Response:
    return Response(
        error_body("service_unavailable", message, code),
        status_code=HTTP_503_SERVICE_UNAVAILABLE,
        headers={"Retry-After": str(RETRY_AFTER_SECONDS)},
    )


def _validation_error(_: Request, exc: ValidationException) -> Response:
    extra = exc.extra if isinstance(exc.extra, list) else []
    first = extra[0] if extra and isinstance(extra[0], dict) else {}
    field = first.get("key") or None
    message = str(first.get("message") or exc.detail or "Invalid request")
    return Response(error_body("invalid_input", message, "VALIDATION_ERROR", field), status_code=HTTP_400_BAD_REQUEST)


def _not_found(request: Request, _: NotFoundException) -> Response:
    return Response(
        error_body("not_found", f"No resource at {request.url.path}", "NOT_FOUND"), status_code=HTTP_404_NOT_FOUND
    )


def _http_error(_: Request, exc: HTTPException) -> Response:
    code = exc.status_code
    name = exc.__class__.__name__.removesuffix("Exception")
    snake = "".join(f"_{c.lower()}" if c.isupper() else c for c in name).lstrip("_") or "http_error"
    headers = dict(getattr(exc, "headers", None) or {})
    if code == 429:  # tell the client when to come back
        headers.setdefault("Retry-After", headers.get("RateLimit-Reset", "60"))
    return Response(error_body(snake, str(exc.detail), f"HTTP_{code}"), status_code=code, headers=headers)


def _unexpected(request: Request, exc: Exception) -> Response:
    _logger.error("unhandled %s on %s %s", type(exc).__name__, request.method, request.url.path, exc_info=exc)
    return Response(
        error_body("internal_error", "Something went wrong on our side; it has been logged.", "INTERNAL_ERROR"),
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
    )


EXCEPTION_HANDLERS = {
    EhubError: _ehub_error,
    DBAPIError: _database_error,
    PoolTimeoutError: _pool_exhausted,
    ValidationException: _validation_error,
    NotFoundException: _not_found,
    HTTPException: _http_error,
    Exception: _unexpected,
}
