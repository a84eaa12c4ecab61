"""Schedules, in Austin time. They run under `dagster-daemon` (docker-compose starts one)."""

import dagster as dg

from pipelines.jobs import mls_job

mls_hourly = dg.ScheduleDefinition(
    name="mls_hourly",
    job=mls_job,
    cron_schedule="5 * * * *",
    execution_timezone="America/Chicago",
    description="Hourly MLS incremental sync (MLS Grid allows 7,200 requests an hour).",
)

SCHEDULES = [mls_hourly]
