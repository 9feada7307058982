export { featureStoreApiRef } from './FeatureStoreApi';
export type { FeatureStoreApi } from './FeatureStoreApi';
export { FeatureStoreClient } from './FeatureStoreClient';
