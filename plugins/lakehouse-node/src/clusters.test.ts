import { ConfigReader } from '@backstage/config';
import type { JsonObject } from '@backstage/types';
import { InputError } from '@backstage/errors';
import { readConfiguredClusters, resolveCluster } from './clusters';

const config = (clusterLocatorMethods: JsonObject[]) =>
  new ConfigReader({ kubernetes: { clusterLocatorMethods } });

describe('readConfiguredClusters', () => {
  it('reads the clusters of every locator method of type config, in order', () => {
    const clusters = readConfiguredClusters(
      config([
        { type: 'catalog' },
        {
          type: 'config',
          clusters: [
            {
              name: 'lakehouse-dev',
              url: 'https://k8s.dev.example.com:6443/',
              authProvider: 'serviceAccount',
              serviceAccountToken: 'dev-token',
              caData: 'LS0tLS1CRUdJTg==',
            },
          ],
        },
        {
          type: 'config',
          clusters: [
            {
              name: 'lakehouse-prod',
              url: 'https://k8s.prod.example.com',
              caFile: '/etc/ssl/prod-ca.pem',
              skipTLSVerify: false,
              authMetadata: { 'kubernetes.io/auth-provider': 'google' },
            },
          ],
        },
      ]),
    );
    expect(clusters).toEqual([
      {
        name: 'lakehouse-dev',
        url: 'https://k8s.dev.example.com:6443',
        serviceAccountToken: 'dev-token',
        caData: 'LS0tLS1CRUdJTg==',
        skipTLSVerify: false,
        authProvider: 'serviceAccount',
        configPath: 'kubernetes.clusterLocatorMethods[1].clusters[0]',
      },
      {
        name: 'lakehouse-prod',
        url: 'https://k8s.prod.example.com',
        caFile: '/etc/ssl/prod-ca.pem',
        skipTLSVerify: false,
        authProvider: 'google',
        configPath: 'kubernetes.clusterLocatorMethods[2].clusters[0]',
      },
    ]);
    expect(readConfiguredClusters(new ConfigReader({}))).toEqual([]);
  });

  it('names the configuration key of a cluster without a name or a usable url', () => {
    const read = (cluster: object) => () =>
      readConfiguredClusters(config([{ type: 'config', clusters: [cluster] }]));
    expect(read({ url: 'https://k8s' })).toThrow(
      new InputError(
        'A Kubernetes cluster has no name: set kubernetes.clusterLocatorMethods[0].clusters[0].name',
      ),
    );
    expect(read({ name: 'dev' })).toThrow(
      'Kubernetes cluster "dev" has no url: set kubernetes.clusterLocatorMethods[0].clusters[0].url to its API server URL',
    );
    expect(read({ name: 'dev', url: 'k8s.example.com:6443' })).toThrow(
      'Kubernetes cluster "dev" has an invalid url "k8s.example.com:6443" at kubernetes.clusterLocatorMethods[0].clusters[0].url: expected an http(s) URL of its API server',
    );
  });

  it('refuses a cluster name used twice', () => {
    expect(() =>
      readConfiguredClusters(
        config([
          { type: 'config', clusters: [{ name: 'dev', url: 'https://a' }] },
          { type: 'config', clusters: [{ name: 'dev', url: 'https://b' }] },
        ]),
      ),
    ).toThrow(
      'Kubernetes cluster name "dev" is used twice, at kubernetes.clusterLocatorMethods[0].clusters[0] and kubernetes.clusterLocatorMethods[1].clusters[0]: cluster names must be unique',
    );
  });
});

describe('resolveCluster', () => {
  const twoClusters = config([
    {
      type: 'config',
      clusters: [
        { name: 'lakehouse-dev', url: 'https://dev' },
        { name: 'lakehouse-prod', url: 'https://prod' },
      ],
    },
  ]);

  it('finds a cluster by name', () => {
    expect(resolveCluster(twoClusters, 'lakehouse-prod').url).toBe(
      'https://prod',
    );
  });

  it('names the configured clusters when the name is unknown', () => {
    expect(() => resolveCluster(twoClusters, 'staging')).toThrow(
      new InputError(
        'Unknown Kubernetes cluster "staging": the configured clusters are "lakehouse-dev", "lakehouse-prod" (kubernetes.clusterLocatorMethods[].clusters[] of type "config")',
      ),
    );
    expect(() => resolveCluster(new ConfigReader({}), 'staging')).toThrow(
      'Unknown Kubernetes cluster "staging": no clusters are configured (kubernetes.clusterLocatorMethods[].clusters[] of type "config")',
    );
  });
});
