/**
 * Lists KServe InferenceServices with @kubernetes/client-node as the
 * Kubernetes API serves them: `serving.kserve.io/v1beta1`
 * `inferenceservices`, per namespace or across all of them, page by page
 * with `limit` and `continue`, authenticated as the app's `kubernetes`
 * configuration says for the cluster.
 */
import { CustomObjectsApi, KubeConfig } from '@kubernetes/client-node';
import {
  describeKubernetesError,
  KubernetesClusterDetails,
} from '@internal/plugin-lakehouse-node';
import { DeploymentRecord } from '../../ml/records';
import { deploymentRecord } from './inferenceServiceInfo';

const GROUP = 'serving.kserve.io';
const VERSION = 'v1beta1';
const PLURAL = 'inferenceservices';

export interface ReadInferenceServicesOptions {
  sourceId: string;
  cluster: KubernetesClusterDetails;
  kubeConfig: KubeConfig;
  /** Namespaces to list; all namespaces when absent. */
  namespaces?: string[];
  pageSize: number;
  requestTimeoutMs: number;
}

/** Rejects when `work` has not settled within `ms`. */
function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => reject(new Error(`no answer within ${ms} ms`)),
      ms,
    );
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

interface ListPage {
  items?: Record<string, any>[];
  metadata?: { continue?: string };
}

async function listAll(
  api: CustomObjectsApi,
  namespace: string | undefined,
  pageSize: number,
  timeoutMs: number,
): Promise<Record<string, any>[]> {
  const items: Record<string, any>[] = [];
  let token: string | undefined;
  do {
    const request = namespace
      ? api.listNamespacedCustomObject({
          group: GROUP,
          version: VERSION,
          namespace,
          plural: PLURAL,
          limit: pageSize,
          _continue: token,
        })
      : api.listClusterCustomObject({
          group: GROUP,
          version: VERSION,
          plural: PLURAL,
          limit: pageSize,
          _continue: token,
        });
    const page = (await withTimeout(request, timeoutMs)) as ListPage;
    items.push(...(page.items ?? []));
    token = page.metadata?.continue || undefined;
  } while (token);
  return items;
}

/** Every InferenceService of the configured namespaces of one cluster. */
export async function readInferenceServices(
  options: ReadInferenceServicesOptions,
): Promise<DeploymentRecord[]> {
  const api = options.kubeConfig.makeApiClient(CustomObjectsApi);
  const scopes = options.namespaces ?? [undefined];
  const objects: Record<string, any>[] = [];
  for (const namespace of scopes) {
    try {
      objects.push(
        ...(await listAll(
          api,
          namespace,
          options.pageSize,
          options.requestTimeoutMs,
        )),
      );
    } catch (error) {
      const where = namespace
        ? `in namespace ${namespace}`
        : 'in all namespaces';
      throw new Error(
        `cannot list InferenceServices ${where}: ${describeKubernetesError(
          error,
          options.cluster,
        )}`,
      );
    }
  }
  return objects
    .filter(o => o?.metadata?.name && o?.metadata?.namespace)
    .map(o => deploymentRecord(o, options.cluster.name, options.sourceId))
    .sort(
      (a, b) =>
        a.info.namespace.localeCompare(b.info.namespace) ||
        a.info.name.localeCompare(b.info.name),
    );
}
