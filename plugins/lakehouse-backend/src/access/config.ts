import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';

/** The config key of the access request settings. */
export const ACCESS_REQUESTS_CONFIG_KEY = 'lakehouse.governance.accessRequests';

/** Settings of access requests, from `lakehouse.governance.accessRequests`. */
export interface AccessRequestsConfig {
  /** The longest access a request may ask for, in days. */
  maxDurationDays: number;
  /**
   * `dataset`: one catalog role per dataset, granted read on the table;
   * `namespace`: one per namespace, granted read on the namespace (every
   * table in it).
   */
  grantScope: 'dataset' | 'namespace';
  /** Prefix of the Polaris roles the portal creates and manages. */
  rolePrefix: string;
  /** When expired grants are revoked. */
  expiry: SchedulerServiceTaskScheduleDefinition;
}

/** Every 5 minutes, the first run 30 seconds after start-up. */
export const DEFAULT_EXPIRY_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 2 },
  initialDelay: { seconds: 30 },
};

/**
 * Reads `lakehouse.governance.accessRequests`: `maxDurationDays` (default
 * 90), `grantScope` (default `dataset`), `catalogRolePrefix` (default
 * `backstage_access`) and `expiry` (a schedule, default every 5 minutes).
 * Errors name the key.
 */
export function readAccessRequestsConfig(config: Config): AccessRequestsConfig {
  const key = ACCESS_REQUESTS_CONFIG_KEY;
  const section = config.getOptionalConfig(key);
  const maxDurationDays = section?.getOptionalNumber('maxDurationDays') ?? 90;
  if (!Number.isFinite(maxDurationDays) || maxDurationDays <= 0) {
    throw new Error(
      `Invalid configuration at '${key}.maxDurationDays': must be a positive number of days, got ${maxDurationDays}`,
    );
  }
  const grantScope = section?.getOptionalString('grantScope') ?? 'dataset';
  if (grantScope !== 'dataset' && grantScope !== 'namespace') {
    throw new Error(
      `Invalid configuration at '${key}.grantScope': "${grantScope}" is not one of dataset, namespace`,
    );
  }
  const rolePrefix =
    section?.getOptionalString('catalogRolePrefix') ?? 'backstage_access';
  if (!/^[A-Za-z][A-Za-z0-9_-]{0,99}$/.test(rolePrefix)) {
    throw new Error(
      `Invalid configuration at '${key}.catalogRolePrefix': "${rolePrefix}" must start with a letter and hold only letters, digits, _ and - (at most 100)`,
    );
  }
  let expiry = DEFAULT_EXPIRY_SCHEDULE;
  if (section?.has('expiry')) {
    try {
      expiry = readSchedulerServiceTaskScheduleDefinitionFromConfig(
        section.getConfig('expiry'),
      );
    } catch (error) {
      throw new Error(
        `Invalid configuration at '${key}.expiry': ${(error as Error).message}`,
      );
    }
  }
  return { maxDurationDays, grantScope, rolePrefix, expiry };
}
