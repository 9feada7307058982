/*
 * The paths of the Polaris management API under /api/management/v1 and the operationId of each method
 * (polaris-management-service.yml). Quarkus answers a path no resource matches with 404 and a method the path
 * does not define with 405, both without a body.
 */
import { BareAnswer } from './errors';

/** The management API's base path. */
export const MANAGEMENT_BASE_PATH = '/api/management/v1';

const ROUTES: Array<{ path: string; methods: Record<string, string> }> = [
  { path: 'catalogs', methods: { GET: 'listCatalogs', POST: 'createCatalog' } },
  {
    path: 'catalogs/{catalogName}',
    methods: {
      GET: 'getCatalog',
      PUT: 'updateCatalog',
      DELETE: 'deleteCatalog',
    },
  },
  {
    path: 'principals',
    methods: { GET: 'listPrincipals', POST: 'createPrincipal' },
  },
  {
    path: 'principals/{principalName}',
    methods: {
      GET: 'getPrincipal',
      PUT: 'updatePrincipal',
      DELETE: 'deletePrincipal',
    },
  },
  {
    path: 'principals/{principalName}/rotate',
    methods: { POST: 'rotateCredentials' },
  },
  {
    path: 'principals/{principalName}/reset',
    methods: { POST: 'resetCredentials' },
  },
  {
    path: 'principals/{principalName}/principal-roles',
    methods: {
      GET: 'listPrincipalRolesAssigned',
      PUT: 'assignPrincipalRole',
    },
  },
  {
    path: 'principals/{principalName}/principal-roles/{principalRoleName}',
    methods: { DELETE: 'revokePrincipalRole' },
  },
  {
    path: 'principal-roles',
    methods: { GET: 'listPrincipalRoles', POST: 'createPrincipalRole' },
  },
  {
    path: 'principal-roles/{principalRoleName}',
    methods: {
      GET: 'getPrincipalRole',
      PUT: 'updatePrincipalRole',
      DELETE: 'deletePrincipalRole',
    },
  },
  {
    path: 'principal-roles/{principalRoleName}/principals',
    methods: { GET: 'listAssigneePrincipalsForPrincipalRole' },
  },
  {
    path: 'principal-roles/{principalRoleName}/catalog-roles/{catalogName}',
    methods: {
      GET: 'listCatalogRolesForPrincipalRole',
      PUT: 'assignCatalogRoleToPrincipalRole',
    },
  },
  {
    path: 'principal-roles/{principalRoleName}/catalog-roles/{catalogName}/{catalogRoleName}',
    methods: { DELETE: 'revokeCatalogRoleFromPrincipalRole' },
  },
  {
    path: 'catalogs/{catalogName}/catalog-roles',
    methods: { GET: 'listCatalogRoles', POST: 'createCatalogRole' },
  },
  {
    path: 'catalogs/{catalogName}/catalog-roles/{catalogRoleName}',
    methods: {
      GET: 'getCatalogRole',
      PUT: 'updateCatalogRole',
      DELETE: 'deleteCatalogRole',
    },
  },
  {
    path: 'catalogs/{catalogName}/catalog-roles/{catalogRoleName}/principal-roles',
    methods: { GET: 'listAssigneePrincipalRolesForCatalogRole' },
  },
  {
    path: 'catalogs/{catalogName}/catalog-roles/{catalogRoleName}/grants',
    methods: {
      GET: 'listGrantsForCatalogRole',
      PUT: 'addGrantToCatalogRole',
      POST: 'revokeGrantFromCatalogRole',
    },
  },
];

/** A matched management request: its operationId and the path's names, in path order. */
export interface ManagementRoute {
  operation: string;
  names: string[];
}

/**
 * Matches a raw request path under the management base path. Throws the 404 or 405 Quarkus answers when
 * nothing matches.
 */
export function matchManagementRoute(
  method: string,
  rawPath: string,
): ManagementRoute {
  const rest = rawPath.slice(MANAGEMENT_BASE_PATH.length + 1);
  const segments = rest.split('/');
  for (const route of ROUTES) {
    const pattern = route.path.split('/');
    if (pattern.length !== segments.length) {
      continue;
    }
    const names: string[] = [];
    const matches = pattern.every((part, i) => {
      if (part.startsWith('{')) {
        const name = decode(segments[i]);
        names.push(name);
        return name !== undefined && name !== '';
      }
      return part === segments[i];
    });
    if (matches) {
      const operation = route.methods[method];
      if (!operation) {
        throw new BareAnswer(405, {
          Allow: Object.keys(route.methods).join(', '),
        });
      }
      return { operation, names };
    }
  }
  throw new BareAnswer(404);
}

function decode(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return '';
  }
}
