"""MLS listings, agents and offices from the RESO Web API (or its sandbox) into `raw.mls_*`: the assets,
their checks, the incremental job and its hourly and daily schedules."""

import dagster as dg

from ehub.sources.factory import mls_client
from ehub.sources.landing import Entity
from ehub.sources.mls.entities import MEMBERS, OFFICES, PROPERTIES
from ehub.sources.mls.sync import sync_resource
from pipelines.raw_tables import raw_asset, raw_checks


def _sync(entity: Entity):  # noqa: ANN202 - returns the Sync callable
    def run(settings, offline, database, cipher, full_refresh):  # noqa: ANN001, ANN202
        with mls_client(settings, offline=offline) as client:
            return sync_resource(database, client, cipher, entity, full_refresh=full_refresh)

    return run


mls_properties = raw_asset(
    PROPERTIES,
    _sync(PROPERTIES),
    description="RESO Property records with inline Media, upserted by ListingKey; deletes flagged, rejects kept.",
)
mls_members = raw_asset(MEMBERS, _sync(MEMBERS), description="RESO Member records (agents); contact details sealed.")
mls_offices = raw_asset(OFFICES, _sync(OFFICES), description="RESO Office records (brokerages).")

ASSETS = [mls_properties, mls_members, mls_offices]
CHECKS = [check for entity in (PROPERTIES, MEMBERS, OFFICES) for check in raw_checks(entity)]


mls_job = dg.define_asset_job(
    "mls_incremental",
    selection=dg.AssetSelection.groups("mls").downstream(),
    description="MLS incremental sync and everything built from it.",
)

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

defs = dg.Definitions(
    assets=ASSETS, asset_checks=CHECKS, jobs=[mls_job], schedules=[mls_hourly, mls_daily_reconciliation]
)
