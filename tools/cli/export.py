"""`ehub export`: the marts as files, for offline analysis and for Evidence (which reads DuckDB)."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from tools.cli.output import command_group, console, emit, options

export_app = command_group("Export the marts out of PostgreSQL.")


class Format(StrEnum):
    duckdb = "duckdb"
    parquet = "parquet"


@export_app.command(
    "duckdb",
    help="Write every mart table and view to a DuckDB file (schema `marts`), or with --format parquet to a "
    "directory of <table>.parquet files. Replaces an earlier export atomically.",
)
def export_duckdb(
    path: Path = typer.Argument(
        ..., metavar="PATH", help="The DuckDB file (e.g. data/ehub.duckdb) or, for parquet, a directory."
    ),
    export_format: Format = typer.Option(Format.duckdb, "--format", help="duckdb: one file; parquet: one per table."),
    schema: str = typer.Option("marts", "--schema", help="The PostgreSQL schema to export."),
) -> None:
    from ehub.db import open_database
    from ehub.settings import load_settings
    from tools.export import check_destination, export_marts_to_duckdb

    check_destination(path, export_format.value, schema=schema)  # a bad path fails before the database starts
    with open_database(load_settings()) as database:
        database.check()
        report = export_marts_to_duckdb(database, path, schema=schema, export_format=export_format.value)
    emit(report.to_dict())
    if not options.json:
        for table, rows in report.tables.items():
            console.print(f"  {schema}.{table}: {rows:,} rows", highlight=False)
        console.print(
            f"Exported {len(report.tables)} tables ({report.rows:,} rows) to {report.path} in {report.seconds:.1f}s.",
            highlight=False,
            soft_wrap=True,
        )
