"""Who read or changed a lead, through which route: one audit row per access.

An `Actor` names the caller: an API key (its id, never the secret), a GoHighLevel webhook (its
webhook id), the worker, or the CLI. Writes made while handling a message are audited inside that
message's own statement (see `ehub.bots.records`), so an audited change and its audit row commit
together; reads are audited with `audit()`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from sqlalchemy import Connection, text

from ehub.db.database import Database

ActorKind = Literal["api_key", "webhook", "worker", "cli", "internal"]

AUDIT_INSERT = """
    insert into app.audit_log (key_id, actor_kind, action, lead_id, route)
    values (:a_actor, :a_kind, :a_action, cast(:lead as uuid), :a_route)
"""
_AUDIT_INSERT = text(AUDIT_INSERT)


@dataclass(frozen=True)
class Actor:
    """Who is acting, and through which route (e.g. `POST /v1/chat`)."""

    kind: ActorKind
    id: str
    route: str | None = None

    def params(self, action: str) -> dict[str, str | None]:
        """The bound parameters of `AUDIT_INSERT` (all but `:lead`)."""
        return {"a_actor": self.id, "a_kind": self.kind, "a_action": action, "a_route": self.route}


# Writes nobody called through a route: a developer's session, a test, a migration of data.
INTERNAL = Actor("internal", "internal")


def audit(database: Database | Connection, actor: Actor, action: str, lead_id: str | None = None) -> None:
    """Record one access (in `database`'s own transaction, or in the caller's `Connection`)."""
    params = {"lead": lead_id, **actor.params(action)}
    if isinstance(database, Connection):
        database.execute(_AUDIT_INSERT, params)
        return
    with database.engine.begin() as connection:
        connection.execute(_AUDIT_INSERT, params)
