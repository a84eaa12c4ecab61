"""`ehub chat` (talk to the Jorge engine locally), `ehub apikey create|revoke`, `ehub worker` (webhooks,
outbox, nurture) and `ehub outbox list|retry`."""

from __future__ import annotations

import gc
import getpass
import threading
from collections.abc import Callable
from dataclasses import asdict
from datetime import UTC, datetime
from typing import TYPE_CHECKING

import typer

from ehub.access import DEFAULT_REQUESTS_PER_MINUTE, SCOPES
from ehub.errors import ConfigError, ValidationError
from tools.cli.output import command_group, console, emit, errors, options

if TYPE_CHECKING:
    from ehub.bots.service import BotService

apikey_app = command_group("API keys for the bot service's /v1 routes.")


def chat(
    message: str = typer.Argument(..., help="What the lead says."),
    lead: str = typer.Option(None, "--lead", help="Continue this lead's conversation (its id)."),
) -> None:
    """Send one message to the conversation engine and print its decision."""
    # What the imports build (modules, classes, functions) lives as long as this one-message process,
    # so the cyclic collector has nothing to find in it: it pauses while they load, and once they are
    # frozen its passes while answering walk only what answering makes (0.1-0.15 s of CPU less).
    gc.disable()
    try:
        from ehub.bots.audit import Actor
        from ehub.bots.engine import Engine
        from ehub.bots.service import BotService
        from ehub.crypto import cipher_from_settings
        from ehub.db import open_database
        from ehub.db.migrate import status
        from ehub.market.search import MartsMarket
        from ehub.privacy.notices import Notices
        from ehub.settings import load_settings
    finally:
        gc.freeze()
        gc.enable()

    settings = load_settings()
    with open_database(settings) as database:
        database.check()
        if not status(database).at_head:
            raise ConfigError("The database schema is behind: run `ehub db upgrade`", code="MIGRATIONS_PENDING")
        engine = Engine(MartsMarket(database.marts_engine), notices=Notices.from_settings(settings))
        service = BotService.from_settings(settings, database, cipher_from_settings(settings), engine)
        operator = Actor("cli", getpass.getuser(), "ehub chat")  # a local operator, trusted like a staff key
        result = service.handle(message, channel="web", now=datetime.now(UTC), lead_id=lead, actor=operator)
    turn = result.turn
    fields = {"lead_id": result.lead_id, **turn.public()}
    if options.json:
        emit(fields)
        return
    console.print(f"[bold]Jorge ({turn.bot} bot):[/] {turn.reply or '(no reply)'}", highlight=False)
    console.print(
        f"[dim]intent {turn.intent} ({turn.confidence:.2f}) · score {turn.lead_score} {turn.temperature}"
        f" · handoff {turn.handoff_reason or 'no'} · flags {', '.join(turn.compliance_flags) or 'none'}"
        f" · written by {turn.provider}{f' ({turn.model})' if turn.model else ''}"
        f"{f' · fallback {turn.fallback_reason}' if turn.fallback_reason else ''} · lead {result.lead_id}[/]",
        highlight=False,
    )


@apikey_app.command("create", help="Create a key; it is printed once and stored only hashed.")
def apikey_create(
    name: str = typer.Argument(..., help="Who or what uses the key, e.g. 'website widget'."),
    scope: list[str] = typer.Option(..., "--scope", help=f"Repeatable: {', '.join(SCOPES)}."),
    rate: int = typer.Option(
        DEFAULT_REQUESTS_PER_MINUTE,
        "--rate",
        help="Requests a minute this key may make (a website widget's public key serves every visitor).",
    ),
) -> None:
    from ehub.bots.apikeys import create_key
    from ehub.bots.audit import Actor
    from ehub.db import open_database
    from ehub.settings import load_settings

    with open_database(load_settings()) as database:
        database.check()
        operator = Actor("cli", getpass.getuser(), "ehub apikey create")
        key, secret = create_key(database, name, scope, requests_per_minute=rate, actor=operator)
    emit({**asdict(key), "api_key": secret})
    if not options.json:
        console.print(
            f"key {key.key_id} ({', '.join(key.scopes)}): {secret}\nStore it now: it is not shown again.",
            highlight=False,
        )


@apikey_app.command("revoke", help="Revoke a key by its id.")
def apikey_revoke(key_id: str = typer.Argument(..., help="The key id printed at creation.")) -> None:
    from ehub.bots.apikeys import revoke_key
    from ehub.bots.audit import Actor
    from ehub.db import open_database
    from ehub.settings import load_settings

    with open_database(load_settings()) as database:
        database.check()
        if not revoke_key(database, key_id, actor=Actor("cli", getpass.getuser(), "ehub apikey revoke")):
            raise ValidationError(f"No active key {key_id}", field="key_id", code="KEY_NOT_FOUND")
    emit({"revoked": key_id})
    if not options.json:
        console.print(f"Revoked {key_id}.")


def worker(
    once: bool = typer.Option(False, "--once", help="Work both queues until nothing is due, then exit."),
    interval: float = typer.Option(1.0, "--interval", min=0.1, help="Seconds between polls."),
    nurture_interval: float = typer.Option(
        60.0, "--nurture-interval", min=0.1, help="Seconds between passes looking for due nurture follow-ups."
    ),
    outbox_backoff: float = typer.Option(
        30.0,
        "--outbox-backoff",
        min=0.1,
        help="Seconds before a failed outbox entry is tried again, doubling with each try (at most 30 minutes); "
        "also how long the outbox pauses once GoHighLevel looks down.",
    ),
) -> None:
    """Process queued GoHighLevel webhooks, queue due nurture follow-ups, and drain the outbox to
    GoHighLevel, in three loops.

    Each loop runs in a thread of its own, so GoHighLevel being down or slow never delays intake: a
    STOP is recorded while the outbox waits out the outage. An error in one pass is reported and
    the loop goes on; SIGTERM or Ctrl-C stops them all after their current pass."""
    import signal
    from datetime import timedelta
    from functools import partial

    from ehub.bots.booking import calendar_from_settings
    from ehub.bots.engine import Engine
    from ehub.bots.nurture import Cadence, queue_due_follow_ups
    from ehub.bots.outbox import drain_until_idle
    from ehub.bots.pacing import Backoff, CircuitBreaker
    from ehub.bots.service import BotService
    from ehub.crypto import cipher_from_settings
    from ehub.db import open_database
    from ehub.market.search import MartsMarket
    from ehub.privacy.notices import Notices
    from ehub.settings import load_settings
    from ehub.sources.factory import ghl_client
    from tools.offline import stand_ins

    settings = load_settings()
    with open_database(settings) as database, ghl_client(settings, offline=stand_ins(settings)) as client:
        database.check()
        cipher = cipher_from_settings(settings)
        market, notices = MartsMarket(database.marts_engine), Notices.from_settings(settings)
        engine = Engine(market, calendar_from_settings(settings, client), notices=notices)
        service = BotService.from_settings(settings, database, cipher, engine)
        cadence = Cadence.parse(settings.nurture_cadence_days, settings.nurture_monthly_days)
        passes = {
            "webhooks": partial(_webhooks_until_idle, service),
            "nurture": lambda: queue_due_follow_ups(
                database, cipher, market, notices=notices, now=datetime.now(UTC), cadence=cadence
            ),
            "outbox": partial(
                drain_until_idle,
                database,
                cipher,
                client,
                notices,
                clock=lambda: datetime.now(UTC),
                backoff=Backoff(base=timedelta(seconds=outbox_backoff)),
                breaker=CircuitBreaker(cooldown=outbox_backoff),
            ),
        }
        if once:
            for name, work in passes.items():
                _print_pass(name, work())
            return
        stop = threading.Event()
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        loops = [
            threading.Thread(
                target=_loop,
                args=(name, work, stop, nurture_interval if name == "nurture" else interval),
                name=f"ehub-worker-{name}",
                daemon=True,
            )
            for name, work in passes.items()
        ]
        for loop in loops:
            loop.start()
        try:
            while not stop.wait(0.5):
                pass
        except KeyboardInterrupt:
            stop.set()
        for loop in loops:
            loop.join(timeout=60)


def _webhooks_until_idle(service: BotService, batch: int = 100) -> dict[str, int]:
    """Batches of pending webhooks until one comes back short of `batch`: all were taken. A batch
    that fails an event leaves it for a later pass (see `process_webhooks`), so it is retried here
    only while a backlog keeps the batches full."""
    from ehub.bots.worker import process_webhooks

    total: dict[str, int] = {}
    while True:
        outcomes = process_webhooks(service, limit=batch)
        for outcome, count in outcomes.items():
            total[outcome] = total.get(outcome, 0) + count
        if sum(outcomes.values()) < batch:
            return total


def _loop(name: str, work: Callable[[], dict[str, int]], stop: threading.Event, interval: float) -> None:
    """One queue's loop: a pass, then a pause; an error is reported (redacted) and the loop goes on."""
    from rich.markup import escape

    from ehub.logs import redact

    while not stop.is_set():
        try:
            _print_pass(name, work())
        except Exception as error:  # the database restarting, a bug: say so, wait, try again
            problem = escape(redact(f"{type(error).__name__}: {error}")[:300])
            errors.print(f"[red]{name} pass failed[/]: {problem}", highlight=False)
        stop.wait(interval)


def _print_pass(name: str, outcomes: dict[str, int]) -> None:
    if outcomes:
        console.print(f"{name} {outcomes}", highlight=False)


outbox_app = command_group("The outbox to GoHighLevel: list entries, re-queue parked ones.")


@outbox_app.command("list", help="The newest outbox entries, without message text; --status to pick one status.")
def outbox_list(
    status_filter: str = typer.Option(None, "--status", help="pending, sent, parked or cancelled."),
    limit: int = typer.Option(50, "--limit", min=1, help="How many entries, newest first."),
) -> None:
    from rich.markup import escape

    from ehub.bots.outbox_admin import STATUSES, list_entries
    from ehub.db import open_database
    from ehub.settings import load_settings

    if status_filter is not None and status_filter not in STATUSES:
        raise ValidationError(f"--status must be one of {', '.join(STATUSES)}", field="status")
    with open_database(load_settings()) as database:
        database.check()
        entries = list_entries(database, status=status_filter, limit=limit)
    if options.json:
        emit(entries)
        return
    if not entries:
        console.print(f"No {status_filter or ''} outbox entries.".replace("  ", " "), highlight=False)
    for entry in entries:
        when = (entry["parked_at"] or entry["sent_at"] or entry["send_after"]).astimezone(UTC)
        what = entry["kind"] + (f" ({entry['purpose']})" if entry["purpose"] else "")
        landed = " · may have reached GHL" if entry["uncertain"] and entry["status"] != "sent" else ""
        console.print(
            f"{entry['outbox_id']:>6}  {entry['status']:<9} {what}  {entry['attempts']} tries{landed}"
            f"  [dim]{when:%Y-%m-%d %H:%M} UTC  lead {entry['lead_id']}  {escape(entry['last_error'] or '')}[/]",
            highlight=False,
        )


@outbox_app.command("retry", help="Re-queue parked entries with a fresh set of tries, due now: one by id, or all.")
def outbox_retry(
    entry: int = typer.Argument(None, help="The entry's id (see `ehub outbox list --status parked`)."),
    all_parked: bool = typer.Option(False, "--all-parked", help="Every parked entry."),
) -> None:
    from ehub.bots.outbox_admin import requeue_parked
    from ehub.db import open_database
    from ehub.settings import load_settings

    if (entry is None) == (not all_parked):
        raise ValidationError("Give one entry id or --all-parked", field="id", code="OUTBOX_RETRY_USAGE")
    with open_database(load_settings()) as database:
        database.check()
        requeued = requeue_parked(database, None if all_parked else [entry], now=datetime.now(UTC))
    if entry is not None and not requeued:
        raise ValidationError(f"No parked outbox entry {entry}", field="id", code="OUTBOX_ENTRY_NOT_PARKED")
    emit({"requeued": requeued})
    if not options.json:
        console.print(f"Re-queued {len(requeued)} parked entr{'y' if len(requeued) == 1 else 'ies'}.", highlight=False)
