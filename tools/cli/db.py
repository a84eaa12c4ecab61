"""`ehub db`: migrations, status and connection details of the configured database."""

from __future__ import annotations

import subprocess

import typer

from ehub.errors import EXIT_FAILURE
from tools.cli.output import command_group, console, emit, options

app = command_group("The platform database (embedded by default, a server with EHUB_DATABASE_URL).")


@app.command("upgrade", help="Apply migrations up to the newest revision (safe to repeat).")
def db_upgrade(revision: str = typer.Argument("head", help="Target revision.")) -> None:
    from ehub.db import open_database
    from ehub.db.migrate import upgrade
    from ehub.settings import load_settings

    with open_database(load_settings()) as database:
        database.check()
        result = upgrade(database, revision)
    emit({"current": result.current, "head": result.head})
    if not options.json:
        console.print(f"Database schema at revision {result.current} (head {result.head}).")


@app.command("status", help="Show the applied and newest revisions; exit 1 when migrations are pending.")
def db_status() -> None:
    from ehub.db import open_database
    from ehub.db.migrate import status
    from ehub.settings import load_settings

    with open_database(load_settings()) as database:
        database.check()
        result = status(database)
    emit({"current": result.current, "head": result.head, "at_head": result.at_head})
    if not options.json:
        state = "up to date" if result.at_head else "migrations pending: run `ehub db upgrade`"
        console.print(f"current {result.current or '-'}, head {result.head}: {state}")
    if not result.at_head:
        raise typer.Exit(EXIT_FAILURE)


@app.command("url", help="Print the connection URL (password masked unless --show-password).")
def db_url(
    show_password: bool = typer.Option(False, "--show-password", help="Print the password in clear."),
    dagster: bool = typer.Option(False, "--dagster", help="Print Dagster's storage URL instead."),
) -> None:
    from ehub.db import open_database
    from ehub.settings import load_settings

    settings = load_settings()
    with open_database(settings) as database:
        secret_url = database.libpq_url if show_password else database.display_url
        url = database.dagster_url() if dagster else secret_url
    emit({"url": url, "embedded": settings.uses_embedded_database})
    if not options.json:
        typer.echo(url)
        if settings.uses_embedded_database:
            typer.echo(
                "(embedded server: reachable while an ehub command such as `ehub demo` runs; "
                "use `ehub db psql` for a shell)",
                err=True,
            )


@app.command("psql", help="Open psql on the configured database (the embedded server ships its own psql).")
def db_psql() -> None:
    from ehub.db import open_database
    from ehub.settings import load_settings

    settings = load_settings()
    with open_database(settings) as database:
        database.check()
        code = subprocess.call([_psql(), database.libpq_url])
    raise typer.Exit(code)


def _psql() -> str:
    import shutil

    from pgserver._commands import POSTGRES_BIN_PATH

    bundled = POSTGRES_BIN_PATH / "psql"
    return str(bundled) if bundled.exists() else (shutil.which("psql") or "psql")
