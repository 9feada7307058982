/*
 * A @kubernetes/client-node KubeConfig for one configured cluster: one cluster entry (server, CA, TLS check),
 * one user with the service account token, one context. Only the `serviceAccount` auth provider is supported:
 * it is the one whose credentials the configuration itself holds; the others (google, aws, azure, oidc) need
 * the Kubernetes plugin's per-user sign-in, which a background task does not have.
 */
import { KubeConfig } from '@kubernetes/client-node';
import { InputError } from '@backstage/errors';
import { type KubernetesClusterDetails, authProviderKey } from './clusters';

const USER = 'backstage-lakehouse';

/**
 * A KubeConfig whose current context is `cluster`, authenticated with its `serviceAccountToken` (requests
 * carry no credentials when it has none). Throws an InputError naming the cluster and the configuration key
 * when the cluster's auth provider is not `serviceAccount`, or when its URL is plain http without
 * `skipTLSVerify` (the client refuses such a cluster on every request).
 *
 * @public
 */
export function createKubeConfig(
  cluster: KubernetesClusterDetails,
): KubeConfig {
  if (
    cluster.authProvider !== undefined &&
    cluster.authProvider !== 'serviceAccount'
  ) {
    throw new InputError(
      `Kubernetes cluster "${cluster.name}" uses authProvider "${
        cluster.authProvider
      }" (${authProviderKey(
        cluster,
      )}); the lakehouse plugins connect with a service account token only: set it to "serviceAccount" and give serviceAccountToken`,
    );
  }
  if (cluster.url.startsWith('http:') && !cluster.skipTLSVerify) {
    throw new InputError(
      `Kubernetes cluster "${cluster.name}" has a plain http url (${
        cluster.url
      }) without skipTLSVerify (${
        cluster.configPath ?? 'its configuration'
      }): use https, or set skipTLSVerify: true for a cluster without TLS`,
    );
  }
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      {
        name: cluster.name,
        server: cluster.url,
        skipTLSVerify: cluster.skipTLSVerify,
        ...(cluster.caData ? { caData: cluster.caData } : {}),
        ...(cluster.caFile ? { caFile: cluster.caFile } : {}),
      },
    ],
    users: [
      {
        name: USER,
        ...(cluster.serviceAccountToken
          ? { token: cluster.serviceAccountToken }
          : {}),
      },
    ],
    contexts: [{ name: cluster.name, cluster: cluster.name, user: USER }],
    currentContext: cluster.name,
  });
  return kubeConfig;
}
