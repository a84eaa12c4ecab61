"""What every raw source asset shares: how it is declared, what it reports, how it is checked."""

from collections.abc import Callable, Iterator

import dagster as dg

from ehub.alerts.rules import source_freshness
from ehub.crypto import PersonalDataCipher, cipher_from_settings
from ehub.db import Database
from ehub.db.health import RawTableHealth, raw_table_health
from ehub.settings import Settings
from ehub.sources.factory import OfflineSources
from ehub.sources.landing import Entity
from ehub.sources.replication import SyncReport
from pipelines.resources import PostgresResource, SourceStandIns

SOURCE_RETRY = dg.RetryPolicy(max_retries=3, delay=5, backoff=dg.Backoff.EXPONENTIAL, jitter=dg.Jitter.PLUS_MINUS)
MAX_REJECT_SHARE = 0.01
# Read once per process: each source's staleness limit, for its raw assets' checks and freshness policies.
SOURCE_FRESHNESS = source_freshness()

Sync = Callable[[Settings, OfflineSources | None, Database, PersonalDataCipher, bool], SyncReport]


class SyncConfig(dg.Config):
    full_refresh: bool = False
    """Re-read everything instead of what changed since the cursor."""


def asset_key(entity: Entity) -> dg.AssetKey:
    return dg.AssetKey(["raw", entity.table])


def raw_asset(
    entity: Entity, sync: Sync, *, description: str, deps: tuple[dg.AssetKey, ...] = ()
) -> dg.AssetsDefinition:
    """A Dagster asset that replicates one source entity into `raw.<table>`."""

    @dg.asset(
        key=asset_key(entity),
        group_name=entity.source,
        kinds={"python", "postgres"},
        description=description,
        retry_policy=SOURCE_RETRY,
        deps=list(deps),
    )
    def _replicate(
        context: dg.AssetExecutionContext,
        config: SyncConfig,
        postgres: PostgresResource,
        sources: dg.ResourceParam[SourceStandIns],
    ) -> dg.MaterializeResult:
        settings = postgres.settings()
        with postgres.open() as database:
            report = sync(settings, sources.offline, database, cipher_from_settings(settings), config.full_refresh)
        context.log.info("%s.%s: %s", entity.source, entity.name, report.counts)
        source_mode = "real" if settings.source_is_real(entity.source) else "sandbox"  # type: ignore[arg-type]
        return dg.MaterializeResult(metadata={**report.as_metadata(), "source": source_mode})

    return _replicate


def raw_checks(entity: Entity) -> list[dg.AssetChecksDefinition]:
    """Non-empty, fresh (within the source's staleness limit from the alert thresholds seed, the
    one the alerts and the freshness policies use), and (as a warning) few rejects in the last day.
    The three are one step reading the table's health once: a run checks thirteen raw tables, and a
    step per check cost Dagster more than the checks themselves."""
    key, table = asset_key(entity), entity.table
    freshness = SOURCE_FRESHNESS[entity.source]
    specs = [
        dg.AssetCheckSpec(f"{table}_not_empty", asset=key, description="At least one live record landed."),
        dg.AssetCheckSpec(f"{table}_fresh", asset=key, description=f"Loaded within the last {freshness}."),
        dg.AssetCheckSpec(
            f"{table}_few_rejects",
            asset=key,
            description=f"Under {MAX_REJECT_SHARE:.0%} of the last day's records were rejected.",
        ),
    ]

    @dg.multi_asset_check(specs=specs, name=f"{table}_health", can_subset=True)
    def health(context: dg.AssetCheckExecutionContext, postgres: PostgresResource) -> Iterator[dg.AssetCheckResult]:
        with postgres.open() as database:
            figures: RawTableHealth = raw_table_health(database, table)
        age = figures.seconds_since_load
        results = {
            f"{table}_not_empty": dg.AssetCheckResult(
                asset_key=key,
                check_name=f"{table}_not_empty",
                passed=figures.live_records > 0,
                metadata={"live_records": figures.live_records},
            ),
            f"{table}_fresh": dg.AssetCheckResult(
                asset_key=key,
                check_name=f"{table}_fresh",
                passed=age is not None and age <= freshness.total_seconds(),
                metadata={"seconds_since_load": age if age is not None else -1.0},
            ),
            f"{table}_few_rejects": dg.AssetCheckResult(
                asset_key=key,
                check_name=f"{table}_few_rejects",
                passed=figures.reject_share <= MAX_REJECT_SHARE,
                severity=dg.AssetCheckSeverity.WARN,
                metadata={
                    "rejected": figures.rejected_last_day,
                    "loaded": figures.loaded_last_day,
                    "reject_share": figures.reject_share,
                },
            ),
        }
        for check in context.selected_asset_check_keys:
            yield results[check.name]

    return [health]
