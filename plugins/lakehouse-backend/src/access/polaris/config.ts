import { Config } from '@backstage/config';
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';

/** The config key of the Polaris management API settings. */
export const POLARIS_CONFIG_KEY = 'lakehouse.governance.polaris';

/** How the portal authenticates to Polaris. */
export type PolarisAuth =
  | {
      type: 'oauth2';
      clientId: string;
      clientSecret: string;
      scope: string;
      tokenUrl: string;
    }
  | { type: 'bearer'; token: string };

/** The Polaris management API settings, from `lakehouse.governance.polaris`. */
export interface PolarisConfig {
  /** Polaris base URL, without a trailing slash. */
  url: string;
  /** `<url>/api/management/v1`. */
  managementUrl: string;
  auth?: PolarisAuth;
  /** The Polaris catalog the lakehouse's tables live in. */
  catalog: string;
  /** The first part of the table identifiers that live in `catalog`. */
  trinoCatalog: string;
  /** Polaris principal name → Backstage user entity ref. */
  principals: Map<string, string>;
  /** Polaris principal role name → Backstage group entity ref. */
  principalRoles: Map<string, string>;
  requestTimeoutMs: number;
  /** How long a read of Polaris' roles and grants is reused. */
  cacheMs: number;
}

/**
 * Polaris asks every client-credentials token request for the principal
 * roles to activate; the management API needs all of the portal's.
 */
const DEFAULT_SCOPE = 'PRINCIPAL_ROLE:ALL';

function readAuth(section: Config, url: string): PolarisAuth | undefined {
  const auth = section.getOptionalConfig('auth');
  if (!auth) return undefined;
  const type = auth.getString('type');
  if (type === 'bearer') return { type, token: auth.getString('token') };
  if (type === 'oauth2') {
    return {
      type,
      clientId: auth.getString('clientId'),
      clientSecret: auth.getString('clientSecret'),
      scope: auth.getOptionalString('scope') ?? DEFAULT_SCOPE,
      tokenUrl:
        auth.getOptionalString('tokenUrl') ??
        `${url}/api/catalog/v1/oauth/tokens`,
    };
  }
  throw new Error(
    `Invalid configuration at '${POLARIS_CONFIG_KEY}.auth.type': "${type}" is not one of oauth2, bearer`,
  );
}

/**
 * Names mapped to entity refs, each ref in its normal form: a map
 * (`{ ada: user:default/ada }`), or a list of `{ name, ref }` entries for
 * names that are not valid config keys (e-mail addresses, names with dots).
 */
function readRefMap(
  section: Config,
  key: 'principals' | 'principalRoles',
  refKey: 'user' | 'group',
  nameKey: 'principal' | 'principalRole',
): Map<string, string> {
  const map = new Map<string, string>();
  const add = (name: string, value: string, at: string) => {
    try {
      map.set(
        name,
        stringifyEntityRef(parseEntityRef(value, { defaultKind: refKey })),
      );
    } catch (error) {
      throw new Error(
        `Invalid configuration at '${POLARIS_CONFIG_KEY}.${at}': "${value}" is not a ${refKey} entity ref (${
          (error as Error).message
        })`,
      );
    }
  };
  if (!section.has(key)) return map;
  if (Array.isArray(section.get(key))) {
    section.getConfigArray(key).forEach((entry, i) => {
      add(entry.getString(nameKey), entry.getString(refKey), `${key}[${i}]`);
    });
    return map;
  }
  const sub = section.getConfig(key);
  for (const name of sub.keys()) {
    add(name, sub.getString(name), `${key}.${name}`);
  }
  return map;
}

function positive(section: Config, key: string, fallback: number): number {
  const value = section.getOptionalNumber(key) ?? fallback;
  if (!Number.isFinite(value) || value <= 0) {
    throw new Error(
      `Invalid configuration at '${POLARIS_CONFIG_KEY}.${key}': must be a positive number, got ${value}`,
    );
  }
  return value;
}

/**
 * Reads `lakehouse.governance.polaris`; undefined when it is not set (the
 * portal then has no "who can read this" and cannot apply access requests).
 * Errors name the key.
 */
export function readPolarisConfig(config: Config): PolarisConfig | undefined {
  const section = config.getOptionalConfig(POLARIS_CONFIG_KEY);
  if (!section) return undefined;
  const rawUrl = section.getString('url');
  let url: string;
  try {
    url = new URL(rawUrl).toString().replace(/\/+$/, '');
  } catch {
    throw new Error(
      `Invalid configuration at '${POLARIS_CONFIG_KEY}.url': "${rawUrl}" is not a URL`,
    );
  }
  const catalog = section.getString('catalog');
  const cacheSeconds = section.getOptionalNumber('cacheSeconds') ?? 30;
  if (!Number.isFinite(cacheSeconds) || cacheSeconds < 0) {
    throw new Error(
      `Invalid configuration at '${POLARIS_CONFIG_KEY}.cacheSeconds': must be 0 or more seconds, got ${cacheSeconds}`,
    );
  }
  return {
    url,
    managementUrl: `${url}/api/management/v1`,
    auth: readAuth(section, url),
    catalog,
    trinoCatalog: section.getOptionalString('trinoCatalog') ?? catalog,
    principals: readRefMap(section, 'principals', 'user', 'principal'),
    principalRoles: readRefMap(
      section,
      'principalRoles',
      'group',
      'principalRole',
    ),
    requestTimeoutMs: positive(section, 'requestTimeoutMs', 10_000),
    cacheMs: cacheSeconds * 1000,
  };
}
