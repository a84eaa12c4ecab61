"""The platform commands: demo, materialize, serve, dbt and keys."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from enum import StrEnum
from typing import TYPE_CHECKING

import typer

from ehub.errors import ConfigError, JobFailedError
from tools.cli.output import Steps, command_group, console, emit, options

if TYPE_CHECKING:
    from ehub.db import Database
    from ehub.settings import Settings


@contextmanager
def _database(settings: Settings, steps: Steps) -> Iterator[Database]:
    from ehub.db import open_database

    where = (
        f"embedded PostgreSQL in {settings.data_dir / 'postgres'}"
        if settings.uses_embedded_database
        else "PostgreSQL server"
    )
    with ExitStack() as held:
        with steps.step(f"Starting the database ({where})"):
            database = held.enter_context(open_database(settings))
            database.check()
        yield database


def _require_migrations(database: Database) -> None:
    from ehub.db.migrate import status as migration_status

    current = migration_status(database)
    if not current.at_head:
        raise ConfigError(
            f"The database schema is at {current.current or 'nothing'}, not {current.head}: run `ehub db upgrade`",
            code="MIGRATIONS_PENDING",
        )


def _serve_until_interrupted(
    settings: Settings, database: Database, names: list[str], steps: Steps, *, demo_page: bool = False
) -> None:
    from rich.panel import Panel

    from tools.cli import stack
    from tools.runtime import interrupt_on_stop_signals, stop_processes

    interrupt_on_stop_signals()
    # `ehub demo` (never production: settings refuse the key there) serves a page with the widget at `/`.
    extra = {"EHUB_WIDGET_DEMO_KEY": stack.demo_widget_key(database)} if demo_page else {}
    processes = stack.start_servers(settings, database, names, extra)
    try:
        urls = stack.server_urls(settings)
        with steps.step(f"Starting {' and '.join(names)}"):
            for name, process in zip(names, processes, strict=True):
                stack.wait_until_ready(name, urls.get(name), process)
        console.print(f"Ready after {steps.elapsed:.1f}s.")
        lines = [f"[bold]{name:8}[/] {urls[name]}" if name in urls else f"[bold]{name:8}[/] running" for name in names]
        if "api" in names:
            lines.append(f"[bold]{'openapi':8}[/] {urls['api']}/schema")
            if demo_page:
                lines.append(f"[bold]{'widget':8}[/] {urls['api']}/ (demo page: chat with Jorge)")
        console.print(Panel("\n".join(lines), title="EnterpriseHub is ready", subtitle="Ctrl-C stops everything"))
        while all(process.poll() is None for process in processes):
            time.sleep(0.5)
        console.print("[yellow]A server exited; stopping the others.[/]")
    except KeyboardInterrupt:
        console.print("\nStopping…")
    finally:
        stop_processes(processes)
    console.print("Stopped.")


SCALE_OPTION = typer.Option(
    None,
    "--scale",
    min=0.01,
    help="Sandbox size (1 = about 5,000 listings, 2,000 contacts); default EHUB_SANDBOX_SCALE.",
)


def _settings(scale: float | None) -> Settings:
    from ehub.settings import load_settings

    return load_settings(sandbox_scale=scale) if scale is not None else load_settings()


def _answer_sandbox_leads(settings: Settings, database: Database, steps: Steps) -> None:
    """The sandbox's new leads answered by the real bot service (signed webhooks, the worker, the
    outbox), then the marts built on the bot service's records rebuilt with what it did."""
    from ehub.crypto import cipher_from_settings
    from sandbox.live_leads import answer_new_leads
    from tools.runtime import run_dbt

    with steps.step("The Lead, Buyer and Seller bots answering the sandbox's new leads"):
        report = answer_new_leads(settings, database, cipher_from_settings(settings))
        steps.detail(f"{report.delivered} webhooks answered; rebuilding the bot, funnel and revenue marts")
        if report.delivered and run_dbt(settings, database, ["build", "--select", "source:app+", "--quiet"]) != 0:
            raise JobFailedError("dbt failed rebuilding the marts on the bots' records", code="DBT_FAILED")
    console.print(f"    [dim]{report.delivered} webhooks answered by the bot service[/]", highlight=False)


def demo(
    once: bool = typer.Option(False, "--once", help="Do the work, start no servers, and exit (for CI)."),
    scale: float = SCALE_OPTION,
) -> None:
    from ehub.crypto import cipher_from_settings
    from tools.cli import stack

    settings = _settings(scale)
    sandbox_bots = not settings.source_is_real("ghl")
    steps = Steps(total=(5 if once else 6) + sandbox_bots)
    with steps.step("Loading settings and keys"):
        cipher_from_settings(settings)
    with _database(settings, steps) as database:
        stack.migrate(database, steps)
        stack.prepare_dbt(settings, database, steps)
        stack.materialize(settings, database, steps)
        if sandbox_bots:
            _answer_sandbox_leads(settings, database, steps)
        if once:
            console.print(f"[bold green]Done[/] in {steps.elapsed:.1f}s. Data lives in {settings.data_dir}.")
            emit({"status": "ok", "seconds": round(steps.elapsed, 1), "data_dir": str(settings.data_dir)})
            return
        _serve_until_interrupted(settings, database, ["dagster", "api"], steps, demo_page=settings.env != "production")


def materialize(
    select: str = typer.Option(None, "--select", "-s", help="Dagster asset selection, e.g. 'raw/mls_properties+'."),
    scale: float = SCALE_OPTION,
) -> None:
    from tools.cli import stack

    settings = _settings(scale)
    steps = Steps(total=3)
    with _database(settings, steps) as database:
        _require_migrations(database)
        stack.prepare_dbt(settings, database, steps)
        stack.materialize(settings, database, steps, select)


class Component(StrEnum):
    api = "api"
    dagster = "dagster"
    daemon = "daemon"


def serve(component: Component = typer.Argument(..., help="What to serve.")) -> None:
    from ehub.settings import load_settings
    from tools.cli import stack

    settings = load_settings()
    needs_dbt = component in (Component.dagster, Component.daemon)
    steps = Steps(total=3 if needs_dbt else 2)
    with _database(settings, steps) as database:
        _require_migrations(database)
        if needs_dbt:
            stack.prepare_dbt(settings, database, steps)
        _serve_until_interrupted(settings, database, [component.value], steps)


def dbt(context: typer.Context) -> None:
    """Run dbt with the connection of the configured database (the embedded one included)."""
    from ehub.db import open_database
    from ehub.settings import load_settings
    from tools.runtime import run_dbt

    args = list(context.args)
    if not args:
        raise typer.BadParameter("give dbt arguments after `--`, e.g. `ehub dbt -- build`")
    settings = load_settings()
    with open_database(settings) as database:
        database.check()
        code = run_dbt(settings, database, args)
    raise typer.Exit(code)


keys_app = command_group("Encryption keys for personal data.")


@keys_app.command("generate", help="Print fresh EHUB_ENCRYPTION_KEYS and EHUB_BLIND_INDEX_KEY values.")
def keys_generate() -> None:
    from ehub.crypto import generate_keys

    keys = generate_keys()
    if options.json:
        emit(keys)
        return
    for name, value in keys.items():
        typer.echo(f"{name}={value}")


@keys_app.command(
    "rotate",
    help="Re-encrypt every sealed value under the newest key (first in EHUB_ENCRYPTION_KEYS), in batches; "
    "resumable and safe while the platform runs. Then checks that the newest key alone opens everything.",
)
def keys_rotate(
    batch_size: int = typer.Option(500, "--batch-size", min=1, help="Rows per transaction."),
    verify_only: bool = typer.Option(False, "--verify-only", help="Only count what the newest key cannot open."),
) -> None:
    from ehub.crypto import cipher_from_settings
    from ehub.db import open_database
    from ehub.privacy.rotation import rotate_encryption, verify_encryption
    from ehub.settings import load_settings

    settings = load_settings()
    cipher = cipher_from_settings(settings)
    with open_database(settings) as database:
        database.check()
        _require_migrations(database)
        columns = []
        if not verify_only:

            def report(progress: object) -> None:
                if not options.json:
                    console.print(
                        f"{progress.table}.{progress.column}: {progress.seen:,} seen, {progress.rotated:,} re-encrypted"
                        f"{' (done)' if progress.done else ''}",
                        highlight=False,
                    )

            columns = rotate_encryption(database, cipher, batch_size=batch_size, on_progress=report)
        stale = verify_encryption(database, cipher)
    remaining = sum(stale.values())
    emit(
        {
            "key": cipher.newest_key_fingerprint,
            "rotated": {f"{c.table}.{c.column}": c.rotated for c in columns},
            "not_under_newest_key": stale,
        }
    )
    if not options.json:
        verdict = (
            "every value opens with the newest key alone: the older keys can be removed"
            if remaining == 0
            else (f"{remaining:,} values still need an older key: run `ehub keys rotate` again")
        )
        console.print(verdict, highlight=False)
    if remaining:
        raise typer.Exit(1)


@keys_app.command(
    "reindex",
    help="Recompute every blind index under EHUB_BLIND_INDEX_KEY after changing it (stop writers first; keep the "
    "old key as EHUB_PREVIOUS_BLIND_INDEX_KEY for unsubscribe links already sent).",
)
def keys_reindex(batch_size: int = typer.Option(500, "--batch-size", min=1, help="Rows per transaction.")) -> None:
    from ehub.crypto import cipher_from_settings
    from ehub.db import open_database
    from ehub.privacy.rotation import reindex_blind_indexes
    from ehub.settings import load_settings

    settings = load_settings()
    with open_database(settings) as database:
        database.check()
        _require_migrations(database)
        counts = reindex_blind_indexes(database, cipher_from_settings(settings), batch_size=batch_size)
    emit(counts)
    if not options.json:
        for table, count in counts.items():
            console.print(f"{table}: {count:,} re-indexed", highlight=False)
