import path from 'node:path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { DriftReport } from '@internal/plugin-lakehouse-common';
import { lakehousePlugin } from '../plugin';
import { recordingAuditor } from '../__testUtils__/services';
import expected from './__fixtures__/demo-expected.json';

jest.setTimeout(120_000);

const projectDir = path.resolve(__dirname, '../../../../examples/lakehouse');
const LOG = 'lakehouse.raw.churn_inference_log';
/** Sees the model, may run its monitors, but may read none of the data. */
const OUTSIDER = 'user:default/outsider';

/** Denies what `deny` names (permission name or resource ref), and any data to OUTSIDER. */
function permissionsDenying(deny: string[] = []) {
  return mockServices.permissions.mock({
    authorize: async (
      requests: EvaluatePermissionRequest[],
      options?: { credentials: { principal: unknown } },
    ) =>
      requests.map(r => {
        const user = (
          options?.credentials.principal as { userEntityRef?: string }
        )?.userEntityRef;
        const denied =
          deny.includes(r.permission.name) ||
          deny.includes((r as { resourceRef?: string }).resourceRef ?? '') ||
          (user === OUTSIDER &&
            r.permission.name === 'lakehouse.dataset.read-data');
        return {
          result: denied ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
        };
      }) as any,
  });
}

const entity = (
  kind: string,
  name: string,
  type: string,
  owner: string,
  annotations: Record<string, string> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name, namespace: 'default', annotations },
  spec: { type, owner },
});

const model = entity(
  'Resource',
  'customer-churn',
  'ai-model',
  'ml-engineering',
);
const logDataset = entity('Resource', LOG, 'dataset', 'ml-engineering', {
  'lakehouse.dev/table': LOG,
});
const piiCustomers = entity(
  'Resource',
  'lakehouse.raw.customers',
  'dataset',
  'data-platform',
  {
    'lakehouse.dev/table': 'lakehouse.raw.customers',
    'lakehouse.dev/classification': 'pii',
  },
);

const features = [
  'total_orders',
  'total_spend',
  'avg_order_amount',
  'returned_orders',
  'days_since_last_order',
  'country_code',
];
const demoMonitor = {
  entity: 'resource:default/customer-churn',
  engine: 'duckdb',
  reference: {
    table: LOG,
    timestampColumn: 'predicted_at',
    from: '2025-08-04',
    to: '2025-08-24',
  },
  current: {
    table: LOG,
    timestampColumn: 'predicted_at',
    window: { days: 7 },
    anchor: 'latest',
  },
  features,
  schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 5 } },
};

async function startDrift(
  options: { deny?: string[]; entities?: Entity[] } = {},
) {
  const sent: any[] = [];
  const { auditor, events: audited } = recordingAuditor();
  const backend = await startTestBackend({
    features: [
      lakehousePlugin,
      mockServices.rootConfig.factory({
        data: {
          lakehouse: {
            demo: { projectDir },
            drift: {
              monitors: {
                'customer-churn-inputs': demoMonitor,
                'missing-table': {
                  ...demoMonitor,
                  current: {
                    table: 'lakehouse.raw.churn_inference_log_v2',
                  },
                },
                'renamed-column': {
                  ...demoMonitor,
                  features: [...features, 'tenure_days'],
                },
                'reads-pii': {
                  ...demoMonitor,
                  reference: {
                    sql: 'select customer_id as total_orders from lakehouse.raw.customers',
                  },
                  features: ['total_orders'],
                },
                hostile: {
                  ...demoMonitor,
                  current: { sql: `delete from ${LOG}` },
                },
                'unseen-entity': {
                  ...demoMonitor,
                  entity: 'resource:default/secret-model',
                },
              },
            },
          },
        },
      }),
      catalogServiceMock.factory({
        entities: options.entities ?? [model, logDataset, piiCustomers],
      }),
      permissionsDenying(options.deny).factory,
      auditor.factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: any) => {
            sent.push(notification);
          },
        }),
      }),
    ],
  });
  return {
    server: backend.server,
    stop: () => backend.stop(),
    sent,
    audited: () => audited.filter(e => e.eventId === 'drift-run'),
  };
}

const run = (server: any, id: string) =>
  request(server).post(`/api/lakehouse/drift/monitors/${id}/run`);

describe('drift monitors on the demo lakehouse', () => {
  let drift: Awaited<ReturnType<typeof startDrift>>;
  let report: DriftReport;
  beforeAll(async () => {
    drift = await startDrift();
    const response = await run(drift.server, 'customer-churn-inputs');
    if (response.status !== 201) {
      throw new Error(`run answered ${response.status}: ${response.text}`);
    }
    report = response.body;
  });
  afterAll(() => drift.stop());

  it('finds the injected drift in days_since_last_order and nowhere else', () => {
    expect(report.status).toBe('ok');
    expect(report.drifted).toBe(true);
    expect(report.features.map(f => f.name).sort()).toEqual(
      [...features].sort(),
    );
    expect(report.features.filter(f => f.drifted).map(f => f.name)).toEqual([
      'days_since_last_order',
    ]);
    expect(report.reference.rows).toBe(expected.referenceRows);
    expect(report.current.rows).toBe(expected.currentRows);
    const country = report.features.find(f => f.name === 'country_code')!;
    expect(country.kind).toBe('categorical');
    expect(country.histogram?.categories).toEqual(
      expect.arrayContaining(['DE', 'FR', 'NL', 'AT', 'BE']),
    );
  });

  it('computes KS and Wasserstein exactly as scipy does on the rows of its SQL', () => {
    for (const [name, want] of Object.entries(expected.features)) {
      const got = report.features.find(f => f.name === name)!.statistics;
      expect(got.ks).toBeCloseTo(want.ks, 10);
      expect(got.wasserstein).toBeCloseTo(want.wasserstein, 8);
      expect(got.wassersteinNormalized).toBeCloseTo(
        want.wassersteinNormalized,
        8,
      );
    }
  });

  it('states SQL the console runs to the very rows of the report', async () => {
    expect(report.current.sql).toContain(`timestamp '${expected.latest}.000'`);
    for (const side of [report.reference, report.current]) {
      const submitted = await request(drift.server)
        .post('/api/lakehouse/queries')
        .send({ sql: `select count(*) from (${side.sql}) as rows_of_report` });
      expect(submitted.status).toBe(202);
      const rows: unknown[][] = [];
      let token: string | undefined;
      do {
        const page = await request(drift.server)
          .get(`/api/lakehouse/queries/${submitted.body.id}`)
          .query({ maxWaitMs: 5000, ...(token ? { pageToken: token } : {}) });
        rows.push(...page.body.rows);
        token = page.body.nextPageToken;
      } while (token);
      expect(rows).toEqual([[side.rows]]);
    }
  });

  it('notifies the owners once, when the monitor starts drifting', async () => {
    expect(drift.sent).toHaveLength(1);
    expect(drift.sent[0].recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/ml-engineering',
    });
    expect(drift.sent[0].payload.title).toContain('days_since_last_order');
    expect(drift.sent[0].payload.link).toBe(
      '/catalog/default/resource/customer-churn/drift',
    );
    const again = await run(drift.server, 'customer-churn-inputs');
    expect(again.body.drifted).toBe(true);
    expect(drift.sent).toHaveLength(1);
  });

  it('audits every run a user asks for, with the report it produced', () => {
    expect(drift.audited()[0]).toMatchObject({
      eventId: 'drift-run',
      meta: {
        monitorId: 'customer-churn-inputs',
        entityRef: 'resource:default/customer-churn',
      },
      outcome: 'success',
      result: { reportId: report.id, status: 'ok', drifted: true },
    });
  });

  it('lists monitors of visible entities with their newest report, and reports newest first', async () => {
    const list = await request(drift.server).get(
      '/api/lakehouse/drift/monitors?entityRef=resource:default/customer-churn',
    );
    expect(list.status).toBe(200);
    const ids = list.body.items.map((m: any) => m.id);
    expect(ids).toContain('customer-churn-inputs');
    expect(ids).not.toContain('unseen-entity');
    const monitor = list.body.items.find(
      (m: any) => m.id === 'customer-churn-inputs',
    );
    expect(monitor).toMatchObject({
      entityRef: 'resource:default/customer-churn',
      engine: 'duckdb',
      schedule: 'manual',
      lastReport: { status: 'ok', driftedFeatures: ['days_since_last_order'] },
    });
    const reports = await request(drift.server).get(
      '/api/lakehouse/drift/monitors/customer-churn-inputs/reports?limit=5',
    );
    expect(reports.body.items.length).toBeGreaterThanOrEqual(2);
    const times = reports.body.items.map((r: DriftReport) => r.createdAt);
    expect([...times].sort().reverse()).toEqual(times);
    expect(
      (
        await request(drift.server).get(
          '/api/lakehouse/drift/monitors/customer-churn-inputs/reports?limit=0',
        )
      ).status,
    ).toBe(400);
    expect(
      (
        await request(drift.server).get(
          '/api/lakehouse/drift/monitors/unseen-entity/reports',
        )
      ).status,
    ).toBe(404);
  });

  it('shows a user who may not read the monitored data whether it drifts, without the values', async () => {
    const outsider = mockCredentials.user.header(OUTSIDER);
    const reports = await request(drift.server)
      .get('/api/lakehouse/drift/monitors/customer-churn-inputs/reports')
      .set('Authorization', outsider);
    expect(reports.status).toBe(200);
    const [newest] = reports.body.items;
    expect(newest.redacted).toBe(
      `You are not allowed to read the data of ${LOG} (lakehouse.dataset.read-data)`,
    );
    expect(newest.drifted).toBe(true);
    expect(
      newest.features.filter((f: any) => f.drifted).map((f: any) => f.name),
    ).toEqual(['days_since_last_order']);
    expect(newest.features.map((f: any) => f.histogram)).toEqual(
      features.map(() => undefined),
    );
    expect(JSON.stringify(reports.body)).not.toMatch(/"(DE|FR|NL|AT|BE)"/);

    const listed = await request(drift.server)
      .get(
        '/api/lakehouse/drift/monitors?entityRef=resource:default/customer-churn',
      )
      .set('Authorization', outsider);
    expect(
      listed.body.items.find((m: any) => m.id === 'customer-churn-inputs')
        .lastReport,
    ).toMatchObject({ drifted: true });

    const before = (
      await request(drift.server).get(
        '/api/lakehouse/drift/monitors/customer-churn-inputs/reports',
      )
    ).body.items.length;
    const refused = await run(drift.server, 'customer-churn-inputs').set(
      'Authorization',
      outsider,
    );
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toBe(
      `You are not allowed to read the data of ${LOG} (lakehouse.dataset.read-data)`,
    );
    const after = await request(drift.server).get(
      '/api/lakehouse/drift/monitors/customer-churn-inputs/reports',
    );
    expect(after.body.items).toHaveLength(before);
  });

  it.each([
    ['missing-table', /churn_inference_log_v2/],
    ['renamed-column', /tenure_days/],
    ['reads-pii', /may not read lakehouse\.raw\.customers/],
    ['hostile', /Refused: .*/],
  ])(
    'records a failed run of %s with the reason, and never notifies',
    async (id, reason) => {
      const before = drift.sent.length;
      const response = await run(drift.server, id);
      expect(response.status).toBe(201);
      expect(response.body.status).toBe('failed');
      expect(response.body.drifted).toBe(false);
      expect(response.body.error).toMatch(reason);
      expect(drift.sent).toHaveLength(before);
      const last = await request(drift.server).get(
        `/api/lakehouse/drift/monitors/${id}/reports?limit=1`,
      );
      expect(last.body.items[0].error).toMatch(reason);
    },
  );
});

describe('who may run a monitor', () => {
  it('refuses a user without lakehouse.drift.run and records no run', async () => {
    const drift = await startDrift({ deny: ['lakehouse.drift.run'] });
    try {
      const response = await run(drift.server, 'customer-churn-inputs');
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain('lakehouse.drift.run');
      expect(drift.audited()).toEqual([
        expect.objectContaining({
          outcome: 'fail',
          error: expect.stringContaining('lakehouse.drift.run'),
        }),
      ]);
      const reports = await request(drift.server).get(
        '/api/lakehouse/drift/monitors/customer-churn-inputs/reports',
      );
      expect(reports.body.items).toEqual([]);
    } finally {
      await drift.stop();
    }
  });

  it('refuses a user who may not read the monitored data', async () => {
    const drift = await startDrift({ deny: [`resource:default/${LOG}`] });
    try {
      const response = await run(drift.server, 'customer-churn-inputs');
      expect(response.status).toBe(403);
      expect(response.body.error.message).toContain(LOG);
    } finally {
      await drift.stop();
    }
  });
});
