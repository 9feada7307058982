import type { Entity } from '@backstage/catalog-model';

/** A column of a dataset, as shown on the dataset page. @public */
export interface DatasetColumn {
  name: string;
  type?: string;
  nullable?: boolean;
  description?: string;
  /** Classification tags, e.g. `pii`. */
  tags?: string[];
  /** Data tests on this column, e.g. `unique`, `not_null`. */
  tests?: string[];
}

/** A data test on a dataset or one of its columns (dbt generic or singular test). @public */
export interface DatasetTest {
  /** Test name, e.g. `unique`, `not_null`, `relationships`, `accepted_values`. */
  name: string;
  /** Column the test is attached to, if any. */
  column?: string;
  /** dbt unique_id of the test node. */
  uniqueId?: string;
}

/** One Iceberg snapshot of a dataset. @public */
export interface DatasetSnapshot {
  /** Snapshot id as a decimal string: Iceberg ids exceed JavaScript's safe integers. */
  snapshotId: string;
  parentSnapshotId?: string;
  /** When the snapshot was committed (ISO 8601). */
  timestamp: string;
  /** append, overwrite, replace or delete. */
  operation?: string;
  addedRecords?: number;
  deletedRecords?: number;
  totalRecords?: number;
  addedFilesSize?: number;
  totalFilesSize?: number;
  totalDataFiles?: number;
}

/** One field of a dataset's partition spec. @public */
export interface DatasetPartitionField {
  /** Partition field name, e.g. `order_date_day`. */
  name: string;
  /** Iceberg transform: identity, year, month, day, hour, bucket[N], truncate[W], void. */
  transform: string;
  /** Column the partition is derived from. */
  sourceColumn?: string;
}

/** What dbt says about a dataset. @public */
export interface DatasetDbtInfo {
  uniqueId: string;
  resourceType: 'model' | 'seed' | 'snapshot' | 'source';
  project?: string;
  materialized?: string;
  /** Path of the defining file in the dbt project. */
  path?: string;
  rawSql?: string;
  compiledSql?: string;
  /** Tests on the dataset as a whole (column tests live on the columns). */
  tests?: DatasetTest[];
  /** Source freshness rule, e.g. `warn after 12 hour, error after 24 hour`. */
  freshnessRule?: string;
  /**
   * When dbt wrote the manifest the dataset was read from (ISO 8601), i.e.
   * the time of the run that built the model, seed or snapshot. Not set for
   * sources: dbt does not load them.
   */
  generatedAt?: string;
  /** dbt exposures (dashboards, ML models, applications) that use the dataset. */
  exposures?: { name: string; type: string; url?: string; owner?: string }[];
}

/** Size and freshness figures of a dataset. @public */
export interface DatasetStats {
  rows?: number;
  sizeBytes?: number;
  files?: number;
  /** Last time the data changed (ISO 8601). */
  lastUpdated?: string;
}

/**
 * The lakehouse-specific part of a dataset's spec. Stock Resource fields
 * (type, owner, system, dependsOn) stay where Backstage expects them.
 * @public
 */
export interface DatasetSpec {
  type: 'dataset';
  owner: string;
  system?: string;
  dependsOn?: string[];
  columns?: DatasetColumn[];
  /** Table format, e.g. `iceberg`, or the dbt materialization for views. */
  format?: string;
  /** Storage location, e.g. `s3://warehouse/gold/fct_orders`. */
  location?: string;
  partitioning?: DatasetPartitionField[];
  properties?: Record<string, string>;
  stats?: DatasetStats;
  currentSnapshot?: DatasetSnapshot;
  /** Recent snapshots, newest first. */
  snapshots?: DatasetSnapshot[];
  dbt?: DatasetDbtInfo;
}

/** An entity with a typed spec. @public */
export type TypedEntity<S> = Entity & { spec: S };

/** The systems catalog providers read lakehouse entities from. @public */
export type LakehouseSourceKind =
  | 'dbt'
  | 'iceberg'
  | 'trino'
  | 'feast'
  | 'mlflow'
  | 'kserve';

/**
 * State of one source a catalog provider reads datasets from, as
 * `GET /api/catalog/lakehouse/sources` reports it.
 * @public
 */
export interface DatasetSourceStatus {
  /** Provider id, e.g. `dbt:demo`, `iceberg:polaris`, `trino:warehouse`. */
  id: string;
  kind: LakehouseSourceKind;
  /** What is read: a manifest location or a server URL (no secrets). */
  target: string;
  /** ok: last run succeeded; failing: last run failed, previous entities kept; pending: not run yet. */
  state: 'ok' | 'failing' | 'pending';
  /** Datasets the source currently contributes (0 for sources of other entities). */
  datasets: number;
  /**
   * Entities the source currently contributes: datasets, feature views and
   * services, models or model deployments.
   */
  entities?: number;
  /** What the source's entities are, e.g. `datasets`, `feature views and feature services`. */
  contributes?: string;
  lastAttemptAt?: string;
  lastSuccessAt?: string;
  /** Why the last run failed, naming the source and the cause. */
  lastError?: string;
}
