// Drift monitors and reports of the demo churn model, for the tests of the
// Drift tab and card: three days of hourly-looking runs in which the
// average order amount starts to drift on the last day.

import { Entity } from '@backstage/catalog-model';
import {
  DriftFeatureReport,
  DriftMonitor,
  DriftReport,
} from '@internal/plugin-lakehouse-common';

export const CHURN_MODEL_REF = 'resource:default/customer-churn';

export const churnModel: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'customer-churn' },
  spec: { type: 'ai-model', owner: 'ml-platform' },
};

export const churnFeatureView: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'commerce.churn_model_features' },
  spec: { type: 'feature-view', owner: 'ml-platform' },
};

export const churnMonitor: DriftMonitor = {
  id: 'customer-churn-inputs',
  title: 'Churn model inputs',
  entityRef: CHURN_MODEL_REF,
  engine: 'duckdb',
  features: [],
  schedule: 'every 1 hour',
  thresholds: 'fixed',
  lastReport: {
    id: 'r-3',
    createdAt: '2025-09-03T06:00:00Z',
    status: 'ok',
    drifted: true,
    driftedFeatures: ['avg_order_amount'],
    featureCount: 4,
  },
};

const REFERENCE_SQL =
  'SELECT total_orders, country_code, avg_order_amount, days_since_last_order FROM lakehouse.ml.churn_training';
const CURRENT_SQL =
  "SELECT total_orders, country_code, avg_order_amount, days_since_last_order FROM lakehouse.ml.churn_inference_log WHERE ts >= TIMESTAMP '2025-09-02 06:00:00'";

/** The features of a report, in the order the backend listed them. */
function features(avgOrderKs: number): DriftFeatureReport[] {
  return [
    {
      name: 'total_orders',
      kind: 'numeric',
      test: 'ks',
      value: 0.031,
      threshold: 0.086,
      drifted: false,
      pValue: 0.82,
      thresholdMode: 'fixed',
      statistics: {
        ks: 0.031,
        ksPValue: 0.82,
        wasserstein: 0.12,
        wassersteinNormalized: 0.02,
        psi: 0.004,
        missingRate: 0,
      },
    },
    {
      name: 'country_code',
      kind: 'categorical',
      test: 'chiSquare',
      value: 1.9,
      threshold: 7.81,
      drifted: false,
      pValue: 0.59,
      statistics: {
        chiSquare: 1.9,
        chiSquarePValue: 0.59,
        psi: 0.003,
        jensenShannon: 0.02,
        missingRate: 0.004,
        unseenCategoryShare: 0,
      },
      histogram: {
        categories: ['DE', 'FR', 'NL', 'US'],
        reference: [0.4, 0.3, 0.1, 0.2],
        current: [0.38, 0.31, 0.12, 0.19],
      },
    },
    {
      name: 'avg_order_amount',
      kind: 'numeric',
      test: 'ks',
      value: avgOrderKs,
      threshold: 0.086,
      drifted: avgOrderKs > 0.086,
      pValue: avgOrderKs > 0.086 ? 3.2e-9 : 0.4,
      method: 'exact two-sample KS on 500 × 1,000 rows',
      thresholdMode: 'fixed',
      statistics: {
        ks: avgOrderKs,
        ksPValue: avgOrderKs > 0.086 ? 3.2e-9 : 0.4,
        wasserstein: avgOrderKs * 40,
        wassersteinNormalized: avgOrderKs * 1.5,
        psi: avgOrderKs * 2,
        missingRate: 0.012,
      },
      histogram: {
        edges: [0, 25, 50, 75, 100, 150],
        reference: [0.1, 0.3, 0.35, 0.2, 0.05],
        current: [0.02, 0.1, 0.28, 0.35, 0.25],
      },
    },
    {
      name: 'days_since_last_order',
      kind: 'numeric',
      test: 'ks',
      value: 0.05,
      threshold: 0.086,
      drifted: false,
      pValue: 0.31,
      statistics: { ks: 0.05, ksPValue: 0.31, missingRate: 0 },
    },
  ];
}

function report(id: string, createdAt: string, avgOrderKs: number) {
  const list = features(avgOrderKs);
  return {
    id,
    monitorId: churnMonitor.id,
    entityRef: CHURN_MODEL_REF,
    createdAt,
    engine: 'duckdb',
    status: 'ok',
    reference: { sql: REFERENCE_SQL, rows: 1000 },
    current: { sql: CURRENT_SQL, rows: 500 },
    drifted: list.some(f => f.drifted),
    features: list,
    durationMs: 840,
  } satisfies DriftReport;
}

/** The monitor's reports, newest first: drift on the last one only. */
export const churnReports: DriftReport[] = [
  report('r-3', '2025-09-03T06:00:00Z', 0.41),
  report('r-2', '2025-09-02T06:00:00Z', 0.06),
  report('r-1', '2025-09-01T06:00:00Z', 0.04),
];

/** A run that found its current table gone. */
export const failedReport: DriftReport = {
  id: 'r-4',
  monitorId: churnMonitor.id,
  entityRef: CHURN_MODEL_REF,
  createdAt: '2025-09-04T06:00:00Z',
  engine: 'duckdb',
  status: 'failed',
  error:
    'Table lakehouse.ml.churn_inference_log does not exist (current data of monitor customer-churn-inputs)',
  reference: { sql: REFERENCE_SQL, rows: 1000 },
  current: { sql: CURRENT_SQL, rows: 0 },
  drifted: false,
  features: [],
};
