/**
 * Catalog providers that discover the lakehouse: datasets from dbt
 * manifests, Iceberg REST catalogs (Apache Polaris included) and Trino;
 * feature views and services from Feast, models from MLflow and model
 * deployments from KServe.
 *
 * @packageDocumentation
 */
export { catalogModuleLakehouseDatasets as default } from './module';
export { mergeFragments } from './provider/mergeFragments';
export type { DatasetFragment } from './model/fragment';
export { dbtManifestToFragments, parseDbtManifest } from './sources/dbt';
export { buildMlEntities } from './ml/buildMlEntities';
export type { MlBuildContext, MlSourceDefaults } from './ml/buildMlEntities';
export type { MlRecord } from './ml/records';
export { feastToRecords } from './sources/feast/feastToRecords';
