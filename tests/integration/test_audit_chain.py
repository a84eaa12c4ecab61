"""The audit log nobody can rewrite quietly: rows chained by hash at commit, refused updates and
deletes, and `ehub audit verify` naming the first bad row of a tampered copy (a changed, deleted or
inserted row, and a whole chain rebuilt after a change, which only the logged anchors reveal)."""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor

import psycopg
import pytest
from psycopg import sql
from sqlalchemy import text
from sqlalchemy.engine import make_url

from ehub.bots.audit import Actor, audit, read_anchors, verify_chain
from ehub.db import Database
from tests.cli_helpers import run_ehub
from tests.conftest import drop_database

ACTOR = Actor("api_key", "k1", "GET /v1/leads")


def _fill(database: Database, rows: int = 12) -> None:
    for number in range(rows):
        audit(database, ACTOR, f"read_{number}", str(uuid.uuid4()), subject=f"user:{number}" if number % 3 else None)


def _copy(admin_url: str, database: Database) -> str:
    """A copy of the database (CREATE DATABASE … TEMPLATE), as someone stealing a dump would have."""
    database.dispose()
    source = make_url(database.url).database
    url = make_url(admin_url).set(database=f"ehub_test_{uuid.uuid4().hex[:12]}")
    with psycopg.connect(admin_url, autocommit=True) as admin:
        admin.execute(
            "select pg_terminate_backend(pid) from pg_stat_activity where datname = %s and pid <> pg_backend_pid()",
            (source,),
        )
        admin.execute(
            sql.SQL("create database {} template {}").format(sql.Identifier(url.database), sql.Identifier(source))
        )
    return url.render_as_string(hide_password=False)


def _tamper(url: str, *statements: str) -> None:
    """Statements run as a superuser with triggers off: what the append-only guard cannot stop."""
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute("set session_replication_role = replica")
        for statement in statements:
            connection.execute(statement)


def _verify(url: str, data_dir, *args: str) -> tuple[int, dict]:
    result = run_ehub("--json", "audit", "verify", *args, data_dir=data_dir, EHUB_DATABASE_URL=url)
    return result.returncode, json.loads(result.stdout)


@pytest.mark.both_backends
def test_rows_are_chained_at_commit_even_when_written_concurrently(migrated: Database) -> None:
    with ThreadPoolExecutor(max_workers=8) as pool:
        list(pool.map(lambda n: audit(migrated, ACTOR, f"read_{n}", str(uuid.uuid4())), range(80)))
    report = verify_chain(migrated)
    assert report.intact and report.rows == 80 and report.head_seq == 80, report.as_dict()
    with migrated.engine.connect() as connection:
        sequence = connection.execute(text("select chain_seq from app.audit_log order by chain_seq")).scalars().all()
    assert sequence == list(range(1, 81))


def test_the_database_refuses_to_change_delete_or_truncate_audit_rows(migrated: Database) -> None:
    _fill(migrated, 2)
    for statement in (
        "update app.audit_log set action = 'nothing' where chain_seq = 1",
        "delete from app.audit_log where chain_seq = 1",
        "truncate app.audit_log",
    ):
        with pytest.raises(Exception, match="append-only"), migrated.engine.begin() as connection:
            connection.execute(text(statement))
    assert verify_chain(migrated).intact


INSERTED = (
    "update app.audit_log set chain_seq = -chain_seq - 1 where chain_seq >= 6",
    "update app.audit_log set chain_seq = -chain_seq where chain_seq < 0",
    "insert into app.audit_log (key_id, actor_kind, action, route, chain_seq, prev_hash) "
    "select 'intruder', 'api_key', 'read_lead', 'GET /v1/leads', 6, row_hash from app.audit_log where chain_seq = 5",
    # the intruder even gets the right hash for its place: the row after it no longer follows
    "update app.audit_log set row_hash = app.audit_row_hash(prev_hash, chain_seq, audit_log) where key_id = 'intruder'",
)


@pytest.mark.parametrize(
    ("tampering", "bad_seq", "problem"),
    [
        (("update app.audit_log set route = 'GET /nothing' where chain_seq = 5",), 5, "changed"),
        (("delete from app.audit_log where chain_seq = 5",), 6, "deleted"),
        (INSERTED, 7, "inserted"),
        (("insert into app.audit_log (key_id, actor_kind, action) values ('intruder', 'cli', 'x')",), None, "outside"),
        (("delete from app.audit_log where chain_seq = 12",), 12, "deleted"),
    ],
    ids=["changed", "deleted", "inserted", "inserted-unchained", "tail-deleted"],
)
def test_verify_names_the_first_bad_row_of_a_tampered_copy(
    migrated: Database, admin_url: str, data_dir, tampering: tuple[str, ...], bad_seq: int | None, problem: str
) -> None:
    _fill(migrated)
    copy = _copy(admin_url, migrated)
    try:
        assert _verify(copy, data_dir)[0] == 0, "the untouched copy verifies"
        _tamper(copy, *tampering)
        code, report = _verify(copy, data_dir)
    finally:
        drop_database(admin_url, copy)
    assert code == 1 and not report["intact"], report
    assert report["first_bad_row"]["chain_seq"] == bad_seq and problem in report["first_bad_row"]["problem"], report


def test_a_chain_rebuilt_after_a_change_is_caught_by_the_anchors_in_the_logs(
    migrated: Database, admin_url: str, data_dir, caplog: pytest.LogCaptureFixture
) -> None:
    from ehub.bots.audit import log_anchor

    _fill(migrated, 6)
    with caplog.at_level("INFO", logger="ehub.bots.audit"):
        log_anchor(migrated)
    log = data_dir / "api.log"
    log.write_text("\n".join(record.getMessage() for record in caplog.records))
    assert read_anchors(log.read_text().splitlines())[0][0] == 6
    _fill(migrated, 2)
    copy = _copy(admin_url, migrated)
    try:
        # Change row 3, then recompute every hash from there on, head included: self-consistent again.
        _tamper(
            copy,
            "update app.audit_log set action = 'nothing to see' where chain_seq = 3",
            """do $$ declare r app.audit_log; prev text; begin
                 for r in select * from app.audit_log where chain_seq >= 3 order by chain_seq loop
                   select row_hash into prev from app.audit_log where chain_seq = r.chain_seq - 1;
                   update app.audit_log set prev_hash = prev, row_hash = app.audit_row_hash(prev, r.chain_seq, r)
                   where audit_id = r.audit_id;
                 end loop;
                 update app.audit_chain_head
                 set hash = (select row_hash from app.audit_log order by chain_seq desc limit 1);
               end $$""",
        )
        rebuilt, _ = _verify(copy, data_dir)
        code, report = _verify(copy, data_dir, "--anchors", str(log))
    finally:
        drop_database(admin_url, copy)
    assert rebuilt == 0, "a consistent rewrite passes on its own: that is what anchors are for"
    assert code == 1 and report["first_bad_row"]["chain_seq"] == 6 and "anchor" in report["first_bad_row"]["problem"]
