"""Who may call each route: every `/v1` route declares the roles and key scopes it admits.

A caller is a `Principal`: an API key (machines: GoHighLevel, the widget), holding scopes, or a
signed-in user (people), holding one role. A route says `opt={"access": Access(...)}`; the one
guard `authorize` admits a key holding one of the route's scopes or a user holding one of its
roles, and refuses everything on a route that declares nothing (deny by default).

| role | may |
|---|---|
| `admin` | everything a person may: every lead, export and erase a person, users and keys, the audit chain |
| `agent` | market figures, and the leads assigned to them in GoHighLevel (others are 404) |
| `analyst` | market figures and the list of leads (no personal data); never a lead's details |
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException, PermissionDeniedException
from litestar.handlers.base import BaseRouteHandler

from ehub.auth.users import ROLES, User
from ehub.bots.apikeys import ApiKey
from ehub.bots.audit import Actor

API_KEY_SECURITY = {"ApiKey": []}
BEARER_SECURITY = {"Bearer": []}


@dataclass(frozen=True)
class Access:
    """What a route admits: users with one of `roles`, keys with one of `scopes`, or anyone."""

    roles: tuple[str, ...] = ()
    scopes: tuple[str, ...] = ()
    public: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.roles) - set(ROLES)
        if unknown:
            raise ValueError(f"unknown roles {sorted(unknown)}")

    def admits(self, principal: Principal | None) -> bool:
        if self.public:
            return True
        if principal is None:
            return False
        if principal.kind == "api_key":
            return bool(set(self.scopes) & set(principal.scopes))
        return principal.role in self.roles

    @property
    def security(self) -> list[dict[str, list[str]]]:
        """The OpenAPI security requirements: what a caller of this route presents."""
        return [*([API_KEY_SECURITY] if self.scopes else []), *([BEARER_SECURITY] if self.roles else [])]

    @property
    def opt(self) -> dict[str, Access]:
        return {"access": self}


@dataclass(frozen=True)
class Principal:
    """Who is calling: a key (`scopes`) or a user (`role`), and its rate limit."""

    kind: Literal["api_key", "user"]
    id: str
    requests_per_minute: int
    scopes: tuple[str, ...] = ()
    role: str | None = None
    ghl_user_id: str | None = None
    key: ApiKey | None = field(default=None, compare=False)
    user: User | None = field(default=None, compare=False)

    @classmethod
    def of_key(cls, key: ApiKey) -> Principal:
        return cls("api_key", key.key_id, key.requests_per_minute, scopes=key.scopes, key=key)

    @classmethod
    def of_user(cls, user: User) -> Principal:
        return cls(
            "user", user.user_id, user.requests_per_minute, role=user.role, ghl_user_id=user.ghl_user_id, user=user
        )

    @property
    def trusted(self) -> bool:
        """May address any lead: a key that may read leads, or an admin."""
        return self.key.trusted if self.key is not None else self.role == "admin"

    @property
    def sees_personal_data(self) -> bool:
        return self.kind == "api_key" or self.role in ("admin", "agent")

    def actor(self, route: str) -> Actor:
        return Actor(self.kind, self.id, route)


def current_principal(connection: ASGIConnection) -> Principal:
    """The caller the access middleware resolved (the guard has already required one)."""
    principal: Principal = connection.state.principal
    return principal


def authorize(connection: ASGIConnection, handler: BaseRouteHandler) -> None:
    """The guard of every `/v1` route: deny by default, then the route's declared `Access`."""
    access = handler.opt.get("access")
    if not isinstance(access, Access):
        raise PermissionDeniedException("This route declares no access: nobody may call it")
    principal: Principal | None = connection.state.get("principal")
    if access.admits(principal):
        return
    if principal is None:
        if connection.state.get("credential_given"):
            raise NotAuthorizedException("The API key or access token is unknown, expired or revoked")
        raise NotAuthorizedException("An API key (X-API-Key) or an access token (Authorization: Bearer) is required")
    if principal.kind == "api_key" and not access.scopes:  # the credential this route needs is missing
        raise NotAuthorizedException("This route needs a signed-in user's access token (Authorization: Bearer)")
    if principal.kind == "user" and not access.roles:
        raise NotAuthorizedException("This route needs an API key (X-API-Key)")
    if principal.kind == "api_key":
        raise PermissionDeniedException(
            f"This key may not use this route (its scopes: {', '.join(principal.scopes)}; "
            f"the route needs one of: {', '.join(access.scopes)})"
        )
    raise PermissionDeniedException(
        f"The {principal.role} role may not use this route (it needs: {', '.join(access.roles)})"
    )
