/**
 * Data governance of the lakehouse: effective classifications (declared,
 * and inherited through column lineage), owners' declassifications, the
 * `lakehouse-dataset` permission resource type with its rules, and the
 * governance report.
 */
import {
  AuditorService,
  AuthService,
  DatabaseService,
  HttpAuthService,
  LoggerService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { LineageService } from '../lineage/graph/LineageService';
import { LakehouseApiRouter } from '../schema/openapi/generated';
import { ClassificationService } from './classification/ClassificationService';
import { readGovernanceConfig } from './config';
import { DeclassificationService } from './declassification/DeclassificationService';
import { DeclassificationStore } from './declassification/DeclassificationStore';
import { registerDatasetResourceType } from './permissions/datasetResource';
import { GovernanceReportService } from './report/GovernanceReportService';
import { registerGovernanceRoutes } from './router';
import { AccessGrantLookup, PendingAccessRequestCounts } from './types';

export {
  ClassificationService,
  isClassifiedAs,
} from './classification/ClassificationService';
export { readGovernanceConfig } from './config';
export type { GovernanceConfig } from './config';
export {
  datasetPermissionResourceRef,
  datasetRules,
} from './permissions/datasetResource';
export type {
  DatasetFilter,
  DatasetResource,
} from './permissions/datasetResource';
export { FRESHNESS_SLA_ANNOTATION } from './report/freshness';
export { noAccessGrants } from './types';
export type { AccessGrantLookup, PendingAccessRequestCounts } from './types';

/** What {@link createGovernance} needs: the plugin's services and the lineage. */
export interface GovernanceOptions {
  config: Config;
  database: DatabaseService;
  lineage: LineageService;
  catalog: CatalogService;
  auth: AuthService;
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  auditor: AuditorService;
  logger: LoggerService;
  /** Who holds approved access requests (the access requests store); nobody when absent. */
  accessGrants?: AccessGrantLookup;
  /** Pending access requests per dataset, for the scorecards; none when absent. */
  pendingAccessRequests?: PendingAccessRequestCounts;
  /**
   * The plugin's API router, on which `/governance`,
   * `/governance/classifications` and `/governance/declassifications` are
   * registered.
   */
  router: LakehouseApiRouter;
}

/** The governance module, as the plugin wires it. */
export interface Governance {
  /** Effective classifications, for the query service and access requests. */
  classifications: ClassificationService;
}

/**
 * Builds the governance module: opens the declassifications table (running
 * the plugin's migrations), computes classifications from the lineage on
 * every rebuild of its index, registers the `lakehouse-dataset` resource
 * type with the permission framework, and registers its routes.
 */
export async function createGovernance(
  options: GovernanceOptions,
): Promise<Governance> {
  const settings = readGovernanceConfig(options.config);
  const store = await DeclassificationStore.create(options.database);
  const classifications = ClassificationService.create({
    lineage: options.lineage,
    declassifications: store,
    classifications: settings.classifications,
    logger: options.logger,
  });
  registerDatasetResourceType(options.permissionsRegistry, {
    catalog: options.catalog,
    auth: options.auth,
    classifications,
    accessGrants: options.accessGrants,
  });
  registerGovernanceRoutes(options.router, {
    reports: new GovernanceReportService({
      catalog: options.catalog,
      classifications,
      pendingAccessRequests: options.pendingAccessRequests,
    }),
    classifications,
    declassifications: new DeclassificationService({
      store,
      classifications,
      catalog: options.catalog,
    }),
    catalog: options.catalog,
    httpAuth: options.httpAuth,
    permissions: options.permissions,
    auditor: options.auditor,
  });
  return { classifications };
}
