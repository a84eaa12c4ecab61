"""Request bodies are bounded and strict before any handler sees them.

Every body (all our routes that take one take JSON) is read up to a size limit (413 beyond it) and
must pass `ehub.jsonsafe.strict_loads`: UTF-8, no NUL characters, bounded nesting, no duplicate
keys. A failure is a 400 in the one error shape; the handler then gets the same bytes to parse,
so a signed webhook's signature is checked over exactly what was sent.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from litestar.types import ASGIApp, Message, Receive, Scope, Send

from bot_api.errors import error_response
from ehub.jsonsafe import UnsafeJsonError, strict_loads

MAX_API_BODY_BYTES = 64 * 1024  # a chat message is at most 2,000 characters
MAX_WEBHOOK_BODY_BYTES = 512 * 1024  # a GoHighLevel email event carries the whole email
_WITH_BODY = frozenset({"POST", "PUT", "PATCH"})


def _limit_for(path: str) -> int:
    return MAX_WEBHOOK_BODY_BYTES if path.startswith("/webhooks/") else MAX_API_BODY_BYTES


def _too_large(limit: int) -> ASGIApp:
    return error_response(
        "request_too_large", f"The request body is larger than {limit // 1024} KB", "BODY_TOO_LARGE", 413
    )


def strict_body_middleware(app: ASGIApp) -> ASGIApp:
    async def check(scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _WITH_BODY:
            await app(scope, receive, send)
            return
        limit = _limit_for(scope["path"])
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and declared.isdigit() and int(declared) > limit:
            await _too_large(limit)(scope, receive, send)
            return
        chunks, size = [], 0
        while True:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > limit:
                await _too_large(limit)(scope, receive, send)
                return
            chunks.append(chunk)
            if not message.get("more_body"):
                break
        body = b"".join(chunks)
        if body:
            try:
                strict_loads(body)
            except UnsafeJsonError as error:
                await error_response(error.error, error.message, error.code, 400)(scope, receive, send)
                return
        await app(scope, _replay(body, receive), send)

    return check


def _replay(body: bytes, receive: Receive) -> Callable[[], Any]:
    """A `receive` that hands the buffered body over once, then defers to the real one."""
    delivered = False

    async def replayed() -> Message:
        nonlocal delivered
        if not delivered:
            delivered = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await receive()

    return replayed
