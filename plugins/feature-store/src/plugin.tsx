import {
  ApiBlueprint,
  createFrontendPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { Entity } from '@backstage/catalog-model';
import {
  isFeatureService,
  isFeatureView,
} from '@internal/plugin-lakehouse-common';
import { FeatureStoreClient, featureStoreApiRef } from './api';
import { getTransformation, getViewKind } from './featureStore';

const isFeatureViewOrService = (entity: Entity) =>
  isFeatureView(entity) || isFeatureService(entity);

/** On-demand views always compute something; stream views only when Feast records a transformation. */
const hasTransformation = (entity: Entity) =>
  isFeatureView(entity) &&
  (getViewKind(entity) === 'on-demand' ||
    Boolean(getTransformation(entity)?.code));

const featureStoreApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: featureStoreApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: ({ discoveryApi, fetchApi }) =>
        new FeatureStoreClient({ discoveryApi, fetchApi }),
    }),
});

const featureViewOverviewCard = EntityCardBlueprint.make({
  name: 'feature-view-overview',
  params: {
    filter: isFeatureView,
    type: 'info',
    loader: () =>
      import('./components/FeatureViewOverviewCard').then(m => (
        <m.FeatureViewOverviewCard />
      )),
  },
});

const featureViewFeaturesCard = EntityCardBlueprint.make({
  name: 'feature-view-features',
  params: {
    filter: isFeatureView,
    type: 'content',
    loader: () =>
      import('./components/FeatureViewFeaturesCard').then(m => (
        <m.FeatureViewFeaturesCard />
      )),
  },
});

// The code highlighter is loaded only for views that have code to show.
const featureViewTransformationCard = EntityCardBlueprint.make({
  name: 'feature-view-transformation',
  params: {
    filter: hasTransformation,
    type: 'content',
    loader: () =>
      import('./components/FeatureViewTransformationCard').then(m => (
        <m.FeatureViewTransformationCard />
      )),
  },
});

const featureServiceOverviewCard = EntityCardBlueprint.make({
  name: 'feature-service-overview',
  params: {
    filter: isFeatureService,
    type: 'info',
    loader: () =>
      import('./components/FeatureServiceOverviewCard').then(m => (
        <m.FeatureServiceOverviewCard />
      )),
  },
});

const featureServiceViewsCard = EntityCardBlueprint.make({
  name: 'feature-service-views',
  params: {
    filter: isFeatureService,
    type: 'content',
    loader: () =>
      import('./components/FeatureServiceViewsCard').then(m => (
        <m.FeatureServiceViewsCard />
      )),
  },
});

const usedByCard = EntityCardBlueprint.make({
  name: 'used-by',
  params: {
    filter: isFeatureViewOrService,
    type: 'info',
    loader: () => import('./components/UsedByCard').then(m => <m.UsedByCard />),
  },
});

const onlineLookupCard = EntityCardBlueprint.make({
  name: 'online-lookup',
  params: {
    filter: isFeatureViewOrService,
    type: 'content',
    loader: () =>
      import('./components/OnlineLookupCard').then(m => <m.OnlineLookupCard />),
  },
});

/**
 * The feature store plugin: Feast feature views and feature services on
 * their entity pages — overview, features, transformation, selected views,
 * what uses them, and an online lookup of their current values.
 *
 * @public
 */
export const featureStorePlugin = createFrontendPlugin({
  pluginId: 'feature-store',
  title: 'Feature store',
  extensions: [
    featureStoreApi,
    featureViewOverviewCard,
    featureViewFeaturesCard,
    featureViewTransformationCard,
    featureServiceOverviewCard,
    featureServiceViewsCard,
    usedByCard,
    onlineLookupCard,
  ],
});
