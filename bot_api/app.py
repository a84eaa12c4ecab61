"""The Litestar application factory: `uvicorn bot_api.app:create_app --factory`."""

from __future__ import annotations

from typing import TYPE_CHECKING

from litestar import Litestar, Router

from bot_api.access import authorize
from bot_api.admin.controllers import AdminController
from bot_api.auth.controllers import AuthController
from bot_api.chat.controllers import ChatController
from bot_api.consultations.controllers import ConsultationsController
from bot_api.errors import EXCEPTION_HANDLERS
from bot_api.leads.controllers import LeadsController
from bot_api.market.controllers import MarketController
from bot_api.metrics import metrics_endpoint
from bot_api.notices.controllers import NoticesController
from bot_api.openapi import StrictStructSchemaPlugin, openapi_config
from bot_api.plugin import ServicePlugin
from bot_api.privacy.controllers import PrivacyController
from bot_api.request_body import MAX_WEBHOOK_BODY_BYTES, strict_body_middleware
from bot_api.security import access_middleware
from bot_api.system.controllers import SystemController
from bot_api.webhooks.controllers import StripeWebhookController, WebhookController
from bot_api.widget.controllers import DemoPageController, WidgetConfigController, WidgetController
from bot_api.widget.cors import widget_cors_middleware
from ehub.logs import configure_logging
from ehub.settings import Settings, load_settings

if TYPE_CHECKING:
    from ehub.sources.factory import OfflineSources


def create_app(settings: Settings | None = None, *, offline: OfflineSources | None = None) -> Litestar:
    """Build the service; the database (embedded or server) is opened for the app's lifetime.

    Settings are read here once for the process (unless handed in) and reach every component
    through `ServicePlugin`. `offline`: stand-ins for the source APIs without credentials (the
    sandbox, which only the demo and the tests hand in; production has every credential)."""
    settings = settings or load_settings()
    configure_logging(settings.log_level)
    service = ServicePlugin(settings, offline)
    components = service.components

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
    public = [
        SystemController,
        NoticesController,
        WebhookController,
        StripeWebhookController,
        WidgetController,
        metrics_endpoint,
    ]
    access = access_middleware(
        components.limiter,
        components.keys,
        components.sessions,
        visitor_limit=settings.chat_visitor_requests_per_minute,
    )
    return Litestar(
        route_handlers=[*public, v1, *demo],
        # Outermost first: count the request, answer the widget's CORS (preflights before any key
        # is needed), refuse what has no usable key (before reading any body), bound and check the body.
        middleware=[
            components.metrics.middleware,
            widget_cors_middleware(settings.widget_origin_list),
            access,
            strict_body_middleware,
        ],
        request_max_body_size=MAX_WEBHOOK_BODY_BYTES,
        exception_handlers=EXCEPTION_HANDLERS,  # type: ignore[arg-type]
        logging_config=None,  # ehub.logs owns logging, with personal-data redaction
        openapi_config=openapi_config(),
        plugins=[service, StrictStructSchemaPlugin()],
    )
