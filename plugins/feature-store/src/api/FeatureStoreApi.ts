import { createApiRef } from '@backstage/frontend-plugin-api';
import {
  OnlineFeaturesRequest,
  OnlineFeaturesResponse,
} from '@internal/plugin-feature-store-common';

/**
 * What the feature store frontend asks the feature store backend.
 *
 * @public
 */
export interface FeatureStoreApi {
  /**
   * Reads the current values of a feature view's (or feature service's)
   * features from the Feast online store, as the signed-in user. Rejects
   * with a ResponseError that carries the backend's message: 400 for keys
   * that do not fit the view, 403 when the user may not read online
   * values, 503 when no feature server is configured or it cannot be
   * reached.
   */
  getOnlineFeatures(
    request: OnlineFeaturesRequest,
    options?: { signal?: AbortSignal },
  ): Promise<OnlineFeaturesResponse>;
}

/**
 * The feature store API.
 *
 * @public
 */
export const featureStoreApiRef = createApiRef<FeatureStoreApi>().with({
  id: 'plugin.feature-store.api',
  pluginId: 'feature-store',
});
