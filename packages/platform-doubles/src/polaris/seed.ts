/*
 * The starting state a test gives the Polaris management double: catalogs with their namespaces, tables, views,
 * policies and catalog roles with grants; principal roles with the catalog roles assigned to them; principals
 * with their credentials and principal roles. Seeds obey the rules the API enforces (names, privileges valid
 * for the grant's type, securables that exist, no duplicates); a seed that breaks one is refused with an
 * error naming the entity and the cause.
 */
import { PolarisError } from './errors';
import { type PolarisGrant, grantFromBody, grantLeafName } from './grants';
import { type LeafKind, type PolarisRealm } from './realm';
import { pathNameViolations, readRequestBody } from './requestBodies';

/**
 * A table, view or policy of a seeded catalog.
 *
 * @public
 */
export interface PolarisSecurableSeed {
  namespace: string[];
  name: string;
}

/**
 * A catalog role of a seeded catalog and the grants it holds.
 *
 * @public
 */
export interface PolarisCatalogRoleSeed {
  name: string;
  properties?: Record<string, string>;
  grants?: PolarisGrant[];
}

/**
 * A catalog to start with. Like every catalog Polaris creates, it gets a `catalog_admin` role holding
 * CATALOG_MANAGE_ACCESS and CATALOG_MANAGE_METADATA, assigned to `service_admin`.
 *
 * @public
 */
export interface PolarisCatalogSeed {
  name: string;
  /** Default INTERNAL. */
  type?: 'INTERNAL' | 'EXTERNAL';
  /** Default `{"default-base-location": "file:///tmp/polaris/<name>"}`. */
  properties?: Record<string, string>;
  /** Default FILE storage at the base location. */
  storageConfigInfo?: Record<string, unknown>;
  /** Namespaces, each as its levels; ancestors are added too. */
  namespaces?: string[][];
  tables?: PolarisSecurableSeed[];
  views?: PolarisSecurableSeed[];
  policies?: PolarisSecurableSeed[];
  catalogRoles?: PolarisCatalogRoleSeed[];
}

/**
 * A principal role to start with.
 *
 * @public
 */
export interface PolarisPrincipalRoleSeed {
  name: string;
  federated?: boolean;
  properties?: Record<string, string>;
  /** Catalog roles assigned to this principal role, by catalog name. */
  catalogRoles?: Record<string, string[]>;
}

/**
 * A principal to start with.
 *
 * @public
 */
export interface PolarisPrincipalSeed {
  name: string;
  /** Default: 16 random hex characters, as Polaris makes them. */
  clientId?: string;
  /** Default: 32 random hex characters. */
  clientSecret?: string;
  properties?: Record<string, string>;
  /** Principal roles assigned to the principal. */
  principalRoles?: string[];
}

/** Everything a realm starts with. */
export interface PolarisSeed {
  catalogs?: PolarisCatalogSeed[];
  principalRoles?: PolarisPrincipalRoleSeed[];
  principals?: PolarisPrincipalSeed[];
}

/** Creates the seeded entities; throws an Error naming the first seed that breaks the API's rules. */
export function seedRealm(realm: PolarisRealm, seed: PolarisSeed): void {
  for (const role of seed.principalRoles ?? []) {
    const what = `principal role "${role.name}"`;
    checkName(what, role.name);
    if (realm.principalRoles.has(role.name)) {
      fail(what, 'it already exists');
    }
    realm.createPrincipalRole(
      role.name,
      role.properties ?? {},
      role.federated ?? false,
    );
  }
  for (const catalog of seed.catalogs ?? []) {
    seedCatalog(realm, catalog);
  }
  for (const role of seed.principalRoles ?? []) {
    for (const [catalogName, roles] of Object.entries(
      role.catalogRoles ?? {},
    )) {
      for (const roleName of roles) {
        if (!realm.catalogs.get(catalogName)?.roles.has(roleName)) {
          fail(
            `principal role "${role.name}"`,
            `catalog role "${roleName}" of catalog "${catalogName}" does not exist`,
          );
        }
        realm.assignCatalogRole(role.name, catalogName, roleName);
      }
    }
  }
  for (const principal of seed.principals ?? []) {
    const what = `principal "${principal.name}"`;
    checkName(what, principal.name);
    if (realm.principals.has(principal.name)) {
      fail(what, 'it already exists');
    }
    if (
      principal.clientId !== undefined &&
      realm.principalByClientId(principal.clientId)
    ) {
      fail(what, `client id "${principal.clientId}" is already in use`);
    }
    realm.createPrincipal(principal.name, principal.properties ?? {}, {
      clientId: principal.clientId,
      clientSecret: principal.clientSecret,
    });
    for (const roleName of principal.principalRoles ?? []) {
      const role = realm.principalRoles.get(roleName);
      if (!role) {
        fail(what, `principal role "${roleName}" does not exist`);
      }
      if (role.federated) {
        fail(what, `principal role "${roleName}" is federated`);
      }
      realm.assignPrincipalRole(principal.name, roleName);
    }
  }
}

function seedCatalog(realm: PolarisRealm, seed: PolarisCatalogSeed): void {
  const what = `catalog "${seed.name}"`;
  checkName(what, seed.name);
  if (realm.catalogs.has(seed.name)) {
    fail(what, 'it already exists');
  }
  realm.createCatalog(seed);
  for (const levels of seed.namespaces ?? []) {
    checkNamespace(what, levels);
    realm.addNamespace(seed.name, levels);
  }
  const leaves: Array<[LeafKind, PolarisSecurableSeed[] | undefined]> = [
    ['table', seed.tables],
    ['view', seed.views],
    ['policy', seed.policies],
  ];
  for (const [kind, list] of leaves) {
    for (const leaf of list ?? []) {
      checkNamespace(what, leaf.namespace);
      if (!leaf.name) {
        fail(what, `a ${kind} in ${leaf.namespace.join('.')} has no name`);
      }
      if (
        kind !== 'policy' &&
        realm.leafKind(seed.name, kind, leaf.namespace, leaf.name)
      ) {
        fail(
          what,
          `${[...leaf.namespace, leaf.name].join(
            '.',
          )} is already a table or view`,
        );
      }
      realm.addLeaf(seed.name, kind, leaf.namespace, leaf.name);
    }
  }
  for (const role of seed.catalogRoles ?? []) {
    const roleWhat = `catalog role "${role.name}" of ${what}`;
    checkName(roleWhat, role.name);
    if (realm.catalogs.get(seed.name)!.roles.has(role.name)) {
      fail(roleWhat, 'it already exists');
    }
    realm.createCatalogRole(seed.name, role.name, role.properties ?? {});
    for (const grant of role.grants ?? []) {
      realm.addGrant(
        seed.name,
        role.name,
        checkGrant(realm, seed.name, roleWhat, grant),
      );
    }
  }
}

/** The grant as the API would read it, refused when the API would refuse it. */
function checkGrant(
  realm: PolarisRealm,
  catalog: string,
  what: string,
  grant: PolarisGrant,
): PolarisGrant {
  const described = `grant ${JSON.stringify(grant)}`;
  let body;
  try {
    body = readRequestBody(JSON.stringify({ grant }), 'AddGrantRequest', {
      operation: 'addGrantToCatalogRole',
      index: 2,
    });
  } catch (e) {
    if (e instanceof PolarisError) {
      return fail(what, `${described} is invalid: ${e.message}`);
    }
    throw e;
  }
  const read = grantFromBody(body!.grant as Record<string, unknown>);
  if (
    read.type === 'namespace' &&
    !realm.hasNamespace(catalog, read.namespace)
  ) {
    fail(what, `${described} names a namespace the catalog does not have`);
  }
  const leaf = grantLeafName(read);
  if (
    leaf !== undefined &&
    read.type !== 'catalog' &&
    read.type !== 'namespace' &&
    realm.leafKind(catalog, read.type, read.namespace, leaf) !== read.type
  ) {
    fail(what, `${described} names a ${read.type} the catalog does not have`);
  }
  return read;
}

function checkName(what: string, name: string): void {
  const violations = pathNameViolations('name', [name ?? '']).map(v =>
    v.replace(/^name\.arg0: /, ''),
  );
  if (!name || violations.length) {
    fail(what, `the name is invalid (${violations.join(', ') || 'empty'})`);
  }
}

function checkNamespace(what: string, levels: string[]): void {
  if (!Array.isArray(levels) || !levels.length || levels.some(l => !l)) {
    fail(what, `namespace ${JSON.stringify(levels)} is invalid`);
  }
}

function fail(what: string, cause: string): never {
  throw new Error(`Polaris management double seed: ${what}: ${cause}`);
}
