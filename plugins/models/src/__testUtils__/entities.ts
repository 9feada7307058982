// Entities as the catalog serves them to the pages: a registered model and
// a deployment as the MLflow and KServe providers write them, and the
// older hand-written shape of examples/catalog/ml.yaml.
import { Entity } from '@backstage/catalog-model';

export const customerChurn: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'customer-churn',
    namespace: 'default',
    description:
      'Predicts whether a customer will place **no order** in the next 90 days.',
    annotations: {
      'lakehouse.dev/mlflow-model-name': 'customer-churn',
      'lakehouse.dev/source-systems': 'mlflow',
    },
  },
  spec: {
    type: 'ai-model',
    owner: 'group:default/ml-engineering',
    createdAt: '2025-08-01T10:00:00Z',
    updatedAt: '2025-09-02T08:30:00Z',
    aliases: { champion: '2', challenger: '3' },
    tags: {
      task: 'classification',
      'mlflow.note.content':
        'See the [runbook](https://runbooks.example.com/churn).',
    },
    featureServices: ['resource:default/commerce.churn_model_features'],
    trainingDatasets: ['resource:default/lakehouse.gold.customer_features'],
    versions: [
      {
        version: '3',
        aliases: ['challenger'],
        status: 'FAILED_REGISTRATION',
        runId: 'c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3c3',
        source: 's3://mlflow/1/c3c3/artifacts/model',
        createdAt: '2025-09-02T08:30:00Z',
        metrics: { accuracy: 0.86, log_loss: 0.3142 },
      },
      {
        version: '1',
        status: 'READY',
        runId: '4f1c2b7d9e0a4c3b8d6e5f7a1b2c3d4e',
        source: 's3://mlflow/1/4f1c/artifacts/model',
        description: 'Logistic regression baseline.',
        createdAt: '2025-08-01T10:00:00Z',
        metrics: { accuracy: 0.81, roc_auc: 0.84, f1: 0.7 },
        run: {
          runId: '4f1c2b7d9e0a4c3b8d6e5f7a1b2c3d4e',
          name: 'baseline-logreg',
          status: 'FINISHED',
        },
      },
      {
        version: '2',
        aliases: ['champion'],
        status: 'READY',
        runId: '9a8b7c6d5e4f40312a1b2c3d4e5f6a7b',
        source: 's3://mlflow/1/9a8b/artifacts/model',
        createdAt: '2025-08-20T14:05:00Z',
        metrics: { accuracy: 0.87, roc_auc: 0.91, f1: 0.78 },
        params: { max_depth: '6' },
        run: {
          runId: '9a8b7c6d5e4f40312a1b2c3d4e5f6a7b',
          name: 'gbt-profile',
          status: 'FINISHED',
        },
      },
    ],
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/ml-engineering' },
    {
      type: 'dependsOn',
      targetRef: 'resource:default/commerce.churn_model_features',
    },
    {
      type: 'dependsOn',
      targetRef: 'resource:default/lakehouse.gold.customer_features',
    },
    {
      type: 'dependencyOf',
      targetRef: 'component:default/ml-serving.customer-churn',
    },
    { type: 'dependencyOf', targetRef: 'component:default/score-customers' },
  ],
};

/** customer-churn of examples/catalog/ml.yaml. */
export const yamlCustomerChurn: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'customer-churn',
    namespace: 'default',
    description:
      'Predicts whether a customer will place no order in the next 90 days.',
    annotations: {
      'lakehouse.dev/mlflow-model-name': 'customer-churn',
      'lakehouse.dev/source-systems': 'yaml',
    },
  },
  spec: {
    type: 'ai-model',
    owner: 'ml-engineering',
    dependsOn: [
      'resource:default/churn-model-features',
      'component:default/train-customer-churn',
    ],
    versions: [
      {
        version: '1',
        stage: 'Archived',
        runId: '4f1c2b7d9e0a4c3b8d6e5f7a1b2c3d4e',
        description: 'Logistic regression baseline on order statistics.',
        metrics: { accuracy: 0.81, roc_auc: 0.84 },
      },
      {
        version: '2',
        stage: 'Production',
        aliases: ['champion'],
        runId: '9a8b7c6d5e4f40312a1b2c3d4e5f6a7b',
        description: 'Gradient-boosted trees adding profile features.',
        metrics: { accuracy: 0.87, roc_auc: 0.91 },
      },
    ],
  },
  relations: [
    { type: 'ownedBy', targetRef: 'group:default/ml-engineering' },
    { type: 'dependsOn', targetRef: 'resource:default/churn-model-features' },
    { type: 'dependsOn', targetRef: 'component:default/train-customer-churn' },
    {
      type: 'dependencyOf',
      targetRef: 'component:default/customer-churn-predictor',
    },
  ],
};

/** An InferenceService in Serverless mode rolling out version 3 to 20% of requests. */
export const churnDeployment: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'ml-serving.customer-churn',
    namespace: 'default',
    annotations: {
      'lakehouse.dev/inferenceservice': 'ml-serving/customer-churn',
      'lakehouse.dev/source-systems': 'kserve',
    },
  },
  spec: {
    type: 'model-server',
    lifecycle: 'production',
    owner: 'group:default/ml-engineering',
    servedModel: {
      entityRef: 'resource:default/customer-churn',
      name: 'customer-churn',
      version: '2',
    },
    inferenceService: {
      cluster: 'local',
      namespace: 'ml-serving',
      name: 'customer-churn',
      deploymentMode: 'Serverless',
      ready: false,
      url: 'https://customer-churn.ml-serving.example.com',
      address:
        'http://customer-churn.ml-serving.svc.cluster.local/v1/models/customer-churn:predict',
      predictor: {
        modelFormat: 'sklearn',
        modelFormatVersion: '1',
        runtime: 'kserve-sklearnserver',
        storageUri: 's3://mlflow/1/9a8b/artifacts/model',
        protocolVersion: 'v2',
        minReplicas: 1,
        maxReplicas: 3,
      },
      traffic: {
        currentPercent: 80,
        canaryPercent: 20,
        mechanism: 'canaryTrafficPercent',
        revisions: [
          {
            revisionName: 'customer-churn-predictor-00002',
            percent: 80,
            tag: 'prev',
          },
          {
            revisionName: 'customer-churn-predictor-00003',
            percent: 20,
            latestRevision: true,
            tag: 'latest',
          },
        ],
      },
      conditions: [
        {
          type: 'PredictorReady',
          status: 'False',
          reason: 'RevisionFailed',
          message:
            'Revision "customer-churn-predictor-00003" failed with message: model load error.',
          lastTransitionTime: '2025-09-02T08:41:00Z',
        },
        {
          type: 'Ready',
          status: 'False',
          reason: 'RevisionFailed',
          lastTransitionTime: '2025-09-02T08:41:00Z',
        },
        {
          type: 'IngressReady',
          status: 'True',
          lastTransitionTime: '2025-08-20T14:10:00Z',
        },
        {
          type: 'LatestDeploymentReady',
          status: 'Unknown',
          severity: 'Info',
        },
      ],
      lastFailure: {
        reason: 'ModelLoadFailed',
        message: 'No such file: s3://mlflow/1/c3c3/artifacts/model/model.pkl',
        time: '2025-09-02T08:40:30Z',
        exitCode: 1,
      },
      modelState: {
        active: 'Loaded',
        target: 'FailedToLoad',
        transition: 'BlockedByFailedLoad',
      },
      latestReadyRevision: 'customer-churn-predictor-00002',
      observedAt: '2025-09-02T08:45:00Z',
    },
  },
  relations: [
    { type: 'dependsOn', targetRef: 'resource:default/customer-churn' },
  ],
};

/** customer-churn-predictor of examples/catalog/ml.yaml: no live status. */
export const yamlDeployment: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'customer-churn-predictor',
    namespace: 'default',
    annotations: {
      'lakehouse.dev/inferenceservice': 'ml-serving/customer-churn',
      'lakehouse.dev/mlflow-model-name': 'customer-churn',
      'lakehouse.dev/source-systems': 'yaml',
    },
  },
  spec: {
    type: 'model-server',
    lifecycle: 'production',
    owner: 'ml-engineering',
    dependsOn: ['resource:default/customer-churn'],
  },
  relations: [
    { type: 'dependsOn', targetRef: 'resource:default/customer-churn' },
    { type: 'ownedBy', targetRef: 'group:default/ml-engineering' },
  ],
};

/** An entity with some spec fields replaced. */
export function withSpec(
  entity: Entity,
  spec: Record<string, unknown>,
): Entity {
  return { ...entity, spec: { ...entity.spec, ...spec } } as Entity;
}

/** An entity with some InferenceService fields replaced. */
export function withInferenceService(
  entity: Entity,
  fields: Record<string, unknown>,
): Entity {
  return withSpec(entity, {
    inferenceService: {
      ...(entity.spec?.inferenceService as Record<string, unknown>),
      ...fields,
    },
  });
}
