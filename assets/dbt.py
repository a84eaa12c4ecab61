"""The dbt project as Dagster assets: one lineage from raw tables to marts, dbt tests as checks."""

from collections.abc import Iterator, Mapping
from typing import Any

import dagster as dg
from dagster_dbt import DagsterDbtTranslator, DagsterDbtTranslatorSettings, DbtCliResource, DbtProject, dbt_assets

from ehub.paths import DBT_PROJECT_DIR
from pipelines.resources import PostgresResource

DBT_PROJECT = DbtProject(project_dir=DBT_PROJECT_DIR, profiles_dir=DBT_PROJECT_DIR)


class EhubDbtTranslator(DagsterDbtTranslator):
    """Keys models by `<schema>/<model>` and groups them by layer (staging, intermediate, marts)."""

    def get_asset_spec(self, manifest: Mapping[str, Any], unique_id: str, project: DbtProject | None) -> dg.AssetSpec:
        spec = super().get_asset_spec(manifest, unique_id, project)
        props = self.get_resource_props(manifest, unique_id)
        if props["resource_type"] not in ("model", "seed", "snapshot"):
            return spec
        layer = props["fqn"][1] if len(props["fqn"]) > 2 else "dbt"
        return spec.replace_attributes(key=dg.AssetKey([props["schema"], props["name"]]), group_name=layer)


@dbt_assets(
    manifest=DBT_PROJECT.manifest_path,
    project=DBT_PROJECT,
    dagster_dbt_translator=EhubDbtTranslator(settings=DagsterDbtTranslatorSettings(enable_asset_checks=True)),
)
def dbt_models(context: dg.AssetExecutionContext, dbt: DbtCliResource, postgres: PostgresResource) -> Iterator[Any]:
    with postgres.dbt_environment():
        yield from dbt.cli(["build"], context=context).stream()


defs = dg.Definitions(assets=[dbt_models])
