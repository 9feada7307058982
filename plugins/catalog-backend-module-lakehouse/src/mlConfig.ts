import path from 'node:path';
import { Config } from '@backstage/config';
import {
  CommonSettings,
  DatasetProviderConfigError,
  httpUrl,
  positiveInteger,
  readCommon,
  readProviderEntries,
} from './config';
import { MlflowAuth } from './sources/mlflow/MlflowClient';

/** Settings the ML sources share beyond the common ones. */
interface OwnerSettings {
  /** Owner as the source writes it → owner entity ref. */
  owners?: Record<string, string>;
}

export interface FeastSourceConfig
  extends CommonSettings<'feast'>,
    OwnerSettings {
  /** registry.db location: a URL for the UrlReader, or an absolute file path. */
  registry?: string;
  registryIsUrl: boolean;
  /** Registry server REST API base URL. */
  url?: string;
  /** Bearer token for the registry server. */
  token?: string;
  catalog?: string;
  projects?: string[];
  onlineStore?: string;
  requestTimeoutMs: number;
}

export interface MlflowSourceConfig
  extends CommonSettings<'mlflow'>,
    OwnerSettings {
  url: string;
  uiUrl: string;
  auth?: MlflowAuth;
  filter?: string;
  modelPageSize: number;
  versionPageSize: number;
  concurrency: number;
  requestTimeoutMs: number;
}

export interface KserveSourceConfig
  extends CommonSettings<'kserve'>,
    OwnerSettings {
  /** Cluster name in `kubernetes.clusterLocatorMethods[].clusters[]`. */
  cluster: string;
  /** Namespaces to read; every namespace when absent. */
  namespaces?: string[];
  pageSize: number;
  requestTimeoutMs: number;
}

export type MlSourceConfig =
  | FeastSourceConfig
  | MlflowSourceConfig
  | KserveSourceConfig;

const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;

function readOwners(config: Config, prefix: string) {
  const section = config.getOptionalConfig('owners');
  if (!section) return undefined;
  const owners: Record<string, string> = {};
  for (const key of section.keys()) {
    const value = section.getString(key);
    if (!/^(group|user):/i.test(value) && !/^[a-z0-9]/i.test(value)) {
      throw new DatasetProviderConfigError(
        `${prefix}.owners.${key}`,
        `"${value}" is not an owner entity ref such as group:default/ml-engineering`,
      );
    }
    owners[key] = value;
  }
  return owners;
}

function readFeast(
  config: Config,
  id: string,
  prefix: string,
): FeastSourceConfig {
  const registry = config.getOptionalString('registry');
  const hasUrl = config.has('url');
  if (!registry === !hasUrl) {
    throw new DatasetProviderConfigError(
      prefix,
      'set exactly one of registry (a registry.db file or URL) and url (a Feast registry server)',
    );
  }
  const registryIsUrl = !!registry && URL_PATTERN.test(registry);
  // File paths resolve from the backend's working directory, like catalog file locations.
  const registryLocation =
    registry && !registryIsUrl ? path.resolve(registry) : registry;
  return {
    ...readCommon(config, 'feast', id, prefix),
    registry: registryLocation,
    registryIsUrl,
    url: hasUrl ? httpUrl(config, 'url', prefix) : undefined,
    token: config.getOptionalString('token'),
    catalog: config.getOptionalString('catalog')?.toLocaleLowerCase('en-US'),
    projects: config.getOptionalStringArray('projects'),
    onlineStore: config.getOptionalString('onlineStore'),
    requestTimeoutMs: positiveInteger(
      config,
      'requestTimeoutMs',
      prefix,
      30_000,
    ),
    owners: readOwners(config, prefix),
  };
}

function readMlflowAuth(
  config: Config,
  prefix: string,
): MlflowAuth | undefined {
  const auth = config.getOptionalConfig('auth');
  if (!auth) return undefined;
  const type = auth.getString('type');
  if (type === 'bearer') return { type, token: auth.getString('token') };
  if (type === 'basic') {
    return {
      type,
      username: auth.getString('username'),
      password: auth.getString('password'),
    };
  }
  throw new DatasetProviderConfigError(
    `${prefix}.auth.type`,
    `"${type}" is not one of bearer, basic`,
  );
}

function readMlflow(
  config: Config,
  id: string,
  prefix: string,
): MlflowSourceConfig {
  const url = httpUrl(config, 'url', prefix);
  const modelPageSize = positiveInteger(config, 'modelPageSize', prefix, 1000);
  if (modelPageSize > 1000) {
    throw new DatasetProviderConfigError(
      `${prefix}.modelPageSize`,
      `MLflow answers at most 1000 registered models per page, got ${modelPageSize}`,
    );
  }
  return {
    ...readCommon(config, 'mlflow', id, prefix),
    url,
    uiUrl: config.has('uiUrl') ? httpUrl(config, 'uiUrl', prefix) : url,
    auth: readMlflowAuth(config, prefix),
    filter: config.getOptionalString('filter'),
    modelPageSize,
    versionPageSize: positiveInteger(config, 'versionPageSize', prefix, 1000),
    concurrency: positiveInteger(config, 'concurrency', prefix, 8),
    requestTimeoutMs: positiveInteger(
      config,
      'requestTimeoutMs',
      prefix,
      30_000,
    ),
    owners: readOwners(config, prefix),
  };
}

function readKserve(
  config: Config,
  id: string,
  prefix: string,
): KserveSourceConfig {
  const namespaces = config.getOptionalStringArray('namespaces');
  if (namespaces && namespaces.length === 0) {
    throw new DatasetProviderConfigError(
      `${prefix}.namespaces`,
      'must name at least one namespace, or be left out to read every namespace',
    );
  }
  return {
    ...readCommon(config, 'kserve', id, prefix),
    cluster: config.getString('cluster'),
    namespaces,
    pageSize: positiveInteger(config, 'pageSize', prefix, 100),
    requestTimeoutMs: positiveInteger(
      config,
      'requestTimeoutMs',
      prefix,
      30_000,
    ),
    owners: readOwners(config, prefix),
  };
}

/**
 * Reads `catalog.providers.feast`, `.mlflow` and `.kserve`. Anything wrong
 * is an error naming the config key, so the backend stops at start-up.
 */
export function readMlSourcesConfig(config: Config): MlSourceConfig[] {
  return readProviderEntries<MlSourceConfig>(config, {
    feast: readFeast,
    mlflow: readMlflow,
    kserve: readKserve,
  });
}
