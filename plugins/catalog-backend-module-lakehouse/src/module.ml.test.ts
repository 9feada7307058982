import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import http from 'node:http';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import { KubernetesApiDouble, MlflowDouble } from '@internal/platform-doubles';
import {
  decodeFeastRegistry,
  encodeFeastRegistry,
} from '@internal/plugin-feature-store-node';
import { catalogModuleLakehouseDatasets } from './module';

jest.setTimeout(60_000);

/**
 * The acceptance of ML discovery, through the catalog's own API: a real
 * registry.db (with a stream feature view added), an MLflow server and
 * InferenceServices in two namespaces become linked entities.
 */

const fixtures = path.join(__dirname, 'sources/feast/__fixtures__');
const schedule = { frequency: { minutes: 30 }, timeout: { minutes: 1 } };

/** Feast's UI sample registry with a stream feature view added to it. */
function registryWithStreamView(): Uint8Array {
  const registry = decodeFeastRegistry(
    fs.readFileSync(path.join(fixtures, 'feast-ui-registry.db')),
  );
  const batch = {
    type: 'BATCH_FILE',
    timestampField: 'event_timestamp',
    fileOptions: { uri: 'data/zipcode_table.parquet' },
    name: 'zipcode',
  };
  registry.streamFeatureViews = [
    {
      spec: {
        name: 'zipcode_trips_stream',
        project: 'credit_scoring_aws',
        entities: ['zipcode'],
        features: [
          {
            name: 'trips_last_hour',
            valueType: 'INT64',
            description: 'Trips in the last hour.',
          },
        ],
        entityColumns: [{ name: 'zipcode', valueType: 'INT64' }],
        ttl: '3600s',
        online: true,
        owner: 'mobility@example.com',
        batchSource: batch,
        streamSource: {
          type: 'STREAM_KAFKA',
          timestampField: 'event_timestamp',
          kafkaOptions: {
            kafkaBootstrapServers: 'kafka:9092',
            topic: 'zipcode_trips',
            messageFormat: {
              jsonFormat: { schemaJson: 'zipcode INT, trips_last_hour INT' },
            },
          },
          batchSource: batch,
          name: 'zipcode_trips',
        },
        mode: 'spark',
      },
      meta: { createdTimestamp: '2026-01-05T10:00:00Z' },
    },
  ];
  return encodeFeastRegistry(registry);
}

async function query(server: http.Server, filter: string) {
  const response = await request(server).get(
    `/api/catalog/entities/by-query?filter=${encodeURIComponent(
      filter,
    )}&limit=500`,
  );
  return (response.body.items ?? []) as any[];
}

async function waitFor<T>(
  read: () => Promise<T[]>,
  minimum: number,
): Promise<T[]> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const items = await read();
    if (items.length >= minimum) return items;
    if (Date.now() > deadline)
      throw new Error(`only ${items.length} of ${minimum} appeared`);
    await new Promise(r => setTimeout(r, 200));
  }
}

const relations = (entity: any, type: string) =>
  (entity.relations ?? [])
    .filter((r: any) => r.type === type)
    .map((r: any) => r.targetRef)
    .sort();

describe('ML discovery through the catalog', () => {
  let workDir: string;
  let mlflow: MlflowDouble;
  let k8s: KubernetesApiDouble;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-ml-'));
    fs.writeFileSync(
      path.join(workDir, 'registry.db'),
      registryWithStreamView(),
    );

    mlflow = await MlflowDouble.start();
    mlflow.addModel({
      name: 'credit-score',
      description: 'Scores credit applications.',
      tags: { feature_service: 'credit_score_v3', owner: 'risk-analytics' },
      aliases: { champion: 2, challenger: 3 },
      versions: [1, 2, 3].map(version => ({
        version,
        stage: version === 2 ? 'Production' : 'None',
        source: `s3://mlflow/2/run-${version}/artifacts/model`,
        run: {
          metrics: {
            auc: [0.81, 0.82, 0.83][version - 1],
            log_loss: [0.49, 0.48, 0.47][version - 1],
          },
          params: { max_depth: String(version + 3) },
        },
      })),
    });

    k8s = await KubernetesApiDouble.start({
      token: 'sa-token',
      namespaces: ['risk-prod', 'risk-staging'],
    });
    const serve = (namespace: string, storageUri: string, extra: object = {}) =>
      k8s.addObject({
        apiVersion: 'serving.kserve.io/v1beta1',
        kind: 'InferenceService',
        metadata: {
          name: 'credit-score',
          namespace,
          labels: { 'backstage.io/kubernetes-id': `credit-score-${namespace}` },
        },
        spec: {
          predictor: {
            model: { modelFormat: { name: 'xgboost' }, storageUri },
            ...extra,
          },
        },
      });
    serve('risk-prod', 's3://mlflow/2/run-2/artifacts/model', {
      canaryTrafficPercent: 10,
    });
    k8s.setInferenceServiceStatus('risk-prod', 'credit-score', {
      url: 'http://credit-score.risk-prod.example.com',
      conditions: [
        {
          type: 'PredictorReady',
          status: 'True',
          lastTransitionTime: '2026-02-01T00:00:00Z',
        },
        {
          type: 'Ready',
          status: 'True',
          lastTransitionTime: '2026-02-01T00:00:00Z',
        },
      ],
    });
    serve('risk-staging', 's3://mlflow/2/run-3/artifacts/model/');
    k8s.setInferenceServiceStatus('risk-staging', 'credit-score', {
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'PredictorNotReady',
          message: 'Revision is not ready',
        },
      ],
    });
  });
  afterAll(async () => {
    await mlflow.stop();
    await k8s.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  it('makes linked entities of a registry.db, an MLflow registry and two namespaces', async () => {
    const backend = await startTestBackend({
      features: [
        catalogPlugin,
        catalogModuleLakehouseDatasets,
        mockServices.rootConfig.factory({
          data: {
            backend: { baseUrl: 'http://localhost:7007' },
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [{ ...k8s.clusterConfig('risk') }],
                },
              ],
            },
            catalog: {
              providers: {
                feast: {
                  ui: {
                    registry: path.join(workDir, 'registry.db'),
                    defaultOwner: 'group:default/ml-platform',
                    schedule,
                  },
                },
                mlflow: { risk: { url: mlflow.url, schedule } },
                kserve: {
                  risk: {
                    cluster: 'risk',
                    namespaces: ['risk-prod', 'risk-staging'],
                    schedule,
                  },
                },
              },
            },
          },
        }),
      ],
    });
    try {
      const server = backend.server;
      // Every feature view of the three kinds, and every feature service.
      const views = await waitFor(
        () => query(server, 'kind=resource,spec.type=feature-view'),
        5,
      );
      expect(
        views.map(v => `${v.spec.viewKind} ${v.metadata.title}`).sort(),
      ).toEqual([
        'batch credit_history',
        'batch zipcode_features',
        'batch zipcode_money_features',
        'on-demand transaction_gt_last_credit_card_due',
        'stream zipcode_trips_stream',
      ]);
      const stream = views.find(
        v => v.metadata.title === 'zipcode_trips_stream',
      );
      expect(stream.spec).toMatchObject({
        owner: 'group:default/mobility',
        features: [
          {
            name: 'trips_last_hour',
            valueType: 'INT64',
            dtype: 'Int64',
            description: 'Trips in the last hour.',
          },
        ],
        streamSource: { name: 'zipcode_trips', type: 'STREAM_KAFKA' },
        transformation: { mode: 'spark' },
      });
      const services = await waitFor(
        () => query(server, 'kind=resource,spec.type=feature-service'),
        5,
      );
      const v3 = services.find(s => s.metadata.title === 'credit_score_v3');
      expect(relations(v3, 'dependsOn')).toEqual([
        'resource:default/credit_scoring_aws.credit_history',
        'resource:default/credit_scoring_aws.transaction_gt_last_credit_card_due',
        'resource:default/credit_scoring_aws.zipcode_features',
      ]);

      // The model, all its versions with aliases and run metrics.
      const [model] = await waitFor(
        () => query(server, 'kind=resource,spec.type=ai-model'),
        1,
      );
      expect(model.metadata.name).toBe('credit-score');
      expect(
        model.spec.versions.map((v: any) => [v.version, v.aliases ?? []]),
      ).toEqual([
        ['3', ['challenger']],
        ['2', ['champion']],
        ['1', []],
      ]);
      expect(model.spec.versions[1].metrics).toEqual({
        auc: 0.82,
        log_loss: 0.48,
      });
      expect(model.spec.owner).toBe('group:default/risk-analytics');
      expect(relations(model, 'dependsOn')).toEqual([
        'resource:default/credit_scoring_aws.credit_score_v3',
      ]);

      // Deployments in both namespaces, each with readiness, traffic and its model.
      const servers = await waitFor(
        () => query(server, 'kind=component,spec.type=model-server'),
        2,
      );
      const prod = servers.find(
        s => s.metadata.name === 'risk-prod.credit-score',
      );
      const staging = servers.find(
        s => s.metadata.name === 'risk-staging.credit-score',
      );
      expect(prod.spec.inferenceService).toMatchObject({
        ready: true,
        url: 'http://credit-score.risk-prod.example.com',
        traffic: {
          currentPercent: 90,
          canaryPercent: 10,
          mechanism: 'canaryTrafficPercent',
        },
      });
      expect(prod.spec.servedModel).toEqual({
        entityRef: 'resource:default/credit-score',
        name: 'credit-score',
        version: '2',
      });
      expect(staging.spec.inferenceService.ready).toBe(false);
      expect(staging.spec.servedModel.version).toBe('3');
      expect(prod.metadata.annotations).toMatchObject({
        'backstage.io/kubernetes-id': 'credit-score-risk-prod',
        'backstage.io/kubernetes-namespace': 'risk-prod',
        'lakehouse.dev/inferenceservice': 'risk-prod/credit-score',
      });
      // The catalog computes the reverse links the model page lists.
      const linkedModel = (
        await query(server, 'kind=resource,spec.type=ai-model')
      )[0];
      expect(relations(linkedModel, 'dependencyOf')).toEqual([
        'component:default/risk-prod.credit-score',
        'component:default/risk-staging.credit-score',
      ]);

      const status = await request(server).get(
        '/api/catalog/lakehouse/sources',
      );
      expect(
        status.body.sources.map((s: any) => [s.id, s.state, s.entities]),
      ).toEqual([
        ['feast:ui', 'ok', 10],
        ['mlflow:risk', 'ok', 1],
        ['kserve:risk', 'ok', 2],
      ]);
    } finally {
      await backend.stop();
    }
  });
});
