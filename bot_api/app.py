"""The Litestar application factory: `uvicorn bot_api.app:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager

from litestar import Litestar, Router
from litestar.di import Provide
from litestar.middleware.rate_limit import RateLimitConfig
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin
from litestar.stores.memory import MemoryStore
from litestar.stores.redis import RedisStore
from litestar.stores.registry import StoreRegistry

from bot_api.chat.controllers import ChatController
from bot_api.errors import EXCEPTION_HANDLERS
from bot_api.leads.controllers import LeadsController
from bot_api.market.controllers import MarketController
from bot_api.metrics import Metrics, metrics_endpoint
from bot_api.security import key_fingerprint
from bot_api.system.controllers import SystemController
from bot_api.webhooks.controllers import WebhookController
from ehub import __version__
from ehub.bots.engine import Engine
from ehub.bots.service import BotService
from ehub.bots.webhooks import WebhookKeys
from ehub.crypto import cipher_from_settings
from ehub.db import open_database
from ehub.logs import configure_logging
from ehub.market.search import MartsMarket
from ehub.settings import Settings, load_settings

REQUESTS_PER_MINUTE = 100


def _stores(settings: Settings) -> StoreRegistry:
    """Rate-limit counters in Redis when configured (several workers), in memory otherwise."""
    if settings.redis_url:
        return StoreRegistry(
            default_factory=lambda name: RedisStore.with_client(url=settings.redis_url, namespace=f"ehub:{name}")
        )
    return StoreRegistry(default_factory=lambda _: MemoryStore())


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
    rate_limit = RateLimitConfig(
        rate_limit=("minute", REQUESTS_PER_MINUTE),
        identifier_for_request=key_fingerprint,
        exclude=["/health", "/ready", "/metrics", "/schema", "/webhooks"],
    )
    app = Litestar(
        route_handlers=[SystemController, WebhookController, metrics_endpoint, v1],
        dependencies={
            "database": Provide(lambda: app.state.database, sync_to_thread=False),
            "bots": Provide(lambda: app.state.bots, sync_to_thread=False),
            "market": Provide(lambda: app.state.market, sync_to_thread=False),
        },
        middleware=[rate_limit.middleware, metrics.middleware],
        stores=_stores(settings),
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        lifespan=[database_lifespan],
        logging_config=None,  # ehub.logs owns logging, with personal-data redaction
        openapi_config=OpenAPIConfig(
            title="EnterpriseHub Jorge bots API",
            version=__version__,
            path="/schema",
            render_plugins=[SwaggerRenderPlugin()],
        ),
    )
    app.state.settings = settings
    app.state.metrics = metrics
    app.state.cipher = cipher
    app.state.webhook_keys = WebhookKeys.from_settings(settings)
    return app
