"""Web chat sessions: a signed, expiring token bound to one lead and the key that started it.

A public (chat-only) key can never name a lead. Its first message starts a new web conversation,
and the reply carries a session token; the widget sends it back to continue that conversation and
nothing else. The token is a JWT (HS256) under a key derived from the blind-index key: its subject
is the lead, its audience the API key, and it expires (sliding: every reply issues a fresh one).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

import jwt

from ehub.crypto import PersonalDataCipher
from ehub.errors import EhubError

SESSION_LIFETIME = timedelta(hours=24)
_ALGORITHM = "HS256"
_PURPOSE = "chat-session-v1"


class SessionError(EhubError):
    error = "invalid_session"
    code = "SESSION_INVALID"
    http_status = 401


@dataclass(frozen=True)
class ChatSession:
    lead_id: str
    token: str
    expires_at: datetime


def _audience(key_id: str) -> str:
    return f"ehub-chat:{key_id}"


def issue_session(
    cipher: PersonalDataCipher, lead_id: str, key_id: str, now: datetime, lifetime: timedelta = SESSION_LIFETIME
) -> ChatSession:
    expires = now + lifetime
    claims = {"sub": lead_id, "aud": _audience(key_id), "iat": int(now.timestamp()), "exp": int(expires.timestamp())}
    token = jwt.encode(claims, cipher.derived_key(_PURPOSE), algorithm=_ALGORITHM)
    return ChatSession(lead_id, token, expires.replace(microsecond=0))


def verify_session(cipher: PersonalDataCipher, token: str, key_id: str, now: datetime) -> str:
    """The lead a session token continues; `SessionError` when forged, expired or another key's."""
    try:
        claims = jwt.decode(
            token,
            cipher.derived_key(_PURPOSE),
            algorithms=[_ALGORITHM],
            audience=_audience(key_id),
            options={"require": ["sub", "aud", "exp"], "verify_exp": False},
        )
    except jwt.InvalidAudienceError:
        raise SessionError("This session belongs to another key", field="session_token") from None
    except jwt.PyJWTError:
        raise SessionError("The session token is not valid", field="session_token") from None
    if int(claims["exp"]) <= now.timestamp():
        raise SessionError(
            "The chat session has expired: start a new conversation", field="session_token", code="SESSION_EXPIRED"
        )
    return str(claims["sub"])
