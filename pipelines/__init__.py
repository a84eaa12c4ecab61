"""The Dagster code location: the root `definitions` module merges each domain's `defs/<domain>.py`
(assets, checks, jobs and schedules together); `resources` and `raw_tables` are what they share."""
