/*
 * The reads a catalog provider and the Backstage Kubernetes plugin make, with the real @kubernetes/client-node
 * 1.4: InferenceServices listed per namespace and across all namespaces with `limit`/`_continue` paging and
 * label selectors, InferenceService status as the KServe controller writes it, Pods listed by label selector
 * (Services too, of which the double holds none), RBAC refusals with the API server's Forbidden Status, and
 * `application/json` on every answer.
 */
import {
  ApiException,
  CoreV1Api,
  CustomObjectsApi,
  KubeConfig,
} from '@kubernetes/client-node';
import { KubernetesApiDouble } from './KubernetesApiDouble';

const ISVC = {
  group: 'serving.kserve.io',
  version: 'v1beta1',
  plural: 'inferenceservices',
};

function isvc(
  namespace: string,
  name: string,
  labels?: Record<string, string>,
) {
  return {
    apiVersion: 'serving.kserve.io/v1beta1',
    kind: 'InferenceService',
    metadata: { name, namespace, ...(labels ? { labels } : {}) },
    spec: {
      predictor: {
        model: {
          modelFormat: { name: 'sklearn' },
          storageUri: `s3://models/${name}/v1`,
        },
      },
    },
  };
}

/** The rejection of `promise`: HTTP code and the Status body the client kept. */
async function rejection(promise: Promise<unknown>) {
  const error = await promise.then(
    () => {
      throw new Error('expected the request to fail');
    },
    e => e,
  );
  expect(error).toBeInstanceOf(ApiException);
  const body =
    typeof error.body === 'string' ? JSON.parse(error.body) : error.body;
  return { code: error.code as number, body };
}

const names = (list: {
  items: Array<{ metadata?: { namespace?: string; name?: string } }>;
}) => list.items.map(i => `${i.metadata?.namespace}/${i.metadata?.name}`);

describe('KubernetesApiDouble lists for catalog providers and the Kubernetes plugin', () => {
  let k8s: KubernetesApiDouble;
  let custom: CustomObjectsApi;
  let core: CoreV1Api;

  beforeEach(async () => {
    k8s = await KubernetesApiDouble.start({
      token: 'portal-token',
      namespaces: ['default', 'ml-serving', 'ml-staging'],
      user: 'system:serviceaccount:backstage:portal',
    });
    const kc = new KubeConfig();
    // Plain http: @kubernetes/client-node requires skipTLSVerify for it.
    kc.loadFromOptions({
      clusters: [{ name: 'double', server: k8s.url, skipTLSVerify: true }],
      users: [{ name: 'portal', token: 'portal-token' }],
      contexts: [{ name: 'double', cluster: 'double', user: 'portal' }],
      currentContext: 'double',
    });
    custom = kc.makeApiClient(CustomObjectsApi);
    core = kc.makeApiClient(CoreV1Api);
    for (const [ns, name, team] of [
      ['ml-serving', 'customer-churn', 'growth'],
      ['ml-serving', 'fraud', 'risk'],
      ['ml-serving', 'ranking', 'discovery'],
      ['ml-staging', 'customer-churn', 'growth'],
      ['ml-staging', 'forecast', 'risk'],
    ]) {
      k8s.addObject(isvc(ns, name, { team }));
    }
  });

  afterEach(() => k8s.stop());

  it('lists InferenceServices in one namespace and across all namespaces, page by page', async () => {
    const first = await custom.listNamespacedCustomObject({
      ...ISVC,
      namespace: 'ml-serving',
      limit: 2,
    });
    expect(names(first)).toEqual([
      'ml-serving/customer-churn',
      'ml-serving/fraud',
    ]);
    expect(first.metadata.remainingItemCount).toBe(1);
    const second = await custom.listNamespacedCustomObject({
      ...ISVC,
      namespace: 'ml-serving',
      limit: 2,
      _continue: first.metadata.continue,
    });
    expect(names(second)).toEqual(['ml-serving/ranking']);
    expect(second.metadata.continue).toBeUndefined();

    const collected: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const page = await custom.listClusterCustomObject({
        ...ISVC,
        limit: 2,
        ...(token ? { _continue: token } : {}),
      });
      collected.push(...names(page));
      token = page.metadata.continue;
      pages += 1;
    } while (token);
    expect(pages).toBe(3);
    expect(collected).toEqual([
      'ml-serving/customer-churn',
      'ml-serving/fraud',
      'ml-serving/ranking',
      'ml-staging/customer-churn',
      'ml-staging/forecast',
    ]);
    expect(k8s.requests.map(r => r.path)).toContain(
      '/apis/serving.kserve.io/v1beta1/inferenceservices',
    );

    const risky = await custom.listClusterCustomObject({
      ...ISVC,
      labelSelector: 'team=risk',
    });
    expect(names(risky)).toEqual(['ml-serving/fraud', 'ml-staging/forecast']);
    const notGrowth = await custom.listNamespacedCustomObject({
      ...ISVC,
      namespace: 'ml-staging',
      labelSelector: 'team!=growth',
    });
    expect(names(notGrowth)).toEqual(['ml-staging/forecast']);
  });

  it('serves the status the KServe controller writes', async () => {
    k8s.setInferenceServiceStatus('ml-serving', 'customer-churn', {
      url: 'http://customer-churn.ml-serving.example.com',
      conditions: [
        { type: 'PredictorReady', status: 'True' },
        { type: 'Ready', status: 'True' },
      ],
      components: {
        predictor: {
          latestReadyRevision: 'customer-churn-predictor-00002',
          traffic: [
            {
              revisionName: 'customer-churn-predictor-00002',
              percent: 90,
              latestRevision: true,
            },
            {
              revisionName: 'customer-churn-predictor-00001',
              percent: 10,
              tag: 'prev',
            },
          ],
        },
      },
      modelStatus: { transitionStatus: 'UpToDate' },
    });

    k8s.setInferenceServiceStatus('ml-serving', 'fraud', {
      conditions: [
        {
          type: 'Ready',
          status: 'False',
          reason: 'ModelLoadFailed',
          message: 'model server failed to load model',
        },
      ],
      modelStatus: {
        transitionStatus: 'BlockedByFailedLoad',
        lastFailureInfo: {
          reason: 'ModelLoadFailed',
          message: 'unsupported model format',
          exitCode: 1,
        },
      },
    });

    const list = await custom.listNamespacedCustomObject({
      ...ISVC,
      namespace: 'ml-serving',
    });
    const byName = Object.fromEntries(
      list.items.map((i: any) => [i.metadata.name, i]),
    );
    expect(
      byName['customer-churn'].status.components.predictor.traffic,
    ).toEqual([
      expect.objectContaining({ percent: 90, latestRevision: true }),
      expect.objectContaining({ percent: 10, tag: 'prev' }),
    ]);
    expect(byName['customer-churn'].status.url).toBe(
      'http://customer-churn.ml-serving.example.com',
    );
    expect(byName.fraud.status.modelStatus.lastFailureInfo).toEqual({
      reason: 'ModelLoadFailed',
      message: 'unsupported model format',
      exitCode: 1,
    });
    expect(byName.ranking.status).toBeUndefined();
  });

  it('lists Pods and Services by label selector, per namespace and across all namespaces', async () => {
    const id = { 'backstage.io/kubernetes-id': 'customer-churn' };
    k8s.addPod({
      namespace: 'ml-serving',
      name: 'customer-churn-predictor-7d9f8-abcde',
      labels: { ...id, 'serving.kserve.io/inferenceservice': 'customer-churn' },
      containers: [
        { name: 'kserve-container', image: 'kserve/sklearnserver:v0.15.0' },
      ],
    });
    k8s.addPod({
      namespace: 'ml-staging',
      name: 'customer-churn-predictor-5c6b7-fghij',
      labels: id,
      phase: 'Pending',
    });
    k8s.addPod({
      namespace: 'ml-serving',
      name: 'fraud-predictor-1',
      labels: { app: 'fraud' },
    });

    const pods = await core.listNamespacedPod({
      namespace: 'ml-serving',
      labelSelector: 'backstage.io/kubernetes-id=customer-churn',
    });
    expect(pods.kind).toBe('PodList');
    expect(pods.items).toHaveLength(1);
    const pod = pods.items[0];
    expect(pod.metadata?.name).toBe('customer-churn-predictor-7d9f8-abcde');
    expect(pod.spec?.containers[0]).toMatchObject({
      name: 'kserve-container',
      imagePullPolicy: 'IfNotPresent',
    });
    expect(pod.status?.phase).toBe('Running');
    expect(pod.status?.conditions?.find(c => c.type === 'Ready')?.status).toBe(
      'True',
    );
    expect(pod.status?.containerStatuses?.[0]).toMatchObject({
      name: 'kserve-container',
      ready: true,
      restartCount: 0,
    });

    const everywhere = await core.listPodForAllNamespaces({
      labelSelector: 'backstage.io/kubernetes-id=customer-churn',
    });
    expect(names(everywhere)).toEqual([
      'ml-serving/customer-churn-predictor-7d9f8-abcde',
      'ml-staging/customer-churn-predictor-5c6b7-fghij',
    ]);
    expect(everywhere.items[1].status?.phase).toBe('Pending');

    // The Kubernetes plugin lists Services beside Pods; the double holds none.
    const services = await core.listServiceForAllNamespaces({
      labelSelector: 'backstage.io/kubernetes-id=customer-churn',
    });
    expect(services).toMatchObject({ kind: 'ServiceList', items: [] });

    // Pods only come from addPod, which knows what the kubelet reports.
    expect(() =>
      k8s.addObject({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'empty', namespace: 'ml-serving' },
        spec: {},
      }),
    ).toThrow(
      'The Kubernetes double does not store v1 Pod objects through addObject (Pods: addPod)',
    );
  });

  it('refuses what RBAC does not allow with the API server Forbidden Status', async () => {
    k8s.setForbidden([
      { resource: 'inferenceservices', namespace: 'ml-staging' },
      { resource: 'pods', namespace: 'ml-serving', verbs: ['list'] },
    ]);

    const staging = await rejection(
      custom.listNamespacedCustomObject({ ...ISVC, namespace: 'ml-staging' }),
    );
    expect(staging.code).toBe(403);
    expect(staging.body).toEqual({
      kind: 'Status',
      apiVersion: 'v1',
      metadata: {},
      status: 'Failure',
      message:
        'inferenceservices.serving.kserve.io is forbidden: User "system:serviceaccount:backstage:portal" cannot list resource "inferenceservices" in API group "serving.kserve.io" in the namespace "ml-staging"',
      reason: 'Forbidden',
      details: { group: 'serving.kserve.io', kind: 'inferenceservices' },
      code: 403,
    });

    // Other namespaces are allowed; listing across all namespaces needs access to every one.
    const serving = await custom.listNamespacedCustomObject({
      ...ISVC,
      namespace: 'ml-serving',
    });
    expect(serving.items).toHaveLength(3);
    const cluster = await rejection(custom.listClusterCustomObject(ISVC));
    expect(cluster.body.message).toBe(
      'inferenceservices.serving.kserve.io is forbidden: User "system:serviceaccount:backstage:portal" cannot list resource "inferenceservices" in API group "serving.kserve.io" at the cluster scope',
    );

    const one = await rejection(
      custom.getNamespacedCustomObject({
        ...ISVC,
        namespace: 'ml-staging',
        name: 'forecast',
      }),
    );
    expect(one.body).toMatchObject({
      message:
        'inferenceservices.serving.kserve.io "forecast" is forbidden: User "system:serviceaccount:backstage:portal" cannot get resource "inferenceservices" in API group "serving.kserve.io" in the namespace "ml-staging"',
      details: {
        name: 'forecast',
        group: 'serving.kserve.io',
        kind: 'inferenceservices',
      },
    });

    // Core resources: the group is "" in the message and left out of the details.
    const pods = await rejection(
      core.listNamespacedPod({ namespace: 'ml-serving' }),
    );
    expect(pods.code).toBe(403);
    expect(pods.body).toMatchObject({
      message:
        'pods is forbidden: User "system:serviceaccount:backstage:portal" cannot list resource "pods" in API group "" in the namespace "ml-serving"',
      details: { kind: 'pods' },
    });
    expect(pods.body.details.group).toBeUndefined();
    // Only the refused verb is refused.
    k8s.addPod({ namespace: 'ml-serving', name: 'p1' });
    const pod = await core.readNamespacedPod({
      namespace: 'ml-serving',
      name: 'p1',
    });
    expect(pod.metadata?.name).toBe('p1');

    k8s.setForbidden([]);
    expect((await custom.listClusterCustomObject(ISVC)).items).toHaveLength(5);
  });

  it('answers every request, errors and faults included, as application/json', async () => {
    k8s.setForbidden([{ resource: 'services', namespace: 'ml-staging' }]);
    const auth = { Authorization: 'Bearer portal-token' };
    const cases: Array<[string, RequestInit, number]> = [
      [
        '/apis/serving.kserve.io/v1beta1/inferenceservices?limit=1',
        { headers: auth },
        200,
      ],
      ['/api/v1/pods', { headers: auth }, 200],
      ['/api/v1/namespaces/ml-staging/services', { headers: auth }, 403],
      ['/api/v1/pods', {}, 401],
      [
        '/apis/serving.kserve.io/v1beta1/namespaces/ml-serving/inferenceservices/nope',
        { headers: auth },
        404,
      ],
      ['/api/v1/pods?continue=%%%', { headers: auth }, 400],
      [
        '/api/v1/namespaces/ml-serving/pods',
        { method: 'PUT', headers: auth },
        405,
      ],
      [
        '/api/v1/namespaces/ml-serving/secrets',
        {
          method: 'POST',
          headers: { ...auth, 'Content-Type': 'application/json' },
          body: JSON.stringify({
            apiVersion: 'v1',
            kind: 'Secret',
            metadata: { name: 'x' },
            data: { 'not a key': '' },
          }),
        },
        422,
      ],
    ];
    for (const [path, init, code] of cases) {
      const res = await fetch(`${k8s.url}${path}`, init);
      expect([path, res.status]).toEqual([path, code]);
      expect([path, res.headers.get('content-type')]).toEqual([
        path,
        'application/json',
      ]);
      expect(await res.json()).toHaveProperty('kind');
    }
    k8s.failNext(1, { status: 503 });
    const fault = await fetch(`${k8s.url}/api/v1/pods`, { headers: auth });
    expect(fault.status).toBe(503);
    expect(fault.headers.get('content-type')).toBe('application/json');
    expect((await fault.json()).reason).toBe('ServiceUnavailable');
  });
});
