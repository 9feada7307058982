import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  LakehouseAnnotation,
  MEDALLION_LAYERS,
  MedallionLayer,
} from './constants';

const MAX_NAME_LENGTH = 63;

// FNV-1a: small, dependency-free and stable across runtimes, which keeps
// generated names identical between the browser and the backend.
function fnv1a(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0).toString(16).padStart(8, '0');
}

/**
 * Turns any identifier (a table identifier, a feature view name, a model
 * name) into a valid, stable entity name. Names longer than the catalog's
 * 63 characters keep a readable prefix and a hash suffix, so two long
 * identifiers never collide.
 * @public
 */
export function toEntityName(identifier: string): string {
  const cleaned = identifier
    .trim()
    .toLocaleLowerCase('en-US')
    .replace(/[^a-z0-9_.-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/[^a-z0-9]+$/, '')
    .replace(/([-_.])[-_.]+/g, '$1');
  if (!cleaned) {
    throw new Error(`Cannot derive an entity name from "${identifier}"`);
  }
  // Identifiers that survive cleaning unchanged (up to case) keep their
  // name; anything rewritten or too long gets a hash suffix so that two
  // different identifiers cannot end up as the same entity.
  const lossless = cleaned === identifier.trim().toLocaleLowerCase('en-US');
  if (lossless && cleaned.length <= MAX_NAME_LENGTH) {
    return cleaned;
  }
  const suffix = fnv1a(identifier);
  const room = MAX_NAME_LENGTH - suffix.length - 1;
  const prefix = cleaned.slice(0, room).replace(/[^a-z0-9]+$/, '');
  return `${prefix}-${suffix}`;
}

/**
 * The parts of a table identifier `catalog.schema.table`. Iceberg
 * namespaces may have several levels; they are joined with dots in `schema`.
 * @public
 */
export interface TableIdentifier {
  catalog: string;
  schema: string;
  table: string;
}

/** Parses `catalog.schema.table` (schema may contain dots). @public */
export function parseTableIdentifier(identifier: string): TableIdentifier {
  const parts = identifier.split('.');
  if (parts.length < 3 || parts.some(p => p.length === 0)) {
    throw new Error(
      `Invalid table identifier "${identifier}": expected catalog.schema.table`,
    );
  }
  return {
    catalog: parts[0],
    schema: parts.slice(1, -1).join('.'),
    table: parts[parts.length - 1],
  };
}

/** Formats a table identifier, lower-cased as Trino and Iceberg REST report them. @public */
export function formatTableIdentifier(id: TableIdentifier): string {
  return [id.catalog, id.schema, id.table]
    .map(p => p.toLocaleLowerCase('en-US'))
    .join('.');
}

/** Entity name of the dataset for a table identifier. @public */
export function datasetEntityName(tableIdentifier: string): string {
  return toEntityName(
    formatTableIdentifier(parseTableIdentifier(tableIdentifier)),
  );
}

/** Entity ref of the dataset for a table identifier. @public */
export function datasetEntityRef(
  tableIdentifier: string,
  namespace: string = DEFAULT_NAMESPACE,
): string {
  return stringifyEntityRef({
    kind: 'Resource',
    namespace,
    name: datasetEntityName(tableIdentifier),
  });
}

/** The table identifier a dataset entity stands for, if annotated. @public */
export function getTableIdentifier(entity: Entity): string | undefined {
  return entity.metadata.annotations?.[LakehouseAnnotation.table];
}

/** The medallion layer of a dataset entity, if known. @public */
export function getMedallionLayer(entity: Entity): MedallionLayer | undefined {
  const layer = entity.metadata.annotations?.[LakehouseAnnotation.layer];
  return (MEDALLION_LAYERS as readonly string[]).includes(layer ?? '')
    ? (layer as MedallionLayer)
    : undefined;
}

/** The source systems an entity was read from. @public */
export function getSourceSystems(entity: Entity): string[] {
  const value =
    entity.metadata.annotations?.[LakehouseAnnotation.sourceSystems];
  return value
    ? value
        .split(',')
        .map(s => s.trim())
        .filter(Boolean)
    : [];
}

/**
 * Entity refs this entity depends on (its upstream in lineage), taken from
 * the relations the catalog computed, falling back to `spec.dependsOn` for
 * entities that were not processed yet.
 * @public
 */
export function getUpstreamRefs(entity: Entity): string[] {
  const fromRelations = (entity.relations ?? [])
    .filter(r => r.type === 'dependsOn')
    .map(r => r.targetRef);
  if (fromRelations.length > 0) {
    return fromRelations;
  }
  const declared = (entity.spec?.dependsOn as string[] | undefined) ?? [];
  return declared.map(ref =>
    stringifyEntityRef(
      parseEntityRef(ref, {
        defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
      }),
    ),
  );
}

/** Entity refs that depend on this entity (its downstream in lineage). @public */
export function getDownstreamRefs(entity: Entity): string[] {
  return (entity.relations ?? [])
    .filter(r => r.type === 'dependencyOf')
    .map(r => r.targetRef);
}
