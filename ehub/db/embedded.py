"""The embedded PostgreSQL: a real PostgreSQL 16 from the `pgserver` wheel, on a Unix socket.

It lives under `<data_dir>/postgres` and is shared by every process that asks for it: the first
caller starts it, later callers attach, and it stops when the last one lets go, so `ehub demo`
and an `ehub dbt` run in another terminal can use it together. It listens on no TCP port.
"""

from __future__ import annotations

import logging
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import psycopg
from psycopg import sql

from ehub.errors import UnavailableError

if TYPE_CHECKING:
    from pgserver.postgres_server import PostgresServer

EMBEDDED_DATABASE = "ehub"
_logger = logging.getLogger(__name__)
logging.getLogger("pgserver").setLevel(logging.WARNING)  # it narrates every start and stop at INFO


def _start_server(pgdata: Path) -> PostgresServer:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # platformdirs warns when XDG_RUNTIME_DIR is unset
        from pgserver.postgres_server import get_server  # the package re-exports it without declaring so

        try:
            return get_server(pgdata, cleanup_mode="stop")
        except Exception as exc:  # pgserver raises bare subprocess/assertion errors
            raise UnavailableError(
                f"The embedded PostgreSQL under {pgdata} did not start: {exc}. See {pgdata / 'log'}.",
                code="EMBEDDED_POSTGRES_FAILED",
            ) from None


def _ensure_database(admin_uri: str, name: str) -> None:
    with psycopg.connect(admin_uri, autocommit=True) as connection:
        exists = connection.execute("select 1 from pg_database where datname = %s", (name,)).fetchone()
        if not exists:
            connection.execute(sql.SQL("create database {}").format(sql.Identifier(name)))


@contextmanager
def embedded_postgres(data_dir: Path) -> Iterator[str]:
    """Start (or attach to) the embedded server and yield a `postgresql://` URL to its database."""
    pgdata = data_dir / "postgres"
    data_dir.mkdir(parents=True, exist_ok=True)
    server = _start_server(pgdata)
    with server:
        _ensure_database(server.get_uri(), EMBEDDED_DATABASE)
        url = server.get_uri(database=EMBEDDED_DATABASE)
        _logger.debug("embedded postgres ready at %s", url)
        yield url
