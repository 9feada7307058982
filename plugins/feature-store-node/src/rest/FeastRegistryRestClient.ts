/*
 * Reads a whole registry from Feast's REST registry server (`feast serve_registry --rest-api`, Feast >= 0.50;
 * routes in feast-dev/feast sdk/python/feast/api/registry/rest/, paging in registry_server.py
 * `apply_pagination_and_sorting`). Feast answers with the same MessageToDict JSON that decodeFeastRegistry
 * gives for a registry.db file, so the document built here has the same shape. Feast 0.50 answered the
 * listings without paging and `/feature_views` with the raw AnyFeatureView wrappers; both forms are read.
 */
import type {
  FeastDataSource,
  FeastEntity,
  FeastFeatureService,
  FeastFeatureView,
  FeastOnDemandFeatureView,
  FeastProject,
  FeastRegistryDocument,
  FeastStreamFeatureView,
} from '../registry/types';
import { FeastRegistryRequestError } from './FeastRegistryRequestError';

/**
 * Options of {@link FeastRegistryRestClient}.
 *
 * @public
 */
export interface FeastRegistryRestClientOptions {
  /** Base URL of the registry server, e.g. `http://feast-registry:6572` (a trailing `/api/v1` is accepted). */
  url: string;
  /** Bearer token, for a server with `auth` configured. */
  token?: string;
  /** Time allowed for each request, answer body included. Default 30000. */
  requestTimeoutMs?: number;
  /** Objects asked for per page (`limit`), 1 to 100 (Feast's maximum). Default 100. */
  pageSize?: number;
  /** The fetch implementation. Default: Node's global fetch. */
  fetch?: typeof fetch;
}

const MAX_PAGE_SIZE = 100;
// Far above any real registry at 100 objects a page; stops a server that always says hasNext.
const MAX_PAGES = 100_000;

/** The listing keys of Feast's answers and the document lists the feature view kinds go to. */
const FEATURE_VIEW_KINDS = {
  featureView: 'featureViews',
  streamFeatureView: 'streamFeatureViews',
  onDemandFeatureView: 'onDemandFeatureViews',
} as const;

type FeatureViewKind = keyof typeof FEATURE_VIEW_KINDS;

interface ProjectContent {
  entities: FeastEntity[];
  dataSources: FeastDataSource[];
  featureViews: FeastFeatureView[];
  streamFeatureViews: FeastStreamFeatureView[];
  onDemandFeatureViews: FeastOnDemandFeatureView[];
  featureServices: FeastFeatureService[];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An error-like value; errors thrown by Node's fetch may come from another realm, so no instanceof. */
function errorFields(value: unknown): {
  name?: string;
  message?: string;
  code?: string;
} {
  if (typeof value !== 'object' || value === null) {
    return {};
  }
  const { name, message, code } = value as Record<string, unknown>;
  return {
    name: typeof name === 'string' ? name : undefined,
    message: typeof message === 'string' ? message : undefined,
    code: typeof code === 'string' ? code : undefined,
  };
}

/** Names what went wrong on the network: `connect ECONNREFUSED 127.0.0.1:6572`, `getaddrinfo ENOTFOUND feast`. */
function networkCause(error: unknown): string {
  let cause: unknown = error;
  // undici wraps the socket error: TypeError('fetch failed', { cause }).
  while (isObject(cause) && cause.cause !== undefined) {
    cause = cause.cause;
  }
  const { message, code } = errorFields(cause);
  return message || code || String(cause);
}

/** Feast's `detail` from an error body `{status_code, detail, error_type}` (FastAPI's own bodies have it too). */
function feastDetail(body: unknown): string | undefined {
  if (!isObject(body) || body.detail === undefined) {
    return undefined;
  }
  return typeof body.detail === 'string'
    ? body.detail
    : JSON.stringify(body.detail);
}

function isTimeout(error: unknown): boolean {
  const { name } = errorFields(error);
  return name === 'TimeoutError' || name === 'AbortError';
}

/**
 * Reads every project and its objects from a Feast registry server's REST
 * API (`feast serve_registry --rest-api`, Feast 0.50 or later) into the
 * same {@link FeastRegistryDocument} that {@link decodeFeastRegistry} gives
 * for a registry.db file.
 *
 * @public
 */
export class FeastRegistryRestClient {
  /** The API root requests go to (`<url>/api/v1`). */
  readonly apiUrl: string;

  private readonly token?: string;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly fetchImpl: typeof fetch;

  constructor(options: FeastRegistryRestClientOptions) {
    let parsed: URL;
    try {
      parsed = new URL(options.url);
    } catch {
      throw new TypeError(
        `Feast registry server url "${options.url}" is not a URL`,
      );
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
      throw new TypeError(
        `Feast registry server url "${options.url}" is not an http(s) URL`,
      );
    }
    const base = options.url.replace(/\/+$/, '');
    this.apiUrl = base.endsWith('/api/v1') ? base : `${base}/api/v1`;
    const pageSize = options.pageSize ?? MAX_PAGE_SIZE;
    if (
      !Number.isInteger(pageSize) ||
      pageSize < 1 ||
      pageSize > MAX_PAGE_SIZE
    ) {
      throw new RangeError(
        `Feast registry pageSize must be an integer from 1 to ${MAX_PAGE_SIZE} (Feast's limit), got ${pageSize}`,
      );
    }
    const timeoutMs = options.requestTimeoutMs ?? 30_000;
    if (!(timeoutMs > 0)) {
      throw new RangeError(
        `Feast registry requestTimeoutMs must be positive, got ${timeoutMs}`,
      );
    }
    this.pageSize = pageSize;
    this.timeoutMs = timeoutMs;
    this.token = options.token;
    this.fetchImpl = options.fetch ?? globalThis.fetch;
  }

  /**
   * Reads all projects, then each project's entities, data sources, feature
   * views (batch, stream and on-demand) and feature services, following
   * Feast's paging. Lists with no object are left out, as in a decoded
   * registry.db.
   *
   * @throws {@link FeastRegistryRequestError} when a request fails
   */
  async readRegistry(): Promise<FeastRegistryDocument> {
    const projects = await this.listAll<FeastProject>('projects', 'projects');
    const document: Required<Pick<FeastRegistryDocument, 'projects'>> &
      ProjectContent = {
      projects,
      entities: [],
      dataSources: [],
      featureViews: [],
      streamFeatureViews: [],
      onDemandFeatureViews: [],
      featureServices: [],
    };
    for (const project of projects) {
      const name = project.spec?.name;
      if (typeof name !== 'string') {
        continue;
      }
      const content = await this.readProject(name);
      for (const key of Object.keys(content) as Array<keyof ProjectContent>) {
        (document[key] as unknown[]).push(...content[key]);
      }
    }
    const result: FeastRegistryDocument = {};
    for (const [key, list] of Object.entries(document)) {
      if (list.length > 0) {
        result[key] = list;
      }
    }
    return result;
  }

  private async readProject(project: string): Promise<ProjectContent> {
    const [entities, dataSources, views, featureServices] = await Promise.all([
      this.listAll<FeastEntity>('entities', 'entities', project),
      this.listAll<FeastDataSource>('data_sources', 'dataSources', project),
      this.listAll<Record<string, unknown>>(
        'feature_views',
        'featureViews',
        project,
      ),
      this.listAll<FeastFeatureService>(
        'feature_services',
        'featureServices',
        project,
      ),
    ]);
    const content: ProjectContent = {
      entities,
      dataSources,
      featureViews: [],
      streamFeatureViews: [],
      onDemandFeatureViews: [],
      featureServices,
    };
    for (const item of views) {
      const sorted = sortFeatureView(item);
      if (sorted) {
        (content[FEATURE_VIEW_KINDS[sorted.kind]] as unknown[]).push(
          sorted.view,
        );
      }
    }
    return content;
  }

  /** Reads every page of one listing. */
  private async listAll<T>(
    route: string,
    key: string,
    project?: string,
  ): Promise<T[]> {
    const items: T[] = [];
    for (let page = 1; page <= MAX_PAGES; page++) {
      const query = new URLSearchParams();
      if (project !== undefined) {
        query.set('project', project);
      }
      query.set('page', String(page));
      query.set('limit', String(this.pageSize));
      const url = `${this.apiUrl}/${route}?${query}`;
      const body = await this.getJson(url);
      // /projects reports a failed registry read as 200 {"error": ...} (projects.py).
      if (typeof body.error === 'string' && body[key] === undefined) {
        throw new FeastRegistryRequestError(
          `Feast registry server answered GET ${url} with an error: ${body.error}`,
          url,
          { status: 200, detail: body.error },
        );
      }
      const list = body[key] ?? [];
      if (!Array.isArray(list)) {
        throw new FeastRegistryRequestError(
          `Feast registry server answered GET ${url} with "${key}" that is not a list`,
          url,
          { status: 200 },
        );
      }
      items.push(...(list as T[]));
      const pagination = isObject(body.pagination) ? body.pagination : {};
      if (pagination.hasNext !== true) {
        return items;
      }
      if (list.length === 0) {
        throw new FeastRegistryRequestError(
          `Feast registry server answered GET ${url} with an empty page that says more pages follow`,
          url,
          { status: 200 },
        );
      }
    }
    throw new FeastRegistryRequestError(
      `Feast registry server kept announcing more pages of ${route} after ${MAX_PAGES} pages`,
      `${this.apiUrl}/${route}`,
    );
  }

  private async getJson(url: string): Promise<Record<string, unknown>> {
    const headers: Record<string, string> = { Accept: 'application/json' };
    if (this.token) {
      headers.Authorization = `Bearer ${this.token}`;
    }
    let status: number;
    let text: string;
    try {
      const response = await this.fetchImpl(url, {
        headers,
        signal: AbortSignal.timeout(this.timeoutMs),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      if (isTimeout(error)) {
        throw new FeastRegistryRequestError(
          `Feast registry server did not answer GET ${url} within ${this.timeoutMs} ms`,
          url,
          { cause: error },
        );
      }
      throw new FeastRegistryRequestError(
        `Feast registry server could not be reached for GET ${url}: ${networkCause(
          error,
        )}`,
        url,
        { cause: error },
      );
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    if (status < 200 || status >= 300) {
      const detail = feastDetail(body);
      const said = detail ?? (text.trim().slice(0, 200) || 'no body');
      throw new FeastRegistryRequestError(
        `Feast registry server answered GET ${url} with HTTP ${status}: ${said}`,
        url,
        { status, detail },
      );
    }
    if (!isObject(body)) {
      throw new FeastRegistryRequestError(
        `Feast registry server answered GET ${url} with a body that is not a JSON object${
          body === undefined
            ? ` (${text.length} characters of invalid JSON)`
            : ''
        }`,
        url,
        { status },
      );
    }
    return body;
  }
}

/**
 * Which document list a `/feature_views` item belongs to: Feast 0.51+ tags
 * items with `type`; Feast 0.50 sent the AnyFeatureView wrapper
 * (`{"featureView": {...}}`). Other kinds (label views) are left out.
 */
function sortFeatureView(
  item: Record<string, unknown>,
): { kind: FeatureViewKind; view: Record<string, unknown> } | undefined {
  if (typeof item.type === 'string') {
    const { type, ...view } = item;
    return type in FEATURE_VIEW_KINDS
      ? { kind: type as FeatureViewKind, view }
      : undefined;
  }
  for (const kind of Object.keys(FEATURE_VIEW_KINDS) as FeatureViewKind[]) {
    if (isObject(item[kind])) {
      return { kind, view: item[kind] as Record<string, unknown> };
    }
  }
  return undefined;
}
