"""The dbt marts on a server PostgreSQL: reconciled against an independent recomputation from the
raw tables at two sandbox scales, and identical whether built incrementally or from scratch."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from pathlib import Path

import psycopg
import pytest

from ehub.crypto import PersonalDataCipher, cipher_from_settings, generate_keys
from ehub.db import Database
from ehub.db.migrate import upgrade
from ehub.dbt_builds import DAILY_BUILD, FULL_BUILD
from ehub.market.records import ListingCriteria, Subject
from ehub.market.search import comparable_sales, price_range, search_listings
from ehub.privacy.notices import DEVELOPMENT_NOTICES as NOTICES
from ehub.settings import Settings, load_settings
from ehub.sources.sync_all import sync_all_sources
from sandbox.clock import advance
from sandbox.sources import SANDBOX
from tests import recompute
from tests.conftest import build_sandbox_marts, create_database, drop_database
from tools.runtime import run_dbt

pytestmark = pytest.mark.slow
MARTS = (
    "dim_leads",
    "fct_lead_funnel",
    "lead_funnel_periods",
    "market_area_monthly",
    "listing_search",
    "closed_sales",
    "cma_comps",
    "cma_price_ranges",
    "revenue_attribution_monthly",
    "cost_per_qualified_lead",
    "bot_performance_daily",
    "listing_remark_flags",
    "listing_remarks_by_office",
    "active_listings_by_area",
)


BOT_COUNTS = (
    "conversations",
    "messages",
    "inbound_messages",
    "bot_messages",
    "handoffs",
    "opt_outs",
    "replies_flagged",
)
KEYS = generate_keys()  # one set for the whole module: builds re-read what earlier builds sealed


def _settings(url: str, data_dir: Path, scale: float) -> Settings:
    return load_settings(
        database_url=url,
        data_dir=data_dir,
        sandbox_scale=scale,
        encryption_keys=KEYS["EHUB_ENCRYPTION_KEYS"],
        blind_index_key=KEYS["EHUB_BLIND_INDEX_KEY"],
    )


def _build(url: str, data_dir: Path, scale: float, *, dbt_args: tuple[str, ...] | None = ("build",)) -> tuple[str, ...]:
    return build_sandbox_marts(_settings(url, data_dir, scale), dbt_args=dbt_args)


BOT_MARTS = pytest.mark.xdist_group("bot_marts")  # one worker runs these: the marts below built once


@pytest.fixture(scope="module")
def marts_at_04(server_admin_url: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The sandbox at scale 0.4 synced, answered by the bots and built once for this module's group,
    then never connected to again: the tests below read and write copies of it."""
    url = create_database(server_admin_url)
    _build_and_capture(url, tmp_path_factory.mktemp("marts-04"), 0.4)
    yield url
    drop_database(server_admin_url, url)


@pytest.fixture
def marts_04_copy(marts_at_04: str, server_admin_url: str) -> Iterator[str]:
    url = create_database(server_admin_url, template=marts_at_04)
    yield url
    drop_database(server_admin_url, url)


@pytest.fixture(scope="module")
def bot_marts_url(marts_at_04: str, server_admin_url: str) -> Iterator[str]:
    """The marts at scale 0.4 for the bots' reads: one copy shared by this module's bot tests."""
    url = create_database(server_admin_url, template=marts_at_04)
    yield url
    drop_database(server_admin_url, url)


def _bot_mart(url: str) -> dict[tuple[str, str, str], dict[str, float]]:
    with psycopg.connect(url) as connection:
        cursor = connection.execute(f"""
            select to_char(activity_date, 'YYYY-MM-DD'), bot, experiment_variant, {", ".join(BOT_COUNTS)},
                   leads_qualified, median_response_seconds::float8
            from marts.bot_performance_daily
        """)  # noqa: S608
        names = [column.name for column in cursor.description]
        return {tuple(row[:3]): dict(zip(names[3:], row[3:], strict=True)) for row in cursor.fetchall()}


def _fingerprint(url: str) -> dict[str, str]:
    prints = {}
    with psycopg.connect(url) as connection:
        for mart in MARTS:
            rows = connection.execute(f"select md5(t::text) from marts.{mart} as t order by 1").fetchall()  # noqa: S608
            prints[mart] = hashlib.sha256("".join(row[0] for row in rows).encode()).hexdigest()
    return prints


def _reconciled(url: str) -> dict[str, int]:
    """Every mart figure recomputed from the raw tables by the README's definitions: exact equality."""
    checked, mismatches = recompute.reconcile(url)
    report = "\n".join(
        f"{m.check}: {m.expected_rows} rows expected, {m.actual_rows} in the mart; "
        f"expected, not in the mart: {m.missing}; in the mart, not expected: {m.unexpected}"
        for m in mismatches
    )
    assert not mismatches, report
    return checked


def _build_and_capture(
    url: str, data_dir: Path, scale: float, *, dbt_args: tuple[str, ...] | None = ("build",)
) -> tuple[str, ...]:
    """A sync, the bots' answers and a dbt build; then the recomputation notes the CRM stages this
    sync showed, as the platform does at each build. The dbt arguments it ran."""
    args = _build(url, data_dir, scale, dbt_args=dbt_args)
    recompute.capture_stage_history(url)
    return args


def _assert_the_bots_own_work_is_counted(url: str) -> None:
    with psycopg.connect(url) as connection:
        bots = dict(connection.execute("select bot, sum(conversations) from marts.bot_performance_daily group by 1"))
        variants = {row[0] for row in connection.execute("select distinct experiment_variant from marts.dim_leads")}
        qualified, by_score = connection.execute(
            "select count(*) filter (where is_qualified), count(*) filter (where qualified_at is not null) "
            "from marts.fct_lead_funnel"
        ).fetchone()
    assert set(bots) == {"lead_bot", "buyer_bot", "seller_bot"}, "the sandbox's new leads are the bots' own work"
    assert {"control", "concise", "none"} <= variants
    assert qualified == by_score > 0, "qualified is the first hot score, never a CRM stage"


def _assert_reconciled_whole(url: str) -> None:
    checked = _reconciled(url)
    assert len(checked) == len(recompute.CHECKS) and all(rows > 0 for rows in checked.values()), checked
    _assert_the_bots_own_work_is_counted(url)


@BOT_MARTS
def test_marts_reconcile_with_an_independent_recomputation_at_scale_0_4(marts_04_copy: str) -> None:
    """The first of the two scales; the second (0.15) is the first build of the incremental test below."""
    _assert_reconciled_whole(marts_04_copy)


def test_an_incremental_run_builds_the_same_marts_as_a_full_refresh(server_database_url: str, tmp_path: Path) -> None:
    """At scale 0.15 the first build (everything) reconciles with the definitions; three days later
    (new, changed and deleted listings, new leads answered by the bots, new payments) the build the
    Dagster asset runs (the day's part: incremental models, no staging views or seeds) reconciles
    again and equals a full refresh."""
    url = server_database_url
    assert _build_and_capture(url, tmp_path, 0.15, dbt_args=None) == FULL_BUILD  # the first build: everything
    _assert_reconciled_whole(url)
    advance(tmp_path, 3)
    # new listings, messages and payments, then the day's build
    assert _build_and_capture(url, tmp_path, 0.15, dbt_args=None) == DAILY_BUILD
    _reconciled(url)  # days on market, the pool, the new months and leads: all as of the new date
    incremental = _fingerprint(url)
    _build(url, tmp_path, 0.15, dbt_args=("build", "--full-refresh"))
    assert _fingerprint(url) == incremental
    settings = load_settings(
        database_url=url,
        data_dir=tmp_path,
        encryption_keys=KEYS["EHUB_ENCRYPTION_KEYS"],
        blind_index_key=KEYS["EHUB_BLIND_INDEX_KEY"],
    )
    assert run_dbt(settings, Database(url), ["docs", "generate", "--quiet"], quiet=True) == 0


@BOT_MARTS
def test_the_bots_search_listings_and_price_homes_from_the_marts(bot_marts_url: str) -> None:
    from sqlalchemy import text

    database = Database(bot_marts_url)
    with database.engine.connect() as connection:
        homes = search_listings(connection, ListingCriteria(city="Round Rock", max_price=600_000, min_bedrooms=3))
        subject = connection.execute(
            text(
                "select property_sub_type, latitude, longitude, living_area_sqft, bedrooms_total, bathrooms_total, "
                "year_built, lot_size_acres, listing_key, listing_contract_date from marts.listing_search "
                "where property_sub_type = 'SingleFamilyResidence' order by listing_key limit 1"
            )
        ).one()
        # the mart prices each listing as of its listing date; the bot, a seller's home as of the feed's date
        comps = comparable_sales(connection, Subject(*subject[:9]), wanted=5, as_of=subject.listing_contract_date)
        mart_comps = (
            connection.execute(
                text(
                    "select comp_listing_key from marts.cma_comps where subject_listing_key = :key order by comp_rank"
                ),
                {"key": subject.listing_key},
            )
            .scalars()
            .all()
        )
    database.dispose()
    assert homes and all(home.list_price <= 600_000 and home.bedrooms_total >= 3 for home in homes)
    assert 2 <= len(comps) <= 5 and all(comp.similarity > 0 for comp in comps)
    assert [comp.listing_key for comp in comps] == mart_comps, "the bot and the mart share one CMA search"
    estimate = price_range(comps)
    assert estimate is not None and estimate.low <= estimate.mid <= estimate.high


@BOT_MARTS
def test_the_buyer_and_seller_bots_answer_from_the_marts(bot_marts_url: str) -> None:
    from datetime import UTC, datetime

    from ehub.bots.engine import Engine
    from ehub.bots.state import LeadState
    from ehub.market.search import MartsMarket

    database = Database(bot_marts_url)
    engine, now = Engine(MartsMarket(database.marts_engine)), datetime(2026, 11, 20, 16, tzinfo=UTC)
    buyer = LeadState()
    engine.respond(buyer, "hi", now=now)  # the first reply carries the brokerage's notices: search in the second
    shown = engine.respond(buyer, "looking to buy a 3 bed in Round Rock under 550k", now=now)
    assert buyer.bot == "buyer" and len(buyer.shown_listings) >= 2 and "$" in shown.reply
    first_shown = list(buyer.shown_listings)
    engine.respond(buyer, "not for me, too far", now=now)
    assert set(buyer.rejected_listings) >= set(first_shown) and not buyer.opted_out, "turned down, not opted out"
    seller = LeadState()
    engine.respond(seller, "what's my house worth in Cedar Park?", now=now)
    estimate = engine.respond(seller, "about 2,300 sqft, 4 bed", now=now)
    assert seller.bot == "seller" and "for your size" in estimate.reply, "the comps the range is built from"
    assert estimate.reply.count("$") >= 3, "a range, never a single price"
    database.dispose()


@BOT_MARTS
def test_a_buyer_message_is_answered_while_every_other_connection_is_busy(
    bot_marts_url: str, cipher: PersonalDataCipher
) -> None:
    """The listing search runs while the lead's transaction holds a connection; it must not need a
    second one from the same pool, or concurrent messages deadlock once the pool is exhausted."""
    from datetime import UTC, datetime

    from ehub.bots.engine import Engine
    from ehub.bots.service import BotService
    from ehub.db.database import POOL_OVERFLOW, POOL_SIZE
    from ehub.market.search import MartsMarket

    database = Database(bot_marts_url)  # migrated and built by the fixtures
    service = BotService(database, cipher, Engine(MartsMarket(database.marts_engine)))
    now = datetime(2026, 11, 20, 16, tzinfo=UTC)
    lead = service.handle("hi", now=now).lead_id  # the first reply carries the notices: search in the second
    database.engine.pool._timeout = 3  # private, but the only way to fail in seconds, not after the default 30 s
    busy = [database.engine.connect() for _ in range(POOL_SIZE + POOL_OVERFLOW - 1)]
    try:
        result = service.handle("looking to buy a 3 bed in Round Rock under 550k", now=now, lead_id=lead)
    finally:
        for connection in busy:
            connection.close()
        database.dispose()
    assert result.turn.bot == "buyer" and result.turn.reply.count("$") >= 4, "listings shown"


def test_bot_performance_daily_counts_what_the_bot_service_did(server_database_url: str, tmp_path: Path) -> None:
    """Leads under both variants through the real BotService, then dbt: per bot and variant, the mart
    shows exactly what was driven, and nothing of the CRM's history (it is not the bots' work)."""
    from datetime import UTC, datetime, timedelta

    from ehub.bots.engine import Engine
    from ehub.bots.experiments import parse_experiment
    from ehub.bots.outbox import drain_outbox
    from ehub.bots.service import BotService
    from ehub.sources.factory import ghl_client

    url, settings = server_database_url, _settings(server_database_url, tmp_path, 0.05)
    database, cipher = Database(url), cipher_from_settings(settings)
    upgrade(database)
    sync_all_sources(settings, database, cipher, offline=SANDBOX)
    with psycopg.connect(url) as connection:
        contacts = [
            contact
            for (contact,) in connection.execute(
                "select contact_id from raw.ghl_messages where direction = 'inbound' group by 1 order by 1 limit 2"
            )
        ]
    day, start = "2026-12-15", datetime(2026, 12, 15, 16, tzinfo=UTC)  # 10:00 in Austin, after the CRM's history
    scripts = {
        "web": ("hi there", "is Manor a safe area?", "can I talk to a real person?"),
        "sms": ("looking to buy a 3 bed in Round Rock", "STOP", "hello?"),
        "seller": ("what's my house worth in Kyle?", "are the schools good in Kyle?"),
        "hot": ("3 bed in Cedar Park around 500k, moving next month, pre-approved, no agent", "yes"),
    }
    expected: dict[tuple[str, str, str], dict] = {}
    for contact, variant in zip(contacts, ("control", "concise"), strict=True):
        service = BotService(database, cipher, Engine(), experiment=parse_experiment(f"reply_style:{variant}=1"))
        for name, script in scripts.items():
            lead, hot, clock = None, False, start
            for message in script:
                clock += timedelta(seconds=10)
                channel, ghl = ("sms", contact) if name == "sms" else ("web", None)
                result = service.handle(message, channel=channel, now=clock, lead_id=lead, ghl_contact_id=ghl)
                with ghl_client(
                    settings, offline=SANDBOX
                ) as client:  # the worker drains within seconds of each message
                    drain_outbox(database, cipher, client, NOTICES, now=clock + timedelta(seconds=5))
                lead, turn = result.lead_id, result.turn
                assert turn.variant == variant
                row = expected.setdefault((day, f"{turn.bot}_bot", variant), {"leads": set(), "handoffs": set()})
                row["leads"].add(lead)
                row["messages"] = row.get("messages", 0) + 1 + (turn.reply is not None)
                row["inbound_messages"] = row.get("inbound_messages", 0) + 1
                row["bot_messages"] = row.get("bot_messages", 0) + (turn.reply is not None)
                row["handoffs"] |= {lead} if turn.handoff else set()
                row["opt_outs"] = row.get("opt_outs", 0) + (turn.intent == "opt_out")
                row["replies_flagged"] = row.get("replies_flagged", 0) + bool(turn.compliance_flags)
                row["leads_qualified"] = row.get("leads_qualified", 0) + (turn.temperature == "hot" and not hot)
                hot = hot or turn.temperature == "hot"
    assert run_dbt(settings, database, ["build", "--quiet"]) == 0
    database.dispose()

    mart = _bot_mart(url)
    driven = {key: row for key, row in mart.items() if key[0] == day}
    assert set(driven) == set(expected) and {variant for _, _, variant in driven} == {"control", "concise"}
    for key, row in expected.items():
        leads = row.pop("leads")
        want = {**row, "conversations": len(leads), "handoffs": len(row["handoffs"])}
        assert {name: driven[key][name] for name in want} == want, key
    assert {key[1] for key in driven} == {"lead_bot", "buyer_bot", "seller_bot"}
    assert driven[(day, "lead_bot", "concise")]["median_response_seconds"] == 0.0, "web replies go out at once"
    assert driven[(day, "buyer_bot", "control")]["median_response_seconds"] > 0, "SMS replies left at the drain"

    assert set(mart) == set(driven), "only the bot service's own work is counted, never the CRM's history"
    recompute.capture_stage_history(url)
    _reconciled(url)
