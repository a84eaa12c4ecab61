"""Platform alerts in Dagster: the `platform_alerts` sensor and freshness policies on the raw assets.

The sensor is a thin caller of `ehub.alerts.run_check`: it adds what only Dagster knows (when each
raw asset last materialized) and keeps the alert state in its cursor. It starts RUNNING: a
monitor that has to be remembered to be switched on is one nobody notices is off; without
`EHUB_ALERT_WEBHOOK_URL` it skips at once and says how to configure it.
"""

from __future__ import annotations

import warnings
from datetime import UTC, datetime

import dagster as dg

from ehub.alerts import AlertState, run_check
from ehub.alerts.observe import SOURCE_TABLES
from pipelines.raw_tables import SOURCE_FRESHNESS
from pipelines.resources import PostgresResource

ALERT_INTERVAL_SECONDS = 60


def raw_asset_keys(source: str) -> list[dg.AssetKey]:
    return [dg.AssetKey(["raw", table]) for table in SOURCE_TABLES[source]]


def dagster_sync_times(instance: dg.DagsterInstance) -> dict[str, datetime | None]:
    """Per source, the oldest of its raw assets' last materializations: when it was last wholly synced."""
    synced: dict[str, datetime | None] = {}
    for source in SOURCE_TABLES:
        times = []
        for key in raw_asset_keys(source):
            event = instance.get_latest_materialization_event(key)
            times.append(datetime.fromtimestamp(event.timestamp, UTC) if event is not None else None)
        synced[source] = None if None in times or not times else min(times)  # type: ignore[type-var]
    return synced


@dg.sensor(
    name="platform_alerts",
    minimum_interval_seconds=ALERT_INTERVAL_SECONDS,
    default_status=dg.DefaultSensorStatus.RUNNING,
    description=(
        "Checks the alert thresholds (dbt seed alert_thresholds) against the bot API's /metrics, the newest "
        "intents evaluation and source sync times; posts new and resolved alerts to EHUB_ALERT_WEBHOOK_URL."
    ),
)
def platform_alerts(context: dg.SensorEvaluationContext, postgres: PostgresResource) -> dg.SensorResult:
    settings = postgres.settings()
    if settings.alert_webhook_url is None:
        return dg.SensorResult(
            skip_reason="No EHUB_ALERT_WEBHOOK_URL: set it to a Slack-compatible incoming webhook to receive "
            "alerts (`ehub alerts check` evaluates them on demand).",
            cursor=context.cursor,
        )
    state = AlertState.from_json(context.cursor)
    with postgres.open() as database:
        result = run_check(
            database,
            settings.bot_api_base_url,
            state,
            now=datetime.now(UTC),
            webhook_url=settings.alert_webhook_url.get_secret_value(),
            dagster_synced=dagster_sync_times(context.instance),
        )
    context.log.info("platform alerts: %s", result.summary())
    return dg.SensorResult(skip_reason=result.summary(), cursor=result.state.to_json())


def with_source_freshness(defs: dg.Definitions) -> dg.Definitions:
    """Attach a freshness policy to every raw asset, from the seed's `<source>_staleness_hours` rows.

    Dagster's freshness daemon then shows each raw asset as fresh or stale in the UI, on the same
    thresholds the alerts use. `map_asset_specs` is marked preview in Dagster 1.13 but is the
    documented way to attach policies to assets defined elsewhere.
    """
    windows = SOURCE_FRESHNESS
    policies = {
        key: dg.FreshnessPolicy.time_window(fail_window=windows[source])
        for source in SOURCE_TABLES
        if source in windows
        for key in raw_asset_keys(source)
    }

    def attach(spec: dg.AssetSpec) -> dg.AssetSpec:
        policy = policies.get(spec.key)
        return dg.apply_freshness_policy(spec, policy) if policy is not None else spec

    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message=r".*asset_specs` is currently in preview")
        return defs.map_asset_specs(func=attach)


defs = dg.Definitions(sensors=[platform_alerts])
