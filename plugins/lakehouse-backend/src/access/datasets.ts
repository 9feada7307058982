import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  getTableIdentifier,
  isDataset,
} from '@internal/plugin-lakehouse-common';

/** A dataset a user may see, with its table identifier. */
export interface VisibleDataset {
  entity: Entity;
  /** The entity ref in its normal form. */
  entityRef: string;
  /** `catalog.schema.table`. */
  table: string;
}

/** The normal form of an entity ref; a malformed one is the client's error. */
export function normalizeEntityRef(
  ref: string,
  defaultKind?: string,
  what = 'entityRef',
): string {
  try {
    return stringifyEntityRef(parseEntityRef(ref, { defaultKind }));
  } catch (error) {
    throw new InputError(
      `${what} "${ref}" is not an entity ref: ${(error as Error).message}`,
    );
  }
}

/**
 * The dataset `entityRef` names, read with the user's credentials: a
 * dataset the user may not see answers as one that does not exist.
 */
export async function visibleDataset(
  catalog: CatalogService,
  entityRef: string,
  credentials: BackstageCredentials,
): Promise<VisibleDataset> {
  const ref = normalizeEntityRef(entityRef);
  const entity = await catalog.getEntityByRef(ref, { credentials });
  const table = entity && isDataset(entity) && getTableIdentifier(entity);
  if (!entity || !table) {
    throw new NotFoundError(`No dataset ${ref} in the catalog`);
  }
  return { entity, entityRef: stringifyEntityRef(entity), table };
}

/** The owner of an entity as an entity ref (groups by default), if it has one. */
export function ownerRefOf(entity: Entity): string | undefined {
  const owner = (entity.spec as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string' || !owner) return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(owner, { defaultKind: 'group' }));
  } catch {
    return undefined;
  }
}
