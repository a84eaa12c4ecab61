"""The experiment results mart against a recomputation from README, Definitions ("Experiments"), on
leads driven through the real bot service under two variants, with consultation fees paid, declined
and refunded through the sandbox Stripe; and those payments in the funnel and revenue marts with
the bot and variant that asked for them."""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
from psycopg.rows import dict_row

from ehub.bots.engine import Engine
from ehub.bots.experiments import parse_experiment
from ehub.bots.service import BotService
from ehub.crypto import cipher_from_settings, generate_keys
from ehub.db import Database
from ehub.db.migrate import upgrade
from ehub.payments.consultations import ConsultationDesk, ConsultationFee
from ehub.settings import load_settings
from ehub.sources.stripe.client import StripeSource
from ehub.sources.stripe.sync import sync_stripe
from ehub.sources.sync_all import sync_all_sources
from sandbox.clock import sandbox_now
from sandbox.sources import SANDBOX
from sandbox.stripe_api import SANDBOX_STRIPE_KEY, StripeSandbox
from tools.runtime import run_dbt

Z_ALPHA, Z_POWER = 1.959964, 0.841621
FEE = ConsultationFee(15_000, "usd", "https://jorge.example/paid", "https://jorge.example/cancelled")
SCRIPTS = (
    ("3 bed in Cedar Park around 500k, moving next month, pre-approved, no agent", "yes"),
    ("I want to sell my house at 412 Oak Street in Kyle", "When can you come see the house?"),
    ("just browsing for now, maybe next year",),
)


def _wilson(successes: int, n: int) -> tuple[float, float]:
    p, z2 = successes / n, Z_ALPHA**2
    centre, half = (
        (p + z2 / (2 * n)) / (1 + z2 / n),
        Z_ALPHA * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / (1 + z2 / n),
    )
    return centre - half, centre + half


def _min_leads(p_control: float, mde: float) -> int | None:
    target = p_control + mde if p_control + mde <= 1 else p_control - mde
    if target < 0:
        return None  # no rate this far from control's exists
    mean = (p_control + target) / 2
    root = Z_ALPHA * math.sqrt(2 * mean * (1 - mean)) + Z_POWER * math.sqrt(
        p_control * (1 - p_control) + target * (1 - target)
    )
    return math.ceil(root**2 / mde**2)


def _expected(arms: dict[str, dict[str, int]], metric: str, mde: float) -> dict[str, dict]:
    """Every figure of one metric per variant, from the definition."""
    control = arms["control"]
    n_c, x_c = control["leads"], control[metric]
    rows = {}
    for variant, arm in arms.items():
        n, x = arm["leads"], arm[metric]
        p, p_c = x / n, x_c / n_c
        pooled = (x + x_c) / (n + n_c)
        z = None
        if variant != "control" and 0 < pooled < 1:
            z = (p - p_c) / math.sqrt(pooled * (1 - pooled) * (1 / n + 1 / n_c))
        p_value = math.erfc(abs(z) / math.sqrt(2)) if z is not None else None
        need = _min_leads(p_c, mde)
        if variant == "control":
            decision = "control"
        elif need is None or n < need or n_c < need:
            decision = "continue"
        elif p_value is not None and p_value < 0.05:
            decision = "variant_better" if p > p_c else "variant_worse"
        else:
            decision = "no_difference"
        low, high = _wilson(x, n)
        rows[variant] = {
            "leads": n,
            "successes": x,
            "rate": p,
            "ci_low": low,
            "ci_high": high,
            "control_rate": p_c,
            "difference": None if variant == "control" else p - p_c,
            "z_score": z,
            "p_value": p_value,
            "min_leads_per_variant": need,
            "decision": decision,
        }
    return rows


def _close(mart: object, want: object) -> bool:
    if want is None or mart is None:
        return want is None and mart is None
    if isinstance(want, float):
        return abs(float(mart) - want) <= 0.00011  # the mart rounds half-up to 4 decimals
    return mart == want


def _mart(url: str, sql: str) -> list[dict]:
    with psycopg.connect(url, row_factory=dict_row) as connection:
        return connection.execute(sql).fetchall()


def test_experiment_results_and_payments_match_the_definitions(server_database_url: str, tmp_path: Path) -> None:
    keys = generate_keys()
    data_dir = tmp_path / "data"
    settings = load_settings(
        database_url=server_database_url,
        data_dir=data_dir,
        sandbox_scale=0.05,
        encryption_keys=keys["EHUB_ENCRYPTION_KEYS"],
        blind_index_key=keys["EHUB_BLIND_INDEX_KEY"],
    )
    database, cipher = Database(server_database_url), cipher_from_settings(settings)
    upgrade(database)
    sync_all_sources(settings, database, cipher, offline=SANDBOX)
    sandbox = StripeSandbox(seed=settings.sandbox_seed, scale=0.05, now=sandbox_now(data_dir))
    stripe = StripeSource(SANDBOX_STRIPE_KEY, transport=sandbox.transport)
    desk = ConsultationDesk(database, FEE, lambda: StripeSource(SANDBOX_STRIPE_KEY, transport=sandbox.transport))
    experiment = parse_experiment("reply_style:control=50,concise=50")
    service = BotService(database, cipher, Engine(), experiment=experiment, consultations=desk)

    leads: dict[str, dict] = {}
    clock = datetime(2026, 11, 27, 16, tzinfo=UTC)
    for number in range(30):
        lead = None
        for message in SCRIPTS[number % len(SCRIPTS)]:
            clock += timedelta(seconds=30)
            result = service.handle(message, now=clock, lead_id=lead)
            lead = result.lead_id
            facts = leads.setdefault(lead, {"variant": result.turn.variant, "qualified": False, "bots": set()})
            facts["qualified"] |= result.turn.temperature == "hot"
            facts["bots"].add(result.turn.bot)
    with database.engine.connect() as connection:
        sessions = connection.exec_driver_sql(
            "select lead_id::text, checkout_session_id, bot, variant from app.consultations order by created_at"
        ).all()
    assert len(sessions) == 10, "each seller asking for a walkthrough got one checkout link"
    paid_net: dict[str, int] = {}
    for position, (lead, session_id, bot, variant) in enumerate(sessions):
        assert bot == "seller" and variant == leads[lead]["variant"]
        if position % 5 == 4:
            continue  # never paid: the session stays open
        events = sandbox.live.complete(session_id, succeed=position % 5 != 3)  # one in five declined
        charge = next(event["data"]["object"] for event in events if event["type"].startswith("charge."))
        if not charge["paid"]:
            continue
        refund = {0: charge["amount"], 1: charge["amount"] // 2}.get(position % 5, 0) if position < 5 else 0
        if refund:
            sandbox.live.refund(charge["id"], refund)
        paid_net[lead] = charge["amount"] - refund
    sync_stripe(database, stripe, cipher)  # the hourly Events API sync (no webhook reached this run)
    assert (
        run_dbt(
            settings, database, ["build", "--select", "+experiment_results", "+revenue_attribution_monthly", "--quiet"]
        )
        == 0
    )

    arms: dict[str, dict[str, int]] = {}
    for lead, facts in leads.items():
        arm = arms.setdefault(facts["variant"], {"leads": 0, "qualified": 0, "appointment": 0, "paid": 0})
        arm["leads"] += 1
        arm["qualified"] += facts["qualified"]
        arm["paid"] += paid_net.get(lead, 0) > 0  # a wholly refunded fee is no payment
    assert set(arms) == {"control", "concise"} and sum(arm["paid"] for arm in arms.values()) >= 3

    for mde, args in ((0.05, None), (0.6, '{"experiment_mde": 0.6}')):
        if args is not None:
            assert (
                run_dbt(settings, database, ["run", "--select", "experiment_results", "--vars", args, "--quiet"]) == 0
            )
        rows = _mart(server_database_url, "select * from marts.experiment_results")
        assert {(row["experiment_name"], row["experiment_variant"], row["metric"]) for row in rows} == {
            ("reply_style", variant, metric) for variant in arms for metric in ("qualified", "appointment", "paid")
        }
        for metric in ("qualified", "appointment", "paid"):
            want = _expected(arms, metric, mde)
            for row in (row for row in rows if row["metric"] == metric):
                expected = want[row["experiment_variant"]]
                wrong = {name: (row[name], value) for name, value in expected.items() if not _close(row[name], value)}
                assert not wrong, (mde, metric, row["experiment_variant"], wrong)
    # Every row's decision (continue, a winner, no difference) was compared with the definition above
    # at both MDEs; which decisions a run reaches depends on its random variant assignment, so no
    # particular one is required here.

    funnel = _mart(
        server_database_url, "select lead_id, is_paid, net_paid_usd, bot, experiment_variant from marts.fct_lead_funnel"
    )
    by_lead = {row["lead_id"]: row for row in funnel}
    for lead, net in paid_net.items():
        assert by_lead[lead]["is_paid"] == (net > 0) and float(by_lead[lead]["net_paid_usd"]) == net / 100
    revenue = _mart(
        server_database_url,
        "select bot, experiment_variant, sum(payments) as payments, sum(net_revenue_usd) as net "
        "from marts.revenue_attribution_monthly where lead_source = 'Web chat' group by 1, 2",
    )
    want_revenue: dict[tuple[str, str], list] = {}
    for lead, net in paid_net.items():
        entry = want_revenue.setdefault(("seller_bot", leads[lead]["variant"]), [0, 0.0])
        entry[0] += 1
        entry[1] += net / 100
    assert {(r["bot"], r["experiment_variant"]): [int(r["payments"]), float(r["net"])] for r in revenue} == want_revenue
    database.dispose()
