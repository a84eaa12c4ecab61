"""Where the database is, in every form its clients need, and how to reach it.

One `postgresql://` URL is the source of truth; from it we derive the SQLAlchemy URL (psycopg 3),
Dagster's storage URL (psycopg2, the only driver its run storage supports, with its own schema on
the search path) and the `EHUB_PG*` variables the dbt profile reads. Unix-socket URLs
(`?host=/dir`) work in every form, which is how the embedded server is reached.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from functools import cached_property

from sqlalchemy import Engine, create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import SQLAlchemyError

from ehub.db.embedded import embedded_postgres
from ehub.errors import UnavailableError
from ehub.settings import Settings

DAGSTER_SCHEMA = "dagster"
CONNECT_TIMEOUT_SECONDS = 5
POOL_SIZE, POOL_OVERFLOW = 5, 10  # SQLAlchemy's defaults, named so the pool's limit can be reasoned about


def _socket_dir(url: URL) -> str | None:
    host = url.query.get("host")
    return host if isinstance(host, str) else None


@dataclass(frozen=True)
class Database:
    """A PostgreSQL database and the connection forms our tools need."""

    url: str

    @cached_property
    def _parsed(self) -> URL:
        return make_url(self.url)

    def _with_driver(self, driver: str) -> URL:
        return self._parsed.set(drivername=f"postgresql+{driver}")

    @property
    def sqlalchemy_url(self) -> str:
        return self._with_driver("psycopg").render_as_string(hide_password=False)

    @property
    def libpq_url(self) -> str:
        """Plain `postgresql://` form for psql, psycopg and other libpq clients."""
        return self._parsed.set(drivername="postgresql").render_as_string(hide_password=False)

    @property
    def display_url(self) -> str:
        """The URL with its password masked, safe to print."""
        return self._parsed.set(drivername="postgresql").render_as_string(hide_password=True)

    def dagster_url(self, schema: str = DAGSTER_SCHEMA) -> str:
        """Dagster storage URL: psycopg2 driver, Dagster's own schema first on the search path."""
        url = self._with_driver("psycopg2").update_query_dict({"options": f"-csearch_path={schema}"})
        return url.render_as_string(hide_password=False)

    def dbt_env(self) -> dict[str, str]:
        """The variables `dbt/profiles.yml` reads."""
        parsed = self._parsed
        return {
            "EHUB_PGHOST": _socket_dir(parsed) or parsed.host or "localhost",
            "EHUB_PGPORT": str(parsed.port or 5432),
            "EHUB_PGUSER": parsed.username or "postgres",
            "EHUB_PGPASSWORD": parsed.password or "",
            "EHUB_PGDATABASE": parsed.database or "postgres",
        }

    def _new_engine(self, application_name: str) -> Engine:
        return create_engine(
            self.sqlalchemy_url,
            pool_pre_ping=True,
            hide_parameters=True,  # errors and logs never carry bound values (personal data, caller input)
            pool_size=POOL_SIZE,
            max_overflow=POOL_OVERFLOW,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_SECONDS, "application_name": application_name},
        )

    @cached_property
    def engine(self) -> Engine:
        return self._new_engine("ehub")

    @cached_property
    def marts_engine(self) -> Engine:
        """A pool of its own for the bots' reads of the marts. They happen while the lead's transaction
        holds a connection of `engine`; from one shared pool, enough concurrent messages would each
        hold one connection and wait for a second until the pool's timeout."""
        return self._new_engine("ehub-marts")

    def check(self) -> str:
        """Connect once and return the server version, or raise `UnavailableError`."""
        try:
            with self.engine.connect() as connection:
                return str(connection.execute(text("show server_version")).scalar_one())
        except SQLAlchemyError as exc:
            reason = str(getattr(exc, "orig", exc)).strip().splitlines()[0]
            raise UnavailableError(
                f"Cannot connect to PostgreSQL at {self.display_url}: {reason}",
                field="EHUB_DATABASE_URL",
                code="DATABASE_UNREACHABLE",
            ) from None

    def dispose(self) -> None:
        for pool in ("engine", "marts_engine"):
            if pool in self.__dict__:
                self.__dict__[pool].dispose()


@contextmanager
def open_database(settings: Settings) -> Iterator[Database]:
    """The configured database: the server at `EHUB_DATABASE_URL`, or the embedded one."""
    with ExitStack() as stack:
        if settings.database_url is None:
            url = stack.enter_context(embedded_postgres(settings.data_dir))
        else:
            url = settings.database_url.get_secret_value()
        database = Database(url)
        stack.callback(database.dispose)
        yield database
