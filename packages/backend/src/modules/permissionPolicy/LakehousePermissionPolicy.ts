import { UserInfoService } from '@backstage/backend-plugin-api';
import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  LakehouseAnnotation,
  lakehouseDatasetReadDataPermission,
  lakehouseDriftRunPermission,
  lakehouseLineageWritePermission,
  lakehouseQueryExecutePermission,
  PII_TAG,
} from '@internal/plugin-lakehouse-common';

/** The platform team, who may post lineage as themselves. */
export const LINEAGE_WRITER_GROUP = 'group:default/data-platform';

/**
 * The portal's permission policy. Every decision about lakehouse data (SQL
 * console, dataset previews, scaffolder actions that touch the platform) is
 * made here, so an adopter replaces one module to change who may do what.
 *
 * - Signed-in users may use the SQL console (`lakehouse.query.execute`).
 * - Everyone may read the data of datasets that are not classified `pii`;
 *   the data of a `pii` dataset only its owners may read
 *   (`lakehouse.dataset.read-data`, a conditional decision the catalog
 *   evaluates with its own rules).
 * - Lineage is posted by producers (dbt-ol, Dagster, Spark) with service
 *   tokens; a user may post it (`lakehouse.lineage.write`) only as a member
 *   of the platform team.
 * - A drift monitor runs on demand (`lakehouse.drift.run`) for the owners
 *   of the model or feature view it watches; scheduled runs need no one.
 * - Everything else (catalog, scaffolder, TechDocs, online feature lookups
 *   `feature-store.online-features.read` …) is allowed.
 *
 * Requests without a user (service-to-service calls that reach the policy)
 * are allowed: the backend already authenticated the calling plugin.
 */
export class LakehousePermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: UserInfoService) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    if (!user) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(request.permission, lakehouseQueryExecutePermission)) {
      return { result: AuthorizeResult.ALLOW };
    }
    if (isPermission(request.permission, lakehouseLineageWritePermission)) {
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(
        user.credentials,
      );
      return {
        result: ownershipEntityRefs.includes(LINEAGE_WRITER_GROUP)
          ? AuthorizeResult.ALLOW
          : AuthorizeResult.DENY,
      };
    }
    if (isPermission(request.permission, lakehouseDatasetReadDataPermission)) {
      return createCatalogConditionalDecision(request.permission, {
        anyOf: [
          {
            not: catalogConditions.hasAnnotation({
              annotation: LakehouseAnnotation.classification,
              value: PII_TAG,
            }),
          },
          catalogConditions.isEntityOwner({
            claims: (await this.userInfo.getUserInfo(user.credentials))
              .ownershipEntityRefs,
          }),
        ],
      });
    }
    if (isPermission(request.permission, lakehouseDriftRunPermission)) {
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({
          claims: (await this.userInfo.getUserInfo(user.credentials))
            .ownershipEntityRefs,
        }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
