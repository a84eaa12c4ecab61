"""The Litestar application factory: `uvicorn bot_api.app:create_app --factory`."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Callable
from contextlib import ExitStack, asynccontextmanager
from typing import TYPE_CHECKING

import anyio
from anyio import to_thread
from litestar import Litestar, Router
from litestar.di import Provide

from bot_api.access import authorize
from bot_api.admin.controllers import AdminController
from bot_api.auth.controllers import AuthController
from bot_api.chat.controllers import ChatController
from bot_api.consultations.controllers import ConsultationsController
from bot_api.errors import EXCEPTION_HANDLERS
from bot_api.leads.controllers import LeadsController
from bot_api.market.controllers import MarketController
from bot_api.metrics import Metrics, metrics_endpoint
from bot_api.notices.controllers import NoticesController
from bot_api.openapi import StrictStructSchemaPlugin, openapi_config
from bot_api.privacy.controllers import PrivacyController
from bot_api.ratelimit import limiter_for
from bot_api.request_body import MAX_WEBHOOK_BODY_BYTES, strict_body_middleware
from bot_api.security import KeyCache, SessionCache, access_middleware
from bot_api.system.controllers import SystemController
from bot_api.webhooks.controllers import StripeWebhookController, WebhookController
from bot_api.widget.controllers import DemoPageController, WidgetConfigController, WidgetController
from bot_api.widget.cors import widget_cors_middleware
from ehub.bots.audit import log_anchor
from ehub.bots.booking import calendar_from_settings
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.bots.webhooks import WebhookKeys
from ehub.crypto import cipher_from_settings
from ehub.db import Database, open_database
from ehub.logs import configure_logging
from ehub.market.search import MartsMarket
from ehub.payments.consultations import ConsultationDesk, ConsultationFee
from ehub.settings import Settings, load_settings
from ehub.sources.factory import ghl_client

if TYPE_CHECKING:
    from ehub.sources.factory import OfflineSources

_logger = logging.getLogger(__name__)


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


def _crm_deleter(settings: Settings, offline: OfflineSources | None) -> Callable[[], Callable[[str], None]]:
    """What `POST /v1/privacy/erase` calls to have GoHighLevel delete a contact (a client per request)."""

    def make() -> Callable[[str], None]:
        from ehub.sources.factory import ghl_client, require_source

        require_source(settings, "ghl", offline)  # before anything is erased

        def delete(contact_id: str) -> None:
            with ghl_client(settings, offline=offline) as client:
                client.delete_contact(contact_id)

        return delete

    return make


async def _anchor_periodically(app: Litestar, every_seconds: int) -> None:
    """The audit chain's head, written to the log now and then: a rewrite of the database cannot
    reach the log, so `ehub audit verify --anchors LOG` catches a chain rebuilt after tampering."""
    while True:
        try:
            await to_thread.run_sync(log_anchor, app.state.database)
        except Exception as error:  # the anchor is a safeguard; it never stops the service
            _logger.warning("audit anchor not written (%s)", type(error).__name__)
        await anyio.sleep(every_seconds)


def create_app(settings: Settings | None = None, *, offline: OfflineSources | None = None) -> Litestar:
    """Build the service; the database (embedded or server) is opened for the app's lifetime.

    `offline`: stand-ins for the source APIs without credentials (the sandbox, which only the demo and
    the tests hand in; production has every credential)."""
    settings = settings or load_settings()
    configure_logging(settings.log_level)
    cipher = cipher_from_settings(settings)
    metrics = Metrics()
    held = ExitStack()

    @asynccontextmanager
    async def database_lifespan(app: Litestar) -> AsyncIterator[None]:
        with held:
            database = held.enter_context(open_database(settings))
            market = MartsMarket(database.marts_engine)
            app.state.database = database
            app.state.market = market
            calendar = None  # bookings read the calendar's free slots in the turn (EHUB_GHL_CALENDAR_ID)
            if settings.ghl_calendar_id:
                client = held.enter_context(ghl_client(settings, offline=offline))
                calendar = calendar_from_settings(settings, client)
            app.state.consultations = _consultation_desk(settings, database, offline)
            app.state.bots = BotService.from_settings(
                settings, database, cipher, Engine(market, calendar), consultations=app.state.consultations
            )
            async with anyio.create_task_group() as tasks:
                tasks.start_soon(_anchor_periodically, app, settings.audit_anchor_seconds)
                yield
                tasks.cancel_scope.cancel()

    # Every /v1 route declares who may call it (bot_api.access); the one guard enforces it.
    v1 = Router(
        path="/",
        route_handlers=[
            AuthController,
            ChatController,
            ConsultationsController,
            LeadsController,
            MarketController,
            PrivacyController,
            AdminController,
            WidgetConfigController,
        ],
        guards=[authorize],
    )
    # The demo page exists only while `ehub demo` runs (settings refuse its key in production).
    demo = [DemoPageController] if settings.widget_demo_key is not None else []
    limiter = limiter_for(settings.redis_url, settings.redis_namespace)
    keys = KeyCache(lambda: app.state.database)
    sessions = SessionCache(lambda: app.state.database, cipher)
    public = [
        SystemController,
        NoticesController,
        WebhookController,
        StripeWebhookController,
        WidgetController,
        metrics_endpoint,
    ]
    app = Litestar(
        route_handlers=[*public, v1, *demo],
        dependencies={
            "database": Provide(lambda: app.state.database, sync_to_thread=False),
            "bots": Provide(lambda: app.state.bots, sync_to_thread=False),
            "market": Provide(lambda: app.state.market, sync_to_thread=False),
        },
        # Outermost first: count the request, answer the widget's CORS (preflights before any key
        # is needed), refuse what has no usable key (before reading any body), bound and check the body.
        middleware=[
            metrics.middleware,
            widget_cors_middleware(settings.widget_origin_list),
            access_middleware(limiter, keys, sessions, visitor_limit=settings.chat_visitor_requests_per_minute),
            strict_body_middleware,
        ],
        request_max_body_size=MAX_WEBHOOK_BODY_BYTES,
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        lifespan=[database_lifespan],
        logging_config=None,  # ehub.logs owns logging, with personal-data redaction
        openapi_config=openapi_config(),
        plugins=[StrictStructSchemaPlugin()],
    )
    app.state.limiter = limiter
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.cipher = cipher
    app.state.sessions = sessions
    app.state.crm_deleter = _crm_deleter(settings, offline)
    app.state.webhook_keys = WebhookKeys.from_settings(settings, offline)
    app.state.stripe_webhook_secret = _stripe_webhook_secret(settings, offline)
    return app
