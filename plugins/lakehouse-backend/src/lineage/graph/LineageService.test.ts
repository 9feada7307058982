import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { LineageService, LineageSources } from './LineageService';

const dataset = (
  name: string,
  columns: string[],
  dependsOn: string[] = [],
  owner = 'group:default/data-platform',
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    annotations: { 'lakehouse.dev/table': name },
  },
  spec: {
    type: 'dataset',
    owner,
    columns: columns.map(c => ({ name: c })),
  },
  relations: [
    ...dependsOn.map(ref => ({ type: 'dependsOn', targetRef: ref })),
    { type: 'ownedBy', targetRef: owner },
  ],
});

const raw = dataset('lakehouse.raw.customers', ['id', 'email']);
const bronze = dataset(
  'lakehouse.bronze.stg_customers',
  ['customer_id', 'email'],
  ['resource:default/lakehouse.raw.customers'],
);
const secret = dataset(
  'lakehouse.silver.pii_customers',
  ['customer_id', 'email'],
  ['resource:default/lakehouse.bronze.stg_customers'],
  'group:default/security',
);
const gold = dataset(
  'lakehouse.gold.customer_features',
  ['customer_id'],
  ['resource:default/lakehouse.silver.pii_customers'],
);

function sources(hidden: string[] = []): LineageSources & { reads: number } {
  const result = {
    reads: 0,
    async readEntities() {
      result.reads++;
      return [raw, bronze, secret, gold];
    },
    sqlLineage: () => [
      {
        table: 'lakehouse.bronze.stg_customers',
        columns: [
          {
            name: 'customer_id',
            inputs: [
              {
                table: 'lakehouse.raw.customers',
                column: 'id',
                transformation: 'DIRECT' as const,
              },
            ],
          },
        ],
      },
    ],
    jobs: async () => [],
    async visibleTo(refs: string[]) {
      return new Set(refs.filter(r => !hidden.includes(r)));
    },
  };
  return result;
}

const user = mockCredentials.user('user:default/ada');

describe('LineageService', () => {
  const logger = mockServices.logger.mock();

  it('answers from one index and rebuilds it only when it is too old', async () => {
    const from = sources();
    const service = LineageService.create({
      sources: from,
      logger,
      maxAgeMs: 60_000,
    });
    const graph = await service.lineage(
      {
        entityRef: 'resource:default/lakehouse.gold.customer_features',
        direction: 'upstream',
        depth: 10,
      },
      user,
    );
    expect(graph.nodes.map(n => n.title).sort()).toEqual([
      'lakehouse.bronze.stg_customers',
      'lakehouse.gold.customer_features',
      'lakehouse.raw.customers',
      'lakehouse.silver.pii_customers',
    ]);
    await service.impact(
      { entityRef: 'resource:default/lakehouse.raw.customers' },
      user,
    );
    expect(from.reads).toBe(1);
  });

  it('leaves out the nodes the user may not see, and their edges', async () => {
    const service = LineageService.create({
      sources: sources(['resource:default/lakehouse.silver.pii_customers']),
      logger,
      maxAgeMs: 60_000,
    });
    const graph = await service.lineage(
      {
        entityRef: 'resource:default/lakehouse.raw.customers',
        direction: 'downstream',
        depth: 10,
      },
      user,
    );
    expect(graph.nodes.map(n => n.id)).not.toContain(
      'resource:default/lakehouse.silver.pii_customers',
    );
    expect(
      graph.edges.some(
        e =>
          e.source.id.includes('pii_customers') ||
          e.target.id.includes('pii_customers'),
      ),
    ).toBe(false);
    const impact = await service.impact(
      { entityRef: 'resource:default/lakehouse.raw.customers' },
      user,
    );
    expect(impact.items.map(i => i.id)).toEqual([
      'resource:default/lakehouse.bronze.stg_customers',
      'resource:default/lakehouse.gold.customer_features',
    ]);
  });

  it('answers 404 for an entity the user cannot see, as for one that does not exist', async () => {
    const service = LineageService.create({
      sources: sources(['resource:default/lakehouse.silver.pii_customers']),
      logger,
      maxAgeMs: 60_000,
    });
    await expect(
      service.lineage(
        {
          entityRef: 'resource:default/lakehouse.silver.pii_customers',
          direction: 'both',
          depth: 1,
        },
        user,
      ),
    ).rejects.toThrow(
      'No entity resource:default/lakehouse.silver.pii_customers in the catalog',
    );
  });

  it('names the columns there are when asked for one that is not', async () => {
    const service = LineageService.create({
      sources: sources(),
      logger,
      maxAgeMs: 60_000,
    });
    await expect(
      service.lineage(
        {
          entityRef: 'resource:default/lakehouse.raw.customers',
          direction: 'both',
          depth: 3,
          column: 'phone',
        },
        user,
      ),
    ).rejects.toThrow(
      'resource:default/lakehouse.raw.customers has no column "phone"; its columns are id, email',
    );
    const traced = await service
      .lineage(
        {
          entityRef: 'lakehouse.raw.customers',
          direction: 'downstream',
          depth: 3,
          column: 'id',
        },
        user,
      )
      .catch(e => e);
    // A bare name is not a ref of a Resource: the kind is required.
    expect(traced).toBeInstanceOf(Error);
    const column = await service.lineage(
      {
        entityRef: 'resource:lakehouse.raw.customers',
        direction: 'downstream',
        depth: 3,
        column: 'id',
      },
      user,
    );
    expect(
      column.edges.map(
        e => `${e.source.column}→${e.target.id}.${e.target.column}`,
      ),
    ).toEqual([
      'id→resource:default/lakehouse.bronze.stg_customers.customer_id',
    ]);
  });
});

describe('LineageService snapshots', () => {
  it('tells listeners of every rebuild, and hands out the same snapshot until the next', async () => {
    const from = sources();
    const service = LineageService.create({
      sources: from,
      logger: mockServices.logger.mock(),
      maxAgeMs: 60_000,
    });
    const rebuilt: number[] = [];
    service.onRebuilt(snapshot => rebuilt.push(snapshot.entities.length));
    const first = await service.currentSnapshot();
    expect(first.entities).toHaveLength(4);
    expect(
      first.index
        .columnEdgesFrom('resource:default/lakehouse.raw.customers', 'id')
        .map(e => `${e.target}.${e.targetColumn}`),
    ).toEqual(['resource:default/lakehouse.bronze.stg_customers.customer_id']);
    expect(await service.currentSnapshot()).toBe(first);
    await service.refresh();
    const second = await service.currentSnapshot();
    expect(second).not.toBe(first);
    expect(rebuilt).toEqual([4, 4]);
    expect(from.reads).toBe(2);
  });

  it('keeps the rebuild when a listener fails, and logs it', async () => {
    const logger = mockServices.logger.mock();
    const service = LineageService.create({
      sources: sources(),
      logger,
      maxAgeMs: 60_000,
    });
    service.onRebuilt(() => {
      throw new Error('boom');
    });
    await expect(service.currentSnapshot()).resolves.toBeDefined();
    expect(logger.error).toHaveBeenCalledWith(
      'A listener of lineage index rebuilds failed: boom',
    );
  });
});

describe('LineageService with OpenLineage', () => {
  it('starts from a dataset only OpenLineage knows, for any signed-in user', async () => {
    const service = LineageService.create({
      sources: {
        readEntities: async () => [raw],
        sqlLineage: () => [],
        jobs: async () => [
          {
            namespace: 'dbt',
            name: 'jaffle_shop.customers',
            producer:
              'https://github.com/OpenLineage/OpenLineage/tree/1.24.0/integration/dbt',
            inputs: [
              {
                namespace: 'postgres://db:5432',
                name: 'postgres.public.stg_orders',
              },
              {
                namespace: 'trino://trino:8080',
                name: 'lakehouse.raw.customers',
                table: 'lakehouse.raw.customers',
              },
            ],
            outputs: [
              {
                namespace: 'postgres://db:5432',
                name: 'postgres.public.customers',
              },
            ],
          },
        ],
        visibleTo: async () => new Set<string>(),
      },
      logger: mockServices.logger.mock(),
      maxAgeMs: 60_000,
    });
    const graph = await service.lineage(
      {
        entityRef: 'openlineage:postgres://db:5432/postgres.public.customers',
        direction: 'upstream',
        depth: 5,
      },
      user,
    );
    expect(graph.nodes.map(n => n.id).sort()).toEqual([
      'openlineage:dbt/jaffle_shop.customers',
      'openlineage:postgres://db:5432/postgres.public.customers',
      'openlineage:postgres://db:5432/postgres.public.stg_orders',
    ]);
    // The catalog dataset the job read is one the user may not see.
    expect(graph.edges).toHaveLength(2);
    await expect(
      service.lineage(
        { entityRef: 'openlineage:nowhere/never', direction: 'both', depth: 1 },
        user,
      ),
    ).rejects.toThrow(
      'No OpenLineage dataset or job nowhere/never has been reported',
    );
  });
});
