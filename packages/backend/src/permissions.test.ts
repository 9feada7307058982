import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import {
  AuthService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
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

/**
 * The mock auth service turns a plugin's on-behalf-of token back into plain
 * user credentials, while the real one marks them with the plugin as actor;
 * the catalog only lets such actors apply permission conditions. This keeps
 * the mock and adds the actor, as the real service does; the real HTTP auth
 * service reads requests through it.
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const inner = mockServices.auth({ pluginId: plugin.getId() });
    return {
      getOwnServiceCredentials: () => inner.getOwnServiceCredentials(),
      getNoneCredentials: () => inner.getNoneCredentials(),
      isPrincipal: inner.isPrincipal.bind(inner) as AuthService['isPrincipal'],
      getPluginRequestToken: options => inner.getPluginRequestToken(options),
      getLimitedUserToken: credentials =>
        inner.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => inner.listPublicServiceKeys(),
      async authenticate(token, options) {
        const prefix = 'mock-service-token:';
        if (token.startsWith(prefix)) {
          const { obo, target } = JSON.parse(token.slice(prefix.length));
          if (obo && (!target || target === plugin.getId())) {
            return mockCredentials.user(obo, {
              actor: { subject: 'plugin:permission' },
            });
          }
        }
        return inner.authenticate(token, options);
      },
    };
  },
});

/**
 * The real permission backend with the portal's policy, the catalog that
 * evaluates its conditions, and the lakehouse plugin that asks: the PII
 * example of the policy, end to end.
 */
describe('the PII policy on dataset data', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-policy-'));
    fs.writeFileSync(path.join(dir, 'datasets.yaml'), datasets);
    backend = await startTestBackend({
      features: [
        catalogBackend,
        permissionBackend,
        lakehousePermissionPolicyModule,
        lakehouseBackend,
        authWithActors,
        httpAuthServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            permission: { enabled: true },
            catalog: {
              rules: [{ allow: ['Resource'] }],
              locations: [
                { type: 'file', target: path.join(dir, 'datasets.yaml') },
              ],
            },
            lakehouse: {
              demo: { projectDir: path.join(repoRoot, 'examples/lakehouse') },
            },
          },
        }),
      ],
    });
    // Wait for the catalog to hold both datasets.
    for (let i = 0; i < 200; i++) {
      const res = await request(backend.server).get(
        '/api/catalog/entities/by-query?filter=kind=resource,spec.type=dataset',
      );
      if (res.body.items?.length === 2) break;
      await new Promise(r => setTimeout(r, 250));
    }
  });
  afterAll(async () => {
    await backend.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

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
});
