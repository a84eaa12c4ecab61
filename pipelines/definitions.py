"""The code location's root: merges each domain's definitions and adds only what spans them."""

from __future__ import annotations

import dagster as dg

from pipelines.defs import alerts, dbt, enrichment, evaluation, ghl, mls, stripe
from pipelines.resources import RESOURCES

main_job = dg.define_asset_job(
    "main",
    selection=dg.AssetSelection.all(),
    description="Ingest every source and build every dbt model and test; what `ehub demo` runs.",
    # One process: the steps run in order anyway, and each extra process re-imports the code location.
    executor_def=dg.in_process_executor,
)

defs = dg.Definitions.merge(
    mls.defs,
    ghl.defs,
    stripe.defs,
    enrichment.defs,
    evaluation.defs,
    dbt.defs,
    alerts.defs,
    dg.Definitions(jobs=[main_job], resources=RESOURCES),
)
defs = alerts.with_source_freshness(defs)
