"""User accounts: `admin` (manages keys and users, exports and erases), `agent` (their own leads),
`analyst` (figures, never personal data).

A username is a login handle, never an email address, so an account holds no personal data in
clear. Disabling an account or resetting its password revokes every session it has. Each change
is an audit row naming who made it.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Connection, text

from ehub.access import ROLES
from ehub.auth.errors import AuthenticationError, UserExistsError, UserNotFoundError
from ehub.auth.passwords import generate_password, hash_password, needs_rehash, verify_password
from ehub.bots.audit import Actor, audit
from ehub.db.database import Database
from ehub.errors import ValidationError

USERNAME_PATTERN = r"^[a-z0-9][a-z0-9._-]{2,63}$"
_USERNAME = re.compile(USERNAME_PATTERN)
_COLUMNS = "user_id::text as user_id, username, role, ghl_user_id, requests_per_minute, disabled_at, created_at"


@dataclass(frozen=True)
class User:
    user_id: str
    username: str
    role: str
    ghl_user_id: str | None = None
    requests_per_minute: int = 100
    disabled_at: datetime | None = None
    created_at: datetime | None = None

    def public(self) -> dict[str, object]:
        return {
            "user_id": self.user_id,
            "username": self.username,
            "role": self.role,
            "ghl_user_id": self.ghl_user_id,
            "requests_per_minute": self.requests_per_minute,
            "disabled": self.disabled_at is not None,
        }


def _validated(username: str, role: str) -> str:
    username = username.strip().lower()
    if not _USERNAME.match(username):
        raise ValidationError(
            "A username is 3 to 64 lower-case letters, digits, '.', '_' or '-' (not an email address)",
            field="username",
            code="USERNAME_INVALID",
        )
    if role not in ROLES:
        raise ValidationError(f"role must be one of {', '.join(ROLES)}", field="role", code="ROLE_INVALID")
    return username


def create_user(
    database: Database,
    username: str,
    role: str,
    actor: Actor,
    *,
    password: str | None = None,
    ghl_user_id: str | None = None,
    requests_per_minute: int = 100,
) -> tuple[User, str]:
    """A new account and its password (the one given, or a generated one to show once)."""
    username = _validated(username, role)
    if role == "agent" and not ghl_user_id:
        raise ValidationError(
            "An agent needs their GoHighLevel user id (--ghl-user-id): it decides which leads are theirs",
            field="ghl_user_id",
            code="AGENT_WITHOUT_GHL_USER",
        )
    if not 1 <= requests_per_minute <= 100_000:
        raise ValidationError("requests per minute must be between 1 and 100,000", field="requests_per_minute")
    password = password or generate_password()
    digest = hash_password(password)
    user_id = str(uuid.uuid4())
    with database.engine.begin() as connection:
        taken = connection.execute(text("select 1 from app.users where username = :u"), {"u": username}).first()
        if taken:
            raise UserExistsError(f"A user named {username} exists", field="username")
        connection.execute(
            text(
                "insert into app.users (user_id, username, role, ghl_user_id, password_hash, requests_per_minute) "
                "values (cast(:id as uuid), :username, :role, :ghl, :hash, :rate)"
            ),
            {
                "id": user_id,
                "username": username,
                "role": role,
                "ghl": ghl_user_id,
                "hash": digest,
                "rate": requests_per_minute,
            },
        )
        audit(connection, actor, "create_user", subject=f"user:{user_id}")
    return User(user_id, username, role, ghl_user_id, requests_per_minute), password


def _find(connection: Connection, username: str) -> User:
    row = (
        connection.execute(
            text(f"select {_COLUMNS} from app.users where username = :u for update"),  # noqa: S608 # nosec B608 - constant
            {"u": username.strip().lower()},
        )
        .mappings()
        .first()
    )
    if row is None:
        raise UserNotFoundError(f"No user named {username}", field="username")
    return User(**row)


def revoke_sessions(connection: Connection, user_id: str, reason: str) -> int:
    return connection.execute(
        text(
            "update app.auth_sessions set revoked_at = now(), revoked_reason = :reason "
            "where user_id = cast(:id as uuid) and revoked_at is null"
        ),
        {"id": user_id, "reason": reason},
    ).rowcount


def disable_user(database: Database, username: str, actor: Actor) -> User:
    """Disable an account and revoke its sessions; its access tokens stop working within 30 s."""
    with database.engine.begin() as connection:
        user = _find(connection, username)
        connection.execute(
            text("update app.users set disabled_at = coalesce(disabled_at, now()) where user_id = cast(:id as uuid)"),
            {"id": user.user_id},
        )
        revoke_sessions(connection, user.user_id, "user_disabled")
        audit(connection, actor, "disable_user", subject=f"user:{user.user_id}")
    return user


def reset_password(database: Database, username: str, actor: Actor, *, password: str | None = None) -> tuple[User, str]:
    """A new password (given or generated, shown once); the account is enabled and its sessions revoked."""
    password = password or generate_password()
    digest = hash_password(password)
    with database.engine.begin() as connection:
        user = _find(connection, username)
        connection.execute(
            text(
                "update app.users set password_hash = :hash, password_changed_at = now(), disabled_at = null "
                "where user_id = cast(:id as uuid)"
            ),
            {"hash": digest, "id": user.user_id},
        )
        revoke_sessions(connection, user.user_id, "password_reset")
        audit(connection, actor, "reset_password", subject=f"user:{user.user_id}")
    return user, password


def list_users(database: Database) -> list[User]:
    with database.engine.connect() as connection:
        rows = connection.execute(text(f"select {_COLUMNS} from app.users order by username")).mappings().all()  # noqa: S608 # nosec B608
    return [User(**row) for row in rows]


def authenticate(database: Database, username: str, password: str) -> User:
    """The enabled account with these credentials; `AuthenticationError` otherwise (one message
    for every reason, so the answer does not tell whether the username exists)."""
    with database.engine.connect() as connection:
        row = (
            connection.execute(
                text(f"select {_COLUMNS}, password_hash from app.users where username = :u"),  # noqa: S608 # nosec B608
                {"u": username.strip().lower()},
            )
            .mappings()
            .first()
        )
    stored = row["password_hash"] if row else None
    if not verify_password(stored, password) or row is None or row["disabled_at"] is not None:
        raise AuthenticationError("Wrong username or password, or the account is disabled", code="LOGIN_FAILED")
    user = User(**{name: value for name, value in row.items() if name != "password_hash"})
    if needs_rehash(row["password_hash"]):
        with database.engine.begin() as connection:
            connection.execute(
                text("update app.users set password_hash = :hash where user_id = cast(:id as uuid)"),
                {"hash": hash_password(password, checked=False), "id": user.user_id},
            )
    return user
