"""The code location's root: merges each domain's definitions and adds only what spans them.

Production loads `defs` (real sources only); the demo loads `tools.sandbox_location`, the same
definitions with the offline sandbox handed in."""

from __future__ import annotations

import dagster as dg

from ehub.sources.factory import OfflineSources
from pipelines.defs import alerts, dbt, enrichment, evaluation, ghl, insights, mls, stripe
from pipelines.resources import resources

main_job = dg.define_asset_job(
    "main",
    selection=dg.AssetSelection.all(),
    description="Ingest every source and build every dbt model and test; what `ehub demo` runs.",
    # One process: the steps run in order anyway, and each extra process re-imports the code location.
    executor_def=dg.in_process_executor,
)


def build_definitions(offline: OfflineSources | None = None) -> dg.Definitions:
    """Every domain's definitions; `offline` answers for sources without credentials (the demo's sandbox)."""
    merged = dg.Definitions.merge(
        mls.defs,
        ghl.defs,
        stripe.defs,
        enrichment.defs,
        evaluation.defs,
        insights.defs,
        dbt.defs,
        alerts.defs,
        dg.Definitions(jobs=[main_job], resources=resources(offline)),
    )
    return alerts.with_source_freshness(merged)


defs = build_definitions()
