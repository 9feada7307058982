import {
  AuditorService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsService,
  SchedulerServiceTaskInvocationDefinition,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import { LakehouseApiRouter } from '../schema/openapi/generated';
import { readAccessRequestsConfig } from './config';
import { readPolarisConfig } from './polaris/config';
import { PolarisAccessCache } from './polaris/PolarisAccessCache';
import { PolarisManagementClient } from './polaris/PolarisManagementClient';
import { DatasetReadersService } from './readers/DatasetReadersService';
import { registerReadersRoutes } from './readers/router';
import {
  AccessRequestPolaris,
  AccessRequestService,
} from './requests/AccessRequestService';
import { AccessRequestStore } from './requests/AccessRequestStore';
import { PolarisGrantApplier } from './requests/PolarisGrantApplier';
import { registerAccessRequestsRoutes } from './requests/router';
import { AccessGrantLookup, PendingAccessRequestCounts } from './types';

export type { AccessGrantLookup, PendingAccessRequestCounts } from './types';
export { AccessRequestService } from './requests/AccessRequestService';
export { DatasetReadersService } from './readers/DatasetReadersService';

/** What {@link createLakehouseAccess} needs: the plugin's services. */
export interface LakehouseAccessOptions {
  config: Config;
  database: DatabaseService;
  logger: LoggerService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
  notifications?: NotificationService;
  /**
   * The plugin's API router, on which `GET /governance/readers` and the
   * `/access-requests` API are registered.
   */
  router: LakehouseApiRouter;
  /** The clock; tests move it. */
  now?: () => Date;
}

/** Dataset access: who can read what in Polaris, and access requests. */
export interface LakehouseAccess {
  /** Approved, unexpired access requests, for the `HAS_ACCESS_GRANT` rule. */
  grants: AccessGrantLookup;
  /** Pending requests per dataset, for the governance scorecards. */
  pendingRequests: PendingAccessRequestCounts;
  requests: AccessRequestService;
  readers: DatasetReadersService;
  /**
   * The task that revokes expired grants, for `scheduler.scheduleTask`:
   * global (one replica runs it), on `lakehouse.governance.accessRequests.expiry`.
   */
  expiryTask: SchedulerServiceTaskScheduleDefinition &
    SchedulerServiceTaskInvocationDefinition;
}

/**
 * Sets up dataset access: reads `lakehouse.governance.polaris` and
 * `lakehouse.governance.accessRequests`, opens the access request store
 * (running the plugin's migrations), registers the routes and builds the
 * grant lookup and the expiry task. Without Polaris configured, the readers
 * say so and access requests cannot be created or approved.
 */
export async function createLakehouseAccess(
  options: LakehouseAccessOptions,
): Promise<LakehouseAccess> {
  const { config, logger } = options;
  const accessConfig = readAccessRequestsConfig(config);
  const polarisConfig = readPolarisConfig(config);
  const store = await AccessRequestStore.create(options.database, {
    now: options.now,
  });

  let polaris: AccessRequestPolaris | undefined;
  if (polarisConfig) {
    const client = new PolarisManagementClient(polarisConfig);
    polaris = {
      config: polarisConfig,
      cache: new PolarisAccessCache(
        client,
        polarisConfig.catalog,
        polarisConfig.cacheMs,
      ),
      applier: new PolarisGrantApplier(client),
    };
    logger.info(
      `Dataset access through Polaris ${polarisConfig.managementUrl}, catalog ${polarisConfig.catalog} (tables ${polarisConfig.trinoCatalog}.*); access requests grant per ${accessConfig.grantScope}, for at most ${accessConfig.maxDurationDays} days`,
    );
  } else {
    logger.warn(
      'lakehouse.governance.polaris is not set: no "who can read this", and access requests cannot be applied',
    );
  }

  const readers = DatasetReadersService.create({
    polaris,
    catalog: options.catalog,
  });
  const requests = AccessRequestService.create({
    store,
    config: accessConfig,
    polaris,
    catalog: options.catalog,
    permissions: options.permissions,
    auditor: options.auditor,
    logger,
    notifications: options.notifications,
    now: options.now,
  });

  registerReadersRoutes(options.router, {
    readers,
    httpAuth: options.httpAuth,
    permissions: options.permissions,
  });
  registerAccessRequestsRoutes(options.router, {
    requests,
    httpAuth: options.httpAuth,
  });

  return {
    grants: store,
    pendingRequests: store,
    requests,
    readers,
    expiryTask: {
      id: 'lakehouse-access-request-expiry',
      // One replica revokes; the requests record what was revoked.
      scope: 'global',
      ...accessConfig.expiry,
      fn: async () => {
        const { expired, failed } = await requests.expireDue();
        if (expired.length) {
          logger.info(
            `Revoked the expired grants of ${
              expired.length
            } access requests: ${expired.join(', ')}`,
          );
        }
        if (failed.length) {
          throw new Error(
            `Could not revoke the expired grants of access requests ${failed.join(
              ', ',
            )}`,
          );
        }
      },
    },
  };
}
