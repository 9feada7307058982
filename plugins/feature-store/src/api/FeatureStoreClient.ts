import { ResponseError } from '@backstage/errors';
import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import {
  OnlineFeaturesRequest,
  OnlineFeaturesResponse,
} from '@internal/plugin-feature-store-common';
import { FeatureStoreApi } from './FeatureStoreApi';

/**
 * Talks to the feature store backend (`/api/feature-store`) as the
 * signed-in user: requests go through the fetch API, which adds the
 * user's token, so the backend checks the user's permissions.
 *
 * @public
 */
export class FeatureStoreClient implements FeatureStoreApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getOnlineFeatures(
    request: OnlineFeaturesRequest,
    options: { signal?: AbortSignal } = {},
  ): Promise<OnlineFeaturesResponse> {
    const baseUrl = await this.discoveryApi.getBaseUrl('feature-store');
    const url = `${baseUrl}/online-features`;
    const response = await this.fetchApi.fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
      signal: options.signal,
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = await response.json();
    if (!Array.isArray(body?.rows) || !Array.isArray(body?.featureNames)) {
      throw new Error(
        `Unexpected answer from ${url}: expected { "featureNames": [...], "rows": [...] }`,
      );
    }
    return body;
  }
}
