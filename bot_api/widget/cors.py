"""CORS for the web widget: the routes it calls answer the allowed origins only, preflight included.

Browsers send `Origin` on every cross-origin call; the widget's routes (`/v1/widget`, `/v1/chat`)
answer an origin in `EHUB_WIDGET_ORIGINS`, or the API's own pages (the demo page), and refuse any
other with a 403 in the error shape. A request without `Origin` is not a browser's cross-origin call
(a server, GoHighLevel, curl) and passes untouched. Preflights are answered here, before the access
middleware counts anything: they carry no key, and answering them costs nothing. Every answer to an
allowed origin exposes `Retry-After`, so the widget can say when to try again after a 429.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

from litestar.datastructures import Headers
from litestar.types import ASGIApp, Receive, Scope, Send

from bot_api.errors import error_response

WIDGET_PATHS = frozenset({"/v1/widget", "/v1/chat"})
ALLOWED_METHODS = "GET, POST"
ALLOWED_HEADERS = "Content-Type, X-API-Key"
EXPOSED_HEADERS = "Retry-After, RateLimit-Limit, RateLimit-Remaining"
PREFLIGHT_MAX_AGE_SECONDS = 600


def origin_allowed(origin: str, host: str | None, allowed: frozenset[str]) -> bool:
    """An allow-listed origin, or a page of this API itself (its origin names the Host asked)."""
    origin = origin.strip().rstrip("/").lower()
    if origin in allowed:
        return True
    parts = urlsplit(origin)
    return parts.scheme in ("http", "https") and bool(host) and parts.netloc == (host or "").lower()


def _refused() -> ASGIApp:
    return error_response(
        "origin_not_allowed",
        "This site may not embed the chat widget (its origin is not in EHUB_WIDGET_ORIGINS)",
        "CORS_ORIGIN_REFUSED",
        403,
        headers={"Vary": "Origin"},
    )


def _preflight(origin: str) -> ASGIApp:
    headers = [
        (b"access-control-allow-origin", origin.encode()),
        (b"access-control-allow-methods", ALLOWED_METHODS.encode()),
        (b"access-control-allow-headers", ALLOWED_HEADERS.encode()),
        (b"access-control-max-age", str(PREFLIGHT_MAX_AGE_SECONDS).encode()),
        (b"vary", b"Origin"),
        (b"content-length", b"0"),
    ]

    async def respond(_: Scope, __: Receive, send: Send) -> None:
        await send({"type": "http.response.start", "status": 204, "headers": headers})
        await send({"type": "http.response.body", "body": b""})

    return respond


def widget_cors_middleware(allowed: frozenset[str]) -> Callable[[ASGIApp], ASGIApp]:
    """The ASGI middleware answering CORS for the widget's routes, for the `allowed` origins only."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def handle(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or scope["path"] not in WIDGET_PATHS:
                await app(scope, receive, send)
                return
            headers = Headers.from_scope(scope)
            origin = headers.get("origin")
            if origin is None:
                await app(scope, receive, send)
                return
            if not origin_allowed(origin, headers.get("host"), allowed):
                await _refused()(scope, receive, send)
                return
            if scope["method"] == "OPTIONS" and "access-control-request-method" in headers:
                await _preflight(origin)(scope, receive, send)
                return

            async def with_cors(message: Any) -> None:
                if message["type"] == "http.response.start":
                    message["headers"] = [
                        *message.get("headers", []),
                        (b"access-control-allow-origin", origin.encode()),
                        (b"access-control-expose-headers", EXPOSED_HEADERS.encode()),
                        (b"vary", b"Origin"),
                    ]
                await send(message)

            await app(scope, receive, with_cors)

        return handle

    return wrap
