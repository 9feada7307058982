import { Config, ConfigReader } from '@backstage/config';
import { QueryServiceSettings } from './QueryService';
import { TrinoEngineOptions } from './engines/TrinoEngine';

/** How Backstage users become engine users (Trino's X-Trino-User). */
export interface ImpersonationSettings {
  /** entityName: `user:default/ada` → `ada`; email: the user entity's e-mail; annotation: an annotation of the user entity. */
  userFrom: 'entityName' | 'email' | 'annotation';
  annotation?: string;
}

export interface QueryConfig {
  settings: QueryServiceSettings;
  csvMaxRows: number;
  forbiddenCatalogs: string[];
  allowedCatalogs?: string[];
  trino?: TrinoEngineOptions;
  impersonation: ImpersonationSettings;
}

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `Invalid configuration at 'lakehouse.${key}': must be a positive number, got ${value}`,
    );
  }
  return value;
}

function readTrinoAuth(auth: Config | undefined): TrinoEngineOptions['auth'] {
  if (!auth) return undefined;
  if (auth.getString('type') === 'basic') {
    return {
      type: 'basic',
      username: auth.getString('username'),
      password: auth.getOptionalString('password'),
    };
  }
  return { type: 'jwt', token: auth.getString('token') };
}

/** Reads `lakehouse.queries` and `lakehouse.trino`; errors name the key. */
export function readQueryConfig(root: Config): QueryConfig {
  const config = root.getOptionalConfig('lakehouse') ?? new ConfigReader({});
  const maxRowCap = positive(config, 'queries.maxRowCap', 100_000);
  const defaultRowCap = positive(config, 'queries.defaultRowCap', 1_000);
  if (defaultRowCap > maxRowCap) {
    throw new Error(
      `Invalid configuration at 'lakehouse.queries.defaultRowCap': ${defaultRowCap} is above lakehouse.queries.maxRowCap (${maxRowCap})`,
    );
  }
  const settings: QueryServiceSettings = {
    defaultRowCap,
    maxRowCap,
    pageSize: positive(config, 'queries.pageSize', 500),
    bufferedPages: positive(config, 'queries.bufferedPages', 4),
    timeoutMs: positive(config, 'queries.timeoutSeconds', 300) * 1000,
    idleTimeoutMs: positive(config, 'queries.idleTimeoutSeconds', 60) * 1000,
    maxConcurrentPerUser: positive(config, 'queries.maxConcurrentPerUser', 3),
    retainFinishedMs: 5 * 60_000,
  };

  let trino: TrinoEngineOptions | undefined;
  const trinoConfig = config.getOptionalConfig('trino');
  if (trinoConfig) {
    const server = trinoConfig.getString('server');
    if (!URL.canParse(server)) {
      throw new Error(
        `Invalid configuration at 'lakehouse.trino.server': "${server}" is not a URL`,
      );
    }
    const auth = trinoConfig.getOptionalConfig('auth');
    const authType = auth?.getString('type');
    if (auth && authType !== 'basic' && authType !== 'jwt') {
      throw new Error(
        `Invalid configuration at 'lakehouse.trino.auth.type': "${authType}" is not one of basic, jwt`,
      );
    }
    const session = trinoConfig.getOptionalConfig('session');
    trino = {
      server,
      catalog: trinoConfig.getOptionalString('catalog'),
      schema: trinoConfig.getOptionalString('schema'),
      source: trinoConfig.getOptionalString('source') ?? 'backstage-lakehouse',
      auth: readTrinoAuth(auth),
      session: session
        ? Object.fromEntries(
            session.keys().map(k => [k, String(session.get(k))]),
          )
        : undefined,
      ssl: trinoConfig.has('tls')
        ? {
            ca: trinoConfig.getOptionalString('tls.ca'),
            rejectUnauthorized:
              trinoConfig.getOptionalBoolean('tls.rejectUnauthorized') ?? true,
          }
        : undefined,
    };
  }

  const userFrom = (config.getOptionalString('trino.impersonation.userFrom') ??
    'entityName') as ImpersonationSettings['userFrom'];
  if (!['entityName', 'email', 'annotation'].includes(userFrom)) {
    throw new Error(
      `Invalid configuration at 'lakehouse.trino.impersonation.userFrom': "${userFrom}" is not one of entityName, email, annotation`,
    );
  }
  const annotation = config.getOptionalString('trino.impersonation.annotation');
  if (userFrom === 'annotation' && !annotation) {
    throw new Error(
      `Missing configuration at 'lakehouse.trino.impersonation.annotation' (needed when userFrom is annotation)`,
    );
  }

  return {
    settings,
    csvMaxRows: positive(config, 'queries.csvMaxRows', maxRowCap),
    forbiddenCatalogs: config.getOptionalStringArray(
      'queries.forbiddenCatalogs',
    ) ?? ['system'],
    allowedCatalogs: config.getOptionalStringArray('queries.allowedCatalogs'),
    trino,
    impersonation: { userFrom, annotation },
  };
}
