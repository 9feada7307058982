import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { DatasetSourceStatus } from '@internal/plugin-lakehouse-common';
import { LakehouseApi } from './LakehouseApi';

/**
 * Talks to the lakehouse routes of the catalog backend as the signed-in
 * user: requests go through the fetch API, which adds the user's token.
 *
 * @public
 */
export class LakehouseClient implements LakehouseApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async getSources(): Promise<DatasetSourceStatus[]> {
    const baseUrl = await this.discoveryApi.getBaseUrl('catalog');
    const url = `${baseUrl}/lakehouse/sources`;
    const response = await this.fetchApi.fetch(url);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    const body = await response.json();
    if (!Array.isArray(body?.sources)) {
      throw new Error(
        `Unexpected answer from ${url}: expected { "sources": [...] }`,
      );
    }
    return body.sources;
  }
}
