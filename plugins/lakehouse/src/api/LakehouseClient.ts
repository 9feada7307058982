import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import createClient, { Client } from 'openapi-fetch';
import {
  AccessRequest,
  CreateAccessRequest,
  DatasetClassifications,
  DatasetPreview,
  Declassification,
  DeclassifyRequest,
  GovernanceReport,
  DatasetSourceStatus,
  DriftMonitor,
  DriftReport,
  ImpactResponse,
  LakehouseApiPaths,
  LineageGraph,
  QueryColumn,
  QueryEngineId,
  QueryEngineInfo,
  QueryHistoryEntry,
  QueryPage,
  SubmitQueryRequest,
  SubmittedQuery,
} from '@internal/plugin-lakehouse-common';
import {
  AccessRequestsOptions,
  DatasetReaders,
  DriftMonitorsOptions,
  GroupGrants,
  DriftReportsOptions,
  ImpactOptions,
  LakehouseApi,
  LineageOptions,
  QueryHistoryOptions,
  QueryPageOptions,
} from './LakehouseApi';

/**
 * Query strings as URLSearchParams writes them (and the backend reads them),
 * leaving out the parameters that are not given.
 */
function searchParams(query: Record<string, unknown>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  return search.toString();
}

/**
 * The body of a successful answer. Error answers never get here: the
 * client's fetch throws them as ResponseErrors, which the types of
 * openapi-fetch's result cannot know.
 */
function dataOf<T>(result: { data?: T }): T {
  return result.data as T;
}

/**
 * Talks to the lakehouse backend (`/api/lakehouse`: SQL console, schema
 * browser, history, dataset previews, lineage, drift, governance and access
 * requests) and to the lakehouse routes of the catalog backend, as the
 * signed-in user: requests go through the fetch API, which adds the user's
 * token. Requests to the lakehouse backend are typed by its OpenAPI spec
 * (openapi-fetch over the generated {@link LakehouseApiPaths}), so a path,
 * parameter or body the spec does not have does not compile.
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

  // A route of the catalog backend's lakehouse module, not of the lakehouse
  // backend's spec: asked by hand.
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

  async getEngines(): Promise<QueryEngineInfo[]> {
    const api = await this.api();
    return list(
      dataOf(await api.request('get', '/engines')),
      'engines',
      '/engines',
    );
  }

  async submitQuery(request: SubmitQueryRequest): Promise<SubmittedQuery> {
    const api = await this.api();
    return dataOf(await api.request('post', '/queries', { body: request }));
  }

  async getQueryPage(
    id: string,
    options: QueryPageOptions = {},
  ): Promise<QueryPage> {
    const api = await this.api();
    const { pageToken, maxWaitMs, signal } = options;
    return dataOf(
      await api.request('get', '/queries/{id}', {
        params: { path: { id }, query: { pageToken, maxWaitMs } },
        signal,
      }),
    );
  }

  async cancelQuery(id: string): Promise<void> {
    const api = await this.api();
    await api.request('delete', '/queries/{id}', { params: { path: { id } } });
  }

  async downloadQueryCsv(id: string): Promise<Blob> {
    const api = await this.api();
    return dataOf(
      await api.request('get', '/queries/{id}/csv', {
        params: { path: { id } },
        parseAs: 'blob',
      }),
    );
  }

  async getQueryHistory(
    options: QueryHistoryOptions = {},
  ): Promise<QueryHistoryEntry[]> {
    const api = await this.api();
    const { limit, offset, signal } = options;
    const body = dataOf(
      await api.request('get', '/history', {
        params: { query: { q: options.q?.trim(), limit, offset } },
        signal,
      }),
    );
    return list(body, 'items', '/history');
  }

  async listCatalogs(engine?: QueryEngineId): Promise<string[]> {
    const api = await this.api();
    const body = dataOf(
      await api.request('get', '/catalogs', { params: { query: { engine } } }),
    );
    return list(body, 'items', '/catalogs');
  }

  async listSchemas(
    catalog: string,
    engine?: QueryEngineId,
  ): Promise<string[]> {
    const api = await this.api();
    const path = '/catalogs/{catalog}/schemas';
    const body = dataOf(
      await api.request('get', path, {
        params: { path: { catalog }, query: { engine } },
      }),
    );
    return list(body, 'items', path);
  }

  async listTables(
    catalog: string,
    schema: string,
    engine?: QueryEngineId,
  ): Promise<string[]> {
    const api = await this.api();
    const path = '/catalogs/{catalog}/schemas/{schema}/tables';
    const body = dataOf(
      await api.request('get', path, {
        params: { path: { catalog, schema }, query: { engine } },
      }),
    );
    return list(body, 'items', path);
  }

  async listColumns(
    catalog: string,
    schema: string,
    table: string,
    engine?: QueryEngineId,
  ): Promise<QueryColumn[]> {
    const api = await this.api();
    const path = '/catalogs/{catalog}/schemas/{schema}/tables/{table}/columns';
    const body = dataOf(
      await api.request('get', path, {
        params: { path: { catalog, schema, table }, query: { engine } },
      }),
    );
    return list(body, 'items', path);
  }

  async getDatasetPreview(
    dataset: { namespace: string; name: string },
    options: { limit?: number } = {},
  ): Promise<DatasetPreview> {
    const api = await this.api();
    const { namespace, name } = dataset;
    return dataOf(
      await api.request('get', '/datasets/{namespace}/{name}/preview', {
        params: { path: { namespace, name }, query: { limit: options.limit } },
      }),
    );
  }

  async getLineage(options: LineageOptions): Promise<LineageGraph> {
    const api = await this.api();
    const { entityRef, direction, depth, column, signal } = options;
    const body = dataOf(
      await api.request('get', '/lineage', {
        params: { query: { entityRef, direction, depth, column } },
        signal,
      }),
    );
    list(body, 'nodes', '/lineage');
    list(body, 'edges', '/lineage');
    return body;
  }

  async getImpact(options: ImpactOptions): Promise<ImpactResponse> {
    const api = await this.api();
    const { entityRef, column, signal } = options;
    const body = dataOf(
      await api.request('get', '/impact', {
        params: { query: { entityRef, column } },
        signal,
      }),
    );
    list(body, 'items', '/impact');
    return body;
  }

  async listDriftMonitors(
    options: DriftMonitorsOptions = {},
  ): Promise<DriftMonitor[]> {
    const api = await this.api();
    const { entityRef, signal } = options;
    const body = dataOf(
      await api.request('get', '/drift/monitors', {
        params: { query: { entityRef } },
        signal,
      }),
    );
    return list(body, 'items', '/drift/monitors');
  }

  async runDriftMonitor(id: string): Promise<DriftReport> {
    const api = await this.api();
    return dataOf(
      await api.request('post', '/drift/monitors/{id}/run', {
        params: { path: { id } },
      }),
    );
  }

  async listDriftReports(
    id: string,
    options: DriftReportsOptions = {},
  ): Promise<DriftReport[]> {
    const api = await this.api();
    const { limit, signal } = options;
    const body = dataOf(
      await api.request('get', '/drift/monitors/{id}/reports', {
        params: { path: { id }, query: { limit } },
        signal,
      }),
    );
    return list(body, 'items', `/drift/monitors/${id}/reports`);
  }

  async getGovernanceReport(
    options: { signal?: AbortSignal } = {},
  ): Promise<GovernanceReport> {
    const api = await this.api();
    return dataOf(
      await api.request('get', '/governance', { signal: options.signal }),
    );
  }

  async getClassifications(entityRef: string): Promise<DatasetClassifications> {
    const api = await this.api();
    return dataOf(
      await api.request('get', '/governance/classifications', {
        params: { query: { entityRef } },
      }),
    );
  }

  async declassify(request: DeclassifyRequest): Promise<Declassification> {
    const api = await this.api();
    return dataOf(
      await api.request('post', '/governance/declassifications', {
        body: request,
      }),
    );
  }

  async removeDeclassification(
    entityRef: string,
    column: string,
  ): Promise<void> {
    const api = await this.api();
    await api.request('delete', '/governance/declassifications', {
      params: { query: { entityRef, column } },
    });
  }

  async getDatasetReaders(entityRef: string): Promise<DatasetReaders> {
    const api = await this.api();
    // The route answers a dataset's readers or a group's grants, by the
    // parameter given; without Polaris, neither list.
    const body: Partial<DatasetReaders> = dataOf(
      await api.request('get', '/governance/readers', {
        params: { query: { entityRef } },
      }),
    );
    return {
      ...body,
      entityRef: body.entityRef ?? entityRef,
      readers: body.readers ?? [],
    };
  }

  async getGroupGrants(groupRef: string): Promise<GroupGrants> {
    const api = await this.api();
    const body: Partial<GroupGrants> = dataOf(
      await api.request('get', '/governance/readers', {
        params: { query: { group: groupRef } },
      }),
    );
    return {
      ...body,
      group: body.group ?? groupRef,
      principalRoles: body.principalRoles ?? [],
      grants: body.grants ?? [],
    };
  }

  async createAccessRequest(
    request: CreateAccessRequest,
  ): Promise<AccessRequest> {
    const api = await this.api();
    return dataOf(
      await api.request('post', '/access-requests', { body: request }),
    );
  }

  async listAccessRequests(
    options: AccessRequestsOptions = {},
  ): Promise<AccessRequest[]> {
    const api = await this.api();
    const { entityRef, state, signal } = options;
    const body = dataOf(
      await api.request('get', '/access-requests', {
        params: { query: { entityRef, state } },
        signal,
      }),
    );
    return list(body, 'items', '/access-requests');
  }

  async getAccessRequest(id: string): Promise<AccessRequest> {
    const api = await this.api();
    return dataOf(
      await api.request('get', '/access-requests/{id}', {
        params: { path: { id } },
      }),
    );
  }

  async approveAccessRequest(
    id: string,
    options: { comment?: string } = {},
  ): Promise<AccessRequest> {
    const api = await this.api();
    return dataOf(
      await api.request('post', '/access-requests/{id}/approve', {
        params: { path: { id } },
        body: decision(options.comment),
      }),
    );
  }

  async rejectAccessRequest(
    id: string,
    options: { comment?: string } = {},
  ): Promise<AccessRequest> {
    const api = await this.api();
    return dataOf(
      await api.request('post', '/access-requests/{id}/reject', {
        params: { path: { id } },
        body: decision(options.comment),
      }),
    );
  }

  /**
   * The lakehouse backend's API, typed by its spec, at the base URL the
   * discovery API gives now (it may move between requests). openapi-fetch
   * encodes path parameters with encodeURIComponent.
   */
  private async api(): Promise<Client<LakehouseApiPaths>> {
    const baseUrl = await this.discoveryApi.getBaseUrl('lakehouse');
    return createClient<LakehouseApiPaths>({
      baseUrl,
      // Error answers become ResponseErrors here, before openapi-fetch
      // reads (and so uses up) their bodies.
      fetch: async request => {
        // Handed on as URL and init, not as the Request: Backstage's fetch
        // middleware builds new Requests from what it is given, and a
        // browser refuses to build one from a Request whose body was read.
        const body =
          request.method === 'GET' || request.method === 'HEAD'
            ? undefined
            : await request.text();
        const response = await this.fetchApi.fetch(request.url, {
          method: request.method,
          headers: request.headers,
          body: body || undefined,
          signal: request.signal,
        });
        if (!response.ok) {
          throw await ResponseError.fromResponse(response);
        }
        return response;
      },
      querySerializer: searchParams,
    });
  }
}

/** A decision's body: the comment, unless it is blank. */
function decision(comment?: string): { comment?: string } {
  const text = comment?.trim();
  return text ? { comment: text } : {};
}

/**
 * The list under `key` of an answer, refusing an answer without it (a
 * backend of another version) rather than failing later in a component.
 */
function list<B extends object, K extends keyof B & string>(
  body: B,
  key: K,
  path: string,
): B[K] {
  if (!Array.isArray(body?.[key])) {
    throw new Error(
      `Unexpected answer from the lakehouse backend ${path}: expected { "${key}": [...] }`,
    );
  }
  return body[key];
}
