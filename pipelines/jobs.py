"""Jobs: `main` materializes every asset, sources first, then the dbt models that depend on them."""

import dagster as dg

main_job = dg.define_asset_job(
    "main",
    selection=dg.AssetSelection.all(),
    description="Ingest every source and build every dbt model and test; what `ehub demo` runs.",
    # One process: the steps run in order anyway, and each extra process re-imports the code location.
    executor_def=dg.in_process_executor,
)

mls_job = dg.define_asset_job(
    "mls_incremental",
    selection=dg.AssetSelection.groups("mls").downstream(),
    description="MLS incremental sync and everything built from it.",
)

ghl_job = dg.define_asset_job(
    "ghl_incremental",
    selection=dg.AssetSelection.groups("ghl").downstream(),
    description="GoHighLevel incremental sync and everything built from it.",
)

stripe_job = dg.define_asset_job(
    "stripe_incremental",
    selection=dg.AssetSelection.groups("stripe").downstream(),
    description="Stripe events since the cursor and everything built from them.",
)

JOBS = [main_job, mls_job, ghl_job, stripe_job]
