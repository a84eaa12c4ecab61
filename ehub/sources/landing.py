"""Landing source records in the `raw` schema: one engine for every source and entity.

An `Entity` says how to read a record of one kind (its key, its modification time, the columns
worth extracting, the quality rules, which fields are personal). `land_page` turns a page of
records into rows and lands them in one transaction:

- good rows are merged into `raw.<table>` (COPY + upsert, newest version wins, nothing duplicated);
- records that break a rule go to `raw.<table>_rejects` with the reason, never dropped, never fatal;
- personal fields are removed from the payload and stored only sealed (encrypted), with blind
  indexes for email and phone lookups;
- field names never seen before for the entity are recorded in `raw.source_fields` (schema drift).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

import orjson
from psycopg import sql
from psycopg.types.json import Jsonb
from sqlalchemy import Connection, text

from ehub.crypto import BlindIndexKind, PersonalDataCipher
from ehub.db.bulk import copy_merge, psycopg_connection
from ehub.errors import ValidationError

Record = dict[str, Any]


def _no_problem(_: Record) -> str | None:
    return None


def _same(record: Record) -> Record:
    return record


def _never(_: Record) -> bool:
    return False


@dataclass(frozen=True)
class PersonalFields:
    """Which fields of a record are personal data (dotted paths into nested objects)."""

    paths: tuple[str, ...]
    email: str | None = None
    phone: str | None = None


@dataclass(frozen=True)
class Entity:
    source: str
    name: str
    table: str
    key_column: str
    key: Callable[[Record], Any]
    modified_at: Callable[[Record], datetime | None]
    columns: Mapping[str, Callable[[Record], Any]] = field(default_factory=dict)
    personal: PersonalFields | None = None
    validate: Callable[[Record], str | None] = _no_problem
    normalise: Callable[[Record], Record] = _same
    deleted: Callable[[Record], bool] = _never

    @property
    def loaded_columns(self) -> tuple[str, ...]:
        sealed = ("pii_sealed", "email_index", "phone_index") if self.personal else ()
        return (self.key_column, *self.columns, "payload", *sealed, "_source_modified_at", "_deleted")


@dataclass(frozen=True)
class LandCounts:
    fetched: int = 0
    inserted: int = 0
    updated: int = 0
    unchanged: int = 0
    deleted: int = 0
    rejected: int = 0
    new_fields: int = 0

    def __add__(self, other: LandCounts) -> LandCounts:
        return LandCounts(*(a + b for a, b in zip(asdict(self).values(), asdict(other).values(), strict=True)))

    def as_metadata(self) -> dict[str, int]:
        return asdict(self)


def jsonb(value: Any) -> Jsonb:
    """A JSONB parameter serialised with orjson, several times faster than the standard library."""
    return Jsonb(value, dumps=orjson.dumps)


def _pop_path(record: Record, path: str) -> Any:
    """Remove `path` from `record`, copying each nested object on the way so the caller's stays intact."""
    *parents, leaf = path.split(".")
    node: Any = record
    for part in parents:
        child = node.get(part) if isinstance(node, dict) else None
        if not isinstance(child, dict):
            return None
        node[part] = child = dict(child)
        node = child
    return node.pop(leaf, None) if isinstance(node, dict) else None


@dataclass(frozen=True)
class Sealed:
    payload: Record  # the record without its personal fields
    token: str | None  # the personal fields, encrypted as one JSON object
    email_index: str | None
    phone_index: str | None
    fields: tuple[str, ...]  # which personal fields were present


def seal(cipher: PersonalDataCipher, record: Record, personal: PersonalFields) -> Sealed:
    """Cut the personal fields out of a record and encrypt them together."""
    clean = dict(record)  # _pop_path copies whatever nested object it cuts into
    present = (path for path in personal.paths if path.split(".", 1)[0] in clean)
    found = {path: value for path in present if (value := _pop_path(clean, path)) not in (None, "", [])}
    return Sealed(
        payload=clean,
        token=cipher.encrypt(json.dumps(found, sort_keys=True)) if found else None,
        email_index=_index(cipher, "email", found.get(personal.email) if personal.email is not None else None),
        phone_index=_index(cipher, "phone", found.get(personal.phone) if personal.phone is not None else None),
        fields=tuple(sorted(found)),
    )


def _index(cipher: PersonalDataCipher, kind: BlindIndexKind, value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        return cipher.blind_index(kind, value)
    except ValidationError:
        return None  # kept sealed, just not findable by this field


def unseal(cipher: PersonalDataCipher, sealed: str | None) -> dict[str, Any]:
    return json.loads(cipher.decrypt(sealed) or "{}") if sealed else {}


@dataclass
class _Page:
    rows: list[tuple[object, ...]] = field(default_factory=list)
    rejects: list[dict[str, Any]] = field(default_factory=list)
    deleted: int = 0
    newest: datetime | None = None


@dataclass(frozen=True)
class Examined:
    """One record as it would land: key, version time, extracted columns, sealed payload, or a problem."""

    key: str | None
    modified_at: datetime | None
    columns: tuple[Any, ...]
    sealed: Sealed
    deleted: bool
    problem: str | None


def examine(entity: Entity, cipher: PersonalDataCipher, raw: Record, observed_at: datetime | None = None) -> Examined:
    """Normalise, seal and check one record, without touching the database."""
    record = entity.normalise(raw)
    sealed = seal(cipher, record, entity.personal) if entity.personal else Sealed(record, None, None, None, ())
    key = entity.key(record)
    modified_at = observed_at if observed_at is not None else entity.modified_at(record)
    deleted = entity.deleted(record)
    problem = None
    if key in (None, ""):
        problem = f"{entity.key_column} is missing"
    elif modified_at is None:
        problem = "modification time is missing or malformed"
    elif not deleted:
        try:
            problem = entity.validate(record)
        except (TypeError, ValueError, KeyError) as exc:
            problem = f"Malformed value: {exc}"
    columns = tuple(extract(record) for extract in entity.columns.values()) if problem is None else ()
    return Examined(None if key in (None, "") else str(key), modified_at, columns, sealed, deleted, problem)


def _prepare(
    entity: Entity, cipher: PersonalDataCipher, records: Sequence[Record], observed_at: Sequence[datetime] | None
) -> _Page:
    page = _Page()
    for position, raw in enumerate(records):
        item = examine(entity, cipher, raw, observed_at[position] if observed_at is not None else None)
        sealed = item.sealed
        if item.problem or item.modified_at is None:
            page.rejects.append(
                {"key": item.key, "reason": item.problem, "payload": jsonb(sealed.payload), "sealed": sealed.token}
            )
            continue
        sealed_columns = (sealed.token, sealed.email_index, sealed.phone_index) if entity.personal else ()
        page.rows.append(
            (item.key, *item.columns, jsonb(sealed.payload), *sealed_columns, item.modified_at, item.deleted)
        )
        page.deleted += item.deleted
        if page.newest is None or item.modified_at > page.newest:
            page.newest = item.modified_at
    return page


def _record_new_fields(connection: Connection, entity: Entity, records: Iterable[Record]) -> int:
    names = sorted({name for record in records for name in record})
    if not names:
        return 0
    inserted = connection.execute(
        text(
            "insert into raw.source_fields (source, entity, field_name) "
            "select :source, :entity, unnest(cast(:names as text[])) "
            "on conflict do nothing returning field_name"
        ),
        {"source": entity.source, "entity": entity.name, "names": names},
    )
    return len(inserted.fetchall())


def land_page(
    connection: Connection,
    entity: Entity,
    cipher: PersonalDataCipher,
    records: Sequence[Record],
    observed_at: Sequence[datetime] | None = None,
) -> tuple[LandCounts, datetime | None]:
    """Land one page in the caller's transaction; return its counts and newest modification time.

    `observed_at`, one per record, overrides the entity's own modification time: for sources
    whose objects carry none (Stripe), it is when this version was seen.
    """
    page = _prepare(entity, cipher, records, observed_at)
    merged = copy_merge(
        connection,
        schema="raw",
        table=entity.table,
        columns=entity.loaded_columns,
        key_columns=(entity.key_column,),
        rows=page.rows,
        newest_first_by="_source_modified_at",
        # A fresh ciphertext, or a later observation of the same content, is not a change.
        ignore_in_comparison=("pii_sealed", "_source_modified_at"),
    )
    if page.rejects:
        insert = sql.SQL(
            "insert into {} (source_key, reason, payload, pii_sealed) "
            "values (%(key)s, %(reason)s, %(payload)s, %(sealed)s)"
        ).format(sql.Identifier("raw", f"{entity.table}_rejects"))
        with psycopg_connection(connection).cursor() as cursor:
            cursor.executemany(insert, page.rejects)
    new_fields = _record_new_fields(connection, entity, records)
    counts = LandCounts(
        fetched=len(records),
        inserted=merged.inserted,
        updated=merged.updated,
        unchanged=merged.unchanged,
        deleted=page.deleted,
        rejected=len(page.rejects),
        new_fields=new_fields,
    )
    return counts, page.newest
