"""Stripe through stripe-python against the sandbox account, and replication from its events."""

from __future__ import annotations

import re
from datetime import timedelta

import httpx
import pytest
from sqlalchemy import text

from ehub.db import Database
from ehub.errors import UnavailableError
from ehub.sources.http import SourceRequestError
from ehub.sources.stripe.client import StripeSource
from ehub.sources.stripe.sync import sync_stripe
from sandbox.mls_data import SANDBOX_NOW
from sandbox.stripe_api import SANDBOX_STRIPE_KEY, StripeSandbox


def _source(sandbox: StripeSandbox, transport: httpx.BaseTransport | None = None) -> StripeSource:
    return StripeSource(SANDBOX_STRIPE_KEY, transport=transport or sandbox.transport)


@pytest.fixture
def sandbox() -> StripeSandbox:
    return StripeSandbox(seed=4, scale=0.5)


def test_lists_page_newest_first_through_starting_after(sandbox: StripeSandbox) -> None:
    pages = list(_source(sandbox).list_objects("charge"))
    charges = [charge for page in pages for charge in page]
    assert len(pages) >= 2 and len(charges) == len(sandbox.payments)
    created = [charge["created"] for charge in charges]
    assert created == sorted(created, reverse=True)
    assert all(charge["metadata"]["ghl_contact_id"].startswith("c") for charge in charges)
    assert {charge["status"] for charge in charges} == {"succeeded", "failed"}


def test_events_are_filtered_by_time_and_type(sandbox: StripeSandbox) -> None:
    since = SANDBOX_NOW - timedelta(days=20)
    wanted = ["charge.succeeded", "charge.failed"]
    events = [e for page in _source(sandbox).list_events(since=since, types=wanted) for e in page]
    assert events and {e["type"] for e in events} <= set(wanted)
    assert min(e["created"] for e in events) >= since.timestamp()


def test_a_bad_key_is_refused_without_retrying(sandbox: StripeSandbox) -> None:
    with pytest.raises(SourceRequestError, match="refused the API key"):
        next(StripeSource("sk_test_wrong0000000000000", transport=sandbox.transport).list_objects("charge"))
    assert sandbox.requests_served == 1


def test_server_errors_are_retried_by_stripe_python_then_given_up(
    sandbox: StripeSandbox, monkeypatch: pytest.MonkeyPatch
) -> None:
    import stripe

    monkeypatch.setattr(stripe._http_client.HTTPClient, "_sleep_time_seconds", lambda *_: 0.0)
    sandbox.inject_failures(503, 503)
    assert next(_source(sandbox).list_objects("refund"))
    sandbox.inject_failures(*[503] * 10)
    with pytest.raises(UnavailableError, match="stripe did not answer"):
        next(_source(sandbox).list_objects("refund"))


def _count(database: Database, table: str) -> int:
    with database.engine.connect() as connection:
        return connection.execute(text(f"select count(*) from raw.{table}")).scalar_one()  # noqa: S608


PERSONAL = re.compile(r"@example\.(com|net|org)|\+1(512|737)555")


def test_first_sync_relists_everything_with_personal_details_sealed(migrated: Database, cipher) -> None:
    sandbox = StripeSandbox(seed=4, scale=0.3)
    report = sync_stripe(migrated, _source(sandbox), cipher)
    assert report.mode == "relist"
    assert _count(migrated, "stripe_charges") == len(sandbox.payments)
    assert _count(migrated, "stripe_refunds") == sum(p.refunded_by(sandbox.now) for p in sandbox.payments)
    with migrated.engine.connect() as connection:
        for table in ("stripe_charges", "stripe_payment_intents", "stripe_checkout_sessions"):
            payloads = connection.execute(text(f"select payload::text from raw.{table}")).scalars().all()  # noqa: S608
            assert not any(PERSONAL.search(payload) for payload in payloads), table


def test_later_syncs_read_events_with_a_lookback_and_converge(migrated: Database, cipher) -> None:
    sync_stripe(migrated, _source(StripeSandbox(seed=4, scale=0.3)), cipher)
    later = StripeSandbox(seed=4, scale=0.3, now=SANDBOX_NOW + timedelta(days=12))
    report = sync_stripe(migrated, _source(later), cipher)
    again = sync_stripe(migrated, _source(later), cipher)
    assert report.mode == again.mode == "events"
    assert report.counts["stripe_charges"].inserted > 0
    assert sum(counts.inserted + counts.updated for counts in again.counts.values()) == 0
    assert _count(migrated, "stripe_charges") == len(later.payments)
    with migrated.engine.connect() as connection:
        refunded = connection.execute(
            text("select count(*) from raw.stripe_charges where (payload ->> 'amount_refunded')::int > 0")
        ).scalar_one()
    assert refunded == sum(p.refunded_by(later.now) for p in later.payments)


def test_a_cursor_older_than_event_retention_triggers_a_relist(migrated: Database, cipher) -> None:
    sync_stripe(migrated, _source(StripeSandbox(seed=4, scale=0.3)), cipher)
    much_later = StripeSandbox(seed=4, scale=0.3, now=SANDBOX_NOW + timedelta(days=45))
    report = sync_stripe(migrated, _source(much_later), cipher)
    assert report.mode == "relist"
    assert _count(migrated, "stripe_charges") == len(much_later.payments)
