"""Bulk idempotent loading: COPY into a temporary stage, then one merge into the target.

COPY is the fastest way into PostgreSQL; the merge (`INSERT … ON CONFLICT DO UPDATE`) makes the
load idempotent, so re-running a sync never duplicates a row. Within one batch the newest version
of a key wins. Everything happens in the caller's transaction: a failure leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from psycopg import sql
from sqlalchemy import Connection


@dataclass(frozen=True)
class MergeCounts:
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: MergeCounts) -> MergeCounts:
        return MergeCounts(
            self.inserted + other.inserted, self.updated + other.updated, self.unchanged + other.unchanged
        )


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
    every encryption of the same value).
    """
    driver = connection.connection.driver_connection
    stage = sql.Identifier(f"_stage_{table}")
    target = sql.Identifier(schema, table)
    column_list = sql.SQL(", ").join(sql.Identifier(name) for name in columns)
    key_list = sql.SQL(", ").join(sql.Identifier(name) for name in key_columns)
    order = sql.Identifier(newest_first_by)
    value_columns = [name for name in columns if name not in key_columns]
    assignments = [sql.SQL("{0} = excluded.{0}").format(sql.Identifier(name)) for name in value_columns]
    if loaded_at_column is not None:
        assignments.append(sql.SQL("{0} = now()").format(sql.Identifier(loaded_at_column)))
    updates = sql.SQL(", ").join(assignments)
    compared = [name for name in value_columns if name not in ignore_in_comparison]
    stored_values = sql.SQL(", ").join(sql.SQL("stored.{}").format(sql.Identifier(name)) for name in compared)
    new_values = sql.SQL(", ").join(sql.SQL("excluded.{}").format(sql.Identifier(name)) for name in compared)

    with driver.cursor() as cursor:
        cursor.execute(
            sql.SQL("create temporary table if not exists {stage} (like {target} including defaults)").format(
                stage=stage, target=target
            )
        )
        cursor.execute(sql.SQL("truncate {stage}").format(stage=stage))
        staged = 0
        copy_sql = sql.SQL("copy {stage} ({columns}) from stdin").format(stage=stage, columns=column_list)
        with cursor.copy(copy_sql) as copy:
            for row in rows:
                copy.write_row(row)
                staged += 1
        if staged == 0:
            return MergeCounts()
        cursor.execute(
            sql.SQL(
                """
                insert into {target} as stored ({columns})
                select distinct on ({keys}) {columns} from {stage} order by {keys}, {order} desc
                on conflict ({keys}) do update set {updates}
                where excluded.{order} >= stored.{order}
                  and ({stored_values}) is distinct from ({new_values})
                returning (xmax = 0) as inserted
                """
            ).format(
                target=target,
                columns=column_list,
                keys=key_list,
                stage=stage,
                order=order,
                updates=updates,
                stored_values=stored_values,
                new_values=new_values,
            )
        )
        outcomes = [inserted for (inserted,) in cursor.fetchall()]
    inserted = sum(outcomes)
    updated = len(outcomes) - inserted
    return MergeCounts(inserted=inserted, updated=updated, unchanged=staged - inserted - updated)
