import fs from 'node:fs';
import path from 'node:path';
import { DatasetFragment } from '../model/fragment';
import { dbtManifestToFragments, parseDbtManifest } from '../sources/dbt';
import { mergeFragments, SourceDefaults } from './mergeFragments';

const sources = new Map<string, SourceDefaults>([
  [
    'dbt:demo',
    {
      kind: 'dbt',
      defaultOwner: 'group:default/analytics-engineering',
      system: 'commerce-lakehouse',
    },
  ],
  [
    'iceberg:polaris',
    { kind: 'iceberg', defaultOwner: 'group:default/data-platform' },
  ],
  [
    'trino:adhoc',
    { kind: 'trino', defaultOwner: 'group:default/data-platform' },
  ],
]);

const dbtOrders: DatasetFragment = {
  identifier: 'lakehouse.gold.fct_orders',
  sourceKind: 'dbt',
  sourceId: 'dbt:demo',
  title: 'fct_orders',
  description: 'Order fact, one row per order.',
  owner: 'analytics-engineering',
  layer: 'gold',
  tags: ['gold', 'Finance Reports'],
  upstream: ['lakehouse.bronze.stg_orders', 'lakehouse.silver.dim_customers'],
  columns: [
    {
      name: 'order_id',
      type: 'bigint',
      description: 'Primary key.',
      tests: ['unique', 'not_null'],
    },
    { name: 'customer_email', description: 'Who ordered.', tags: ['pii'] },
    { name: 'documented_only', description: 'Planned column.' },
  ],
  dbt: {
    uniqueId: 'model.commerce.fct_orders',
    resourceType: 'model',
    project: 'commerce',
    rawSql: 'select 1',
  },
  links: [
    {
      url: 'https://bi.example.com/d/1',
      title: 'Exposure: Revenue (dashboard)',
    },
  ],
};

const icebergOrders: DatasetFragment = {
  identifier: 'lakehouse.gold.fct_orders',
  sourceKind: 'iceberg',
  sourceId: 'iceberg:polaris',
  title: 'fct_orders',
  description: 'table comment',
  format: 'iceberg',
  location: 's3://warehouse/gold/fct_orders',
  columns: [
    {
      name: 'customer_email',
      type: 'string',
      nullable: true,
      description: 'iceberg doc',
    },
    { name: 'order_id', type: 'long', nullable: false },
  ],
  partitioning: [
    { name: 'order_date_day', transform: 'day', sourceColumn: 'order_date' },
  ],
  stats: {
    rows: 2400,
    sizeBytes: 123456,
    lastUpdated: '2025-09-01T03:00:00.000Z',
  },
  currentSnapshot: {
    snapshotId: '3055729675574597004',
    timestamp: '2025-09-01T03:00:00.000Z',
    totalRecords: 2400,
  },
  snapshots: [
    {
      snapshotId: '3055729675574597004',
      timestamp: '2025-09-01T03:00:00.000Z',
    },
  ],
};

describe('mergeFragments', () => {
  it('makes one entity of a table that several sources know', () => {
    const entities = mergeFragments([icebergOrders, dbtOrders], sources);
    expect(entities).toHaveLength(1);
    const [orders] = entities;
    expect(orders.metadata).toMatchObject({
      name: 'lakehouse.gold.fct_orders',
      namespace: 'default',
      title: 'fct_orders',
      description: 'Order fact, one row per order.',
      tags: ['finance-reports', 'gold', 'pii'],
      links: [
        {
          url: 'https://bi.example.com/d/1',
          title: 'Exposure: Revenue (dashboard)',
        },
      ],
    });
    expect(orders.metadata.annotations).toEqual({
      'backstage.io/managed-by-location':
        'lakehouse-datasets:dbt:demo,iceberg:polaris',
      'backstage.io/managed-by-origin-location':
        'lakehouse-datasets:dbt:demo,iceberg:polaris',
      'lakehouse.dev/table': 'lakehouse.gold.fct_orders',
      'lakehouse.dev/source-systems': 'dbt,iceberg',
      'lakehouse.dev/layer': 'gold',
      'lakehouse.dev/classification': 'pii',
      'lakehouse.dev/dbt-unique-id': 'model.commerce.fct_orders',
      'lakehouse.dev/dbt-project': 'commerce',
    });
  });

  it('takes meaning from dbt and the physical table from Iceberg', () => {
    const [orders] = mergeFragments([dbtOrders, icebergOrders], sources);
    expect(orders.spec).toMatchObject({
      type: 'dataset',
      owner: 'analytics-engineering',
      system: 'commerce-lakehouse',
      dependsOn: [
        'resource:default/lakehouse.bronze.stg_orders',
        'resource:default/lakehouse.silver.dim_customers',
      ],
      format: 'iceberg',
      location: 's3://warehouse/gold/fct_orders',
      stats: { rows: 2400, sizeBytes: 123456 },
      currentSnapshot: { snapshotId: '3055729675574597004' },
      dbt: { uniqueId: 'model.commerce.fct_orders' },
    });
    expect(orders.spec!.columns).toEqual([
      {
        name: 'customer_email',
        type: 'string',
        nullable: true,
        description: 'Who ordered.',
        tags: ['pii'],
      },
      {
        name: 'order_id',
        type: 'long',
        nullable: false,
        description: 'Primary key.',
        tests: ['not_null', 'unique'],
      },
      { name: 'documented_only', description: 'Planned column.' },
    ]);
  });

  it('gives the same entities whatever order the fragments come in', () => {
    const a = mergeFragments([dbtOrders, icebergOrders], sources);
    const b = mergeFragments([icebergOrders, dbtOrders], sources);
    expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  });

  it('falls back to the source default owner and the schema as layer', () => {
    const [entity] = mergeFragments(
      [
        {
          identifier: 'hive.silver.events',
          sourceKind: 'trino',
          sourceId: 'trino:adhoc',
          columns: [],
        },
      ],
      sources,
    );
    expect(entity.spec!.owner).toBe('group:default/data-platform');
    expect(entity.metadata.annotations!['lakehouse.dev/layer']).toBe('silver');
    expect(entity.metadata.title).toBe('events');
    expect(JSON.stringify(entity)).not.toContain('undefined');
  });

  it('annotates the freshness SLA of the first descriptive source that declares one, and keeps the dbt build time', () => {
    const dbt: DatasetFragment = {
      ...dbtOrders,
      freshnessSla: '24h',
      dbt: { ...dbtOrders.dbt!, generatedAt: '2025-09-01T03:00:00.000000Z' },
    };
    const iceberg: DatasetFragment = { ...icebergOrders, freshnessSla: '7d' };
    const [orders] = mergeFragments([iceberg, dbt], sources);
    expect(orders.metadata.annotations).toMatchObject({
      'lakehouse.dev/freshness-sla': '24h',
    });
    expect(orders.spec).toMatchObject({
      dbt: { generatedAt: '2025-09-01T03:00:00.000000Z' },
      currentSnapshot: { timestamp: '2025-09-01T03:00:00.000Z' },
    });

    // dbt declares none: the next source that does.
    const [fromIceberg] = mergeFragments([iceberg, dbtOrders], sources);
    expect(
      fromIceberg.metadata.annotations!['lakehouse.dev/freshness-sla'],
    ).toBe('7d');

    // None declares one (or only a blank one): no annotation.
    const [none] = mergeFragments(
      [{ ...dbtOrders, freshnessSla: ' ' }, icebergOrders],
      sources,
    );
    expect(none.metadata.annotations).not.toHaveProperty(
      'lakehouse.dev/freshness-sla',
    );
  });
});

describe('mergeFragments over the demo dbt manifest', () => {
  const manifestPath = path.resolve(
    __dirname,
    '../../../../examples/lakehouse/dbt/target/manifest.json',
  );
  const manifest = parseDbtManifest(
    fs.readFileSync(manifestPath, 'utf8'),
    manifestPath,
  );
  const entities = mergeFragments(
    dbtManifestToFragments(manifest, {
      sourceId: 'dbt:demo',
      catalog: 'lakehouse',
    }),
    sources,
  );
  const byName = (name: string) => {
    const entity = entities.find(e => e.metadata.name === name);
    if (!entity) throw new Error(`no entity ${name}`);
    return entity;
  };

  it('gives the datasets with meta.freshness_sla their SLA, and dates them with the dbt run', () => {
    for (const [name, sla] of [
      ['lakehouse.silver.dim_customers', '24h'],
      ['lakehouse.gold.fct_orders', '24h'],
      ['lakehouse.gold.customer_features', '7d'],
    ]) {
      const entity = byName(name);
      expect(entity.metadata.annotations).toMatchObject({
        'lakehouse.dev/freshness-sla': sla,
      });
      expect(entity.spec).toMatchObject({
        dbt: { generatedAt: '2025-09-01T03:00:00.000000Z' },
      });
    }
  });

  it('gives the raw sources the SLA of their error_after, but no dbt build time', () => {
    const customers = byName('lakehouse.raw.customers');
    expect(customers.metadata.annotations!['lakehouse.dev/freshness-sla']).toBe(
      '24h',
    );
    expect(customers.spec!.dbt).not.toHaveProperty('generatedAt');
  });

  it('declares no SLA on the datasets whose dbt YAML has none', () => {
    expect(
      byName('lakehouse.bronze.stg_orders').metadata.annotations,
    ).not.toHaveProperty('lakehouse.dev/freshness-sla');
  });
});
