import type { JsonObject } from '@backstage/types';
/*
 * createKubeConfig against the Kubernetes API double (a real HTTP server speaking the API server's protocol),
 * through @kubernetes/client-node's own API clients.
 */
import { ConfigReader } from '@backstage/config';
import { CoreV1Api, CustomObjectsApi } from '@kubernetes/client-node';
import { KubernetesApiDouble } from '@internal/platform-doubles';
import { resolveCluster } from './clusters';
import { createKubeConfig } from './kubeConfig';

const ISVC = {
  group: 'serving.kserve.io',
  version: 'v1beta1',
  plural: 'inferenceservices',
};

describe('createKubeConfig', () => {
  let k8s: KubernetesApiDouble;
  afterEach(() => k8s?.stop());

  const clusterFrom = (entry: JsonObject) =>
    resolveCluster(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [{ type: 'config', clusters: [entry] }],
        },
      }),
      String(entry.name),
    );

  it('talks to the cluster as its service account', async () => {
    k8s = await KubernetesApiDouble.start({
      token: 'portal-token',
      namespaces: ['ml-serving'],
    });
    k8s.addObject({
      apiVersion: 'serving.kserve.io/v1beta1',
      kind: 'InferenceService',
      metadata: { name: 'customer-churn', namespace: 'ml-serving' },
      spec: {
        predictor: { model: { modelFormat: { name: 'sklearn' } } },
      },
    });
    const cluster = clusterFrom({ ...k8s.clusterConfig('lakehouse-dev') });
    const kubeConfig = createKubeConfig(cluster);
    expect(kubeConfig.getCurrentCluster()).toMatchObject({
      name: 'lakehouse-dev',
      server: k8s.url,
    });

    const list = await kubeConfig
      .makeApiClient(CustomObjectsApi)
      .listClusterCustomObject(ISVC);
    expect(list.items.map((i: any) => i.metadata.name)).toEqual([
      'customer-churn',
    ]);
    const last = k8s.requests[k8s.requests.length - 1];
    expect(last.path).toBe('/apis/serving.kserve.io/v1beta1/inferenceservices');
    expect(last.headers.authorization).toBe('Bearer portal-token');
  });

  it('sends no credentials for a cluster without a token, and the cluster refuses them', async () => {
    k8s = await KubernetesApiDouble.start({ token: 'portal-token' });
    const { serviceAccountToken, ...withoutToken } =
      k8s.clusterConfig('lakehouse-dev');
    const api = createKubeConfig(clusterFrom(withoutToken)).makeApiClient(
      CoreV1Api,
    );
    await expect(api.listNamespace()).rejects.toMatchObject({ code: 401 });
    expect(k8s.requests[0].headers.authorization).toBeUndefined();
  });

  it('carries the certificate authority of the configuration', () => {
    const kubeConfig = createKubeConfig(
      clusterFrom({
        name: 'prod',
        url: 'https://k8s.prod.example.com',
        caData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
        serviceAccountToken: 't',
      }),
    );
    expect(kubeConfig.getCurrentCluster()).toMatchObject({
      caData: 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t',
      skipTLSVerify: false,
    });
    expect(kubeConfig.getCurrentUser()?.token).toBe('t');
  });

  it('refuses an auth provider other than serviceAccount, naming the cluster and the key', () => {
    expect(() =>
      createKubeConfig(
        clusterFrom({
          name: 'gke',
          url: 'https://gke',
          authProvider: 'google',
        }),
      ),
    ).toThrow(
      'Kubernetes cluster "gke" uses authProvider "google" (kubernetes.clusterLocatorMethods[0].clusters[0].authProvider); the lakehouse plugins connect with a service account token only: set it to "serviceAccount" and give serviceAccountToken',
    );
    expect(() =>
      createKubeConfig(
        clusterFrom({
          name: 'eks',
          url: 'https://eks',
          authProvider: 'serviceAccount',
          authMetadata: { 'kubernetes.io/auth-provider': 'aws' },
        }),
      ),
    ).toThrow(
      `Kubernetes cluster "eks" uses authProvider "aws" (kubernetes.clusterLocatorMethods[0].clusters[0].authMetadata['kubernetes.io/auth-provider'])`,
    );
  });

  it('refuses a plain http cluster without skipTLSVerify, which the client would refuse on every call', () => {
    expect(() =>
      createKubeConfig(
        clusterFrom({ name: 'kind', url: 'http://127.0.0.1:8001' }),
      ),
    ).toThrow(
      'Kubernetes cluster "kind" has a plain http url (http://127.0.0.1:8001) without skipTLSVerify (kubernetes.clusterLocatorMethods[0].clusters[0]): use https, or set skipTLSVerify: true for a cluster without TLS',
    );
  });
});
