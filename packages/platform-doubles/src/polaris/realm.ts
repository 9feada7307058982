/*
 * The entities of one Polaris realm and how they relate (polaris-core entity model, apache/polaris at
 * 4b4218638308): catalogs with their namespaces, tables, views and policies; principals with their client
 * credentials; principal roles assigned to principals; catalog roles inside catalogs, assigned to principal
 * roles; grants of privileges to catalog roles. A realm starts as Polaris bootstraps one: the `root` principal
 * holding the `service_admin` principal role (PolarisEntityConstants); each catalog is created with a
 * `catalog_admin` catalog role granted CATALOG_MANAGE_ACCESS and CATALOG_MANAGE_METADATA on the catalog and
 * assigned to `service_admin` (AtomicOperationMetaStoreManager.createCatalog). Nothing here checks who asks:
 * see access.ts and operations.ts.
 */
import { randomBytes } from 'node:crypto';
import { type PolarisGrant, grantKey } from './grants';

/** The principal Polaris bootstraps. */
export const ROOT_PRINCIPAL = 'root';
/** The principal role of the root principal, holding SERVICE_MANAGE_ACCESS on the realm. */
export const SERVICE_ADMIN_ROLE = 'service_admin';
/** The catalog role every new catalog gets. */
export const CATALOG_ADMIN_ROLE = 'catalog_admin';

/** A table, view or policy in a namespace. */
export type LeafKind = 'table' | 'view' | 'policy';

export interface CatalogRecord {
  name: string;
  type: 'INTERNAL' | 'EXTERNAL';
  properties: Record<string, string>;
  storageConfigInfo: Record<string, unknown>;
  created: number;
  /** Namespaces, each as its levels joined by the unit separator. */
  namespaces: Set<string>;
  /** The kind of each table, view and policy, keyed by leafKey. */
  leaves: Map<string, LeafKind>;
  roles: Map<string, CatalogRoleRecord>;
}

export interface CatalogRoleRecord {
  name: string;
  catalog: string;
  properties: Record<string, string>;
  created: number;
  /** Grants keyed by grantKey, in the order they were added. */
  grants: Map<string, PolarisGrant>;
}

export interface PrincipalRecord {
  name: string;
  clientId: string;
  clientSecret: string;
  properties: Record<string, string>;
  created: number;
  /** Names of the principal roles assigned to the principal, in assignment order. */
  principalRoles: string[];
}

export interface PrincipalRoleRecord {
  name: string;
  federated: boolean;
  properties: Record<string, string>;
  created: number;
  /** Catalog roles assigned to the principal role, in assignment order. */
  catalogRoles: Array<{ catalog: string; role: string }>;
}

const SEP = '\u001f';

/** The key of a namespace in CatalogRecord.namespaces. */
export function namespaceKey(levels: string[]): string {
  return levels.join(SEP);
}

/** The key of a table, view or policy in CatalogRecord.leaves. */
export function leafKey(
  kind: LeafKind,
  namespace: string[],
  name: string,
): string {
  // Tables and views share one name space in Polaris (TABLE_LIKE); policies are separate entities.
  return [kind === 'policy' ? 'policy' : 'table-like', ...namespace, name].join(
    SEP,
  );
}

/** Random lower-case hex of `length` characters, as Polaris makes client ids (16) and secrets (32). */
export function randomHex(length: number): string {
  return randomBytes(length / 2).toString('hex');
}

/** The entities of a realm. */
export class PolarisRealm {
  readonly catalogs = new Map<string, CatalogRecord>();
  readonly principals = new Map<string, PrincipalRecord>();
  readonly principalRoles = new Map<string, PrincipalRoleRecord>();

  constructor(
    private readonly now: () => number,
    rootCredentials: { clientId: string; clientSecret: string },
  ) {
    this.createPrincipalRole(SERVICE_ADMIN_ROLE, {}, false);
    this.createPrincipal(ROOT_PRINCIPAL, {}, rootCredentials);
    this.assignPrincipalRole(ROOT_PRINCIPAL, SERVICE_ADMIN_ROLE);
  }

  createCatalog(input: {
    name: string;
    type?: 'INTERNAL' | 'EXTERNAL';
    properties?: Record<string, string>;
    storageConfigInfo?: Record<string, unknown>;
  }): CatalogRecord {
    const baseLocation =
      input.properties?.['default-base-location'] ??
      `file:///tmp/polaris/${input.name}`;
    const catalog: CatalogRecord = {
      name: input.name,
      type: input.type ?? 'INTERNAL',
      properties: {
        ...input.properties,
        'default-base-location': baseLocation,
      },
      storageConfigInfo: input.storageConfigInfo ?? {
        storageType: 'FILE',
        allowedLocations: [baseLocation],
      },
      created: this.now(),
      namespaces: new Set(),
      leaves: new Map(),
      roles: new Map(),
    };
    this.catalogs.set(catalog.name, catalog);
    this.createCatalogRole(catalog.name, CATALOG_ADMIN_ROLE, {});
    this.addGrant(catalog.name, CATALOG_ADMIN_ROLE, {
      type: 'catalog',
      privilege: 'CATALOG_MANAGE_ACCESS',
    });
    this.addGrant(catalog.name, CATALOG_ADMIN_ROLE, {
      type: 'catalog',
      privilege: 'CATALOG_MANAGE_METADATA',
    });
    this.assignCatalogRole(
      SERVICE_ADMIN_ROLE,
      catalog.name,
      CATALOG_ADMIN_ROLE,
    );
    return catalog;
  }

  createPrincipal(
    name: string,
    properties: Record<string, string>,
    credentials?: { clientId?: string; clientSecret?: string },
  ): PrincipalRecord {
    const principal: PrincipalRecord = {
      name,
      clientId: credentials?.clientId ?? randomHex(16),
      clientSecret: credentials?.clientSecret ?? randomHex(32),
      properties: { ...properties },
      created: this.now(),
      principalRoles: [],
    };
    this.principals.set(name, principal);
    return principal;
  }

  createPrincipalRole(
    name: string,
    properties: Record<string, string>,
    federated: boolean,
  ): PrincipalRoleRecord {
    const role: PrincipalRoleRecord = {
      name,
      federated,
      properties: { ...properties },
      created: this.now(),
      catalogRoles: [],
    };
    this.principalRoles.set(name, role);
    return role;
  }

  createCatalogRole(
    catalog: string,
    name: string,
    properties: Record<string, string>,
  ): CatalogRoleRecord {
    const role: CatalogRoleRecord = {
      name,
      catalog,
      properties: { ...properties },
      created: this.now(),
      grants: new Map(),
    };
    this.catalogs.get(catalog)!.roles.set(name, role);
    return role;
  }

  /** Adds a namespace and its missing ancestors. */
  addNamespace(catalog: string, levels: string[]): void {
    const namespaces = this.catalogs.get(catalog)!.namespaces;
    for (let i = 1; i <= levels.length; i++) {
      namespaces.add(namespaceKey(levels.slice(0, i)));
    }
  }

  /** Adds a table, view or policy, and its namespace. */
  addLeaf(
    catalog: string,
    kind: LeafKind,
    namespace: string[],
    name: string,
  ): void {
    this.addNamespace(catalog, namespace);
    this.catalogs
      .get(catalog)!
      .leaves.set(leafKey(kind, namespace, name), kind);
  }

  hasNamespace(catalog: string, levels: string[]): boolean {
    return (
      levels.length > 0 &&
      this.catalogs.get(catalog)!.namespaces.has(namespaceKey(levels))
    );
  }

  /** The kind of the table-like or policy at this name, if one exists. */
  leafKind(
    catalog: string,
    kind: LeafKind,
    namespace: string[],
    name: string,
  ): LeafKind | undefined {
    return this.catalogs
      .get(catalog)!
      .leaves.get(leafKey(kind, namespace, name));
  }

  /** Assigns a principal role to a principal; assigning twice changes nothing. */
  assignPrincipalRole(principal: string, role: string): void {
    const roles = this.principals.get(principal)!.principalRoles;
    if (!roles.includes(role)) {
      roles.push(role);
    }
  }

  /** Removes an assignment; false when there was none. */
  revokePrincipalRole(principal: string, role: string): boolean {
    const roles = this.principals.get(principal)!.principalRoles;
    const index = roles.indexOf(role);
    if (index < 0) {
      return false;
    }
    roles.splice(index, 1);
    return true;
  }

  /** Assigns a catalog role to a principal role; assigning twice changes nothing. */
  assignCatalogRole(
    principalRole: string,
    catalog: string,
    role: string,
  ): void {
    const assigned = this.principalRoles.get(principalRole)!.catalogRoles;
    if (!assigned.some(a => a.catalog === catalog && a.role === role)) {
      assigned.push({ catalog, role });
    }
  }

  /** Removes an assignment; false when there was none. */
  revokeCatalogRole(
    principalRole: string,
    catalog: string,
    role: string,
  ): boolean {
    const assigned = this.principalRoles.get(principalRole)!.catalogRoles;
    const index = assigned.findIndex(
      a => a.catalog === catalog && a.role === role,
    );
    if (index < 0) {
      return false;
    }
    assigned.splice(index, 1);
    return true;
  }

  /** Adds a grant to a catalog role; granting twice changes nothing. */
  addGrant(catalog: string, role: string, grant: PolarisGrant): void {
    const grants = this.catalogs.get(catalog)!.roles.get(role)!.grants;
    const key = grantKey(grant);
    if (!grants.has(key)) {
      grants.set(key, grant);
    }
  }

  /** Removes a grant; false when the role did not hold it. */
  revokeGrant(catalog: string, role: string, grant: PolarisGrant): boolean {
    return this.catalogs
      .get(catalog)!
      .roles.get(role)!
      .grants.delete(grantKey(grant));
  }

  /** The principal whose client id is `clientId`. */
  principalByClientId(clientId: string): PrincipalRecord | undefined {
    for (const principal of this.principals.values()) {
      if (principal.clientId === clientId) {
        return principal;
      }
    }
    return undefined;
  }

  /** The catalog roles of `catalog` assigned to any of the principal roles. */
  catalogRolesOf(
    principalRoles: string[],
    catalog: string,
  ): CatalogRoleRecord[] {
    const roles = new Map<string, CatalogRoleRecord>();
    for (const name of principalRoles) {
      for (const assigned of this.principalRoles.get(name)?.catalogRoles ??
        []) {
        const role = this.catalogs.get(catalog)?.roles.get(assigned.role);
        if (assigned.catalog === catalog && role) {
          roles.set(role.name, role);
        }
      }
    }
    return [...roles.values()];
  }

  /** The principals that hold a principal role. */
  assigneesOf(principalRole: string): PrincipalRecord[] {
    return [...this.principals.values()].filter(p =>
      p.principalRoles.includes(principalRole),
    );
  }

  /** The principal roles that hold a catalog role. */
  principalRolesHolding(catalog: string, role: string): PrincipalRoleRecord[] {
    return [...this.principalRoles.values()].filter(pr =>
      pr.catalogRoles.some(a => a.catalog === catalog && a.role === role),
    );
  }
}
