import type {
  DbtManifest,
  DbtNode,
  DbtSource,
} from '@internal/plugin-lakehouse-node';
import { resolveDbtJinja } from './resolveDbtJinja';
import { SqlModel } from './types';

type DbtRelationNode = DbtNode | DbtSource;

const relationOf = (node: DbtRelationNode) =>
  [
    node.database,
    node.schema,
    ('identifier' in node ? node.identifier : undefined) ??
      ('alias' in node ? node.alias : undefined) ??
      node.name,
  ]
    .filter(Boolean)
    .join('.')
    .toLowerCase();

const columnsOf = (node: DbtRelationNode) => {
  const names = Object.entries(node.columns ?? {}).map(
    ([key, column]) => column.name ?? key,
  );
  return names.length ? names : undefined;
};

/**
 * The SQL models of a dbt manifest (models and snapshots, their compiled SQL,
 * or their raw SQL with `ref()`/`source()` resolved from the manifest) and
 * the columns it lists for seeds and sources.
 */
export function dbtManifestModels(manifest: DbtManifest): {
  models: SqlModel[];
  knownColumns(table: string): string[] | undefined;
  /** Models whose raw SQL could not be resolved, each with the reason. */
  problems: string[];
} {
  const nodes = Object.values(manifest.nodes ?? {});
  const sources = Object.values(manifest.sources ?? {});
  const relations = nodes.filter(node =>
    ['model', 'snapshot', 'seed'].includes(node.resource_type),
  );
  const ref = (name: string, packageName?: string) => {
    const node = relations.find(
      candidate =>
        candidate.name === name &&
        (!packageName || candidate.package_name === packageName),
    );
    return node && relationOf(node);
  };
  const source = (sourceName: string, tableName: string) => {
    const node = sources.find(
      candidate =>
        candidate.source_name === sourceName && candidate.name === tableName,
    );
    return node && relationOf(node);
  };

  const known = new Map<string, string[]>();
  for (const node of [...sources, ...relations]) {
    const columns = columnsOf(node);
    if (
      node.resource_type !== 'model' &&
      node.resource_type !== 'snapshot' &&
      columns
    ) {
      known.set(relationOf(node), columns);
    }
  }
  const models: SqlModel[] = [];
  const problems: string[] = [];
  for (const node of relations) {
    if (node.resource_type === 'seed') continue;
    if (node.language && node.language !== 'sql') continue;
    const table = relationOf(node);
    let sql = node.compiled_code ?? undefined;
    if (sql === undefined) {
      try {
        sql = resolveDbtJinja(node.raw_code ?? '', { ref, source });
      } catch (error) {
        problems.push(`${table}: ${(error as Error).message}`);
        continue;
      }
    }
    models.push({ table, sql, declaredColumns: columnsOf(node) });
  }
  return { models, knownColumns: table => known.get(table), problems };
}
