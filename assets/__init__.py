"""Dagster asset definitions, one module per domain (a source, or the dbt project)."""
