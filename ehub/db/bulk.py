"""Bulk idempotent loading: COPY into a temporary stage, then one merge into the target.

COPY is the fastest way into PostgreSQL; the merge (`INSERT … ON CONFLICT DO UPDATE`) makes the
load idempotent, so re-running a sync never duplicates a row. Within one batch the newest version
of a key wins. Everything happens in the caller's transaction: a failure leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar, cast

import psycopg
from psycopg import sql
from psycopg.rows import TupleRow
from sqlalchemy import Connection

_Row = TypeVar("_Row")


def psycopg_connection(connection: Connection) -> psycopg.Connection[TupleRow]:
    """The psycopg connection under a SQLAlchemy one, for COPY and raw cursors (SQLAlchemy types it
    `Any | None`: its pool may hold any driver's connection, and ours is always psycopg's)."""
    return cast(psycopg.Connection[TupleRow], connection.connection.driver_connection)


def only_row(cursor: psycopg.Cursor[_Row]) -> _Row:
    """The row a query that always answers one row (an aggregate, an `exists`) answered."""
    row = cursor.fetchone()
    if row is None:
        raise LookupError("the query answered no row")
    return row


@dataclass(frozen=True)
class MergeCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: MergeCounts) -> MergeCounts:
        return MergeCounts(
            self.inserted + other.inserted, self.updated + other.updated, self.unchanged + other.unchanged
        )


def _all_new(cursor: psycopg.Cursor, target: sql.Composable, key: str, keys: list[object]) -> bool:
    """True when none of `keys` is stored yet (one index probe for the whole batch)."""
    cursor.execute(
        sql.SQL("select exists (select 1 from {} where {} = any(%s))").format(target, sql.Identifier(key)), (keys,)
    )
    return not only_row(cursor)[0]


def copy_merge(
    connection: Connection,
    *,
    schema: str,
    table: str,
    columns: Sequence[str],
    key_columns: Sequence[str],
    rows: Iterable[Sequence[object]],
    newest_first_by: str,
    loaded_at_column: str | None = "_loaded_at",
    ignore_in_comparison: Sequence[str] = (),
) -> MergeCounts:
    """Load `rows` (tuples in `columns` order) into `schema.table`, keyed by `key_columns`.

    A stored row is replaced only by a different version at least as new (`newest_first_by`), so a
    late, stale page never overwrites fresher data and re-loading the same data changes nothing.
    `loaded_at_column`, if given, is set to now() on every insert or real update. Columns in
    `ignore_in_comparison` are written but do not count as a change (ciphertexts, which differ on
    every encryption of the same value). A batch of keys all new to the table (an initial load)
    is copied straight in: the merge would have inserted every row anyway.
    """
    batch = list(rows)
    if not batch:
        return MergeCounts()
    target = sql.Identifier(schema, table)
    column_list = sql.SQL(", ").join(sql.Identifier(name) for name in columns)
    key_positions = [list(columns).index(name) for name in key_columns]
    keys = {tuple(row[position] for position in key_positions) for row in batch}
    unique = len(keys) == len(batch)

    with psycopg_connection(connection).cursor() as cursor:
        if unique and len(key_columns) == 1 and _all_new(cursor, target, key_columns[0], [k for (k,) in keys]):
            with cursor.copy(sql.SQL("copy {} ({}) from stdin").format(target, column_list)) as copy:
                for row in batch:
                    copy.write_row(row)
            return MergeCounts(inserted=len(batch))
        outcomes = _stage_and_merge(
            cursor,
            target=target,
            table=table,
            columns=columns,
            column_list=column_list,
            key_columns=key_columns,
            batch=batch,
            unique=unique,
            newest_first_by=newest_first_by,
            loaded_at_column=loaded_at_column,
            ignore_in_comparison=ignore_in_comparison,
        )
    inserted = sum(outcomes)
    updated = len(outcomes) - inserted
    return MergeCounts(inserted=inserted, updated=updated, unchanged=len(batch) - inserted - updated)


def _stage_and_merge(
    cursor: psycopg.Cursor,
    *,
    target: sql.Identifier,
    table: str,
    columns: Sequence[str],
    column_list: sql.Composable,
    key_columns: Sequence[str],
    batch: list[Sequence[object]],
    unique: bool,
    newest_first_by: str,
    loaded_at_column: str | None,
    ignore_in_comparison: Sequence[str],
) -> list[bool]:
    """COPY into a temporary stage, then one upsert; returns, per written row, whether it was new."""
    stage = sql.Identifier(f"_stage_{table}")
    key_list = sql.SQL(", ").join(sql.Identifier(name) for name in key_columns)
    order = sql.Identifier(newest_first_by)
    value_columns = [name for name in columns if name not in key_columns]
    assignments = [sql.SQL("{0} = excluded.{0}").format(sql.Identifier(name)) for name in value_columns]
    if loaded_at_column is not None:
        assignments.append(sql.SQL("{0} = now()").format(sql.Identifier(loaded_at_column)))
    compared = [name for name in value_columns if name not in ignore_in_comparison]
    stored_values = sql.SQL(", ").join(sql.SQL("stored.{}").format(sql.Identifier(name)) for name in compared)
    new_values = sql.SQL(", ").join(sql.SQL("excluded.{}").format(sql.Identifier(name)) for name in compared)

    cursor.execute(
        sql.SQL("create temporary table if not exists {} (like {} including defaults)").format(stage, target)
    )
    cursor.execute(sql.SQL("truncate {}").format(stage))
    with cursor.copy(sql.SQL("copy {} ({}) from stdin").format(stage, column_list)) as copy:
        for row in batch:
            copy.write_row(row)
    # Only when a key repeats within the batch is the costlier newest-per-key pass needed.
    newest_per_key = (
        sql.SQL("select {columns} from {stage}")
        if unique
        else sql.SQL("select distinct on ({keys}) {columns} from {stage} order by {keys}, {order} desc")
    ).format(columns=column_list, stage=stage, keys=key_list, order=order)
    cursor.execute(
        sql.SQL(
            """
            insert into {target} as stored ({columns})
            {source}
            on conflict ({keys}) do update set {updates}
            where excluded.{order} >= stored.{order}
              and ({stored_values}) is distinct from ({new_values})
            returning (xmax = 0) as inserted
            """
        ).format(
            target=target,
            source=newest_per_key,
            columns=column_list,
            keys=key_list,
            order=order,
            updates=sql.SQL(", ").join(assignments),
            stored_values=stored_values,
            new_values=new_values,
        )
    )
    return [inserted for (inserted,) in cursor.fetchall()]
