import { UrlReaderService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  createKubeConfig,
  resolveCluster,
} from '@internal/plugin-lakehouse-node';
import { DatasetProviderConfigError } from '../config';
import { MlSourceConfig } from '../mlConfig';
import { MlSource } from '../provider/LakehouseMlProvider';
import { feastRegistryReader } from './feast/readFeastRegistry';
import { MlflowClient } from './mlflow/MlflowClient';
import { readMlflowRegistry, RunCache } from './mlflow/readMlflowRegistry';
import { readInferenceServices } from './kserve/readInferenceServices';

/**
 * Builds the readers of every configured Feast, MLflow and KServe source.
 * A KServe source must name a cluster of the app's `kubernetes` config; an
 * unknown one stops the backend at start-up with the key at fault.
 */
export function createMlSources(
  configs: MlSourceConfig[],
  options: { urlReader: UrlReaderService; rootConfig: Config },
): MlSource[] {
  return configs.map(config => {
    const common = {
      id: config.id,
      kind: config.kind,
      defaults: {
        defaultOwner: config.defaultOwner,
        system: config.system,
        owners: config.owners,
      },
      maxRemovalShare: config.maxRemovalShare,
      schedule: config.schedule,
    };
    switch (config.kind) {
      case 'feast':
        return {
          ...common,
          target: config.url ?? config.registry!,
          read: feastRegistryReader(config, options.urlReader),
        };
      case 'mlflow': {
        const client = new MlflowClient({
          url: config.url,
          auth: config.auth,
          requestTimeoutMs: config.requestTimeoutMs,
          maxConnections: config.concurrency,
        });
        const runCache: RunCache = new Map();
        return {
          ...common,
          target: config.url,
          read: () =>
            readMlflowRegistry({
              sourceId: config.id,
              client,
              modelPageSize: config.modelPageSize,
              versionPageSize: config.versionPageSize,
              concurrency: config.concurrency,
              filter: config.filter,
              uiUrl: config.uiUrl,
              runCache,
            }),
        };
      }
      case 'kserve': {
        const key = `catalog.providers.kserve.${config.id.slice(
          'kserve:'.length,
        )}.cluster`;
        let cluster;
        let kubeConfig;
        try {
          cluster = resolveCluster(options.rootConfig, config.cluster);
          kubeConfig = createKubeConfig(cluster);
        } catch (error) {
          throw new DatasetProviderConfigError(key, (error as Error).message);
        }
        const scope = config.namespaces
          ? `namespaces ${config.namespaces.join(', ')}`
          : 'all namespaces';
        return {
          ...common,
          target: `cluster ${cluster.name} (${cluster.url}), ${scope}`,
          read: () =>
            readInferenceServices({
              sourceId: config.id,
              cluster: cluster!,
              kubeConfig: kubeConfig!,
              namespaces: config.namespaces,
              pageSize: config.pageSize,
              requestTimeoutMs: config.requestTimeoutMs,
            }),
        };
      }
      default:
        throw new Error(
          `Unknown source kind in ${(config as MlSourceConfig).id}`,
        );
    }
  });
}
