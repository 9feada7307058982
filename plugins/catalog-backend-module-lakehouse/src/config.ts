import path from 'node:path';
import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { LakehouseSourceKind } from '@internal/plugin-lakehouse-common';
import { DatasetSourceKind } from './model/fragment';
import { IcebergAuth } from './sources/iceberg/IcebergRestClient';
import { DEFAULT_MUTATION_SIZE } from './provider/SourcedEntityProvider';

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 30 },
  timeout: { minutes: 10 },
  initialDelay: { seconds: 5 },
};

/** Settings every lakehouse source has. */
export interface CommonSettings<
  K extends LakehouseSourceKind = DatasetSourceKind,
> {
  /** `<kind>:<id>` */
  id: string;
  kind: K;
  defaultOwner: string;
  system?: string;
  maxRemovalShare: number;
  schedule: SchedulerServiceTaskScheduleDefinition;
}

export interface DbtSourceConfig extends CommonSettings {
  kind: 'dbt';
  /** A URL for the UrlReader, or an absolute file path. */
  target: string;
  isUrl: boolean;
  catalog?: string;
  layers?: Partial<Record<'raw' | 'bronze' | 'silver' | 'gold', string[]>>;
}

export interface IcebergSourceConfig extends CommonSettings {
  kind: 'iceberg';
  url: string;
  warehouse?: string;
  catalogName: string;
  auth?: IcebergAuth;
  pageSize: number;
  concurrency: number;
  requestTimeoutMs: number;
  snapshotHistory: number;
}

export interface TrinoSourceConfig extends CommonSettings {
  kind: 'trino';
  server: string;
  catalogs: string[];
  user: string;
  password?: string;
  excludeSchemas: string[];
}

export type SourceConfig =
  | DbtSourceConfig
  | IcebergSourceConfig
  | TrinoSourceConfig;

/** A configuration error naming the key at fault. */
export class DatasetProviderConfigError extends Error {
  constructor(key: string, problem: string) {
    super(`Invalid configuration at '${key}': ${problem}`);
    this.name = 'DatasetProviderConfigError';
  }
}

const URL_PATTERN = /^[a-z][a-z0-9+.-]*:\/\//i;

export function httpUrl(config: Config, key: string, prefix: string): string {
  const value = config.getString(key);
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new DatasetProviderConfigError(
      `${prefix}.${key}`,
      `"${value}" is not a URL`,
    );
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new DatasetProviderConfigError(
      `${prefix}.${key}`,
      `"${value}" must be an http or https URL`,
    );
  }
  return value.replace(/\/+$/, '');
}

/**
 * `catalog.lakehouse.mutationSize`: entities per catalog mutation, or 0 for
 * one full mutation (Infinity to the providers).
 */
export function readMutationSize(config: Config): number {
  const key = 'catalog.lakehouse.mutationSize';
  const value = config.getOptionalNumber(key) ?? DEFAULT_MUTATION_SIZE;
  if (!Number.isInteger(value) || value < 0) {
    throw new DatasetProviderConfigError(
      key,
      `must be a whole number, 0 or more, got ${value}`,
    );
  }
  return value === 0 ? Infinity : value;
}

export function positiveInteger(
  config: Config,
  key: string,
  prefix: string,
  fallback: number,
) {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isInteger(value) || value < 1) {
    throw new DatasetProviderConfigError(
      `${prefix}.${key}`,
      `must be a positive whole number, got ${value}`,
    );
  }
  return value;
}

export function readCommon<K extends LakehouseSourceKind>(
  config: Config,
  kind: K,
  id: string,
  prefix: string,
): CommonSettings<K> {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) {
    throw new DatasetProviderConfigError(
      prefix,
      `provider id "${id}" may only use letters, digits, - and _`,
    );
  }
  const share = config.getOptionalNumber('maxRemovalShare') ?? 0.2;
  if (!(share >= 0 && share <= 1)) {
    throw new DatasetProviderConfigError(
      `${prefix}.maxRemovalShare`,
      `must be between 0 and 1, got ${share}`,
    );
  }
  let schedule = DEFAULT_SCHEDULE;
  if (config.has('schedule')) {
    try {
      schedule = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig('schedule'),
      );
    } catch (error) {
      throw new DatasetProviderConfigError(
        `${prefix}.schedule`,
        (error as Error).message,
      );
    }
  }
  return {
    id: `${kind}:${id}`,
    kind,
    defaultOwner: config.getOptionalString('defaultOwner') ?? 'unknown',
    system: config.getOptionalString('system'),
    maxRemovalShare: share,
    schedule,
  };
}

function readDbt(config: Config, id: string, prefix: string): DbtSourceConfig {
  const target = config.getString('target');
  const isUrl = URL_PATTERN.test(target);
  const layers: DbtSourceConfig['layers'] = {};
  for (const layer of ['raw', 'bronze', 'silver', 'gold'] as const) {
    const names = config.getOptionalStringArray(`layers.${layer}`);
    if (names) layers[layer] = names;
  }
  return {
    ...readCommon(config, 'dbt', id, prefix),
    kind: 'dbt',
    target: isUrl ? target : path.resolve(target),
    isUrl,
    catalog: config.getOptionalString('catalog'),
    layers: Object.keys(layers).length ? layers : undefined,
  };
}

function readIcebergAuth(
  config: Config,
  url: string,
  prefix: string,
): IcebergAuth | undefined {
  const auth = config.getOptionalConfig('auth');
  if (!auth) return undefined;
  const type = auth.getString('type');
  if (type === 'bearer') return { type, token: auth.getString('token') };
  if (type === 'oauth2') {
    return {
      type,
      clientId: auth.getString('clientId'),
      clientSecret: auth.getString('clientSecret'),
      scope: auth.getOptionalString('scope'),
      tokenUrl: auth.getOptionalString('tokenUrl') ?? `${url}/v1/oauth/tokens`,
    };
  }
  throw new DatasetProviderConfigError(
    `${prefix}.auth.type`,
    `"${type}" is not one of oauth2, bearer`,
  );
}

function readIceberg(
  config: Config,
  id: string,
  prefix: string,
): IcebergSourceConfig {
  const url = httpUrl(config, 'url', prefix);
  const warehouse = config.getOptionalString('warehouse');
  return {
    ...readCommon(config, 'iceberg', id, prefix),
    kind: 'iceberg',
    url,
    warehouse,
    catalogName: (
      config.getOptionalString('catalogName') ??
      warehouse ??
      id
    ).toLocaleLowerCase('en-US'),
    auth: readIcebergAuth(config, url, prefix),
    pageSize: positiveInteger(config, 'pageSize', prefix, 100),
    concurrency: positiveInteger(config, 'concurrency', prefix, 16),
    requestTimeoutMs: positiveInteger(
      config,
      'requestTimeoutMs',
      prefix,
      30_000,
    ),
    snapshotHistory: positiveInteger(config, 'snapshotHistory', prefix, 20),
  };
}

function readTrino(
  config: Config,
  id: string,
  prefix: string,
): TrinoSourceConfig {
  const catalogs = config.getStringArray('catalogs');
  if (catalogs.length === 0) {
    throw new DatasetProviderConfigError(
      `${prefix}.catalogs`,
      'must name at least one catalog',
    );
  }
  return {
    ...readCommon(config, 'trino', id, prefix),
    kind: 'trino',
    server: httpUrl(config, 'server', prefix),
    catalogs,
    user: config.getOptionalString('user') ?? 'backstage',
    password: config.getOptionalString('password'),
    excludeSchemas: config.getOptionalStringArray('excludeSchemas') ?? [],
  };
}

/**
 * Reads every `catalog.providers.<kind>.<id>` entry of the given kinds with
 * the reader of its kind, in the order of `readers`.
 */
export function readProviderEntries<T>(
  config: Config,
  readers: Record<string, (entry: Config, id: string, prefix: string) => T>,
): T[] {
  const sources: T[] = [];
  for (const [kind, read] of Object.entries(readers)) {
    const key = `catalog.providers.${kind}`;
    const section = config.getOptionalConfig(key);
    if (!section) continue;
    for (const id of section.keys()) {
      sources.push(read(section.getConfig(id), id, `${key}.${id}`));
    }
  }
  return sources;
}

/**
 * Reads `catalog.providers.dbt`, `.iceberg` and `.trino`. Anything wrong is
 * an error naming the config key, so the backend stops at start-up.
 */
export function readDatasetSourcesConfig(config: Config): SourceConfig[] {
  return readProviderEntries<SourceConfig>(config, {
    dbt: readDbt,
    iceberg: readIceberg,
    trino: readTrino,
  });
}
