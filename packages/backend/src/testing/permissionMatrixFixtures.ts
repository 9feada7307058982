/*
 * What the permission matrix test (permissionMatrix.test.ts) runs against: a
 * small organisation, the datasets, model and feature view of one team, the
 * Polaris, Feast and Kubernetes doubles' seeds, and one-step templates that
 * call each scaffolder action of the project with input it accepts.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Entity } from '@backstage/catalog-model';
import type {
  FeastFeatureServerDoubleOptions,
  PolarisManagementDoubleOptions,
} from '@internal/platform-doubles';

/** The users of the matrix, in the order its columns are shown. */
export const USERS = ['owner', 'other', 'nogroups', 'platform'] as const;

/** One of {@link USERS}. */
export type MatrixUser = (typeof USERS)[number];

/** The user entity ref of a matrix user. */
export const userRef = (user: MatrixUser) => `user:default/${user}`;

/**
 * Who is in which group: `owner` in team-a, which owns every dataset, the
 * model and the feature view; `other` in team-b; `nogroups` in none;
 * `platform` in data-platform, the shipped policy's platform role.
 */
export const GROUPS_OF: Record<MatrixUser, string[]> = {
  owner: ['group:default/team-a'],
  other: ['group:default/team-b'],
  nogroups: [],
  platform: ['group:default/data-platform'],
};

/** Datasets of team-a, by what the policy makes of them. */
export const DATASETS = {
  /** Classified by a `pii` tag on two of its columns (no annotation). */
  pii: 'lakehouse.bronze.stg_customers',
  /** Classified by none of its own columns: `first_name` comes straight from the pii dataset's. */
  inherited: 'lakehouse.silver.dim_customers',
  /** Not classified. */
  plain: 'lakehouse.gold.fct_orders',
  /** Classified by a `pii` tag on a column; `other` gets an approved access request for it. */
  granted: 'lakehouse.raw.customers',
} as const;

/** The entity ref of a dataset. */
export const datasetRef = (name: string) => `resource:default/${name}`;

export const MODEL_REF = 'resource:default/churn-model';
export const FEATURE_VIEW_REF = 'resource:default/matrix.customer_order_stats';
export const DRIFT_MONITOR = 'churn-inputs';

const TEAM_A = 'group:default/team-a';

function groupEntity(name: string, members: string[]): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name },
    spec: { type: 'team', children: [], members },
  };
}

function userEntity(name: MatrixUser): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'User',
    metadata: { name },
    spec: {
      memberOf: GROUPS_OF[name].map(g => g.replace('group:default/', '')),
    },
  };
}

function dataset(
  table: string,
  columns: Array<{ name: string; dataType: string; tags?: string[] }>,
  dbt?: { compiledSql?: string; dependsOn?: string[] },
): Entity {
  const [, layer, name] = table.split('.');
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: table,
      annotations: {
        'lakehouse.dev/table': table,
        'lakehouse.dev/layer': layer,
        'lakehouse.dev/dbt-unique-id': `model.matrix.${name}`,
      },
    },
    spec: {
      type: 'dataset',
      owner: TEAM_A,
      columns,
      dbt: {
        uniqueId: `model.matrix.${name}`,
        resourceType: 'model',
        project: 'matrix',
        ...(dbt?.compiledSql ? { compiledSql: dbt.compiledSql } : {}),
      },
      ...(dbt?.dependsOn ? { dependsOn: dbt.dependsOn } : {}),
    },
  };
}

/** Every entity of the matrix's catalog. */
export const ENTITIES: Entity[] = [
  groupEntity('team-a', ['owner']),
  groupEntity('team-b', ['other']),
  groupEntity('data-platform', ['platform']),
  ...USERS.map(userEntity),
  dataset(DATASETS.pii, [
    { name: 'customer_id', dataType: 'bigint' },
    { name: 'first_name', dataType: 'varchar', tags: ['pii'] },
    { name: 'last_name', dataType: 'varchar', tags: ['pii'] },
    { name: 'email', dataType: 'varchar' },
    { name: 'country_code', dataType: 'varchar' },
  ]),
  // A dbt model as the manifest has it compiled: first_name is selected
  // unchanged from the pii dataset's tagged column (column lineage DIRECT),
  // so it inherits pii; none of this dataset's own columns is tagged.
  dataset(
    DATASETS.inherited,
    [
      { name: 'customer_key', dataType: 'bigint' },
      { name: 'customer_id', dataType: 'bigint' },
      { name: 'first_name', dataType: 'varchar' },
      { name: 'email', dataType: 'varchar' },
      { name: 'country_code', dataType: 'varchar' },
    ],
    {
      compiledSql: `select customer_id as customer_key, customer_id, first_name, email, country_code from ${DATASETS.pii}`,
      dependsOn: [datasetRef(DATASETS.pii)],
    },
  ),
  dataset(DATASETS.granted, [
    { name: 'customer_id', dataType: 'bigint' },
    { name: 'email', dataType: 'varchar', tags: ['pii'] },
    { name: 'country_code', dataType: 'varchar' },
  ]),
  dataset(DATASETS.plain, [
    { name: 'order_id', dataType: 'bigint' },
    { name: 'customer_id', dataType: 'bigint' },
    { name: 'order_date', dataType: 'date' },
    { name: 'status', dataType: 'varchar' },
  ]),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'churn-model', title: 'Customer churn' },
    spec: { type: 'ai-model', owner: TEAM_A },
  },
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'matrix.customer_order_stats',
      annotations: {
        'lakehouse.dev/feast-project': 'matrix',
        'lakehouse.dev/feast-name': 'customer_order_stats',
      },
    },
    spec: {
      type: 'feature-view',
      owner: TEAM_A,
      viewKind: 'batch',
      entities: ['customer'],
      entityKeys: [
        { entity: 'customer', joinKey: 'customer_id', valueType: 'INT64' },
      ],
      features: [{ name: 'total_orders', valueType: 'INT64' }],
      online: true,
    },
  },
];

/** The Feast feature server of the feature view's project. */
export const FEAST_SEED: FeastFeatureServerDoubleOptions = {
  project: 'matrix',
  featureViews: [
    {
      name: 'customer_order_stats',
      entities: [
        { entity: 'customer', joinKey: 'customer_id', valueType: 'INT64' },
      ],
      features: [{ name: 'total_orders', valueType: 'INT64' }],
    },
  ],
  rows: {
    customer_order_stats: [
      {
        entity: { customer_id: 1001 },
        values: { total_orders: 7 },
        eventTimestamp: '2026-05-01T10:00:00Z',
      },
    ],
  },
};

/** Polaris: the datasets' tables, team-a reading them, a principal per user. */
export const POLARIS_SEED: PolarisManagementDoubleOptions = {
  rootCredentials: { clientId: 'portal-admin', clientSecret: 'matrix-secret' },
  catalogs: [
    {
      name: 'lakehouse',
      namespaces: [['raw'], ['bronze'], ['silver'], ['gold']],
      tables: Object.values(DATASETS).map(table => {
        const [, namespace, name] = table.split('.');
        return { namespace: [namespace], name };
      }),
      catalogRoles: [
        {
          name: 'team_a_reader',
          grants: ['raw', 'bronze', 'silver', 'gold'].map(namespace => ({
            type: 'namespace' as const,
            namespace: [namespace],
            privilege: 'TABLE_READ_DATA',
          })),
        },
      ],
    },
  ],
  principalRoles: [
    { name: 'team_a', catalogRoles: { lakehouse: ['team_a_reader'] } },
  ],
  principals: [
    { name: 'owner', principalRoles: ['team_a'] },
    { name: 'other' },
    { name: 'nogroups' },
    { name: 'platform' },
  ],
};

/** `lakehouse.governance.polaris` for the Polaris double at `url`. */
export const polarisConfig = (url: string) => ({
  url,
  auth: {
    type: 'oauth2',
    clientId: 'portal-admin',
    clientSecret: 'matrix-secret',
  },
  catalog: 'lakehouse',
  principals: Object.fromEntries(USERS.map(u => [u, userRef(u)])),
  principalRoles: { team_a: TEAM_A },
});

/** `lakehouse.drift.monitors`: the model's inputs, never run on a schedule here. */
export const DRIFT_MONITORS = {
  [DRIFT_MONITOR]: {
    entity: MODEL_REF,
    engine: 'duckdb',
    notify: false,
    reference: {
      table: 'lakehouse.raw.churn_inference_log',
      timestampColumn: 'predicted_at',
      from: '2025-08-04',
      to: '2025-08-24',
    },
    current: {
      table: 'lakehouse.raw.churn_inference_log',
      timestampColumn: 'predicted_at',
      window: { days: 7 },
      anchor: 'latest',
    },
    features: ['total_orders', 'country_code'],
    schedule: {
      frequency: { hours: 24 },
      timeout: { minutes: 5 },
      initialDelay: { hours: 24 },
    },
  },
};

/** Files of the demo lakehouse in the repository at `repoRoot`. */
export const demoPaths = (repoRoot: string) => ({
  /** `lakehouse.demo.projectDir`. */
  projectDir: path.join(repoRoot, 'examples/lakehouse'),
  /** What dbt:model:validate checks models against. */
  dbtManifest: path.join(
    repoRoot,
    'examples/lakehouse/dbt/target/manifest.json',
  ),
  /** What feast:feature-view:validate checks feature views against. */
  feastRegistry: path.join(repoRoot, 'examples/lakehouse/feast/registry.json'),
});

/** A file of a dry run's workspace, as the template editor uploads it. */
export interface DryRunFile {
  path: string;
  base64Content: string;
}

/** A file the template's first step copies into the workspace. */
const file = (filePath: string, content: string): DryRunFile => ({
  path: `content/${filePath}`,
  base64Content: Buffer.from(content, 'utf8').toString('base64'),
});

/** The input of an action's step and the files its workspace starts with. */
export interface ActionRun {
  input: Record<string, unknown>;
  files: DryRunFile[];
}

/**
 * Input each action of the project accepts, so that only the permission
 * can refuse it; some files come from the demo in the repository at
 * `repoRoot`.
 */
export const actionRuns = (repoRoot: string) => {
  const demoFile = (relative: string, as: string) =>
    file(as, fs.readFileSync(path.join(repoRoot, relative), 'utf8'));
  return {
    'dbt:model:validate': {
      input: {
        modelPath: 'models/gold/fct_customer_orders.sql',
        schemaPath: 'models/gold/fct_customer_orders.yml',
        layer: 'gold',
      },
      files: [
        file(
          'models/gold/fct_customer_orders.sql',
          `-- Orders per customer.
select
    customer_id,
    count(*) as orders
from {{ ref('fct_orders') }}
group by customer_id
`,
        ),
        file(
          'models/gold/fct_customer_orders.yml',
          `version: 2

models:
  - name: fct_customer_orders
    description: Orders per customer, one row per customer.
    columns:
      - name: customer_id
        description: The customer.
        data_tests: [unique, not_null]
      - name: orders
        description: Orders the customer placed.
`,
        ),
      ],
    },
    'feast:feature-view:validate': {
      input: {
        definitionPath: 'feature_repo/customer_orders.py',
        featureView: 'customer_orders',
        project: 'commerce',
      },
      files: [
        demoFile(
          'examples/lakehouse/feast/entities.py',
          'feature_repo/entities.py',
        ),
        demoFile(
          'examples/lakehouse/feast/data_sources.py',
          'feature_repo/data_sources.py',
        ),
        file(
          'feature_repo/customer_orders.py',
          `"""Orders of each customer."""

from datetime import timedelta

from feast import FeatureView, Field
from feast.types import Int64

from data_sources import customer_features_source
from entities import customer

customer_orders = FeatureView(
    name="customer_orders",
    entities=[customer],
    ttl=timedelta(days=1),
    schema=[Field(name="total_orders", dtype=Int64)],
    source=customer_features_source,
    online=True,
)
`,
        ),
      ],
    },
    'kserve:inferenceservice:validate': {
      input: { manifestPath: 'serving/customer-churn.yaml' },
      files: [
        demoFile(
          'infra/serving/customer-churn.yaml',
          'serving/customer-churn.yaml',
        ),
      ],
    },
    'kubernetes:apply': {
      input: {
        namespace: 'ml-serving',
        manifest: `apiVersion: v1
kind: ServiceAccount
metadata:
  name: matrix-model-reader
`,
      },
      files: [],
    },
  } satisfies Record<string, ActionRun>;
};

/** The ids of the actions {@link actionRuns} has input for. */
export type ActionId = keyof ReturnType<typeof actionRuns>;

/**
 * A template that runs `action` with the input of `run`, for a dry run. A
 * dry run uploads the files next to the template, as the template editor
 * does; a first step copies them into the workspace, where actions read them.
 */
export function templateRunning(action: string, run: ActionRun) {
  const copy = {
    id: 'files',
    name: 'Copy the files',
    action: 'fetch:plain',
    input: { url: './content' },
  };
  return {
    apiVersion: 'scaffolder.backstage.io/v1beta3',
    kind: 'Template',
    metadata: { name: 'permission-matrix', namespace: 'default' },
    spec: {
      owner: TEAM_A,
      type: 'service',
      parameters: [],
      steps: [
        ...(run.files.length ? [copy] : []),
        { id: 'action', name: action, action, input: run.input },
      ],
    },
  };
}
