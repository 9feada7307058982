import { createHash } from 'node:crypto';
import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  DatasetDbtInfo,
  getTableIdentifier,
  isDataset,
  LakehouseAnnotation,
  LakehouseEntityType,
} from '@internal/plugin-lakehouse-common';
import { extractColumnLineage, resolveDbtJinja, SqlModel } from '../columns';
import { SqlColumnLineage } from './buildLineageIndex';

/** The lakehouse entities the lineage is made of. */
const LINEAGE_FILTER = [
  {
    kind: 'resource',
    'spec.type': [
      LakehouseEntityType.dataset,
      LakehouseEntityType.featureView,
      LakehouseEntityType.featureService,
      LakehouseEntityType.aiModel,
    ],
  },
  {
    kind: 'component',
    'spec.type': [
      LakehouseEntityType.modelServer,
      LakehouseEntityType.dataPipeline,
      LakehouseEntityType.mlPipeline,
    ],
  },
];

/** Only what the lineage needs: a catalog of 50,000 datasets stays small in memory. */
const LINEAGE_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.type',
  'spec.owner',
  'spec.dependsOn',
  'spec.columns',
  'spec.features',
  'spec.source',
  'spec.dbt.uniqueId',
  'spec.dbt.project',
  'spec.dbt.resourceType',
  'spec.dbt.rawSql',
  'spec.dbt.compiledSql',
  'relations',
];

/** Reads every lakehouse entity with the plugin's own credentials, page by page. */
export async function readLineageEntities(
  catalog: CatalogService,
  auth: AuthService,
): Promise<Entity[]> {
  const credentials = await auth.getOwnServiceCredentials();
  const entities: Entity[] = [];
  for await (const page of catalog.streamEntities(
    { filter: LINEAGE_FILTER, fields: LINEAGE_FIELDS },
    { credentials },
  )) {
    entities.push(...page);
  }
  return entities;
}

/** The entity refs among `refs` that `credentials` may see, asked in batches. */
export async function visibleEntityRefs(
  catalog: CatalogService,
  refs: string[],
  credentials: BackstageCredentials,
): Promise<Set<string>> {
  const visible = new Set<string>();
  for (let i = 0; i < refs.length; i += 500) {
    const batch = refs.slice(i, i + 500);
    const { items } = await catalog.getEntitiesByRefs(
      {
        entityRefs: batch,
        fields: ['kind', 'metadata.namespace', 'metadata.name'],
      },
      { credentials },
    );
    items.forEach((item, n) => {
      if (item) visible.add(batch[n]);
    });
  }
  return visible;
}

/** A dbt node of a dataset: where its SQL and its ref() names come from. */
function dbtOf(entity: Entity): DatasetDbtInfo | undefined {
  return isDataset(entity)
    ? (entity.spec?.dbt as DatasetDbtInfo | undefined)
    : undefined;
}

const columnNames = (entity: Entity): string[] | undefined => {
  const columns = entity.spec?.columns;
  if (!Array.isArray(columns)) return undefined;
  const names = columns
    .map(c => (c as { name?: unknown })?.name)
    .filter((n): n is string => typeof n === 'string');
  return names.length ? names : undefined;
};

/**
 * The column lineage of every dbt model among the datasets: compiled SQL
 * where the manifest stores it, else raw SQL with ref() and source()
 * resolved to the tables of the catalog's datasets. The result is kept
 * while the models' SQL and columns stay the same.
 */
export function createSqlLineage(options: {
  onProblems?: (problems: string[]) => void;
}) {
  let cached: { key: string; lineage: SqlColumnLineage[] } | undefined;
  return (entities: Entity[]): SqlColumnLineage[] => {
    const datasets = entities.filter(isDataset);
    const tables = new Map<string, string>();
    const columns = new Map<string, string[]>();
    // dbt nodes by project and name, for ref(); sources by project, source and table.
    const byDbtName = new Map<string, string>();
    for (const dataset of datasets) {
      const table = getTableIdentifier(dataset)?.toLocaleLowerCase('en-US');
      if (!table) continue;
      tables.set(stringifyEntityRef(dataset), table);
      const names = columnNames(dataset);
      if (names) columns.set(table, names);
      const uniqueId =
        dbtOf(dataset)?.uniqueId ??
        dataset.metadata.annotations?.[LakehouseAnnotation.dbtUniqueId];
      if (uniqueId) {
        const [type, project, ...rest] = uniqueId.split('.');
        byDbtName.set(`${type}:${project}:${rest.join('.')}`, table);
        byDbtName.set(`${type}:*:${rest.join('.')}`, table);
      }
    }
    const models: SqlModel[] = [];
    const unresolved: string[] = [];
    for (const dataset of datasets) {
      const dbt = dbtOf(dataset);
      const table = tables.get(stringifyEntityRef(dataset));
      if (!dbt || !table || dbt.resourceType === 'source') continue;
      const project = dbt.project ?? '*';
      const ref = (name: string, packageName?: string) =>
        ['model', 'seed', 'snapshot']
          .map(type =>
            byDbtName.get(`${type}:${packageName ?? project}:${name}`),
          )
          .find(Boolean) ??
        ['model', 'seed', 'snapshot']
          .map(type => byDbtName.get(`${type}:*:${name}`))
          .find(Boolean);
      let sql = dbt.compiledSql;
      if (!sql && dbt.rawSql) {
        try {
          sql = resolveDbtJinja(dbt.rawSql, {
            ref,
            source: (source, name) =>
              byDbtName.get(`source:${project}:${source}.${name}`) ??
              byDbtName.get(`source:*:${source}.${name}`),
          });
        } catch (error) {
          // One model whose refs cannot be resolved loses only its own lineage.
          unresolved.push(`${table}: ${(error as Error).message}`);
          continue;
        }
      }
      if (!sql) continue;
      models.push({ table, sql, declaredColumns: columns.get(table) });
    }
    const key = createHash('sha256')
      .update(JSON.stringify(models))
      .update(JSON.stringify([...columns]))
      .digest('hex');
    if (cached?.key === key) return cached.lineage;
    const results = extractColumnLineage(models, {
      knownColumns: table => columns.get(table),
    });
    const problems = [...unresolved, ...results.flatMap(r => r.problems)];
    if (problems.length) options.onProblems?.(problems);
    const lineage = results.map(r => ({ table: r.table, columns: r.columns }));
    cached = { key, lineage };
    return lineage;
  };
}
