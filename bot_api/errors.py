"""Every error leaves the API in the platform's one shape: {error, message, field?, code}.

Malformed requests are 400s with the offending field, unknown routes 404s, and anything
unexpected a 500 that reveals no internals; the traceback goes to the server log only.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, NotFoundException, ValidationException
from litestar.status_codes import HTTP_400_BAD_REQUEST, HTTP_404_NOT_FOUND, HTTP_500_INTERNAL_SERVER_ERROR

from ehub.errors import EhubError

_logger = logging.getLogger(__name__)


def error_body(error: str, message: str, code: str, field: str | None = None) -> dict[str, Any]:
    body: dict[str, Any] = {"error": error, "message": message}
    if field is not None:
        body["field"] = field
    body["code"] = code
    return body


def _ehub_error(_: Request, exc: EhubError) -> Response:
    return Response(exc.to_dict(), status_code=exc.http_status)


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
    _logger.exception("unhandled error on %s %s", request.method, request.url.path)
    return Response(
        error_body("internal_error", "Something went wrong on our side; it has been logged.", "INTERNAL_ERROR"),
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
    )


EXCEPTION_HANDLERS = {
    EhubError: _ehub_error,
    ValidationException: _validation_error,
    NotFoundException: _not_found,
    HTTPException: _http_error,
    Exception: _unexpected,
}
