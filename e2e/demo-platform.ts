/**
 * Serves the platform of the demo lakehouse from protocol doubles, for the
 * browser test of the built portal:
 *
 * - an Iceberg REST catalog, the way Apache Polaris would: every table of the
 *   demo dbt manifest, with its columns, a daily partition where the table
 *   has a date, and snapshots whose record counts add up to the rows of the
 *   generated demo data;
 * - an MLflow tracking server whose Model Registry holds customer-churn
 *   (examples/lakehouse/mlflow/customer-churn/registered-model.json);
 * - a Kubernetes API server with KServe: the customer-churn InferenceService
 *   of infra/serving/ in namespace ml-serving, ready, and a Standard-mode
 *   deployment in ml-staging that sends a canary share to version 3 and
 *   fails to load it; with the pods of both;
 * - a Feast feature server whose online store holds the demo feature views'
 *   values, materialised from the demo warehouse's tables;
 * - Apache Polaris' management API over the same tables: a principal per demo
 *   user and a principal role per team, each team reading its own layers
 *   (data-platform raw and bronze, analytics-engineering silver and gold,
 *   ml-engineering gold), so who can read a dataset and access requests
 *   that become grants work against it.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs e2e/demo-platform.ts
 *
 * prints `{"iceberg": url, "mlflow": url, "kubernetes": url, "featureServer": url, "polaris": url}`
 * on its first line and serves until stopped.
 */
import fs from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { parseAllDocuments } from 'yaml';
import {
  FeastFeatureServerDouble,
  IcebergRestCatalogDouble,
  KubernetesApiDouble,
  MlflowDouble,
  type MlflowModelInput,
  PolarisManagementDouble,
} from '@internal/platform-doubles';
import { buildDemoWarehouse } from '@internal/plugin-lakehouse-backend';

const root = path.resolve(__dirname, '..');
const manifest = JSON.parse(
  fs.readFileSync(
    path.join(root, 'examples/lakehouse/dbt/target/manifest.json'),
    'utf8',
  ),
);

/** dbt data types of the demo (Trino names) in Iceberg's spelling. */
function icebergType(dataType: string | null | undefined): string {
  const type = (dataType ?? 'varchar').toLowerCase();
  if (type === 'bigint') return 'long';
  if (type === 'integer') return 'int';
  if (type.startsWith('decimal')) return type.replace(/\s+/g, '');
  if (['date', 'double', 'boolean', 'timestamp'].includes(type)) return type;
  return 'string';
}

async function startIcebergCatalog(rows: Map<string, number>) {
  const catalog = await IcebergRestCatalogDouble.start({
    prefix: 'lakehouse',
    warehouse: 'lakehouse',
    basePath: '/api/catalog',
    auth: {
      clientId: 'portal',
      clientSecret: 'demo-secret',
      scope: 'PRINCIPAL_ROLE:ALL',
    },
  });
  const tables = [
    ...Object.values<any>(manifest.nodes),
    ...Object.values<any>(manifest.sources),
  ].filter(n => ['model', 'seed', 'source'].includes(n.resource_type));
  const namespaces = new Set<string>();
  for (const node of tables) {
    const name = node.alias ?? node.identifier ?? node.name;
    if (!namespaces.has(node.schema)) {
      catalog.addNamespace([node.schema]);
      namespaces.add(node.schema);
    }
    const columns = Object.values<any>(node.columns).map(c => ({
      name: c.name,
      type: icebergType(c.data_type),
      required: c.name === Object.keys(node.columns)[0],
      doc: c.description || undefined,
    }));
    const dateColumn = columns.find(c => c.type === 'date');
    const total = rows.get(`lakehouse.${node.schema}.${name}`) ?? 0;
    catalog.addTable(
      [node.schema],
      name,
      IcebergRestCatalogDouble.tableMetadata({
        namespace: [node.schema],
        name,
        location: `s3://lakehouse/warehouse/${node.schema}/${name}`,
        columns: columns.length ? columns : undefined,
        partitionBy: dateColumn ? [`day(${dateColumn.name})`] : [],
        snapshotCount: 3,
        recordsPerSnapshot: Math.max(1, Math.round(total / 3)),
        lastUpdatedMs: Date.parse('2025-09-01T03:00:00Z'),
      }),
    );
  }
  return catalog;
}

/** The demo model in MLflow: its REST shapes turned into the double's input. */
async function startMlflow() {
  const demo = JSON.parse(
    fs.readFileSync(
      path.join(
        root,
        'examples/lakehouse/mlflow/customer-churn/registered-model.json',
      ),
      'utf8',
    ),
  );
  const pairs = (list: { key: string; value: string }[] = []) =>
    Object.fromEntries(list.map(p => [p.key, p.value]));
  const runs = new Map<string, any>(
    demo.runs.map((run: any) => [run.info.run_id, run]),
  );
  const model = demo.registered_model;
  const input: MlflowModelInput = {
    name: model.name,
    description: model.description,
    tags: pairs(model.tags),
    aliases: Object.fromEntries(
      model.aliases.map((a: any) => [a.alias, a.version]),
    ),
    creationTimestamp: model.creation_timestamp,
    lastUpdatedTimestamp: model.last_updated_timestamp,
    versions: demo.model_versions.map((version: any) => {
      const run = runs.get(version.run_id);
      return {
        version: Number(version.version),
        source: version.source,
        runId: version.run_id,
        status: version.status,
        stage: version.current_stage,
        description: version.description,
        tags: pairs(version.tags),
        creationTimestamp: version.creation_timestamp,
        lastUpdatedTimestamp: version.last_updated_timestamp,
        run: run && {
          runId: run.info.run_id,
          experimentId: run.info.experiment_id,
          runName: run.info.run_name,
          status: run.info.status,
          startTime: run.info.start_time,
          endTime: run.info.end_time,
          artifactUri: run.info.artifact_uri,
          userId: run.info.user_id,
          metrics: run.data.metrics,
          params: pairs(run.data.params),
          datasets: run.inputs.dataset_inputs.map((input: any) => ({
            name: input.dataset.name,
            digest: input.dataset.digest,
            sourceType: input.dataset.source_type,
            source: input.dataset.source,
            context: 'training',
          })),
        },
      };
    }),
  };
  const mlflow = await MlflowDouble.start();
  mlflow.addModel(input);
  return mlflow;
}

const READY_AT = '2025-09-02T08:00:00Z';

/** The demo's InferenceServices, in two namespaces, with their pods. */
async function startKubernetes() {
  const k8s = await KubernetesApiDouble.start({
    token: 'demo-serving-token',
    namespaces: ['ml-serving', 'ml-staging'],
  });
  const manifests = parseAllDocuments(
    fs.readFileSync(
      path.join(root, 'infra/serving/customer-churn.yaml'),
      'utf8',
    ),
  ).map(d => d.toJS());
  const production = manifests.find(m => m.kind === 'InferenceService');
  k8s.addObject(production);
  k8s.setInferenceServiceStatus('ml-serving', 'customer-churn', {
    url: 'http://customer-churn-ml-serving.example.com',
    address: {
      url: 'http://customer-churn-predictor.ml-serving.svc.cluster.local',
    },
    deploymentMode: 'Standard',
    observedGeneration: 1,
    components: {
      predictor: {
        url: 'http://customer-churn-predictor-ml-serving.example.com',
      },
    },
    conditions: [
      { type: 'IngressReady', status: 'True', lastTransitionTime: READY_AT },
      { type: 'PredictorReady', status: 'True', lastTransitionTime: READY_AT },
      { type: 'Ready', status: 'True', lastTransitionTime: READY_AT },
    ],
    modelStatus: {
      transitionStatus: 'UpToDate',
      states: { activeModelState: 'Loaded', targetModelState: 'Loaded' },
    },
  });
  const version3 =
    's3://mlflow/artifacts/1/c3d4e5f6a7b84c9d0e1f2a3b4c5d6e7f/artifacts/model';
  k8s.addObject({
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: {
      name: 'customer-churn',
      namespace: 'ml-staging',
      labels: { 'backstage.io/kubernetes-id': 'customer-churn-staging' },
      annotations: { 'serving.kserve.io/deploymentMode': 'Standard' },
    },
    spec: {
      predictor: production.spec.predictor,
      canary: [
        {
          trafficPercent: 25,
          predictor: {
            ...production.spec.predictor,
            model: {
              ...production.spec.predictor.model,
              name: 'kserve-container',
              storageUri: version3,
            },
          },
        },
      ],
    },
  });
  k8s.setInferenceServiceStatus('ml-staging', 'customer-churn', {
    url: 'http://customer-churn-ml-staging.example.com',
    deploymentMode: 'Standard',
    conditions: [
      { type: 'IngressReady', status: 'True', lastTransitionTime: READY_AT },
      {
        type: 'PredictorReady',
        status: 'False',
        reason: 'ModelLoadFailed',
        message: 'canary-0: failed to load the model from ' + version3,
        lastTransitionTime: '2025-11-06T09:15:00Z',
      },
      {
        type: 'Ready',
        status: 'False',
        reason: 'PredictorNotReady',
        lastTransitionTime: '2025-11-06T09:15:00Z',
      },
    ],
    canaryStatuses: [{ name: 'canary-0', ready: false, trafficPercent: 25 }],
    modelStatus: {
      transitionStatus: 'BlockedByFailedLoad',
      states: { activeModelState: 'Loaded', targetModelState: 'FailedToLoad' },
      lastFailureInfo: {
        reason: 'ModelLoadFailed',
        message: `no model found under ${version3}`,
        time: '2025-11-06T09:15:00Z',
        exitCode: 1,
      },
    },
  });
  for (const [namespace, id] of [
    ['ml-serving', 'customer-churn-predictor'],
    ['ml-staging', 'customer-churn-staging'],
  ]) {
    k8s.addPod({
      name: `customer-churn-predictor-7d9f8-${
        namespace === 'ml-serving' ? 'q2x4z' : 'k8m3p'
      }`,
      namespace,
      labels: {
        'backstage.io/kubernetes-id': id,
        'serving.kserve.io/inferenceservice': 'customer-churn',
        component: 'predictor',
      },
    });
  }
  return k8s;
}

/** Rows of a demo table, read from its Parquet file with DuckDB. */
async function readRows(file: string, sql: string) {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const reader = await connection.runAndReadAll(
      sql.replace('$file', `'${file.replace(/'/g, "''")}'`),
    );
    return reader.getRowObjectsJS() as Record<string, any>[];
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
}

/** The online store of the demo feature views, materialised from the warehouse. */
async function startFeatureServer(
  warehouseDir: string,
  files: Map<string, string>,
) {
  const stats = await readRows(
    path.join(warehouseDir, files.get('lakehouse.gold.customer_features')!),
    'select * from read_parquet($file)',
  );
  const profiles = await readRows(
    path.join(warehouseDir, files.get('lakehouse.silver.dim_customers')!),
    'select customer_key, region, lifetime_orders, last_order_date from read_parquet($file)',
  );
  const customer = {
    entity: 'customer',
    joinKey: 'customer_id',
    valueType: 'INT64' as const,
  };
  return FeastFeatureServerDouble.start({
    project: 'commerce',
    featureViews: [
      {
        name: 'customer_order_stats',
        entities: [customer],
        features: [
          { name: 'total_orders', valueType: 'INT64' },
          { name: 'total_spend', valueType: 'DOUBLE' },
          { name: 'avg_order_amount', valueType: 'DOUBLE' },
          { name: 'returned_orders', valueType: 'INT64' },
          { name: 'days_since_last_order', valueType: 'INT64' },
        ],
        ttlSeconds: 90 * 86400,
      },
      {
        name: 'customer_profile',
        entities: [customer],
        features: [
          { name: 'region', valueType: 'STRING' },
          { name: 'lifetime_orders', valueType: 'INT64' },
        ],
        ttlSeconds: 365 * 86400,
      },
    ],
    featureServices: [
      {
        name: 'churn_model_features',
        features: [
          { featureView: 'customer_order_stats' },
          { featureView: 'customer_profile', features: ['region'] },
        ],
      },
    ],
    rows: {
      customer_order_stats: stats.map(row => ({
        entity: { customer_id: Number(row.customer_id) },
        values: {
          total_orders: Number(row.total_orders),
          total_spend: Number(row.total_spend),
          avg_order_amount: Number(row.avg_order_amount),
          returned_orders: Number(row.returned_orders),
          days_since_last_order: Number(row.days_since_last_order),
        },
        eventTimestamp: new Date(row.event_timestamp),
      })),
      customer_profile: profiles.map(row => ({
        entity: { customer_id: Number(row.customer_key) },
        values: {
          region: row.region ?? null,
          lifetime_orders: Number(row.lifetime_orders),
        },
        eventTimestamp: new Date(row.last_order_date ?? READY_AT),
      })),
    },
  });
}

/** The demo tables in Polaris, and who reads which layer. */
async function startPolaris() {
  const tables = [
    ...Object.values<any>(manifest.nodes),
    ...Object.values<any>(manifest.sources),
  ]
    .filter(n => ['model', 'seed', 'source'].includes(n.resource_type))
    .map(n => ({
      namespace: [n.schema as string],
      name: (n.alias ?? n.identifier ?? n.name) as string,
    }));
  const schemas = [...new Set(tables.map(t => t.namespace[0]))].sort();
  const readerOf = (schema: string) => ({
    name: `${schema}_reader`,
    grants: [
      {
        type: 'namespace' as const,
        namespace: [schema],
        privilege: 'TABLE_READ_DATA',
      },
    ],
  });
  const readers = (layers: string[]) =>
    layers.filter(l => schemas.includes(l)).map(l => `${l}_reader`);
  return PolarisManagementDouble.start({
    rootCredentials: { clientId: 'portal-admin', clientSecret: 'demo-secret' },
    catalogs: [
      {
        name: 'lakehouse',
        namespaces: schemas.map(s => [s]),
        tables,
        catalogRoles: schemas.map(readerOf),
      },
    ],
    principalRoles: [
      {
        name: 'data_platform',
        catalogRoles: { lakehouse: readers(['raw', 'bronze']) },
      },
      {
        name: 'analytics_engineering',
        catalogRoles: { lakehouse: readers(['silver', 'gold']) },
      },
      {
        name: 'ml_engineering',
        catalogRoles: { lakehouse: readers(['gold']) },
      },
    ],
    principals: [
      { name: 'ada', principalRoles: ['data_platform'] },
      { name: 'ben', principalRoles: ['analytics_engineering'] },
      {
        name: 'guest',
        principalRoles: ['analytics_engineering', 'ml_engineering'],
      },
    ],
  });
}

async function main() {
  // The same warehouse the backend builds at start-up (kept when up to date).
  const warehouseDir = path.join(root, 'examples/lakehouse/warehouse');
  const { index } = await buildDemoWarehouse({
    projectDir: path.join(root, 'examples/lakehouse'),
    warehouseDir,
  });
  const rows = new Map(index.tables.map(t => [t.identifier, t.rows]));
  const files = new Map(index.tables.map(t => [t.identifier, t.file]));
  const doubles = {
    iceberg: await startIcebergCatalog(rows),
    mlflow: await startMlflow(),
    kubernetes: await startKubernetes(),
    featureServer: await startFeatureServer(warehouseDir, files),
    polaris: await startPolaris(),
  };
  process.stdout.write(
    `${JSON.stringify(
      Object.fromEntries(Object.entries(doubles).map(([k, d]) => [k, d.url])),
    )}\n`,
  );
  const stop = () =>
    void Promise.all(Object.values(doubles).map(d => d.stop())).then(() =>
      process.exit(0),
    );
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
