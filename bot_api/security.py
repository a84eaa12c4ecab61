"""API-key access to `/v1/*`: a scoped key in `X-API-Key`, checked by a guard; rate limits per key."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from ehub.bots.apikeys import ApiKey, verify_key

API_KEY_HEADER = "X-API-Key"


def key_fingerprint(connection: ASGIConnection) -> str:
    """What the rate limiter counts by: the key (hashed, never stored in clear), else the client address."""
    secret = connection.headers.get(API_KEY_HEADER)
    if secret:
        return "key:" + hashlib.sha256(secret.encode()).hexdigest()[:24]
    return "ip:" + (connection.client.host if connection.client else "unknown")


KEY_CACHE_SECONDS = 30.0
_verified: dict[str, tuple[float, ApiKey | None]] = {}


def _verify_cached(connection: ASGIConnection, secret: str) -> ApiKey | None:
    """Verified keys are remembered for 30 s (a revocation takes effect within that), sparing a query."""
    fingerprint = hashlib.sha256(secret.encode()).hexdigest()
    cached = _verified.get(fingerprint)
    if cached is not None and time.monotonic() - cached[0] < KEY_CACHE_SECONDS:
        return cached[1]
    key = verify_key(connection.app.state.database, secret)
    if len(_verified) > 10_000:
        _verified.clear()
    _verified[fingerprint] = (time.monotonic(), key)
    return key


def require_scope(scope: str) -> Callable[[ASGIConnection, BaseRouteHandler], None]:
    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        secret = connection.headers.get(API_KEY_HEADER)
        if not secret:
            raise NotAuthorizedException(f"An API key is required in the {API_KEY_HEADER} header")
        key: ApiKey | None = _verify_cached(connection, secret)
        if key is None:
            raise NotAuthorizedException("The API key is unknown or revoked")
        if scope not in key.scopes:
            raise PermissionDeniedException(f"This key may not use {scope} (its scopes: {', '.join(key.scopes)})")
        connection.state.api_key = key

    return guard
