/*
 * Who may call which management operation, following Polaris' RBAC (apache/polaris at 4b4218638308:
 * polaris-core/.../auth/RbacOperationSemantics, PolarisAuthorizerImpl) for the privileges the management API can
 * grant. Realm-level operations (principals, principal roles, listing catalogs) need SERVICE_MANAGE_ACCESS on
 * the realm, which only the `service_admin` principal role holds (the API cannot grant realm privileges).
 * Operations inside a catalog (its catalog roles, their grants, assigning them to principal roles) need
 * CATALOG_MANAGE_ACCESS, the one catalog privilege that subsumes CATALOG_ROLE_* and *_MANAGE_GRANTS_ON_SECURABLE,
 * granted on the securable or on any of its parents (catalog, enclosing namespaces) to a catalog role activated
 * through the caller's principal roles; `service_admin` has it through each catalog's `catalog_admin`. Reading a
 * catalog needs CATALOG_READ_PROPERTIES, which SERVICE_MANAGE_ACCESS and the catalog's content, metadata and
 * property privileges subsume. A refusal is Iceberg's ForbiddenException (403) with Polaris' message.
 */
import { PolarisError } from './errors';
import { type LeafKind, type PolarisRealm, SERVICE_ADMIN_ROLE } from './realm';
import { type PolarisGrant, grantLeafName, grantNamespace } from './grants';

/** An authenticated caller: the principal and the principal roles its token activates. */
export interface Caller {
  principal: string;
  principalRoles: string[];
}

/** What an operation needs. */
export type Requirement =
  /** SERVICE_MANAGE_ACCESS on the realm. */
  | { on: 'realm' }
  /** One of `privileges` on the securable or a parent, through the caller's catalog roles in `catalog`. */
  | {
      on: 'catalog';
      catalog: string;
      privileges: readonly string[];
      namespace?: string[];
      leaf?: { kind: LeafKind; name: string };
      /** Whether SERVICE_MANAGE_ACCESS subsumes the privilege too. */
      realmAdminMay?: boolean;
    };

/** Managing catalog roles and their grants. */
export const MANAGE_ACCESS = ['CATALOG_MANAGE_ACCESS'] as const;

/** Reading a catalog's properties (CATALOG_READ_PROPERTIES and the catalog privileges that subsume it). */
export const READ_CATALOG = [
  'CATALOG_READ_PROPERTIES',
  'CATALOG_WRITE_PROPERTIES',
  'CATALOG_MANAGE_CONTENT',
  'CATALOG_MANAGE_METADATA',
] as const;

/** Throws the ForbiddenException Polaris answers when `caller` may not run `operation`. */
export function authorize(
  realm: PolarisRealm,
  caller: Caller,
  operation: string,
  requirement: Requirement,
): void {
  const realmAdmin = caller.principalRoles.includes(SERVICE_ADMIN_ROLE);
  if (requirement.on === 'realm') {
    if (!realmAdmin) {
      throw forbidden(caller, operation, caller.principalRoles);
    }
    return;
  }
  if (requirement.realmAdminMay && realmAdmin) {
    return;
  }
  const roles = realm.catalogRolesOf(
    caller.principalRoles,
    requirement.catalog,
  );
  const allowed = roles.some(role =>
    [...role.grants.values()].some(
      grant =>
        requirement.privileges.includes(grant.privilege) &&
        coversSecurable(grant, requirement),
    ),
  );
  if (!allowed) {
    throw forbidden(caller, operation, [
      ...caller.principalRoles,
      ...roles.map(r => r.name),
    ]);
  }
}

/** Whether a grant is on the securable of `requirement` or on one of its parents. */
function coversSecurable(
  grant: PolarisGrant,
  requirement: Extract<Requirement, { on: 'catalog' }>,
): boolean {
  if (grant.type === 'catalog') {
    return true;
  }
  const target = requirement.namespace ?? [];
  const namespace = grantNamespace(grant);
  const enclosing =
    namespace.length <= target.length &&
    namespace.every((level, i) => level === target[i]);
  if (grant.type === 'namespace') {
    return enclosing;
  }
  const leaf = requirement.leaf;
  return (
    leaf !== undefined &&
    namespace.length === target.length &&
    enclosing &&
    grantLeafName(grant) === leaf.name &&
    (grant.type === 'policy') === (leaf.kind === 'policy')
  );
}

function forbidden(
  caller: Caller,
  operation: string,
  activated: string[],
): PolarisError {
  const set = (names: string[]) => `[${[...new Set(names)].sort().join(', ')}]`;
  return new PolarisError(
    403,
    'ForbiddenException',
    `Principal '${caller.principal}' with activated PrincipalRoles '${set(
      caller.principalRoles,
    )}' and activated grants via '${set(
      activated,
    )}' is not authorized for op ${operation}`,
  );
}
