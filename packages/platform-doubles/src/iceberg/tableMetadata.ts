/*
 * Builder of realistic Iceberg format-version 2 table metadata, shaped like the Iceberg table spec
 * (https://iceberg.apache.org/spec/#table-metadata-fields), the TableMetadata schema of
 * iceberg-rest-catalog-open-api.yaml (apache-iceberg-1.11.0) and Iceberg's own test fixture
 * core/src/test/resources/TableMetadataV2Valid.json. Snapshot ids are int64 values above
 * Number.MAX_SAFE_INTEGER, held as `bigint` so that no digit is lost when written.
 */
import { createHash } from 'node:crypto';

/**
 * A field of an Iceberg schema.
 *
 * @public
 */
export interface IcebergSchemaField {
  id: number;
  name: string;
  /** Primitive type name (`long`, `decimal(12,2)`, `timestamptz`...) or a nested type object. */
  type: string | Record<string, unknown>;
  required: boolean;
  doc?: string;
}

/**
 * A snapshot of an Iceberg table.
 *
 * @public
 */
export interface IcebergSnapshot {
  'snapshot-id': bigint;
  'parent-snapshot-id'?: bigint;
  'sequence-number': number;
  'timestamp-ms': number;
  'manifest-list': string;
  summary: { operation: string } & Record<string, string>;
  'schema-id': number;
}

/**
 * Iceberg table metadata, format version 2, as built by {@link buildTableMetadata}.
 *
 * @public
 */
export interface IcebergTableMetadata {
  'format-version': 2;
  'table-uuid': string;
  location: string;
  'last-sequence-number': number;
  'last-updated-ms': number;
  'last-column-id': number;
  'current-schema-id': number;
  schemas: Array<{
    type: 'struct';
    'schema-id': number;
    'identifier-field-ids'?: number[];
    fields: IcebergSchemaField[];
  }>;
  'default-spec-id': number;
  'partition-specs': Array<{
    'spec-id': number;
    fields: Array<{
      name: string;
      transform: string;
      'source-id': number;
      'field-id': number;
    }>;
  }>;
  'last-partition-id': number;
  'default-sort-order-id': number;
  'sort-orders': Array<{ 'order-id': number; fields: unknown[] }>;
  properties: Record<string, string>;
  'current-snapshot-id': bigint | -1;
  refs: Record<string, { 'snapshot-id': bigint; type: 'branch' | 'tag' }>;
  snapshots: IcebergSnapshot[];
  statistics: unknown[];
  'partition-statistics': unknown[];
  'snapshot-log': Array<{ 'snapshot-id': bigint; 'timestamp-ms': number }>;
  'metadata-log': Array<{ 'metadata-file': string; 'timestamp-ms': number }>;
}

/**
 * Column of a table built by {@link buildTableMetadata}.
 *
 * @public
 */
export interface IcebergColumnSpec {
  name: string;
  /** Iceberg type: boolean, int, long, float, double, decimal(P,S), date, time, timestamp, timestamptz, string, uuid, binary... */
  type: string;
  required?: boolean;
  doc?: string;
}

/**
 * Options of {@link buildTableMetadata}. Everything has a realistic default.
 *
 * @public
 */
export interface TableMetadataOptions {
  /** Namespace levels, used in the default location. Default `['sales']`. */
  namespace?: string[];
  /** Table name, used in the default location. Default `'orders'`. */
  name?: string;
  /** Table location. Default `s3://warehouse/<ns levels>/<name>`. */
  location?: string;
  /** Table UUID. Default: derived from namespace and name (stable). */
  tableUuid?: string;
  /** Columns. Default: an orders table (order_id, customer_id, order_date, amount, status, updated_at). */
  columns?: IcebergColumnSpec[];
  /**
   * Partition fields as `transform(column)` strings, e.g. `day(order_date)`, `bucket[16](customer_id)`,
   * `identity(status)`. Default `['day(order_date)']` when there is an order_date column, else none.
   */
  partitionBy?: string[];
  /** Table properties, merged over the defaults (owner, write.format.default...). */
  properties?: Record<string, string>;
  /** Number of snapshots (0 gives a table without data). Default 3. */
  snapshotCount?: number;
  /** Id of the first snapshot; later ones add `snapshotIdStep`. Default 3051729675574597004n (> 2^53). */
  firstSnapshotId?: bigint;
  /** Difference between successive snapshot ids. Default 4000000000000123n. */
  snapshotIdStep?: bigint;
  /** Timestamp of the last snapshot and of last-updated-ms. Default 1717171200000 (2024-05-31). */
  lastUpdatedMs?: number;
  /** Records appended by each snapshot. Default 125000. */
  recordsPerSnapshot?: number;
  /** Average bytes per record in data files. Default 48. */
  bytesPerRecord?: number;
}

const DEFAULT_COLUMNS: IcebergColumnSpec[] = [
  {
    name: 'order_id',
    type: 'long',
    required: true,
    doc: 'Unique id of the order',
  },
  {
    name: 'customer_id',
    type: 'long',
    required: true,
    doc: 'Customer who placed the order',
  },
  {
    name: 'order_date',
    type: 'date',
    required: true,
    doc: 'Day the order was placed',
  },
  {
    name: 'amount',
    type: 'decimal(12,2)',
    required: false,
    doc: 'Order total in EUR',
  },
  {
    name: 'status',
    type: 'string',
    required: false,
    doc: 'placed, shipped, delivered or returned',
  },
  {
    name: 'updated_at',
    type: 'timestamptz',
    required: false,
    doc: 'Last change of the row',
  },
];

const DAY_MS = 86_400_000;

/** A stable UUID-shaped string derived from `seed`. */
export function stableUuid(seed: string): string {
  const h = createHash('sha1').update(seed).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(
    17,
    20,
  )}-${h.slice(20, 32)}`;
}

function partitionFieldName(transform: string, source: string): string {
  if (transform === 'identity') {
    return source;
  }
  if (transform.startsWith('bucket')) {
    return `${source}_bucket`;
  }
  if (transform.startsWith('truncate')) {
    return `${source}_trunc`;
  }
  return `${source}_${transform}`;
}

/**
 * Builds realistic Iceberg v2 table metadata: schema with ids, types, required flags and docs,
 * a partition spec (day(order_date) by default), properties, several append snapshots whose
 * summaries carry operation, added-records, total-records, added-files-size, total-files-size...,
 * refs, snapshot-log and metadata-log. Snapshot ids are `bigint` and exceed Number.MAX_SAFE_INTEGER.
 *
 * @public
 */
export function buildTableMetadata(
  options: TableMetadataOptions = {},
): IcebergTableMetadata {
  const namespace = options.namespace ?? ['sales'];
  const name = options.name ?? 'orders';
  const location =
    options.location ?? `s3://warehouse/${namespace.join('/')}/${name}`;
  const tableUuid =
    options.tableUuid ?? stableUuid(`${namespace.join('\u001f')}.${name}`);
  const columns = options.columns ?? DEFAULT_COLUMNS;
  const fields: IcebergSchemaField[] = columns.map((c, i) => {
    const field: IcebergSchemaField = {
      id: i + 1,
      name: c.name,
      required: c.required ?? false,
      type: c.type,
    };
    if (c.doc !== undefined) {
      field.doc = c.doc;
    }
    return field;
  });
  const byName = new Map(fields.map(f => [f.name, f]));

  const partitionBy =
    options.partitionBy ??
    (byName.has('order_date') ? ['day(order_date)'] : []);
  const partitionFields = partitionBy.map((expr, i) => {
    const m = /^\s*([a-z]+(?:\[\d+\])?)\s*\(\s*([^)\s]+)\s*\)\s*$/i.exec(expr);
    if (!m) {
      throw new Error(
        `Invalid partition expression '${expr}', expected e.g. day(order_date)`,
      );
    }
    const source = byName.get(m[2]);
    if (!source) {
      throw new Error(`Partition source column '${m[2]}' is not in the schema`);
    }
    return {
      name: partitionFieldName(m[1], m[2]),
      transform: m[1],
      'source-id': source.id,
      'field-id': 1000 + i,
    };
  });

  const snapshotCount = options.snapshotCount ?? 3;
  const firstId = options.firstSnapshotId ?? 3051729675574597004n;
  const step = options.snapshotIdStep ?? 4000000000000123n;
  const lastUpdatedMs = options.lastUpdatedMs ?? 1717171200000;
  const recordsPerSnapshot = options.recordsPerSnapshot ?? 125_000;
  const bytesPerRecord = options.bytesPerRecord ?? 48;

  const snapshots: IcebergSnapshot[] = [];
  let totalRecords = 0;
  let totalBytes = 0;
  let totalFiles = 0;
  for (let i = 0; i < snapshotCount; i++) {
    const id = firstId + BigInt(i) * step;
    const added = recordsPerSnapshot + i * 1_000;
    const addedBytes = added * bytesPerRecord;
    const addedFiles = 4 + i;
    totalRecords += added;
    totalBytes += addedBytes;
    totalFiles += addedFiles;
    const snapshot: IcebergSnapshot = {
      'snapshot-id': id,
      'sequence-number': i + 1,
      'timestamp-ms': lastUpdatedMs - (snapshotCount - 1 - i) * DAY_MS,
      'manifest-list': `${location}/metadata/snap-${id}-1-${stableUuid(
        `${tableUuid}/${i}`,
      )}.avro`,
      summary: {
        operation: 'append',
        'added-data-files': String(addedFiles),
        'added-records': String(added),
        'added-files-size': String(addedBytes),
        'changed-partition-count': '1',
        'total-records': String(totalRecords),
        'total-files-size': String(totalBytes),
        'total-data-files': String(totalFiles),
        'total-delete-files': '0',
        'total-position-deletes': '0',
        'total-equality-deletes': '0',
      },
      'schema-id': 0,
    };
    if (i > 0) {
      snapshot['parent-snapshot-id'] = snapshots[i - 1]['snapshot-id'];
    }
    snapshots.push(snapshot);
  }
  const current = snapshots.length
    ? snapshots[snapshots.length - 1]['snapshot-id']
    : undefined;

  const metadataLog = snapshots.slice(0, -1).map((s, i) => ({
    'metadata-file': `${location}/metadata/${String(i + 1).padStart(
      5,
      '0',
    )}-${stableUuid(`${tableUuid}/m${i}`)}.metadata.json`,
    'timestamp-ms': s['timestamp-ms'],
  }));

  const identifier = byName.get('order_id');
  return {
    'format-version': 2,
    'table-uuid': tableUuid,
    location,
    'last-sequence-number': snapshots.length,
    'last-updated-ms': lastUpdatedMs,
    'last-column-id': fields.length,
    'current-schema-id': 0,
    schemas: [
      {
        type: 'struct',
        'schema-id': 0,
        ...(identifier?.required
          ? { 'identifier-field-ids': [identifier.id] }
          : {}),
        fields,
      },
    ],
    'default-spec-id': 0,
    'partition-specs': [{ 'spec-id': 0, fields: partitionFields }],
    'last-partition-id': partitionFields.length
      ? 999 + partitionFields.length
      : 999,
    'default-sort-order-id': 0,
    'sort-orders': [{ 'order-id': 0, fields: [] }],
    properties: {
      owner: 'data-platform',
      'write.format.default': 'parquet',
      'write.parquet.compression-codec': 'zstd',
      'write.metadata.delete-after-commit.enabled': 'true',
      ...options.properties,
    },
    'current-snapshot-id': current ?? -1,
    refs:
      current === undefined
        ? {}
        : { main: { 'snapshot-id': current, type: 'branch' } },
    snapshots,
    statistics: [],
    'partition-statistics': [],
    'snapshot-log': snapshots.map(s => ({
      'snapshot-id': s['snapshot-id'],
      'timestamp-ms': s['timestamp-ms'],
    })),
    'metadata-log': metadataLog,
  };
}
