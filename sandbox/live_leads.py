"""The sandbox's new leads, answered by the real bot service as GoHighLevel would deliver them.

Contacts the sandbox CRM creates from `BOT_LIVE_FROM` on are the bot service's: each contact's
creation and each of its inbound messages goes out as a GoHighLevel webhook signed with the
sandbox's published key, at the moment it happens in the sandbox's history. The webhook is
verified and queued (`ehub.bots.webhooks.accept`, what `POST /webhooks/ghl` runs), taken by the
worker (`process_webhooks`), answered by the Lead, Buyer and Seller bots, and the replies are
drained to the sandbox CRM by the outbox (`drain_outbox`) a few seconds later, or when the lead's
calling hours open after quiet hours (9:00 in Austin, noon on Sundays), as a running worker would.
So `app.*` holds the bots' own work with real response times, and the marts count it (the bot
service owns those leads; see README, Definitions).

Everything is stamped with the simulated moment, never the wall clock; webhook ids are stable, so
running it again only delivers what the sandbox's clock has brought since. Contacts created before
`BOT_LIVE_FROM` stay CRM history.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from datetime import datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import text

from ehub.bots.engine import Engine
from ehub.bots.experiments import parse_experiment
from ehub.bots.outbox import drain_outbox
from ehub.bots.service import BotService
from ehub.bots.webhooks import WebhookKeys, accept
from ehub.bots.worker import process_webhooks
from ehub.compliance.quiet_hours import next_send_time
from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.market.search import MartsMarket
from ehub.privacy.notices import Notices
from ehub.settings import Settings
from ehub.sources.factory import ghl_client
from sandbox import ghl_data
from sandbox.clock import sandbox_now
from sandbox.ghl_api import GhlSandbox
from sandbox.ghl_webhooks import SANDBOX_PRIVATE_KEY, signed_webhook
from sandbox.sources import SANDBOX

BOT_LIVE_FROM = ghl_data.ORIGIN + ghl_data.HISTORY - timedelta(days=14)
"""The bot service went live two weeks before the sandbox's default `now`."""
SANDBOX_EXPERIMENT = "reply_style:control=50,concise=50"
"""The A/B test the sandbox runs when `EHUB_BOT_EXPERIMENT` names none, so the demo shows variants."""
WEBHOOK_DELAY = timedelta(seconds=1)  # GoHighLevel to our route
WORKER_DELAY = timedelta(seconds=2)  # the worker polls its queue every second or two
DRAIN_DELAY = timedelta(seconds=5)  # and drains the outbox right after
AUSTIN = ZoneInfo("America/Chicago")
_SEEN = text("select webhook_id from app.webhook_events where webhook_id like 'wh-sbx-%'")


@dataclass(frozen=True)
class LiveLeadsReport:
    contacts: int
    delivered: int
    outcomes: dict[str, int]
    outbox: dict[str, int]

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"


def _events(life: ghl_data.ContactLife, now: datetime) -> Iterator[tuple[datetime, dict[str, Any]]]:
    """What GoHighLevel sends about one contact up to `now`: its creation, then each inbound message."""
    contact = life.contact(life.created_at)
    yield (
        life.created_at,
        {
            "type": "ContactCreate",
            "webhookId": f"wh-sbx-c-{life.contact_id}",
            "locationId": ghl_data.LOCATION_ID,
            "id": life.contact_id,
            "firstName": contact["firstName"],
            "lastName": contact["lastName"],
            "email": contact["email"],
            "phone": contact["phone"],
            "source": contact["source"],
            "assignedTo": contact["assignedTo"],
            "dateAdded": contact["dateAdded"],
        },
    )
    for message in life.visible_messages(now):
        if message["direction"] != "inbound":
            continue
        yield (
            datetime.fromisoformat(message["dateAdded"].replace("Z", "+00:00")),
            {
                "type": "InboundMessage",
                "webhookId": f"wh-sbx-m-{message['id']}",
                "locationId": ghl_data.LOCATION_ID,
                "contactId": life.contact_id,
                "conversationId": message["conversationId"],
                "messageId": message["id"],
                "messageType": "SMS" if message["messageType"] == "TYPE_SMS" else "Email",
                "direction": "inbound",
                "body": message["body"],
                "contentType": "text/plain",
                "dateAdded": message["dateAdded"],
            },
        )


def live_contacts(seed: int, scale: float, now: datetime) -> list[ghl_data.ContactLife]:
    """The contacts created from `BOT_LIVE_FROM` up to `now`: the bot service's leads."""
    interval = ghl_data.HISTORY / ghl_data.contact_count(scale)
    first = max(0, int((BOT_LIVE_FROM - ghl_data.ORIGIN) / interval) - 1)
    lives = [
        ghl_data.contact_life(index, seed=seed, scale=scale)
        for index in range(first, ghl_data.visible_contacts(scale, now))
    ]
    return [life for life in lives if BOT_LIVE_FROM <= life.created_at <= now]


def _mornings(after: datetime, until: datetime) -> Iterator[datetime]:
    """When an Austin lead's calling hours open (ehub.compliance.quiet_hours), on each day between two
    moments: the sandbox's leads have Austin numbers."""
    day = after.astimezone(AUSTIN).date()
    while True:
        morning = next_send_time(datetime.combine(day, time(0), tzinfo=AUSTIN)) + DRAIN_DELAY
        if morning > until:
            return
        if morning > after:
            yield morning
        day += timedelta(days=1)


def answer_new_leads(settings: Settings, database: Database, cipher: PersonalDataCipher) -> LiveLeadsReport:
    """Deliver every webhook of the live contacts not delivered yet, in the order they happened.

    Nothing happens when GoHighLevel is the real API: its own webhooks reach the bot service."""
    if settings.source_is_real("ghl"):
        return LiveLeadsReport(0, 0, {}, {})
    now = sandbox_now(settings.data_dir)
    contacts = live_contacts(settings.sandbox_seed, settings.sandbox_scale, now)
    with database.engine.connect() as connection:
        seen = set(connection.execute(_SEEN).scalars())
    pending = heapq.merge(*(_events(life, now) for life in contacts), key=lambda item: (item[0], item[1]["webhookId"]))
    keys = WebhookKeys(ed25519=SANDBOX_PRIVATE_KEY.public_key(), rsa=None)
    notices = Notices.from_settings(settings)
    service = BotService(
        database,
        cipher,
        Engine(MartsMarket(database.marts_engine), notices=notices),
        experiment=parse_experiment(settings.bot_experiment or SANDBOX_EXPERIMENT),
        handoff_workflow_id=settings.ghl_handoff_workflow_id,
    )
    crm = GhlSandbox(seed=settings.sandbox_seed, scale=settings.sandbox_scale, now=now)
    outcomes: dict[str, int] = {}
    outbox: dict[str, int] = {}
    delivered, drained_at = 0, None

    def drain(moment: datetime, client: Any) -> None:
        for outcome, count in drain_outbox(database, cipher, client, notices, now=moment).items():
            outbox[outcome] = outbox.get(outcome, 0) + count

    with ghl_client(settings, offline=SANDBOX, transport=crm.transport) as client:
        for moment, event in pending:
            if event["webhookId"] in seen:
                continue
            for morning in _mornings(drained_at or moment, moment):
                drain(morning, client)
            body, headers = signed_webhook(event, now=moment)
            accept(database, cipher, keys, body, headers, now=moment + WEBHOOK_DELAY)
            handled = process_webhooks(service, clock=lambda moment=moment: moment + WORKER_DELAY)
            for outcome, count in handled.items():
                outcomes[outcome] = outcomes.get(outcome, 0) + count
            drained_at = moment + DRAIN_DELAY
            drain(drained_at, client)
            delivered += 1
        if drained_at is not None:
            for morning in _mornings(drained_at, now):
                drain(morning, client)
    return LiveLeadsReport(len(contacts), delivered, outcomes, outbox)
