import {
  Entity,
  RELATION_DEPENDS_ON,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  ColumnTransformation,
  FeatureServiceProjection,
  getMedallionLayer,
  getTableIdentifier,
  isDataset,
  isFeatureService,
  isFeatureView,
} from '@internal/plugin-lakehouse-common';
import { LineageIndex } from './LineageIndex';

/** Column lineage parsed from a dataset's SQL (see ../columns). */
export interface SqlColumnLineage {
  table: string;
  columns: {
    name: string;
    inputs: {
      table: string;
      column: string;
      transformation: ColumnTransformation;
      subtype?: string;
    }[];
  }[];
}

/** A dataset as OpenLineage names it, and the catalog table it maps to. */
export interface JobDataset {
  namespace: string;
  name: string;
  table?: string;
}

/** What an OpenLineage job last read and wrote (see ../openlineage). */
export interface JobLineage {
  namespace: string;
  name: string;
  producer: string;
  inputs: JobDataset[];
  outputs: (JobDataset & {
    columnLineage?: {
      output: string;
      inputs: (JobDataset & {
        field: string;
        transformation?: ColumnTransformation;
        subtype?: string;
      })[];
    }[];
  })[];
}

/** Producer of edges that come from the catalog's relations and specs. */
export const CATALOG_PRODUCER = 'catalog';
/** Producer of column edges parsed from dbt SQL. */
export const SQL_PRODUCER = 'sql';

const refOf = (entity: Entity) => stringifyEntityRef(entity);

function columnsOf(entity: Entity): string[] | undefined {
  let list: unknown;
  if (isDataset(entity)) list = entity.spec?.columns;
  else if (isFeatureView(entity)) list = entity.spec?.features;
  if (!Array.isArray(list)) return undefined;
  const names = list
    .map(c => (c as { name?: unknown })?.name)
    .filter((n): n is string => typeof n === 'string');
  return names.length ? names : undefined;
}

function ownerOf(entity: Entity): string | undefined {
  const owned = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (owned) return owned.targetRef;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner, {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

function upstreamRefs(entity: Entity): string[] {
  const fromRelations = (entity.relations ?? [])
    .filter(r => r.type === RELATION_DEPENDS_ON)
    .map(r => r.targetRef);
  if (fromRelations.length) return fromRelations;
  // Entities not processed by the catalog yet have only their spec.
  return ((entity.spec?.dependsOn as string[] | undefined) ?? []).flatMap(
    ref => {
      try {
        return [
          stringifyEntityRef(
            parseEntityRef(ref, {
              defaultNamespace: entity.metadata.namespace ?? 'default',
            }),
          ),
        ];
      } catch {
        return [];
      }
    },
  );
}

const openLineageId = (namespace: string, name: string) =>
  `openlineage:${namespace}/${name}`;

/**
 * Builds the lineage of the lakehouse from the catalog's entities (their
 * dependsOn relations; the features a feature view takes from its
 * dataset's columns and a feature service from its views), the column
 * lineage parsed from dbt SQL, and what OpenLineage producers reported.
 */
export function buildLineageIndex(input: {
  entities: Entity[];
  sqlLineage: SqlColumnLineage[];
  jobs: JobLineage[];
}): LineageIndex {
  const index = new LineageIndex();
  const byTable = new Map<string, string>();
  const byRef = new Map<string, Entity>();

  for (const entity of input.entities) {
    const ref = refOf(entity);
    byRef.set(ref, entity);
    const table = getTableIdentifier(entity)?.toLocaleLowerCase('en-US');
    if (table) byTable.set(table, ref);
    const layer = getMedallionLayer(entity);
    const columns = columnsOf(entity);
    const owner = ownerOf(entity);
    index.addNode({
      id: ref,
      entityRef: ref,
      kind: entity.kind,
      ...(typeof entity.spec?.type === 'string'
        ? { type: entity.spec.type }
        : {}),
      title: entity.metadata.title ?? entity.metadata.name,
      ...(owner ? { owner } : {}),
      ...(columns ? { columns } : {}),
      ...(layer ? { layer } : {}),
    });
  }

  // Whole-entity lineage: what each entity depends on is upstream of it.
  for (const entity of input.entities) {
    const ref = refOf(entity);
    for (const upstream of upstreamRefs(entity)) {
      if (!index.hasNode(upstream)) {
        index.addNode({
          id: upstream,
          entityRef: upstream,
          kind: parseEntityRef(upstream).kind,
          title: parseEntityRef(upstream).name,
        });
      }
      index.addEdge({
        source: upstream,
        target: ref,
        producer: CATALOG_PRODUCER,
      });
    }
  }

  // Column lineage of dbt models, parsed from their SQL.
  for (const model of input.sqlLineage) {
    const target = byTable.get(model.table);
    if (!target) continue;
    for (const column of model.columns) {
      for (const source of column.inputs) {
        const from = byTable.get(source.table);
        if (!from) continue;
        index.addColumnEdge({
          source: from,
          sourceColumn: source.column,
          target,
          targetColumn: column.name,
          transformation: source.transformation,
          ...(source.subtype ? { subtype: source.subtype } : {}),
          producer: SQL_PRODUCER,
        });
      }
    }
  }

  // A feature view serves the columns of its source dataset under their
  // names; a feature service serves the features it selects from its views.
  for (const entity of input.entities) {
    if (isFeatureView(entity)) featureViewColumns(entity, index, byRef);
    if (isFeatureService(entity)) featureServiceColumns(entity, index, byRef);
  }

  addOpenLineage(index, input.jobs, byTable);
  index.seal();
  return index;
}

function featureViewColumns(
  view: Entity,
  index: LineageIndex,
  byRef: Map<string, Entity>,
) {
  const features = columnsOf(view) ?? [];
  const sources = [
    (view.spec?.source as { dataset?: string } | undefined)?.dataset,
    ...upstreamRefs(view),
  ].filter((ref): ref is string => !!ref);
  const dataset = sources
    .map(ref => byRef.get(ref))
    .find(entity => entity && isDataset(entity));
  if (!dataset) return;
  const columns = new Set(columnsOf(dataset) ?? []);
  for (const feature of features) {
    if (!columns.has(feature)) continue;
    index.addColumnEdge({
      source: refOf(dataset),
      sourceColumn: feature,
      target: refOf(view),
      targetColumn: feature,
      transformation: 'DIRECT',
      subtype: 'IDENTITY',
      producer: CATALOG_PRODUCER,
    });
  }
}

function featureServiceColumns(
  service: Entity,
  index: LineageIndex,
  byRef: Map<string, Entity>,
) {
  const projections =
    (service.spec?.features as FeatureServiceProjection[] | undefined) ?? [];
  const served: string[] = [];
  for (const projection of projections) {
    const view = projection.featureView
      ? byRef.get(projection.featureView)
      : undefined;
    if (!view) continue;
    for (const feature of projection.select ?? columnsOf(view) ?? []) {
      served.push(feature);
      index.addColumnEdge({
        source: refOf(view),
        sourceColumn: feature,
        target: refOf(service),
        targetColumn: feature,
        transformation: 'DIRECT',
        subtype: 'IDENTITY',
        producer: CATALOG_PRODUCER,
      });
    }
  }
  if (served.length) {
    index.addNode({ ...index.getNode(refOf(service))!, columns: served });
  }
}

function addOpenLineage(
  index: LineageIndex,
  jobs: JobLineage[],
  byTable: Map<string, string>,
) {
  const datasetNode = (dataset: JobDataset) => {
    const catalogRef = dataset.table ? byTable.get(dataset.table) : undefined;
    if (catalogRef) return catalogRef;
    const id = openLineageId(dataset.namespace, dataset.name);
    if (!index.hasNode(id)) {
      index.addNode({ id, kind: 'dataset', title: dataset.name });
    }
    return id;
  };
  for (const job of jobs) {
    const jobId = openLineageId(job.namespace, job.name);
    index.addNode({ id: jobId, kind: 'job', title: job.name });
    for (const input of job.inputs) {
      index.addEdge({
        source: datasetNode(input),
        target: jobId,
        producer: job.producer,
      });
    }
    for (const output of job.outputs) {
      const target = datasetNode(output);
      index.addEdge({ source: jobId, target, producer: job.producer });
      for (const field of output.columnLineage ?? []) {
        for (const source of field.inputs) {
          index.addColumnEdge(
            {
              source: datasetNode(source),
              sourceColumn: source.field,
              target,
              targetColumn: field.output,
              ...(source.transformation
                ? { transformation: source.transformation }
                : {}),
              ...(source.subtype ? { subtype: source.subtype } : {}),
              producer: job.producer,
            },
            { throughOtherNodes: true },
          );
        }
      }
    }
  }
}
