"""Stripe webhooks at the wire: signed, fresh, once per event id, committed before the 200, and the
hourly Events API sync reconciling whatever a webhook missed without counting anything twice."""

from __future__ import annotations

import time

import pytest
from litestar.testing import TestClient
from sqlalchemy import text

from bot_api.app import create_app
from ehub.crypto import cipher_from_settings
from ehub.settings import load_settings
from ehub.sources.stripe.client import StripeSource
from ehub.sources.stripe.sync import sync_stripe
from sandbox.stripe_api import SANDBOX_STRIPE_KEY, StripeSandbox
from sandbox.stripe_checkout import SANDBOX_WEBHOOK_SECRET, sign, signed_delivery
from tests.consultation_helpers import StripeAccount, open_consultation

SECRET = "whsec_test_endpoint_secret_0123456789"


@pytest.fixture
def stripe_api(migrated, data_dir):
    """The API with its own endpoint secret and the sandbox Stripe account it creates sessions in."""
    settings = load_settings(
        database_url=migrated.url,
        data_dir=data_dir,
        sources="sandbox",
        sandbox_scale=0.05,
        stripe_webhook_secret=SECRET,
    )
    account = StripeSandbox(seed=settings.sandbox_seed, scale=0.05)
    with TestClient(app=create_app(settings, offline=StripeAccount(account))) as client:
        yield client, migrated, account, settings


def _deliver(client: TestClient, event: dict, *, secret: str = SECRET, timestamp: int | None = None):
    body, headers = signed_delivery(event, secret=secret, timestamp=timestamp)
    return client.post("/webhooks/stripe", content=body, headers=headers)


def _scalar(database, sql: str, **params):
    with database.engine.connect() as connection:
        return connection.execute(text(sql), params).scalar_one()


def _paid_session(client, database, sandbox) -> list[dict]:
    session_id = open_consultation(client, database)
    return sandbox.live.complete(session_id)


def test_a_signed_event_is_recorded_once_and_lands_in_raw(stripe_api) -> None:
    client, database, sandbox, _ = stripe_api
    events = _paid_session(client, database, sandbox)
    completed = next(event for event in events if event["type"] == "checkout.session.completed")
    first = _deliver(client, completed)
    assert first.status_code == 200 and first.json() == {"status": "recorded"}
    replayed = _deliver(client, completed)  # Stripe retries: a fresh signature over the same event
    assert replayed.status_code == 200 and replayed.json() == {"status": "duplicate"}
    assert _scalar(database, "select count(*) from app.stripe_events where event_id = :id", id=completed["id"]) == 1
    session = completed["data"]["object"]
    assert (
        _scalar(
            database,
            "select status from raw.stripe_checkout_sessions where checkout_session_id = :id",
            id=session["id"],
        )
        == "complete"
    )


def test_forged_stale_and_unsigned_webhooks_are_refused_and_nothing_is_stored(stripe_api) -> None:
    client, database, sandbox, _ = stripe_api
    event = _paid_session(client, database, sandbox)[-1]
    forged = _deliver(client, event, secret="whsec_someone_else")
    stale = _deliver(client, event, timestamp=int(time.time()) - 301)
    body, _ = signed_delivery(event, secret=SECRET)
    unsigned = client.post("/webhooks/stripe", content=body)
    tampered = client.post(
        "/webhooks/stripe",
        content=body.replace(b'"livemode":false', b'"livemode":true '),
        headers={"Stripe-Signature": sign(body, SECRET, int(time.time()))},
    )
    assert [r.status_code for r in (forged, stale, unsigned, tampered)] == [401, 401, 401, 401]
    assert forged.json()["code"] == "STRIPE_SIGNATURE_INVALID"
    assert stale.json()["code"] == "STRIPE_SIGNATURE_STALE"
    assert unsigned.json()["code"] == "STRIPE_SIGNATURE_MISSING"
    assert set(tampered.json()) == {"error", "message", "code"}
    assert _scalar(database, "select count(*) from app.stripe_events") == 0


def test_any_of_several_v1_signatures_may_match_while_a_secret_is_rolled(stripe_api) -> None:
    client, database, sandbox, _ = stripe_api
    event = _paid_session(client, database, sandbox)[0]
    body, _ = signed_delivery(event, secret=SECRET)
    now = int(time.time())
    old = sign(body, "whsec_the_old_secret", now).split(",")[1]
    header = f"t={now},{old},{sign(body, SECRET, now).split(',')[1]}"
    answer = client.post("/webhooks/stripe", content=body, headers={"Stripe-Signature": header})
    assert answer.status_code == 200 and answer.json() == {"status": "recorded"}
    only_old = client.post("/webhooks/stripe", content=body, headers={"Stripe-Signature": f"t={now},{old}"})
    assert only_old.status_code == 401


def test_a_webhook_whose_commit_fails_gets_no_2xx_and_its_retry_is_recorded(stripe_api) -> None:
    """A deferred constraint trigger fails the transaction at COMMIT: the answer must not be a 2xx,
    and nothing half-written stays; Stripe's retry then lands it."""
    client, database, sandbox, _ = stripe_api
    event = _paid_session(client, database, sandbox)[-1]
    with database.engine.begin() as connection:
        connection.execute(
            text("""
            create function app.refuse_at_commit() returns trigger language plpgsql as
            $$ begin raise exception 'commit refused'; end $$;
            create constraint trigger refuse_at_commit after insert on app.stripe_events
            deferrable initially deferred for each row execute function app.refuse_at_commit();
        """)
        )
    failed = _deliver(client, event)
    assert failed.status_code >= 500 and set(failed.json()) <= {"error", "message", "field", "code"}
    assert _scalar(database, "select count(*) from app.stripe_events") == 0
    assert _scalar(database, "select count(*) from raw.stripe_checkout_sessions where status = 'complete'") == 0
    with database.engine.begin() as connection:
        connection.execute(text("drop trigger refuse_at_commit on app.stripe_events"))
    assert _deliver(client, event).json() == {"status": "recorded"}


def test_the_events_sync_reconciles_a_missed_webhook_once(stripe_api) -> None:
    client, database, sandbox, settings = stripe_api
    cipher = cipher_from_settings(settings)
    source = StripeSource(SANDBOX_STRIPE_KEY, transport=sandbox.transport)
    sync_stripe(database, source, cipher)  # the first run lists everything and sets the cursor
    events = _paid_session(client, database, sandbox)
    delivered = next(event for event in events if event["type"] == "checkout.session.completed")
    assert _deliver(client, delivered).json() == {"status": "recorded"}  # the charge's events never arrived

    report = sync_stripe(database, source, cipher)
    ids = [event["id"] for event in events]
    with database.engine.connect() as connection:
        rows = dict(
            connection.execute(
                text("select event_id, received_via from app.stripe_events where event_id = any(:ids)"), {"ids": ids}
            ).all()
        )
    assert rows == {event["id"]: "events_sync" for event in events} | {delivered["id"]: "webhook"}
    assert report.events_new >= len(events) - 1
    charge = next(event["data"]["object"] for event in events if event["type"] == "charge.succeeded")
    count = "select count(*) from raw.stripe_charges where charge_id = :id"
    assert _scalar(database, count, id=charge["id"]) == 1

    again = sync_stripe(database, source, cipher)
    assert again.events_new == 0, "a second sync finds nothing new"
    assert _scalar(database, "select count(*) from app.stripe_events where event_id = any(:ids)", ids=ids) == len(ids)
    assert _scalar(database, count, id=charge["id"]) == 1


def test_a_refund_lands_on_its_charge(stripe_api) -> None:
    client, database, sandbox, _ = stripe_api
    events = _paid_session(client, database, sandbox)
    charge = next(event["data"]["object"] for event in events if event["type"] == "charge.succeeded")
    refunded = sandbox.live.refund(charge["id"], charge["amount"] // 2)
    for event in events + refunded:
        assert _deliver(client, event).status_code == 200
    assert (
        _scalar(
            database,
            "select (payload ->> 'amount_refunded')::int from raw.stripe_charges where charge_id = :id",
            id=charge["id"],
        )
        == charge["amount"] // 2
    )
    assert _scalar(database, "select count(*) from raw.stripe_refunds where charge_id = :id", id=charge["id"]) == 1


def test_failures_are_recorded_and_unknown_event_types_acknowledged(stripe_api) -> None:
    client, database, sandbox, _ = stripe_api
    declined = sandbox.live.complete(open_consultation(client, database), succeed=False)
    assert [event["type"] for event in declined] == ["payment_intent.payment_failed", "charge.failed"]
    for event in declined:
        assert _deliver(client, event).json() == {"status": "recorded"}
    expired = sandbox.live.expire(open_consultation(client, database))
    assert _deliver(client, expired[0]).json() == {"status": "recorded"}
    assert _scalar(database, "select count(*) from raw.stripe_checkout_sessions where status = 'expired'") == 1
    other = {**expired[0], "id": "evt_other_type", "type": "customer.created"}
    assert _deliver(client, other).json() == {"status": "ignored"}
    not_event = _deliver(client, {"hello": "world"})
    assert not_event.status_code == 400 and not_event.json()["code"] == "STRIPE_WEBHOOK_NOT_EVENT"


def test_without_a_secret_every_stripe_webhook_is_refused(migrated, data_dir) -> None:
    settings = load_settings(database_url=migrated.url, data_dir=data_dir, sources="auto")
    event = StripeSandbox(seed=1, scale=0.05).events()[0]
    with TestClient(app=create_app(settings)) as client:
        refused = _deliver(client, event, secret=SANDBOX_WEBHOOK_SECRET)
    assert refused.status_code == 401 and refused.json()["code"] == "STRIPE_SECRET_MISSING"


def test_a_webhooks_payment_sets_off_the_marts_build_once(stripe_api, dbt_manifest, monkeypatch) -> None:
    """The `stripe_webhook_payments` sensor, ticked as the daemon ticks it: nothing new, nothing to run;
    a delivered webhook, one run of the models built from raw Stripe objects; the same again, none."""
    import dagster as dg

    from pipelines.definitions import defs

    client, database, sandbox, settings = stripe_api
    monkeypatch.setenv("EHUB_DATABASE_URL", database.url)
    monkeypatch.setenv("EHUB_DATA_DIR", str(settings.data_dir))
    sensor, instance, cursor = defs.resolve_sensor_def("stripe_webhook_payments"), dg.DagsterInstance.ephemeral(), None

    def tick() -> list[dg.RunRequest]:
        nonlocal cursor
        context = dg.build_sensor_context(instance=instance, cursor=cursor, resources=defs.resources)
        result = sensor.evaluate_tick(context)
        cursor = result.cursor
        return list(result.run_requests or [])

    assert tick() == []
    for event in _paid_session(client, database, sandbox):
        assert _deliver(client, event).status_code == 200
    (run,) = tick()
    assert tick() == [], "the same webhooks set off one build"
    job = defs.resolve_job_def("stripe_webhook_marts")
    built = {key.to_user_string() for key in job.asset_layer.selected_asset_keys}
    assert {"marts/fct_lead_funnel", "marts/revenue_attribution_monthly"} <= built
    assert not any(key.startswith("raw/") for key in built), "the webhook landed the raw objects already"
    assert run.run_key and sensor.job_name == "stripe_webhook_marts"
