#!/bin/bash
# Buckets, policies and users of the lakehouse, created with the MinIO
# client as the root user. Safe to run again: existing buckets are kept,
# policies and users are overwritten with the same content.
set -euo pipefail

until mc alias set lakehouse "$MINIO_URL" "$MINIO_ROOT_USER" "$MINIO_ROOT_PASSWORD" >/dev/null; do
  echo "waiting for MinIO at $MINIO_URL"
  sleep 5
done

# warehouse: Iceberg tables; dbt-artifacts: dbt manifests; mlflow: models.
for bucket in warehouse dbt-artifacts mlflow; do
  mc mb --ignore-existing "lakehouse/$bucket"
done

for policy in warehouse-readwrite mlflow-readwrite mlflow-read dbt-artifacts-readwrite dbt-artifacts-read; do
  mc admin policy create lakehouse "$policy" "/setup/$policy.json"
done

user() {
  local access_key=$1 secret_key=$2 policy=$3
  mc admin user add lakehouse "$access_key" "$secret_key"
  # Attaching a policy the user already has is an error; it is not one here.
  mc admin policy attach lakehouse "$policy" --user "$access_key" || true
}

user "$LAKEHOUSE_ACCESS_KEY" "$LAKEHOUSE_SECRET_KEY" warehouse-readwrite
user "$MLFLOW_ACCESS_KEY" "$MLFLOW_SECRET_KEY" mlflow-readwrite
user "$DAGSTER_ACCESS_KEY" "$DAGSTER_SECRET_KEY" dbt-artifacts-readwrite
user "$PORTAL_ACCESS_KEY" "$PORTAL_SECRET_KEY" dbt-artifacts-read
user "$MODEL_READER_ACCESS_KEY" "$MODEL_READER_SECRET_KEY" mlflow-read

mc ls lakehouse
