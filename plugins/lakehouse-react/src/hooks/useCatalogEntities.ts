import { Entity } from '@backstage/catalog-model';
import { useApi } from '@backstage/frontend-plugin-api';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import useAsync from 'react-use/esm/useAsync';

/**
 * What {@link useCatalogEntities} found: each ref with its entity, if the
 * catalog has it.
 *
 * @public
 */
export interface CatalogEntitiesState {
  /** True while the catalog is being asked; never true for an empty list of refs. */
  loading: boolean;
  /** Why the catalog could not be read, if it could not. */
  error?: Error;
  /** Ref → entity; undefined for refs the catalog does not have (or hides from the user). */
  entities: Map<string, Entity | undefined>;
}

/**
 * The catalog entities behind some refs, as the signed-in user sees them.
 * Only the fields asked for are read, so pages stay fast for feature views
 * with many features and models with many versions.
 *
 * @param refs - Entity refs in their canonical form (`kind:namespace/name`).
 * @param fields - The entity fields to read, e.g. `['kind', 'spec.type']`.
 * @public
 */
export function useCatalogEntities(
  refs: string[],
  fields: string[],
): CatalogEntitiesState {
  const catalogApi = useApi(catalogApiRef);
  const key = refs.join('\n');
  const fieldKey = fields.join(',');
  const { loading, error, value } = useAsync(async () => {
    if (refs.length === 0) return new Map<string, Entity | undefined>();
    const { items } = await catalogApi.getEntitiesByRefs({
      entityRefs: refs,
      fields,
    });
    return new Map(refs.map((ref, i) => [ref, items[i] ?? undefined]));
    // refs and fields are compared by content
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [catalogApi, key, fieldKey]);
  // Nothing to read: never show progress.
  return {
    loading: refs.length > 0 && loading,
    error,
    entities: value ?? new Map(),
  };
}
