"""Who read or changed what, through which route: one audit row per access, in a hash chain.

An `Actor` names the caller: an API key (its id, never the secret), a signed-in user (their id), a
GoHighLevel webhook (its webhook id), the worker, or the CLI (the operator's login). Writes made
while handling a message are audited inside that message's own statement (see
`ehub.bots.records`), so an audited change and its audit row commit together; reads and
administrative actions are audited with `audit()`. A row names a lead (`lead_id`) or another
subject (`user:<id>`, `key:<id>`, `privacy_request:<id>`), never a personal value.

The chain: when a transaction that wrote audit rows commits, a deferred trigger (migration 0007)
gives each row the next sequence number and `row_hash = sha256(canonical text)`, where the text
starts with the previous row's hash. Rows are append-only in the database; `verify_chain()`
recomputes every hash here, in Python, from the same canonical text, so a changed, deleted or
inserted row shows as the first row whose hash, predecessor or number does not follow. Someone able
to rewrite the whole chain from some row on could make it consistent again: anchors (the chain
head, written to the logs by `log_anchor()` and checked with `verify_chain(anchors=...)`) catch
that, because the logs live outside the database.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Literal

from sqlalchemy import Connection, text

from ehub.db.database import Database

_logger = logging.getLogger(__name__)

ActorKind = Literal["api_key", "user", "lead", "webhook", "worker", "cli", "internal"]
GENESIS = "0" * 64

AUDIT_INSERT = """
    insert into app.audit_log (key_id, actor_kind, action, lead_id, route, subject)
    values (:a_actor, :a_kind, :a_action, cast(:lead as uuid), :a_route, :a_subject)
"""
_AUDIT_INSERT = text(AUDIT_INSERT)
ANCHOR = re.compile(r"audit anchor seq=(\d+) hash=([0-9a-f]{64})")


@dataclass(frozen=True)
class Actor:
    """Who is acting, and through which route (e.g. `POST /v1/chat`)."""

    kind: ActorKind
    id: str
    route: str | None = None

    def params(self, action: str, subject: str | None = None) -> dict[str, str | None]:
        """The bound parameters of `AUDIT_INSERT` (all but `:lead`)."""
        return {
            "a_actor": self.id,
            "a_kind": self.kind,
            "a_action": action,
            "a_route": self.route,
            "a_subject": subject,
        }


# Writes nobody called through a route: a developer's session, a test, a migration of data.
INTERNAL = Actor("internal", "internal")


def audit(
    database: Database | Connection,
    actor: Actor,
    action: str,
    lead_id: str | None = None,
    *,
    subject: str | None = None,
) -> None:
    """Record one access (in `database`'s own transaction, or in the caller's `Connection`)."""
    params = {"lead": lead_id, **actor.params(action, subject)}
    if isinstance(database, Connection):
        database.execute(_AUDIT_INSERT, params)
        return
    with database.engine.begin() as connection:
        connection.execute(_AUDIT_INSERT, params)


# -- the chain ---------------------------------------------------------------------------------------


def _field(value: Any) -> str:
    if value is None:
        return "~"
    value = str(value)
    return f"{len(value)}:{value}"


def row_hash(prev_hash: str, seq: int, row: Any) -> str:
    """The hash of one audit row, exactly as the database's `app.audit_row_hash` computes it."""
    at = row.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    fields = [_field(row.actor_kind), _field(row.key_id), _field(row.action), _field(row.lead_id)]
    fields += [_field(row.route), _field(row.subject)]
    canonical = "|".join([prev_hash, str(seq), str(row.audit_id), *fields, at])
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Break:
    """The first row where the chain does not hold, and why."""

    audit_id: int | None
    chain_seq: int | None
    problem: str


@dataclass(frozen=True)
class ChainReport:
    rows: int
    head_seq: int
    head_hash: str
    anchors_checked: int
    broken: Break | None

    @property
    def intact(self) -> bool:
        return self.broken is None

    def as_dict(self) -> dict[str, Any]:
        broken = None
        if self.broken is not None:
            broken = {
                "audit_id": self.broken.audit_id,
                "chain_seq": self.broken.chain_seq,
                "problem": self.broken.problem,
            }
        return {
            "intact": self.intact,
            "rows": self.rows,
            "head_seq": self.head_seq,
            "head_hash": self.head_hash,
            "anchors_checked": self.anchors_checked,
            "first_bad_row": broken,
        }


_ROWS = text("""
    select audit_id, chain_seq, prev_hash, row_hash, key_id, actor_kind, action, cast(lead_id as text) as lead_id,
           route, subject, at
    from app.audit_log order by chain_seq nulls last, audit_id
""")


def verify_chain(database: Database, anchors: Iterable[tuple[int, str]] = ()) -> ChainReport:
    """Walk the chain from its first row: the first row changed (its hash differs from its
    content), deleted (a number missing, or a row not following its predecessor's hash) or inserted
    (a row outside the chain, or a predecessor that is not the row before) is reported; then the
    recorded head and every anchor (sequence number and hash from the logs) must match the rows."""
    wanted = dict(anchors)
    prev, expected, count, seen = GENESIS, 1, 0, {}
    broken: Break | None = None
    with database.engine.connect() as connection:
        head = connection.execute(text("select seq, hash from app.audit_chain_head where id = 1")).one()
        for row in connection.execute(_ROWS):
            count += 1
            if broken is not None:
                continue
            broken = _check(row, prev, expected)
            if broken is None:
                prev, expected = row.row_hash, expected + 1
                seen[row.chain_seq] = row.row_hash
    last_seq = expected - 1
    if broken is None and (head.seq, head.hash) != (last_seq, prev):
        broken = Break(
            None, head.seq, f"the chain ends at row {last_seq} but its recorded head is row {head.seq}: rows deleted"
        )
    checked = 0
    for seq, digest in sorted(wanted.items()):
        if broken is not None:
            break
        checked += 1
        if seen.get(seq) != digest:
            problem = "is missing" if seq not in seen else "has a different hash than the anchor in the logs"
            broken = Break(None, seq, f"anchored row {seq} {problem}: the chain was rewritten from there on")
    return ChainReport(count, last_seq, prev, checked, broken)


def _check(row: Any, prev: str, expected: int) -> Break | None:
    if row.chain_seq is None or row.row_hash is None:
        return Break(row.audit_id, None, "row is outside the chain: inserted with the chain's trigger bypassed")
    if row.chain_seq != expected:
        return Break(row.audit_id, row.chain_seq, f"row {expected} is missing: deleted")
    if row.prev_hash != prev:
        return Break(
            row.audit_id, row.chain_seq, "row does not follow the row before it: a row was deleted or inserted"
        )
    if row_hash(prev, row.chain_seq, row) != row.row_hash:
        return Break(row.audit_id, row.chain_seq, "row's content does not match its hash: changed")
    return None


def chain_head(database: Database) -> tuple[int, str]:
    with database.engine.connect() as connection:
        head = connection.execute(text("select seq, hash from app.audit_chain_head where id = 1")).one()
    return int(head.seq), str(head.hash)


def log_anchor(database: Database, now: datetime | None = None) -> tuple[int, str]:
    """Write the chain head to the log (`audit anchor seq=N hash=H`), where a database rewrite cannot reach it."""
    seq, digest = chain_head(database)
    at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    _logger.info("audit anchor seq=%d hash=%s at=%s", seq, digest, at)
    return seq, digest


def read_anchors(lines: Iterable[str]) -> list[tuple[int, str]]:
    """Anchors found in log lines (any format that keeps the `audit anchor seq=N hash=H` text)."""
    found = []
    for line in lines:
        match = ANCHOR.search(line)
        if match:
            found.append((int(match.group(1)), match.group(2)))
    return found
