"""Each domain's Dagster definitions in one module: its assets, checks, jobs and schedules."""
