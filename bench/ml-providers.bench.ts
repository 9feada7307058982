/**
 * The ML providers at scale:
 *
 * - Feast: a synthetic registry.db of 5,000 feature views × 50 features (and
 *   1,000 feature services) read by the Feast provider — decode, mapping,
 *   stored result and entity build, until the entities are handed to the
 *   catalog — with the built code (`npm run build:portal`) in a process of
 *   its own (lib/measureFeastProvider.cjs), so its peak RSS is the
 *   provider's; once decode + entity build alone, once the whole refresh.
 * - MLflow: a full sync of an MLflow double (own process) holding 1,000
 *   registered models × 10 versions, one run each, with bounded concurrency:
 *   time and requests made; then an unchanged re-run.
 * - End to end, as a user waits: the built backend (dist-portal) reading
 *   both, until every feature view, feature service and model is visible
 *   through the catalog API.
 *
 *   node --require @backstage/cli-node/config/nodeTransform.cjs bench/ml-providers.bench.ts
 */
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory from 'knex';
import { MlflowDouble } from '@internal/platform-doubles';
import {
  encodeFeastRegistry,
  FeastRegistryDocument,
} from '@internal/plugin-feature-store-node';
import {
  LakehouseMlProvider,
  MlSource,
} from '../plugins/catalog-backend-module-lakehouse/src/provider/LakehouseMlProvider';
import { SnapshotStore } from '../plugins/catalog-backend-module-lakehouse/src/provider/SnapshotStore';
import { MlflowClient } from '../plugins/catalog-backend-module-lakehouse/src/sources/mlflow/MlflowClient';
import { readMlflowRegistry } from '../plugins/catalog-backend-module-lakehouse/src/sources/mlflow/readMlflowRegistry';

const FEATURE_VIEWS = 5000;
const FEATURES_PER_VIEW = 50;
const FEATURE_SERVICES = 1000;
const MODELS = 1000;
const VERSIONS_PER_MODEL = 10;
const MLFLOW_CONCURRENCY = 16;

const quietLogger = {
  info() {},
  warn() {},
  error: (message: string) => console.error(message),
  debug() {},
  child() {
    return this;
  },
} as any;

function syntheticRegistry(): FeastRegistryDocument {
  const project = 'bench';
  const views = Array.from({ length: FEATURE_VIEWS }, (_, v) => {
    const name = `view_${String(v).padStart(5, '0')}`;
    return {
      spec: {
        name,
        project,
        entities: ['customer'],
        features: Array.from({ length: FEATURES_PER_VIEW }, (__, f) => ({
          name: `feature_${String(f).padStart(2, '0')}`,
          valueType: f % 3 === 0 ? 'DOUBLE' : 'INT64',
          description: `Feature ${f} of ${name}.`,
        })),
        tags: { team: `team_${v % 20}`, layer: 'gold' },
        ttl: '86400s',
        batchSource: {
          type: 'BATCH_TRINO',
          timestampField: 'event_timestamp',
          trinoOptions: { table: `lakehouse.gold.table_${v % 1000}` },
          name,
        },
        online: true,
        owner: `team_${v % 20}@example.com`,
        entityColumns: [{ name: 'customer_id', valueType: 'INT64' }],
        description: `Synthetic feature view ${v}.`,
      },
      meta: {
        createdTimestamp: '2026-01-01T00:00:00Z',
        lastUpdatedTimestamp: '2026-01-02T00:00:00Z',
      },
    };
  });
  const services = Array.from({ length: FEATURE_SERVICES }, (_, s) => ({
    spec: {
      name: `service_${String(s).padStart(4, '0')}`,
      project,
      features: [0, 1, 2].map(k => ({
        featureViewName: views[(s * 5 + k) % FEATURE_VIEWS].spec.name,
        featureColumns: [{ name: 'feature_00', valueType: 'DOUBLE' }],
      })),
    },
  }));
  return {
    projects: [{ spec: { name: project } }],
    entities: [
      {
        spec: {
          name: 'customer',
          project,
          valueType: 'INT64',
          joinKey: 'customer_id',
        },
      },
    ],
    featureViews: views,
    featureServices: services,
  } as FeastRegistryDocument;
}

async function providerFor(
  sources: MlSource[],
  work: string,
): Promise<{
  provider: LakehouseMlProvider;
  emitted: () => { mutations: number; entities: number };
  knex: ReturnType<typeof knexFactory>;
}> {
  const knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: path.join(work, 'catalog.sqlite') },
    useNullAsDefault: true,
  });
  const provider = LakehouseMlProvider.create({
    sources,
    store: await SnapshotStore.create({ getClient: async () => knex } as any),
    scheduler: { scheduleTask: async () => {} } as any,
    logger: quietLogger,
    datasetLocations: () => new Map(),
  });
  let mutations = 0;
  let entities = 0;
  await provider.connect({
    applyMutation: async (mutation: any) => {
      mutations++;
      entities = mutation.entities.length;
    },
    refresh: async () => {},
  });
  return { provider, emitted: () => ({ mutations, entities }), knex };
}

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

function measureFeast(mode: 'build' | 'provider', registryFile: string) {
  return JSON.parse(
    execFileSync(
      process.execPath,
      [
        path.join(__dirname, 'lib/measureFeastProvider.cjs'),
        mode,
        registryFile,
      ],
      { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] },
    ),
  );
}

async function feastBenchmark(work: string) {
  if (!fs.existsSync(path.join(__dirname, '../dist-portal'))) {
    throw new Error(
      'The Feast figures are taken with the built code: run `npm run tsc && npm run build:portal` first',
    );
  }
  const registryFile = path.join(work, 'registry.db');
  const bytes = encodeFeastRegistry(syntheticRegistry());
  fs.writeFileSync(registryFile, bytes);
  const build = measureFeast('build', registryFile);
  const provider = measureFeast('provider', registryFile);
  console.log(
    `Feast registry.db                 ${FEATURE_VIEWS.toLocaleString(
      'en-US',
    )} feature views × ${FEATURES_PER_VIEW} features, ${FEATURE_SERVICES.toLocaleString(
      'en-US',
    )} feature services (${mb(bytes.length)}), built code`,
  );
  console.log(
    `  decode + entity build           ${s(build.elapsed)}, peak RSS ${mb(
      build.peak,
    )}   (goals ≤ 2 s, ≤ 300 MB; ${mb(
      build.rssBefore,
    )} before; ${build.entities.toLocaleString('en-US')} entities)`,
  );
  console.log(
    `  provider refresh                ${s(provider.elapsed)}, peak RSS ${mb(
      provider.peak,
    )}   (also stores the result and hands the entities to the catalog; ${mb(
      provider.rssBefore,
    )} before: the provider's modules, knex and SQLite, client libraries)`,
  );
  return registryFile;
}

async function mlflowBenchmark(work: string) {
  const mlflow = await MlflowDouble.startInChildProcess({
    synthetic: { models: MODELS, versionsPerModel: VERSIONS_PER_MODEL },
  });
  try {
    const requests: Record<string, number> = {};
    const client = new MlflowClient({
      url: mlflow.url,
      requestTimeoutMs: 30_000,
      maxConnections: MLFLOW_CONCURRENCY,
    });
    // Count what the provider asks for, route by route.
    for (const method of [
      'searchRegisteredModels',
      'searchModelVersions',
      'getRun',
    ] as const) {
      const original = client[method].bind(client) as (...a: any[]) => any;
      (client as any)[method] = (...args: any[]) => {
        requests[method] = (requests[method] ?? 0) + 1;
        return original(...args);
      };
    }
    const runCache = new Map();
    const source: MlSource = {
      id: 'mlflow:bench',
      kind: 'mlflow',
      target: mlflow.url,
      defaults: { defaultOwner: 'group:default/ml-platform' },
      maxRemovalShare: 0.2,
      schedule: { frequency: { minutes: 30 }, timeout: { minutes: 10 } },
      read: () =>
        readMlflowRegistry({
          sourceId: 'mlflow:bench',
          client,
          modelPageSize: 1000,
          versionPageSize: 1000,
          concurrency: MLFLOW_CONCURRENCY,
          uiUrl: mlflow.url,
          runCache,
        }),
    };
    const { provider, emitted, knex } = await providerFor([source], work);
    const total = () => Object.values(requests).reduce((a, b) => a + b, 0);

    const started = performance.now();
    await provider.refresh('mlflow:bench');
    const fullSync = performance.now() - started;
    const failing = provider.getStatus().find(st => st.lastError);
    if (failing) throw new Error(failing.lastError);
    const first = { ...requests };
    const firstTotal = total();
    const firstEmitted = emitted();

    const rerunStarted = performance.now();
    await provider.refresh('mlflow:bench');
    const rerun = performance.now() - rerunStarted;

    console.log(
      `MLflow registry                   ${MODELS.toLocaleString(
        'en-US',
      )} models × ${VERSIONS_PER_MODEL} versions, one run each (double in its own process)`,
    );
    console.log(
      `  full sync                       ${s(
        fullSync,
      )}   (goal ≤ 30 s; ${MLFLOW_CONCURRENCY} requests in flight at most; ${
        firstEmitted.entities
      } models emitted)`,
    );
    console.log(
      `  requests                        ${firstTotal.toLocaleString(
        'en-US',
      )} (registered-models/search ${
        first.searchRegisteredModels
      }, model-versions/search ${first.searchModelVersions}, runs/get ${
        first.getRun
      })`,
    );
    console.log(
      `  unchanged re-run                ${s(rerun)}, ${
        total() - firstTotal
      } requests (ended runs are not read again), ${
        emitted().mutations - firstEmitted.mutations
      } catalog mutations`,
    );
    await client.close();
    await knex.destroy();
  } finally {
    await mlflow.stop();
  }
}

/** Starts the built backend with `extraConfig` and waits until `visible` says so, timing both. */
async function catalogEndToEnd(registryFile: string) {
  const mlflow = await MlflowDouble.startInChildProcess({
    synthetic: { models: MODELS, versionsPerModel: VERSIONS_PER_MODEL },
  });
  const root = path.join(__dirname, '..');
  const token = 'bench-static-token-0123456789';
  const configFile = path.join(path.dirname(registryFile), 'bench-ml.yaml');
  const schedule =
    '{ frequency: { minutes: 30 }, timeout: { minutes: 10 }, initialDelay: { seconds: 1 } }';
  fs.writeFileSync(
    configFile,
    [
      'backend:',
      '  auth:',
      '    externalAccess:',
      '      - type: static',
      `        options: { token: ${token}, subject: bench }`,
      'catalog:',
      '  providers:',
      '    feast:',
      `      bench: { registry: ${JSON.stringify(
        registryFile,
      )}, catalog: lakehouse, schedule: ${schedule} }`,
      '    mlflow:',
      `      bench: { url: ${JSON.stringify(
        mlflow.url,
      )}, concurrency: ${MLFLOW_CONCURRENCY}, schedule: ${schedule} }`,
      '',
    ].join('\n'),
  );
  const started = Date.now();
  const backend = spawn(
    process.execPath,
    [
      path.join(root, 'dist-portal/packages/backend'),
      '--config',
      '../../app-config.yaml',
      '--config',
      configFile,
    ],
    {
      cwd: path.join(root, 'packages/backend'),
      env: { ...process.env, NODE_ENV: 'production' },
      stdio: 'ignore',
    },
  );
  const count = async (filter: string) => {
    const response = await fetch(
      `http://localhost:7007/api/catalog/entities/by-query?filter=${encodeURIComponent(
        filter,
      )}&limit=1&fields=metadata.name`,
      { headers: { Authorization: `Bearer ${token}` } },
    );
    return response.ok ? (await response.json()).totalItems : 0;
  };
  const until = async (probe: () => Promise<boolean>, what: string) => {
    const deadline = Date.now() + 900_000;
    for (;;) {
      if (backend.exitCode !== null)
        throw new Error(`the backend exited with ${backend.exitCode}`);
      if (await probe().catch(() => false)) return Date.now() - started;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}`);
      await new Promise(r => setTimeout(r, 250));
    }
  };
  try {
    const ready = await until(
      async () =>
        (
          await fetch('http://localhost:7007/.backstage/health/v1/readiness')
        ).ok,
      'readiness',
    );
    const [models, features] = await Promise.all([
      until(
        async () => (await count('kind=resource,spec.type=ai-model')) >= MODELS,
        'the models',
      ),
      until(
        async () =>
          (await count('kind=resource,spec.type=feature-view')) >=
            FEATURE_VIEWS &&
          (await count('kind=resource,spec.type=feature-service')) >=
            FEATURE_SERVICES,
        'the feature views and services',
      ),
    ]);
    console.log(
      `In the catalog, end to end        built backend on SQLite; sources read 1 s after start-up`,
    );
    console.log(
      `  backend ready                   ${s(ready)} after the process started`,
    );
    console.log(
      `  ${MODELS.toLocaleString('en-US')} models visible            ${s(
        models - ready,
      )} after the backend was ready`,
    );
    console.log(
      `  ${(FEATURE_VIEWS + FEATURE_SERVICES).toLocaleString(
        'en-US',
      )} views and services visible ${s(
        features - ready,
      )} after the backend was ready (the catalog processes ${Math.round(
        ((FEATURE_VIEWS + FEATURE_SERVICES + MODELS) * 1000) /
          (Math.max(models, features) - ready),
      )} entities/s)`,
    );
  } finally {
    backend.kill();
    await new Promise(r => backend.once('exit', r));
    await mlflow.stop();
  }
}

async function main() {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-ml-'));
  try {
    const registryFile = await feastBenchmark(work);
    await mlflowBenchmark(work);
    await catalogEndToEnd(registryFile);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

main().catch(error => {
  console.error(error);
  process.exit(1);
});
