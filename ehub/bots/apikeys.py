"""API keys for the bot service: shown once, stored hashed, scoped, revocable, rate-limited.

A key reads `ehk_<key id>_<secret>`. Only its SHA-256 is stored: the secret is 32 random bytes,
so a fast hash is safe (there is nothing to brute-force). Scopes: `chat` (a key with only this
scope is public, like the web widget's: it may only start and continue its own web conversations),
`leads` (read leads and their conversations; trusted to address any lead in chat), `market`
(search and CMA). Each key has its own limit of requests per minute (default 100); a public
widget key, shared by every visitor of the website, gets a higher one.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import text

from ehub.access import DEFAULT_REQUESTS_PER_MINUTE, SCOPES
from ehub.bots.audit import Actor, audit
from ehub.db.database import Database
from ehub.errors import ValidationError

TRUSTED_SCOPE = "leads"  # a key that may read any lead may also address one in chat
MAX_REQUESTS_PER_MINUTE = 100_000
KEY_SHAPE = re.compile(r"ehk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")  # what create_key issues; anything else is no key


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    name: str
    scopes: tuple[str, ...]
    requests_per_minute: int = DEFAULT_REQUESTS_PER_MINUTE

    @property
    def trusted(self) -> bool:
        """Trusted keys may address an existing lead; public (chat-only) keys only their own sessions."""
        return TRUSTED_SCOPE in self.scopes


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(
    database: Database,
    name: str,
    scopes: list[str],
    *,
    requests_per_minute: int = DEFAULT_REQUESTS_PER_MINUTE,
    actor: Actor | None = None,
) -> tuple[ApiKey, str]:
    """A new key and its secret (shown once); audited as `actor` when one is named."""
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValidationError(
            f"scopes must be among {', '.join(SCOPES)} (got {', '.join(unknown) or 'none'})",
            field="scopes",
            code="SCOPE_INVALID",
        )
    if not 1 <= requests_per_minute <= MAX_REQUESTS_PER_MINUTE:
        raise ValidationError(
            f"requests per minute must be between 1 and {MAX_REQUESTS_PER_MINUTE:,}",
            field="requests_per_minute",
            code="RATE_INVALID",
        )
    key_id = secrets.token_hex(6)
    secret = f"ehk_{key_id}_{secrets.token_urlsafe(32)}"
    with database.engine.begin() as connection:
        connection.execute(
            text(
                "insert into app.api_keys (key_id, name, key_hash, scopes, requests_per_minute) "
                "values (:id, :name, :hash, :scopes, :rate)"
            ),
            {
                "id": key_id,
                "name": name,
                "hash": _digest(secret),
                "scopes": sorted(set(scopes)),
                "rate": requests_per_minute,
            },
        )
        if actor is not None:
            audit(connection, actor, "create_api_key", subject=f"key:{key_id}")
    return ApiKey(key_id, name, tuple(sorted(set(scopes))), requests_per_minute), secret


def revoke_key(database: Database, key_id: str, *, actor: Actor | None = None) -> bool:
    with database.engine.begin() as connection:
        result = connection.execute(
            text("update app.api_keys set revoked_at = now() where key_id = :id and revoked_at is null"), {"id": key_id}
        )
        if actor is not None and result.rowcount == 1:
            audit(connection, actor, "revoke_api_key", subject=f"key:{key_id}")
    return result.rowcount == 1


def list_keys(database: Database) -> list[dict[str, object]]:
    """Every key, without its hash: id, name, scopes, limit, when created and revoked."""
    with database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "select key_id, name, scopes, requests_per_minute, created_at, revoked_at "
                "from app.api_keys order by created_at, key_id"
            )
        ).mappings()
        return [dict(row) for row in rows]


def verify_key(database: Database, secret: str) -> ApiKey | None:
    """The active key with this secret, or None; a string not shaped like a key costs no query."""
    if not KEY_SHAPE.fullmatch(secret):
        return None
    with database.engine.connect() as connection:
        row = connection.execute(
            text(
                "select key_id, name, scopes, requests_per_minute from app.api_keys "
                "where key_hash = :hash and revoked_at is null"
            ),
            {"hash": _digest(secret)},
        ).first()
    return ApiKey(row.key_id, row.name, tuple(row.scopes), row.requests_per_minute) if row else None
