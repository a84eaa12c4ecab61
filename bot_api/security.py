"""Who may call `/v1/*`, and how often: API keys and users' access tokens, checked and
rate-limited before any handler runs.

The access middleware resolves the caller once per request (`X-API-Key`, else `Authorization:
Bearer <access token>`) and counts the request:
- a valid key against its own per-minute limit (`app.api_keys.requests_per_minute`); a public key
  (chat scope only, shared by every visitor of the website) also per client address;
- a signed-in user against their own limit (`app.users.requests_per_minute`);
- a missing, malformed or unknown credential against the client address, and once an address is
  over that limit its requests are refused before any key lookup, so a flood of random keys cannot
  slow real keys' queries (a token is looked up only once its signature verified).
The route guard (`bot_api.access.authorize`) then checks the caller against the route's declared
roles and scopes. Verified keys, sessions and misses are cached for 30 s (a revocation, a logout
or a disabled account takes effect within that).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import Any

from anyio import to_thread
from litestar.datastructures import Headers
from litestar.types import ASGIApp, Receive, Scope, Send

from bot_api.access import API_KEY_SECURITY, Principal
from bot_api.errors import error_response
from bot_api.ratelimit import Hit, LimiterUnavailableError, RateLimiter
from ehub.auth.tokens import AccessClaims, active_user, verify_access_token
from ehub.auth.users import User
from ehub.bots.apikeys import KEY_SHAPE, ApiKey, verify_key
from ehub.crypto import PersonalDataCipher
from ehub.db import Database

__all__ = ["API_KEY_SECURITY", "KeyCache", "SessionCache", "access_middleware"]

API_KEY_HEADER = "X-API-Key"
BEARER_PREFIX = "bearer "
ANONYMOUS_PER_MINUTE = 30  # requests without a valid key, per client address
KEY_CACHE_SECONDS = 30.0
LIMITER_RETRY_SECONDS = 5


class KeyCache:
    """Verified keys and misses, by the SHA-256 of the secret (never the secret itself)."""

    def __init__(self, database: Callable[[], Database]) -> None:
        self._database = database
        self._entries: dict[str, tuple[float, ApiKey | None]] = {}

    def known(self, secret: str) -> ApiKey | None:
        """A key verified within the last 30 s, without a query."""
        cached = self._entries.get(hashlib.sha256(secret.encode()).hexdigest())
        if cached is not None and time.monotonic() - cached[0] < KEY_CACHE_SECONDS:
            return cached[1]
        return None

    async def resolve(self, secret: str) -> ApiKey | None:
        fingerprint = hashlib.sha256(secret.encode()).hexdigest()
        cached = self._entries.get(fingerprint)
        if cached is not None and time.monotonic() - cached[0] < KEY_CACHE_SECONDS:
            return cached[1]
        key = await to_thread.run_sync(verify_key, self._database(), secret)
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[fingerprint] = (time.monotonic(), key)
        return key


class SessionCache:
    """Users behind access tokens, by session, checked against the database at most every 30 s."""

    def __init__(self, database: Callable[[], Database], cipher: PersonalDataCipher) -> None:
        self._database = database
        self._cipher = cipher
        self._entries: dict[str, tuple[float, User | None]] = {}

    async def resolve(self, token: str) -> tuple[AccessClaims | None, User | None]:
        claims = verify_access_token(self._cipher, token)
        if claims is None:
            return None, None
        cached = self._entries.get(claims.session_id)
        if cached is not None and time.monotonic() - cached[0] < KEY_CACHE_SECONDS:
            return claims, cached[1]
        user = await to_thread.run_sync(active_user, self._database(), claims)
        if len(self._entries) > 10_000:
            self._entries.clear()
        self._entries[claims.session_id] = (time.monotonic(), user)
        return claims, user

    def forget(self, session_id: str) -> None:
        """A logout in this process applies at once (other processes within 30 s)."""
        self._entries.pop(session_id, None)


def _limited(hit: Hit) -> Any:
    return error_response(
        "too_many_requests",
        f"Rate limit of {hit.limit} requests a minute exceeded",
        "HTTP_429",
        429,
        headers={"Retry-After": str(hit.reset_seconds), **_rate_headers(hit)},
    )


def _rate_headers(hit: Hit) -> dict[str, str]:
    return {"RateLimit-Limit": str(hit.limit), "RateLimit-Remaining": str(hit.remaining)}


def access_middleware(
    limiter: RateLimiter, keys: KeyCache, sessions: SessionCache, *, visitor_limit: int, prefix: str = "/v1/"
) -> Callable[[ASGIApp], ASGIApp]:
    """The ASGI middleware resolving and rate-limiting the caller of every request under `prefix`;
    `visitor_limit` is what one client address may send a minute through a public key."""

    def wrap(app: ASGIApp) -> ASGIApp:
        async def check(scope: Scope, receive: Receive, send: Send) -> None:
            if scope["type"] != "http" or not scope["path"].startswith(prefix):
                await app(scope, receive, send)
                return
            try:
                refusal, headers = await _admit(scope, limiter, keys, sessions, visitor_limit)
            except LimiterUnavailableError:
                refusal = error_response(
                    "service_unavailable",
                    "Rate limiting is unavailable; try again shortly",
                    "RATE_LIMITER_UNAVAILABLE",
                    503,
                    headers={"Retry-After": str(LIMITER_RETRY_SECONDS)},
                )
                headers = {}
            if refusal is not None:
                await refusal(scope, receive, send)
                return

            async def with_headers(message: Any) -> None:
                if message["type"] == "http.response.start" and headers:
                    message["headers"] = [*message.get("headers", []), *_encoded(headers)]
                await send(message)

            await app(scope, receive, with_headers)

        return check

    return wrap


def _encoded(headers: dict[str, str]) -> list[tuple[bytes, bytes]]:
    return [(name.lower().encode(), value.encode()) for name, value in headers.items()]


async def _admit(
    scope: Scope, limiter: RateLimiter, keys: KeyCache, sessions: SessionCache, visitor_limit: int
) -> tuple[Any, dict[str, str]]:
    """(a refusal response or None, headers for the response) for one request."""
    headers = Headers.from_scope(scope)
    secret = headers.get(API_KEY_HEADER) or ""
    authorization = headers.get("Authorization") or ""
    bearer = authorization[len(BEARER_PREFIX) :].strip() if authorization.lower().startswith(BEARER_PREFIX) else ""
    client = scope.get("client")
    address = client[0] if client else "unknown"
    anonymous = f"anonymous:{address}"
    scope.setdefault("state", {})
    scope["state"]["credential_given"] = bool(secret or authorization)
    scope["state"]["api_key_given"] = bool(secret)
    if not secret and bearer:
        return await _admit_user(scope, limiter, sessions, bearer, anonymous)
    key = keys.known(secret) if KEY_SHAPE.fullmatch(secret) else None
    if key is None and KEY_SHAPE.fullmatch(secret):
        # An address already over its allowance for keyless requests gets no lookup at all, so a
        # flood of random keys costs the database nothing; keys verified recently still pass.
        if await limiter.count(anonymous) >= ANONYMOUS_PER_MINUTE:
            return _limited(Hit(False, ANONYMOUS_PER_MINUTE, 0, 60)), {}
        key = await keys.resolve(secret)
    scope["state"]["api_key"] = key
    scope["state"]["principal"] = Principal.of_key(key) if key is not None else None
    if key is None:
        hit = await limiter.hit(anonymous, ANONYMOUS_PER_MINUTE)
        return (None if hit.allowed else _limited(hit)), {}
    hit = await limiter.hit(f"key:{key.key_id}", key.requests_per_minute)
    if not hit.allowed:
        return _limited(hit), {}
    if not key.trusted:
        visitor = await limiter.hit(f"visitor:{key.key_id}:{address}", visitor_limit)
        if not visitor.allowed:
            return _limited(visitor), {}
    return None, _rate_headers(hit)


async def _admit_user(
    scope: Scope, limiter: RateLimiter, sessions: SessionCache, token: str, anonymous: str
) -> tuple[Any, dict[str, str]]:
    """A bearer token: its signature first (a forged one costs no query), then its session and
    account (cached 30 s per session)."""
    claims, user = await sessions.resolve(token)
    scope["state"]["principal"] = Principal.of_user(user) if user is not None else None
    scope["state"]["session_id"] = claims.session_id if claims is not None and user is not None else None
    if user is None:
        hit = await limiter.hit(anonymous, ANONYMOUS_PER_MINUTE)
        return (None if hit.allowed else _limited(hit)), {}
    hit = await limiter.hit(f"user:{user.user_id}", user.requests_per_minute)
    return (None if hit.allowed else _limited(hit)), _rate_headers(hit)
