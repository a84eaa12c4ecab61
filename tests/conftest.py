"""Test fixtures: a real PostgreSQL always, on both backends the platform supports.

Database tests run against the embedded PostgreSQL (pgserver 16, every user's default). Tests
where the backend can matter, marked `both_backends` (migrations, bulk loading, the CLI's
connection handling and dbt, concurrent workers' locks), run again against a server PostgreSQL
(`EHUB_TEST_SERVER_URL`, default the local server 15 on 127.0.0.1:5432), as do the shared marts and
the demo's server run (the main job end to end). `EHUB_TEST_BACKENDS=both` runs every database test on both. Where
no server is reachable the server runs are skipped, unless `EHUB_TEST_REQUIRE_SERVER=1` (CI) makes
them fail.
Every test gets its own freshly created database, dropped afterwards.

The suite runs in parallel (`pytest -n 2`, pytest-xdist). Each worker has its own embedded server,
temporary directories, dbt target and log directories, and Redis namespace; databases on the server
carry unique names. What is expensive and read-only is built once per run, whichever worker asks
first, under a file lock: the dbt manifest Dagster loads, and the sandbox marts (`built_marts`),
with a template copy of them that tests clone (`marts_copy`) instead of building their own.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psycopg
import pytest
from filelock import FileLock
from psycopg import sql
from sqlalchemy.engine import make_url

from ehub.crypto import PersonalDataCipher, cipher_from_settings, generate_keys
from ehub.db import Database
from ehub.db.migrate import upgrade
from ehub.settings import Settings, load_settings

DEFAULT_SERVER_URL = "postgresql://postgres@127.0.0.1:5432/test"
BACKENDS = ("embedded", "server")

# Tests never read a developer's settings, .env file or data directory.
# Model providers' own variables too: no test may reach a live model (tests/llm_wire.py stands in).
_PROVIDER_VARIABLES = ("ANTHROPIC_", "GEMINI_", "GOOGLE_API_KEY", "GOOGLE_GEMINI_")
for _name in [
    name
    for name in os.environ
    if (name.startswith("EHUB_") and not name.startswith("EHUB_TEST_")) or name.startswith(_PROVIDER_VARIABLES)
]:
    del os.environ[_name]
os.environ["EHUB_ENV"] = "test"
os.environ["EHUB_ENV_FILE"] = ""
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "main")
os.environ["EHUB_REDIS_NAMESPACE"] = f"ehub-test-{WORKER}"
SHARED_DIR_OPTION = "ehub_shared_dir"
SHARED_DATABASES = "databases.txt"
_SHARED = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    """The run's shared directory (locks, what was built once, databases to drop at the end) is made
    by the controlling process and handed to each worker."""
    workerinput = getattr(config, "workerinput", None)
    if workerinput is None:
        config.stash[_SHARED] = Path(tempfile.mkdtemp(prefix="ehub-test-run-"))
    else:
        config.stash[_SHARED] = Path(workerinput[SHARED_DIR_OPTION])


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node) -> None:  # xdist's WorkerController
    node.workerinput[SHARED_DIR_OPTION] = str(node.config.stash[_SHARED])


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The longest tests first (the demo, then the other `slow` ones): the workers take tests in
    this order, so the few minute-long ones start at once instead of leaving one worker a long tail."""

    def rank(item: pytest.Item) -> int:
        if item.path.name == "test_demo.py":
            return 0
        return 1 if item.get_closest_marker("slow") else 2

    items.sort(key=rank)


def pytest_collection_finish(session: pytest.Session) -> None:
    """Tests grouped onto one worker (one Superset, one cross-validation) must really be: a pytest
    that pytest-xdist cannot tag would start each group's expensive fixtures on every worker."""
    if not getattr(session.config.option, "loadgroup", False):
        return
    ungrouped = [
        item.nodeid for item in session.items if item.get_closest_marker("xdist_group") and "@" not in item.nodeid
    ]
    if ungrouped:
        raise pytest.UsageError(f"pytest-xdist did not group {ungrouped[0]}: pin a pytest it supports (pyproject.toml)")


def pytest_sessionfinish(session: pytest.Session) -> None:
    """The controller, once every worker is done: drop what was built once and shared."""
    if hasattr(session.config, "workerinput"):
        return
    shared = session.config.stash[_SHARED]
    listed = shared / SHARED_DATABASES
    for line in listed.read_text().splitlines() if listed.exists() else ():
        admin_url, url = line.split("\t")
        with contextlib.suppress(psycopg.Error):  # the server is gone: nothing left to drop
            drop_database(admin_url, url)
    shutil.rmtree(shared, ignore_errors=True)


@pytest.fixture(scope="session")
def shared_dir(request: pytest.FixtureRequest) -> Path:
    """A directory every worker of this run sees; what is built there once is read by all."""
    return request.config.stash[_SHARED]


@pytest.fixture(scope="session", autouse=True)
def worker_dbt_dirs(tmp_path_factory: pytest.TempPathFactory) -> None:
    """dbt writes its target and logs into the project by default: each worker gets its own, which
    every dbt run of this process and of its children (the CLI, Dagster, sqlfluff) inherits."""
    root = tmp_path_factory.mktemp("dbt")
    os.environ["DBT_TARGET_PATH"] = str(root / "target")
    os.environ["DBT_LOG_PATH"] = str(root / "logs")


@pytest.fixture(scope="session")
def dbt_manifest(shared_dir: Path) -> Path:
    """`dbt/target/manifest.json`, where the Dagster code location reads it: parsed once per run."""
    from ehub.paths import DBT_PROJECT_DIR
    from tools.runtime import dbt_command

    target = DBT_PROJECT_DIR / "target"
    with FileLock(shared_dir / "dbt-manifest.lock"):
        done = shared_dir / "dbt-manifest.done"
        if not done.exists():
            command = dbt_command(["parse", "--quiet", "--target-path", str(target), "--log-path", str(target)])
            subprocess.run(command, check=True, cwd=DBT_PROJECT_DIR)
            done.touch()
    return target / "manifest.json"


def _server_url() -> str:
    return os.environ.get("EHUB_TEST_SERVER_URL", DEFAULT_SERVER_URL)


def _require_server() -> bool:
    return os.environ.get("EHUB_TEST_REQUIRE_SERVER") == "1"


@pytest.fixture(scope="session")
def embedded_admin_url() -> Iterator[str]:
    """The worker's embedded server, its data outside pytest's temporary root: run as root, pgserver
    starts PostgreSQL as another user and opens the folders above the data to it, and any other
    pytest session starting meanwhile closes /tmp/pytest-of-<user> again (mode 0700), which would
    take the data away from the running server."""
    import pgserver

    root = Path(tempfile.mkdtemp(prefix=f"ehub-test-pg-{WORKER}-"))
    try:
        with pgserver.get_server(root / "data", cleanup_mode="delete") as server:
            yield server.get_uri()
    finally:
        shutil.rmtree(root, ignore_errors=True)


def pytest_generate_tests(metafunc: pytest.Metafunc) -> None:
    """Each database test on the embedded default; on the server too when marked or asked for."""
    if "backend" not in metafunc.fixturenames:
        return
    both = metafunc.definition.get_closest_marker("both_backends") or os.environ.get("EHUB_TEST_BACKENDS") == "both"
    metafunc.parametrize("backend", BACKENDS if both else BACKENDS[:1], indirect=True, scope="session")


@pytest.fixture(scope="session")
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture(scope="session")
def admin_url(backend: str, request: pytest.FixtureRequest) -> str:
    """A superuser URL on the backend under test, for creating per-test databases."""
    if backend == "embedded":
        return request.getfixturevalue("embedded_admin_url")
    return request.getfixturevalue("server_admin_url")


@pytest.fixture(scope="session")
def server_admin_url() -> str:
    url = _server_url()
    try:
        psycopg.connect(url, connect_timeout=3).close()
    except psycopg.OperationalError as error:
        if _require_server():
            pytest.fail(f"server PostgreSQL required but unreachable at {url}: {error}")
        pytest.skip(f"no server PostgreSQL at {url} (set EHUB_TEST_SERVER_URL)")
    return url


def create_database(admin_url: str, *, template: str | None = None) -> str:
    """A new database with a unique name, empty or a copy of the database `template` (a URL), which
    must have no sessions open."""
    name = f"ehub_test_{uuid.uuid4().hex[:12]}"
    statement = sql.SQL("create database {}").format(sql.Identifier(name))
    if template is not None:
        statement += sql.SQL(" template {}").format(sql.Identifier(make_url(template).database))
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(statement)
    return make_url(admin_url).set(database=name).render_as_string(hide_password=False)


def drop_database(admin_url: str, url: str) -> None:
    name = make_url(url).database
    with psycopg.connect(admin_url, autocommit=True) as connection:
        connection.execute(sql.SQL("drop database if exists {} with (force)").format(sql.Identifier(name)))


@pytest.fixture(scope="session")
def migrated_template(admin_url: str) -> Iterator[str]:
    """A database at the migrations' head on the backend under test, made once per worker and
    never connected to again: migrated databases are copies of it, not replays of every migration."""
    url = create_database(admin_url)
    database = Database(url)
    try:
        upgrade(database)
    finally:
        database.dispose()  # a template must have no sessions
    yield url
    drop_database(admin_url, url)


@pytest.fixture
def database_url(admin_url: str, request: pytest.FixtureRequest) -> Iterator[str]:
    """A fresh database on the backend under test: empty, or, for a test that asks for `migrated`,
    already at head (a copy of `migrated_template`)."""
    template = request.getfixturevalue("migrated_template") if "migrated" in request.fixturenames else None
    url = create_database(admin_url, template=template)
    yield url
    drop_database(admin_url, url)


@pytest.fixture
def server_database_url(server_admin_url: str) -> Iterator[str]:
    """A fresh, empty database on the server PostgreSQL only."""
    url = create_database(server_admin_url)
    yield url
    drop_database(server_admin_url, url)


@pytest.fixture
def database(database_url: str) -> Iterator[Database]:
    db = Database(database_url)
    yield db
    db.dispose()


@pytest.fixture
def migrated(database: Database) -> Database:
    """The test's database at the migrations' head (copied so; the upgrade finds nothing to do)."""
    upgrade(database)
    return database


@pytest.fixture(scope="session")
def cipher() -> PersonalDataCipher:
    """A cipher with fresh keys, as production would configure them."""
    keys = generate_keys()
    return cipher_from_settings(
        load_settings(encryption_keys=keys["EHUB_ENCRYPTION_KEYS"], blind_index_key=keys["EHUB_BLIND_INDEX_KEY"])
    )


@pytest.fixture
def data_dir() -> Iterator[Path]:
    """A test's EHUB_DATA_DIR, outside pytest's temporary root for the reason `embedded_admin_url`
    gives: a command under test may start the embedded PostgreSQL in it."""
    path = Path(tempfile.mkdtemp(prefix=f"ehub-test-data-{WORKER}-"))
    yield path
    shutil.rmtree(path, ignore_errors=True)


@dataclass(frozen=True)
class BuiltMarts:
    """A server database holding the sandbox sources at scale 1 and every dbt model built on them."""

    url: str
    settings: Settings


def build_sandbox_marts(settings: Settings, *, dbt_args: tuple[str, ...] | None = ("build",)) -> tuple[str, ...]:
    """Migrate the settings' database, sync every sandbox source into it, let the bot service answer
    the sandbox's new leads (as `ehub demo` does) and run dbt on it: `dbt_args`, or with None what
    the Dagster dbt asset runs (`ehub.dbt_builds`). The dbt arguments it ran."""
    from ehub.dbt_builds import dbt_build
    from ehub.sources.sync_all import sync_all_sources
    from sandbox.live_leads import answer_new_leads
    from sandbox.sources import SANDBOX
    from tools.runtime import run_dbt

    database = Database(settings.database_url.get_secret_value())
    try:
        upgrade(database)
        sync_all_sources(settings, database, cipher_from_settings(settings), offline=SANDBOX)
        answer_new_leads(settings, database, cipher_from_settings(settings))
        with contextlib.nullcontext(dbt_args) if dbt_args is not None else dbt_build(database) as args:
            assert run_dbt(settings, database, [*args, "--quiet"]) == 0, "dbt failed on the sandbox sources"
        return args
    finally:
        database.dispose()


@dataclass(frozen=True)
class SharedMarts:
    """The marts built once per run: `url` for reading, `template` (never connected to) for copies."""

    url: str
    template: str
    keys: dict[str, str]


def _shared_marts(server_admin_url: str, shared_dir: Path) -> SharedMarts:
    """Build the sandbox marts if no worker has yet; every worker then reads the same database."""
    with FileLock(shared_dir / "built-marts.lock"):
        record = shared_dir / "built-marts.json"
        if record.exists():
            return SharedMarts(**json.loads(record.read_text()))
        url, keys = create_database(server_admin_url), generate_keys()
        _remember_for_dropping(shared_dir, server_admin_url, url)
        settings = load_settings(
            database_url=url,
            data_dir=shared_dir / "marts-data",
            sandbox_scale=1,
            encryption_keys=keys["EHUB_ENCRYPTION_KEYS"],
            blind_index_key=keys["EHUB_BLIND_INDEX_KEY"],
        )
        build_sandbox_marts(settings)
        template = create_database(server_admin_url, template=url)  # the build's sessions are closed
        _remember_for_dropping(shared_dir, server_admin_url, template)
        marts = SharedMarts(url=url, template=template, keys=keys)
        record.write_text(json.dumps(marts.__dict__))
        return marts


def _remember_for_dropping(shared_dir: Path, admin_url: str, url: str) -> None:
    with (shared_dir / SHARED_DATABASES).open("a") as listed:
        listed.write(f"{admin_url}\t{url}\n")


@pytest.fixture(scope="session")
def built_marts(server_admin_url: str, shared_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> BuiltMarts:
    """Built once per run and shared by every worker: consumers read it and never write to it."""
    marts = _shared_marts(server_admin_url, shared_dir)
    settings = load_settings(
        database_url=marts.url,
        data_dir=tmp_path_factory.mktemp("marts-data"),
        sandbox_scale=1,
        encryption_keys=marts.keys["EHUB_ENCRYPTION_KEYS"],
        blind_index_key=marts.keys["EHUB_BLIND_INDEX_KEY"],
    )
    return BuiltMarts(url=marts.url, settings=settings)


@pytest.fixture
def marts_copy(built_marts: BuiltMarts, server_admin_url: str, shared_dir: Path) -> Iterator[str]:
    """A database of the test's own holding the built marts, to write to: a copy of the template,
    in seconds, where building would take minutes."""
    url = create_database(server_admin_url, template=_shared_marts(server_admin_url, shared_dir).template)
    yield url
    drop_database(server_admin_url, url)


@pytest.fixture
def sandbox_service(migrated: Database, data_dir: Path):
    """The API in sandbox mode (webhooks signed with the sandbox's key verify) and a bot service on
    the same database: (test client, database, service)."""
    from litestar.testing import TestClient

    from bot_api.app import create_app
    from ehub.bots.engine import Engine
    from ehub.bots.service import BotService
    from sandbox.sources import SANDBOX

    settings = load_settings(database_url=migrated.url, data_dir=data_dir, sources="sandbox")
    with TestClient(app=create_app(settings, offline=SANDBOX)) as client:
        yield client, migrated, BotService(migrated, cipher_from_settings(settings), Engine())
