import { Entity } from '@backstage/catalog-model';
import {
  DatasetDbtInfo,
  DatasetSnapshot,
  DatasetSpec,
  DatasetStats,
  DatasetTest,
  isDataset,
} from '@internal/plugin-lakehouse-common';
import { parseTimestamp } from '@internal/plugin-lakehouse-react';

// Catalog providers fill dataset specs, and entities may also come from
// hand-written YAML; these readers trust nothing about the shape.

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The lakehouse part of a dataset's spec; any field may be missing. */
export function getDatasetSpec(entity: Entity): Partial<DatasetSpec> {
  return (isRecord(entity.spec) ? entity.spec : {}) as Partial<DatasetSpec>;
}

/** What dbt says about a dataset, if anything. */
export function getDbtInfo(
  entity: Entity,
): Partial<DatasetDbtInfo> | undefined {
  const dbt = getDatasetSpec(entity).dbt;
  return isRecord(dbt) ? dbt : undefined;
}

function isSnapshot(value: unknown): value is DatasetSnapshot {
  return (
    isRecord(value) &&
    (typeof value.snapshotId === 'string' ||
      typeof value.snapshotId === 'number')
  );
}

/**
 * The Iceberg snapshots of a dataset, newest first, including the current
 * snapshot even when the provider left it out of the list.
 */
export function getSnapshots(entity: Entity): DatasetSnapshot[] {
  const spec = getDatasetSpec(entity);
  const listed = Array.isArray(spec.snapshots)
    ? spec.snapshots.filter(isSnapshot)
    : [];
  const current = isSnapshot(spec.currentSnapshot)
    ? spec.currentSnapshot
    : undefined;
  const all =
    current &&
    !listed.some(s => String(s.snapshotId) === String(current.snapshotId))
      ? [current, ...listed]
      : listed;
  // Sorted again rather than trusting the provider; snapshots without a
  // readable time keep their place relative to each other, at the end.
  return all
    .map((snapshot, index) => ({
      snapshot,
      index,
      time: parseTimestamp(snapshot.timestamp) ?? -Infinity,
    }))
    .sort((a, b) => b.time - a.time || a.index - b.index)
    .map(s => s.snapshot);
}

/** The id of the snapshot the dataset currently reads, if known. */
export function getCurrentSnapshotId(entity: Entity): string | undefined {
  const current = getDatasetSpec(entity).currentSnapshot;
  return isSnapshot(current) ? String(current.snapshotId) : undefined;
}

/** Tests dbt runs on the dataset as a whole. */
export function getDatasetTests(entity: Entity): DatasetTest[] {
  const tests = getDbtInfo(entity)?.tests;
  return Array.isArray(tests)
    ? tests.filter(
        (t): t is DatasetTest => isRecord(t) && typeof t.name === 'string',
      )
    : [];
}

/** True for a dataset with at least one known Iceberg snapshot: it gets a History tab. */
export function hasSnapshots(entity: Entity): boolean {
  return isDataset(entity) && getSnapshots(entity).length > 0;
}

/** True for a dataset defined by a dbt model with SQL: it gets a SQL tab. */
export function hasDbtSql(entity: Entity): boolean {
  const rawSql = getDbtInfo(entity)?.rawSql;
  return (
    isDataset(entity) && typeof rawSql === 'string' && rawSql.trim() !== ''
  );
}

function formatPartitionField(field: unknown): string | undefined {
  if (!isRecord(field) || typeof field.transform !== 'string') {
    return undefined;
  }
  const source =
    typeof field.sourceColumn === 'string' && field.sourceColumn
      ? field.sourceColumn
      : field.name;
  if (typeof source !== 'string' || !source) return undefined;
  const transform = field.transform.trim().toLocaleLowerCase('en-US');
  if (transform === 'identity') return source;
  // Iceberg writes parameterised transforms as bucket[16] and truncate[10];
  // shown as in Iceberg's SQL DDL.
  const parameterised = /^(\w+)\[(\d+)\]$/.exec(transform);
  if (parameterised) {
    return `${parameterised[1]}(${parameterised[2]}, ${source})`;
  }
  return `${transform}(${source})`;
}

/**
 * The partition spec of a dataset as in Iceberg's SQL DDL, e.g.
 * `day(order_date), bucket(16, customer_id)`; `unpartitioned` for an empty
 * spec; undefined when the partitioning is not known.
 */
export function formatPartitioning(entity: Entity): string | undefined {
  const fields = getDatasetSpec(entity).partitioning;
  if (!Array.isArray(fields)) return undefined;
  if (fields.length === 0) return 'unpartitioned';
  const parts = fields.map(formatPartitionField);
  return parts.every((p): p is string => p !== undefined)
    ? parts.join(', ')
    : undefined;
}

/**
 * Size and freshness of a dataset: spec.stats, completed from the current
 * Iceberg snapshot, which carries the same figures when a provider did not
 * summarise them.
 */
export function getDatasetStats(entity: Entity): DatasetStats {
  const spec = getDatasetSpec(entity);
  const stats: Partial<DatasetStats> = isRecord(spec.stats) ? spec.stats : {};
  const current: Partial<DatasetSnapshot> = isRecord(spec.currentSnapshot)
    ? spec.currentSnapshot
    : {};
  return {
    rows: stats.rows ?? current.totalRecords,
    sizeBytes: stats.sizeBytes ?? current.totalFilesSize,
    files: stats.files ?? current.totalDataFiles,
    lastUpdated: stats.lastUpdated ?? current.timestamp,
  };
}

/** A part of a table identifier, quoted when SQL would not read it bare. */
function quoteIdentifierPart(part: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(part)
    ? part
    : `"${part.replace(/"/g, '""')}"`;
}

/**
 * The statement that shows the first rows of a table, for the SQL console:
 * `SELECT * FROM lakehouse.gold.fct_orders LIMIT 100`.
 */
export function selectFirstRows(table: string, limit = 100): string {
  const name = table.split('.').map(quoteIdentifierPart).join('.');
  return `SELECT * FROM ${name} LIMIT ${limit}`;
}
