"""The Dagster code location: Definitions, resources, jobs and schedules.

Asset definitions live in the top-level `assets` package, one module per domain.
"""
