import type {
  DatasetColumn,
  DatasetPartitionField,
  DatasetSnapshot,
} from '@internal/plugin-lakehouse-common';
import { DatasetFragment } from '../../model/fragment';
import {
  IcebergField,
  IcebergTableMetadata,
  IcebergType,
} from './IcebergRestClient';

/** Iceberg's own spelling of a type: `long`, `decimal(12, 2)`, `list<string>`, `struct<a: int>`. */
export function formatIcebergType(type: IcebergType): string {
  if (typeof type === 'string') return type;
  switch (type.type) {
    case 'struct':
      return `struct<${type.fields
        .map(f => `${f.name}: ${formatIcebergType(f.type)}`)
        .join(', ')}>`;
    case 'list':
      return `list<${formatIcebergType(type.element)}>`;
    case 'map':
      return `map<${formatIcebergType(type.key)}, ${formatIcebergType(
        type.value,
      )}>`;
    default:
      return JSON.stringify(type);
  }
}

const idText = (id: string | number | null | undefined) =>
  id === undefined || id === null ? undefined : String(id);

// Summary fields of a snapshot (strings in the spec) and where they go.
const SUMMARY_FIGURES: [string, keyof DatasetSnapshot][] = [
  ['added-records', 'addedRecords'],
  ['deleted-records', 'deletedRecords'],
  ['total-records', 'totalRecords'],
  ['added-files-size', 'addedFilesSize'],
  ['total-files-size', 'totalFilesSize'],
  ['total-data-files', 'totalDataFiles'],
];

function toSnapshot(
  snapshot: NonNullable<IcebergTableMetadata['snapshots']>[number],
): DatasetSnapshot {
  const summary = snapshot.summary ?? {};
  const result: DatasetSnapshot = {
    snapshotId: String(snapshot['snapshot-id']),
    timestamp: new Date(snapshot['timestamp-ms']).toISOString(),
  };
  const parent = idText(snapshot['parent-snapshot-id']);
  if (parent) result.parentSnapshotId = parent;
  if (summary.operation) result.operation = summary.operation;
  for (const [field, key] of SUMMARY_FIGURES) {
    const text = summary[field];
    if (text === undefined) continue;
    const value = Number(text);
    if (Number.isFinite(value)) (result as any)[key] = value;
  }
  return result;
}

/** Turns the metadata of one Iceberg table into a dataset fragment. */
export function icebergTableToFragment(options: {
  sourceId: string;
  catalogName: string;
  namespace: string[];
  table: string;
  metadata: IcebergTableMetadata;
  snapshotHistory: number;
}): DatasetFragment {
  const { metadata } = options;
  const identifier = [options.catalogName, ...options.namespace, options.table]
    .join('.')
    .toLocaleLowerCase('en-US');
  const schema =
    metadata.schemas?.find(
      s => s['schema-id'] === metadata['current-schema-id'],
    ) ?? metadata.schemas?.[metadata.schemas.length - 1];
  const fields: IcebergField[] = schema?.fields ?? [];
  const columns: DatasetColumn[] = fields.map(field => {
    const column: DatasetColumn = {
      name: field.name,
      type: formatIcebergType(field.type),
      nullable: !field.required,
    };
    if (field.doc) column.description = field.doc;
    return column;
  });

  const spec = metadata['partition-specs']?.find(
    s => s['spec-id'] === metadata['default-spec-id'],
  );
  const partitioning: DatasetPartitionField[] = (spec?.fields ?? []).map(
    field => {
      const partition: DatasetPartitionField = {
        name: field.name,
        transform: field.transform,
      };
      const source = fields.find(f => f.id === field['source-id']);
      if (source) partition.sourceColumn = source.name;
      return partition;
    },
  );

  const snapshots = [...(metadata.snapshots ?? [])]
    .sort((a, b) => b['timestamp-ms'] - a['timestamp-ms'])
    .map(toSnapshot);
  const currentId = idText(metadata['current-snapshot-id']);
  const current = snapshots.find(s => s.snapshotId === currentId);

  const lastUpdatedMs =
    metadata['last-updated-ms'] ??
    (current ? Date.parse(current.timestamp) : undefined);
  const stats: DatasetFragment['stats'] = {};
  if (current?.totalRecords !== undefined) stats.rows = current.totalRecords;
  if (current?.totalFilesSize !== undefined)
    stats.sizeBytes = current.totalFilesSize;
  if (current?.totalDataFiles !== undefined)
    stats.files = current.totalDataFiles;
  if (lastUpdatedMs !== undefined)
    stats.lastUpdated = new Date(lastUpdatedMs).toISOString();

  const properties = metadata.properties ?? {};
  const fragment: DatasetFragment = {
    identifier,
    sourceKind: 'iceberg',
    sourceId: options.sourceId,
    title: options.table,
    format: 'iceberg',
    columns,
    stats,
  };
  if (properties.comment) fragment.description = properties.comment;
  if (metadata.location) fragment.location = metadata.location;
  if (partitioning.length) fragment.partitioning = partitioning;
  if (Object.keys(properties).length) {
    fragment.properties = Object.fromEntries(
      Object.entries(properties).sort(([a], [b]) => a.localeCompare(b)),
    );
  }
  if (current) fragment.currentSnapshot = current;
  if (snapshots.length)
    fragment.snapshots = snapshots.slice(0, options.snapshotHistory);
  return fragment;
}
