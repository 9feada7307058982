import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
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

type QueryParams = Record<string, string | number | undefined>;

function withQuery(url: string, params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') search.set(key, String(value));
  }
  const query = search.toString();
  return query ? `${url}?${query}` : url;
}

/**
 * Talks to the lakehouse backend (`/api/lakehouse`: SQL console, schema
 * browser, history, dataset previews) and to the lakehouse routes of the
 * catalog backend, as the signed-in user: requests go through the fetch
 * API, which adds the user's token.
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

  async getEngines(): Promise<QueryEngineInfo[]> {
    const body = await this.request('/engines');
    return this.list(body, 'engines', '/engines');
  }

  async submitQuery(request: SubmitQueryRequest): Promise<SubmittedQuery> {
    return this.request('/queries', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(request),
    });
  }

  async getQueryPage(
    id: string,
    options: QueryPageOptions = {},
  ): Promise<QueryPage> {
    return this.request(
      withQuery(`/queries/${encodeURIComponent(id)}`, {
        pageToken: options.pageToken,
        maxWaitMs: options.maxWaitMs,
      }),
      { signal: options.signal },
    );
  }

  async cancelQuery(id: string): Promise<void> {
    await this.request(`/queries/${encodeURIComponent(id)}`, {
      method: 'DELETE',
    });
  }

  async downloadQueryCsv(id: string): Promise<Blob> {
    const response = await this.fetch(`/queries/${encodeURIComponent(id)}/csv`);
    return response.blob();
  }

  async getQueryHistory(
    options: QueryHistoryOptions = {},
  ): Promise<QueryHistoryEntry[]> {
    const body = await this.request(
      withQuery('/history', {
        q: options.q?.trim(),
        limit: options.limit,
        offset: options.offset,
      }),
      { signal: options.signal },
    );
    return this.list(body, 'items', '/history');
  }

  async listCatalogs(engine?: QueryEngineId): Promise<string[]> {
    return this.items(withQuery('/catalogs', { engine }));
  }

  async listSchemas(
    catalog: string,
    engine?: QueryEngineId,
  ): Promise<string[]> {
    return this.items(
      withQuery(`/catalogs/${encodeURIComponent(catalog)}/schemas`, {
        engine,
      }),
    );
  }

  async listTables(
    catalog: string,
    schema: string,
    engine?: QueryEngineId,
  ): Promise<string[]> {
    return this.items(
      withQuery(
        `/catalogs/${encodeURIComponent(catalog)}/schemas/${encodeURIComponent(
          schema,
        )}/tables`,
        { engine },
      ),
    );
  }

  async listColumns(
    catalog: string,
    schema: string,
    table: string,
    engine?: QueryEngineId,
  ): Promise<QueryColumn[]> {
    return this.items(
      withQuery(
        `/catalogs/${encodeURIComponent(catalog)}/schemas/${encodeURIComponent(
          schema,
        )}/tables/${encodeURIComponent(table)}/columns`,
        { engine },
      ),
    );
  }

  async getDatasetPreview(
    dataset: { namespace: string; name: string },
    options: { limit?: number } = {},
  ): Promise<DatasetPreview> {
    return this.request(
      withQuery(
        `/datasets/${encodeURIComponent(
          dataset.namespace,
        )}/${encodeURIComponent(dataset.name)}/preview`,
        { limit: options.limit },
      ),
    );
  }

  async getLineage(options: LineageOptions): Promise<LineageGraph> {
    const body = await this.request<LineageGraph>(
      withQuery('/lineage', {
        entityRef: options.entityRef,
        direction: options.direction,
        depth: options.depth,
        column: options.column,
      }),
      { signal: options.signal },
    );
    this.list(body, 'nodes', '/lineage');
    this.list(body, 'edges', '/lineage');
    return body;
  }

  async getImpact(options: ImpactOptions): Promise<ImpactResponse> {
    const body = await this.request<ImpactResponse>(
      withQuery('/impact', {
        entityRef: options.entityRef,
        column: options.column,
      }),
      { signal: options.signal },
    );
    this.list(body, 'items', '/impact');
    return body;
  }

  async listDriftMonitors(
    options: DriftMonitorsOptions = {},
  ): Promise<DriftMonitor[]> {
    const body = await this.request(
      withQuery('/drift/monitors', { entityRef: options.entityRef }),
      { signal: options.signal },
    );
    return this.list(body, 'items', '/drift/monitors');
  }

  async runDriftMonitor(id: string): Promise<DriftReport> {
    return this.request(`/drift/monitors/${encodeURIComponent(id)}/run`, {
      method: 'POST',
    });
  }

  async listDriftReports(
    id: string,
    options: DriftReportsOptions = {},
  ): Promise<DriftReport[]> {
    const path = `/drift/monitors/${encodeURIComponent(id)}/reports`;
    const body = await this.request(withQuery(path, { limit: options.limit }), {
      signal: options.signal,
    });
    return this.list(body, 'items', path);
  }

  async getGovernanceReport(
    options: { signal?: AbortSignal } = {},
  ): Promise<GovernanceReport> {
    return this.request('/governance', { signal: options.signal });
  }

  async getClassifications(entityRef: string): Promise<DatasetClassifications> {
    return this.request(
      withQuery('/governance/classifications', { entityRef }),
    );
  }

  async declassify(request: DeclassifyRequest): Promise<Declassification> {
    return this.post('/governance/declassifications', request);
  }

  async removeDeclassification(
    entityRef: string,
    column: string,
  ): Promise<void> {
    await this.request(
      withQuery('/governance/declassifications', { entityRef, column }),
      { method: 'DELETE' },
    );
  }

  async getDatasetReaders(entityRef: string): Promise<DatasetReaders> {
    const body = await this.request<DatasetReaders>(
      withQuery('/governance/readers', { entityRef }),
    );
    return { ...body, readers: body?.readers ?? [] };
  }

  async getGroupGrants(groupRef: string): Promise<GroupGrants> {
    const body = await this.request<GroupGrants>(
      withQuery('/governance/readers', { group: groupRef }),
    );
    return {
      ...body,
      principalRoles: body?.principalRoles ?? [],
      grants: body?.grants ?? [],
    };
  }

  async createAccessRequest(
    request: CreateAccessRequest,
  ): Promise<AccessRequest> {
    return this.post('/access-requests', request);
  }

  async listAccessRequests(
    options: AccessRequestsOptions = {},
  ): Promise<AccessRequest[]> {
    const body = await this.request(
      withQuery('/access-requests', {
        entityRef: options.entityRef,
        state: options.state,
      }),
      { signal: options.signal },
    );
    return this.list(body, 'items', '/access-requests');
  }

  async getAccessRequest(id: string): Promise<AccessRequest> {
    return this.request(`/access-requests/${encodeURIComponent(id)}`);
  }

  async approveAccessRequest(
    id: string,
    options: { comment?: string } = {},
  ): Promise<AccessRequest> {
    return this.decide(id, 'approve', options.comment);
  }

  async rejectAccessRequest(
    id: string,
    options: { comment?: string } = {},
  ): Promise<AccessRequest> {
    return this.decide(id, 'reject', options.comment);
  }

  private async decide(
    id: string,
    decision: 'approve' | 'reject',
    comment?: string,
  ): Promise<AccessRequest> {
    const text = comment?.trim();
    return this.post(
      `/access-requests/${encodeURIComponent(id)}/${decision}`,
      text ? { comment: text } : {},
    );
  }

  private async post<T>(path: string, body: unknown): Promise<T> {
    return this.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
    });
  }

  /** A request to the lakehouse backend; error answers become ResponseErrors. */
  private async fetch(path: string, init?: RequestInit): Promise<Response> {
    const baseUrl = await this.discoveryApi.getBaseUrl('lakehouse');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return response;
  }

  /** A request answering JSON, or nothing (204). */
  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const response = await this.fetch(path, init);
    if (response.status === 204) return undefined as T;
    return response.json();
  }

  private list<T>(body: any, key: string, path: string): T[] {
    if (!Array.isArray(body?.[key])) {
      throw new Error(
        `Unexpected answer from the lakehouse backend ${path}: expected { "${key}": [...] }`,
      );
    }
    return body[key];
  }

  private async items<T>(path: string): Promise<T[]> {
    const body = await this.request(path);
    return this.list(body, 'items', path.split('?')[0]);
  }
}
