"""GoHighLevel CRM data (or its sandbox) into `raw.ghl_*`: contacts, pipeline, opportunities, conversations."""

from datetime import timedelta

import dagster as dg

from assets.raw_tables import asset_key, raw_asset, raw_checks
from ehub.sources.factory import ghl_client
from ehub.sources.ghl import sync
from ehub.sources.ghl.entities import CONTACTS, CONVERSATIONS, GHL_ENTITIES, MESSAGES, OPPORTUNITIES, PIPELINES


def _sync(step):  # noqa: ANN001, ANN202 - adapts a ghl sync function to the raw-asset Sync shape
    def run(settings, database, cipher, full_refresh):  # noqa: ANN001, ANN202
        with ghl_client(settings) as client:
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
CHECKS = [check for entity in GHL_ENTITIES for check in raw_checks(entity, freshness=timedelta(minutes=45))]

defs = dg.Definitions(assets=ASSETS, asset_checks=CHECKS)
