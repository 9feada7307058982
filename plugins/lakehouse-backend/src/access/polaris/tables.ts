import { InputError } from '@backstage/errors';
import { PolarisGrant } from './PolarisManagementClient';

/**
 * Privileges that let a principal read a table's data. Polaris hands out
 * storage credentials for reading with TABLE_READ_DATA; TABLE_WRITE_DATA's
 * credentials are read+write, and CATALOG_MANAGE_CONTENT encompasses both
 * (Polaris' access control docs). TABLE_FULL_METADATA is left out on
 * purpose: it grants every table privilege except reading and writing data.
 * Granted on the table, on an enclosing namespace or on the catalog, each
 * applies to the table.
 */
export const READ_DATA_PRIVILEGES: ReadonlySet<string> = new Set([
  'TABLE_READ_DATA',
  'TABLE_WRITE_DATA',
  'CATALOG_MANAGE_CONTENT',
]);

/** The privilege an approved access request grants. */
export const GRANTED_READ_PRIVILEGE = 'TABLE_READ_DATA';

/** Where a dataset's table lives in Polaris. */
export interface PolarisTableLocation {
  catalog: string;
  namespace: string[];
  table: string;
}

/**
 * The Polaris catalog, namespace and table of a table identifier
 * `catalog.schema.table` (a multi-level namespace has more parts). The first
 * part must be the Trino catalog backed by the Polaris catalog.
 */
export function polarisLocationOf(
  tableIdentifier: string,
  polaris: { catalog: string; trinoCatalog: string },
): PolarisTableLocation {
  const parts = tableIdentifier.split('.');
  if (parts.length < 3 || parts.some(p => !p)) {
    throw new InputError(
      `The table identifier "${tableIdentifier}" is not catalog.schema.table`,
    );
  }
  if (parts[0] !== polaris.trinoCatalog) {
    throw new InputError(
      `The table ${tableIdentifier} is in catalog "${parts[0]}", not in "${polaris.trinoCatalog}", the one Polaris catalog "${polaris.catalog}" serves (lakehouse.governance.polaris.trinoCatalog)`,
    );
  }
  return {
    catalog: polaris.catalog,
    namespace: parts.slice(1, -1),
    table: parts[parts.length - 1],
  };
}

/** What a grant is on, as the readers card shows it. */
export type GrantSecurable = {
  type: 'table' | 'namespace' | 'catalog';
  name: string;
};

/**
 * The securable of a grant that lets its holders read `location`'s data, or
 * undefined when the grant does not: a read privilege on the table itself,
 * on its namespace or a parent of it, or on the catalog.
 */
export function readSecurableOf(
  grant: PolarisGrant,
  location: PolarisTableLocation,
): GrantSecurable | undefined {
  if (!READ_DATA_PRIVILEGES.has(grant.privilege)) return undefined;
  if (grant.type === 'catalog') {
    return { type: 'catalog', name: location.catalog };
  }
  if (grant.type === 'namespace') {
    const encloses =
      grant.namespace.length <= location.namespace.length &&
      grant.namespace.every((level, i) => level === location.namespace[i]);
    return encloses
      ? { type: 'namespace', name: grant.namespace.join('.') }
      : undefined;
  }
  if (
    grant.type === 'table' &&
    grant.tableName === location.table &&
    grant.namespace.length === location.namespace.length &&
    grant.namespace.every((level, i) => level === location.namespace[i])
  ) {
    return {
      type: 'table',
      name: [...grant.namespace, grant.tableName].join('.'),
    };
  }
  return undefined;
}

/** The name of the table, view or policy a grant is on, if any. */
function leafOf(grant: PolarisGrant): string | null {
  switch (grant.type) {
    case 'table':
      return grant.tableName;
    case 'view':
      return grant.viewName;
    case 'policy':
      return grant.policyName;
    default:
      return null;
  }
}

/** Whether two grants are the same privilege on the same securable. */
export function sameGrant(a: PolarisGrant, b: PolarisGrant): boolean {
  const key = (g: PolarisGrant) =>
    JSON.stringify([
      g.type,
      g.type === 'catalog' ? [] : g.namespace,
      leafOf(g),
      g.privilege,
    ]);
  return key(a) === key(b);
}
