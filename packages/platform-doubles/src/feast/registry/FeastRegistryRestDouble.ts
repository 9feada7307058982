/*
 * Test double of Feast's REST registry server (`feast serve_registry --rest-api`, Feast >= 0.50), following
 * feast-dev/feast at f0bc0700be70:
 *   - sdk/python/feast/api/registry/rest/{projects,entities,data_sources,feature_views,feature_services}.py
 *     for the listing routes and their answers (`/feature_views` lists batch, stream and on-demand views,
 *     in that order, each as `{"type": "featureView" | "streamFeatureView" | "onDemandFeatureView",
 *     "spec", "meta"}`);
 *   - rest_utils.py for the query parameters (`project` required, `page` >= 1, 1 <= `limit` <= 100,
 *     `sort_order` asc|desc, `tags=key:value`) and rest_registry_server.py for the error bodies
 *     `{status_code, detail, error_type}` (422 RequestValidationError, 401 HTTPException, 500
 *     InternalServerError) and the `/api/v1` root path (Starlette also routes the bare paths);
 *   - registry_server.py for paging (see paging.ts), for the projects listed (those tagged
 *     `feast.dev/protected-project: "true"` are hidden) and proto_registry_utils.py for unknown projects
 *     (an empty listing, 200);
 *   - permissions/server/rest.py and rest_token_extractor.py for bearer-token auth: with auth configured a
 *     request without `Authorization: Bearer <token>`, or with a token the server does not accept, gets 401
 *     "Invalid or expired access token" before its parameters are validated.
 * Objects are served as stored, in protobuf's JSON mapping (MessageToDict: camelCase, enum names, int64 as
 * strings, zero values left out). rest_registry_server.py passes `default_headers` (X-Content-Type-Options,
 * X-XSS-Protection, X-Frame-Options) to FastAPI(), which keeps unknown keyword arguments in `app.extra`
 * without sending them, so the real server sends no such headers and neither does the double. The
 * single-object routes (`/entities/{name}`, `/data_sources/{name}`, `/feature_views/{name}`,
 * `/feature_services/{name}`, `/projects/{name}`) refuse as Feast does: 422 without `project`, 404
 * FeastObjectNotFoundException (rest_registry_server.py) with the message of feast/errors.py
 * (EntityNotFoundException, DataSourceObjectNotFoundException, FeatureViewNotFoundException,
 * FeatureServiceNotFoundException, ProjectObjectNotFoundException) for an object the registry does not hold,
 * as proto_registry_utils.py looks it up. Not served: those routes for an object that exists (Feast adds
 * relationships, data sources and generated code), the `/all` routes, writes, `include_relationships=true`
 * and the feature view / feature service filters (`entity`, `feature`, `feature_service`, `data_source`,
 * `updated_since`, `feature_view`), which the double answers with 400 naming them rather than with a partial
 * answer.
 */
import type http from 'node:http';
import { type LocalServer, sendText } from '../../support/http';
import { receiveRequest } from '../../support/receive';
import { ProtocolDouble } from '../../support/ProtocolDouble';
import { paginate, type PaginationJson, sortByText } from './paging';
import { QueryReader, validationDetail } from './queryValidation';

/**
 * A registry object in protobuf's JSON mapping (`{spec, meta}` for most kinds,
 * a flat object for data sources).
 *
 * @public
 */
export type FeastRegistryObjectJson = Record<string, unknown>;

/**
 * A `feast.core.Registry` in protobuf's JSON mapping, as MessageToDict prints
 * it (the form `decodeFeastRegistry` returns).
 *
 * @public
 */
export interface FeastRegistryJson {
  projects?: FeastRegistryObjectJson[];
  entities?: FeastRegistryObjectJson[];
  dataSources?: FeastRegistryObjectJson[];
  featureViews?: FeastRegistryObjectJson[];
  streamFeatureViews?: FeastRegistryObjectJson[];
  onDemandFeatureViews?: FeastRegistryObjectJson[];
  featureServices?: FeastRegistryObjectJson[];
  [key: string]: unknown;
}

/**
 * Options of {@link FeastRegistryRestDouble.start}.
 *
 * @public
 */
export interface FeastRegistryRestDoubleOptions {
  /** The registry served. Default: an empty registry. */
  registry?: FeastRegistryJson;
  /**
   * Bearer tokens the server accepts, as with `auth` configured in feature_store.yaml. Default: no auth
   * (every request accepted).
   */
  tokens?: string[];
  /** Maximum number of entries kept in `requests` (oldest dropped). Default 100000. */
  requestLogLimit?: number;
  /** Port to listen on. Default: a random free port. */
  port?: number;
}

const PROTECTED_PROJECT_TAG = 'feast.dev/protected-project';

const REASON_PHRASES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/** Feast's error body (rest_registry_server.py exception handlers). */
function feastError(status: number, detail: string, errorType: string): string {
  return JSON.stringify({
    status_code: status,
    detail,
    error_type: errorType,
  });
}

/** The body Feast's handlers write for `status` when a fault names none. */
export function defaultFeastErrorBody(status: number): string {
  if (status >= 500 && !REASON_PHRASES[status]) {
    return feastError(
      status,
      'Internal server error: injected fault',
      'InternalServerError',
    );
  }
  return feastError(
    status,
    REASON_PHRASES[status] ?? 'Request failed',
    'HTTPException',
  );
}

interface Answer {
  status: number;
  body: string;
  headers?: Record<string, string>;
}

/** A listing route: where its objects come from and which parameters it declares. */
interface ListingRoute {
  /** Key of the list in the answer. */
  key: string;
  /** Whether `project` is a required parameter. */
  perProject: boolean;
  /** Whether the route declares `tags`. */
  tags: boolean;
  /** Its boolean parameters, in the order the route declares them (FastAPI reports errors in that order). */
  bools: Array<'allow_cache' | 'include_relationships'>;
  /** Declared filters the double does not apply. */
  unsupported: string[];
  list(registry: RegistryIndex, project: string): FeastRegistryObjectJson[];
}

/** The registry's objects grouped by project, as the listing routes read them. */
interface RegistryIndex {
  projects: FeastRegistryObjectJson[];
  /** Names of every project, protected ones included (get_project does not hide them). */
  projectNames: Set<string>;
  byProject: Map<
    string,
    {
      entities: FeastRegistryObjectJson[];
      dataSources: FeastRegistryObjectJson[];
      featureViews: FeastRegistryObjectJson[];
      featureServices: FeastRegistryObjectJson[];
    }
  >;
}

function spec(object: FeastRegistryObjectJson): Record<string, unknown> {
  const value = object.spec;
  return value && typeof value === 'object'
    ? (value as Record<string, unknown>)
    : {};
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function tagsOf(object: Record<string, unknown>): Record<string, unknown> {
  const tags = object.tags;
  return tags && typeof tags === 'object'
    ? (tags as Record<string, unknown>)
    : {};
}

function buildIndex(registry: FeastRegistryJson): RegistryIndex {
  const byProject: RegistryIndex['byProject'] = new Map();
  const bucket = (project: string) => {
    let entry = byProject.get(project);
    if (!entry) {
      entry = {
        entities: [],
        dataSources: [],
        featureViews: [],
        featureServices: [],
      };
      byProject.set(project, entry);
    }
    return entry;
  };
  for (const entity of registry.entities ?? []) {
    bucket(text(spec(entity).project)).entities.push(entity);
  }
  // Data sources carry `project` and `tags` at the top level (feast.core.DataSource).
  for (const source of registry.dataSources ?? []) {
    bucket(text(source.project)).dataSources.push(source);
  }
  // proto_registry_utils.list_all_feature_views: batch, then stream, then on-demand views.
  const kinds: Array<[string, FeastRegistryObjectJson[] | undefined]> = [
    ['featureView', registry.featureViews],
    ['streamFeatureView', registry.streamFeatureViews],
    ['onDemandFeatureView', registry.onDemandFeatureViews],
  ];
  for (const [type, views] of kinds) {
    for (const view of views ?? []) {
      bucket(text(spec(view).project)).featureViews.push({ type, ...view });
    }
  }
  for (const service of registry.featureServices ?? []) {
    bucket(text(spec(service).project)).featureServices.push(service);
  }
  const projects = (registry.projects ?? []).filter(
    project => tagsOf(spec(project))[PROTECTED_PROJECT_TAG] !== 'true',
  );
  const projectNames = new Set(
    (registry.projects ?? []).map(project => text(spec(project).name)),
  );
  return { projects, byProject, projectNames };
}

const EMPTY_PROJECT = {
  entities: [],
  dataSources: [],
  featureViews: [],
  featureServices: [],
};

const ROUTES: Record<string, ListingRoute> = {
  '/projects': {
    key: 'projects',
    perProject: false,
    tags: false,
    bools: ['allow_cache'],
    unsupported: [],
    list: registry => registry.projects,
  },
  '/entities': {
    key: 'entities',
    perProject: true,
    tags: false,
    bools: ['allow_cache', 'include_relationships'],
    unsupported: [],
    list: (registry, project) =>
      (registry.byProject.get(project) ?? EMPTY_PROJECT).entities,
  },
  '/data_sources': {
    key: 'dataSources',
    perProject: true,
    tags: true,
    bools: ['include_relationships', 'allow_cache'],
    unsupported: [],
    list: (registry, project) =>
      (registry.byProject.get(project) ?? EMPTY_PROJECT).dataSources,
  },
  '/feature_views': {
    key: 'featureViews',
    perProject: true,
    tags: true,
    bools: ['allow_cache', 'include_relationships'],
    unsupported: [
      'entity',
      'feature',
      'feature_service',
      'data_source',
      'updated_since',
    ],
    list: (registry, project) =>
      (registry.byProject.get(project) ?? EMPTY_PROJECT).featureViews,
  },
  '/feature_services': {
    key: 'featureServices',
    perProject: true,
    tags: true,
    bools: ['include_relationships', 'allow_cache'],
    unsupported: ['feature_view'],
    list: (registry, project) =>
      (registry.byProject.get(project) ?? EMPTY_PROJECT).featureServices,
  },
};

/** A single-object route: the list it looks in and the FeastObjectNotFoundException it raises. */
interface ObjectRoute {
  /** The object as feast/errors.py names it ("Entity", "Feature view"...). */
  noun: string;
  /** Whether the route declares `project` (all but `/projects/{name}`). */
  perProject: boolean;
  /** Its boolean parameters, in declaration order. */
  bools: Array<'allow_cache' | 'include_relationships'>;
  find(index: RegistryIndex, project: string, name: string): boolean;
}

const hasNamed = (objects: FeastRegistryObjectJson[], name: string) =>
  objects.some(object => sortText(object, 'name') === name);

const OBJECT_ROUTES: Record<string, ObjectRoute> = {
  entities: {
    noun: 'Entity',
    perProject: true,
    bools: ['include_relationships', 'allow_cache'],
    find: (index, project, name) =>
      hasNamed(index.byProject.get(project)?.entities ?? [], name),
  },
  data_sources: {
    noun: 'Data source',
    perProject: true,
    bools: ['include_relationships', 'allow_cache'],
    find: (index, project, name) =>
      hasNamed(index.byProject.get(project)?.dataSources ?? [], name),
  },
  feature_views: {
    noun: 'Feature view',
    perProject: true,
    bools: ['include_relationships', 'allow_cache'],
    find: (index, project, name) =>
      hasNamed(index.byProject.get(project)?.featureViews ?? [], name),
  },
  feature_services: {
    noun: 'Feature service',
    perProject: true,
    bools: ['include_relationships', 'allow_cache'],
    find: (index, project, name) =>
      hasNamed(index.byProject.get(project)?.featureServices ?? [], name),
  },
  projects: {
    noun: 'Project',
    perProject: false,
    bools: ['allow_cache'],
    find: (index, _project, name) => index.projectNames.has(name),
  },
};

/** `tags=key:value` parameters as parse_tags reads them (entries without a colon are ignored). */
function requestedTags(rawUrl: string): Array<[string, string]> {
  const search = rawUrl.includes('?') ? rawUrl.slice(rawUrl.indexOf('?')) : '';
  return new URLSearchParams(search)
    .getAll('tags')
    .filter(tag => tag.includes(':'))
    .map(tag => {
      const colon = tag.indexOf(':');
      return [tag.slice(0, colon), tag.slice(colon + 1)];
    });
}

/** The name a listed object sorts by: `spec.name`, or `name` for data sources. */
function sortText(object: FeastRegistryObjectJson, attribute: string): string {
  return text(spec(object)[attribute] ?? object[attribute]);
}

const SORTABLE = new Set(['name', 'project', 'description', 'owner']);

/**
 * A protocol-faithful Feast REST registry server on 127.0.0.1 for tests
 * and benchmarks.
 *
 * @public
 */
export class FeastRegistryRestDouble extends ProtocolDouble {
  /** Root URL of the server (`http://127.0.0.1:PORT`); the routes are under `/api/v1`. */
  readonly url: string;
  /** `url` with the `/api/v1` root path. */
  readonly apiUrl: string;

  private index: RegistryIndex;
  private readonly tokens: Set<string> | undefined;

  private constructor(
    options: FeastRegistryRestDoubleOptions,
    server: LocalServer,
  ) {
    super(server, options.requestLogLimit ?? 100_000);
    this.url = server.origin;
    this.apiUrl = `${server.origin}/api/v1`;
    this.index = buildIndex(options.registry ?? {});
    this.tokens = options.tokens ? new Set(options.tokens) : undefined;
  }

  /** Starts a registry server double on 127.0.0.1 (random free port unless `port` is given). */
  static async start(
    options: FeastRegistryRestDoubleOptions = {},
  ): Promise<FeastRegistryRestDouble> {
    return ProtocolDouble.listen(
      options.port,
      server => new FeastRegistryRestDouble(options, server),
    );
  }

  /** Replaces the registry served (as `feast apply` followed by a registry refresh would). */
  setRegistry(registry: FeastRegistryJson): void {
    this.index = buildIndex(registry);
  }

  protected internalError(error: unknown) {
    return {
      body: feastError(
        500,
        `Internal server error: ${(error as Error)?.message ?? error}`,
        'InternalServerError',
      ),
    };
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const received = await receiveRequest(req, res, {
      log: this.log,
      faults: this.faults,
      hasBody: method => method !== 'GET' && method !== 'HEAD',
      faultAnswer: status => ({ body: defaultFeastErrorBody(status) }),
    });
    if (!received) return;
    const answer = this.answer(
      received.method,
      received.path,
      received.query,
      req.url ?? '/',
      req.headers.authorization,
    );
    sendText(
      res,
      answer.status,
      answer.body,
      answer.headers,
      received.truncate,
    );
  }

  private answer(
    method: string,
    rawPath: string,
    query: Record<string, string>,
    rawUrl: string,
    authorization: string | undefined,
  ): Answer {
    // FastAPI(root_path="/api/v1"): Starlette strips the root path when present and also routes bare paths.
    const routePath = rawPath.startsWith('/api/v1/')
      ? rawPath.slice('/api/v1'.length)
      : rawPath;
    const route = ROUTES[routePath];
    if (!route) {
      const single = /^\/([a-z_]+)\/([^/]+)$/.exec(routePath);
      if (single && OBJECT_ROUTES[single[1]]) {
        return this.objectAnswer(
          method,
          single[1],
          single[2],
          query,
          authorization,
        );
      }
      return { status: 404, body: JSON.stringify({ detail: 'Not Found' }) };
    }
    // Starlette answers HEAD on GET routes (node:http leaves the body out).
    if (method !== 'GET' && method !== 'HEAD') {
      return {
        status: 405,
        body: JSON.stringify({ detail: 'Method Not Allowed' }),
        headers: { Allow: 'GET, HEAD' },
      };
    }
    if (this.tokens && !this.authorized(authorization)) {
      return {
        status: 401,
        body: feastError(
          401,
          'Invalid or expired access token',
          'HTTPException',
        ),
      };
    }

    // FastAPI resolves a route's sub-dependencies (tags, paging, sorting) before its own parameters.
    const params = new QueryReader(query);
    const page = params.optionalInt('page', { ge: 1 }) ?? 0;
    const limit = params.optionalInt('limit', { ge: 1, le: 100 }) ?? 0;
    const sortBy = params.optionalString('sort_by') ?? '';
    const sortOrder =
      params.optionalString('sort_order', '^(asc|desc)$') ?? 'asc';
    const project = route.perProject ? params.requiredString('project') : '';
    let includeRelationships = false;
    for (const name of route.bools) {
      const value = params.bool(name, name === 'allow_cache');
      if (name === 'include_relationships') {
        includeRelationships = value;
      }
    }
    if (params.failures.length > 0) {
      return {
        status: 422,
        body: feastError(
          422,
          validationDetail(params.failures, method, routePath),
          'RequestValidationError',
        ),
      };
    }
    const unsupported = [
      ...route.unsupported.filter(name => query[name] !== undefined),
      ...(includeRelationships ? ['include_relationships=true'] : []),
      ...(sortBy && !SORTABLE.has(sortBy) ? [`sort_by=${sortBy}`] : []),
    ];
    if (unsupported.length > 0) {
      return {
        status: 400,
        body: feastError(
          400,
          `The Feast registry double does not serve ${unsupported.join(', ')}`,
          'HTTPException',
        ),
      };
    }

    let objects = route.list(this.index, project);
    const tags = route.tags ? requestedTags(rawUrl) : [];
    if (tags.length > 0) {
      objects = objects.filter(object => {
        const objectTags = tagsOf(
          route.key === 'dataSources' ? object : spec(object),
        );
        return tags.every(([key, value]) => objectTags[key] === value);
      });
    }
    if (sortBy) {
      objects = sortByText(
        objects,
        object => sortText(object, sortBy),
        sortOrder,
      );
    }
    const { items, pagination } = paginate(objects, page, limit);
    return {
      status: 200,
      body: this.listingBody(route.key, items, pagination),
    };
  }

  /** GET `/{kind}/{name}`: Feast's refusals, or 400 for an object the double cannot describe as Feast does. */
  private objectAnswer(
    method: string,
    kind: string,
    rawName: string,
    query: Record<string, string>,
    authorization: string | undefined,
  ): Answer {
    const route = OBJECT_ROUTES[kind];
    const template = `/${kind}/{name}`;
    if (method !== 'GET' && method !== 'HEAD') {
      return {
        status: 405,
        body: JSON.stringify({ detail: 'Method Not Allowed' }),
        headers: { Allow: 'GET, HEAD' },
      };
    }
    if (this.tokens && !this.authorized(authorization)) {
      return {
        status: 401,
        body: feastError(
          401,
          'Invalid or expired access token',
          'HTTPException',
        ),
      };
    }
    let name: string;
    try {
      name = decodeURIComponent(rawName);
    } catch {
      name = rawName;
    }
    if (name === 'all' && route.perProject) {
      return {
        status: 400,
        body: feastError(
          400,
          `The Feast registry double does not serve GET /${kind}/all`,
          'HTTPException',
        ),
      };
    }
    const params = new QueryReader(query);
    const project = route.perProject ? params.requiredString('project') : '';
    for (const bool of route.bools) {
      params.bool(bool, bool === 'allow_cache');
    }
    if (params.failures.length > 0) {
      return {
        status: 422,
        body: feastError(
          422,
          validationDetail(params.failures, method, template),
          'RequestValidationError',
        ),
      };
    }
    if (!route.find(this.index, project, name)) {
      // feast/errors.py: "in project" only when a project was given.
      const where = route.perProject && project ? ` in project ${project}` : '';
      return {
        status: 404,
        body: feastError(
          404,
          `${route.noun} ${name} does not exist${where}`,
          'FeastObjectNotFoundException',
        ),
      };
    }
    return {
      status: 400,
      body: feastError(
        400,
        `The Feast registry double does not serve GET ${template}`,
        'HTTPException',
      ),
    };
  }

  private listingBody(
    key: string,
    items: FeastRegistryObjectJson[],
    pagination: PaginationJson,
  ): string {
    return JSON.stringify({ [key]: items, pagination });
  }

  /** Feast's RestTokenExtractor: an `Authorization` header matching `(?i)Bearer .+` split in two. */
  private authorized(header: string | undefined): boolean {
    if (!header || !/^bearer .+/i.test(header)) {
      return false;
    }
    const parts = header.split(/\s+/).filter(Boolean);
    return parts.length === 2 && this.tokens!.has(parts[1]);
  }
}
