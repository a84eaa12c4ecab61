"""`ehub dashboards check|publish|export|screenshot|serve`: the Superset dashboards, kept as code."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

import typer

from ehub.errors import ConfigError, ValidationError
from ehub.paths import DASHBOARD_BUNDLE_DIR as BUNDLE_DIR
from ehub.paths import DASHBOARDS_DIR, DBT_PROJECT_DIR
from tools.cli.output import command_group, console, emit, options

if TYPE_CHECKING:
    from ehub.settings import Settings
    from tools.dashboards.bundle import DatabaseTarget
    from tools.dashboards.publish import PublishReport
    from tools.dashboards.superset import SupersetCredentials

dashboards_app = command_group("Superset dashboards as code: check, publish, export, serve.")

URL_OPTION = typer.Option(None, "--superset-url", help="Superset base URL [default: EHUB_SUPERSET_URL].")
USER_OPTION = typer.Option(None, "--username", help="Superset user [default: EHUB_SUPERSET_USERNAME or admin].")
PASSWORD_OPTION = typer.Option(None, "--password", help="Superset password [default: EHUB_SUPERSET_PASSWORD].")
BUNDLE_OPTION = typer.Option(BUNDLE_DIR, "--bundle", help="The bundle directory.")
DATABASE_OPTION = typer.Option(
    None,
    "--database-url",
    help="The marts database as Superset should reach it [default: the configured database].",
)


def _credentials(
    settings: Settings, url: str | None, username: str | None, password: str | None
) -> SupersetCredentials:
    from tools.dashboards.superset import SupersetCredentials

    url = url or settings.superset_url
    if not url:
        raise ConfigError("Say which Superset: --superset-url or EHUB_SUPERSET_URL", code="SUPERSET_URL_MISSING")
    secret = password or (settings.superset_password.get_secret_value() if settings.superset_password else None)
    if not secret:
        raise ConfigError(
            "Superset needs a password: --password or EHUB_SUPERSET_PASSWORD", code="SUPERSET_LOGIN_MISSING"
        )
    return SupersetCredentials(url, username or settings.superset_username, secret)


@contextmanager
def _database_target(settings: Settings, database_url: str | None) -> Iterator[DatabaseTarget]:
    from ehub.db import open_database
    from tools.dashboards.bundle import DatabaseTarget

    if database_url:
        yield DatabaseTarget.from_url(database_url)
        return
    with open_database(settings) as database:
        yield DatabaseTarget.from_url(database.libpq_url)


def _print_report(report: PublishReport) -> None:
    from rich.table import Table

    table = Table("kind", "created", "updated", "unchanged")
    for kind in report.created:
        table.add_row(
            kind, str(len(report.created[kind])), str(len(report.updated[kind])), str(len(report.unchanged[kind]))
        )
    console.print(table)
    for verb, names in (("created", report.created), ("updated", report.updated)):
        for kind, titles in names.items():
            for title in titles:
                console.print(f"  {verb} {kind[:-1]}: {title}", highlight=False)
    console.print("Nothing changed." if not report.changed else "Published.")


def check(
    bundle_dir: Path = BUNDLE_OPTION,
    manifest: Path = typer.Option(DBT_PROJECT_DIR / "target" / "manifest.json", "--manifest"),
) -> None:
    """Check every reference in the bundle and every dataset column against the dbt manifest."""
    from tools.dashboards.bundle import Bundle
    from tools.dashboards.check import check_bundle, dbt_relations

    if not manifest.exists():
        raise ConfigError(f"No dbt manifest at {manifest}: run `ehub dbt -- parse` first", code="MANIFEST_MISSING")
    bundle = Bundle.load(bundle_dir)
    problems = check_bundle(bundle, dbt_relations(manifest))
    emit({"ok": not problems, "files": len(bundle.files), "problems": problems})
    if not options.json:
        for problem in problems:
            console.print(f"[red]✗[/] {problem}", highlight=False, soft_wrap=True)
        if not problems:
            console.print(f"[green]✓[/] {len(bundle.files)} files, every reference resolves.")
    if problems:
        raise typer.Exit(1)


def publish_command(
    superset_url: str = URL_OPTION,
    username: str = USER_OPTION,
    password: str = PASSWORD_OPTION,
    database_url: str = DATABASE_OPTION,
    bundle_dir: Path = BUNDLE_OPTION,
) -> None:
    """Import the bundle into Superset (overwrite), supplying the database password; report what changed."""
    from ehub.settings import load_settings
    from tools.dashboards.bundle import Bundle
    from tools.dashboards.publish import publish
    from tools.dashboards.superset import SupersetClient

    settings = load_settings()
    bundle = Bundle.load(bundle_dir)
    credentials = _credentials(settings, superset_url, username, password)
    with _database_target(settings, database_url) as target, SupersetClient(credentials) as client:
        report = publish(client, bundle, target)
    emit(report.as_dict())
    if not options.json:
        _print_report(report)


def export_command(
    superset_url: str = URL_OPTION,
    username: str = USER_OPTION,
    password: str = PASSWORD_OPTION,
    bundle_dir: Path = BUNDLE_OPTION,
) -> None:
    """Pull the bundle's dashboards from Superset (UI edits included) back into the bundle files."""
    from ehub.settings import load_settings
    from tools.dashboards.bundle import Bundle, dump_yaml
    from tools.dashboards.publish import export
    from tools.dashboards.superset import SupersetClient

    settings = load_settings()
    reference = Bundle.load(bundle_dir)
    with SupersetClient(_credentials(settings, superset_url, username, password)) as client:
        exported = export(client, reference)
    changed = sorted(
        path
        for path, content in exported.files.items()
        if path not in reference.files or dump_yaml(reference.files[path]) != dump_yaml(content)
    )
    removed = sorted(
        path for kind in ("charts", "dashboards") for path in reference.of_kind(kind) if path not in exported.files
    )
    for path in reference.files:  # datasets and databases no dashboard uses any more stay as they are
        if path not in exported.files and not path.startswith(("charts/", "dashboards/")):
            exported.files[path] = reference.files[path]
    exported.save(bundle_dir)
    emit({"changed": changed, "removed": removed, "files": len(exported.files)})
    if not options.json:
        for path in changed:
            console.print(f"  changed {path}", highlight=False)
        for path in removed:
            console.print(f"  removed {path}", highlight=False)
        console.print("Bundle unchanged." if not changed and not removed else "Review with `git diff dashboards/`.")


def screenshot(
    superset_url: str = URL_OPTION,
    username: str = USER_OPTION,
    password: str = PASSWORD_OPTION,
    out_dir: Path = typer.Option(DASHBOARDS_DIR / "screenshots", "--out", help="Where the PNGs go."),
) -> None:
    """Render every bundle dashboard in headless Chromium to a PNG; fail if any chart shows an error."""
    from ehub.settings import load_settings
    from tools.dashboards.bundle import Bundle
    from tools.dashboards.publish import dashboard_ids
    from tools.dashboards.screenshots import screenshot_dashboards
    from tools.dashboards.superset import SupersetClient

    settings = load_settings()
    credentials = _credentials(settings, superset_url, username, password)
    bundle = Bundle.load()
    with SupersetClient(credentials) as client:
        dashboards = {
            title: (number, len(client.charts_of_dashboard(number)))
            for title, number in dashboard_ids(client, bundle).items()
        }
    if not dashboards:
        raise ValidationError("None of the bundle's dashboards exist in this Superset: publish first", code="NOTHING")
    renders = screenshot_dashboards(credentials, dashboards, out_dir)
    emit([{**asdict(render), "screenshot": str(render.screenshot), "ok": render.ok} for render in renders])
    if not options.json:
        for render in renders:
            mark = "[green]✓[/]" if render.ok else "[red]✗[/]"
            console.print(
                f"{mark} {render.title}: {render.charts_rendered}/{render.charts_expected} charts, "
                f"{render.seconds}s → {render.screenshot}",
                highlight=False,
            )
            for error in render.errors:
                console.print(f"    [red]{error}[/]", highlight=False)
    if not all(render.ok for render in renders):
        raise typer.Exit(1)


def serve(
    port: int = typer.Option(8088, "--port", help="Local port for Superset."),
    database_url: str = DATABASE_OPTION,
) -> None:
    """Run a local Superset (built once into its own environment) with the bundle published on it."""
    from ehub.settings import load_settings
    from tools.dashboards.bundle import Bundle
    from tools.dashboards.local import LocalSuperset
    from tools.dashboards.publish import publish
    from tools.dashboards.superset import SupersetClient
    from tools.runtime import interrupt_on_stop_signals

    settings = load_settings()
    bundle = Bundle.load()
    interrupt_on_stop_signals()
    console.print("Starting Superset (the first run installs it, about a minute)…")
    with (
        _database_target(settings, database_url) as target,
        LocalSuperset(settings.data_dir / "superset", port=port) as instance,
    ):
        with SupersetClient(instance) as client:
            report = publish(client, bundle, target)
        if not report.dashboards:
            raise ValidationError("The bundle published no dashboards", code="BUNDLE_EMPTY")
        console.print(f"Superset is ready at {instance.url} (user {instance.username}, password {instance.password})")
        for title, number in sorted(report.dashboards.items()):
            console.print(f"  {title}: {instance.url}/superset/dashboard/{number}/", highlight=False)
        console.print("Ctrl-C stops it.")
        try:
            while True:
                time.sleep(1)
        except KeyboardInterrupt:
            console.print("Stopping Superset…")


dashboards_app.command(name="check")(check)
dashboards_app.command(name="publish")(publish_command)
dashboards_app.command(name="export")(export_command)
dashboards_app.command(name="screenshot")(screenshot)
dashboards_app.command(name="serve")(serve)
