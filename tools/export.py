"""Copy the marts out of PostgreSQL into DuckDB (one file) or Parquet (one file per table).

Analysts get the marts offline and Evidence reads them with its own engine, DuckDB; because the
copy keeps the schema name (`marts`) and the column types, the same `select … from marts.x` runs
on both engines. Each relation streams out of PostgreSQL with `COPY … TO STDOUT` (CSV, in one
repeatable-read snapshot, so the tables agree with each other) into a staging file that DuckDB
loads with the column types declared, never guessed. Everything is built in a hidden staging
directory next to the destination and renamed into place at the end: a failure leaves the previous
export, or nothing, never a half-written one.
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import duckdb
import psycopg
from psycopg import sql

from ehub.db import Database
from ehub.errors import JobFailedError, UnavailableError, ValidationError

ExportFormat = Literal["duckdb", "parquet"]
FORMATS: tuple[ExportFormat, ...] = ("duckdb", "parquet")
# DuckDB 2 writes files only DuckDB >= 2 can open by default; Evidence's Node driver is DuckDB 1.x.
DUCKDB_STORAGE_VERSION = "v1.0.0"
DUCKDB_MAX_DECIMAL_PRECISION = 38
# Ordinary and partitioned tables, views, materialized views; functions are not data.
RELATION_KINDS = ("r", "p", "v", "m")
# PostgreSQL type -> DuckDB type; anything else travels as its PostgreSQL text form (VARCHAR).
SIMPLE_TYPES = {
    "bool": "BOOLEAN",
    "int2": "SMALLINT",
    "int4": "INTEGER",
    "int8": "BIGINT",
    "float4": "FLOAT",
    "float8": "DOUBLE",
    "text": "VARCHAR",
    "varchar": "VARCHAR",
    "bpchar": "VARCHAR",
    "name": "VARCHAR",
    "date": "DATE",
    "time": "TIME",
    "timestamp": "TIMESTAMP",
    "timestamptz": "TIMESTAMPTZ",
    "interval": "INTERVAL",
    "uuid": "UUID",
}
# Text forms both engines agree on: UTC instants with offsets, ISO dates, verbose intervals.
SESSION_SETTINGS = ("set timezone = 'UTC'", "set datestyle = 'ISO, YMD'", "set intervalstyle = 'postgres_verbose'")
# PostgreSQL's CSV: quoted empty strings stay strings, only unquoted empty fields are NULL. Rows up
# to 64 MiB (DuckDB's default stops at 2 MiB, which a long text value can exceed).
CSV_OPTIONS = (
    "header = false, auto_detect = false, delim = ',', quote = '\"', escape = '\"', allow_quoted_nulls = false, "
    "max_line_size = 67108864, buffer_size = 67108864"
)
COLUMNS_QUERY = """
    select c.relname, a.attname, t.typname, a.atttypmod
    from pg_catalog.pg_class c
    join pg_catalog.pg_namespace n on n.oid = c.relnamespace
    join pg_catalog.pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
    join pg_catalog.pg_type t on t.oid = a.atttypid
    where n.nspname = %s and c.relkind = any(%s)
    order by c.relname, a.attnum
"""


@dataclass(frozen=True)
class Column:
    name: str
    duckdb_type: str
    as_text: bool  # exported as its text form: a type DuckDB has no faithful counterpart for


@dataclass
class ExportReport:
    """What an export wrote: where, in which format, and the rows of each table."""

    path: Path
    format: ExportFormat
    schema: str
    tables: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def rows(self) -> int:
        return sum(self.tables.values())

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": str(self.path),
            "format": self.format,
            "schema": self.schema,
            "tables": self.tables,
            "rows": self.rows,
            "seconds": round(self.seconds, 3),
        }


def duckdb_type(pg_type: str, typmod: int) -> str | None:
    """The DuckDB type that holds a PostgreSQL column exactly, or None to carry it as text.

    `numeric(p, s)` becomes `DECIMAL(p, s)`; unconstrained `numeric` (any scale) and precisions
    beyond DuckDB's 38 digits become DOUBLE, the one type that holds every such value.
    """
    if pg_type == "numeric":
        if typmod < 4:  # no declared precision
            return "DOUBLE"
        precision, scale = ((typmod - 4) >> 16) & 0xFFFF, (typmod - 4) & 0xFFFF
        if precision > DUCKDB_MAX_DECIMAL_PRECISION or scale > precision:
            return "DOUBLE"
        return f"DECIMAL({precision},{scale})"
    return SIMPLE_TYPES.get(pg_type)


def check_destination(path: Path, export_format: ExportFormat, *, schema: str = "marts") -> Path:
    """Fail before any work if `path` cannot receive an export; return it absolute.

    An existing destination is replaced only if it looks like an earlier export (a DuckDB file, or a
    directory of Parquet files), so a typo never wipes a user's unrelated file or folder.
    """
    if export_format not in FORMATS:
        raise ValidationError(
            f"Unknown export format {export_format!r}: use one of {', '.join(FORMATS)}", field="format"
        )
    path = path.expanduser().absolute()
    if export_format == "duckdb" and path.is_dir():
        raise _bad_path(path, "it is a directory; give a file name such as ehub.duckdb")
    if export_format == "duckdb" and path.stem.lower() == schema.lower():
        # DuckDB names the database after the file: `marts.x` would be ambiguous in marts.duckdb.
        raise _bad_path(
            path,
            f"DuckDB would confuse a database named {path.stem!r} with the schema {schema!r}; "
            "choose another file name, such as ehub.duckdb",
        )
    if export_format == "duckdb" and path.exists() and not _is_duckdb_file(path):
        raise _bad_path(path, "it exists and is not a DuckDB database; refusing to overwrite it")
    if export_format == "parquet" and path.exists() and not path.is_dir():
        raise _bad_path(path, "it exists and is not a directory")
    if export_format == "parquet" and path.is_dir() and any(p.suffix != ".parquet" for p in path.iterdir()):
        raise _bad_path(path, "the directory holds files other than .parquet; refusing to replace it")
    blocker = next((p for p in path.parents if p.exists()), None)
    if blocker is not None and not blocker.is_dir():
        raise _bad_path(path, f"{blocker} is a file, not a directory")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        probe = tempfile.mkdtemp(prefix=".ehub-export-", dir=path.parent)
    except OSError as error:
        raise _bad_path(path, error.strerror or str(error)) from None
    Path(probe).rmdir()
    return path


def export_marts_to_duckdb(
    database: Database, path: Path, *, schema: str = "marts", export_format: ExportFormat = "duckdb"
) -> ExportReport:
    """Write every table and view of `schema` to a DuckDB file at `path` (or Parquet files in it)."""
    began = time.monotonic()
    path = check_destination(Path(path), export_format, schema=schema)
    report = ExportReport(path=path, format=export_format, schema=schema)
    with tempfile.TemporaryDirectory(prefix=".ehub-export-", dir=path.parent) as staging_name:
        staging = Path(staging_name)
        output = staging / ("out.duckdb" if export_format == "duckdb" else "out")
        parquet_dir = output if export_format == "parquet" else None
        table: str | None = None
        try:
            with _postgres_snapshot(database) as source:
                relations = _relations(source, schema)
                if not relations:
                    raise JobFailedError(
                        f"Schema {schema!r} holds no tables or views: build the marts first (`ehub materialize`)",
                        code="NOTHING_TO_EXPORT",
                    )
                with _duckdb_target(output, staging, export_format) as target:
                    target.execute(f"create schema if not exists {_quote(schema)}")
                    for table, columns in relations.items():
                        report.tables[table] = _copy_table(source, target, schema, table, columns, staging, parquet_dir)
        except psycopg.OperationalError as error:
            raise UnavailableError(
                f"Lost PostgreSQL at {database.display_url} during the export: {_first_line(error)}",
                code="DATABASE_UNREACHABLE",
            ) from None
        except (psycopg.Error, duckdb.Error, OSError) as error:
            where = f" at {schema}.{table}" if table else ""
            raise JobFailedError(
                f"Export to {path} failed{where}: {_first_line(error)}", code="EXPORT_FAILED"
            ) from None
        _move_into_place(output, path, staging)
    report.seconds = time.monotonic() - began
    return report


def _postgres_snapshot(database: Database) -> psycopg.Connection:
    try:
        connection = psycopg.connect(database.libpq_url, connect_timeout=5, application_name="ehub-export")
    except psycopg.OperationalError as error:
        raise UnavailableError(
            f"Cannot connect to PostgreSQL at {database.display_url}: {_first_line(error)}",
            field="EHUB_DATABASE_URL",
            code="DATABASE_UNREACHABLE",
        ) from None
    connection.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
    connection.read_only = True
    for statement in SESSION_SETTINGS:
        connection.execute(statement)
    return connection


def _duckdb_target(output: Path, staging: Path, export_format: ExportFormat) -> duckdb.DuckDBPyConnection:
    if export_format == "parquet":
        output.mkdir()
        target = duckdb.connect(":memory:")  # each table is written out and dropped in turn
    else:
        target = duckdb.connect(str(output), config={"storage_compatibility_version": DUCKDB_STORAGE_VERSION})
    target.execute("set temp_directory = ?", [str(staging / "spill")])
    return target


def _relations(source: psycopg.Connection, schema: str) -> dict[str, list[Column]]:
    relations: dict[str, list[Column]] = {}
    for table, name, pg_type, typmod in source.execute(COLUMNS_QUERY, (schema, list(RELATION_KINDS))):
        mapped = duckdb_type(pg_type, typmod)
        relations.setdefault(table, []).append(Column(name, mapped or "VARCHAR", as_text=mapped is None))
    return relations


def _copy_table(
    source: psycopg.Connection,
    target: duckdb.DuckDBPyConnection,
    schema: str,
    table: str,
    columns: list[Column],
    staging: Path,
    parquet_dir: Path | None,
) -> int:
    """Stream one relation into DuckDB with its declared types (then to Parquet, if asked); count its rows."""
    select_list = sql.SQL(", ").join(
        sql.SQL("{}::text").format(sql.Identifier(c.name)) if c.as_text else sql.Identifier(c.name) for c in columns
    )
    query = sql.SQL("copy (select {} from {}) to stdout with (format csv, force_quote *)").format(
        select_list, sql.Identifier(schema, table)
    )
    csv_path = staging / "table.csv"
    with source.cursor() as cursor, cursor.copy(query) as copy, csv_path.open("wb") as csv_file:
        for chunk in copy:
            csv_file.write(chunk)

    qualified = f"{_quote(schema)}.{_quote(table)}"
    target.execute(f"create table {qualified} ({', '.join(f'{_quote(c.name)} {c.duckdb_type}' for c in columns)})")
    load = f"insert into {qualified} select * from read_csv(?, columns = ?, {CSV_OPTIONS})"  # noqa: S608  # nosec B608
    target.execute(load, [str(csv_path), {c.name: c.duckdb_type for c in columns}])
    csv_path.unlink()
    rows = target.execute(f"select count(*) from {qualified}").fetchone()[0]  # noqa: S608  # nosec B608
    if parquet_dir is not None:
        target.execute(f"copy {qualified} to {_literal(parquet_dir / f'{table}.parquet')} (format parquet)")
        target.execute(f"drop table {qualified}")
    return int(rows)


def _move_into_place(output: Path, path: Path, staging: Path) -> None:
    """Swap the finished export in; the previous one (if any) goes to staging, removed with it."""
    if output.is_dir():
        if path.exists():
            path.rename(staging / "previous")
        output.rename(path)
        return
    wal = path.with_name(path.name + ".wal")  # a stale log would be replayed against the new file
    if wal.exists():
        wal.unlink()
    output.replace(path)


def _is_duckdb_file(path: Path) -> bool:
    """DuckDB files carry the magic bytes `DUCK` at offset 8."""
    try:
        with path.open("rb") as file:
            return file.read(12)[8:12] == b"DUCK"
    except OSError:
        return False


def _bad_path(path: Path, reason: str) -> ValidationError:
    return ValidationError(f"Cannot export to {path}: {reason}", field="path", code="EXPORT_PATH_INVALID")


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _literal(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def _first_line(error: BaseException) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0]
