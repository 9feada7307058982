import { Entity } from '@backstage/catalog-model';
import { JsonObject } from '@backstage/types';
import { DatasetClassifications } from '@internal/plugin-lakehouse-common';
import { buildGovernanceReport } from './buildGovernanceReport';

const NOW = new Date('2026-01-10T12:00:00.000Z');

function entity(
  kind: string,
  name: string,
  spec: JsonObject,
  metadata: Partial<Entity['metadata']> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind,
    metadata: { name, namespace: 'default', ...metadata },
    spec,
  };
}

const dbt = (systems = 'dbt') => ({
  annotations: { 'lakehouse.dev/source-systems': systems },
});

const rawCustomers = entity(
  'Resource',
  'lakehouse.raw.customers',
  {
    type: 'dataset',
    owner: 'group:default/data-platform',
    dbt: {
      uniqueId: 'source.commerce.raw.customers',
      resourceType: 'source',
      freshnessRule: 'warn after 12 hour, error after 24 hour',
    },
  },
  { ...dbt(), title: 'customers', description: 'Customer accounts.' },
);
const dimCustomers = entity(
  'Resource',
  'lakehouse.silver.dim_customers',
  {
    type: 'dataset',
    owner: 'analytics',
    dbt: {
      uniqueId: 'model.commerce.dim_customers',
      resourceType: 'model',
      generatedAt: '2025-09-01T03:00:00.000000Z',
    },
  },
  {
    title: 'dim_customers',
    annotations: {
      'lakehouse.dev/source-systems': 'dbt',
      'lakehouse.dev/freshness-sla': '24h',
    },
  },
);
const fctOrders = entity(
  'Resource',
  'lakehouse.gold.fct_orders',
  {
    type: 'dataset',
    owner: 'group:default/analytics',
    snapshots: [
      { snapshotId: '2', timestamp: '2026-01-10T11:00:00.000Z' },
      { snapshotId: '1', timestamp: '2025-12-01T11:00:00.000Z' },
    ],
  },
  {
    title: 'fct_orders',
    annotations: {
      'lakehouse.dev/source-systems': 'dbt,iceberg',
      'lakehouse.dev/freshness-sla': '24h',
    },
  },
);
const staleIceberg = entity(
  'Resource',
  'lakehouse.gold.fct_returns',
  {
    type: 'dataset',
    owner: 'group:default/analytics',
    currentSnapshot: { snapshotId: '9', timestamp: '2026-01-01T12:00:00.000Z' },
  },
  {
    annotations: {
      'lakehouse.dev/source-systems': 'iceberg',
      'lakehouse.dev/freshness-sla': '2d',
    },
  },
);
const dimProducts = entity(
  'Resource',
  'lakehouse.silver.dim_products',
  { type: 'dataset', owner: 'merchandising' },
  dbt(),
);
const orphan = entity(
  'Resource',
  'lakehouse.bronze.stg_returns',
  { type: 'dataset', owner: 'unknown' },
  {
    annotations: {
      'lakehouse.dev/source-systems': 'dbt',
      'lakehouse.dev/freshness-sla': 'soon',
    },
  },
);
const featureView = entity(
  'Resource',
  'commerce.customer_order_stats',
  { type: 'feature-view', owner: 'group:default/ghosts' },
  dbt('feast'),
);
const model = entity(
  'Resource',
  'customer-churn',
  { type: 'ai-model', owner: 'user:default/ada' },
  { ...dbt('yaml'), description: 'Churn model.' },
);
const deployment = entity(
  'Component',
  'customer-churn-predictor',
  {
    type: 'model-server',
  },
  dbt('kserve'),
);

const group = (name: string, members: string[]): Entity => ({
  ...entity('Group', name, { type: 'team', children: [] }),
  relations: members.map(m => ({ type: 'hasMember', targetRef: m })),
});
const owners = new Map<string, Entity>([
  ['group:default/data-platform', group('data-platform', ['user:default/ada'])],
  ['group:default/analytics', group('analytics', ['user:default/ben'])],
  ['group:default/merchandising', group('merchandising', [])],
  ['user:default/ada', entity('User', 'ada', {})],
]);

const RAW = 'resource:default/lakehouse.raw.customers';
const DIM = 'resource:default/lakehouse.silver.dim_customers';
const HIDDEN = 'resource:default/lakehouse.silver.secret_customers';

const classified: DatasetClassifications[] = [
  {
    entityRef: RAW,
    classifications: [
      { column: 'email', classification: 'pii', origin: 'declared' },
    ],
    declassified: [],
    flowsTo: [
      { entityRef: DIM, column: 'email' },
      { entityRef: HIDDEN, column: 'email' },
      { entityRef: 'openlineage:s3://exports/users.csv', column: 'address' },
    ],
  },
  {
    entityRef: DIM,
    classifications: [
      {
        column: 'email',
        classification: 'pii',
        origin: 'inherited',
        from: [
          { entityRef: RAW, column: 'email' },
          { entityRef: HIDDEN, column: 'email' },
        ],
      },
    ],
    declassified: [],
    flowsTo: [],
  },
  {
    entityRef: HIDDEN,
    classifications: [
      { column: 'email', classification: 'pii', origin: 'declared' },
    ],
    declassified: [],
    flowsTo: [],
  },
];

const entities = [
  rawCustomers,
  dimCustomers,
  fctOrders,
  staleIceberg,
  dimProducts,
  orphan,
  featureView,
  model,
  deployment,
];

const report = () =>
  buildGovernanceReport({
    entities,
    owners,
    classified,
    pendingAccessRequests: new Map([[DIM, 2]]),
    now: NOW,
  });

describe('buildGovernanceReport', () => {
  it('finds entities without an owner, with an owner the catalog lacks, or with an owner group nobody is in, and says where to fix each', () => {
    const { ownership } = report();
    expect(ownership.map(f => [f.entityRef, f.kind, f.owner, f.type])).toEqual([
      [
        'component:default/customer-churn-predictor',
        'no-owner',
        undefined,
        'model-server',
      ],
      [
        'resource:default/commerce.customer_order_stats',
        'owner-not-found',
        'group:default/ghosts',
        'feature-view',
      ],
      [
        'resource:default/lakehouse.bronze.stg_returns',
        'no-owner',
        undefined,
        'dataset',
      ],
      [
        'resource:default/lakehouse.silver.dim_products',
        'owner-group-empty',
        'group:default/merchandising',
        'dataset',
      ],
    ]);
    const [deploymentFinding, viewFinding, orphanFinding, productsFinding] =
      ownership;
    expect(deploymentFinding.fix).toBe(
      "Set the lakehouse.dev/owner annotation of the InferenceService (or catalog.providers.kserve's defaultOwner) to a group of the catalog.",
    );
    expect(viewFinding.problem).toBe(
      'commerce.customer_order_stats is owned by group:default/ghosts, which is not in the catalog.',
    );
    expect(viewFinding.fix).toContain(
      'the owner of the feature view or service in the Feast repository',
    );
    expect(orphanFinding.fix).toBe(
      "Set meta.owner of its dbt model or source (or catalog.providers.dbt's defaultOwner) to a group of the catalog.",
    );
    expect(productsFinding.problem).toBe(
      'lakehouse.silver.dim_products is owned by group:default/merchandising, which has no members, so no user holds its ownership.',
    );
    expect(productsFinding.fix).toContain(
      'Add users to group:default/merchandising',
    );
  });

  it('finds datasets older than their freshness SLA, by Iceberg snapshot or dbt run, and SLAs it cannot check', () => {
    const { stale } = report();
    expect(stale.map(s => [s.title, s.sla, s.lastUpdated])).toEqual([
      ['lakehouse.bronze.stg_returns', 'soon', undefined],
      ['lakehouse.gold.fct_returns', '2d', '2026-01-01T12:00:00.000Z'],
      ['customers', '24h', undefined],
      ['dim_customers', '24h', '2025-09-01T03:00:00.000Z'],
    ]);
    const byTitle = new Map(stale.map(s => [s.title, s]));
    expect(byTitle.get('dim_customers')!.problem).toBe(
      'dim_customers was last updated 18 weeks ago (2025-09-01T03:00:00.000Z, its latest dbt run), longer than its freshness SLA of 24h.',
    );
    expect(byTitle.get('dim_customers')!.fix).toContain(
      'dbt build --select dim_customers',
    );
    expect(byTitle.get('customers')!.problem).toContain(
      'the portal knows of no update of its data',
    );
    expect(byTitle.get('lakehouse.gold.fct_returns')!.problem).toContain(
      '1 week ago (2026-01-01T12:00:00.000Z, its latest Iceberg snapshot)',
    );
    expect(byTitle.get('lakehouse.bronze.stg_returns')!.problem).toContain(
      'is not a duration such as 24h or 7d',
    );
    // fct_orders' newest snapshot is an hour old: within its SLA.
    expect(byTitle.has('fct_orders')).toBe(false);
  });

  it('lists the classified data the user may see, and where it flows among what they may see', () => {
    const { classified: inventory, counts } = report();
    expect(inventory.map(c => c.entityRef)).toEqual([RAW, DIM]);
    expect(inventory[0].flowsTo).toEqual([
      { entityRef: DIM, column: 'email' },
      { entityRef: 'openlineage:s3://exports/users.csv', column: 'address' },
    ]);
    expect(inventory[1].classifications[0].from).toEqual([
      { entityRef: RAW, column: 'email' },
    ]);
    expect(inventory[1]).toMatchObject({
      title: 'dim_customers',
      owner: 'group:default/analytics',
    });
    expect(counts).toEqual({
      entities: 9,
      datasets: 6,
      owned: 5,
      classifiedDatasets: 2,
      staleDatasets: 4,
    });
  });

  it('scores each owner group', () => {
    expect(report().scorecards).toEqual([
      {
        group: 'group:default/analytics',
        entities: 3,
        documented: 0,
        classifiedDatasets: 1,
        staleDatasets: 2,
        pendingAccessRequests: 2,
      },
      {
        group: 'group:default/data-platform',
        entities: 1,
        documented: 1,
        classifiedDatasets: 1,
        staleDatasets: 1,
        pendingAccessRequests: 0,
      },
      {
        group: 'group:default/ghosts',
        entities: 1,
        documented: 0,
        classifiedDatasets: 0,
        staleDatasets: 0,
        pendingAccessRequests: 0,
      },
      {
        group: 'group:default/merchandising',
        entities: 1,
        documented: 0,
        classifiedDatasets: 0,
        staleDatasets: 0,
        pendingAccessRequests: 0,
      },
    ]);
  });
});
