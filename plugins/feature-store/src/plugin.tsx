import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  isFeatureService,
  isFeatureView,
} from '@internal/plugin-lakehouse-common';
import { Entity } from '@backstage/catalog-model';

const featuresCard = EntityCardBlueprint.make({
  name: 'features',
  params: {
    filter: (entity: Entity) =>
      isFeatureView(entity) || isFeatureService(entity),
    type: 'content',
    loader: () =>
      import('./components/FeatureViewCard').then(m => <m.FeatureViewCard />),
  },
});

/**
 * The feature store plugin: the features of Feast feature views and
 * feature services on their entity pages.
 *
 * @public
 */
export const featureStorePlugin = createFrontendPlugin({
  pluginId: 'feature-store',
  title: 'Feature store',
  extensions: [featuresCard],
});
