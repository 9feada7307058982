import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  FeastRegistryRestDouble,
  KubernetesApiDouble,
  MlflowDouble,
} from '@internal/platform-doubles';
import { encodeFeastRegistry } from '@internal/plugin-feature-store-node';
import { readMlSourcesConfig } from './mlConfig';
import { LakehouseMlProvider } from './provider/LakehouseMlProvider';
import { SnapshotStore } from './provider/SnapshotStore';
import { createMlSources } from './sources/createMlSources';
import { RecordingConnection } from './__testUtils__/RecordingConnection';

jest.setTimeout(60_000);

/**
 * Fault injection for the Feast, MLflow and KServe sources: every way a
 * source can fail must leave the catalog as it was and explain, naming the
 * source, what went wrong.
 */

const demoRegistry = JSON.parse(
  fs.readFileSync(
    path.resolve(__dirname, '../../../examples/lakehouse/feast/registry.json'),
    'utf8',
  ),
);

function inferenceService(namespace: string, name: string) {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name, namespace },
    spec: {
      predictor: {
        model: {
          modelFormat: { name: 'sklearn' },
          storageUri: `s3://models/${name}`,
        },
      },
    },
  };
}

describe('a failing ML source keeps its entities', () => {
  let knex: Knex;
  let workDir: string;
  let registryFile: string;
  let feast: FeastRegistryRestDouble;
  let mlflow: MlflowDouble;
  let k8s: KubernetesApiDouble;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-ml-faults-'));
    registryFile = path.join(workDir, 'registry.db');
    feast = await FeastRegistryRestDouble.start({
      registry: demoRegistry,
      tokens: ['feast-token'],
    });
    mlflow = await MlflowDouble.start({
      auth: { type: 'bearer', token: 'mlflow-token' },
    });
    for (const name of ['customer-churn', 'fraud-detector', 'ltv']) {
      mlflow.addModel({
        name,
        versions: [{ version: 1, run: { metrics: { auc: 0.9 } } }],
      });
    }
    k8s = await KubernetesApiDouble.start({
      token: 'sa-token',
      namespaces: ['ml-serving', 'ml-staging'],
    });
    k8s.addObject(inferenceService('ml-serving', 'customer-churn'));
    k8s.addObject(inferenceService('ml-staging', 'customer-churn'));
  });
  afterAll(async () => {
    await feast.stop();
    await mlflow.stop();
    await k8s.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    fs.writeFileSync(registryFile, encodeFeastRegistry(demoRegistry));
    for (const double of [feast, mlflow, k8s]) double.clearFaults();
    k8s.setForbidden([]);
  });
  afterEach(async () => {
    await knex.destroy();
  });

  async function providerFor(config: object) {
    const rootConfig = new ConfigReader(config);
    const configs = readMlSourcesConfig(rootConfig);
    const provider = LakehouseMlProvider.create({
      sources: createMlSources(configs, {
        urlReader: mockServices.urlReader.mock(),
        rootConfig,
      }),
      store: await SnapshotStore.create(mockServices.database({ knex })),
      scheduler: mockServices.scheduler.mock(),
      logger: mockServices.logger.mock(),
      datasetLocations: () => new Map(),
    });
    const connection = new RecordingConnection();
    await provider.connect(connection);
    return { provider, connection, id: configs[0].id };
  }

  async function expectKeptAfter(
    config: object,
    label: string,
    breakSource: () => void | Promise<void>,
    cause: RegExp,
  ) {
    const { provider, connection, id } = await providerFor(config);
    expect(await provider.refresh(id)).toBe(true);
    const before = connection.names;
    expect(before.length).toBeGreaterThan(0);

    await breakSource();
    expect(await provider.refresh(id)).toBe(false);

    expect(connection.names).toEqual(before);
    expect(connection.mutations).toHaveLength(1);
    const [status] = provider.getStatus();
    expect(status.state).toBe('failing');
    expect(status.entities).toBe(before.length);
    expect(status.lastError).toMatch(new RegExp(`^${label} ${id} \\(`));
    expect(status.lastError).toMatch(cause);
    expect(status.lastError).toMatch(/; keeping the \d+ .+ it had$/);
  }

  const registryFileSource = () => ({
    catalog: {
      providers: {
        feast: { demo: { registry: registryFile, catalog: 'lakehouse' } },
      },
    },
  });
  const registryServer = (token = 'feast-token') => ({
    catalog: {
      providers: {
        feast: {
          server: { url: feast.url, token, requestTimeoutMs: 500 },
        },
      },
    },
  });
  const mlflowSource = (token = 'mlflow-token') => ({
    catalog: {
      providers: {
        mlflow: {
          prod: {
            url: mlflow.url,
            auth: { type: 'bearer', token },
            requestTimeoutMs: 500,
          },
        },
      },
    },
  });
  const kserveSource = () => ({
    kubernetes: {
      clusterLocatorMethods: [
        { type: 'config', clusters: [{ ...k8s.clusterConfig('serving') }] },
      ],
    },
    catalog: {
      providers: {
        kserve: {
          serving: {
            cluster: 'serving',
            namespaces: ['ml-serving', 'ml-staging'],
          },
        },
      },
    },
  });

  it('when registry.db is corrupt', () =>
    expectKeptAfter(
      registryFileSource(),
      'Feast source',
      () => {
        const bytes = fs.readFileSync(registryFile);
        fs.writeFileSync(registryFile, bytes.subarray(0, bytes.length - 7));
      },
      /Feast registry.*truncated/,
    ));

  it('when registry.db is not a registry at all', () =>
    expectKeptAfter(
      registryFileSource(),
      'Feast source',
      () => fs.writeFileSync(registryFile, JSON.stringify(demoRegistry)),
      /Cannot read the Feast registry/,
    ));

  it('when registry.db is gone', () =>
    expectKeptAfter(
      registryFileSource(),
      'Feast source',
      () => fs.rmSync(registryFile),
      /cannot read .*registry\.db: ENOENT/,
    ));

  it('when the Feast registry server answers 500', () =>
    expectKeptAfter(
      registryServer(),
      'Feast source',
      () => feast.setFault({ status: 500 }),
      /HTTP 500/,
    ));

  it('when the Feast registry server does not answer in time', () =>
    expectKeptAfter(
      registryServer(),
      'Feast source',
      () => feast.setFault({ delayMs: 2_000 }),
      /within 500 ms/,
    ));

  it('when MLflow answers 401', async () => {
    const config = mlflowSource();
    const { provider, connection, id } = await providerFor(config);
    expect(await provider.refresh(id)).toBe(true);
    mlflow.setFault({
      status: 401,
      body: 'You are not authenticated.',
      headers: { 'Content-Type': 'text/html; charset=utf-8' },
    });
    expect(await provider.refresh(id)).toBe(false);
    expect(connection.names).toEqual([
      'customer-churn',
      'fraud-detector',
      'ltv',
    ]);
    expect(provider.getStatus()[0].lastError).toMatch(
      /^MLflow source mlflow:prod \(http:.*\) failed: GET .*registered-models\/search answered 401: You are not authenticated\.; keeping the 3 models it had$/,
    );
  });

  it('when MLflow answers 404', () =>
    expectKeptAfter(
      mlflowSource(),
      'MLflow source',
      () =>
        mlflow.setFault({
          status: 404,
          path: 'registered-models/search',
          body: JSON.stringify({
            error_code: 'RESOURCE_DOES_NOT_EXIST',
            message: 'Not found',
          }),
        }),
      /registered-models\/search answered 404 RESOURCE_DOES_NOT_EXIST: Not found/,
    ));

  it('when MLflow answers 500', () =>
    expectKeptAfter(
      mlflowSource(),
      'MLflow source',
      () => mlflow.setFault({ status: 500, path: 'model-versions/search' }),
      /model-versions\/search answered 500 INTERNAL_ERROR/,
    ));

  it('when Kubernetes refuses a namespace with 403', () =>
    expectKeptAfter(
      kserveSource(),
      'KServe source',
      () =>
        k8s.setForbidden([
          { resource: 'inferenceservices', namespace: 'ml-staging' },
        ]),
      /cannot list InferenceServices in namespace ml-staging: .*403.*forbidden/,
    ));

  it('when the cluster is unreachable', async () => {
    const config = kserveSource();
    const { provider, id } = await providerFor(config);
    expect(await provider.refresh(id)).toBe(true);
    const down = await KubernetesApiDouble.start();
    const url = down.url;
    await down.stop();
    const { provider: broken, id: brokenId } = await providerFor({
      ...config,
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'serving',
                url,
                authProvider: 'serviceAccount',
                skipTLSVerify: true,
              },
            ],
          },
        ],
      },
    });
    // The second provider reads the same stored result: the entities stay.
    expect(await broken.refresh(brokenId)).toBe(false);
    expect(broken.getStatus()[0]).toMatchObject({
      state: 'failing',
      entities: 2,
    });
    expect(broken.getStatus()[0].lastError).toMatch(/ECONNREFUSED/);
  });

  it('refuses a refresh that would remove more than the allowed share', async () => {
    const { provider, connection, id } = await providerFor(mlflowSource());
    expect(await provider.refresh(id)).toBe(true);
    mlflow.removeModel('fraud-detector');
    mlflow.removeModel('ltv');
    expect(await provider.refresh(id)).toBe(false);
    expect(connection.names).toHaveLength(3);
    expect(provider.getStatus()[0].lastError).toContain(
      'the refresh would remove 2 of 3 models (67 %), more than the allowed 20 % (maxRemovalShare); refused',
    );
    mlflow.addModel({ name: 'fraud-detector', versions: [{ version: 1 }] });
    mlflow.addModel({ name: 'ltv', versions: [{ version: 1 }] });
  });

  it('names the configuration key of a cluster that is not configured', async () => {
    await expect(
      providerFor({
        catalog: { providers: { kserve: { serving: { cluster: 'nowhere' } } } },
      }),
    ).rejects.toThrow(
      /Invalid configuration at 'catalog\.providers\.kserve\.serving\.cluster': Unknown Kubernetes cluster "nowhere"/,
    );
  });

  it('names the configuration of a Feast source with neither registry nor url', () => {
    expect(() =>
      readMlSourcesConfig(
        new ConfigReader({ catalog: { providers: { feast: { demo: {} } } } }),
      ),
    ).toThrow(
      "Invalid configuration at 'catalog.providers.feast.demo': set exactly one of registry (a registry.db file or URL) and url (a Feast registry server)",
    );
  });
});
