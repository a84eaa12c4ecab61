"""The platform's tools: the `ehub` CLI, benchmarks, export, the dashboards driver and the process
runtime. The only code that knows how to start Dagster, dbt, uvicorn and Superset; the services
never import it."""
