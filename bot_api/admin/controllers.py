"""What admins manage: users (list, create, disable), API keys (list, create, revoke) and the audit
chain (verify). Every change is audited naming the admin."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal

import msgspec
from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from bot_api.access import Access, current_principal
from bot_api.errors import ERROR_RESPONSES
from ehub.auth.users import USERNAME_PATTERN, create_user, disable_user, list_users
from ehub.bots.apikeys import MAX_REQUESTS_PER_MINUTE, create_key, list_keys, revoke_key
from ehub.bots.audit import verify_chain
from ehub.db import Database
from ehub.errors import EhubError

ADMIN = Access(roles=("admin",))
# What every admin route declares: admins only, the error shapes, run off the event loop.
ROUTE = {"opt": ADMIN.opt, "security": ADMIN.security, "responses": ERROR_RESPONSES, "sync_to_thread": True}
Role = Literal["admin", "agent", "analyst"]
Scope = Literal["chat", "leads", "market"]
_GHL_ID = r"^[A-Za-z0-9_-]{1,64}$"
_KEY_ID = r"^[0-9a-f]{12}$"


class KeyNotFoundError(EhubError):
    error = "not_found"
    code = "KEY_NOT_FOUND"
    http_status = 404


class UserOut(msgspec.Struct):
    user_id: str
    username: str
    role: str
    ghl_user_id: str | None
    requests_per_minute: int
    disabled: bool


class NewUser(msgspec.Struct, forbid_unknown_fields=True):
    username: Annotated[str, msgspec.Meta(min_length=3, max_length=64, pattern=USERNAME_PATTERN)]
    role: Role
    ghl_user_id: Annotated[str, msgspec.Meta(pattern=_GHL_ID)] | None = None
    requests_per_minute: Annotated[int, msgspec.Meta(ge=1, le=MAX_REQUESTS_PER_MINUTE)] = 100


class CreatedUser(UserOut):
    password: str  # shown once


class KeyOut(msgspec.Struct):
    key_id: str
    name: str
    scopes: list[str]
    requests_per_minute: int
    created_at: datetime
    revoked_at: datetime | None


class NewKey(msgspec.Struct, forbid_unknown_fields=True):
    name: Annotated[str, msgspec.Meta(min_length=1, max_length=100, pattern=r"^[^\x00]*$")]
    scopes: Annotated[list[Scope], msgspec.Meta(min_length=1, max_length=3)]
    requests_per_minute: Annotated[int, msgspec.Meta(ge=1, le=MAX_REQUESTS_PER_MINUTE)] = 100


class CreatedKey(msgspec.Struct):
    key_id: str
    name: str
    scopes: list[str]
    requests_per_minute: int
    api_key: str  # shown once


class Revoked(msgspec.Struct):
    key_id: str
    revoked: bool


class ChainOut(msgspec.Struct):
    intact: bool
    rows: int
    head_seq: int
    head_hash: str
    anchors_checked: int
    first_bad_row: dict[str, object] | None


class AdminController(Controller):
    path = "/v1/admin"
    tags = ["admin"]  # noqa: RUF012

    @get("/users", summary="Every user account.", **ROUTE)
    def users(self, database: NamedDependency[Database]) -> list[UserOut]:
        return [UserOut(**user.public()) for user in list_users(database)]

    @post("/users", summary="Create a user; the password is shown once (audited).", status_code=201, **ROUTE)
    def create_user(
        self, data: JSONBody[NewUser], request: Request, database: NamedDependency[Database]
    ) -> CreatedUser:
        actor = current_principal(request).actor("POST /v1/admin/users")
        user, password = create_user(
            database,
            data.username,
            data.role,
            actor,
            ghl_user_id=data.ghl_user_id,
            requests_per_minute=data.requests_per_minute,
        )
        return CreatedUser(**user.public(), password=password)

    @post(
        "/users/{username:str}/disable",
        summary="Disable a user and revoke their sessions (audited).",
        status_code=200,
        **ROUTE,
    )
    def disable_user(
        self,
        username: FromPath[Annotated[str, msgspec.Meta(max_length=64)]],
        request: Request,
        database: NamedDependency[Database],
    ) -> UserOut:
        actor = current_principal(request).actor("POST /v1/admin/users/{username}/disable")
        user = disable_user(database, username, actor)
        return UserOut(**{**user.public(), "disabled": True})

    @get("/keys", summary="Every API key (never its secret).", **ROUTE)
    def keys(self, database: NamedDependency[Database]) -> list[KeyOut]:
        return [KeyOut(**{**row, "scopes": list(row["scopes"])}) for row in list_keys(database)]

    @post("/keys", summary="Create an API key; the key is shown once (audited).", status_code=201, **ROUTE)
    def create_key(self, data: JSONBody[NewKey], request: Request, database: NamedDependency[Database]) -> CreatedKey:
        actor = current_principal(request).actor("POST /v1/admin/keys")
        key, secret = create_key(
            database,
            data.name,
            list(data.scopes),
            requests_per_minute=data.requests_per_minute,
            actor=actor,
        )
        return CreatedKey(key.key_id, key.name, list(key.scopes), key.requests_per_minute, secret)

    @post("/keys/{key_id:str}/revoke", summary="Revoke an API key (audited).", status_code=200, **ROUTE)
    def revoke_key(
        self,
        key_id: FromPath[Annotated[str, msgspec.Meta(pattern=_KEY_ID)]],
        request: Request,
        database: NamedDependency[Database],
    ) -> Revoked:
        actor = current_principal(request).actor("POST /v1/admin/keys/{key_id}/revoke")
        if not revoke_key(database, key_id, actor=actor):
            raise KeyNotFoundError(f"No active key {key_id}", field="key_id")
        return Revoked(key_id, True)

    @get("/audit/verify", summary="Recompute the audit log's hash chain; the first bad row, if any.", **ROUTE)
    def verify_audit(self, database: NamedDependency[Database]) -> ChainOut:
        report = verify_chain(database)
        return ChainOut(**report.as_dict())
