"""The service's components, built once from the settings and handed to route handlers as typed
dependencies: a handler declares `database: NamedDependency[Database]` (or `bots`, `limiter`, ...)
and gets the process's one instance, never a lookup on `app.state`.

Two kinds: `Components`, built when the app is created (the cipher, the rate limiter, the caches,
the webhook keys), and `Running`, what exists only while the app runs (the database the lifespan
opens and the services built on it). Middleware, which cannot take dependencies, is handed the
components it needs when the app is built.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import ExitStack, asynccontextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import anyio
from anyio import to_thread
from litestar import Litestar
from litestar.config.app import AppConfig
from litestar.di import Provide
from litestar.plugins import InitPluginProtocol

from bot_api.metrics import Metrics
from bot_api.privacy.controllers import CrmDeleter
from bot_api.ratelimit import RateLimiter, limiter_for
from bot_api.security import KeyCache, SessionCache
from bot_api.system.controllers import MigrationStatusCache
from ehub.bots.audit import log_anchor
from ehub.bots.booking import calendar_from_settings
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.bots.webhooks import WebhookKeys
from ehub.crypto import PersonalDataCipher, cipher_from_settings
from ehub.db import Database, open_database
from ehub.market.search import MartsMarket
from ehub.payments.consultations import ConsultationDesk, ConsultationFee
from ehub.privacy.notices import Notices
from ehub.settings import Settings
from ehub.sources.factory import ghl_client

if TYPE_CHECKING:
    from ehub.sources.factory import OfflineSources

_logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Components:
    """What the service is built from, made once per process when the app is created."""

    settings: Settings
    cipher: PersonalDataCipher
    metrics: Metrics
    limiter: RateLimiter
    keys: KeyCache
    sessions: SessionCache
    notices: Notices
    migration_status: MigrationStatusCache
    webhook_keys: WebhookKeys
    stripe_webhook_secret: str | None
    crm_deleter: CrmDeleter


@dataclass(frozen=True)
class Running:
    """What exists only while the app runs: the database the lifespan opens, and what is built on it."""

    database: Database
    market: MartsMarket
    bots: BotService
    consultations: ConsultationDesk | None


class ServicePlugin(InitPluginProtocol):
    """Builds the components from the settings, opens the database for the app's lifetime and
    registers both as the app's dependencies."""

    def __init__(self, settings: Settings, offline: OfflineSources | None = None) -> None:
        self._offline = offline
        self._running: Running | None = None
        cipher = cipher_from_settings(settings)
        self.components = Components(
            settings=settings,
            cipher=cipher,
            metrics=Metrics(),
            limiter=limiter_for(settings.redis_url, settings.redis_namespace),
            keys=KeyCache(lambda: self.running.database),
            sessions=SessionCache(lambda: self.running.database, cipher),
            notices=Notices.from_settings(settings),
            migration_status=MigrationStatusCache(),
            webhook_keys=WebhookKeys.from_settings(settings, offline),
            stripe_webhook_secret=_stripe_webhook_secret(settings, offline),
            crm_deleter=_crm_deleter(settings, offline),
        )

    @property
    def running(self) -> Running:
        """The opened services; only between the app's startup and shutdown."""
        if self._running is None:
            raise RuntimeError("The service is not running: its lifespan opens the database")
        return self._running

    def on_app_init(self, app_config: AppConfig) -> AppConfig:
        components, dependencies = self.components, app_config.dependencies
        for name in Components.__dataclass_fields__:
            dependencies[name] = _constant(getattr(components, name))
        for name in Running.__dataclass_fields__:
            dependencies[name] = _while_running(self, name)
        app_config.lifespan = [*app_config.lifespan, self._lifespan]
        return app_config

    @asynccontextmanager
    async def _lifespan(self, _app: Litestar) -> AsyncIterator[None]:
        settings, offline = self.components.settings, self._offline
        with ExitStack() as held:
            database = held.enter_context(open_database(settings))
            market = MartsMarket(database.marts_engine)
            calendar = None  # bookings read the calendar's free slots in the turn (EHUB_GHL_CALENDAR_ID)
            if settings.ghl_calendar_id:
                client = held.enter_context(ghl_client(settings, offline=offline))
                calendar = calendar_from_settings(settings, client)
            consultations = _consultation_desk(settings, database, offline)
            engine = Engine(market, calendar, notices=self.components.notices)
            bots = BotService.from_settings(
                settings, database, self.components.cipher, engine, consultations=consultations
            )
            self._running = Running(database, market, bots, consultations)
            try:
                async with anyio.create_task_group() as tasks:
                    tasks.start_soon(_anchor_periodically, database, settings.audit_anchor_seconds)
                    yield
                    tasks.cancel_scope.cancel()
            finally:
                self._running = None


def components_of(app: Litestar) -> Components:
    """The app's components, for what is neither a handler nor built with the app (tests, tools)."""
    return app.plugins.get(ServicePlugin).components


def _constant(value: Any) -> Provide:
    return Provide(lambda: value, use_cache=True, sync_to_thread=False)


def _while_running(plugin: ServicePlugin, name: str) -> Provide:
    return Provide(lambda: getattr(plugin.running, name), sync_to_thread=False)


def _stripe_webhook_secret(settings: Settings, offline: OfflineSources | None) -> str | None:
    """The endpoint secret; in explicit sandbox mode (never production) the offline stand-ins' published one."""
    if settings.stripe_webhook_secret is not None:
        return settings.stripe_webhook_secret.get_secret_value()
    if settings.sources == "sandbox" and offline is not None:
        return offline.stripe_webhook_secret()
    return None


def _consultation_desk(
    settings: Settings, database: Database, offline: OfflineSources | None
) -> ConsultationDesk | None:
    """Checkout sessions through the configured Stripe, or through one offline stand-in account for
    the process (so a session created here can be settled and listed); none without either."""
    from ehub.sources.factory import stripe_source
    from ehub.sources.stripe.client import StripeSource

    fee = ConsultationFee.from_settings(settings)
    if settings.source_is_real("stripe"):
        return ConsultationDesk(database, fee, lambda: stripe_source(settings))
    if offline is None:
        return None
    stand_in = offline.stripe(settings)
    return ConsultationDesk(database, fee, lambda: StripeSource(stand_in.credential, transport=stand_in.transport))


def _crm_deleter(settings: Settings, offline: OfflineSources | None) -> CrmDeleter:
    """What `POST /v1/privacy/erase` calls to have GoHighLevel delete a contact (a client per request)."""

    def make() -> Callable[[str], None]:
        from ehub.sources.factory import require_source

        require_source(settings, "ghl", offline)  # before anything is erased

        def delete(contact_id: str) -> None:
            with ghl_client(settings, offline=offline) as client:
                client.delete_contact(contact_id)

        return delete

    return make


async def _anchor_periodically(database: Database, every_seconds: int) -> None:
    """The audit chain's head, written to the log now and then: a rewrite of the database cannot
    reach the log, so `ehub audit verify --anchors LOG` catches a chain rebuilt after tampering."""
    while True:
        try:
            await to_thread.run_sync(log_anchor, database)
        except Exception as error:  # the anchor is a safeguard; it never stops the service
            _logger.warning("audit anchor not written (%s)", type(error).__name__)
        await anyio.sleep(every_seconds)
