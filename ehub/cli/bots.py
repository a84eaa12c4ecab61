"""`ehub chat` (talk to the Jorge engine locally) and `ehub apikey create|revoke`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path

import typer

from ehub.bots.apikeys import SCOPES, create_key, revoke_key
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.cli.output import console, emit, options
from ehub.crypto import cipher_from_settings
from ehub.db import open_database
from ehub.db.migrate import status
from ehub.errors import ConfigError, ValidationError
from ehub.market.search import MartsMarket
from ehub.settings import load_settings

apikey_app = typer.Typer(help="API keys for the bot service's /v1 routes.", no_args_is_help=True)


def chat(
    message: str = typer.Argument(..., help="What the lead says."),
    lead: str = typer.Option(None, "--lead", help="Continue this lead's conversation (its id)."),
) -> None:
    """Send one message to the conversation engine and print its decision."""
    settings = load_settings()
    with open_database(settings) as database:
        database.check()
        if not status(database).at_head:
            raise ConfigError("The database schema is behind: run `ehub db upgrade`", code="MIGRATIONS_PENDING")
        service = BotService.from_settings(
            settings, database, cipher_from_settings(settings), Engine(MartsMarket(database.marts_engine))
        )
        result = service.handle(message, channel="web", now=datetime.now(UTC), lead_id=lead)
    turn = result.turn
    fields = {"lead_id": result.lead_id, **turn.public()}
    if options.json:
        emit(fields)
        return
    console.print(f"[bold]Jorge ({turn.bot} bot):[/] {turn.reply or '(no reply)'}", highlight=False)
    console.print(
        f"[dim]intent {turn.intent} ({turn.confidence:.2f}) · score {turn.lead_score} {turn.temperature}"
        f" · handoff {turn.handoff_reason or 'no'} · flags {', '.join(turn.compliance_flags) or 'none'}"
        f" · lead {result.lead_id}[/]",
        highlight=False,
    )


@apikey_app.command("create", help="Create a key; it is printed once and stored only hashed.")
def apikey_create(
    name: str = typer.Argument(..., help="Who or what uses the key, e.g. 'website widget'."),
    scope: list[str] = typer.Option(..., "--scope", help=f"Repeatable: {', '.join(SCOPES)}."),
) -> None:
    with open_database(load_settings()) as database:
        database.check()
        key, secret = create_key(database, name, scope)
    emit({**asdict(key), "api_key": secret})
    if not options.json:
        console.print(
            f"key {key.key_id} ({', '.join(key.scopes)}): {secret}\nStore it now: it is not shown again.",
            highlight=False,
        )


@apikey_app.command("revoke", help="Revoke a key by its id.")
def apikey_revoke(key_id: str = typer.Argument(..., help="The key id printed at creation.")) -> None:
    with open_database(load_settings()) as database:
        database.check()
        if not revoke_key(database, key_id):
            raise ValidationError(f"No active key {key_id}", field="key_id", code="KEY_NOT_FOUND")
    emit({"revoked": key_id})
    if not options.json:
        console.print(f"Revoked {key_id}.")


def worker(
    once: bool = typer.Option(False, "--once", help="Process what is pending, then exit."),
    interval: float = typer.Option(1.0, "--interval", min=0.1, help="Seconds between polls."),
) -> None:
    """Process queued GoHighLevel webhooks and drain the outbox to GoHighLevel."""
    import signal
    import time

    from ehub.bots.outbox import drain_outbox
    from ehub.bots.worker import process_webhooks
    from ehub.sources.factory import ghl_client

    settings = load_settings()
    stop = {"requested": False}
    signal.signal(signal.SIGTERM, lambda *_: stop.update(requested=True))
    with open_database(settings) as database, ghl_client(settings) as client:
        database.check()
        cipher = cipher_from_settings(settings)
        service = BotService.from_settings(settings, database, cipher, Engine(MartsMarket(database.marts_engine)))
        while True:
            handled = process_webhooks(service)
            sent = drain_outbox(database, cipher, client, now=datetime.now(UTC))
            if handled or sent:
                console.print(f"webhooks {handled or '{}'} · outbox {sent or '{}'}", highlight=False)
            if once or stop["requested"]:
                break
            try:
                time.sleep(interval)
            except KeyboardInterrupt:
                break


eval_app = typer.Typer(help="Evaluate the engine on labelled examples.", no_args_is_help=True)


def _report(result: dict, headline: str) -> None:
    if options.json:
        emit(result)
        return
    console.print(headline, highlight=False)
    for key, value in result.items():
        if key not in ("n", "accuracy", "agreement", "recall", "false_flags"):
            console.print(f"  {key}: {value}", highlight=False)


@eval_app.command("intents", help="FILE.tsv with a text<TAB>intent header: accuracy, per-class P/R, confusion.")
def eval_intents(
    path: Path = typer.Argument(..., help="The labelled TSV."),
    record: bool = typer.Option(False, "--record", help="Store the run in app.eval_runs (read by the accuracy alert)."),
) -> None:
    from ehub.evaluation import evaluate_intents

    result = evaluate_intents(path)
    if record:
        from ehub.evaluation_runs import record_eval_run

        with open_database(load_settings()) as database:
            database.check()
            result["run_id"] = record_eval_run(database, "intents", path, result, recorded_by="cli").run_id
    _report(result, f"intents: accuracy {result['accuracy']:.3f} on {result['n']} messages")


@eval_app.command("scoring", help="FILE.jsonl of {messages, expected}: agreement of the final temperature.")
def eval_scoring(path: Path = typer.Argument(..., help="The labelled JSON lines.")) -> None:
    from ehub.evaluation import evaluate_scoring

    result = evaluate_scoring(path)
    _report(result, f"scoring: agreement {result['agreement']:.3f} on {result['n']} conversations")


@eval_app.command("compliance", help="FILE.tsv with a text<TAB>expected (ok|flag) header: recall, false flags.")
def eval_compliance(path: Path = typer.Argument(..., help="The labelled TSV.")) -> None:
    from ehub.evaluation import evaluate_compliance

    result = evaluate_compliance(path)
    _report(
        result, f"compliance: recall {result['recall']:.3f}, {result['false_flags']} false flags on {result['n']} texts"
    )
