"""The Litestar application factory: `uvicorn bot_api.app:create_app --factory`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import ExitStack, asynccontextmanager

from litestar import Litestar
from litestar.di import Provide
from litestar.openapi import OpenAPIConfig
from litestar.openapi.plugins import SwaggerRenderPlugin

from bot_api.errors import EXCEPTION_HANDLERS
from bot_api.system.controllers import SystemController
from ehub import __version__
from ehub.db import Database, open_database
from ehub.logs import configure_logging
from ehub.settings import Settings, load_settings


def create_app(settings: Settings | None = None) -> Litestar:
    """Build the service; the database (embedded or server) is opened for the app's lifetime."""
    settings = settings or load_settings()
    configure_logging(settings.log_level)
    held = ExitStack()

    @asynccontextmanager
    async def database_lifespan(app: Litestar) -> AsyncIterator[None]:
        with held:
            app.state.database = held.enter_context(open_database(settings))
            yield

    def provide_database() -> Database:
        return app.state.database

    app = Litestar(
        route_handlers=[SystemController],
        dependencies={"database": Provide(provide_database, sync_to_thread=False)},
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
    return app
