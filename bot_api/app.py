"""The Litestar application factory: `uvicorn bot_api.app:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager

from litestar import Litestar, Router
from litestar.di import Provide

from bot_api.chat.controllers import ChatController
from bot_api.errors import EXCEPTION_HANDLERS
from bot_api.leads.controllers import LeadsController
from bot_api.market.controllers import MarketController
from bot_api.metrics import Metrics, metrics_endpoint
from bot_api.openapi import StrictStructSchemaPlugin, openapi_config
from bot_api.ratelimit import limiter_for
from bot_api.request_body import MAX_WEBHOOK_BODY_BYTES, strict_body_middleware
from bot_api.security import KeyCache, access_middleware
from bot_api.system.controllers import SystemController
from bot_api.webhooks.controllers import WebhookController
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.bots.webhooks import WebhookKeys
from ehub.crypto import cipher_from_settings
from ehub.db import open_database
from ehub.logs import configure_logging
from ehub.market.search import MartsMarket
from ehub.settings import Settings, load_settings


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the service; the database (embedded or server) is opened for the app's lifetime."""
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
            app.state.bots = BotService.from_settings(settings, database, cipher, Engine(market))
            yield

    v1 = Router(path="/", route_handlers=[ChatController, LeadsController, MarketController])
    limiter = limiter_for(settings.redis_url, settings.redis_namespace)
    keys = KeyCache(lambda: app.state.database)
    app = Litestar(
        route_handlers=[SystemController, WebhookController, metrics_endpoint, v1],
        dependencies={
            "database": Provide(lambda: app.state.database, sync_to_thread=False),
            "bots": Provide(lambda: app.state.bots, sync_to_thread=False),
            "market": Provide(lambda: app.state.market, sync_to_thread=False),
        },
        # Outermost first: count the request, refuse what has no usable key (before reading any
        # body), then bound and check the body.
        middleware=[
            metrics.middleware,
            access_middleware(limiter, keys, visitor_limit=settings.chat_visitor_requests_per_minute),
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
    app.state.webhook_keys = WebhookKeys.from_settings(settings)
    return app
