import { deploymentRecord, inferenceServiceInfo } from './inferenceServiceInfo';

const serverless = {
  apiVersion: 'serving.kserve.io/v1beta1',
  kind: 'InferenceService',
  metadata: {
    name: 'customer-churn',
    namespace: 'ml-serving',
    creationTimestamp: '2026-03-01T10:00:00Z',
    labels: { 'backstage.io/kubernetes-id': 'customer-churn-predictor' },
    annotations: {
      'serving.kserve.io/deploymentMode': 'Serverless',
      'lakehouse.dev/owner': 'group:default/ml-engineering',
      'kubectl.kubernetes.io/last-applied-configuration': '{"large": true}',
    },
  },
  spec: {
    predictor: {
      serviceAccountName: 'kserve-minio',
      minReplicas: 1,
      maxReplicas: 3,
      canaryTrafficPercent: 20,
      model: {
        modelFormat: { name: 'sklearn', version: '1' },
        runtime: 'kserve-sklearnserver',
        protocolVersion: 'v2',
        storageUri: 's3://mlflow/artifacts/1/run2/artifacts/model',
      },
    },
  },
  status: {
    url: 'http://customer-churn.ml-serving.example.com',
    address: { url: 'http://customer-churn.ml-serving.svc.cluster.local' },
    deploymentMode: 'Serverless',
    components: {
      predictor: {
        latestReadyRevision: 'customer-churn-predictor-00002',
        latestCreatedRevision: 'customer-churn-predictor-00002',
        traffic: [
          {
            revisionName: 'customer-churn-predictor-00002',
            percent: 20,
            latestRevision: true,
            tag: 'latest',
          },
          {
            revisionName: 'customer-churn-predictor-00001',
            percent: 80,
            latestRevision: false,
            tag: 'prev',
          },
        ],
      },
    },
    conditions: [
      {
        type: 'IngressReady',
        status: 'True',
        lastTransitionTime: '2026-03-01T10:02:00Z',
      },
      {
        type: 'PredictorReady',
        status: 'True',
        lastTransitionTime: '2026-03-01T10:03:00Z',
      },
      {
        type: 'Ready',
        status: 'True',
        lastTransitionTime: '2026-03-01T10:03:00Z',
      },
    ],
    modelStatus: {
      transitionStatus: 'UpToDate',
      states: { activeModelState: 'Loaded', targetModelState: 'Loaded' },
    },
  },
};

const standardFailing = {
  metadata: {
    name: 'fraud',
    namespace: 'risk',
    creationTimestamp: '2026-04-01T08:00:00Z',
    annotations: { 'serving.kserve.io/deploymentMode': 'Standard' },
  },
  spec: {
    predictor: { xgboost: { storageUri: 's3://models/fraud/v7' } },
    canary: [
      {
        trafficPercent: 10,
        predictor: { xgboost: { storageUri: 's3://models/fraud/v8' } },
      },
    ],
  },
  status: {
    conditions: [
      {
        type: 'PredictorReady',
        status: 'False',
        reason: 'ModelLoadFailed',
        message: 'failed to load the model from s3://models/fraud/v8',
        lastTransitionTime: '2026-04-01T08:05:00Z',
      },
      { type: 'Ready', status: 'False', reason: 'PredictorNotReady' },
    ],
    canaryStatuses: [{ name: 'canary-0', ready: false, trafficPercent: 10 }],
    modelStatus: {
      transitionStatus: 'BlockedByFailedLoad',
      states: { activeModelState: 'FailedToLoad', targetModelState: 'Loaded' },
      lastFailureInfo: {
        reason: 'ModelLoadFailed',
        message: 'no such key',
        time: '2026-04-01T08:05:00Z',
        exitCode: 1,
      },
    },
  },
};

describe('inferenceServiceInfo', () => {
  it('reads a ready Serverless deployment with a canary by canaryTrafficPercent', () => {
    expect(inferenceServiceInfo(serverless, 'serving')).toEqual({
      cluster: 'serving',
      namespace: 'ml-serving',
      name: 'customer-churn',
      deploymentMode: 'Serverless',
      predictor: {
        modelFormat: 'sklearn',
        modelFormatVersion: '1',
        runtime: 'kserve-sklearnserver',
        storageUri: 's3://mlflow/artifacts/1/run2/artifacts/model',
        protocolVersion: 'v2',
        serviceAccountName: 'kserve-minio',
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
            percent: 20,
            latestRevision: true,
            tag: 'latest',
          },
          {
            revisionName: 'customer-churn-predictor-00001',
            percent: 80,
            latestRevision: false,
            tag: 'prev',
          },
        ],
      },
      ready: true,
      url: 'http://customer-churn.ml-serving.example.com',
      address: 'http://customer-churn.ml-serving.svc.cluster.local',
      conditions: [
        {
          type: 'IngressReady',
          status: 'True',
          lastTransitionTime: '2026-03-01T10:02:00Z',
        },
        {
          type: 'PredictorReady',
          status: 'True',
          lastTransitionTime: '2026-03-01T10:03:00Z',
        },
        {
          type: 'Ready',
          status: 'True',
          lastTransitionTime: '2026-03-01T10:03:00Z',
        },
      ],
      modelState: {
        active: 'Loaded',
        target: 'Loaded',
        transition: 'UpToDate',
      },
      latestReadyRevision: 'customer-churn-predictor-00002',
      latestCreatedRevision: 'customer-churn-predictor-00002',
      observedAt: '2026-03-01T10:03:00Z',
    });
  });

  it('reads a failing Standard deployment with a spec.canary split and its last failure', () => {
    const info = inferenceServiceInfo(standardFailing, 'serving');
    expect(info.ready).toBe(false);
    expect(info.deploymentMode).toBe('Standard');
    expect(info.predictor).toEqual({
      modelFormat: 'xgboost',
      storageUri: 's3://models/fraud/v7',
    });
    expect(info.traffic).toEqual({
      currentPercent: 90,
      canaryPercent: 10,
      mechanism: 'spec.canary',
      canaries: [
        {
          trafficPercent: 10,
          storageUri: 's3://models/fraud/v8',
          ready: false,
        },
      ],
    });
    expect(info.conditions[0]).toMatchObject({
      type: 'PredictorReady',
      status: 'False',
      reason: 'ModelLoadFailed',
    });
    expect(info.lastFailure).toEqual({
      reason: 'ModelLoadFailed',
      message: 'no such key',
      time: '2026-04-01T08:05:00Z',
      exitCode: 1,
    });
    expect(info.modelState).toEqual({
      active: 'FailedToLoad',
      target: 'Loaded',
      transition: 'BlockedByFailedLoad',
    });
  });

  it('reads a deployment the controller has not reported on yet', () => {
    const info = inferenceServiceInfo(
      {
        metadata: {
          name: 'new',
          namespace: 'ml-serving',
          creationTimestamp: '2026-05-01T00:00:00Z',
        },
        spec: { predictor: { model: { modelFormat: { name: 'onnx' } } } },
      },
      'serving',
    );
    expect(info).toMatchObject({
      ready: false,
      conditions: [],
      traffic: { currentPercent: 100, canaryPercent: 0, mechanism: 'none' },
      observedAt: '2026-05-01T00:00:00Z',
    });
  });
});

describe('deploymentRecord', () => {
  it('keeps labels and the lakehouse annotations, not the large ones', () => {
    const record = deploymentRecord(serverless, 'serving', 'kserve:serving');
    expect(record.labels).toEqual({
      'backstage.io/kubernetes-id': 'customer-churn-predictor',
    });
    expect(record.annotations).toEqual({
      'serving.kserve.io/deploymentMode': 'Serverless',
      'lakehouse.dev/owner': 'group:default/ml-engineering',
    });
  });
});
