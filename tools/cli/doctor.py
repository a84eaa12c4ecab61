"""`ehub doctor`: is this installation configured and connected, and which sources are real?"""

from __future__ import annotations

import socket
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlparse

import typer

from ehub.errors import EXIT_UNAVAILABLE, EhubError
from ehub.paths import DBT_PROJECT_DIR
from tools.cli.output import console, emit, options

if TYPE_CHECKING:
    from ehub.settings import Settings


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str


def _keys(settings: Settings) -> Check:
    from ehub.crypto import DEV_SECRETS_FILE, cipher_from_settings

    cipher_from_settings(settings)
    if settings.encryption_keys is None:
        return Check("personal-data keys", True, f"development keys in {settings.data_dir / DEV_SECRETS_FILE}")
    count = len([k for k in settings.encryption_keys.get_secret_value().split(",") if k.strip()])
    return Check("personal-data keys", True, f"{count} encryption key(s) from the environment")


def _database(settings: Settings) -> list[Check]:
    from ehub.db import open_database
    from ehub.db.migrate import status

    kind = "embedded" if settings.uses_embedded_database else "server"
    try:
        with open_database(settings) as database:
            version = database.check()
            migrations = status(database)
    except EhubError as error:
        return [Check("database", False, error.message)]
    state = "at head" if migrations.at_head else "pending: run `ehub db upgrade`"
    return [
        Check("database", True, f"{kind} PostgreSQL {version} at {database.display_url}"),
        Check("migrations", migrations.at_head, f"revision {migrations.current or '-'} ({state})"),
    ]


def _redis(settings: Settings) -> Check | None:
    if not settings.redis_url:
        return None
    parsed = urlparse(settings.redis_url)
    try:
        with socket.create_connection((parsed.hostname or "localhost", parsed.port or 6379), timeout=3):
            return Check("redis", True, f"reachable at {parsed.hostname}:{parsed.port or 6379}")
    except OSError as error:
        return Check("redis", False, f"unreachable at {parsed.hostname}:{parsed.port or 6379}: {error}")


def _sources(settings: Settings) -> list[Check]:
    checks = []
    for source, label in (("mls", "MLS (RESO Web API)"), ("ghl", "GoHighLevel"), ("stripe", "Stripe")):
        mode = "real API" if settings.source_is_real(source) else "offline sandbox"  # type: ignore[arg-type]
        checks.append(Check(f"source: {label}", True, mode))
    return checks


def _writers(settings: Settings) -> Check:
    from ehub.writing.chain import configured_helpers, configured_writers

    ok, detail = configured_writers(settings)
    return Check("reply writers", ok, f"{detail}; {configured_helpers(settings)}")


def _analyses(settings: Settings) -> Check:
    from ehub.writing.analysis import configured_analyses

    ok, detail = configured_analyses(settings)
    return Check("analyses", ok, detail)


def _tools() -> Check:
    from tools.runtime import tool

    found = (DBT_PROJECT_DIR / "dbt_project.yml").exists()
    return Check("dbt project", found, f"{DBT_PROJECT_DIR} with {tool('dbt')}" if found else "dbt/ is missing")


def doctor() -> None:
    from rich.table import Table

    from ehub.settings import load_settings

    settings = load_settings()  # a malformed setting stops here with one clear line
    checks = [_keys(settings), *_database(settings), _tools(), *_sources(settings)]
    checks += [_writers(settings), _analyses(settings)]
    redis = _redis(settings)
    if redis is not None:
        checks.append(redis)
    healthy = all(check.ok for check in checks)

    if options.json:
        emit({"ok": healthy, "environment": settings.env, "checks": [asdict(check) for check in checks]})
    else:
        table = Table(title=f"EnterpriseHub doctor ({settings.env})", show_lines=False)
        for column in ("check", "status", "detail"):
            table.add_column(column)
        for check in checks:
            table.add_row(check.name, "[green]ok[/]" if check.ok else "[red]FAIL[/]", check.detail)
        console.print(table)
    if not healthy:
        raise typer.Exit(EXIT_UNAVAILABLE)
