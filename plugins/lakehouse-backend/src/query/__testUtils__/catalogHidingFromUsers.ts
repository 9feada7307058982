import { createServiceFactory } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';

const isUser = (options: unknown) =>
  (options as { credentials?: { principal?: { type?: string } } } | undefined)
    ?.credentials?.principal?.type === 'user';

/**
 * An in-memory catalog that shows users all entities but those in
 * `hiddenFromUsers` (as the catalog's own permission checks would), while
 * service credentials see everything. Change the array during a test to
 * withdraw what a user may see.
 */
export function catalogHidingFromUsers(
  entities: Entity[],
  hiddenFromUsers: string[],
) {
  const catalog = catalogServiceMock({ entities });
  const hidden = (ref: string, options: unknown) =>
    isUser(options) &&
    hiddenFromUsers.some(h => h.toLowerCase() === ref.toLowerCase());
  const refOf = (entity: Entity) =>
    entity.kind && entity.metadata?.name ? stringifyEntityRef(entity) : '';

  const getEntitiesByRefs = catalog.getEntitiesByRefs.bind(catalog);
  catalog.getEntitiesByRefs = async (request, options) => {
    const { items } = await getEntitiesByRefs(request, options);
    return {
      items: items.map((item, i) =>
        item && hidden(request.entityRefs[i], options) ? undefined : item,
      ),
    };
  };
  const getEntityByRef = catalog.getEntityByRef.bind(catalog);
  catalog.getEntityByRef = async (ref, options) => {
    const entity = await getEntityByRef(ref, options);
    return entity && hidden(stringifyEntityRef(entity), options)
      ? undefined
      : entity;
  };
  const getEntities = catalog.getEntities.bind(catalog);
  catalog.getEntities = async (request, options) => {
    const { items } = await getEntities(request, options);
    return { items: items.filter(e => !hidden(refOf(e), options)) };
  };

  return {
    catalog,
    factory: createServiceFactory({
      service: catalogServiceRef,
      deps: {},
      factory: () => catalog,
    }),
  };
}
