import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read a feature view's or feature service's current values from the Feast
 * online store (the online lookup on its page). A resource permission on
 * the catalog entity of the view or service, so conditional policies can
 * use the catalog's rules (owner, annotations, tags).
 * @public
 */
export const featureStoreOnlineReadPermission = createPermission({
  name: 'feature-store.online-features.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** Every permission of the feature store plugins. @public */
export const featureStorePermissions = [featureStoreOnlineReadPermission];
