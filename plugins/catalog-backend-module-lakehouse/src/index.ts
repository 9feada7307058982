/**
 * Catalog providers that discover lakehouse datasets from dbt manifests,
 * Iceberg REST catalogs (Apache Polaris included) and Trino.
 *
 * @packageDocumentation
 */
export { catalogModuleLakehouseDatasets as default } from './module';
export { mergeFragments } from './provider/mergeFragments';
export type { DatasetFragment } from './model/fragment';
export { dbtManifestToFragments, parseDbtManifest } from './sources/dbt';
