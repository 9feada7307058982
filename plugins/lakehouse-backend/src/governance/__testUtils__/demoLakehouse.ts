import fs from 'node:fs';
import path from 'node:path';
import { Entity } from '@backstage/catalog-model';
import {
  datasetEntityName,
  LakehouseAnnotation,
  PII_TAG,
} from '@internal/plugin-lakehouse-common';
import { buildLineageIndex } from '../../lineage/graph/buildLineageIndex';
import { createSqlLineage } from '../../lineage/graph/catalogSources';
import { LineageIndex } from '../../lineage/graph/LineageIndex';

const MANIFEST = path.resolve(
  __dirname,
  '../../../../../examples/lakehouse/dbt/target/manifest.json',
);

interface ManifestNode {
  resource_type: string;
  unique_id: string;
  name: string;
  description?: string;
  package_name: string;
  database: string;
  schema: string;
  alias?: string;
  identifier?: string;
  fqn: string[];
  raw_code?: string;
  compiled_code?: string;
  meta?: Record<string, unknown>;
  config?: { meta?: Record<string, unknown> };
  depends_on?: { nodes: string[] };
  freshness?: Record<string, { count: number | null; period: string | null }>;
  columns: Record<
    string,
    { name: string; tags?: string[]; meta?: Record<string, unknown> }
  >;
}

const LAYERS = ['raw', 'bronze', 'silver', 'gold'];

/**
 * The datasets of the demo lakehouse as the dbt provider makes them of the
 * committed demo manifest, with what classifications and lineage read:
 * column tags (tags, and `meta.classification` as a tag), the
 * `lakehouse.dev/classification` annotation (the node's classification, or
 * `pii` when a column is tagged so), owner, layer, dbt SQL and a source's
 * freshness rule.
 */
export function demoDatasets(): Entity[] {
  const manifest = JSON.parse(fs.readFileSync(MANIFEST, 'utf8'));
  const nodes: ManifestNode[] = [
    ...Object.values<ManifestNode>(manifest.sources),
    ...Object.values<ManifestNode>(manifest.nodes).filter(n =>
      ['model', 'seed'].includes(n.resource_type),
    ),
  ];
  const identifierOf = (node: ManifestNode) =>
    [node.database, node.schema, node.identifier ?? node.alias ?? node.name]
      .join('.')
      .toLocaleLowerCase('en-US');
  const refOf = (uniqueId: string) => {
    const node = nodes.find(n => n.unique_id === uniqueId);
    return node && `resource:default/${datasetEntityName(identifierOf(node))}`;
  };
  return nodes.map(node => {
    const meta = { ...node.config?.meta, ...node.meta };
    const columns = Object.values(node.columns).map(column => {
      const tags = [...(column.tags ?? [])];
      const classification = column.meta?.classification;
      if (typeof classification === 'string') {
        tags.push(classification.toLocaleLowerCase('en-US'));
      }
      return {
        name: column.name,
        ...(tags.length ? { tags: [...new Set(tags)].sort() } : {}),
      };
    });
    const classification =
      (typeof meta.classification === 'string'
        ? meta.classification
        : undefined) ??
      (columns.some(c => c.tags?.includes(PII_TAG)) ? PII_TAG : undefined);
    const identifier = identifierOf(node);
    const layer =
      node.resource_type === 'source'
        ? 'raw'
        : LAYERS.find(l => node.fqn.includes(l)) ?? node.schema;
    const owner = String(meta.owner ?? 'data-platform');
    // As the provider writes a source's freshness: "warn after 12 hour, ...".
    const freshnessRule = ['warn', 'error']
      .map(part => {
        const after = node.freshness?.[`${part}_after`];
        return after?.count
          ? `${part} after ${after.count} ${after.period}`
          : '';
      })
      .filter(Boolean)
      .join(', ');
    return {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: datasetEntityName(identifier),
        namespace: 'default',
        title: node.name,
        ...(node.description ? { description: node.description } : {}),
        annotations: {
          [LakehouseAnnotation.table]: identifier,
          [LakehouseAnnotation.layer]: layer,
          [LakehouseAnnotation.sourceSystems]: 'dbt',
          [LakehouseAnnotation.dbtUniqueId]: node.unique_id,
          ...(classification
            ? { [LakehouseAnnotation.classification]: classification }
            : {}),
        },
      },
      spec: {
        type: 'dataset',
        owner: `group:default/${owner}`,
        dependsOn: (node.depends_on?.nodes ?? [])
          .map(refOf)
          .filter((r): r is string => !!r),
        columns,
        dbt: {
          uniqueId: node.unique_id,
          resourceType: node.resource_type,
          project: node.package_name,
          ...(node.compiled_code ? { compiledSql: node.compiled_code } : {}),
          ...(node.raw_code ? { rawSql: node.raw_code } : {}),
          ...(freshnessRule ? { freshnessRule } : {}),
        },
      },
    } as Entity;
  });
}

/** The lineage index of the demo datasets, with the column lineage of their dbt SQL. */
export function demoLineageIndex(entities = demoDatasets()): LineageIndex {
  const problems: string[] = [];
  const sqlLineage = createSqlLineage({
    onProblems: found => problems.push(...found),
  })(entities);
  if (problems.length) {
    throw new Error(`The demo's column lineage is incomplete: ${problems}`);
  }
  return buildLineageIndex({ entities, sqlLineage, jobs: [] });
}
