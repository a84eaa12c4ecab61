"""Key rotation: re-encrypting every sealed value under the newest key, and re-indexing blind indexes.

Encryption keys (`ehub keys rotate`). Put the new Fernet key first in `EHUB_ENCRYPTION_KEYS`
(keeping the old ones after it) and restart the services: from then on everything new is sealed
under the new key and everything old still opens. `rotate_encryption` then walks every sealed
column of `raw` and `app` (found in the catalogue: `pii_sealed`, `body_sealed`, `sealed`,
`summary_sealed`) in primary-key order, in batches, each batch its own short transaction: a value not already under
the newest key is re-encrypted and written back only if it is still the value that was read (a
row the platform changed meanwhile was written under the new key anyway). Progress is kept per
key and column in `app.key_rotations`, so a stopped rotation resumes where it was. When
`verify_encryption` finds every value readable with the newest key alone, the old keys can go.

Blind-index keys (`ehub keys reindex`, planned for a maintenance window: writers stopped, since a
lookup made between the switch and the end of the re-index misses rows not yet re-indexed). With
the new `EHUB_BLIND_INDEX_KEY` configured (the old one moved to `EHUB_PREVIOUS_BLIND_INDEX_KEY`,
which keeps unsubscribe links already sent working), `reindex_blind_indexes` opens each sealed
record, recomputes its email and phone indexes under the new key, and adds, for every erasure
tombstone that holds its email or phone sealed, the tombstone of the new index. Chat sessions and
access tokens signed under the old key end; people sign in again.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, Row, text

from ehub.crypto import BlindIndexKind, PersonalDataCipher
from ehub.db.database import Database
from ehub.errors import ValidationError
from ehub.privacy.erase import tombstone_token

SEALED_COLUMNS = ("pii_sealed", "body_sealed", "sealed", "summary_sealed")
DEFAULT_BATCH = 500
Progress = Callable[["ColumnProgress"], None]


@dataclass
class ColumnProgress:
    table: str  # schema.table
    column: str
    key_column: str
    key_type: str
    last_key: str | None = None
    seen: int = 0
    rotated: int = 0
    done: bool = False


def sealed_columns(connection: Connection) -> list[tuple[str, str, str, str]]:
    """(schema.table, sealed column, primary-key column, its type) for every sealed column."""
    rows = connection.execute(
        text("""
            select n.nspname || '.' || c.relname as tbl, a.attname as col, k.attname as key_column,
                   format_type(k.atttypid, k.atttypmod) as key_type
            from pg_attribute a
            join pg_class c on c.oid = a.attrelid and c.relkind = 'r'
            join pg_namespace n on n.oid = c.relnamespace
            join pg_index i on i.indrelid = c.oid and i.indisprimary and array_length(i.indkey, 1) = 1
            join pg_attribute k on k.attrelid = c.oid and k.attnum = i.indkey[0]
            where n.nspname in ('raw', 'app') and a.attname = any(:names) and not a.attisdropped
            order by 1, 2
        """),
        {"names": list(SEALED_COLUMNS)},
    ).all()
    return [(row.tbl, row.col, row.key_column, row.key_type) for row in rows]


def _quoted(connection: Connection, qualified: str) -> str:
    quote = connection.dialect.identifier_preparer.quote
    return ".".join(quote(part) for part in qualified.split("."))


_PROGRESS = text("""
    select last_key, rows_seen, rows_rotated, finished_at is not null as done from app.key_rotations
    where kind = :kind and key_fingerprint = :fp and table_name = :tbl and column_name = :col
""")
_SAVE = text("""
    insert into app.key_rotations (kind, key_fingerprint, table_name, column_name, last_key, rows_seen, rows_rotated,
                                   finished_at)
    values (:kind, :fp, :tbl, :col, :last, :seen, :rotated, case when :done then now() end)
    on conflict (kind, key_fingerprint, table_name, column_name) do update
    set last_key = excluded.last_key, rows_seen = excluded.rows_seen, rows_rotated = excluded.rows_rotated,
        finished_at = excluded.finished_at
""")


def _batch(connection: Connection, progress: ColumnProgress, size: int) -> Sequence[Row[Any]]:
    table, column, key = (
        _quoted(connection, progress.table),
        *(connection.dialect.identifier_preparer.quote(name) for name in (progress.column, progress.key_column)),
    )
    after = "" if progress.last_key is None else f"and {key} > cast(:last as {progress.key_type})"
    return connection.execute(
        text(
            f"select {key}::text as pk, {column} as sealed from {table} "  # noqa: S608 # nosec B608 - catalogue names, quoted
            f"where {column} is not null {after} order by {key} limit :size"
        ),
        {"last": progress.last_key, "size": size},
    ).all()


def rotate_encryption(
    database: Database,
    cipher: PersonalDataCipher,
    *,
    batch_size: int = DEFAULT_BATCH,
    on_progress: Progress | None = None,
) -> list[ColumnProgress]:
    """Re-encrypt every sealed value not yet under the newest key; resumable, safe while running."""
    if batch_size < 1:
        raise ValidationError("The batch size must be at least 1", field="batch_size")
    fingerprint = cipher.newest_key_fingerprint
    with database.engine.connect() as connection:
        columns = sealed_columns(connection)
    results = []
    for table, column, key_column, key_type in columns:
        progress = ColumnProgress(table, column, key_column, key_type)
        with database.engine.connect() as connection:
            stored = (
                connection.execute(_PROGRESS, {"kind": "encryption", "fp": fingerprint, "tbl": table, "col": column})
                .tuples()
                .first()
            )
        if stored is not None:
            progress.last_key, progress.seen, progress.rotated, progress.done = stored
        while not progress.done:
            with database.engine.begin() as connection:
                rows = _batch(connection, progress, batch_size)
                quote = connection.dialect.identifier_preparer.quote
                update = text(
                    f"update {_quoted(connection, table)} set {quote(column)} = :new "  # noqa: S608 # nosec B608
                    f"where {quote(key_column)} = cast(:pk as {key_type}) and {quote(column)} = :old"
                )
                for row in rows:
                    if not cipher.is_current(row.sealed):
                        fresh = cipher.rotate(row.sealed)
                        progress.rotated += connection.execute(
                            update, {"new": fresh, "pk": row.pk, "old": row.sealed}
                        ).rowcount
                progress.seen += len(rows)
                progress.last_key = rows[-1].pk if rows else progress.last_key
                progress.done = len(rows) < batch_size
                connection.execute(
                    _SAVE,
                    {
                        "kind": "encryption",
                        "fp": fingerprint,
                        "tbl": table,
                        "col": column,
                        "last": progress.last_key,
                        "seen": progress.seen,
                        "rotated": progress.rotated,
                        "done": progress.done,
                    },
                )
            if on_progress is not None:
                on_progress(progress)
        results.append(progress)
    return results


def verify_encryption(database: Database, cipher: PersonalDataCipher) -> dict[str, int]:
    """Per sealed column, how many values the newest key alone cannot open (all zero: the old keys can go)."""
    newest = cipher.newest_only()
    stale: dict[str, int] = {}
    with database.engine.connect() as connection:
        for table, column, _, _ in sealed_columns(connection):
            quoted = connection.dialect.identifier_preparer.quote(column)
            values = connection.scalars(
                text(f"select {quoted} from {_quoted(connection, table)} where {quoted} is not null")  # noqa: S608 # nosec B608
            )
            stale[f"{table}.{column}"] = sum(not newest.is_current(value) for value in values)
    return stale


# -- blind indexes -------------------------------------------------------------------------------------


def _index_paths() -> dict[str, tuple[str | None, str | None]]:
    """raw table -> (email path, phone path) in its sealed fields, from the entities that seal them."""
    from ehub.sources.ghl.entities import GHL_ENTITIES
    from ehub.sources.mls.entities import MLS_ENTITIES
    from ehub.sources.stripe.entities import STRIPE_ENTITIES

    return {
        f"raw.{entity.table}": (entity.personal.email, entity.personal.phone)
        for entity in (*GHL_ENTITIES, *MLS_ENTITIES, *STRIPE_ENTITIES)
        if entity.personal is not None
    }


def _index(cipher: PersonalDataCipher, kind: BlindIndexKind, value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return cipher.blind_index(kind, value)
    except ValidationError:
        return None


def reindex_blind_indexes(
    database: Database, cipher: PersonalDataCipher, *, batch_size: int = DEFAULT_BATCH
) -> dict[str, int]:
    """Recompute every blind index under the configured key (run with writers stopped); counts per table."""
    targets = {**_index_paths(), "app.leads": ("email", "phone")}
    counts: dict[str, int] = {}
    for table, (email_path, phone_path) in targets.items():
        progress = ColumnProgress(table, "pii_sealed", "", "")
        with database.engine.connect() as connection:
            key = next(
                ((k, t) for tbl, col, k, t in sealed_columns(connection) if tbl == table and col == "pii_sealed"), None
            )
        if key is None:
            continue
        progress.key_column, progress.key_type = key
        while not progress.done:
            with database.engine.begin() as connection:
                rows = _batch(connection, progress, batch_size)
                quote = connection.dialect.identifier_preparer.quote
                update = text(
                    f"update {_quoted(connection, table)} set email_index = :email, phone_index = :phone "  # noqa: S608 # nosec B608
                    f"where {quote(progress.key_column)} = cast(:pk as {progress.key_type})"
                )
                for row in rows:
                    fields = json.loads(cipher.decrypt(row.sealed) or "{}")
                    connection.execute(
                        update,
                        {
                            "email": _index(cipher, "email", fields.get(email_path)) if email_path else None,
                            "phone": _index(cipher, "phone", fields.get(phone_path)) if phone_path else None,
                            "pk": row.pk,
                        },
                    )
                progress.seen += len(rows)
                progress.last_key = rows[-1].pk if rows else progress.last_key
                progress.done = len(rows) < batch_size
        counts[table] = progress.seen
    with database.engine.begin() as connection:
        sealed = connection.execute(
            text(
                "select kind, request_id::text as request, sealed from app.erasure_tombstones where sealed is not null"
            )
        ).all()
        for row in sealed:
            index = _index(cipher, row.kind, cipher.decrypt(row.sealed))
            if index is None:
                continue
            connection.execute(
                text(
                    "insert into app.erasure_tombstones (token, kind, request_id, sealed) "
                    "values (:token, :kind, cast(:request as uuid), :sealed) on conflict (token) do nothing"
                ),
                {
                    "token": tombstone_token(row.kind, index),
                    "kind": row.kind,
                    "request": row.request,
                    "sealed": row.sealed,
                },
            )
        counts["app.erasure_tombstones"] = len(sealed)
    return counts
