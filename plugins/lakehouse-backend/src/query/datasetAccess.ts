import {
  AuthService,
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  datasetEntityRef,
  getTableIdentifier,
  isDataset,
  LakehouseAnnotation,
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

/** Where a statement's unqualified table names resolve. */
export interface StatementDefaults {
  catalog?: string;
  schema?: string;
}

/**
 * The catalog and schema a statement's unqualified names resolve to: those
 * of the request, else the engine's (a request naming only a catalog gets
 * no default schema, as the engine does).
 */
export function statementDefaults(
  engine: { defaultCatalog?: string; defaultSchema?: string },
  request: StatementDefaults,
): StatementDefaults {
  return {
    catalog: request.catalog ?? engine.defaultCatalog,
    schema:
      request.schema ?? (request.catalog ? undefined : engine.defaultSchema),
  };
}

/** A catalogued dataset a statement reads. */
export interface ReadDataset {
  /** Table identifier, catalog.schema.table. */
  id: string;
  ref: string;
  entity: Entity;
}

/** A dataset the user was refused, and why. */
export interface RefusedDataset {
  /** Table identifier, catalog.schema.table. */
  table: string;
  entityRef: string;
  /** `not-visible`: the user cannot see its entity; `not-allowed`: read-data was denied. */
  reason: 'not-visible' | 'not-allowed';
}

const list = (items: string[]) => items.join(', ');

function refusalMessage(refused: RefusedDataset[]): string {
  const hidden = refused
    .filter(r => r.reason === 'not-visible')
    .map(r => r.table);
  const denied = refused
    .filter(r => r.reason === 'not-allowed')
    .map(r => r.table);
  const parts: string[] = [];
  if (hidden.length === 1) {
    parts.push(
      `You cannot see the dataset ${hidden[0]} in the catalog (catalog.entity.read), so you may not read its data`,
    );
  } else if (hidden.length > 1) {
    parts.push(
      `You cannot see the datasets ${list(
        hidden,
      )} in the catalog (catalog.entity.read), so you may not read their data`,
    );
  }
  if (denied.length) {
    parts.push(
      `${
        parts.length ? 'you are' : 'You are'
      } not allowed to read the data of ${list(
        denied,
      )} (lakehouse.dataset.read-data)`,
    );
  }
  return parts.join('; ');
}

/**
 * A statement, preview or download was refused because of datasets it reads
 * (403). Names every refused dataset and the permission that refused it.
 */
export class DatasetReadRefusedError extends NotAllowedError {
  constructor(readonly refused: RefusedDataset[]) {
    super(refusalMessage(refused));
  }
}

/**
 * The datasets of the catalog among the tables a statement reads, as the
 * given credentials see them: those named after the table and those
 * annotated with it. Pass the plugin's own credentials to find them whoever
 * may see them. Tables the catalog does not know at all are left out: they
 * are the engine's business, whose own access control (Trino's, as the
 * impersonated user) covers them.
 */
export async function catalogDatasetsRead(
  catalog: CatalogService,
  tables: string[],
  defaults: StatementDefaults,
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
  const fields = ['kind', 'metadata', 'spec.type', 'spec.owner'];
  const refs = identifiers.map(id => datasetEntityRef(id));
  const [byName, byAnnotation] = await Promise.all([
    catalog.getEntitiesByRefs({ entityRefs: refs, fields }, { credentials }),
    // A dataset registered under another name or namespace is still the
    // dataset of its table.
    catalog.getEntities(
      {
        filter: {
          kind: 'Resource',
          'spec.type': 'dataset',
          [`metadata.annotations.${LakehouseAnnotation.table}`]: identifiers,
        },
        fields,
      },
      { credentials },
    ),
  ]);
  const found = new Map<string, ReadDataset>();
  byName.items.forEach((entity, i) => {
    if (entity && isDataset(entity)) {
      found.set(refs[i], { id: identifiers[i], ref: refs[i], entity });
    }
  });
  for (const entity of byAnnotation.items) {
    const id = getTableIdentifier(entity)?.toLowerCase();
    if (!isDataset(entity) || !id || !identifiers.includes(id)) continue;
    const ref = stringifyEntityRef(entity);
    if (!found.has(ref)) found.set(ref, { id, ref, entity });
  }
  return [...found.values()];
}

/**
 * Decides whether a user may read the data of the catalogued datasets among
 * the tables a statement reads. It fails closed: the datasets are looked up
 * with the plugin's own credentials, so that one the user cannot see in the
 * catalog is refused rather than skipped, and each of the others needs
 * `lakehouse.dataset.read-data` on its entity.
 */
export class DatasetAccess {
  private constructor(
    private readonly catalog: CatalogService,
    private readonly permissions: PermissionsService,
    private readonly auth: AuthService,
  ) {}

  static create(options: {
    catalog: CatalogService;
    permissions: PermissionsService;
    auth: AuthService;
  }): DatasetAccess {
    return new DatasetAccess(
      options.catalog,
      options.permissions,
      options.auth,
    );
  }

  /**
   * The datasets of the catalog among `tables`, whoever may see them (see
   * {@link catalogDatasetsRead}).
   */
  async datasetsRead(
    tables: string[],
    defaults: StatementDefaults,
  ): Promise<ReadDataset[]> {
    return catalogDatasetsRead(
      this.catalog,
      tables,
      defaults,
      await this.auth.getOwnServiceCredentials(),
    );
  }

  /** A dataset by its entity ref, whoever may see it; undefined if the catalog has none. */
  async dataset(entityRef: string): Promise<ReadDataset | undefined> {
    const entity = await this.catalog.getEntityByRef(entityRef, {
      credentials: await this.auth.getOwnServiceCredentials(),
    });
    const id = entity && isDataset(entity) && getTableIdentifier(entity);
    return entity && id
      ? { id, ref: stringifyEntityRef(entity), entity }
      : undefined;
  }

  /**
   * Throws {@link DatasetReadRefusedError} unless the user sees every one of
   * the datasets in the catalog and may read its data.
   */
  async requireReadData(
    datasets: ReadDataset[],
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (datasets.length === 0) return;
    // The catalog applies catalog.entity.read to the user's own lookup.
    const { items } = await this.catalog.getEntitiesByRefs(
      {
        entityRefs: datasets.map(d => d.ref),
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    const visible = datasets.filter((_, i) => !!items[i]);
    const refused: RefusedDataset[] = datasets
      .filter((_, i) => !items[i])
      .map(d => ({ table: d.id, entityRef: d.ref, reason: 'not-visible' }));
    if (visible.length) {
      const decisions = await this.permissions.authorize(
        visible.map(d => ({
          permission: lakehouseDatasetReadDataPermission,
          resourceRef: d.ref,
        })),
        { credentials },
      );
      visible.forEach((d, i) => {
        if (decisions[i].result !== AuthorizeResult.ALLOW) {
          refused.push({
            table: d.id,
            entityRef: d.ref,
            reason: 'not-allowed',
          });
        }
      });
    }
    if (refused.length) throw new DatasetReadRefusedError(refused);
  }

  /** {@link DatasetAccess.requireReadData} for the datasets among a statement's tables. */
  async requireReadDataOfTables(
    tables: string[],
    defaults: StatementDefaults,
    credentials: BackstageCredentials,
  ): Promise<void> {
    await this.requireReadData(
      await this.datasetsRead(tables, defaults),
      credentials,
    );
  }
}

/**
 * Refuses (403, naming each dataset) a statement whose tables include
 * datasets the user cannot see in the catalog or may not read the data of;
 * see {@link DatasetAccess}.
 */
export async function requireReadData(
  options: {
    catalog: CatalogService;
    permissions: PermissionsService;
    auth: AuthService;
  },
  tables: string[],
  defaults: StatementDefaults,
  credentials: BackstageCredentials,
): Promise<void> {
  await DatasetAccess.create(options).requireReadDataOfTables(
    tables,
    defaults,
    credentials,
  );
}
