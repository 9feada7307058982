import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  FeatureServiceSpec,
  FeatureViewSpec,
} from '@internal/plugin-lakehouse-common';
import { FeastFeatureServerDouble } from '@internal/platform-doubles';
import { featureStorePlugin } from './plugin';

jest.setTimeout(30_000);

const VIEW_REF = 'resource:default/commerce.customer_order_stats';
const SERVICE_REF = 'resource:default/commerce.churn_model_v1';

const viewSpec: FeatureViewSpec = {
  type: 'feature-view',
  owner: 'group:default/ml-platform',
  viewKind: 'batch',
  entities: ['customer'],
  entityKeys: [
    { entity: 'customer', joinKey: 'customer_id', valueType: 'INT64' },
  ],
  features: [
    { name: 'order_count_30d', valueType: 'INT64' },
    { name: 'avg_order_value_30d', valueType: 'DOUBLE' },
    { name: 'segment', valueType: 'STRING' },
  ],
  ttl: '86400s',
  online: true,
};

const featureView: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'commerce.customer_order_stats',
    namespace: 'default',
    annotations: {
      'lakehouse.dev/feast-project': 'commerce',
      'lakehouse.dev/feast-name': 'customer_order_stats',
    },
  },
  spec: viewSpec as unknown as Entity['spec'],
};

const serviceSpec: FeatureServiceSpec = {
  type: 'feature-service',
  owner: 'group:default/ml-platform',
  features: [
    {
      name: 'customer_order_stats',
      select: ['order_count_30d', 'segment'],
      featureView: VIEW_REF,
    },
  ],
};

const featureService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'commerce.churn_model_v1',
    namespace: 'default',
    annotations: {
      'lakehouse.dev/feast-project': 'commerce',
      'lakehouse.dev/feast-name': 'churn_model_v1',
    },
  },
  spec: serviceSpec as unknown as Entity['spec'],
};

const dataset: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'lakehouse.gold.fct_orders', namespace: 'default' },
  spec: { type: 'dataset', owner: 'group:default/analytics' },
};

let feast: FeastFeatureServerDouble;

beforeEach(async () => {
  feast = await FeastFeatureServerDouble.start({
    project: 'commerce',
    featureViews: [
      {
        name: 'customer_order_stats',
        entities: [
          { entity: 'customer', joinKey: 'customer_id', valueType: 'INT64' },
        ],
        features: [
          { name: 'order_count_30d', valueType: 'INT64' },
          { name: 'avg_order_value_30d', valueType: 'DOUBLE' },
          { name: 'segment', valueType: 'STRING' },
        ],
      },
    ],
    featureServices: [
      {
        name: 'churn_model_v1',
        features: [
          {
            featureView: 'customer_order_stats',
            features: ['order_count_30d', 'segment'],
          },
        ],
      },
    ],
    rows: {
      customer_order_stats: [
        {
          entity: { customer_id: 1001 },
          values: {
            order_count_30d: 7,
            avg_order_value_30d: 42.5,
            segment: 'gold',
          },
          eventTimestamp: '2026-05-01T10:00:00Z',
        },
      ],
    },
  });
});

afterEach(() => feast.stop());

/** Starts the backend with the plugin; `deny` lists entity refs the permission policy denies. */
async function startBackend(
  options: { deny?: string[]; feast?: object; entities?: Entity[] } = {},
) {
  const authorize = jest.fn(async (requests: EvaluatePermissionRequest[]) =>
    requests.map(r => ({
      result: (options.deny ?? []).includes(
        (r as { resourceRef?: string }).resourceRef ?? '',
      )
        ? AuthorizeResult.DENY
        : AuthorizeResult.ALLOW,
    })),
  );
  const auditor = mockServices.auditor.mock();
  const events: any[] = [];
  auditor.createEvent.mockImplementation(async (event: any) => {
    const record: any = { ...event, request: undefined };
    events.push(record);
    return {
      success: async (o?: any) => {
        record.outcome = 'success';
        record.result = o?.meta;
      },
      fail: async (o: any) => {
        record.outcome = 'fail';
        record.error = o.error.message;
      },
    };
  });
  const backend = await startTestBackend({
    features: [
      featureStorePlugin,
      mockServices.rootConfig.factory({
        data: {
          lakehouse: {
            feast: options.feast ?? { featureServerUrl: feast.url },
          },
        },
      }),
      catalogServiceMock.factory({
        entities: options.entities ?? [featureView, featureService, dataset],
      }),
      mockServices.permissions.mock({ authorize: authorize as any }).factory,
      auditor.factory,
    ],
  });
  return { server: backend.server, events, authorize };
}

const lookup = (server: any, body: object) =>
  request(server).post('/api/feature-store/online-features').send(body);

describe('POST /api/feature-store/online-features', () => {
  it('reads the values of a feature view, one row per entity', async () => {
    const { server, authorize } = await startBackend();
    const res = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1001, '2002'] },
    });
    expect(res.status).toBe(200);
    expect(res.body.project).toBe('commerce');
    expect(res.body.source).toEqual({
      kind: 'feature_view',
      name: 'customer_order_stats',
    });
    expect([...res.body.featureNames].sort()).toEqual([
      'avg_order_value_30d',
      'order_count_30d',
      'segment',
    ]);
    const [found, missing] = res.body.rows;
    expect(found.entity).toEqual({ customer_id: 1001 });
    const byName = Object.fromEntries(
      found.features.map((f: any) => [f.name, f]),
    );
    expect(byName.order_count_30d).toEqual({
      name: 'order_count_30d',
      value: 7,
      status: 'PRESENT',
      eventTimestamp: '2026-05-01T10:00:00Z',
    });
    expect(byName.avg_order_value_30d.value).toBe(42.5);
    expect(byName.segment.value).toBe('gold');
    // The digits typed as a string were sent as the INT64 the key is.
    expect(missing.entity).toEqual({ customer_id: 2002 });
    expect(missing.features.map((f: any) => f.status)).toEqual([
      'NOT_FOUND',
      'NOT_FOUND',
      'NOT_FOUND',
    ]);
    expect(missing.features[0].eventTimestamp).toBeUndefined();

    expect(feast.requests).toHaveLength(1);
    expect(JSON.parse(feast.requests[0].body!)).toEqual({
      entities: { customer_id: [1001, 2002] },
      full_feature_names: false,
      features: [
        'customer_order_stats:order_count_30d',
        'customer_order_stats:avg_order_value_30d',
        'customer_order_stats:segment',
      ],
    });
    expect(authorize).toHaveBeenCalledWith(
      [
        {
          permission: expect.objectContaining({
            name: 'feature-store.online-features.read',
          }),
          resourceRef: VIEW_REF,
        },
      ],
      expect.anything(),
    );
  });

  it('reads only the features asked for', async () => {
    const { server } = await startBackend();
    const res = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1001] },
      features: ['segment'],
    });
    expect(res.status).toBe(200);
    expect(res.body.featureNames).toEqual(['segment']);
    expect(res.body.rows[0].features[0]).toMatchObject({
      value: 'gold',
      status: 'PRESENT',
    });
  });

  it('reads a feature service with full feature names', async () => {
    const { server } = await startBackend();
    const res = await lookup(server, {
      entityRef: SERVICE_REF,
      entities: { customer_id: [1001] },
    });
    expect(res.status).toBe(200);
    expect(res.body.source).toEqual({
      kind: 'feature_service',
      name: 'churn_model_v1',
    });
    expect([...res.body.featureNames].sort()).toEqual([
      'customer_order_stats__order_count_30d',
      'customer_order_stats__segment',
    ]);
    expect(JSON.parse(feast.requests[0].body!)).toEqual({
      entities: { customer_id: [1001] },
      full_feature_names: true,
      feature_service: 'churn_model_v1',
    });
  });

  it('keeps the order of the rows asked for when Feast reads precomputed vectors', async () => {
    const hour = 3600_000;
    feast.applyFeatureView({
      name: 'customer_order_stats',
      entities: [
        { entity: 'customer', joinKey: 'customer_id', valueType: 'INT64' },
      ],
      features: [
        { name: 'order_count_30d', valueType: 'INT64' },
        { name: 'segment', valueType: 'STRING' },
      ],
      ttlSeconds: 86_400,
    });
    feast.applyFeatureService({
      name: 'churn_model_v1',
      precomputeOnline: true,
      features: [{ featureView: 'customer_order_stats' }],
    });
    feast.writeRows('customer_order_stats', [
      {
        entity: { customer_id: 1001 },
        values: { order_count_30d: 3, segment: 'gold' },
        eventTimestamp: new Date(Date.now() - 48 * hour),
      },
      {
        entity: { customer_id: 1002 },
        values: { order_count_30d: 5, segment: 'silver' },
        eventTimestamp: new Date(Date.now() - hour),
      },
    ]);
    feast.precompute('churn_model_v1');
    const { server } = await startBackend();
    const res = await lookup(server, {
      entityRef: SERVICE_REF,
      entities: { customer_id: [1002, 1001, 1002] },
    });
    expect(res.status).toBe(200);
    const countOf = (row: any) =>
      row.features.find(
        (f: any) => f.name === 'customer_order_stats__order_count_30d',
      );
    expect(res.body.rows.map((r: any) => r.entity.customer_id)).toEqual([
      1002, 1001, 1002,
    ]);
    expect(res.body.rows.map((r: any) => countOf(r).value)).toEqual([5, 3, 5]);
    expect(res.body.rows.map((r: any) => countOf(r).status)).toEqual([
      'PRESENT',
      'OUTSIDE_MAX_AGE',
      'PRESENT',
    ]);
    expect(JSON.parse(feast.requests[0].body!).entities).toEqual({
      customer_id: [1001, 1002],
    });
  });

  it('answers 403 and asks nothing of Feast when the permission is denied', async () => {
    const { server, events } = await startBackend({ deny: [VIEW_REF] });
    const res = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1001] },
    });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'feature-store.online-features.read',
    );
    expect(feast.requests).toHaveLength(0);
    expect(events).toEqual([
      expect.objectContaining({
        eventId: 'online-features-read',
        outcome: 'fail',
      }),
    ]);
  });

  it('answers 404 naming an entity the user cannot see', async () => {
    const { server } = await startBackend();
    const res = await lookup(server, {
      entityRef: 'resource:default/commerce.driver_stats',
      entities: { driver_id: [1] },
    });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe(
      'No entity resource:default/commerce.driver_stats in the catalog',
    );
  });

  it('answers 400 for an entity that is no feature view or service', async () => {
    const { server } = await startBackend();
    const res = await lookup(server, {
      entityRef: 'resource:default/lakehouse.gold.fct_orders',
      entities: { customer_id: [1] },
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain(
      'is not a feature view or feature service (kind Resource, spec.type dataset)',
    );
  });

  it.each([
    [
      { customer: [1001] },
      'entities.customer: Feature view resource:default/commerce.customer_order_stats has no join key customer; its join keys are customer_id',
    ],
    [
      { customer_id: ['C-1001'] },
      'entities.customer_id: customer_id is INT64, "C-1001" is not a whole number',
    ],
    [
      { customer_id: [1.5] },
      'entities.customer_id: customer_id is INT64, 1.5 is not a whole number',
    ],
  ])('answers 400 naming a bad join key %j', async (entities, message) => {
    const { server } = await startBackend();
    const res = await lookup(server, { entityRef: VIEW_REF, entities });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toBe(message);
    expect(feast.requests).toHaveLength(0);
  });

  it('answers 400 for a missing join key of a feature service, an unknown feature and invalid bodies', async () => {
    const twoKeys: Entity = {
      ...featureView,
      spec: {
        ...viewSpec,
        entityKeys: [
          ...viewSpec.entityKeys!,
          { entity: 'store', joinKey: 'store_id', valueType: 'STRING' },
        ],
      } as unknown as Entity['spec'],
    };
    const { server } = await startBackend({
      entities: [twoKeys, featureService],
    });
    const missing = await lookup(server, {
      entityRef: SERVICE_REF,
      entities: { customer_id: [1001] },
    });
    expect(missing.status).toBe(400);
    expect(missing.body.error.message).toContain(
      'entities.store_id: give the values of join key store_id',
    );

    const unknownFeature = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1], store_id: ['s'] },
      features: ['lifetime_value'],
    });
    expect(unknownFeature.status).toBe(400);
    expect(unknownFeature.body.error.message).toContain(
      'features: Feature view resource:default/commerce.customer_order_stats has no feature lifetime_value',
    );

    const tooMany = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: Array.from({ length: 101 }, (_, i) => i) },
    });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.error.message).toContain(
      'entities.customer_id: at most 100 entity rows per lookup',
    );

    const uneven = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1, 2], store_id: ['s'] },
    });
    expect(uneven.status).toBe(400);
    expect(uneven.body.error.message).toContain(
      'entities: every join key needs one value per entity row (customer_id has 2, store_id has 1)',
    );

    const noRef = await lookup(server, { entities: { customer_id: [1] } });
    expect(noRef.status).toBe(400);
    expect(noRef.body.error.message).toContain('entityRef: Required');
    expect(feast.requests).toHaveLength(0);
  });

  it('answers 502 naming the server when the feature server is down', async () => {
    const { server } = await startBackend();
    await feast.stop();
    const res = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1001] },
    });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toContain(
      `The Feast feature server at ${feast.url} could not be reached`,
    );
  });

  it("answers 502 with Feast's message when Feast does not know the view (404)", async () => {
    const renamed: Entity = {
      ...featureView,
      metadata: {
        ...featureView.metadata,
        annotations: {
          'lakehouse.dev/feast-project': 'commerce',
          'lakehouse.dev/feast-name': 'customer_stats_v2',
        },
      },
    };
    const { server, events } = await startBackend({ entities: [renamed] });
    const res = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1001] },
    });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toBe(
      `The Feast feature server at ${feast.url} answered 404: FeatureViewNotFoundException: Feature view customer_stats_v2 does not exist in project commerce`,
    );
    expect(events[0]).toMatchObject({ outcome: 'fail' });
  });

  it("answers 502 with Feast's message when Feast fails (500)", async () => {
    // The catalog knows a feature that the registry of the feature server does not.
    const newer: Entity = {
      ...featureView,
      spec: {
        ...viewSpec,
        features: [
          ...viewSpec.features!,
          { name: 'churn_score', valueType: 'DOUBLE' },
        ],
      } as unknown as Entity['spec'],
    };
    const { server } = await startBackend({ entities: [newer] });
    const res = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1001] },
      features: ['churn_score'],
    });
    expect(res.status).toBe(502);
    expect(res.body.error.message).toBe(
      `The Feast feature server at ${feast.url} answered 500: 'Feature churn_score not found in projection customer_order_stats'`,
    );
  });

  it('answers 504 when the feature server is slower than the timeout', async () => {
    const { server } = await startBackend({
      feast: { featureServerUrl: feast.url, requestTimeoutMs: 200 },
    });
    feast.failNext(1, { delayMs: 1000 });
    const res = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1001] },
    });
    expect(res.status).toBe(504);
    expect(res.body.error.message).toContain('did not answer within 200 ms');
  });

  it('answers 503 saying which key to set when no feature server is configured', async () => {
    const { server } = await startBackend({
      feast: { projects: { marketing: { featureServerUrl: feast.url } } },
    });
    const res = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1001] },
    });
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      'No Feast feature server is configured for project commerce: set lakehouse.feast.projects.commerce.featureServerUrl or lakehouse.feast.featureServerUrl',
    );
  });

  it("uses the project's own feature server over the default one", async () => {
    const { server } = await startBackend({
      feast: {
        featureServerUrl: 'http://127.0.0.1:9',
        projects: { commerce: { featureServerUrl: `${feast.url}/` } },
      },
    });
    const res = await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1001] },
    });
    expect(res.status).toBe(200);
    expect(feast.requests).toHaveLength(1);
  });

  it('records an audit event around each lookup', async () => {
    const { server, events } = await startBackend();
    await lookup(server, {
      entityRef: VIEW_REF,
      entities: { customer_id: [1001, 1002] },
      features: ['segment'],
    });
    expect(events).toEqual([
      {
        eventId: 'online-features-read',
        severityLevel: 'medium',
        request: undefined,
        meta: {
          entityRef: VIEW_REF,
          project: 'commerce',
          rows: 2,
          features: ['segment'],
        },
        outcome: 'success',
        result: { featureNames: ['segment'] },
      },
    ]);
  });
});
