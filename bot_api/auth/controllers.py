"""Signing in (`POST /v1/auth/token`), refreshing (`POST /v1/auth/refresh`), signing out
(`POST /v1/auth/logout`) and who am I (`GET /v1/auth/me`).

Sign-in is limited twice: per client address like any request without a credential, and per
username (10 failures a minute), so guessing one account's password from many addresses is slow
too. Every answer to a failed sign-in is the same, whatever failed.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime
from typing import Annotated, Literal

import msgspec
from anyio import to_thread
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.exceptions import TooManyRequestsException
from litestar.params import JSONBody

from bot_api.access import Access, current_principal
from bot_api.errors import ERROR_RESPONSES
from bot_api.ratelimit import RateLimiter
from bot_api.security import SessionCache
from ehub.auth.errors import AuthenticationError
from ehub.auth.passwords import MAX_PASSWORD_CHARS
from ehub.auth.tokens import REFRESH_PATTERN, TokenPair, issue_tokens, refresh_tokens, revoke_session
from ehub.auth.users import USERNAME_PATTERN, authenticate
from ehub.crypto import PersonalDataCipher
from ehub.db import Database

FAILED_SIGN_INS_PER_MINUTE = 10
PUBLIC = Access(public=True)
SIGNED_IN = Access(roles=("admin", "agent", "analyst"))
AUTH_RESPONSES = {status: ERROR_RESPONSES[status] for status in (400, 401, 413, 429, 503)}


class TokenRequest(msgspec.Struct, forbid_unknown_fields=True):
    username: Annotated[str, msgspec.Meta(min_length=3, max_length=64, pattern=USERNAME_PATTERN)]
    password: Annotated[str, msgspec.Meta(min_length=1, max_length=MAX_PASSWORD_CHARS, pattern=r"^[^\x00]*$")]


class RefreshRequest(msgspec.Struct, forbid_unknown_fields=True):
    refresh_token: Annotated[str, msgspec.Meta(max_length=100, pattern=REFRESH_PATTERN)]


class TokenResponse(msgspec.Struct):
    access_token: str
    token_type: Literal["Bearer"]
    expires_in: int
    expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime


class LogoutResponse(msgspec.Struct):
    status: Literal["signed_out"]


class Me(msgspec.Struct):
    user_id: str
    username: str
    role: str
    ghl_user_id: str | None


def _answer(pair: TokenPair, now: datetime) -> TokenResponse:
    return TokenResponse(
        access_token=pair.access_token,
        token_type="Bearer",  # noqa: S106 # nosec B106 - the scheme, not a secret
        expires_in=int((pair.expires_at - now).total_seconds()),
        expires_at=pair.expires_at,
        refresh_token=pair.refresh_token,
        refresh_expires_at=pair.refresh_expires_at,
    )


class AuthController(Controller):
    path = "/v1/auth"
    tags = ["auth"]  # noqa: RUF012

    @post(
        "/token",
        summary="Sign in with a username and password: a one-hour access token and a refresh token.",
        status_code=200,
        responses=AUTH_RESPONSES,
        opt=PUBLIC.opt,
        security=[],
    )
    async def token(
        self,
        data: JSONBody[TokenRequest],
        database: NamedDependency[Database],
        cipher: NamedDependency[PersonalDataCipher],
        limiter: NamedDependency[RateLimiter],
    ) -> TokenResponse:
        now = datetime.now(UTC)
        failures = f"sign-in-failed:{hashlib.sha256(data.username.encode()).hexdigest()[:24]}"
        if await limiter.count(failures) >= FAILED_SIGN_INS_PER_MINUTE:
            raise TooManyRequestsException("Too many failed sign-ins for this user", headers={"Retry-After": "60"})
        try:
            user = await to_thread.run_sync(authenticate, database, data.username, data.password)
        except AuthenticationError:
            await limiter.hit(failures, FAILED_SIGN_INS_PER_MINUTE)
            raise
        pair = await to_thread.run_sync(lambda: issue_tokens(database, cipher, user, now, route="POST /v1/auth/token"))
        return _answer(pair, now)

    @post(
        "/refresh",
        summary="Exchange a refresh token (single use) for a new pair; a reused one revokes the session.",
        status_code=200,
        responses=AUTH_RESPONSES,
        opt=PUBLIC.opt,
        security=[],
    )
    async def refresh(
        self,
        data: JSONBody[RefreshRequest],
        database: NamedDependency[Database],
        cipher: NamedDependency[PersonalDataCipher],
    ) -> TokenResponse:
        now = datetime.now(UTC)
        pair = await to_thread.run_sync(
            lambda: refresh_tokens(database, cipher, data.refresh_token, now, route="POST /v1/auth/refresh")
        )
        return _answer(pair, now)

    @post(
        "/logout",
        summary="Sign out: the session's access and refresh tokens stop working.",
        status_code=200,
        responses=ERROR_RESPONSES,
        opt=SIGNED_IN.opt,
        security=SIGNED_IN.security,
    )
    async def logout(
        self, request: Request, database: NamedDependency[Database], sessions: NamedDependency[SessionCache]
    ) -> LogoutResponse:
        principal = current_principal(request)
        session_id = request.state.get("session_id")
        if session_id:
            actor = principal.actor("POST /v1/auth/logout")
            await to_thread.run_sync(lambda: revoke_session(database, session_id, datetime.now(UTC), actor=actor))
            sessions.forget(session_id)
        return LogoutResponse(status="signed_out")

    @get(
        "/me",
        summary="The signed-in user: id, username, role.",
        responses=ERROR_RESPONSES,
        opt=SIGNED_IN.opt,
        security=SIGNED_IN.security,
    )
    async def me(self, request: Request) -> Me:
        principal = current_principal(request)
        user = principal.user
        return Me(
            user_id=principal.id,
            username=user.username if user else "",
            role=principal.role or "",
            ghl_user_id=principal.ghl_user_id,
        )
