"""GoHighLevel CRM data (or its sandbox) into `raw.ghl_*`: contacts, pipeline, opportunities, conversations;
their checks, the incremental job and its 15-minute schedule."""

import dagster as dg

from ehub.sources.factory import ghl_client
from ehub.sources.ghl import sync
from ehub.sources.ghl.entities import CONTACTS, CONVERSATIONS, GHL_ENTITIES, MESSAGES, OPPORTUNITIES, PIPELINES
from pipelines.raw_tables import asset_key, raw_asset, raw_checks


def _sync(step):  # noqa: ANN001, ANN202 - adapts a ghl sync function to the raw-asset Sync shape
    def run(settings, offline, database, cipher, full_refresh):  # noqa: ANN001, ANN202
        with ghl_client(settings, offline=offline) as client:
            return step(database, client, cipher, full_refresh=full_refresh)

    return run


ghl_pipelines = raw_asset(PIPELINES, _sync(sync.sync_pipelines), description="Sales pipelines and their stages.")
ghl_contacts = raw_asset(
    CONTACTS,
    _sync(sync.sync_contacts),
    description="Contacts (leads) by dateUpdated; names, emails and phones sealed, with blind indexes.",
)
ghl_opportunities = raw_asset(
    OPPORTUNITIES,
    _sync(sync.sync_opportunities),
    description="Opportunities: pipeline stage and status (open, won, lost, abandoned) per contact.",
    deps=(asset_key(PIPELINES), asset_key(CONTACTS)),
)
ghl_conversations = raw_asset(
    CONVERSATIONS,
    _sync(sync.sync_conversations),
    description="Conversations by last message date.",
    deps=(asset_key(CONTACTS),),
)
ghl_messages = raw_asset(
    MESSAGES,
    _sync(sync.sync_messages),
    description="Messages (SMS, email, call) of every conversation that changed; bodies sealed.",
    deps=(asset_key(CONVERSATIONS),),
)

ASSETS = [ghl_pipelines, ghl_contacts, ghl_opportunities, ghl_conversations, ghl_messages]
CHECKS = [check for entity in GHL_ENTITIES for check in raw_checks(entity)]


ghl_job = dg.define_asset_job(
    "ghl_incremental",
    selection=dg.AssetSelection.groups("ghl").downstream(),
    description="GoHighLevel incremental sync and everything built from it.",
)

ghl_every_15_minutes = dg.ScheduleDefinition(
    name="ghl_every_15_minutes",
    job=ghl_job,
    cron_schedule="*/15 * * * *",
    execution_timezone="America/Chicago",
    description="GoHighLevel contacts, opportunities and conversations every 15 minutes.",
)

defs = dg.Definitions(assets=ASSETS, asset_checks=CHECKS, jobs=[ghl_job], schedules=[ghl_every_15_minutes])
