"""MLS listings from the RESO Web API (or its sandbox) into `raw.mls_properties`."""

import dagster as dg
from sqlalchemy import text

from ehub.sources.factory import mls_client
from ehub.sources.mls.sync import sync_properties
from pipelines.resources import PostgresResource

MLS_PROPERTIES = dg.AssetKey(["raw", "mls_properties"])


class MlsSyncConfig(dg.Config):
    full_refresh: bool = False
    """Re-read the whole feed instead of what changed since the cursor."""


@dg.asset(
    key=MLS_PROPERTIES,
    group_name="mls",
    kinds={"python", "postgres"},
    description="RESO Property records (MLS Grid feed), upserted by ListingKey; deletes flagged, rejects kept.",
    retry_policy=dg.RetryPolicy(max_retries=3, delay=5, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS),
)
def mls_properties(
    context: dg.AssetExecutionContext, config: MlsSyncConfig, postgres: PostgresResource
) -> dg.MaterializeResult:
    settings = postgres.settings()
    with postgres.open() as database, mls_client(settings) as client:
        report = sync_properties(database, client, full_refresh=config.full_refresh)
    context.log.info("MLS sync: %s", report)
    return dg.MaterializeResult(
        metadata={**report.as_metadata(), "source": "real" if settings.source_is_real("mls") else "sandbox"}
    )


@dg.asset_check(asset=MLS_PROPERTIES, description="The feed landed at least one visible listing.")
def mls_properties_not_empty(postgres: PostgresResource) -> dg.AssetCheckResult:
    with postgres.open() as database, database.engine.connect() as connection:
        visible = connection.execute(text("select count(*) from raw.mls_properties where not _deleted")).scalar_one()
    return dg.AssetCheckResult(passed=visible > 0, metadata={"visible_listings": visible})


defs = dg.Definitions(assets=[mls_properties], asset_checks=[mls_properties_not_empty])
