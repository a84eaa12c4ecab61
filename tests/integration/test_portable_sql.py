"""The dashboards' SQL runs unchanged on PostgreSQL and on DuckDB (Evidence's engine), with the same
results, on the marts that `ehub export duckdb` copies out; and the export keeps every row and type."""

from __future__ import annotations

import json
import math
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path
from uuid import UUID

import duckdb
import psycopg
import pytest
from psycopg import sql

from ehub.db import Database
from ehub.errors import JobFailedError, ValidationError
from ehub.paths import DASHBOARDS_DIR
from tests.cli_helpers import run_ehub
from tools.export import ExportReport, check_destination, export_marts_to_duckdb

pytestmark = pytest.mark.xdist_group("portable_sql")  # one worker: the marts exported once
QUERIES = sorted((DASHBOARDS_DIR / "sql").glob("*.sql"))
UNREACHABLE = "postgresql://x@127.0.0.1:1/none"
BYTE_ORDER_COLLATIONS = re.compile(r"^(C|POSIX|C\.UTF-?8)$", re.IGNORECASE)


@pytest.fixture(scope="module")
def exported(built_marts, tmp_path_factory: pytest.TempPathFactory) -> ExportReport:
    database = Database(built_marts.url)
    try:
        return export_marts_to_duckdb(database, tmp_path_factory.mktemp("export") / "ehub.duckdb")
    finally:
        database.dispose()


def _run_on_postgres(url: str, query: str) -> tuple[list[str], list[tuple]]:
    with psycopg.connect(url) as connection, connection.cursor() as cursor:
        cursor.execute(query)
        return [column.name for column in cursor.description], cursor.fetchall()


def _run_on_duckdb(path: Path, query: str) -> tuple[list[str], list[tuple]]:
    with duckdb.connect(str(path), read_only=True) as connection:
        cursor = connection.execute(query)
        return [column[0] for column in cursor.description], cursor.fetchall()


def _normalise(value: object) -> object:
    """One form per value whatever the engine's type: numbers as float, instants in UTC."""
    if isinstance(value, bool) or value is None:
        return value
    if isinstance(value, int | float | Decimal):
        return float(value)
    if isinstance(value, datetime) and value.tzinfo is not None:
        return value.astimezone(UTC)
    return value


def _same(left: object, right: object) -> bool:
    """Equal, numbers up to the last bits a different summation order may leave in a double."""
    if isinstance(left, float) and isinstance(right, float):
        return (math.isnan(left) and math.isnan(right)) or math.isclose(left, right, rel_tol=1e-9, abs_tol=1e-9)
    return left == right


def _rows_differ(expected: list[tuple], actual: list[tuple]) -> str | None:
    if len(expected) != len(actual):
        return f"{len(expected)} rows on PostgreSQL, {len(actual)} on DuckDB"
    for number, (left, right) in enumerate(zip(expected, actual, strict=True)):
        if len(left) != len(right) or not all(_same(a, b) for a, b in zip(left, right, strict=True)):
            return f"row {number} differs:\n  PostgreSQL {left}\n  DuckDB     {right}"
    return None


def _byte_order_collation(url: str) -> bool:
    """DuckDB orders text by bytes; PostgreSQL does too only under the C collation."""
    with psycopg.connect(url) as connection:
        (collation,) = connection.execute(
            "select datcollate from pg_database where datname = current_database()"
        ).fetchone()
    return bool(BYTE_ORDER_COLLATIONS.match(collation))


def test_there_are_dashboard_queries_each_saying_what_it_answers() -> None:
    assert 8 <= len(QUERIES) <= 12
    for query in QUERIES:
        text = query.read_text()
        assert text.startswith("-- "), f"{query.name} must open with a comment saying what it answers"
        assert "::" not in text, f"{query.name}: use cast(... as ...), not PostgreSQL's ::"
        # Evidence wraps each query in a subquery: a final `;` or trailing comment would break it.
        assert not text.rstrip().endswith(";") and not text.rstrip().splitlines()[-1].lstrip().startswith("--")
        assert re.search(r"\border by\b", text, re.IGNORECASE), f"{query.name} needs a total order"


@pytest.mark.slow
def test_every_mart_is_exported_with_all_its_rows_and_types(built_marts, exported: ExportReport) -> None:
    with psycopg.connect(built_marts.url) as connection:
        relations = [
            name
            for (name,) in connection.execute(
                "select table_name from information_schema.tables where table_schema = 'marts' order by 1"
            )
        ]
        count = sql.SQL("select count(*) from {}")
        counts = {
            name: connection.execute(count.format(sql.Identifier("marts", name))).fetchone()[0] for name in relations
        }
    assert "dim_leads" in relations and "market_area_monthly" in relations
    assert exported.tables == counts
    with duckdb.connect(str(exported.path), read_only=True) as target:
        for name, rows in counts.items():
            assert target.execute(f'select count(*) from marts."{name}"').fetchone()[0] == rows, name  # noqa: S608
        types = dict(
            target.execute(
                "select column_name, data_type from duckdb_columns() where table_name = 'dim_leads'"
            ).fetchall()
        )
    assert types["budget_usd"] == "DECIMAL(14,2)"
    assert types["created_at"] == "TIMESTAMP WITH TIME ZONE"
    assert types["is_opted_out"] == "BOOLEAN" and types["contact_id"] == "VARCHAR"


@pytest.mark.slow
@pytest.mark.parametrize("query", QUERIES, ids=lambda path: path.stem)
def test_query_gives_the_same_result_on_postgres_and_duckdb(query: Path, built_marts, exported) -> None:
    statement = query.read_text()
    pg_columns, pg_rows = _run_on_postgres(built_marts.url, statement)
    duck_columns, duck_rows = _run_on_duckdb(exported.path, statement)
    assert pg_columns == duck_columns
    assert pg_rows, f"{query.name} returns no rows on the sandbox marts"
    expected = [tuple(_normalise(value) for value in row) for row in pg_rows]
    actual = [tuple(_normalise(value) for value in row) for row in duck_rows]
    if not _byte_order_collation(built_marts.url):  # text sorts differently: compare as multisets
        expected, actual = sorted(expected, key=repr), sorted(actual, key=repr)
    difference = _rows_differ(expected, actual)
    assert difference is None, f"{query.name}: {difference}"


@pytest.mark.slow
def test_parquet_export_writes_one_file_per_mart(built_marts, exported: ExportReport, tmp_path: Path) -> None:
    database = Database(built_marts.url)
    try:
        report = export_marts_to_duckdb(database, tmp_path / "marts-parquet", export_format="parquet")
    finally:
        database.dispose()
    assert report.tables == exported.tables
    assert sorted(path.stem for path in report.path.iterdir()) == sorted(exported.tables)
    for table, rows in report.tables.items():
        parquet = str(report.path / f"{table}.parquet")
        assert duckdb.execute("select count(*) from read_parquet(?)", [parquet]).fetchone()[0] == rows


EVERY_TYPE = """
create schema marts;
create table marts.every_type (
    id integer primary key, small smallint, big bigint, single real, dbl double precision,
    amount numeric(14, 2), ratio numeric(6, 4), free numeric, huge numeric(50, 10), flag boolean,
    label text, code varchar(10), fixed char(3), day date, at timestamptz, local_at timestamp,
    clock time, span interval, uid uuid, doc jsonb, tags text[]
);
insert into marts.every_type values
    (1, 7, 9007199254740993, 1.5, 0.1, 123456789012.34, 0.9425, 3.14159265358979, 12345.6789012345,
     true, 'plain', 'abc', 'ab', '2026-02-28', '2026-03-08 08:30:00.123456-06', '2026-03-08 02:30:00',
     '23:59:59.5', '1 day 02:03:04.5', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, "x"]}', '{a,"b c"}'),
    (2, -32768, -1, 'Infinity', 'NaN', -0.01, -1.0000, 0, 0, false, '', '', '', '1999-12-31',
     '1999-12-31 23:59:59+00', '1999-12-31 23:59:59', '00:00:00', '-3 hours', null, '[]', '{}'),
    (3, null, null, null, null, null, null, null, null, null, E'comma, "quote"\\nnew line; Café ☕',
     null, null, null, null, null, null, null, null, null, null);
create view marts.every_type_view as select id, label from marts.every_type;
create table marts.empty (id integer);
create function marts.not_data() returns integer language sql as 'select 1';
"""
EXPECTED_TYPES = {
    "id": "INTEGER", "small": "SMALLINT", "big": "BIGINT", "single": "FLOAT", "dbl": "DOUBLE",
    "amount": "DECIMAL(14,2)", "ratio": "DECIMAL(6,4)", "free": "DOUBLE", "huge": "DOUBLE", "flag": "BOOLEAN",
    "label": "VARCHAR", "code": "VARCHAR", "fixed": "VARCHAR", "day": "DATE", "at": "TIMESTAMP WITH TIME ZONE",
    "local_at": "TIMESTAMP", "clock": "TIME", "span": "INTERVAL", "uid": "UUID", "doc": "VARCHAR", "tags": "VARCHAR",
}  # fmt: skip


def test_export_keeps_every_value_and_type(server_database_url: str, tmp_path: Path) -> None:
    with psycopg.connect(server_database_url, autocommit=True) as connection:
        connection.execute(EVERY_TYPE)
        expected = connection.execute(
            "select id, small, big, single, dbl, amount, ratio, free, huge, flag, label, code, fixed, day, at, "
            "local_at, clock, span, uid, doc::text, tags::text from marts.every_type order by id"
        ).fetchall()
    database = Database(server_database_url)
    try:
        report = export_marts_to_duckdb(database, tmp_path / "ehub.duckdb")
    finally:
        database.dispose()
    assert report.tables == {"empty": 0, "every_type": 3, "every_type_view": 3}
    with duckdb.connect(str(report.path), read_only=True) as target:
        types = dict(
            target.execute(
                "select column_name, data_type from duckdb_columns() where table_name = 'every_type'"
            ).fetchall()
        )
        actual = target.execute("select * from marts.every_type order by id").fetchall()
    assert types == EXPECTED_TYPES
    for pg_row, duck_row in zip(expected, actual, strict=True):
        for name, pg_value, duck_value in zip(EXPECTED_TYPES, pg_row, duck_row, strict=True):
            if isinstance(pg_value, float | Decimal) and isinstance(duck_value, float):
                same = _same(float(pg_value), duck_value)
            else:
                same = _normalise(pg_value) == _normalise(duck_value) and type(duck_value) is type(pg_value)
            assert same, f"{name}: {pg_value!r} on PostgreSQL, {duck_value!r} in DuckDB"
    assert actual[1][10] == "" and actual[2][10] == 'comma, "quote"\nnew line; Café ☕'  # '' is no NULL
    assert isinstance(actual[0][13], date) and isinstance(actual[0][16], time)
    assert actual[0][17] == timedelta(days=1, seconds=7384.5) and actual[0][18] == UUID(str(expected[0][18]))


def test_a_failed_export_leaves_the_previous_one_untouched(server_database_url: str, tmp_path: Path) -> None:
    with psycopg.connect(server_database_url, autocommit=True) as connection:
        connection.execute("create schema marts; create table marts.good as select 1 as id")
        connection.execute("create schema broken; create table broken.nan as select 'NaN'::numeric(10, 2) as x")
    target = tmp_path / "exports" / "ehub.duckdb"
    database = Database(server_database_url)
    try:
        export_marts_to_duckdb(database, target)
        previous = target.read_bytes()
        with pytest.raises(JobFailedError) as failure:
            export_marts_to_duckdb(database, target, schema="broken")
        with pytest.raises(JobFailedError, match="holds no tables"):
            export_marts_to_duckdb(database, target, schema="nothing_here")
    finally:
        database.dispose()
    assert failure.value.code == "EXPORT_FAILED" and "broken.nan" in failure.value.message
    assert target.read_bytes() == previous
    assert sorted(path.name for path in target.parent.iterdir()) == ["ehub.duckdb"]  # no staging left over


@pytest.mark.parametrize(
    ("make_path", "export_format", "reason"),
    [
        (lambda root: root / "a-file" / "ehub.duckdb", "duckdb", "is a file, not a directory"),
        (lambda root: root, "duckdb", "is a directory"),
        (lambda root: root / "a-file", "duckdb", "not a DuckDB database"),
        (lambda root: root / "marts.duckdb", "duckdb", "choose another file name"),
        (lambda root: root / "a-file", "parquet", "exists and is not a directory"),
        (lambda root: root, "parquet", "holds files other than .parquet"),
        (lambda root: root / "x", "csv", "Unknown export format"),
    ],
    ids=[
        "parent-is-a-file",
        "directory",
        "foreign-file",
        "named-like-the-schema",
        "parquet-on-a-file",
        "busy-dir",
        "csv",
    ],
)
def test_a_bad_destination_is_refused_and_left_alone(make_path, export_format, reason: str, tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("not a database")
    with pytest.raises(ValidationError, match=re.escape(reason)) as refused:
        check_destination(make_path(tmp_path), export_format)
    assert refused.value.code in {"EXPORT_PATH_INVALID", "INPUT_INVALID"}
    assert (tmp_path / "a-file").read_text() == "not a database"


def test_cli_refuses_a_bad_path_with_one_structured_error_before_connecting(data_dir: Path) -> None:
    (data_dir / "a-file").write_text("not a database")
    bad = str(data_dir / "a-file" / "ehub.duckdb")
    result = run_ehub("--json", "export", "duckdb", bad, data_dir=data_dir, EHUB_DATABASE_URL=UNREACHABLE)
    assert result.returncode == ValidationError.exit_code, result.stdout + result.stderr
    error = json.loads(result.stdout)
    assert error["code"] == "EXPORT_PATH_INVALID" and error["field"] == "path"
    assert "is a file, not a directory" in error["message"] and "Traceback" not in result.stderr
    plain = run_ehub("export", "duckdb", bad, data_dir=data_dir, EHUB_DATABASE_URL=UNREACHABLE)
    assert plain.returncode == ValidationError.exit_code
    assert plain.stderr.strip().count("\n") == 0 and "EXPORT_PATH_INVALID" in plain.stderr


def test_export_command_has_help(data_dir: Path) -> None:
    result = run_ehub("export", "duckdb", "--help", data_dir=data_dir)
    assert result.returncode == 0 and "--format" in result.stdout, result.stderr


@pytest.mark.slow
def test_cli_exports_and_reports_in_json(built_marts, exported: ExportReport, data_dir: Path) -> None:
    result = run_ehub(
        "--json", "export", "duckdb", "out/ehub.duckdb", data_dir=data_dir, EHUB_DATABASE_URL=built_marts.url
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["path"] == str(data_dir / "out" / "ehub.duckdb") and report["format"] == "duckdb"
    assert report["tables"] == exported.tables and report["rows"] == exported.rows and report["seconds"] >= 0
    assert (data_dir / "out" / "ehub.duckdb").is_file()
