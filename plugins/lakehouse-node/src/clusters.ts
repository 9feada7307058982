/*
 * The lakehouse packages reach Kubernetes through the clusters of the Backstage Kubernetes plugin's
 * configuration, so the portal has one list of clusters: `kubernetes.clusterLocatorMethods[]` entries of
 * `type: config` with `clusters[]` of `{ name, url, authProvider, serviceAccountToken, caData, caFile,
 * skipTLSVerify }` (https://backstage.io/docs/features/kubernetes/configuration#clusterlocatormethods).
 * Like the Kubernetes plugin's ConfigClusterLocator, the auth provider may also be given as
 * `authMetadata['kubernetes.io/auth-provider']`, which wins over `authProvider`.
 */
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** The authMetadata key the Kubernetes plugin reads the auth provider from. */
const AUTH_PROVIDER_ANNOTATION = 'kubernetes.io/auth-provider';

/** The configuration key each read cluster took its auth provider from. */
const authProviderKeys = new WeakMap<KubernetesClusterDetails, string>();

/** Where `cluster`'s auth provider is configured, for messages. */
export function authProviderKey(cluster: KubernetesClusterDetails): string {
  return (
    authProviderKeys.get(cluster) ??
    `${cluster.configPath ?? `cluster "${cluster.name}"`}.authProvider`
  );
}

/**
 * A cluster of the app's `kubernetes` configuration.
 *
 * @public
 */
export interface KubernetesClusterDetails {
  /** The cluster's `name`. */
  name: string;
  /** API server URL, without trailing slashes. */
  url: string;
  /** Bearer token of the service account the portal acts as. Without one, requests carry no credentials. */
  serviceAccountToken?: string;
  /** Base64 PEM of the certificate authority that signed the API server's certificate. */
  caData?: string;
  /** Path of a PEM file with that certificate authority. */
  caFile?: string;
  /** Whether the API server's certificate is not checked. */
  skipTLSVerify: boolean;
  /** The configured auth provider (`serviceAccount`, `google`, `oidc`, ...), if any. */
  authProvider?: string;
  /**
   * Where the cluster is configured, e.g. `kubernetes.clusterLocatorMethods[0].clusters[1]`, for messages
   * that point at the configuration to fix.
   */
  configPath?: string;
}

/**
 * Every cluster configured under `kubernetes.clusterLocatorMethods[].clusters[]` of type `config`, in
 * configuration order. Throws an InputError naming the configuration key for a missing name or URL, a URL
 * that is not http(s), or a name used twice.
 *
 * @public
 */
export function readConfiguredClusters(
  config: Config,
): KubernetesClusterDetails[] {
  const clusters: KubernetesClusterDetails[] = [];
  const methods =
    config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? [];
  methods.forEach((method, m) => {
    if (method.getOptionalString('type') !== 'config') {
      return;
    }
    (method.getOptionalConfigArray('clusters') ?? []).forEach((cluster, c) => {
      const path = `kubernetes.clusterLocatorMethods[${m}].clusters[${c}]`;
      const name = cluster.getOptionalString('name');
      if (!name) {
        throw new InputError(
          `A Kubernetes cluster has no name: set ${path}.name`,
        );
      }
      const url = cluster.getOptionalString('url');
      if (!url) {
        throw new InputError(
          `Kubernetes cluster "${name}" has no url: set ${path}.url to its API server URL`,
        );
      }
      if (!isHttpUrl(url)) {
        throw new InputError(
          `Kubernetes cluster "${name}" has an invalid url "${url}" at ${path}.url: expected an http(s) URL of its API server`,
        );
      }
      const duplicate = clusters.find(other => other.name === name);
      if (duplicate) {
        throw new InputError(
          `Kubernetes cluster name "${name}" is used twice, at ${duplicate.configPath} and ${path}: cluster names must be unique`,
        );
      }
      // Read as a plain object: the key contains dots, which Config would take for a path.
      const metadata =
        cluster.getOptional<Record<string, unknown>>('authMetadata');
      const fromMetadata =
        typeof metadata?.[AUTH_PROVIDER_ANNOTATION] === 'string'
          ? (metadata[AUTH_PROVIDER_ANNOTATION] as string)
          : undefined;
      const authProvider =
        fromMetadata ?? cluster.getOptionalString('authProvider');
      const details: KubernetesClusterDetails = {
        name,
        url: url.replace(/\/+$/, ''),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
        configPath: path,
      };
      const token = cluster.getOptionalString('serviceAccountToken');
      if (token) details.serviceAccountToken = token;
      const caData = cluster.getOptionalString('caData');
      if (caData) details.caData = caData;
      const caFile = cluster.getOptionalString('caFile');
      if (caFile) details.caFile = caFile;
      if (authProvider) details.authProvider = authProvider;
      authProviderKeys.set(
        details,
        fromMetadata
          ? `${path}.authMetadata['${AUTH_PROVIDER_ANNOTATION}']`
          : `${path}.authProvider`,
      );
      clusters.push(details);
    });
  });
  return clusters;
}

/**
 * The configured cluster called `name`; an InputError naming the configured ones otherwise.
 *
 * @public
 */
export function resolveCluster(
  config: Config,
  name: string,
): KubernetesClusterDetails {
  const clusters = readConfiguredClusters(config);
  const cluster = clusters.find(c => c.name === name);
  if (!cluster) {
    const known = clusters.map(c => `"${c.name}"`).join(', ');
    throw new InputError(
      `Unknown Kubernetes cluster "${name}": ${
        known
          ? `the configured clusters are ${known}`
          : 'no clusters are configured'
      } (kubernetes.clusterLocatorMethods[].clusters[] of type "config")`,
    );
  }
  return cluster;
}

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}
