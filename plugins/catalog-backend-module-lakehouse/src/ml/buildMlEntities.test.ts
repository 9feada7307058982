import fs from 'node:fs';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import { validateLakehouseEntity } from '@internal/plugin-lakehouse-common';
import { feastToRecords } from '../sources/feast/feastToRecords';
import { buildMlEntities, MlBuildContext } from './buildMlEntities';
import { DeploymentRecord, MlRecord, ModelRecord } from './records';

const uiRegistry = JSON.parse(
  fs.readFileSync(
    path.join(
      __dirname,
      '../sources/feast/__fixtures__/feast-ui-registry.MessageToDict.json',
    ),
    'utf8',
  ),
);
const demoRegistry = JSON.parse(
  fs.readFileSync(
    path.resolve(
      __dirname,
      '../../../../examples/lakehouse/feast/registry.json',
    ),
    'utf8',
  ),
);

function context(extra: Partial<MlBuildContext> = {}): MlBuildContext {
  return {
    defaults: new Map([
      ['feast:ui', { defaultOwner: 'group:default/ml-platform' }],
      [
        'feast:demo',
        {
          defaultOwner: 'group:default/ml-platform',
          system: 'commerce-lakehouse',
        },
      ],
      ['mlflow:prod', { defaultOwner: 'group:default/ml-platform' }],
      ['kserve:serving', { defaultOwner: 'group:default/ml-platform' }],
    ]),
    datasetLocations: () => new Map(),
    locationKey: 'lakehouse-ml',
    ...extra,
  };
}

const byName = (entities: Entity[], name: string) => {
  const found = entities.find(e => e.metadata.name === name);
  if (!found) {
    throw new Error(
      `no entity ${name}; have ${entities
        .map(e => e.metadata.name)
        .join(', ')}`,
    );
  }
  return found;
};

function model(extra: Partial<ModelRecord> = {}): ModelRecord {
  return {
    type: 'ai-model',
    sourceId: 'mlflow:prod',
    name: 'customer-churn',
    tags: { owner: 'ml-engineering', feature_service: 'churn_model_features' },
    aliases: { champion: '2' },
    versions: [
      {
        version: '2',
        aliases: ['champion'],
        source: 's3://mlflow/artifacts/1/run2/artifacts/model',
        metrics: { roc_auc: 0.91 },
      },
      {
        version: '1',
        source: 's3://mlflow/artifacts/1/run1/artifacts/model/',
        metrics: { roc_auc: 0.84 },
      },
    ],
    featureServiceNames: ['churn_model_features'],
    trainingTables: ['lakehouse.gold.customer_features'],
    ...extra,
  };
}

function deployment(
  storageUri: string,
  extra: Partial<DeploymentRecord> = {},
): DeploymentRecord {
  return {
    type: 'model-server',
    sourceId: 'kserve:serving',
    labels: {},
    annotations: {},
    info: {
      cluster: 'serving',
      namespace: 'ml-serving',
      name: 'customer-churn',
      predictor: { modelFormat: 'sklearn', storageUri },
      traffic: { currentPercent: 100, canaryPercent: 0, mechanism: 'none' },
      ready: true,
      conditions: [{ type: 'Ready', status: 'True' }],
      observedAt: '2026-01-01T00:00:00.000Z',
    },
    ...extra,
  };
}

const build = (items: Record<string, MlRecord[]>, ctx = context()) =>
  buildMlEntities(
    Object.entries(items).map(([sourceId, records]) => ({
      sourceId,
      items: records,
    })),
    ctx,
  );

describe('ML entities from a real Feast registry', () => {
  const records = feastToRecords(uiRegistry, { sourceId: 'feast:ui' });
  const entities = build({ 'feast:ui': records });

  it('makes every feature view of all kinds and every feature service an entity', () => {
    const views = entities.filter(e => e.spec?.type === 'feature-view');
    const services = entities.filter(e => e.spec?.type === 'feature-service');
    expect(views.map(e => e.metadata.title).sort()).toEqual([
      'credit_history',
      'transaction_gt_last_credit_card_due',
      'zipcode_features',
      'zipcode_money_features',
    ]);
    expect(services).toHaveLength(uiRegistry.featureServices.length);
    for (const entity of entities) {
      expect(validateLakehouseEntity(entity)).toEqual([]);
    }
  });

  it('keeps each feature with its value type, SDK type and description', () => {
    const credit = byName(entities, 'credit_scoring_aws.credit_history');
    expect(credit.spec?.features).toContainEqual({
      name: 'credit_card_due',
      valueType: 'INT64',
      dtype: 'Int64',
    });
    expect(credit.spec?.features).toHaveLength(9);
    expect(credit.spec).toMatchObject({
      viewKind: 'batch',
      ttl: '777600000s',
      online: true,
      entityKeys: [
        {
          entity: 'dob_ssn',
          joinKey: 'dob_ssn',
          valueType: 'STRING',
          description:
            'Date of birth and last four digits of social security number',
        },
      ],
      source: {
        name: 'credit_history',
        type: 'BATCH_FILE',
        path: 'data/credit_history.parquet',
      },
      tags: { experiments: 'experiment-A' },
    });
    expect(credit.metadata.annotations).toMatchObject({
      'lakehouse.dev/feast-project': 'credit_scoring_aws',
      'lakehouse.dev/feast-name': 'credit_history',
      'lakehouse.dev/source-systems': 'feast',
    });
  });

  it('links an on-demand view to the views it reads and shows its code', () => {
    const odfv = byName(
      entities,
      'credit_scoring_aws.transaction_gt_last_credit_card_due',
    );
    expect(odfv.spec).toMatchObject({
      viewKind: 'on-demand',
      dependsOn: ['resource:default/credit_scoring_aws.credit_history'],
    });
    expect(odfv.spec?.sources).toEqual([
      expect.objectContaining({
        name: 'credit_history',
        kind: 'feature-view',
        featureView: 'resource:default/credit_scoring_aws.credit_history',
      }),
      {
        name: 'transaction',
        kind: 'request-source',
        fields: ['transaction_amt'],
      },
    ]);
    expect((odfv.spec as any).transformation.code).toContain('def ');
  });

  it('makes a feature service depend on exactly the views it selects', () => {
    const v3 = byName(entities, 'credit_scoring_aws.credit_score_v3');
    expect(v3.spec?.dependsOn).toEqual([
      'resource:default/credit_scoring_aws.credit_history',
      'resource:default/credit_scoring_aws.transaction_gt_last_credit_card_due',
      'resource:default/credit_scoring_aws.zipcode_features',
    ]);
    expect((v3.spec?.features as any[])[0]).toEqual({
      name: 'credit_history',
      select: ['mortgage_due', 'credit_card_due', 'missed_payments_1y'],
      featureView: 'resource:default/credit_scoring_aws.credit_history',
    });
  });

  it('gives views without a Feast owner the default owner', () => {
    expect(
      byName(entities, 'credit_scoring_aws.zipcode_features').spec?.owner,
    ).toBe('group:default/ml-platform');
  });
});

describe('ML entities from the demo feature repository', () => {
  const entities = build({
    'feast:demo': feastToRecords(demoRegistry, {
      sourceId: 'feast:demo',
      catalog: 'lakehouse',
    }),
  });

  it('links a view to the dataset its Trino table names', () => {
    const stats = byName(entities, 'commerce.customer_order_stats');
    expect(stats.spec?.dependsOn).toEqual([
      'resource:default/lakehouse.gold.customer_features',
    ]);
    expect((stats.spec as any).source.dataset).toBe(
      'resource:default/lakehouse.gold.customer_features',
    );
    expect(stats.spec?.owner).toBe('group:default/ml-engineering');
    expect(stats.spec?.system).toBe('commerce-lakehouse');
  });

  it('links a view to the dataset its Trino query reads', () => {
    const profile = byName(entities, 'commerce.customer_profile');
    expect(profile.spec?.dependsOn).toEqual([
      'resource:default/lakehouse.silver.dim_customers',
    ]);
  });
});

describe('links across Feast, MLflow and KServe', () => {
  const feast = feastToRecords(demoRegistry, {
    sourceId: 'feast:demo',
    catalog: 'lakehouse',
  });

  it('gives the chain table → view → service → model → deployment', () => {
    const entities = build({
      'feast:demo': feast,
      'mlflow:prod': [model()],
      'kserve:serving': [
        deployment('s3://mlflow/artifacts/1/run2/artifacts/model/'),
      ],
    });
    const service = byName(entities, 'commerce.churn_model_features');
    expect(service.spec?.dependsOn).toEqual([
      'resource:default/commerce.customer_order_stats',
      'resource:default/commerce.customer_profile',
    ]);
    const churn = byName(entities, 'customer-churn');
    expect(churn.spec?.dependsOn).toEqual([
      'resource:default/commerce.churn_model_features',
      'resource:default/lakehouse.gold.customer_features',
    ]);
    expect(churn.spec?.owner).toBe('group:default/ml-engineering');
    const server = byName(entities, 'ml-serving.customer-churn');
    expect(server.kind).toBe('Component');
    expect(server.spec).toMatchObject({
      type: 'model-server',
      lifecycle: 'production',
      owner: 'group:default/ml-engineering',
      dependsOn: ['resource:default/customer-churn'],
      servedModel: {
        entityRef: 'resource:default/customer-churn',
        name: 'customer-churn',
        version: '2',
      },
    });
    expect(server.metadata.annotations).toMatchObject({
      'lakehouse.dev/inferenceservice': 'ml-serving/customer-churn',
      'backstage.io/kubernetes-id': 'customer-churn',
      'backstage.io/kubernetes-namespace': 'ml-serving',
      'backstage.io/kubernetes-label-selector':
        'serving.kserve.io/inferenceservice=customer-churn',
      'lakehouse.dev/mlflow-model-name': 'customer-churn',
    });
  });

  it('matches a storage URI that differs only in scheme spelling and slashes', () => {
    const entities = build({
      'mlflow:prod': [model()],
      'kserve:serving': [
        deployment('S3A://mlflow/artifacts/1/run1/artifacts/model'),
      ],
    });
    expect(
      byName(entities, 'ml-serving.customer-churn').spec?.servedModel,
    ).toEqual({
      entityRef: 'resource:default/customer-churn',
      name: 'customer-churn',
      version: '1',
    });
  });

  it('follows a models:/ URI and a model-name label when no source matches', () => {
    const entities = build({
      'kserve:serving': [
        deployment('models:/fraud-detector/7'),
        deployment('s3://elsewhere/model', {
          labels: {
            'lakehouse.dev/mlflow-model-name': 'customer-churn',
            'backstage.io/kubernetes-id': 'churn-api',
          },
          info: {
            ...deployment('').info,
            name: 'churn-api',
            predictor: { storageUri: 's3://elsewhere/model' },
          },
        }),
      ],
    });
    expect(
      byName(entities, 'ml-serving.customer-churn').spec?.dependsOn,
    ).toEqual(['resource:default/fraud-detector']);
    const labelled = byName(entities, 'ml-serving.churn-api');
    expect(labelled.spec?.dependsOn).toEqual([
      'resource:default/customer-churn',
    ]);
    // With its own kubernetes-id label the Kubernetes plugin needs no selector.
    expect(labelled.metadata.annotations).toMatchObject({
      'backstage.io/kubernetes-id': 'churn-api',
    });
    expect(
      labelled.metadata.annotations!['backstage.io/kubernetes-label-selector'],
    ).toBeUndefined();
  });

  it('links a file source to the dataset stored at that location', () => {
    const records = feastToRecords(uiRegistry, { sourceId: 'feast:ui' });
    const entities = build(
      { 'feast:ui': records },
      context({
        datasetLocations: () =>
          new Map([
            ['data/credit_history.parquet', 'lakehouse.raw.credit_history'],
          ]),
      }),
    );
    expect(
      byName(entities, 'credit_scoring_aws.credit_history').spec?.dependsOn,
    ).toEqual(['resource:default/lakehouse.raw.credit_history']);
  });
});

describe('entity names', () => {
  it('rewrites invalid names, keeps the original in the annotation, and never collides', () => {
    const entities = build({
      'mlflow:prod': [
        model({
          name: 'Churn Model (EU)',
          featureServiceNames: [],
          trainingTables: [],
        }),
        model({
          name: 'churn-model-eu',
          featureServiceNames: [],
          trainingTables: [],
        }),
      ],
      'kserve:serving': [
        deployment('s3://a'),
        {
          ...deployment('s3://b'),
          info: { ...deployment('s3://b').info, cluster: 'serving-2' },
        },
      ],
    });
    const models = entities.filter(e => e.spec?.type === 'ai-model');
    expect(new Set(models.map(e => e.metadata.name)).size).toBe(2);
    const rewritten = models.find(
      e =>
        e.metadata.annotations!['lakehouse.dev/mlflow-model-name'] ===
        'Churn Model (EU)',
    )!;
    expect(rewritten.metadata.name).toMatch(/^churn-model-eu-[0-9a-f]{8}$/);
    expect(rewritten.metadata.title).toBe('Churn Model (EU)');
    // The same namespace/name in two clusters: two entities, neither dropped.
    const servers = entities.filter(e => e.kind === 'Component');
    expect(servers).toHaveLength(2);
    expect(servers[0].metadata.name).not.toBe(servers[1].metadata.name);
  });

  it('gives the same entities whatever order the sources answered in', () => {
    const feast = feastToRecords(uiRegistry, { sourceId: 'feast:ui' });
    const a = build({ 'feast:ui': feast, 'mlflow:prod': [model()] });
    const b = build({
      'mlflow:prod': [model()],
      'feast:ui': [...feast].reverse(),
    });
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });
});
