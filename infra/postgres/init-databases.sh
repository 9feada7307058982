#!/bin/bash
# Runs once, when the data directory is empty: one login role and one
# database per application, each role owning only its database. The portal's
# role may create databases, because Backstage keeps one per plugin.
set -euo pipefail

create() {
  local role=$1 password=$2 database=$3 extra=${4:-}
  psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname postgres <<SQL
CREATE ROLE "$role" LOGIN PASSWORD '$password' $extra;
CREATE DATABASE "$database" OWNER "$role";
SQL
}

create "$POLARIS_DB_USER" "$POLARIS_DB_PASSWORD" polaris
create "$DAGSTER_DB_USER" "$DAGSTER_DB_PASSWORD" dagster
create "$MLFLOW_DB_USER" "$MLFLOW_DB_PASSWORD" mlflow
create "$FEAST_DB_USER" "$FEAST_DB_PASSWORD" feast_registry
create "$PORTAL_DB_USER" "$PORTAL_DB_PASSWORD" backstage CREATEDB
