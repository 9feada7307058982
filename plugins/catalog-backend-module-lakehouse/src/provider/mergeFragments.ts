import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  DatasetColumn,
  datasetEntityName,
  DatasetSpec,
  LakehouseAnnotation,
  LakehouseEntityType,
  MEDALLION_LAYERS,
  MedallionLayer,
  PII_TAG,
} from '@internal/plugin-lakehouse-common';
import { DatasetFragment, DatasetSourceKind } from '../model/fragment';

/** Settings of a source that apply to the datasets it contributes. */
export interface SourceDefaults {
  kind: DatasetSourceKind;
  defaultOwner: string;
  system?: string;
}

/** Location key of every entity this provider emits. */
export const LOCATION_KEY = 'lakehouse-datasets';

// Which source is the authority for what: dbt for meaning (descriptions,
// owners, lineage, tests), Iceberg for the physical table, Trino as fallback.
const DESCRIPTIVE_ORDER: DatasetSourceKind[] = ['dbt', 'iceberg', 'trino'];
const PHYSICAL_ORDER: DatasetSourceKind[] = ['iceberg', 'trino', 'dbt'];

const TAG_PATTERN = /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/;

function toTag(text: string): string | undefined {
  const tag = text
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9:+#]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 63)
    .replace(/-+$/, '');
  return TAG_PATTERN.test(tag) ? tag : undefined;
}

function byPriority(fragments: DatasetFragment[], order: DatasetSourceKind[]) {
  return [...fragments].sort(
    (a, b) =>
      order.indexOf(a.sourceKind) - order.indexOf(b.sourceKind) ||
      a.sourceId.localeCompare(b.sourceId),
  );
}

function first<T>(
  fragments: DatasetFragment[],
  pick: (f: DatasetFragment) => T | undefined,
): T | undefined {
  for (const fragment of fragments) {
    const value = pick(fragment);
    if (value !== undefined && value !== '') return value;
  }
  return undefined;
}

const sortedUnique = (values: string[]) => [...new Set(values)].sort();

function mergeColumns(
  physicalFirst: DatasetFragment[],
  descriptiveFirst: DatasetFragment[],
): DatasetColumn[] | undefined {
  const withColumns = physicalFirst.filter(f => f.columns?.length);
  if (withColumns.length === 0) return undefined;
  // Column order comes from the physical table; columns only a
  // documentation source knows about follow.
  const names: string[] = [];
  for (const fragment of withColumns) {
    for (const column of fragment.columns!) {
      if (!names.includes(column.name)) names.push(column.name);
    }
  }
  const find = (f: DatasetFragment, name: string) =>
    f.columns?.find(c => c.name === name);
  return names.map(name => {
    const physical = (pick: (c: DatasetColumn) => any) =>
      first(physicalFirst, f => {
        const c = find(f, name);
        return c ? pick(c) : undefined;
      });
    const descriptive = (pick: (c: DatasetColumn) => any) =>
      first(descriptiveFirst, f => {
        const c = find(f, name);
        return c ? pick(c) : undefined;
      });
    const all = physicalFirst
      .map(f => find(f, name))
      .filter((c): c is DatasetColumn => !!c);
    const column: DatasetColumn = { name };
    const type = physical(c => c.type);
    if (type !== undefined) column.type = type;
    const nullable = physical(c => c.nullable);
    if (nullable !== undefined) column.nullable = nullable;
    const description = descriptive(c => c.description);
    if (description !== undefined) column.description = description;
    const tags = sortedUnique(all.flatMap(c => c.tags ?? []));
    if (tags.length) column.tags = tags;
    const tests = sortedUnique(all.flatMap(c => c.tests ?? []));
    if (tests.length) column.tests = tests;
    return column;
  });
}

function layerFromSchema(identifier: string): MedallionLayer | undefined {
  const parts = identifier.split('.');
  const schema = parts[parts.length - 2];
  return (MEDALLION_LAYERS as readonly string[]).includes(schema)
    ? (schema as MedallionLayer)
    : undefined;
}

/**
 * Merges the fragments all sources produced into one dataset entity per
 * table identifier. The output is sorted and free of undefined values, so
 * unchanged sources give identical entities. Nested values are shared with
 * the fragments, not copied.
 */
export function mergeFragments(
  fragments: DatasetFragment[],
  sources: Map<string, SourceDefaults>,
  namespace = 'default',
): Entity[] {
  const byIdentifier = new Map<string, DatasetFragment[]>();
  for (const fragment of fragments) {
    const list = byIdentifier.get(fragment.identifier);
    if (list) list.push(fragment);
    else byIdentifier.set(fragment.identifier, [fragment]);
  }
  const entityNames = new Map(
    [...byIdentifier.keys()].map(id => [id, datasetEntityName(id)]),
  );

  const entities = [...byIdentifier.entries()].map(([identifier, group]) => {
    const descriptive = byPriority(group, DESCRIPTIVE_ORDER);
    const physical = byPriority(group, PHYSICAL_ORDER);
    const defaults = descriptive
      .map(f => sources.get(f.sourceId))
      .filter((d): d is SourceDefaults => !!d);
    const sourceIds = sortedUnique(group.map(f => f.sourceId));
    const location = `${LOCATION_KEY}:${sourceIds.join(',')}`;

    const layer =
      first(descriptive, f => f.layer) ?? layerFromSchema(identifier);
    const columns = mergeColumns(physical, descriptive);
    const classification =
      first(descriptive, f => f.classification) ??
      (columns?.some(c => c.tags?.includes(PII_TAG)) ? PII_TAG : undefined);

    const annotations: Record<string, string> = {
      [ANNOTATION_LOCATION]: location,
      [ANNOTATION_ORIGIN_LOCATION]: location,
      [LakehouseAnnotation.table]: identifier,
      [LakehouseAnnotation.sourceSystems]: sortedUnique(
        group.map(f => f.sourceKind),
      ).join(','),
    };
    if (layer) annotations[LakehouseAnnotation.layer] = layer;
    if (classification)
      annotations[LakehouseAnnotation.classification] = classification;
    const freshnessSla = first(descriptive, f => f.freshnessSla?.trim());
    if (freshnessSla)
      annotations[LakehouseAnnotation.freshnessSla] = freshnessSla;
    const dbt = first(descriptive, f => f.dbt);
    if (dbt) {
      annotations[LakehouseAnnotation.dbtUniqueId] = dbt.uniqueId;
      if (dbt.project)
        annotations[LakehouseAnnotation.dbtProject] = dbt.project;
    }

    const tags = sortedUnique(
      [
        ...group.flatMap(f => f.tags ?? []),
        ...(layer ? [layer] : []),
        ...(classification ? [classification] : []),
      ]
        .map(toTag)
        .filter((t): t is string => !!t),
    );
    const linkUrls = new Set<string>();
    const links = group
      .flatMap(f => f.links ?? [])
      .filter(l => !linkUrls.has(l.url) && linkUrls.add(l.url))
      .sort((a, b) => a.url.localeCompare(b.url));

    const upstream = sortedUnique(group.flatMap(f => f.upstream ?? []))
      .filter(id => id !== identifier)
      .map(
        id =>
          `resource:${namespace}/${
            entityNames.get(id) ?? datasetEntityName(id)
          }`,
      );

    const spec: DatasetSpec = {
      type: LakehouseEntityType.dataset,
      owner:
        first(descriptive, f => f.owner) ??
        defaults[0]?.defaultOwner ??
        'unknown',
    };
    const system = defaults.find(d => d.system)?.system;
    if (system) spec.system = system;
    if (upstream.length) spec.dependsOn = upstream;
    if (columns) spec.columns = columns;
    const optional = {
      format: first(physical, f => f.format),
      location: first(physical, f => f.location),
      partitioning: first(physical, f =>
        f.partitioning?.length ? f.partitioning : undefined,
      ),
      properties: first(physical, f => f.properties),
      stats: first(physical, f => f.stats),
      currentSnapshot: first(physical, f => f.currentSnapshot),
      snapshots: first(physical, f =>
        f.snapshots?.length ? f.snapshots : undefined,
      ),
      dbt,
    };
    for (const [key, value] of Object.entries(optional)) {
      if (value !== undefined) (spec as any)[key] = value;
    }

    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: entityNames.get(identifier)!,
        namespace,
        title: first(descriptive, f => f.title) ?? identifier.split('.').pop(),
        annotations,
        tags,
      },
      spec: spec as unknown as Entity['spec'],
    };
    const description = first(descriptive, f => f.description);
    if (description) entity.metadata.description = description;
    if (links.length) entity.metadata.links = links;
    return entity;
  });
  return entities.sort((a, b) =>
    a.metadata.name.localeCompare(b.metadata.name),
  );
}
