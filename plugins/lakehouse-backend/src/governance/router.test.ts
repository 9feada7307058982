import request from 'supertest';
import { Knex } from 'knex';
import {
  BackstageCredentials,
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { GovernanceReport } from '@internal/plugin-lakehouse-common';
import { LineageService } from '../lineage/graph/LineageService';
import { createSqlLineage } from '../lineage/graph/catalogSources';
import { lakehouseTestDatabases } from '../lineage/openlineage/__testUtils__/testDatabases';
import { createOpenApiRouter } from '../schema/openapi/generated';
import {
  permissionsDenying,
  recordingAuditor,
} from '../__testUtils__/services';
import { demoDatasets } from './__testUtils__/demoLakehouse';
import { createGovernance } from '.';

jest.setTimeout(60_000);

const RAW = 'resource:default/lakehouse.raw.customers';
const BRONZE = 'resource:default/lakehouse.bronze.stg_customers';
const SILVER = 'resource:default/lakehouse.silver.dim_customers';
const PRODUCTS = 'resource:default/lakehouse.silver.dim_products';

const group = (name: string, members: string[]): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name, namespace: 'default' },
  spec: { type: 'team', children: [] },
  relations: members.map(m => ({ type: 'hasMember', targetRef: m })),
});

const datasets = demoDatasets();
const catalogEntities = [
  ...datasets,
  group('data-platform', ['user:default/ada']),
  group('analytics-engineering', ['user:default/ben']),
  group('ml-engineering', ['user:default/chloe']),
  group('merchandising', []),
];

/** Mallory may not see the raw layer in the catalog. */
const HIDDEN: Record<string, string[]> = {
  'user:default/mallory': datasets
    .filter(d => d.metadata.name.startsWith('lakehouse.raw.'))
    .map(d => stringifyEntityRef(d)),
};

/** The in-memory catalog, cut to what each user may see. */
function visibilityCatalog() {
  const all = catalogServiceMock({ entities: catalogEntities });
  type Options = { credentials: BackstageCredentials };
  const hidden = (options: Options) => {
    const principal = options.credentials.principal as {
      userEntityRef?: string;
    };
    return new Set(HIDDEN[principal.userEntityRef ?? ''] ?? []);
  };
  const shown = (entity: Entity | undefined, options: Options) =>
    entity && !hidden(options).has(stringifyEntityRef(entity))
      ? entity
      : undefined;
  return catalogServiceMock.mock({
    getEntityByRef: async (ref, options) =>
      shown(await all.getEntityByRef(ref, options), options as Options),
    getEntitiesByRefs: async (req, options) => {
      const { items } = await all.getEntitiesByRefs(req, options);
      return { items: items.map(e => shown(e, options as Options)) };
    },
    streamEntities: async function* stream(req, options) {
      for await (const page of all.streamEntities(req, options)) {
        yield page.filter(e => shown(e, options as Options));
      }
    },
  });
}

function governancePlugin() {
  return createBackendPlugin({
    pluginId: 'lakehouse',
    register(env) {
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          database: coreServices.database,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          permissionsRegistry: coreServices.permissionsRegistry,
          auditor: coreServices.auditor,
          auth: coreServices.auth,
          logger: coreServices.logger,
        },
        async init(deps) {
          const lineage = LineageService.create({
            sources: {
              readEntities: async () => datasets,
              sqlLineage: createSqlLineage({}),
              jobs: async () => [],
              visibleTo: async refs => new Set(refs),
            },
            logger: deps.logger,
            maxAgeMs: 60_000,
          });
          // The plugin's own router: requests are checked against the spec.
          const router = createOpenApiRouter();
          await createGovernance({
            ...deps,
            lineage,
            catalog: visibilityCatalog(),
            router,
          });
          deps.httpRouter.use(router);
        },
      });
    },
  });
}

const databases = lakehouseTestDatabases();

async function start(knex: Knex, deny: string[] = []) {
  const { auditor, events } = recordingAuditor();
  const backend = await startTestBackend({
    features: [
      governancePlugin(),
      mockServices.database.factory({ knex }),
      permissionsDenying(deny).factory,
      auditor.factory,
    ],
  });
  return { server: backend.server, stop: () => backend.stop(), events };
}

const asBen = mockCredentials.user.header('user:default/ben');
const asMallory = mockCredentials.user.header('user:default/mallory');
const API = '/api/lakehouse/governance';

describe.each(databases.eachSupportedId())('the governance API on %s', id => {
  let knex: Knex;
  let app: Awaited<ReturnType<typeof start>>;
  beforeEach(async () => {
    knex = await databases.init(id);
  });
  afterEach(() => app?.stop());

  const classificationsOf = async (entityRef: string, as = asBen) =>
    request(app.server)
      .get(`${API}/classifications`)
      .query({ entityRef })
      .set('Authorization', as);
  const columnsOf = async (entityRef: string) =>
    (await classificationsOf(entityRef)).body.classifications.map(
      (c: { column?: string; origin: string }) =>
        `${c.column ?? '*'} ${c.origin}`,
    );
  const declassify = (body: unknown, as = asBen) =>
    request(app.server)
      .post(`${API}/declassifications`)
      .set('Authorization', as)
      .send(body as object);

  it('reports the demo’s classified, badly owned and stale datasets to whoever may read governance', async () => {
    app = await start(knex);
    const response = await request(app.server)
      .get(API)
      .set('Authorization', asBen);
    expect(response.status).toBe(200);
    const report: GovernanceReport = response.body;
    expect(report.classified.map(c => c.entityRef)).toEqual([
      BRONZE,
      RAW,
      SILVER,
    ]);
    expect(report.ownership.map(o => `${o.entityRef} ${o.kind}`)).toEqual([
      `${PRODUCTS} owner-group-empty`,
    ]);
    expect(report.stale.map(s => `${s.title} ${s.sla}`)).toEqual([
      'churn_inference_log 24h',
      'customers 24h',
      'order_items 24h',
      'orders 24h',
      'products 24h',
    ]);
  });

  it('leaves out of the report what the user may not see, and where classified data flows there', async () => {
    app = await start(knex);
    const { body } = await request(app.server)
      .get(API)
      .set('Authorization', asMallory);
    const report = body as GovernanceReport;
    expect(report.classified.map(c => c.entityRef)).toEqual([BRONZE, SILVER]);
    const bronze = report.classified[0].classifications.find(
      c => c.column === 'email',
    )!;
    expect(bronze).toEqual({
      column: 'email',
      classification: 'pii',
      origin: 'inherited',
      from: [],
    });
    expect(report.stale).toEqual([]);
  });

  it('refuses the report without lakehouse.governance.read', async () => {
    app = await start(knex, ['lakehouse.governance.read']);
    const response = await request(app.server)
      .get(API)
      .set('Authorization', asBen);
    expect(response.status).toBe(403);
    expect(response.body.error.message).toContain('lakehouse.governance.read');
  });

  it('answers the classifications of an entity the user may see, 404 for one they may not, 400 for no ref', async () => {
    app = await start(knex);
    const silver = await classificationsOf(SILVER);
    expect(silver.status).toBe(200);
    expect(
      silver.body.classifications.filter(
        (c: { column?: string }) => c.column === 'email',
      ),
    ).toEqual([
      {
        column: 'email',
        classification: 'pii',
        origin: 'inherited',
        from: [{ entityRef: BRONZE, column: 'email' }],
      },
    ]);
    expect((await classificationsOf(RAW, asMallory)).status).toBe(404);
    expect(
      (
        await request(app.server)
          .get(`${API}/classifications`)
          .set('Authorization', asBen)
      ).status,
    ).toBe(400);
    expect((await classificationsOf('lakehouse.raw.customers')).status).toBe(
      400,
    );
  });

  it('declassifies an inherited column, which stops the classification downstream at once, and audits it', async () => {
    app = await start(knex);
    expect(await columnsOf(SILVER)).toContain('email inherited');
    const response = await declassify({
      entityRef: BRONZE,
      column: 'email',
      reason: ' replaced by its sha256 in the next release ',
    });
    expect(response.status).toBe(201);
    expect(response.body).toEqual({
      entityRef: BRONZE,
      column: 'email',
      reason: 'replaced by its sha256 in the next release',
      by: 'user:default/ben',
      at: expect.any(String),
    });
    expect(await columnsOf(BRONZE)).not.toContain('email inherited');
    expect(await columnsOf(SILVER)).not.toContain('email inherited');
    expect((await classificationsOf(BRONZE)).body.declassified).toEqual([
      response.body,
    ]);
    expect(app.events).toEqual([
      expect.objectContaining({
        eventId: 'governance-declassify',
        severityLevel: 'medium',
        outcome: 'success',
        result: response.body,
      }),
    ]);

    const again = await declassify({
      entityRef: BRONZE,
      column: 'email',
      reason: 'twice',
    });
    expect(again.status).toBe(409);
    expect(again.body.error.message).toContain('already declassified');

    const removed = await request(app.server)
      .delete(`${API}/declassifications`)
      .query({ entityRef: BRONZE, column: 'email' })
      .set('Authorization', asBen);
    expect(removed.status).toBe(204);
    expect(await columnsOf(SILVER)).toContain('email inherited');
    expect(app.events.map(e => `${e.eventId} ${e.outcome}`)).toEqual([
      'governance-declassify success',
      'governance-declassify fail',
      'governance-reclassify success',
    ]);
  });

  it('refuses to declassify a column its source declares, saying to change the dbt YAML', async () => {
    app = await start(knex);
    const response = await declassify({
      entityRef: BRONZE,
      column: 'first_name',
      reason: 'we only keep initials',
    });
    expect(response.status).toBe(409);
    expect(response.body.error.message).toContain('declared pii by its source');
    expect(response.body.error.message).toContain('dbt YAML');
  });

  it('answers 400 without a reason, 404 for a dataset or column that is not there, and 403 without the permission on the dataset', async () => {
    app = await start(knex, [BRONZE]);
    const blank = await declassify({
      entityRef: SILVER,
      column: 'email',
      reason: '   ',
    });
    expect(blank.status).toBe(400);
    expect(blank.body.error.message).toContain('reason is required');
    // The router refuses a body the spec does not allow before the route
    // runs: nothing was attempted, so nothing is audited.
    const missing = await declassify({ entityRef: SILVER, column: 'email' });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toBe(
      "request/body must have required property 'reason'",
    );
    expect(
      (
        await declassify({
          entityRef: 'resource:default/lakehouse.silver.nowhere',
          column: 'email',
          reason: 'hashed',
        })
      ).status,
    ).toBe(404);
    const column = await declassify({
      entityRef: SILVER,
      column: 'phone',
      reason: 'hashed',
    });
    expect(column.status).toBe(404);
    expect(column.body.error.message).toContain('its columns are customer_key');
    // A dataset the user cannot see is not there for them.
    expect(
      (
        await declassify(
          { entityRef: RAW, column: 'email', reason: 'hashed' },
          asMallory,
        )
      ).status,
    ).toBe(404);
    const denied = await declassify({
      entityRef: BRONZE,
      column: 'email',
      reason: 'hashed',
    });
    expect(denied.status).toBe(403);
    expect(denied.body.error.message).toContain(
      'lakehouse.classification.declassify',
    );
    const deniedDelete = await request(app.server)
      .delete(`${API}/declassifications`)
      .query({ entityRef: BRONZE, column: 'email' })
      .set('Authorization', asBen);
    expect(deniedDelete.status).toBe(403);
    const nothingToRemove = await request(app.server)
      .delete(`${API}/declassifications`)
      .query({ entityRef: SILVER, column: 'email' })
      .set('Authorization', asBen);
    expect(nothingToRemove.status).toBe(404);
    expect(app.events.every(e => e.outcome === 'fail')).toBe(true);
    expect(app.events).toHaveLength(7);
  });
});
