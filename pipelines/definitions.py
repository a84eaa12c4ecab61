"""The code location's root: merges each domain's definitions and adds only what spans them."""

from __future__ import annotations

import dagster as dg

from assets import dbt, enrichment, ghl, mls, stripe
from pipelines.jobs import JOBS
from pipelines.resources import RESOURCES
from pipelines.schedules import SCHEDULES

defs = dg.Definitions.merge(
    mls.defs,
    ghl.defs,
    stripe.defs,
    enrichment.defs,
    dbt.defs,
    dg.Definitions(jobs=JOBS, schedules=SCHEDULES, resources=RESOURCES),
)
