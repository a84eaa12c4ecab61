"""Incremental replication cursors in `raw.sync_cursors`.

A cursor is written in the same transaction as the last data it covers, so it never runs ahead
of what is committed: a run that dies keeps the old cursor, and the next run re-reads and
converges (the loads are idempotent).
"""

from __future__ import annotations

from sqlalchemy import Connection, text


def read_cursor(connection: Connection, source: str, stream: str) -> str | None:
    return connection.execute(
        text("select cursor_value from raw.sync_cursors where source = :source and stream = :stream"),
        {"source": source, "stream": stream},
    ).scalar_one_or_none()


def write_cursor(connection: Connection, source: str, stream: str, value: str) -> None:
    connection.execute(
        text(
            """
            insert into raw.sync_cursors (source, stream, cursor_value, updated_at)
            values (:source, :stream, :value, now())
            on conflict (source, stream) do update set cursor_value = excluded.cursor_value, updated_at = now()
            """
        ),
        {"source": source, "stream": stream, "value": value},
    )
