import { Permission } from '@backstage/plugin-permission-common';
import { catalogPermissions } from '@backstage/plugin-catalog-common/alpha';
import { scaffolderPermissions } from '@backstage/plugin-scaffolder-common/alpha';
import { lakehousePermissions } from '@internal/plugin-lakehouse-common';
import { featureStorePermissions } from '@internal/plugin-feature-store-common';

/**
 * Permissions whose kind the policy knows when it reads its configuration,
 * so that a rule using conditions a permission cannot take (`owners` on a
 * basic permission, `actions` on a catalog permission) stops the backend
 * at start instead of denying at run time. Rules may name any other
 * permission: plugins add their own.
 */
export const knownPermissions: ReadonlyMap<string, Permission> = new Map(
  [
    ...lakehousePermissions,
    ...featureStorePermissions,
    ...catalogPermissions,
    ...scaffolderPermissions,
  ].map(permission => [permission.name, permission]),
);

/** The resource type of a permission, `undefined` for a basic one. */
export function resourceTypeOf(permission: Permission): string | undefined {
  return 'resourceType' in permission ? permission.resourceType : undefined;
}
