"""`ehub sources validate`, `ehub sandbox advance|now|journey` and `ehub bench ingest`.

The sandbox and the benchmarks are imported by the commands that use them, so a production
process (`ehub serve`, `ehub worker`) never loads the sandbox.
"""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from ehub.errors import EXIT_FAILURE
from tools.cli.output import command_group, console, emit, options

sources_app = command_group("Source feeds: check a saved API response before connecting it.")
sandbox_app = command_group("The offline sandbox behind every source without credentials.")
bench_app = command_group("Benchmarks that report figures.")


class Source(StrEnum):
    mls = "mls"
    ghl = "ghl"
    stripe = "stripe"


@sources_app.command(
    "validate",
    help="Normalise a saved response (OData, GHL list/webhook, Stripe list/event) "
    "and list what would land and what would be rejected, with reasons.",
)
def validate(
    source: Source = typer.Argument(..., help="Which API the file came from."),
    path: Path = typer.Argument(..., help="The saved JSON response."),
) -> None:
    from ehub.sources.validate import validate_file

    report = validate_file(source.value, path)
    if options.json:
        emit(report.as_dict())
    else:
        console.print(f"{report.source} {report.entity}: {len(report.records)} valid, {len(report.rejects)} rejected")
        for record in report.records:
            sealed = ", ".join(record["personal_fields_sealed"]) or "none"
            console.print(f"  ok  {record['key']}  modified {record['modified_at']}  sealed: {sealed}")
        for reject in report.rejects:
            console.print(f"  [red]rejected[/] #{reject['position']} {reject['key'] or '-'}: {reject['reason']}")
    if report.rejects:
        raise typer.Exit(EXIT_FAILURE)


@sandbox_app.command(
    "advance", help="Move the sandbox's clock forward: the next sync sees new, changed and deleted records."
)
def advance(days: float = typer.Option(..., "--days", help="How many days to move forward.")) -> None:
    from ehub.settings import load_settings
    from sandbox import clock

    moved = clock.advance(load_settings().data_dir, days)
    emit({"now": moved.isoformat()})
    if not options.json:
        console.print(f"Sandbox time is now {moved.isoformat()}")


@sandbox_app.command(
    "journey",
    help="Take one web lead through the real bot API, GoHighLevel and Stripe sandboxes to a booked walkthrough"
    " and a paid consultation, then into the marts; report each step and its time.",
)
def journey() -> None:
    from ehub.db import open_database
    from ehub.settings import load_settings
    from tools.journey import MARTS, run_journey
    from tools.runtime import run_dbt

    settings = load_settings()
    with open_database(settings) as database:
        database.check()
        report = run_journey(settings, database, build_marts=lambda: run_dbt(settings, database, MARTS, quiet=True))
    emit(report.as_dict())
    if not options.json:
        for step in report.steps:
            console.print(f"[bold]{step.name}[/] ({step.seconds:.2f} s)")
            for name, value in step.detail.items():
                console.print(f"  {name}: {value}")
        console.print(f"lead {report.lead_id}: {sum(step.seconds for step in report.steps):.1f} s in all")


@sandbox_app.command("now", help="Print the sandbox's current time.")
def now() -> None:
    from ehub.settings import load_settings
    from sandbox import clock

    moment = clock.sandbox_now(load_settings().data_dir)
    emit({"now": moment.isoformat()})
    if not options.json:
        console.print(moment.isoformat())


def _figures(title: str, figures: dict) -> None:
    """A benchmark's figures: JSON with --json, a table otherwise."""
    from rich.table import Table

    if options.json:
        emit(figures)
        return
    table = Table(title=title)
    table.add_column("figure")
    table.add_column("value", justify="right")
    for name, value in figures.items():
        if isinstance(value, tuple | list):
            value = ", ".join(" ".join(str(part) for part in item) for item in value)
        table.add_row(name, f"{value:,.3f}" if isinstance(value, float) else str(value))
    console.print(table)


@bench_app.command("ingest", help="MLS ingest rows/s against a plain COPY of the same rows, and peak memory.")
def ingest(
    scale: float = typer.Option(1.0, "--scale", min=0.01, help="Sandbox scale (1 = about 5,000 listings)."),
) -> None:
    from ehub.crypto import cipher_from_settings
    from ehub.db import open_database
    from ehub.settings import load_settings
    from tools.bench import bench_ingest

    settings = load_settings()
    with open_database(settings) as database:
        database.check()
        result = bench_ingest(database, cipher_from_settings(settings), scale=scale, seed=settings.sandbox_seed)
    _figures(f"MLS ingest, scale {scale:g} ({result.rows:,} listings)", result.as_dict())


@bench_app.command(
    "dbt",
    help="Full dbt build, the next day's build a simulated day later (as the Dagster asset runs it), "
    "dbt's start-up with nothing selected, and the bots' CMA and listing-search p95 latency.",
)
def dbt(
    scale: float = typer.Option(1.0, "--scale", min=0.01, help="Sandbox scale (1 = about 5,000 listings)."),
    reuse_sync: bool = typer.Option(
        False,
        "--reuse-sync",
        help="Copy the first day's synced sources from a database an earlier run with this option kept "
        "(ehub_bench_synced_<scale>_<seed>), or keep them there: the sync's figures are then that run's.",
    ),
) -> None:
    from ehub.db import open_database
    from ehub.settings import load_settings
    from tools.bench import bench_dbt

    settings = load_settings()
    with open_database(settings) as database:
        database.check()
        result = bench_dbt(database, scale=scale, seed=settings.sandbox_seed, reuse_sync=reuse_sync)
    _figures(f"dbt build, scale {scale:g}", result.as_dict())


@bench_app.command(
    "api",
    help="Concurrent simulated leads through whole conversations on /v1/chat: latency "
    "percentiles, errors, and throughput against a bare endpoint in the same run.",
)
def api(
    leads: int = typer.Option(100, "--leads", min=1, max=500, help="Simulated leads at once."),
    scale: float = typer.Option(0.2, "--scale", min=0.01, help="Sandbox scale of the marts behind the bots."),
    think: float = typer.Option(
        1.0, "--think", min=0.0, help="Mean seconds a lead waits before each message in the paced phases."
    ),
    conversations: int = typer.Option(
        3, "--conversations", min=1, max=8, help="Whole conversations per lead and phase (within the rate limit)."
    ),
) -> None:
    from ehub.db import open_database
    from ehub.settings import load_settings
    from tools.bench_api import bench_api

    settings = load_settings()
    with open_database(settings) as database:
        database.check()
        result = bench_api(database, leads=leads, scale=scale, think=think, conversations=conversations)
    _figures(f"/v1/chat under {leads} concurrent leads", result.as_dict())
