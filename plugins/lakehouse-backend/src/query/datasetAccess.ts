import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  datasetEntityRef,
  isDataset,
  lakehouseDatasetReadDataPermission,
} from '@internal/plugin-lakehouse-common';

/** Qualifies a table name with the default catalog and schema, as the engine would. */
export function qualifyTable(
  table: string,
  catalog?: string,
  schema?: string,
): string | undefined {
  const parts = table.split('.');
  if (parts.length === 3) return table;
  if (parts.length === 2 && catalog) return `${catalog}.${table}`;
  if (parts.length === 1 && catalog && schema)
    return `${catalog}.${schema}.${table}`;
  return undefined;
}

/** A catalogued dataset a statement reads. */
export interface ReadDataset {
  /** Table identifier, catalog.schema.table. */
  id: string;
  ref: string;
  entity: Entity;
}

/**
 * The datasets of the catalog among the tables a statement reads, looked up
 * with the given credentials (tables the catalog does not know are left out:
 * the engine's own access control covers them).
 */
export async function catalogDatasetsRead(
  catalog: CatalogService,
  tables: string[],
  defaults: { catalog?: string; schema?: string },
  credentials: BackstageCredentials,
): Promise<ReadDataset[]> {
  const identifiers = [
    ...new Set(
      tables
        .map(t =>
          qualifyTable(t.toLowerCase(), defaults.catalog, defaults.schema),
        )
        .filter((t): t is string => !!t),
    ),
  ];
  if (identifiers.length === 0) return [];
  const refs = identifiers.map(id => datasetEntityRef(id));
  const { items } = await catalog.getEntitiesByRefs(
    {
      entityRefs: refs,
      fields: ['kind', 'metadata', 'spec.type', 'spec.owner'],
    },
    { credentials },
  );
  return items
    .map((entity, i) =>
      entity && isDataset(entity)
        ? { id: identifiers[i], ref: refs[i], entity }
        : undefined,
    )
    .filter((x): x is ReadDataset => !!x);
}

/**
 * Datasets in the catalog that a statement reads must allow the user to read
 * their data (lakehouse.dataset.read-data), whatever the engine; the error
 * names every dataset refused.
 */
export async function requireReadData(
  options: { catalog: CatalogService; permissions: PermissionsService },
  tables: string[],
  defaults: { catalog?: string; schema?: string },
  credentials: BackstageCredentials,
): Promise<void> {
  const known = await catalogDatasetsRead(
    options.catalog,
    tables,
    defaults,
    credentials,
  );
  if (known.length === 0) return;
  const decisions = await options.permissions.authorize(
    known.map(k => ({
      permission: lakehouseDatasetReadDataPermission,
      resourceRef: k.ref,
    })),
    { credentials },
  );
  const denied = known
    .filter((_, i) => decisions[i].result !== AuthorizeResult.ALLOW)
    .map(k => k.id);
  if (denied.length) {
    throw new NotAllowedError(
      `You are not allowed to read the data of ${denied.join(
        ', ',
      )} (lakehouse.dataset.read-data)`,
    );
  }
}
