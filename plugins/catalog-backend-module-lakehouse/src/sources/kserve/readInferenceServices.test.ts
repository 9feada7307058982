import { ConfigReader } from '@backstage/config';
import { KubernetesApiDouble } from '@internal/platform-doubles';
import {
  createKubeConfig,
  resolveCluster,
} from '@internal/plugin-lakehouse-node';
import { readInferenceServices } from './readInferenceServices';

function inferenceService(namespace: string, name: string, storageUri: string) {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name, namespace },
    spec: {
      predictor: {
        model: { modelFormat: { name: 'sklearn' }, storageUri },
      },
    },
  };
}

describe('readInferenceServices', () => {
  let k8s: KubernetesApiDouble;
  afterEach(() => k8s?.stop());

  async function start() {
    k8s = await KubernetesApiDouble.start({
      token: 'portal-sa-token',
      namespaces: ['ml-serving', 'ml-staging', 'other'],
    });
    for (let i = 0; i < 5; i++) {
      k8s.addObject(
        inferenceService('ml-serving', `model-${i}`, `s3://m/${i}`),
      );
    }
    k8s.addObject(inferenceService('ml-staging', 'churn-next', 's3://m/next'));
    k8s.addObject(inferenceService('other', 'not-ours', 's3://m/x'));
    k8s.setInferenceServiceStatus('ml-staging', 'churn-next', {
      url: 'http://churn-next.ml-staging.example.com',
      conditions: [
        {
          type: 'Ready',
          status: 'True',
          lastTransitionTime: '2026-01-01T00:00:00Z',
        },
      ],
    });
  }

  function cluster() {
    const config = new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [{ ...k8s.clusterConfig('serving') }],
          },
        ],
      },
    });
    return resolveCluster(config, 'serving');
  }

  const read = (namespaces?: string[], pageSize = 2) => {
    const details = cluster();
    return readInferenceServices({
      sourceId: 'kserve:serving',
      cluster: details,
      kubeConfig: createKubeConfig(details),
      namespaces,
      pageSize,
      requestTimeoutMs: 5_000,
    });
  };

  it('lists the InferenceServices of two namespaces, page by page', async () => {
    await start();
    const records = await read(['ml-serving', 'ml-staging']);
    expect(records.map(r => `${r.info.namespace}/${r.info.name}`)).toEqual([
      'ml-serving/model-0',
      'ml-serving/model-1',
      'ml-serving/model-2',
      'ml-serving/model-3',
      'ml-serving/model-4',
      'ml-staging/churn-next',
    ]);
    expect(records[5].info).toMatchObject({
      cluster: 'serving',
      ready: true,
      url: 'http://churn-next.ml-staging.example.com',
      predictor: { modelFormat: 'sklearn', storageUri: 's3://m/next' },
    });
    // Five services in pages of two take three requests, with `continue`.
    const lists = k8s.requests.filter(
      r =>
        r.method === 'GET' && r.path.endsWith('/ml-serving/inferenceservices'),
    );
    expect(lists).toHaveLength(3);
    expect(lists[1].query.continue).toBeTruthy();
    expect(
      lists.every(r => r.headers.authorization === 'Bearer portal-sa-token'),
    ).toBe(true);
  });

  it('lists every namespace when none are configured', async () => {
    await start();
    const records = await read(undefined, 100);
    expect(records).toHaveLength(7);
  });

  it('names the cluster, namespace and RBAC refusal of a 403', async () => {
    await start();
    k8s.setForbidden([
      { resource: 'inferenceservices', namespace: 'ml-staging' },
    ]);
    await expect(read(['ml-serving', 'ml-staging'])).rejects.toThrow(
      /cannot list InferenceServices in namespace ml-staging: .*serving.*403.*inferenceservices\.serving\.kserve\.io is forbidden/,
    );
  });
});
