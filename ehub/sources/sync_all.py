"""Every source and enrichment in dependency order, without Dagster: for benchmarks and tests.

Dagster runs the same functions one asset at a time; this is the plain-Python path through them.
"""

from __future__ import annotations

from ehub.crypto import PersonalDataCipher
from ehub.db.database import Database
from ehub.enrichment import check_listing_remarks, score_leads
from ehub.settings import Settings
from ehub.sources.factory import OfflineSources, ghl_client, mls_client, stripe_source
from ehub.sources.ghl import sync as ghl
from ehub.sources.mls.entities import MLS_ENTITIES
from ehub.sources.mls.sync import sync_resource
from ehub.sources.stripe.sync import sync_stripe


def sync_all_sources(
    settings: Settings, database: Database, cipher: PersonalDataCipher, *, offline: OfflineSources | None = None
) -> None:
    """Sync every source, then enrich; `offline` answers for the sources without credentials."""
    with mls_client(settings, offline=offline) as client:
        for entity in MLS_ENTITIES:
            sync_resource(database, client, cipher, entity)
    with ghl_client(settings, offline=offline) as client:
        for step in (
            ghl.sync_pipelines,
            ghl.sync_contacts,
            ghl.sync_opportunities,
            ghl.sync_conversations,
            ghl.sync_messages,
        ):
            step(database, client, cipher)
    with stripe_source(settings, offline=offline) as source:
        sync_stripe(database, source, cipher)
    score_leads(database, cipher)
    check_listing_remarks(database)
