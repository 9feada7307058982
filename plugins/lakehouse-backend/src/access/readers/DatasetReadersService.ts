import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DatasetReader,
  GroupGrantsResponse,
  LakehouseAnnotation,
} from '@internal/plugin-lakehouse-common';
import { normalizeEntityRef, visibleDataset } from '../datasets';
import { PolarisConfig } from '../polaris/config';
import {
  PolarisAccessCache,
  PolarisAccessSnapshot,
} from '../polaris/PolarisAccessCache';
import {
  PolarisTableLocation,
  polarisLocationOf,
  READ_DATA_PRIVILEGES,
  readSecurableOf,
} from '../polaris/tables';
import {
  DatasetReadersAnswer,
  GroupGrantsAnswer,
  POLARIS_NOT_CONFIGURED,
} from '../types';

/** What {@link DatasetReadersService} needs. */
export interface DatasetReadersServiceOptions {
  /** Undefined when `lakehouse.governance.polaris` is not set. */
  polaris?: { config: PolarisConfig; cache: PolarisAccessCache };
  catalog: CatalogService;
}

/** Every reader of a table in a snapshot, one per privilege, securable, catalog role and principal role. */
export function readersIn(
  snapshot: PolarisAccessSnapshot,
  location: PolarisTableLocation,
  config: Pick<PolarisConfig, 'principals' | 'principalRoles'>,
): DatasetReader[] {
  const readers: DatasetReader[] = [];
  for (const role of snapshot.catalogRoles) {
    for (const grant of role.grants) {
      const securable = readSecurableOf(grant, location);
      if (!securable) continue;
      // A catalog role no principal role holds gives nobody access.
      for (const principalRole of role.principalRoles) {
        readers.push({
          privilege: grant.privilege,
          securable,
          catalogRole: role.name,
          principalRole,
          groupRef: config.principalRoles.get(principalRole),
          principals: (snapshot.principalsOf.get(principalRole) ?? []).map(
            name => ({ name, userRef: config.principals.get(name) }),
          ),
        });
      }
    }
  }
  return readers;
}

/**
 * "Who can read this": the Polaris grants that let principals read a
 * dataset's data, through which catalog and principal roles, mapped to
 * Backstage users and groups; and, per group, what its principal roles let
 * it read.
 */
export class DatasetReadersService {
  private constructor(private readonly options: DatasetReadersServiceOptions) {}

  static create(options: DatasetReadersServiceOptions): DatasetReadersService {
    return new DatasetReadersService(options);
  }

  /** The readers of a dataset the user may see (404 otherwise). */
  async readersOf(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<DatasetReadersAnswer> {
    const dataset = await visibleDataset(
      this.options.catalog,
      entityRef,
      credentials,
    );
    const polaris = this.options.polaris;
    if (!polaris) {
      return {
        configured: false,
        message: POLARIS_NOT_CONFIGURED,
        entityRef: dataset.entityRef,
        readers: [],
      };
    }
    const location = polarisLocationOf(dataset.table, polaris.config);
    const snapshot = await polaris.cache.get();
    return {
      configured: true,
      entityRef: dataset.entityRef,
      polaris: location,
      readers: readersIn(snapshot, location, polaris.config),
    };
  }

  /** What the principal roles mapped to a group let it read. */
  async grantsOfGroup(
    groupRef: string,
    credentials: BackstageCredentials,
  ): Promise<GroupGrantsAnswer> {
    const group = normalizeEntityRef(groupRef, 'group', 'group');
    const polaris = this.options.polaris;
    if (!polaris) {
      return {
        configured: false,
        message: POLARIS_NOT_CONFIGURED,
        group,
        principalRoles: [],
        grants: [],
      };
    }
    const { config } = polaris;
    const principalRoles = [...config.principalRoles]
      .filter(([, ref]) => ref === group)
      .map(([role]) => role);
    const snapshot = await polaris.cache.get();
    const grants: GroupGrantsResponse['grants'] = [];
    for (const role of snapshot.catalogRoles) {
      for (const principalRole of principalRoles) {
        if (!role.principalRoles.includes(principalRole)) continue;
        for (const grant of role.grants) {
          if (!READ_DATA_PRIVILEGES.has(grant.privilege)) continue;
          if (grant.type === 'catalog') {
            grants.push({
              privilege: grant.privilege,
              securable: { type: 'catalog', name: snapshot.catalog },
              catalogRole: role.name,
              principalRole,
            });
          } else if (grant.type === 'namespace' || grant.type === 'table') {
            const name = [
              ...grant.namespace,
              ...(grant.type === 'table' ? [grant.tableName] : []),
            ].join('.');
            grants.push({
              privilege: grant.privilege,
              securable: { type: grant.type, name },
              catalogRole: role.name,
              principalRole,
            });
          }
        }
      }
    }
    await this.linkDatasets(grants, config.trinoCatalog, credentials);
    return { configured: true, group, principalRoles, grants };
  }

  /** Adds the dataset each table grant is about, when the user may see it. */
  private async linkDatasets(
    grants: GroupGrantsResponse['grants'],
    trinoCatalog: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    const tables = grants.filter(g => g.securable.type === 'table');
    if (!tables.length) return;
    const identifier = (name: string) => `${trinoCatalog}.${name}`;
    const { items } = await this.options.catalog.getEntities(
      {
        filter: {
          [`metadata.annotations.${LakehouseAnnotation.table}`]: [
            ...new Set(tables.map(g => identifier(g.securable.name))),
          ],
        },
        fields: [
          'kind',
          'metadata.name',
          'metadata.namespace',
          'metadata.annotations',
        ],
      },
      { credentials },
    );
    const byTable = new Map(
      items.map(e => [
        e.metadata.annotations?.[LakehouseAnnotation.table],
        stringifyEntityRef(e),
      ]),
    );
    for (const grant of tables) {
      const entityRef = byTable.get(identifier(grant.securable.name));
      if (entityRef) grant.entityRef = entityRef;
    }
  }
}
