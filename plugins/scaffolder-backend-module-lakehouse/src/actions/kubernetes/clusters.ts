/*
 * Clusters come from the Backstage Kubernetes plugin's configuration, so the portal has one list of clusters:
 * `kubernetes.clusterLocatorMethods[]` entries of `type: config` with `clusters[]` of
 * `{ name, url, serviceAccountToken, caData, caFile, skipTLSVerify }`
 * (https://backstage.io/docs/features/kubernetes/configuration#clusterlocatormethods).
 */
import type { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** A cluster the action can apply to. */
export interface KubernetesClusterDetails {
  name: string;
  url: string;
  serviceAccountToken?: string;
  caData?: string;
  caFile?: string;
  skipTLSVerify: boolean;
}

/** Every cluster configured under `kubernetes.clusterLocatorMethods[].clusters[]` (type `config`). */
export function readConfiguredClusters(
  config: Config,
): KubernetesClusterDetails[] {
  const clusters: KubernetesClusterDetails[] = [];
  for (const method of config.getOptionalConfigArray(
    'kubernetes.clusterLocatorMethods',
  ) ?? []) {
    if (method.getOptionalString('type') !== 'config') {
      continue;
    }
    for (const cluster of method.getOptionalConfigArray('clusters') ?? []) {
      clusters.push({
        name: cluster.getString('name'),
        url: cluster.getString('url').replace(/\/+$/, ''),
        serviceAccountToken: cluster.getOptionalString('serviceAccountToken'),
        caData: cluster.getOptionalString('caData'),
        caFile: cluster.getOptionalString('caFile'),
        skipTLSVerify: cluster.getOptionalBoolean('skipTLSVerify') ?? false,
      });
    }
  }
  return clusters;
}

/** The configured cluster called `name`; an InputError naming the configured ones otherwise. */
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
