"""The commerce code location: every model, seed and test of the demo
lakehouse's dbt project as Dagster assets, built nightly through Trino.

After each build the manifest is published to the dbt-artifacts bucket, where
the portal's dbt provider reads it. dbt runs as dbt-ol, which sends the run's
OpenLineage events (table and column lineage) to the portal.
"""

import os
from pathlib import Path

import boto3
from dagster import (
    AssetExecutionContext,
    Definitions,
    ScheduleDefinition,
    define_asset_job,
)
from dagster_dbt import DbtCliResource, DbtProject, dbt_assets

PROJECT = DbtProject(project_dir=Path(__file__).parent / "dbt")


def publish_manifest(manifest: Path) -> None:
    s3 = boto3.client(
        "s3",
        endpoint_url=os.environ["MINIO_URL"],
        aws_access_key_id=os.environ["MINIO_ACCESS_KEY"],
        aws_secret_access_key=os.environ["MINIO_SECRET_KEY"],
        region_name="us-east-1",
    )
    s3.upload_file(str(manifest), "dbt-artifacts", "commerce/manifest.json")


@dbt_assets(manifest=PROJECT.manifest_path)
def commerce_models(context: AssetExecutionContext, dbt: DbtCliResource):
    invocation = dbt.cli(["build"], context=context)
    yield from invocation.stream()
    publish_manifest(invocation.target_path / "manifest.json")
    context.log.info("published manifest.json to s3://dbt-artifacts/commerce/")


build_commerce = define_asset_job("build_commerce", selection=[commerce_models])

defs = Definitions(
    assets=[commerce_models],
    jobs=[build_commerce],
    schedules=[
        ScheduleDefinition(
            name="commerce_nightly", job=build_commerce, cron_schedule="0 3 * * *"
        )
    ],
    resources={
        "dbt": DbtCliResource(
            project_dir=PROJECT,
            profiles_dir=str(PROJECT.project_dir),
            dbt_executable="dbt-ol",
        )
    },
)
