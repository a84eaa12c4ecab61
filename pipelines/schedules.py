"""Schedules, in Austin time. They run under `dagster-daemon` (docker-compose starts one)."""

import dagster as dg

from pipelines.jobs import ghl_job, mls_job, stripe_job

mls_hourly = dg.ScheduleDefinition(
    name="mls_hourly",
    job=mls_job,
    cron_schedule="5 * * * *",
    execution_timezone="America/Chicago",
    description="Hourly MLS incremental sync (MLS Grid allows 7,200 requests an hour).",
)

mls_daily_reconciliation = dg.ScheduleDefinition(
    name="mls_daily_reconciliation",
    job=mls_job,
    cron_schedule="0 6 * * *",
    execution_timezone="America/Chicago",
    run_config=dg.RunConfig(
        ops={
            key: {"config": {"full_refresh": True}}
            for key in ("raw__mls_properties", "raw__mls_members", "raw__mls_offices")
        }
    ),
    description="06:00 Austin time: re-read the whole MLS feed, catching anything the incrementals missed.",
)

ghl_every_15_minutes = dg.ScheduleDefinition(
    name="ghl_every_15_minutes",
    job=ghl_job,
    cron_schedule="*/15 * * * *",
    execution_timezone="America/Chicago",
    description="GoHighLevel contacts, opportunities and conversations every 15 minutes.",
)

stripe_hourly = dg.ScheduleDefinition(
    name="stripe_hourly",
    job=stripe_job,
    cron_schedule="20 * * * *",
    execution_timezone="America/Chicago",
    description="Hourly Stripe events (with a one-hour lookback).",
)

SCHEDULES = [mls_hourly, mls_daily_reconciliation, ghl_every_15_minutes, stripe_hourly]
