import {
  DEFAULT_NAMESPACE,
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import {
  getMedallionLayer,
  getSourceSystems,
  getTableIdentifier,
} from '@internal/plugin-lakehouse-common';

/** What the user narrowed the dataset list to; an empty string means any. */
export interface DatasetFilters {
  /** Free text matched against name, title, table identifier and description. */
  query: string;
  /** A medallion layer, or `unknown` for datasets outside the medallion. */
  layer: string;
  /** An owner entity ref, lower-cased. */
  owner: string;
  /** A source system, lower-cased. */
  source: string;
}

export const NO_FILTERS: DatasetFilters = {
  query: '',
  layer: '',
  owner: '',
  source: '',
};

/** Filter value of the datasets that have no (valid) medallion layer. */
export const UNKNOWN_LAYER = 'unknown';

const lower = (s: string) => s.toLocaleLowerCase('en-US');

export function hasActiveFilters(filters: DatasetFilters): boolean {
  return (
    filters.query.trim() !== '' ||
    filters.layer !== '' ||
    filters.owner !== '' ||
    filters.source !== ''
  );
}

/** The layer a dataset is filtered by. */
export function layerOf(entity: Entity): string {
  return getMedallionLayer(entity) ?? UNKNOWN_LAYER;
}

/**
 * Owner refs of a dataset, lower-cased: the ownedBy relations the catalog
 * computed, or spec.owner for an entity that was not processed yet.
 */
export function ownersOf(entity: Entity): string[] {
  const fromRelations = (entity.relations ?? [])
    .filter(r => r.type === RELATION_OWNED_BY)
    .map(r => lower(r.targetRef));
  if (fromRelations.length > 0) return fromRelations;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner) return [];
  try {
    return [
      lower(
        stringifyEntityRef(
          parseEntityRef(owner, {
            defaultKind: 'group',
            defaultNamespace: entity.metadata.namespace ?? DEFAULT_NAMESPACE,
          }),
        ),
      ),
    ];
  } catch {
    return [];
  }
}

/** Source systems of a dataset, lower-cased. */
export function sourcesOf(entity: Entity): string[] {
  return getSourceSystems(entity).map(lower);
}

function matchesQuery(entity: Entity, query: string): boolean {
  const needle = lower(query.trim());
  if (!needle) return true;
  return [
    entity.metadata.name,
    entity.metadata.title,
    getTableIdentifier(entity),
    entity.metadata.description,
  ].some(text => typeof text === 'string' && lower(text).includes(needle));
}

/** The datasets that pass every filter, in their original order. */
export function filterDatasets(
  datasets: Entity[],
  filters: DatasetFilters,
): Entity[] {
  return datasets.filter(
    entity =>
      matchesQuery(entity, filters.query) &&
      (!filters.layer || layerOf(entity) === filters.layer) &&
      (!filters.owner || ownersOf(entity).includes(filters.owner)) &&
      (!filters.source || sourcesOf(entity).includes(filters.source)),
  );
}
