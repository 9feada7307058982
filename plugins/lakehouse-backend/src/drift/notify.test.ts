import { DriftReport } from '@internal/plugin-lakehouse-common';
import { driftNotification, driftTabPath, startsDrifting } from './notify';

const report = (over: Partial<DriftReport> = {}): DriftReport => ({
  id: 'r2',
  monitorId: 'customer-churn-inputs',
  entityRef: 'resource:default/customer-churn',
  createdAt: '2026-12-04T10:00:00.000Z',
  engine: 'duckdb',
  status: 'ok',
  reference: { sql: 'select 1', rows: 4000 },
  current: { sql: 'select 1', rows: 1400 },
  drifted: true,
  features: [
    {
      name: 'days_since_last_order',
      kind: 'numeric',
      test: 'wasserstein',
      value: 0.8977,
      threshold: 0.1,
      drifted: true,
      statistics: {},
    },
    {
      name: 'total_orders',
      kind: 'numeric',
      test: 'wasserstein',
      value: 0.003,
      threshold: 0.1,
      drifted: false,
      statistics: {},
    },
  ],
  ...over,
});

describe('drift notifications', () => {
  it('fire when a monitor starts drifting, not while it stays drifted or fails', () => {
    expect(startsDrifting(report(), undefined)).toBe(true);
    expect(startsDrifting(report(), report({ drifted: false }))).toBe(true);
    expect(startsDrifting(report(), report())).toBe(false);
    expect(startsDrifting(report({ drifted: false }), undefined)).toBe(false);
    expect(
      startsDrifting(report({ status: 'failed', drifted: false }), undefined),
    ).toBe(false);
  });

  it('name the drifted feature and link to the Drift tab', () => {
    const { recipients, payload } = driftNotification(
      report(),
      'group:default/ml-engineering',
      'customer-churn',
    );
    expect(recipients).toEqual({
      type: 'entity',
      entityRef: 'group:default/ml-engineering',
    });
    expect(payload.title).toBe(
      'Drift in customer-churn: days_since_last_order',
    );
    expect(payload.description).toContain(
      'days_since_last_order (wasserstein 0.898 > 0.1)',
    );
    expect(payload.description).toContain('1 of 2 features');
    expect(payload.link).toBe('/catalog/default/resource/customer-churn/drift');
    expect(driftTabPath('component:ml/Serving Thing')).toBe(
      '/catalog/ml/component/Serving%20Thing/drift',
    );
  });
});
