import { randomBytes } from 'node:crypto';
import path from 'node:path';
import request from 'supertest';
import knexFactory from 'knex';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { portalFeatures } from './features';
import { startTestPostgres, TestPostgres } from './testing/postgres';

jest.setTimeout(180_000);

const repoRoot = path.resolve(__dirname, '../../..');

async function waitFor<T>(
  probe: () => Promise<T | undefined>,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise(r => setTimeout(r, 500));
  }
}

describe('the portal backend on PostgreSQL', () => {
  let postgres: TestPostgres;
  // A prefix of our own keeps this run's plugin databases apart from any
  // others on a shared server, and lets us drop exactly them afterwards.
  const prefix = `lakehouse_test_${randomBytes(4).toString('hex')}_`;

  beforeAll(async () => {
    postgres = await startTestPostgres();
  });

  afterAll(async () => {
    const admin = knexFactory({
      client: 'pg',
      connection: { ...postgres.connection, database: 'postgres' },
    });
    const { rows } = await admin.raw(
      'select datname from pg_database where datname like ?',
      [`${prefix}%`],
    );
    for (const { datname } of rows) {
      await admin.raw('drop database if exists ?? with (force)', [datname]);
    }
    await admin.destroy();
    await postgres.stop();
  });

  it('starts every plugin and serves the demo catalog from PostgreSQL', async () => {
    const backend = await startTestBackend({
      features: [
        ...portalFeatures,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            backend: {
              baseUrl: 'http://localhost:7007',
              database: {
                client: 'pg',
                connection: postgres.connection,
                prefix,
              },
            },
            auth: { providers: { guest: {} } },
            techdocs: {
              builder: 'local',
              generator: { runIn: 'local' },
              publisher: { type: 'local' },
            },
            kubernetes: {
              serviceLocatorMethod: { type: 'multiTenant' },
              clusterLocatorMethods: [{ type: 'config', clusters: [] }],
            },
            catalog: {
              rules: [
                {
                  allow: [
                    'Component',
                    'System',
                    'Resource',
                    'Location',
                    'Domain',
                    'Group',
                    'User',
                    'Template',
                  ],
                },
              ],
              providers: {
                dbt: {
                  demo: {
                    target: path.join(
                      repoRoot,
                      'examples/lakehouse/dbt/target/manifest.json',
                    ),
                    defaultOwner: 'group:default/data-platform',
                    schedule: {
                      frequency: { minutes: 30 },
                      timeout: { minutes: 3 },
                    },
                  },
                },
              },
              locations: ['org.yaml', 'system.yaml', 'ml.yaml'].map(file => ({
                type: 'file',
                target: path.join(repoRoot, 'examples', 'catalog', file),
              })),
            },
            lakehouse: {
              demo: {
                projectDir: path.join(repoRoot, 'examples', 'lakehouse'),
              },
            },
          },
        }),
      ],
    });
    try {
      const datasets = await waitFor(async () => {
        const response = await request(backend.server).get(
          '/api/catalog/entities/by-query?filter=kind=resource,spec.type=dataset&fields=metadata.name,relations',
        );
        expect(response.status).toBe(200);
        return response.body.items.length >= 15
          ? response.body.items
          : undefined;
      }, 'the demo datasets to be ingested');

      const fctOrders = datasets.find(
        (d: any) => d.metadata.name === 'lakehouse.gold.fct_orders',
      );
      expect(fctOrders.relations).toEqual(
        expect.arrayContaining([
          { type: 'ownedBy', targetRef: 'group:default/analytics-engineering' },
          {
            type: 'dependsOn',
            targetRef: 'resource:default/lakehouse.bronze.stg_orders',
          },
        ]),
      );

      // The catalog's tables really live in PostgreSQL.
      const catalogDb = knexFactory({
        client: 'pg',
        connection: { ...postgres.connection, database: `${prefix}catalog` },
      });
      try {
        const [{ count }] = await catalogDb('final_entities').count({
          count: '*',
        });
        expect(Number(count)).toBeGreaterThanOrEqual(20);
      } finally {
        await catalogDb.destroy();
      }
    } finally {
      await backend.stop();
    }
  });
});
