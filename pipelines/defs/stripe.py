"""Stripe payments (or the sandbox account) into `raw.stripe_*`, all from one event stream; their checks,
the incremental job and its hourly schedule, and the sensor that brings a webhook's payment into
the marts within a minute."""

from datetime import datetime

import dagster as dg
from sqlalchemy import text

from ehub.crypto import cipher_from_settings
from ehub.sources.factory import stripe_source
from ehub.sources.stripe.entities import STRIPE_ENTITIES
from ehub.sources.stripe.sync import sync_stripe
from pipelines.raw_tables import SOURCE_RETRY, SyncConfig, asset_key, raw_checks
from pipelines.resources import PostgresResource, SourceStandIns


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            asset_key(entity),
            group_name="stripe",
            kinds={"python", "postgres"},
            description=f"Stripe {entity.name.replace('_', ' ')}; personal details sealed.",
        )
        for entity in STRIPE_ENTITIES
    ],
    retry_policy=SOURCE_RETRY,
    name="stripe_payments",
)
def stripe_payments(  # noqa: ANN201
    context: dg.AssetExecutionContext,
    config: SyncConfig,
    postgres: PostgresResource,
    sources: dg.ResourceParam[SourceStandIns],
):
    """Charges, payment intents, checkout sessions and refunds, from the Events API (or a re-list)."""
    settings = postgres.settings()
    with postgres.open() as database, stripe_source(settings, offline=sources.offline) as source:
        report = sync_stripe(database, source, cipher_from_settings(settings), full_refresh=config.full_refresh)
    context.log.info("stripe (%s): %s", report.mode, dict(report.counts))
    mode = "real" if settings.source_is_real("stripe") else "sandbox"
    for entity in STRIPE_ENTITIES:
        counts = report.counts[entity.table].as_metadata()
        yield dg.MaterializeResult(
            asset_key=asset_key(entity),
            metadata={**counts, "sync_mode": report.mode, "cursor_after": report.cursor_after, "source": mode},
        )


CHECKS = [check for entity in STRIPE_ENTITIES for check in raw_checks(entity)]


stripe_job = dg.define_asset_job(
    "stripe_incremental",
    selection=dg.AssetSelection.groups("stripe").downstream(),
    description="Stripe events since the cursor and everything built from them.",
)

stripe_hourly = dg.ScheduleDefinition(
    name="stripe_hourly",
    job=stripe_job,
    cron_schedule="20 * * * *",
    execution_timezone="America/Chicago",
    description="Hourly Stripe events (with a one-hour lookback).",
)

# What a webhook changes: it has landed its objects in `raw.stripe_*` already, so only the models.
stripe_marts_job = dg.define_asset_job(
    "stripe_webhook_marts",
    selection=dg.AssetSelection.groups("stripe").downstream() - dg.AssetSelection.groups("stripe"),
    description="The models built from raw Stripe objects, after webhooks landed new ones.",
)
WEBHOOK_SENSOR_SECONDS = 30
_NEWEST_WEBHOOK = text("select max(received_at) from app.stripe_events where received_via = 'webhook'")


@dg.sensor(
    name="stripe_webhook_payments",
    job=stripe_marts_job,
    minimum_interval_seconds=WEBHOOK_SENSOR_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description="Builds the funnel and revenue marts again when Stripe webhooks have landed events since the "
    "last look, so a payment reaches the marts within a minute instead of at the hourly sync.",
)
def stripe_webhook_payments(context: dg.SensorEvaluationContext, postgres: PostgresResource) -> dg.SensorResult:
    with postgres.open() as database, database.engine.connect() as connection:
        newest = connection.execute(_NEWEST_WEBHOOK).scalar()
    if newest is None or (context.cursor is not None and newest <= datetime.fromisoformat(context.cursor)):
        return dg.SensorResult(skip_reason="No Stripe webhook since the last build.", cursor=context.cursor)
    seen = newest.isoformat()
    return dg.SensorResult(run_requests=[dg.RunRequest(run_key=f"stripe-webhooks-{seen}")], cursor=seen)


defs = dg.Definitions(
    assets=[stripe_payments],
    asset_checks=CHECKS,
    jobs=[stripe_job, stripe_marts_job],
    schedules=[stripe_hourly],
    sensors=[stripe_webhook_payments],
)
