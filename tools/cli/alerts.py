"""`ehub alerts check`: evaluate the alert thresholds once, print them, optionally notify."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

from ehub.errors import EXIT_FAILURE, ConfigError
from tools.cli.output import command_group, console, emit, options

if TYPE_CHECKING:
    from ehub.alerts import CheckResult

alerts_app = command_group("Platform alerts: thresholds from the alert_thresholds seed.")


@alerts_app.command(
    "check",
    help="Evaluate every threshold once (API rates over the API's lifetime) and print the firing alerts; "
    "exit 1 when any fires. --notify also posts them to EHUB_ALERT_WEBHOOK_URL.",
)
def check(notify: bool = typer.Option(False, "--notify", help="Post the firing alerts to the webhook.")) -> None:
    from ehub.alerts import AlertState, run_check
    from ehub.db import open_database
    from ehub.settings import load_settings

    settings = load_settings()
    if notify and settings.alert_webhook_url is None:
        raise ConfigError("--notify needs EHUB_ALERT_WEBHOOK_URL", field="EHUB_ALERT_WEBHOOK_URL")
    webhook = settings.alert_webhook_url.get_secret_value() if notify and settings.alert_webhook_url else None
    with open_database(settings) as database:
        database.check()
        result = run_check(
            database,
            settings.bot_api_base_url,
            AlertState(),
            now=datetime.now(UTC),
            webhook_url=webhook,
            window="since_start",
        )
    if options.json:
        emit({**result.as_dict(), "notified": result.delivery.delivered if result.delivery else None})
    else:
        _print(result)
    if result.delivery is not None and not result.delivery.delivered:
        console.print(f"[red]notification not delivered: {result.delivery.error}[/]", highlight=False)
    if result.firing:
        raise typer.Exit(EXIT_FAILURE)


def _print(result: CheckResult) -> None:
    from rich.markup import escape

    from ehub.alerts.rules import format_value

    console.print(f"[dim]thresholds from {result.thresholds_from}[/]", highlight=False)
    for threshold in result.thresholds:
        observation = result.observations.get(threshold.metric)
        if observation is None:
            console.print(f"  [dim]·  {threshold.metric}: no data[/]", highlight=False)
            continue
        breached = threshold.breached_by(observation.value)
        mark = f"[red]✗ {threshold.severity}[/]" if breached else "[green]✓[/]"
        value = format_value(observation.value, threshold.unit)
        rule = f"{threshold.comparison} {format_value(threshold.threshold, threshold.unit)}"
        detail = escape(observation.detail)
        console.print(f"  {mark} {threshold.metric}: {value} (fires {rule}) [dim]{detail}[/]", highlight=False)
    console.print(result.summary(), highlight=False)
