"""Access and refresh tokens for signed-in users.

- The access token is a JWT (HS256, under a key derived from the blind-index key, like chat
  sessions), valid one hour: `sub` the user, `sid` the session, `role`. The API also checks, at most
  every 30 s per session, that the session is not revoked and the account not disabled, so logout,
  a disabled account or a detected theft stops a token well before it expires.
- The refresh token is opaque (`ehr_<session>_<32 random bytes>`), stored only as its SHA-256,
  valid 30 days, and single-use: each refresh answers a new pair and marks the old refresh token
  used. A used refresh token presented again means two parties hold it (one of them a thief), so
  the whole session (the family of tokens) is revoked and both must sign in again.
"""

from __future__ import annotations

import hashlib
import re
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt
from sqlalchemy import Connection, text

from ehub.auth.errors import AuthenticationError
from ehub.auth.users import User
from ehub.bots.audit import Actor, audit
from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database

ACCESS_LIFETIME = timedelta(hours=1)
REFRESH_LIFETIME = timedelta(days=30)
REFRESH_PATTERN = r"^ehr_[0-9a-f]{32}_[A-Za-z0-9_-]{43}$"
_REFRESH = re.compile(REFRESH_PATTERN)
_ALGORITHM = "HS256"
_PURPOSE = "user-access-v1"
_AUDIENCE = "ehub-api"
_ISSUER = "ehub"


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    expires_at: datetime
    refresh_token: str
    refresh_expires_at: datetime
    session_id: str


@dataclass(frozen=True)
class AccessClaims:
    user_id: str
    session_id: str
    role: str


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _access_token(cipher: PersonalDataCipher, user_id: str, role: str, session_id: str, now: datetime) -> str:
    claims = {
        "iss": _ISSUER,
        "aud": _AUDIENCE,
        "sub": user_id,
        "sid": session_id,
        "role": role,
        "iat": int(now.timestamp()),
        "exp": int((now + ACCESS_LIFETIME).timestamp()),
        "jti": secrets.token_hex(8),
    }
    return jwt.encode(claims, cipher.derived_key(_PURPOSE), algorithm=_ALGORITHM)


def _new_refresh(connection: Connection, session_id: str, now: datetime) -> str:
    token = f"ehr_{uuid.UUID(session_id).hex}_{secrets.token_urlsafe(32)}"
    connection.execute(
        text(
            "insert into app.refresh_tokens (token_hash, session_id, issued_at, expires_at) "
            "values (:hash, cast(:session as uuid), :now, :expires)"
        ),
        {"hash": _digest(token), "session": session_id, "now": now, "expires": now + REFRESH_LIFETIME},
    )
    return token


def issue_tokens(database: Database, cipher: PersonalDataCipher, user: User, now: datetime, *, route: str) -> TokenPair:
    """A new session for a user who just proved their password: an access and a refresh token."""
    session_id = str(uuid.uuid4())
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "insert into app.auth_sessions (session_id, user_id, created_at) "
                "values (cast(:s as uuid), cast(:u as uuid), :now)"
            ),
            {"s": session_id, "u": user.user_id, "now": now},
        )
        refresh = _new_refresh(connection, session_id, now)
        audit(connection, Actor("user", user.user_id, route), "sign_in", subject=f"session:{session_id}")
    access = _access_token(cipher, user.user_id, user.role, session_id, now)
    return TokenPair(access, now + ACCESS_LIFETIME, refresh, now + REFRESH_LIFETIME, session_id)


_REFRESH_LOOKUP = text("""
    select t.token_hash, t.used_at, t.expires_at, s.session_id::text as session_id, s.revoked_at,
           u.user_id::text as user_id, u.role, u.disabled_at
    from app.refresh_tokens t
    join app.auth_sessions s using (session_id)
    join app.users u using (user_id)
    where t.token_hash = :hash
    for update of t, s
""")
_REVOKE_SESSION = text("""
    update app.auth_sessions
    set revoked_at = coalesce(revoked_at, :now), revoked_reason = coalesce(revoked_reason, :reason)
    where session_id = cast(:session as uuid)
""")


def refresh_tokens(
    database: Database, cipher: PersonalDataCipher, refresh_token: str, now: datetime, *, route: str
) -> TokenPair:
    """Exchange a refresh token for a new pair; a reused one revokes its whole session."""
    failed = AuthenticationError(
        "The refresh token is not valid: sign in again", field="refresh_token", code="REFRESH_INVALID"
    )
    if not _REFRESH.match(refresh_token):
        raise failed
    with database.engine.begin() as connection:
        row = connection.execute(_REFRESH_LOOKUP, {"hash": _digest(refresh_token)}).mappings().first()
        if row is None:
            raise failed
        if row["used_at"] is not None and row["revoked_at"] is None:
            connection.execute(
                _REVOKE_SESSION, {"now": now, "reason": "refresh_token_reuse", "session": row["session_id"]}
            )
            audit(
                connection,
                Actor("user", row["user_id"], route),
                "refresh_token_reuse",
                subject=f"session:{row['session_id']}",
            )
            reused = True
        else:
            reused = False
            if row["used_at"] is not None or row["revoked_at"] is not None or row["disabled_at"] is not None:
                raise failed
            if row["expires_at"] <= now:
                raise AuthenticationError(
                    "The refresh token has expired: sign in again", field="refresh_token", code="REFRESH_EXPIRED"
                )
            connection.execute(
                text("update app.refresh_tokens set used_at = :now where token_hash = :hash"),
                {"now": now, "hash": row["token_hash"]},
            )
            connection.execute(
                text("update app.auth_sessions set last_refreshed_at = :now where session_id = cast(:s as uuid)"),
                {"now": now, "s": row["session_id"]},
            )
            refresh = _new_refresh(connection, row["session_id"], now)
    if reused:  # committed first: the revocation stands whatever happens to this request
        raise AuthenticationError(
            "This refresh token was already used: the session is revoked, sign in again",
            field="refresh_token",
            code="REFRESH_REUSED",
        )
    access = _access_token(cipher, row["user_id"], row["role"], row["session_id"], now)
    return TokenPair(access, now + ACCESS_LIFETIME, refresh, now + REFRESH_LIFETIME, row["session_id"])


def revoke_session(database: Database, session_id: str, now: datetime, *, actor: Actor, reason: str = "logout") -> None:
    with database.engine.begin() as connection:
        connection.execute(_REVOKE_SESSION, {"now": now, "reason": reason, "session": session_id})
        audit(connection, actor, reason, subject=f"session:{session_id}")


def verify_access_token(cipher: PersonalDataCipher, token: str) -> AccessClaims | None:
    """The claims of a genuine, unexpired access token; None otherwise."""
    try:
        claims = jwt.decode(
            token,
            cipher.derived_key(_PURPOSE),
            algorithms=[_ALGORITHM],
            audience=_AUDIENCE,
            issuer=_ISSUER,
            options={"require": ["sub", "sid", "exp", "iat", "aud", "iss"]},
        )
    except jwt.PyJWTError:
        return None
    return AccessClaims(str(claims["sub"]), str(claims["sid"]), str(claims.get("role", "")))


_SESSION_STATE = text("""
    select u.user_id::text as user_id, u.username, u.role, u.ghl_user_id, u.requests_per_minute, u.disabled_at,
           u.created_at
    from app.auth_sessions s join app.users u using (user_id)
    where s.session_id = cast(:session as uuid) and u.user_id = cast(:user as uuid)
      and s.revoked_at is null and u.disabled_at is null
""")


def active_user(database: Database, claims: AccessClaims) -> User | None:
    """The user behind an access token while its session stands and the account is enabled; the
    role is read here, so a changed role applies at once rather than when the token expires."""
    with database.engine.connect() as connection:
        row = (
            connection.execute(_SESSION_STATE, {"session": claims.session_id, "user": claims.user_id})
            .mappings()
            .first()
        )
    return User(**row) if row else None
