import { GovernanceReport } from '@internal/plugin-lakehouse-common';

/** A governance report of the demo lakehouse, as the backend answers it. */
export const demoReport: GovernanceReport = {
  generatedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
  counts: {
    entities: 24,
    datasets: 17,
    owned: 22,
    classifiedDatasets: 3,
    staleDatasets: 1,
  },
  ownership: [
    {
      kind: 'no-owner',
      entityRef: 'resource:default/lakehouse.raw.payments',
      title: 'raw.payments',
      type: 'dataset',
      problem: 'It has no owner.',
      fix: 'Set spec.owner to the group that answers for the data.',
    },
    {
      kind: 'owner-group-empty',
      entityRef: 'resource:default/customer-churn-predictor',
      title: 'customer-churn-predictor',
      type: 'model-server',
      owner: 'group:default/ml-serving',
      problem: 'Its owner group ml-serving has no members.',
      fix: 'Add members to group ml-serving or hand the deployment to another group.',
    },
  ],
  classified: [
    {
      entityRef: 'resource:default/lakehouse.raw.customers',
      title: 'raw.customers',
      owner: 'group:default/data-platform',
      classifications: [
        { column: 'email', classification: 'pii', origin: 'declared' },
      ],
      declassified: [],
      flowsTo: [
        {
          entityRef: 'resource:default/lakehouse.bronze.stg_customers',
          column: 'email',
        },
      ],
    },
    {
      entityRef: 'resource:default/lakehouse.silver.dim_customers',
      title: 'dim_customers',
      owner: 'group:default/analytics-engineering',
      classifications: [
        {
          column: 'email',
          classification: 'pii',
          origin: 'inherited',
          from: [
            {
              entityRef: 'resource:default/lakehouse.bronze.stg_customers',
              column: 'email',
            },
          ],
        },
      ],
      declassified: [
        {
          entityRef: 'resource:default/lakehouse.silver.dim_customers',
          column: 'email_hash',
          reason: 'SHA-256 of the address; not reversible.',
          by: 'user:default/ben',
          at: '2025-09-01T10:00:00Z',
        },
      ],
      flowsTo: [],
    },
  ],
  stale: [
    {
      entityRef: 'resource:default/lakehouse.raw.orders',
      title: 'raw.orders',
      type: 'dataset',
      owner: 'group:default/data-platform',
      lastUpdated: new Date(Date.now() - 3 * 24 * 3600_000).toISOString(),
      sla: '24h',
      problem: 'Last snapshot 3 days ago, SLA 24h.',
      fix: 'Check the ingestion job that loads raw.orders.',
    },
  ],
  scorecards: [
    {
      group: 'group:default/data-platform',
      entities: 8,
      documented: 0.75,
      classifiedDatasets: 2,
      staleDatasets: 1,
      pendingAccessRequests: 1,
    },
    {
      group: 'group:default/ml-engineering',
      entities: 4,
      documented: 1,
      classifiedDatasets: 0,
      staleDatasets: 0,
      pendingAccessRequests: 0,
    },
  ],
};

/** A report of a lakehouse with nothing to fix. */
export const cleanReport: GovernanceReport = {
  generatedAt: new Date().toISOString(),
  counts: {
    entities: 5,
    datasets: 3,
    owned: 5,
    classifiedDatasets: 0,
    staleDatasets: 0,
  },
  ownership: [],
  classified: [],
  stale: [],
  scorecards: [],
};
