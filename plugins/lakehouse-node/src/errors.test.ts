/*
 * describeKubernetesError on what @kubernetes/client-node really throws for the Kubernetes API double's
 * answers: Status refusals (403 RBAC, 404, 422 with causes), a 401 whose body the client drops, a gateway
 * page that is not a Status, and a cluster that cannot be reached.
 */
import { ConfigReader } from '@backstage/config';
import { CustomObjectsApi } from '@kubernetes/client-node';
import { KubernetesApiDouble } from '@internal/platform-doubles';
import { resolveCluster } from './clusters';
import { createKubeConfig } from './kubeConfig';
import { describeKubernetesError, parseKubernetesFailure } from './errors';

const ISVC = {
  group: 'serving.kserve.io',
  version: 'v1beta1',
  plural: 'inferenceservices',
};

describe('describeKubernetesError', () => {
  let k8s: KubernetesApiDouble;
  afterEach(() => k8s?.stop());

  const connect = (entry: Record<string, unknown> = {}) => {
    const cluster = resolveCluster(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [{ ...k8s.clusterConfig('lakehouse-dev'), ...entry }],
            },
          ],
        },
      }),
      'lakehouse-dev',
    );
    return {
      cluster,
      api: createKubeConfig(cluster).makeApiClient(CustomObjectsApi),
    };
  };
  const failureOf = (promise: Promise<unknown>) =>
    promise.then(
      () => {
        throw new Error('expected the request to fail');
      },
      e => e,
    );

  beforeEach(async () => {
    k8s = await KubernetesApiDouble.start({
      token: 'portal-token',
      namespaces: ['ml-serving', 'ml-staging'],
      user: 'system:serviceaccount:backstage:portal',
    });
  });

  it('quotes the Forbidden Status of an RBAC refusal', async () => {
    k8s.setForbidden([
      { resource: 'inferenceservices', namespace: 'ml-staging' },
    ]);
    const { cluster, api } = connect();
    const error = await failureOf(
      api.listNamespacedCustomObject({ ...ISVC, namespace: 'ml-staging' }),
    );
    expect(parseKubernetesFailure(error)).toEqual({
      code: 403,
      reason: 'Forbidden',
      message:
        'inferenceservices.serving.kserve.io is forbidden: User "system:serviceaccount:backstage:portal" cannot list resource "inferenceservices" in API group "serving.kserve.io" in the namespace "ml-staging"',
      causes: [],
    });
    expect(describeKubernetesError(error, cluster)).toBe(
      `Kubernetes cluster "lakehouse-dev" (${k8s.url}) answered HTTP 403 Forbidden: inferenceservices.serving.kserve.io is forbidden: User "system:serviceaccount:backstage:portal" cannot list resource "inferenceservices" in API group "serving.kserve.io" in the namespace "ml-staging". The service account lacks the RBAC permission for this request`,
    );
  });

  it('explains a 401 although the client drops its body', async () => {
    const { cluster, api } = connect({ serviceAccountToken: 'expired' });
    const error = await failureOf(api.listClusterCustomObject(ISVC));
    expect(error.body).toBeUndefined();
    expect(describeKubernetesError(error, cluster)).toBe(
      `Kubernetes cluster "lakehouse-dev" (${k8s.url}) answered HTTP 401 Unauthorized: Unauthorized. The cluster did not accept the credentials: check serviceAccountToken at kubernetes.clusterLocatorMethods[0].clusters[0]`,
    );
  });

  it('lists the invalid fields of a 422 and quotes a 404', async () => {
    const { cluster, api } = connect();
    const invalid = await failureOf(
      api.createNamespacedCustomObject({
        ...ISVC,
        namespace: 'ml-serving',
        body: {
          apiVersion: 'serving.kserve.io/v1beta1',
          kind: 'InferenceService',
          metadata: { name: 'no-predictor' },
          spec: {},
        },
      }),
    );
    expect(describeKubernetesError(invalid, cluster)).toBe(
      `Kubernetes cluster "lakehouse-dev" (${k8s.url}) answered HTTP 422 Invalid: InferenceService.serving.kserve.io "no-predictor" is invalid: spec.predictor: Required value (fields: spec.predictor: Required value)`,
    );
    const missing = await failureOf(
      api.getNamespacedCustomObject({
        ...ISVC,
        namespace: 'ml-serving',
        name: 'fraud',
      }),
    );
    expect(describeKubernetesError(missing, cluster)).toBe(
      `Kubernetes cluster "lakehouse-dev" (${k8s.url}) answered HTTP 404 NotFound: inferenceservices.serving.kserve.io "fraud" not found`,
    );
  });

  it('quotes a gateway page that is not a Status', async () => {
    k8s.failNext(1, {
      status: 502,
      body: '<html><body>Bad Gateway: upstream connect error</body></html>',
      headers: { 'Content-Type': 'text/html' },
    });
    const { cluster, api } = connect();
    const error = await failureOf(api.listClusterCustomObject(ISVC));
    expect(describeKubernetesError(error, cluster)).toBe(
      `Kubernetes cluster "lakehouse-dev" (${k8s.url}) answered HTTP 502 Bad Gateway: <html><body>Bad Gateway: upstream connect error</body></html>`,
    );
  });

  it('names the network failure of a cluster that cannot be reached', async () => {
    const { cluster, api } = connect();
    await k8s.stop();
    const error = await failureOf(api.listClusterCustomObject(ISVC));
    expect(parseKubernetesFailure(error).networkCode).toBe('ECONNREFUSED');
    expect(describeKubernetesError(error, cluster)).toMatch(
      new RegExp(
        `^Could not reach Kubernetes cluster "lakehouse-dev" at ${k8s.url.replace(
          /\./g,
          '\\.',
        )} \\(ECONNREFUSED\\): .+`,
      ),
    );
  });

  it('reports any other failure with the cluster it concerns', () => {
    const cluster = { name: 'dev', url: 'https://dev', skipTLSVerify: false };
    expect(
      describeKubernetesError(
        new Error('The operation was aborted due to timeout'),
        cluster,
      ),
    ).toBe(
      'Request to Kubernetes cluster "dev" (https://dev) failed: The operation was aborted due to timeout',
    );
  });
});
