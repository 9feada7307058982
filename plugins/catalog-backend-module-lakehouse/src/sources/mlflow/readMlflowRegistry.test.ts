import { MlflowDouble } from '@internal/platform-doubles';
import { MlflowAuth, MlflowClient } from './MlflowClient';
import { readMlflowRegistry, RunCache } from './readMlflowRegistry';

const HOUR = 3_600_000;
const T0 = Date.parse('2026-02-01T09:00:00Z');

function addDemoModels(mlflow: MlflowDouble) {
  mlflow.addModel({
    name: 'customer-churn',
    description: 'Predicts churn.',
    tags: { owner: 'ml-engineering', feature_service: 'churn_model_features' },
    aliases: { champion: 2 },
    creationTimestamp: T0,
    versions: [
      {
        version: 1,
        stage: 'Archived',
        creationTimestamp: T0,
        source: 's3://mlflow/1/run-a/artifacts/model',
        tags: { training_datasets: 'lakehouse.gold.customer_features' },
        run: {
          runName: 'baseline',
          metrics: { accuracy: 0.81, roc_auc: 0.84 },
          params: { C: '1.0' },
          datasets: [
            {
              name: 'customer_features',
              digest: 'abc123',
              sourceType: 'trino',
              source: '{"table": "lakehouse.gold.customer_features"}',
            },
          ],
        },
      },
      {
        version: 2,
        stage: 'Production',
        creationTimestamp: T0 + HOUR,
        source: 's3://mlflow/1/run-b/artifacts/model',
        run: { runName: 'gbt', metrics: { accuracy: 0.87, roc_auc: 0.91 } },
      },
      {
        version: 3,
        creationTimestamp: T0 + 2 * HOUR,
        status: 'PENDING_REGISTRATION',
      },
    ],
  });
  for (const name of ['fraud-detector', 'ltv', 'recommender']) {
    mlflow.addModel({
      name,
      creationTimestamp: T0,
      versions: [{ version: 1, run: { metrics: { rmse: 1.5 } } }],
    });
  }
}

describe('readMlflowRegistry', () => {
  let mlflow: MlflowDouble;
  let client: MlflowClient | undefined;
  afterEach(async () => {
    await client?.close();
    await mlflow?.stop();
  });

  async function read(
    options: {
      auth?: MlflowAuth;
      runCache?: RunCache;
      timeoutMs?: number;
    } = {},
  ) {
    client = new MlflowClient({
      url: mlflow.url,
      auth: options.auth,
      requestTimeoutMs: options.timeoutMs ?? 5_000,
    });
    return readMlflowRegistry({
      sourceId: 'mlflow:test',
      client,
      modelPageSize: 2,
      versionPageSize: 3,
      concurrency: 4,
      uiUrl: 'https://mlflow.example.com',
      runCache: options.runCache ?? new Map(),
    });
  }

  it('reads every model with all its versions, aliases and run metrics across pages', async () => {
    mlflow = await MlflowDouble.start();
    addDemoModels(mlflow);
    const models = await read();
    expect(models.map(m => m.name)).toEqual([
      'customer-churn',
      'fraud-detector',
      'ltv',
      'recommender',
    ]);
    const churn = models[0];
    expect(churn).toMatchObject({
      description: 'Predicts churn.',
      tags: {
        owner: 'ml-engineering',
        feature_service: 'churn_model_features',
      },
      aliases: { champion: '2' },
      featureServiceNames: ['churn_model_features'],
      trainingTables: ['lakehouse.gold.customer_features'],
      url: 'https://mlflow.example.com/#/models/customer-churn',
      createdAt: '2026-02-01T09:00:00.000Z',
    });
    expect(churn.versions.map(v => v.version)).toEqual(['3', '2', '1']);
    expect(churn.versions[1]).toMatchObject({
      version: '2',
      stage: 'Production',
      aliases: ['champion'],
      status: 'READY',
      source: 's3://mlflow/1/run-b/artifacts/model',
      metrics: { accuracy: 0.87, roc_auc: 0.91 },
      run: { name: 'gbt', status: 'FINISHED' },
    });
    expect(churn.versions[2]).toMatchObject({
      metrics: { accuracy: 0.81, roc_auc: 0.84 },
      params: { C: '1.0' },
      run: {
        datasets: [
          {
            name: 'customer_features',
            digest: 'abc123',
            source: '{"table": "lakehouse.gold.customer_features"}',
          },
        ],
      },
    });
    expect(churn.versions[0]).toMatchObject({ status: 'PENDING_REGISTRATION' });
    // Two pages of models (page size 2) and two of versions (3 + 3 + 0…).
    expect(mlflow.requestCount('registered-models/search')).toBe(2);
    expect(mlflow.requestCount('model-versions/search')).toBe(2);
  });

  it('reads ended runs once, and runs still going again on the next sync', async () => {
    mlflow = await MlflowDouble.start();
    addDemoModels(mlflow);
    mlflow.addModel({
      name: 'training-now',
      versions: [
        { version: 1, run: { status: 'RUNNING', metrics: { loss: 0.5 } } },
      ],
    });
    const runCache: RunCache = new Map();
    await read({ runCache });
    const first = mlflow.requestCount('runs/get');
    // customer-churn has two runs (version 3 has none), the others one each.
    expect(first).toBe(6);
    await client!.close();
    await read({ runCache });
    expect(mlflow.requestCount('runs/get') - first).toBe(1);
  });

  it('keeps a version whose run was deleted', async () => {
    mlflow = await MlflowDouble.start();
    mlflow.addModel({
      name: 'orphan',
      versions: [
        { version: 1, runId: 'f'.repeat(32), source: 's3://m/orphan' },
      ],
    });
    const [orphan] = await read();
    expect(orphan.versions).toEqual([
      expect.objectContaining({ version: '1', runId: 'f'.repeat(32) }),
    ]);
    expect(orphan.versions[0].metrics).toBeUndefined();
  });

  it('authenticates with basic credentials and names a refusal', async () => {
    mlflow = await MlflowDouble.start({
      auth: { type: 'basic', username: 'portal', password: 's3cret' },
    });
    addDemoModels(mlflow);
    await expect(
      read({ auth: { type: 'basic', username: 'portal', password: 's3cret' } }),
    ).resolves.toHaveLength(4);
    await client!.close();
    await expect(
      read({ auth: { type: 'basic', username: 'portal', password: 'wrong' } }),
    ).rejects.toThrow(
      /GET http:\/\/127\.0\.0\.1:\d+\/api\/2\.0\/mlflow\/registered-models\/search answered 401: /,
    );
  });

  it("names MLflow's error code and message of a failed request", async () => {
    mlflow = await MlflowDouble.start();
    addDemoModels(mlflow);
    mlflow.failNext(1, { status: 500, path: 'model-versions/search' });
    await expect(read()).rejects.toThrow(
      /model-versions\/search answered 500 INTERNAL_ERROR: /,
    );
  });

  it('names a server that does not answer in time', async () => {
    mlflow = await MlflowDouble.start();
    addDemoModels(mlflow);
    mlflow.failNext(1, { delayMs: 1_000 });
    await expect(read({ timeoutMs: 200 })).rejects.toThrow(
      /registered-models\/search failed: no answer within 200 ms/,
    );
  });

  it('names an unreachable server', async () => {
    mlflow = await MlflowDouble.start();
    const url = mlflow.url;
    await mlflow.stop();
    client = new MlflowClient({ url, requestTimeoutMs: 2_000 });
    await expect(
      readMlflowRegistry({
        sourceId: 'mlflow:test',
        client,
        modelPageSize: 100,
        versionPageSize: 100,
        concurrency: 1,
        uiUrl: url,
        runCache: new Map(),
      }),
    ).rejects.toThrow(/failed: ECONNREFUSED/);
  });
});
