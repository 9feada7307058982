/**
 * Feature store plugin for Backstage: Feast feature views and feature
 * services on their catalog pages, with an online lookup of their values.
 *
 * @packageDocumentation
 */
export { featureStorePlugin as default } from './plugin';
export { featureStoreApiRef, FeatureStoreClient } from './api';
export type { FeatureStoreApi } from './api';
