"""API keys for the bot service: shown once, stored hashed, scoped, revocable.

A key reads `ehk_<key id>_<secret>`. Only its SHA-256 is stored: the secret is 32 random bytes,
so a fast hash is safe (there is nothing to brute-force). Scopes: `chat` (the web widget's public
key may only chat), `leads` (read leads and their conversations), `market` (search and CMA).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass

from sqlalchemy import text

from ehub.db.database import Database
from ehub.errors import ValidationError

SCOPES = ("chat", "leads", "market")


@dataclass(frozen=True)
class ApiKey:
    key_id: str
    name: str
    scopes: tuple[str, ...]


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def create_key(database: Database, name: str, scopes: list[str]) -> tuple[ApiKey, str]:
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise ValidationError(
            f"scopes must be among {', '.join(SCOPES)} (got {', '.join(unknown) or 'none'})",
            field="scopes",
            code="SCOPE_INVALID",
        )
    key_id = secrets.token_hex(6)
    secret = f"ehk_{key_id}_{secrets.token_urlsafe(32)}"
    with database.engine.begin() as connection:
        connection.execute(
            text("insert into app.api_keys (key_id, name, key_hash, scopes) values (:id, :name, :hash, :scopes)"),
            {"id": key_id, "name": name, "hash": _digest(secret), "scopes": sorted(set(scopes))},
        )
    return ApiKey(key_id, name, tuple(sorted(set(scopes)))), secret


def revoke_key(database: Database, key_id: str) -> bool:
    with database.engine.begin() as connection:
        result = connection.execute(
            text("update app.api_keys set revoked_at = now() where key_id = :id and revoked_at is null"), {"id": key_id}
        )
    return result.rowcount == 1


def verify_key(database: Database, secret: str) -> ApiKey | None:
    if not secret.startswith("ehk_"):
        return None
    with database.engine.connect() as connection:
        row = connection.execute(
            text("select key_id, name, scopes from app.api_keys where key_hash = :hash and revoked_at is null"),
            {"hash": _digest(secret)},
        ).first()
    return ApiKey(row.key_id, row.name, tuple(row.scopes)) if row else None


def audit(database: Database, key_id: str, action: str, lead_id: str | None = None) -> None:
    with database.engine.begin() as connection:
        connection.execute(
            text("insert into app.audit_log (key_id, action, lead_id) values (:key, :action, cast(:lead as uuid))"),
            {"key": key_id, "action": action, "lead": lead_id},
        )
