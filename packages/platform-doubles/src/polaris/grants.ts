/*
 * Grants of privileges to catalog roles, in the shapes of the Polaris management spec (GrantResource and its
 * subtypes CatalogGrant, NamespaceGrant, TableGrant, ViewGrant, PolicyGrant of polaris-management-service.yml).
 */

/**
 * A privilege granted to a catalog role on a catalog, a namespace, a table, a view or a policy (a
 * GrantResource of the Polaris management API).
 *
 * @public
 */
export type PolarisGrant =
  | { type: 'catalog'; privilege: string }
  | { type: 'namespace'; namespace: string[]; privilege: string }
  | {
      type: 'table';
      namespace: string[];
      tableName: string;
      privilege: string;
    }
  | { type: 'view'; namespace: string[]; viewName: string; privilege: string }
  | {
      type: 'policy';
      namespace: string[];
      policyName: string;
      privilege: string;
    };

/** The kinds of securable a grant can name. */
export type GrantType = PolarisGrant['type'];

/** Order in which Polaris lists a role's grants: grouped by type (PolarisAdminService.listGrantsForCatalogRole). */
export const GRANT_TYPE_ORDER: GrantType[] = [
  'catalog',
  'namespace',
  'table',
  'view',
  'policy',
];

/** The name of the table, view or policy a grant names, if any. */
export function grantLeafName(grant: PolarisGrant): string | undefined {
  switch (grant.type) {
    case 'table':
      return grant.tableName;
    case 'view':
      return grant.viewName;
    case 'policy':
      return grant.policyName;
    default:
      return undefined;
  }
}

/** The namespace a grant names (empty for a catalog grant). */
export function grantNamespace(grant: PolarisGrant): string[] {
  return grant.type === 'catalog' ? [] : grant.namespace;
}

/** Identity of a grant: same securable and same privilege. */
export function grantKey(grant: PolarisGrant): string {
  return JSON.stringify([
    grant.type,
    grantNamespace(grant),
    grantLeafName(grant) ?? null,
    grant.privilege,
  ]);
}

/**
 * A grant as Polaris serializes it: Jackson writes the generated classes' creator properties first, in
 * constructor order, and `type` last (e.g. `{"namespace":[..],"tableName":..,"privilege":..,"type":"table"}`).
 */
export function grantJson(grant: PolarisGrant): Record<string, unknown> {
  switch (grant.type) {
    case 'catalog':
      return { privilege: grant.privilege, type: grant.type };
    case 'namespace':
      return {
        namespace: grant.namespace,
        privilege: grant.privilege,
        type: grant.type,
      };
    case 'table':
      return {
        namespace: grant.namespace,
        tableName: grant.tableName,
        privilege: grant.privilege,
        type: grant.type,
      };
    case 'view':
      return {
        namespace: grant.namespace,
        viewName: grant.viewName,
        privilege: grant.privilege,
        type: grant.type,
      };
    default:
      return {
        namespace: grant.namespace,
        policyName: grant.policyName,
        privilege: grant.privilege,
        type: grant.type,
      };
  }
}

/** Copies a grant read from a request body into its typed form (the body has been validated). */
export function grantFromBody(body: Record<string, unknown>): PolarisGrant {
  const grant = body as unknown as PolarisGrant;
  // Keep only what the spec defines: Jackson drops unknown properties.
  switch (grant.type) {
    case 'catalog':
      return { type: 'catalog', privilege: grant.privilege };
    case 'namespace':
      return {
        type: 'namespace',
        namespace: grant.namespace.map(String),
        privilege: grant.privilege,
      };
    case 'table':
      return {
        type: 'table',
        namespace: grant.namespace.map(String),
        tableName: grant.tableName,
        privilege: grant.privilege,
      };
    case 'view':
      return {
        type: 'view',
        namespace: grant.namespace.map(String),
        viewName: grant.viewName,
        privilege: grant.privilege,
      };
    default:
      return {
        type: 'policy',
        namespace: grant.namespace.map(String),
        policyName: grant.policyName,
        privilege: grant.privilege,
      };
  }
}
