"""The code location's root: merges each domain's definitions and adds only what spans them."""

from __future__ import annotations

import dagster as dg

from assets import dbt, enrichment, evaluation, ghl, mls, stripe
from pipelines import sensors
from pipelines.jobs import JOBS
from pipelines.resources import RESOURCES
from pipelines.schedules import SCHEDULES

defs = dg.Definitions.merge(
    mls.defs,
    ghl.defs,
    stripe.defs,
    enrichment.defs,
    evaluation.defs,
    dbt.defs,
    sensors.defs,
    dg.Definitions(jobs=JOBS, schedules=SCHEDULES, resources=RESOURCES),
)
defs = sensors.with_source_freshness(defs)
