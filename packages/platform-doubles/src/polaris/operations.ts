/*
 * The management operations the double serves, each in the order Polaris checks a request (apache/polaris at
 * 4b4218638308: runtime/service/.../admin/PolarisServiceImpl and PolarisAdminService):
 * 1. the body is read and the arguments validated (requestBodies.ts, 400);
 * 2. PolarisServiceImpl dereferences the body: an absent body, or an absent nested object the spec leaves
 *    optional (the principal of CreatePrincipalRequest, the grant of AddGrantRequest...), is a
 *    NullPointerException (500); properties under the reserved prefix `polaris.` are refused (400);
 * 3. the entities named are resolved: an unknown one is 404 (NotFoundException, NoSuchNamespaceException,
 *    NoSuchTableException, NoSuchViewException, NoSuchPolicyException) with PolarisAdminService's message, so
 *    an unknown catalog is 404 even for a caller who may not see it;
 * 4. the caller is authorized (access.ts, 403);
 * 5. the change: creating what exists is 409 (AlreadyExistsException); granting or assigning twice changes
 *    nothing; revoking what is not held is 400 GRANT_NOT_FOUND. Creations answer 201 with the entity,
 *    assignments and grants 201 without a body, revoking a grant 201 too (the service answers CREATED, though
 *    nothing is created), revoking a role assignment 204. Revoking with `cascade=true` is 501: Polaris does not
 *    implement it.
 */
import {
  type Caller,
  MANAGE_ACCESS,
  READ_CATALOG,
  type Requirement,
  authorize,
} from './access';
import {
  BareAnswer,
  PolarisError,
  alreadyExists,
  notFound,
  nullPointer,
  operationFailed,
} from './errors';
import {
  GRANT_TYPE_ORDER,
  type PolarisGrant,
  grantFromBody,
  grantJson,
  grantLeafName,
} from './grants';
import {
  catalogJson,
  catalogRoleJson,
  principalJson,
  principalRoleJson,
} from './json';
import { type LeafKind, type PolarisRealm } from './realm';
import {
  type RequestBodySchema,
  pathNameViolations,
  readRequestBody,
} from './requestBodies';

/** A management request past authentication and routing. */
export interface OperationRequest {
  caller: Caller;
  operation: string;
  /** The names in the path, in path order. */
  names: string[];
  query: Record<string, string>;
  body: string | undefined;
}

/** An answer: a status and, unless the operation answers without one, a JSON body. */
export interface OperationAnswer {
  status: number;
  json?: unknown;
}

type Body = Record<string, unknown>;
type Handler = (
  realm: PolarisRealm,
  request: OperationRequest,
  body: Body | null,
) => OperationAnswer;

const MODEL = 'org.apache.polaris.core.admin.model';

/** Operations with a body: its schema and the body's position among the Java method's arguments. */
const BODIES: Record<string, { schema: RequestBodySchema; index: number }> = {
  createPrincipal: { schema: 'CreatePrincipalRequest', index: 0 },
  assignPrincipalRole: { schema: 'GrantPrincipalRoleRequest', index: 1 },
  createPrincipalRole: { schema: 'CreatePrincipalRoleRequest', index: 0 },
  assignCatalogRoleToPrincipalRole: {
    schema: 'GrantCatalogRoleRequest',
    index: 2,
  },
  createCatalogRole: { schema: 'CreateCatalogRoleRequest', index: 1 },
  addGrantToCatalogRole: { schema: 'AddGrantRequest', index: 2 },
  revokeGrantFromCatalogRole: { schema: 'RevokeGrantRequest', index: 3 },
};

const HANDLERS: Record<string, Handler> = {
  listCatalogs(realm, { caller }) {
    authorize(realm, caller, 'LIST_CATALOGS', { on: 'realm' });
    return ok({ catalogs: [...realm.catalogs.values()].map(catalogJson) });
  },

  getCatalog(realm, { caller, names: [catalogName] }) {
    const catalog = requireTopLevel(realm, 'CATALOG', catalogName);
    authorize(realm, caller, 'GET_CATALOG', {
      on: 'catalog',
      catalog: catalogName,
      privileges: READ_CATALOG,
      realmAdminMay: true,
    });
    return ok(catalogJson(realm.catalogs.get(catalog)!));
  },

  listPrincipals(realm, { caller }) {
    authorize(realm, caller, 'LIST_PRINCIPALS', { on: 'realm' });
    return ok({
      principals: [...realm.principals.values()].map(principalJson),
    });
  },

  createPrincipal(realm, { caller }, body) {
    const principal = nested(
      body,
      'request',
      'CreatePrincipalRequest',
      'principal',
      'Principal',
    );
    const name = String(principal.name);
    const properties = checkProperties(principal.properties);
    authorize(realm, caller, 'CREATE_PRINCIPAL', { on: 'realm' });
    if (realm.principals.has(name)) {
      throw alreadyExists(
        `Cannot create Principal ${name}. Principal already exists or resolution failed`,
      );
    }
    const created = realm.createPrincipal(name, properties);
    return ok(
      {
        principal: principalJson(created),
        credentials: {
          clientId: created.clientId,
          clientSecret: created.clientSecret,
        },
      },
      201,
    );
  },

  getPrincipal(realm, { caller, names: [principalName] }) {
    requireTopLevel(realm, 'PRINCIPAL', principalName);
    authorize(realm, caller, 'GET_PRINCIPAL', { on: 'realm' });
    return ok(principalJson(realm.principals.get(principalName)!));
  },

  listPrincipalRolesAssigned(realm, { caller, names: [principalName] }) {
    requireTopLevel(realm, 'PRINCIPAL', principalName);
    authorize(realm, caller, 'LIST_PRINCIPAL_ROLES_ASSIGNED', { on: 'realm' });
    const roles = realm.principals.get(principalName)!.principalRoles;
    return ok({
      roles: roles.map(r => principalRoleJson(realm.principalRoles.get(r)!)),
    });
  },

  assignPrincipalRole(realm, { caller, names: [principalName] }, body) {
    const roleName = String(
      nested(
        body,
        'request',
        'GrantPrincipalRoleRequest',
        'principalRole',
        'PrincipalRole',
      ).name,
    );
    requireAssignment(realm, roleName, principalName);
    authorize(realm, caller, 'ASSIGN_PRINCIPAL_ROLE', { on: 'realm' });
    if (realm.principalRoles.get(roleName)!.federated) {
      throw validation('Cannot assign a federated role to a principal');
    }
    realm.assignPrincipalRole(principalName, roleName);
    return { status: 201 };
  },

  revokePrincipalRole(realm, { caller, names: [principalName, roleName] }) {
    requireAssignment(realm, roleName, principalName);
    authorize(realm, caller, 'REVOKE_PRINCIPAL_ROLE', { on: 'realm' });
    if (realm.principalRoles.get(roleName)!.federated) {
      throw validation('Cannot revoke a federated role from a principal');
    }
    if (!realm.revokePrincipalRole(principalName, roleName)) {
      throw operationFailed('GRANT_NOT_FOUND');
    }
    return { status: 204 };
  },

  listPrincipalRoles(realm, { caller }) {
    authorize(realm, caller, 'LIST_PRINCIPAL_ROLES', { on: 'realm' });
    return ok({
      roles: [...realm.principalRoles.values()].map(principalRoleJson),
    });
  },

  createPrincipalRole(realm, { caller }, body) {
    const role = nested(
      body,
      'request',
      'CreatePrincipalRoleRequest',
      'principalRole',
      'PrincipalRole',
    );
    const name = String(role.name);
    const properties = checkProperties(role.properties);
    authorize(realm, caller, 'CREATE_PRINCIPAL_ROLE', { on: 'realm' });
    if (realm.principalRoles.has(name)) {
      throw alreadyExists(
        `Cannot create PrincipalRole ${name}. PrincipalRole already exists or resolution failed`,
      );
    }
    return ok(
      principalRoleJson(
        realm.createPrincipalRole(name, properties, role.federated === true),
      ),
      201,
    );
  },

  getPrincipalRole(realm, { caller, names: [roleName] }) {
    requireTopLevel(realm, 'PRINCIPAL_ROLE', roleName);
    authorize(realm, caller, 'GET_PRINCIPAL_ROLE', { on: 'realm' });
    return ok(principalRoleJson(realm.principalRoles.get(roleName)!));
  },

  listAssigneePrincipalsForPrincipalRole(realm, { caller, names: [roleName] }) {
    requireTopLevel(realm, 'PRINCIPAL_ROLE', roleName);
    authorize(realm, caller, 'LIST_ASSIGNEE_PRINCIPALS_FOR_PRINCIPAL_ROLE', {
      on: 'realm',
    });
    return ok({ principals: realm.assigneesOf(roleName).map(principalJson) });
  },

  listCatalogRolesForPrincipalRole(
    realm,
    { caller, names: [roleName, catalogName] },
  ) {
    // The role is resolved within the catalog: an unknown catalog reads as an unknown role.
    if (!realm.catalogs.has(catalogName)) {
      throw topLevelNotFound('PRINCIPAL_ROLE', roleName);
    }
    requireTopLevel(realm, 'PRINCIPAL_ROLE', roleName);
    authorize(realm, caller, 'LIST_CATALOG_ROLES_FOR_PRINCIPAL_ROLE', {
      on: 'realm',
    });
    return ok({
      roles: realm.catalogRolesOf([roleName], catalogName).map(catalogRoleJson),
    });
  },

  assignCatalogRoleToPrincipalRole(
    realm,
    { caller, names: [principalRoleName, catalogName] },
    body,
  ) {
    const roleName = String(
      nested(
        body,
        'request',
        'GrantCatalogRoleRequest',
        'catalogRole',
        'CatalogRole',
      ).name,
    );
    requireCatalogRoleAssignment(
      realm,
      principalRoleName,
      catalogName,
      roleName,
    );
    authorize(realm, caller, 'ASSIGN_CATALOG_ROLE_TO_PRINCIPAL_ROLE', {
      on: 'catalog',
      catalog: catalogName,
      privileges: MANAGE_ACCESS,
    });
    realm.assignCatalogRole(principalRoleName, catalogName, roleName);
    return { status: 201 };
  },

  revokeCatalogRoleFromPrincipalRole(
    realm,
    { caller, names: [principalRoleName, catalogName, roleName] },
  ) {
    requireCatalogRoleAssignment(
      realm,
      principalRoleName,
      catalogName,
      roleName,
    );
    authorize(realm, caller, 'REVOKE_CATALOG_ROLE_FROM_PRINCIPAL_ROLE', {
      on: 'catalog',
      catalog: catalogName,
      privileges: MANAGE_ACCESS,
    });
    if (!realm.revokeCatalogRole(principalRoleName, catalogName, roleName)) {
      throw operationFailed('GRANT_NOT_FOUND');
    }
    return { status: 204 };
  },

  listCatalogRoles(realm, { caller, names: [catalogName] }) {
    requireTopLevel(realm, 'CATALOG', catalogName);
    authorize(realm, caller, 'LIST_CATALOG_ROLES', {
      on: 'catalog',
      catalog: catalogName,
      privileges: MANAGE_ACCESS,
    });
    const roles = realm.catalogs.get(catalogName)!.roles.values();
    return ok({ roles: [...roles].map(catalogRoleJson) });
  },

  createCatalogRole(realm, { caller, names: [catalogName] }, body) {
    const role = nested(
      body,
      'request',
      'CreateCatalogRoleRequest',
      'catalogRole',
      'CatalogRole',
    );
    const name = String(role.name);
    const properties = checkProperties(role.properties);
    requireTopLevel(realm, 'CATALOG', catalogName);
    authorize(realm, caller, 'CREATE_CATALOG_ROLE', {
      on: 'catalog',
      catalog: catalogName,
      privileges: MANAGE_ACCESS,
    });
    if (realm.catalogs.get(catalogName)!.roles.has(name)) {
      throw alreadyExists(
        `Cannot create CatalogRole ${name} in ${catalogName}. CatalogRole already exists or resolution failed`,
      );
    }
    return ok(
      catalogRoleJson(realm.createCatalogRole(catalogName, name, properties)),
      201,
    );
  },

  getCatalogRole(realm, { caller, names: [catalogName, roleName] }) {
    const role = requireCatalogRole(realm, catalogName, roleName);
    authorize(realm, caller, 'GET_CATALOG_ROLE', manageCatalog(catalogName));
    return ok(catalogRoleJson(role));
  },

  listAssigneePrincipalRolesForCatalogRole(
    realm,
    { caller, names: [catalogName, roleName] },
  ) {
    requireCatalogRole(realm, catalogName, roleName);
    authorize(
      realm,
      caller,
      'LIST_ASSIGNEE_PRINCIPAL_ROLES_FOR_CATALOG_ROLE',
      manageCatalog(catalogName),
    );
    return ok({
      roles: realm
        .principalRolesHolding(catalogName, roleName)
        .map(principalRoleJson),
    });
  },

  listGrantsForCatalogRole(realm, { caller, names: [catalogName, roleName] }) {
    const role = requireCatalogRole(realm, catalogName, roleName);
    authorize(
      realm,
      caller,
      'LIST_GRANTS_FOR_CATALOG_ROLE',
      manageCatalog(catalogName),
    );
    const grants = [...role.grants.values()];
    return ok({
      grants: GRANT_TYPE_ORDER.flatMap(type =>
        grants.filter(g => g.type === type).map(grantJson),
      ),
    });
  },

  addGrantToCatalogRole(realm, request, body) {
    const grant = grantOf(body, 'AddGrantRequest', 'grantRequest');
    const [catalogName, roleName] = request.names;
    authorizeGrantChange(
      realm,
      request.caller,
      'ADD',
      grant,
      catalogName,
      roleName,
    );
    realm.addGrant(catalogName, roleName, grant);
    return { status: 201 };
  },

  revokeGrantFromCatalogRole(realm, request, body) {
    if (String(request.query.cascade ?? '').toLowerCase() === 'true') {
      throw new BareAnswer(501);
    }
    const grant = grantOf(body, 'RevokeGrantRequest', 'grantRequest');
    const [catalogName, roleName] = request.names;
    authorizeGrantChange(
      realm,
      request.caller,
      'REVOKE',
      grant,
      catalogName,
      roleName,
    );
    if (!realm.revokeGrant(catalogName, roleName, grant)) {
      throw operationFailed('GRANT_NOT_FOUND');
    }
    return { status: 201 };
  },
};

/** Runs one management operation for an authenticated caller. */
export function runOperation(
  realm: PolarisRealm,
  request: OperationRequest,
): OperationAnswer {
  const handler = HANDLERS[request.operation];
  if (!handler) {
    throw new PolarisError(
      501,
      'NotImplementedException',
      `The Polaris management API double does not implement ${request.operation}`,
    );
  }
  const violations = pathNameViolations(request.operation, request.names);
  const bodySpec = BODIES[request.operation];
  let body: Body | null = null;
  if (bodySpec) {
    body = readRequestBody(
      request.body,
      bodySpec.schema,
      { operation: request.operation, index: bodySpec.index },
      violations,
    );
  } else if (violations.length) {
    throw new PolarisError(
      400,
      'ResteasyReactiveViolationException',
      `Invalid value: ${violations.join(', ')}`,
    );
  }
  return handler(realm, request, body);
}

function ok(json: unknown, status = 200): OperationAnswer {
  return { status, json };
}

function manageCatalog(catalog: string): Requirement {
  return { on: 'catalog', catalog, privileges: MANAGE_ACCESS };
}

function validation(message: string): PolarisError {
  return new PolarisError(400, 'ValidationException', message);
}

/**
 * `body.<property>`, with the NullPointerException Polaris answers when the body (named `variable` in the
 * service method) or the property is absent.
 */
function nested(
  body: Body | null,
  variable: string,
  bodyClass: string,
  property: string,
  propertyClass: string,
): Body {
  const getter = `get${property[0].toUpperCase()}${property.slice(1)}`;
  if (!body) {
    throw nullPointer(
      `Cannot invoke "${MODEL}.${bodyClass}.${getter}()" because "${variable}" is null`,
    );
  }
  const value = body[property];
  if (value === undefined || value === null) {
    throw nullPointer(
      `Cannot invoke "${MODEL}.${propertyClass}.getName()" because the return value of "${MODEL}.${bodyClass}.${getter}()" is null`,
    );
  }
  return value as Body;
}

/** The grant of an Add/RevokeGrantRequest; Polaris switches on it, which fails on null without a message. */
function grantOf(
  body: Body | null,
  bodyClass: string,
  variable: string,
): PolarisGrant {
  if (!body) {
    throw nullPointer(
      `Cannot invoke "${MODEL}.${bodyClass}.getGrant()" because "${variable}" is null`,
    );
  }
  if (body.grant === undefined || body.grant === null) {
    throw nullPointer();
  }
  return grantFromBody(body.grant as Body);
}

/** Properties of a new entity; the reserved prefix `polaris.` is refused (ReservedProperties). */
function checkProperties(properties: unknown): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [key, value] of Object.entries(
    (properties ?? {}) as Record<string, unknown>,
  )) {
    if (key.startsWith('polaris.')) {
      throw new PolarisError(
        400,
        'IllegalArgumentException',
        `Property '${key}' matches reserved prefix 'polaris.'`,
      );
    }
    result[key] = String(value);
  }
  return result;
}

type TopLevelType = 'CATALOG' | 'PRINCIPAL' | 'PRINCIPAL_ROLE';

function topLevelNotFound(type: TopLevelType, name: string): PolarisError {
  return notFound(`TopLevelEntity of type ${type} does not exist: ${name}`);
}

/** Resolves a catalog, principal or principal role by name (authorizeBasicTopLevelEntityOperationOrThrow). */
function requireTopLevel(
  realm: PolarisRealm,
  type: TopLevelType,
  name: string,
): string {
  const entities: Record<TopLevelType, Map<string, unknown>> = {
    CATALOG: realm.catalogs,
    PRINCIPAL: realm.principals,
    PRINCIPAL_ROLE: realm.principalRoles,
  };
  if (!entities[type].has(name)) {
    throw topLevelNotFound(type, name);
  }
  return name;
}

/** Resolves a catalog role (authorizeBasicCatalogRoleOperationOrThrow); an unknown catalog reads the same. */
function requireCatalogRole(
  realm: PolarisRealm,
  catalogName: string,
  roleName: string,
) {
  const role = realm.catalogs.get(catalogName)?.roles.get(roleName);
  if (!role) {
    throw notFound(`CatalogRole does not exist: ${roleName}`);
  }
  return role;
}

/** The first name, in resolution order, of an entity that does not exist. */
function firstMissing(
  entities: Array<[name: string, exists: boolean]>,
): string | undefined {
  return entities.find(([, exists]) => !exists)?.[0];
}

/** Resolves both sides of a principal role assignment (authorizeGrantOnPrincipalRoleToPrincipalOperationOrThrow). */
function requireAssignment(
  realm: PolarisRealm,
  roleName: string,
  principalName: string,
): void {
  const missing = firstMissing([
    [roleName, realm.principalRoles.has(roleName)],
    [principalName, realm.principals.has(principalName)],
  ]);
  if (missing !== undefined) {
    throw notFound(
      `Entity ${missing} not found when trying to assign ${roleName} to ${principalName}`,
    );
  }
}

/** Resolves both sides of a catalog role assignment (authorizeGrantOnCatalogRoleToPrincipalRoleOperationOrThrow). */
function requireCatalogRoleAssignment(
  realm: PolarisRealm,
  principalRoleName: string,
  catalogName: string,
  roleName: string,
): void {
  const catalog = realm.catalogs.get(catalogName);
  // The catalog and the principal role are resolved by name; the catalog role as a path, whose failure
  // (PATH_COULD_NOT_BE_FULLY_RESOLVED) names the Java record of the path rather than the role.
  const missing = firstMissing([
    [catalogName, catalog !== undefined],
    [principalRoleName, realm.principalRoles.has(principalRoleName)],
    [
      `ResolverPath[key=ResolvedPathKey[entityNames=[${roleName}], entityType=CATALOG_ROLE], optional=false]`,
      catalog?.roles.has(roleName) ?? false,
    ],
  ]);
  if (missing !== undefined) {
    throw notFound(
      `Entity ${missing} not found when trying to assign ${catalogName}.${roleName} to ${principalRoleName}`,
    );
  }
}

/**
 * Resolves the catalog, the securable and the catalog role of a grant change, then authorizes it
 * (PolarisAdminService.authorizeGrantOn*OperationOrThrow). Revoking also needs CATALOG_MANAGE_ACCESS on the
 * catalog role itself (CATALOG_ROLE_MANAGE_GRANTS_FOR_GRANTEE), that is on the catalog.
 */
function authorizeGrantChange(
  realm: PolarisRealm,
  caller: Caller,
  direction: 'ADD' | 'REVOKE',
  grant: PolarisGrant,
  catalogName: string,
  roleName: string,
): void {
  if (!realm.catalogs.has(catalogName)) {
    throw notFound(`Catalog not found: ${catalogName}`);
  }
  let leaf: { kind: LeafKind; name: string } | undefined;
  const namespace = grant.type === 'catalog' ? [] : grant.namespace;
  if (grant.type === 'namespace') {
    if (!realm.hasNamespace(catalogName, namespace)) {
      throw new PolarisError(
        404,
        'NoSuchNamespaceException',
        `Namespace does not exist: ${namespace.join('.')}`,
      );
    }
  } else if (grant.type !== 'catalog') {
    const name = grantLeafName(grant)!;
    leaf = { kind: grant.type, name };
    if (
      realm.leafKind(catalogName, grant.type, namespace, name) !== grant.type
    ) {
      throw leafNotFound(grant.type, [...namespace, name].join('.'));
    }
  }
  if (!realm.catalogs.get(catalogName)!.roles.has(roleName)) {
    throw notFound(`CatalogRole not found: ${catalogName}.${roleName}`);
  }
  const operation = `${direction}_${grant.type.toUpperCase()}_GRANT_${
    direction === 'ADD' ? 'TO' : 'FROM'
  }_CATALOG_ROLE`;
  authorize(realm, caller, operation, {
    on: 'catalog',
    catalog: catalogName,
    privileges: MANAGE_ACCESS,
    namespace,
    leaf,
  });
  if (direction === 'REVOKE') {
    authorize(realm, caller, operation, manageCatalog(catalogName));
  }
}

function leafNotFound(kind: LeafKind, identifier: string): PolarisError {
  switch (kind) {
    case 'view':
      return new PolarisError(
        404,
        'NoSuchViewException',
        `View does not exist: ${identifier}`,
      );
    case 'policy':
      return new PolarisError(
        404,
        'NoSuchPolicyException',
        `Policy does not exist: ${identifier}`,
      );
    default:
      return new PolarisError(
        404,
        'NoSuchTableException',
        `Table does not exist: ${identifier}`,
      );
  }
}
