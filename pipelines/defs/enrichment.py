"""Enrichments computed with the core engine for the marts: lead scores, intents, remark checks."""

import dagster as dg

from ehub.crypto import cipher_from_settings
from ehub.enrichment import check_listing_remarks, score_leads
from ehub.sources.ghl.entities import CONTACTS, MESSAGES
from ehub.sources.mls.entities import PROPERTIES
from pipelines.raw_tables import asset_key
from pipelines.resources import PostgresResource

LEAD_SCORES = dg.AssetKey(["app", "lead_scores"])
MESSAGE_INTENTS = dg.AssetKey(["app", "message_intents"])
REMARK_CHECKS = dg.AssetKey(["app", "listing_remark_checks"])


class EnrichmentConfig(dg.Config):
    full: bool = False
    """Recompute everything, not only what changed since the last run (after a model change)."""


@dg.multi_asset(
    specs=[
        dg.AssetSpec(
            LEAD_SCORES,
            group_name="enrichment",
            kinds={"python", "postgres"},
            deps=[asset_key(MESSAGES), asset_key(CONTACTS)],
            description="Each lead's score (1-10), temperature, intent and key moments, from its messages.",
        ),
        dg.AssetSpec(
            MESSAGE_INTENTS,
            group_name="enrichment",
            kinds={"python", "postgres"},
            deps=[asset_key(MESSAGES)],
            description="The intent of every inbound message.",
        ),
    ],
    name="lead_scoring",
)
def lead_scoring(context: dg.AssetExecutionContext, config: EnrichmentConfig, postgres: PostgresResource):  # noqa: ANN201
    settings = postgres.settings()
    with postgres.open() as database:
        report = score_leads(database, cipher_from_settings(settings), full=config.full)
    context.log.info("lead scoring: %s", report)
    yield dg.MaterializeResult(asset_key=LEAD_SCORES, metadata=report.as_metadata())
    yield dg.MaterializeResult(asset_key=MESSAGE_INTENTS, metadata={"contacts_rescored": report.processed})


@dg.asset(
    key=REMARK_CHECKS,
    group_name="enrichment",
    kinds={"python", "postgres"},
    deps=[asset_key(PROPERTIES)],
    description="Fair-housing check of every listing's public remarks (the core compliance rules).",
)
def listing_remark_checks(config: EnrichmentConfig, postgres: PostgresResource) -> dg.MaterializeResult:
    with postgres.open() as database:
        report = check_listing_remarks(database, full=config.full)
    return dg.MaterializeResult(metadata={**report.as_metadata(), "flagged": report.written})


defs = dg.Definitions(assets=[lead_scoring, listing_remark_checks])
