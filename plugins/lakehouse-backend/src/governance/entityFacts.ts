import {
  Entity,
  parseEntityRef,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { isDataset, isFeatureView } from '@internal/plugin-lakehouse-common';

/**
 * Entity refs compare without regard to case, as the catalog compares
 * them: a permission check for `Resource:default/Orders` is about the same
 * dataset as one for `resource:default/orders`.
 */
export const refKey = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * The full ref of what `ref` names, kind required; a ref a user typed that
 * is not one is a 400 naming it.
 */
export function parseFullRef(ref: string, what = 'entityRef'): string {
  try {
    return stringifyEntityRef(
      parseEntityRef(ref, { defaultNamespace: 'default' }),
    );
  } catch (error) {
    throw new InputError(
      `${what} "${ref}" is not an entity ref such as resource:default/lakehouse.gold.fct_orders: ${
        (error as Error).message
      }`,
    );
  }
}

/**
 * The owner of an entity as a full ref: the `ownedBy` relation the catalog
 * computed, else `spec.owner` resolved as the catalog would (a bare name is
 * a group in the entity's namespace). Undefined when it has none.
 */
export function ownerRefOf(entity: Entity): string | undefined {
  const owned = entity.relations?.find(r => r.type === RELATION_OWNED_BY);
  if (owned) return owned.targetRef;
  const owner = entity.spec?.owner;
  if (typeof owner !== 'string' || !owner.trim()) return undefined;
  try {
    return stringifyEntityRef(
      parseEntityRef(owner.trim(), {
        defaultKind: 'group',
        defaultNamespace: entity.metadata.namespace ?? 'default',
      }),
    );
  } catch {
    return undefined;
  }
}

/**
 * The columns of a dataset (`spec.columns`) or the features of a feature
 * view (`spec.features`); other entities have none of their own (a feature
 * service's `spec.features` are its views).
 */
export function columnsOf(entity: Entity): unknown[] {
  if (isDataset(entity) && Array.isArray(entity.spec?.columns)) {
    return entity.spec!.columns as unknown[];
  }
  if (isFeatureView(entity) && Array.isArray(entity.spec?.features)) {
    return entity.spec!.features as unknown[];
  }
  return [];
}

/** The column names of a dataset or the feature names of a feature view. */
export function columnNamesOf(entity: Entity): string[] {
  const list = columnsOf(entity);
  return list
    .map(c => (c as { name?: unknown })?.name)
    .filter((n): n is string => typeof n === 'string');
}

/** Title of an entity as pages show it. */
export const titleOf = (entity: Entity) =>
  entity.metadata.title ?? entity.metadata.name;
