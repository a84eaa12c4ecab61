"""The dbt benchmark's first-day sources, kept between runs (`ehub bench dbt --reuse-sync`).

Syncing the sandbox at scale 20 takes minutes and the builds seconds, so a run can keep the
database as it stands after the first day's sync (and the bots' answers), before any dbt build, as
a template on the same server; later runs with the same scale and seed copy it instead of syncing.
The template holds sandbox data only; its comment records the keys its sealed fields were written
with (the next day's sync writes with the same ones) and how long the sync took.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass

import psycopg
from psycopg import sql
from sqlalchemy.engine import make_url

from ehub.db.database import Database

_PREFIX = "ehub bench synced sources "


@dataclass(frozen=True)
class SyncedSources:
    keys: dict[str, str]
    sync_seconds: float
    bots_seconds: float


def template_name(scale: float, seed: int) -> str:
    return f"ehub_bench_synced_{scale:g}_{seed}".replace(".", "_")


def kept_sources(database: Database, template: str) -> SyncedSources | None:
    """The template's record, or None when no such template was kept."""
    with psycopg.connect(database.libpq_url, autocommit=True) as admin:
        row = admin.execute(
            "select shobj_description(oid, 'pg_database') from pg_database where datname = %s", (template,)
        ).fetchone()
    if row is None or not isinstance(row[0], str) or not row[0].startswith(_PREFIX):
        return None
    return SyncedSources(**json.loads(row[0].removeprefix(_PREFIX)))


def keep_sources(database: Database, synced: Database, template: str, sources: SyncedSources) -> None:
    """Copy `synced` (no session may be open on it) as the template, replacing an older one."""
    synced.dispose()
    name = sql.Identifier(template)
    with psycopg.connect(database.libpq_url, autocommit=True) as admin:
        admin.execute(sql.SQL("drop database if exists {} with (force)").format(name))
        admin.execute(
            sql.SQL("create database {} template {}").format(name, sql.Identifier(make_url(synced.url).database or ""))
        )
        admin.execute(
            sql.SQL("comment on database {} is {}").format(name, sql.Literal(_PREFIX + json.dumps(asdict(sources))))
        )
