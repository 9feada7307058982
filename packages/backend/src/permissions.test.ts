import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import lakehouseBackend from '@internal/plugin-lakehouse-backend';
import { lakehousePermissionPolicyModule } from './modules/permissionPolicy';
import { createAuthWithActors } from './testing/authWithActors';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../..');

const datasets = `
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: lakehouse.silver.dim_customers
  annotations:
    lakehouse.dev/table: lakehouse.silver.dim_customers
    lakehouse.dev/classification: pii
spec:
  type: dataset
  owner: user:default/ben
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: lakehouse.gold.fct_orders
  annotations:
    lakehouse.dev/table: lakehouse.gold.fct_orders
spec:
  type: dataset
  owner: user:default/ben
`;

const authWithActors = createAuthWithActors({
  auth: mockServices.auth,
  userCredentials: mockCredentials.user,
});

const config = (data: Record<string, unknown>) =>
  mockServices.rootConfig.factory({
    data: {
      backend: { baseUrl: 'http://localhost:7007' },
      permission: { enabled: true },
      ...data,
    },
  });

const catalogOf = (dir: string) => ({
  rules: [{ allow: ['Resource'] }],
  locations: [{ type: 'file', target: path.join(dir, 'datasets.yaml') }],
});

/** Waits for the catalog to hold both datasets. */
async function waitForDatasets(
  backend: Awaited<ReturnType<typeof startTestBackend>>,
) {
  for (let i = 0; i < 200; i++) {
    const res = await request(backend.server)
      .get(
        '/api/catalog/entities/by-query?filter=kind=resource,spec.type=dataset',
      )
      .set('Authorization', mockCredentials.user.header('user:default/ben'));
    if (res.body.items?.length === 2) return;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error('the catalog did not read the datasets');
}

let dir: string;
beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-policy-'));
  fs.writeFileSync(path.join(dir, 'datasets.yaml'), datasets);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

/**
 * The real permission backend with the portal's default rules, the catalog
 * and the lakehouse plugin that asks and evaluates the dataset conditions:
 * the pii example of the policy, end to end.
 */
describe("the portal's default policy", () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogBackend,
        permissionBackend,
        lakehousePermissionPolicyModule,
        lakehouseBackend,
        authWithActors,
        httpAuthServiceFactory,
        config({
          catalog: catalogOf(dir),
          lakehouse: {
            demo: { projectDir: path.join(repoRoot, 'examples/lakehouse') },
            // The test users belong to no group: Ada is the platform role.
            permissions: { roles: { platform: ['user:default/ada'] } },
          },
        }),
      ],
    });
    await waitForDatasets(backend);
  });
  afterAll(() => backend.stop());

  const preview = (name: string, user: string) =>
    request(backend.server)
      .get(`/api/lakehouse/datasets/default/${name}/preview?limit=3`)
      .set('Authorization', mockCredentials.user.header(user));

  it('lets the owner preview a pii dataset', async () => {
    const res = await preview(
      'lakehouse.silver.dim_customers',
      'user:default/ben',
    );
    expect(res.body.error?.message).toBeUndefined();
    expect(res.status).toBe(200);
    expect(res.body.rows).toHaveLength(3);
  });

  it('refuses the pii dataset to someone else', async () => {
    const res = await preview(
      'lakehouse.silver.dim_customers',
      'user:default/chloe',
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('lakehouse.dataset.read-data');
  });

  it('lets anyone preview a dataset that is not pii', async () => {
    const res = await preview(
      'lakehouse.gold.fct_orders',
      'user:default/chloe',
    );
    expect(res.status).toBe(200);
  });

  it('applies the same rule to the SQL console', async () => {
    const refused = await request(backend.server)
      .post('/api/lakehouse/queries')
      .set('Authorization', mockCredentials.user.header('user:default/chloe'))
      .send({ sql: 'select count(*) from lakehouse.silver.dim_customers' });
    expect(refused.status).toBe(403);
    const allowed = await request(backend.server)
      .post('/api/lakehouse/queries')
      .set('Authorization', mockCredentials.user.header('user:default/ben'))
      .send({ sql: 'select count(*) from lakehouse.silver.dim_customers' });
    expect(allowed.status).toBe(202);
  });

  it('lets only the configured platform role post lineage as a user', async () => {
    const event = {
      eventType: 'START',
      eventTime: '2026-12-01T10:00:00.000Z',
      run: { runId: 'c1d0a9b2-5f1e-4a59-9a2e-3e2f6b1f7a10' },
      job: { namespace: 'dbt', name: 'lakehouse.gold.fct_orders' },
      producer:
        'https://github.com/OpenLineage/OpenLineage/tree/1.0.0/integration/dbt',
      schemaURL:
        'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
    };
    const post = (user: string) =>
      request(backend.server)
        .post('/api/lakehouse/openlineage')
        .set('Authorization', mockCredentials.user.header(user))
        .send(event);
    const refused = await post('user:default/ben');
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('lakehouse.lineage.write');
    const allowed = await post('user:default/ada');
    expect(allowed.body.error?.message).toBeUndefined();
    expect(allowed.status).toBe(201);
  });
});

/**
 * Rules from configuration on the catalog's own permission: the catalog
 * filters what each user sees with the conditions the policy returns.
 */
describe('a configured policy on catalog entities', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;

  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        catalogBackend,
        permissionBackend,
        lakehousePermissionPolicyModule,
        authWithActors,
        httpAuthServiceFactory,
        config({
          catalog: catalogOf(dir),
          lakehouse: {
            permissions: {
              rules: [
                {
                  permissions: ['catalog.entity.read'],
                  allow: 'everyone',
                  when: { classified: false },
                },
                { permissions: ['catalog.entity.read'], allow: 'owners' },
              ],
            },
          },
        }),
      ],
    });
    // Until the datasets are in, every user lists none of them.
    for (let i = 0; i < 200; i++) {
      const res = await request(backend.server)
        .get('/api/catalog/entities/by-query?filter=kind=resource')
        .set('Authorization', mockCredentials.user.header('user:default/ben'));
      if (res.body.items?.length === 2) break;
      await new Promise(r => setTimeout(r, 250));
    }
  });
  afterAll(() => backend.stop());

  const datasetsSeenBy = async (user: string) => {
    const res = await request(backend.server)
      .get('/api/catalog/entities/by-query?filter=kind=resource')
      .set('Authorization', mockCredentials.user.header(user));
    expect(res.status).toBe(200);
    return res.body.items.map((e: any) => e.metadata.name).sort();
  };

  it('shows a pii dataset to its owner only', async () => {
    expect(await datasetsSeenBy('user:default/ben')).toEqual([
      'lakehouse.gold.fct_orders',
      'lakehouse.silver.dim_customers',
    ]);
    expect(await datasetsSeenBy('user:default/chloe')).toEqual([
      'lakehouse.gold.fct_orders',
    ]);
  });
});

describe('an invalid policy', () => {
  it('stops the backend at start, naming the rule and the field', async () => {
    await expect(
      startTestBackend({
        features: [
          permissionBackend,
          lakehousePermissionPolicyModule,
          config({
            lakehouse: {
              permissions: {
                rules: [
                  {
                    permissions: ['lakehouse.lineage.write'],
                    allow: ['role:admins'],
                  },
                ],
              },
            },
          }),
        ],
      }),
    ).rejects.toThrow(
      /lakehouse\.permissions\.rules\[0\]\.allow\[0\]: unknown role "admins"/,
    );
  });
});
