"""The dbt project as Dagster assets: one lineage from raw tables to marts, dbt tests as checks.

The translator is the one place that sets keys (`<schema>/<model>`), groups (the layer, or the mart
area) and automation: every model materializes eagerly once the assets it reads have updated,
so marts refresh after a sync without rebuilding what did not change.

Each run builds what `ehub.dbt_builds` says: the whole project the first time and whenever the
project changed, otherwise only what a new day can change (the staging views, seeds and unit
tests are skipped, and so are their checks). `full: true` in the run config forces everything, as
the weekly `dbt_full` schedule does, so the checks the day's builds skip still run every week.

All models are one asset set: incremental models sit between staging and marts, so a separate set
would split every run into several dbt invocations (about 5 s of dbt start-up each) for nothing.
"""

from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from ehub.dbt_builds import dbt_build
from ehub.paths import DBT_PROJECT_DIR
from pipelines.resources import PostgresResource

DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class EhubDbtTranslator(DagsterDbtTranslator):
    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] not in ("model", "seed", "snapshot"):
            return spec
        folders = props["fqn"][1:-1]
        group = folders[1] if len(folders) > 1 and folders[0] == "marts" else (folders[0] if folders else "seeds")
        return spec.replace_attributes(
            key=dg.AssetKey([props["schema"], props["name"]]),
            group_name=group,
            automation_condition=dg.AutomationCondition.eager(),
        )


class DbtBuildConfig(dg.Config):
    full: bool = False
    """Build every model, seed and test even if the dbt project is unchanged since the last full build."""


TRANSLATOR = EhubDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True))


@dbt_assets(manifest=DBT_PROJECT.manifest_path, project=DBT_PROJECT, dagster_dbt_translator=TRANSLATOR)
def dbt_models(
    context: dg.AssetExecutionContext, dbt: DbtCliResource, postgres: PostgresResource, config: DbtBuildConfig
) -> Iterator[Any]:
    with (
        postgres.dbt_environment() as database,
        dbt_build(database, full=config.full, whole_project=not context.is_subset) as args,
    ):
        yield from dbt.cli(list(args), context=context).stream()


dbt_full_job = dg.define_asset_job(
    "dbt_full",
    selection=dg.AssetSelection.assets(dbt_models),
    config=dg.RunConfig(ops={"dbt_models": DbtBuildConfig(full=True)}),
    description="Build and test every dbt model, seed and unit test, including what the day's build skips.",
)

dbt_full_weekly = dg.ScheduleDefinition(
    name="dbt_full_weekly",
    job=dbt_full_job,
    cron_schedule="0 3 * * 0",
    execution_timezone="America/Chicago",
    description="Sunday 03:00 Austin time: the staging and seed tests the day's builds skip run at least weekly.",
)

defs = dg.Definitions(assets=[dbt_models], jobs=[dbt_full_job], schedules=[dbt_full_weekly])
