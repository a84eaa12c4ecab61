"""API-key access to `/v1/*`: a scoped key in `X-API-Key`, checked by a guard; rate limits per key."""

from __future__ import annotations

import hashlib
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


def require_scope(scope: str) -> Callable[[ASGIConnection, BaseRouteHandler], None]:
    def guard(connection: ASGIConnection, _: BaseRouteHandler) -> None:
        secret = connection.headers.get(API_KEY_HEADER)
        if not secret:
            raise NotAuthorizedException(f"An API key is required in the {API_KEY_HEADER} header")
        key: ApiKey | None = verify_key(connection.app.state.database, secret)
        if key is None:
            raise NotAuthorizedException("The API key is unknown or revoked")
        if scope not in key.scopes:
            raise PermissionDeniedException(f"This key may not use {scope} (its scopes: {', '.join(key.scopes)})")
        connection.state.api_key = key

    return guard
