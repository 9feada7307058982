/*
 * Test double of an Iceberg REST catalog, following the Apache Iceberg REST Catalog OpenAPI spec
 * (open-api/rest-catalog-open-api.yaml, tag apache-iceberg-1.11.0): GET /v1/config, the deprecated but still
 * used OAuth2 client-credentials endpoint POST /v1/oauth/tokens (OAuthTokenRequest / OAuthTokenResponse /
 * OAuthError), listNamespaces, loadNamespaceMetadata, namespaceExists, listTables, loadTable and tableExists,
 * with PageToken paging (`pageToken`, `pageSize`, `next-page-token`), multi-level namespaces joined by the unit
 * separator 0x1F (`%1F`) in paths and in the `parent` parameter, IcebergErrorResponse bodies
 * (`{"error":{"message","type","code"}}`), 401 NotAuthorizedException and 419 AuthenticationTimeoutException.
 * Apache Polaris specifics (catalog API under /api/catalog, `warehouse` required by /v1/config, prefix = catalog
 * name, scope PRINCIPAL_ROLE:ALL) are reproduced through options. Table metadata follows the Iceberg table spec
 * (format v2); snapshot ids are written as bare JSON integers with all their digits.
 */
import { createHash, randomBytes } from 'node:crypto';
import type http from 'node:http';
import { type LocalServer, sendText } from '../support/http';
import { receiveRequest } from '../support/receive';
import { ProtocolDouble } from '../support/ProtocolDouble';
import { toLosslessJson } from './json';
import {
  buildTableMetadata,
  stableUuid,
  type TableMetadataOptions,
} from './tableMetadata';
import {
  type ChildProcessDouble,
  startDoubleInChildProcess,
} from '../support/childProcess';

/**
 * OAuth2 client credentials accepted by the catalog's token endpoint.
 *
 * @public
 */
export interface IcebergClientCredentialsAuth {
  clientId: string;
  clientSecret: string;
  /** When set, token requests must ask for this scope (Polaris: `PRINCIPAL_ROLE:ALL`). */
  scope?: string;
  /** Lifetime of issued tokens; afterwards requests get 419. Default 3600. */
  tokenTtlSeconds?: number;
}

/**
 * A static bearer token the catalog accepts.
 *
 * @public
 */
export interface IcebergBearerTokenAuth {
  bearerToken: string;
}

/**
 * Options of {@link IcebergRestCatalogDouble.start}.
 *
 * @public
 */
export interface IcebergRestCatalogDoubleOptions {
  /** Path prefix advertised in `overrides.prefix` of /v1/config (Polaris: the catalog name). Default: none. */
  prefix?: string;
  /** When set, GET /v1/config requires `?warehouse=` with this value (400 when missing, 404 when different). */
  warehouse?: string;
  /** Authentication. Default: none (every request accepted). */
  auth?: IcebergClientCredentialsAuth | IcebergBearerTokenAuth;
  /** Base path in front of /v1 (Polaris: `/api/catalog`). Default ''. */
  basePath?: string;
  /** Extra `defaults` of /v1/config. */
  defaults?: Record<string, string>;
  /** Extra `overrides` of /v1/config. */
  overrides?: Record<string, string>;
  /** Page size used when a client sends `pageToken` without `pageSize`. Default 100. */
  defaultPageSize?: number;
  /**
   * Largest page the server returns. When set, listings are paged even if the client did not
   * ask for paging (a server-side limit). Default: none.
   */
  maxPageSize?: number;
  /**
   * Generate a synthetic catalog: namespaces `ns_0000`... each with tables `table_00000`...
   * (metadata generated on request from a template, so 50,000 tables cost little memory).
   */
  synthetic?: { namespaces: number; tablesPerNamespace: number };
  /** Maximum number of entries kept in `requests` (oldest dropped). Default 100000. */
  requestLogLimit?: number;
  /** Clock used for token expiry, in ms. Default Date.now. */
  now?: () => number;
  /** Port to listen on. Default: a random free port. */
  port?: number;
}

/**
 * Options of {@link IcebergRestCatalogDouble.addTable}.
 *
 * @public
 */
export interface IcebergAddTableOptions {
  /** `metadata-location` of the LoadTableResult. Default: `<location>/metadata/0000N-<uuid>.metadata.json`. */
  metadataLocation?: string;
  /** `config` of the LoadTableResult. Default `{}`. */
  config?: Record<string, string>;
}

/**
 * Handle of a catalog double running in a child process.
 *
 * @public
 */
export type IcebergRestCatalogChildProcess = ChildProcessDouble;

interface TableEntry {
  name: string;
  /** Serialized metadata (explicit tables). */
  metadataText?: string;
  /** Metadata object, when given as an object (needed for snapshots=refs). */
  metadataObject?: Record<string, unknown>;
  /** Serialized metadata with only referenced snapshots (lazy). */
  refsMetadataText?: string;
  metadataLocation?: string;
  configText: string;
  /** Index of a synthetic table. */
  syntheticIndex?: number;
}

interface NamespaceEntry {
  levels: string[];
  key: string;
  levelsJson: string;
  properties: Record<string, string>;
  children: string[];
  tables: Map<string, TableEntry>;
  tableNames: string[];
}

interface Template {
  parts: string[];
  markers: string[];
}

const SEP = '\u001f';
const ROOT = '';

const SYNTHETIC_MARKER_IDS = [
  8111111111111111000n,
  8111111111111112000n,
  8111111111111113000n,
];
const SYNTHETIC_STEP = 4000000000000123n;

function icebergError(message: string, type: string, code: number): string {
  return JSON.stringify({ error: { message, type, code } });
}

const DEFAULT_ERROR_TYPES: Record<number, [string, string]> = {
  400: ['BadRequestException', 'Malformed request'],
  401: ['NotAuthorizedException', 'Not authorized to make this request'],
  403: ['ForbiddenException', 'Not authorized to make this request'],
  404: ['NotFoundException', 'Not found'],
  406: [
    'UnsupportedOperationException',
    'The server does not support this operation',
  ],
  409: ['AlreadyExistsException', 'Conflict'],
  419: ['AuthenticationTimeoutException', 'Credentials have timed out'],
  429: ['TooManyRequestsException', 'Too many requests'],
  500: ['InternalServerError', 'Internal Server Error'],
  502: ['BadGatewayException', 'Bad Gateway'],
  503: ['SlowDownException', 'Slow down'],
  504: ['GatewayTimeoutException', 'Gateway Timeout'],
};

/** The IcebergErrorResponse body a real catalog sends for `status`. */
export function defaultIcebergErrorBody(status: number): string {
  const [type, message] =
    DEFAULT_ERROR_TYPES[status] ??
    (status >= 500
      ? ['ServiceFailureException', 'Server error']
      : ['BadRequestException', 'Request failed']);
  return icebergError(message, type, status);
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(body);
  }
}

function fail(status: number, type: string, message: string): never {
  throw new HttpError(status, icebergError(message, type, status));
}

/**
 * A protocol-faithful Iceberg REST catalog on 127.0.0.1 for tests and benchmarks.
 *
 * @public
 */
export class IcebergRestCatalogDouble extends ProtocolDouble {
  /** Base URL the client configures; it calls `${url}/v1/...`. */
  readonly url: string;

  private readonly namespaces = new Map<string, NamespaceEntry>();
  private readonly tokens = new Map<string, number>();
  private readonly basePath: string;
  private readonly prefixSegment: string | undefined;
  private readonly now: () => number;
  private template: Template | undefined;
  private tableCounter = 0;

  private constructor(
    private readonly options: IcebergRestCatalogDoubleOptions,
    server: LocalServer,
  ) {
    super(server, options.requestLogLimit ?? 100_000);
    this.basePath = (options.basePath ?? '').replace(/\/+$/, '');
    this.prefixSegment =
      options.prefix !== undefined ? options.prefix : undefined;
    this.url = `${server.origin}${this.basePath}`;
    this.now = options.now ?? Date.now;
    this.namespaces.set(ROOT, this.newNamespace([]));
  }

  /**
   * Starts a catalog double on 127.0.0.1 (random free port unless `port` is given).
   */
  static async start(
    options: IcebergRestCatalogDoubleOptions = {},
  ): Promise<IcebergRestCatalogDouble> {
    const double = await ProtocolDouble.listen(
      options.port,
      server => new IcebergRestCatalogDouble(options, server),
    );
    if (options.synthetic) {
      double.generateSynthetic(
        options.synthetic.namespaces,
        options.synthetic.tablesPerNamespace,
      );
    }
    return double;
  }

  /**
   * Starts a catalog double in a separate Node.js process (so a benchmark does not share its CPU
   * with the double). Options must be JSON-serializable (no `now`, no RegExp paths in faults).
   */
  static startInChildProcess(
    options: Omit<IcebergRestCatalogDoubleOptions, 'now'> = {},
  ): Promise<IcebergRestCatalogChildProcess> {
    return startDoubleInChildProcess(require.resolve('./serve'), options);
  }

  /**
   * Builds realistic Iceberg v2 table metadata (see {@link buildTableMetadata}); snapshot ids are
   * `bigint` values above Number.MAX_SAFE_INTEGER.
   */
  static tableMetadata(options: TableMetadataOptions = {}) {
    return buildTableMetadata(options);
  }

  /** The prefix advertised in /v1/config, if any. */
  get prefix(): string | undefined {
    return this.prefixSegment;
  }

  /**
   * Adds a namespace (and any missing ancestor), or merges properties into an existing one.
   */
  addNamespace(
    levels: string[],
    properties: Record<string, string> = {},
  ): void {
    if (!levels.length || levels.some(l => !l || l.includes(SEP))) {
      throw new Error(`Invalid namespace ${JSON.stringify(levels)}`);
    }
    this.ensureNamespace(levels, properties);
  }

  /**
   * Adds (or replaces) a table. `metadata` is full table metadata, either an object (bigint values and
   * decimal-string snapshot ids are written as bare integers) or raw JSON text sent verbatim.
   * The namespace is created when missing.
   */
  addTable(
    namespace: string[],
    name: string,
    metadata: object | string,
    options: IcebergAddTableOptions = {},
  ): void {
    this.addNamespace(namespace);
    const ns = this.namespaces.get(namespace.join(SEP))!;
    const metadataObject =
      typeof metadata === 'string'
        ? undefined
        : (metadata as Record<string, unknown>);
    const location =
      typeof metadataObject?.location === 'string'
        ? metadataObject.location
        : `s3://warehouse/${namespace.join('/')}/${name}`;
    this.tableCounter += 1;
    const entry: TableEntry = {
      name,
      metadataText:
        typeof metadata === 'string' ? metadata : toLosslessJson(metadata),
      metadataObject,
      metadataLocation:
        options.metadataLocation ??
        `${location}/metadata/${String(this.tableCounter).padStart(
          5,
          '0',
        )}-${stableUuid(`${location}#${this.tableCounter}`)}.metadata.json`,
      configText: JSON.stringify(options.config ?? {}),
    };
    if (!ns.tables.has(name)) {
      ns.tableNames.push(name);
    }
    ns.tables.set(name, entry);
  }

  /** Removes a table; returns whether it existed. */
  removeTable(namespace: string[], name: string): boolean {
    const ns = this.namespaces.get(namespace.join(SEP));
    if (!ns || !ns.tables.delete(name)) {
      return false;
    }
    ns.tableNames.splice(ns.tableNames.indexOf(name), 1);
    return true;
  }

  /** Mints an access token directly (client-credentials mode), as if the token endpoint had been called. */
  issueToken(ttlSeconds?: number): string {
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, this.now() + (ttlSeconds ?? this.tokenTtl()) * 1000);
    return token;
  }

  /** Makes every token issued so far expired (requests with them get 419). */
  expireTokens(): void {
    const past = this.now() - 1;
    for (const token of this.tokens.keys()) {
      this.tokens.set(token, past);
    }
  }

  // ---------------------------------------------------------------- internals

  private tokenTtl(): number {
    const auth = this.options.auth;
    return auth && 'clientId' in auth ? auth.tokenTtlSeconds ?? 3600 : 3600;
  }

  private newNamespace(levels: string[]): NamespaceEntry {
    return {
      levels,
      key: levels.join(SEP),
      levelsJson: JSON.stringify(levels),
      properties: {},
      children: [],
      tables: new Map(),
      tableNames: [],
    };
  }

  private ensureNamespace(
    levels: string[],
    properties: Record<string, string> = {},
  ): NamespaceEntry {
    const key = levels.join(SEP);
    let ns = this.namespaces.get(key);
    if (!ns) {
      const parent = this.ensureNamespace(levels.slice(0, -1));
      ns = this.newNamespace(levels);
      this.namespaces.set(key, ns);
      parent.children.push(key);
    }
    Object.assign(ns.properties, properties);
    return ns;
  }

  private generateSynthetic(namespaces: number, tablesPerNamespace: number) {
    const nsWidth = Math.max(4, String(namespaces - 1).length);
    const tWidth = Math.max(5, String(tablesPerNamespace - 1).length);
    let index = 0;
    for (let n = 0; n < namespaces; n++) {
      const ns = this.ensureNamespace(
        [`ns_${String(n).padStart(nsWidth, '0')}`],
        {
          owner: `team-${n % 17}`,
        },
      );
      for (let t = 0; t < tablesPerNamespace; t++) {
        const name = `table_${String(t).padStart(tWidth, '0')}`;
        ns.tableNames.push(name);
        ns.tables.set(name, {
          name,
          configText: '{}',
          syntheticIndex: index++,
        });
      }
    }
  }

  private syntheticTemplate(): Template {
    if (!this.template) {
      const text = toLosslessJson(
        buildTableMetadata({
          namespace: ['@@NS@@'],
          name: '@@NAME@@',
          location: '@@LOC@@',
          tableUuid: '@@UUID@@',
          firstSnapshotId: SYNTHETIC_MARKER_IDS[0],
          snapshotIdStep: SYNTHETIC_MARKER_IDS[1] - SYNTHETIC_MARKER_IDS[0],
          snapshotCount: SYNTHETIC_MARKER_IDS.length,
        }),
      );
      const markerList = [
        '@@LOC@@',
        '@@UUID@@',
        ...SYNTHETIC_MARKER_IDS.map(String),
      ];
      const re = new RegExp(markerList.join('|'), 'g');
      const parts: string[] = [];
      const markers: string[] = [];
      let last = 0;
      for (const m of text.matchAll(re)) {
        parts.push(text.slice(last, m.index));
        markers.push(m[0]);
        last = m.index! + m[0].length;
      }
      parts.push(text.slice(last));
      this.template = { parts, markers };
    }
    return this.template;
  }

  private syntheticMetadata(
    ns: NamespaceEntry,
    table: TableEntry,
  ): { text: string; location: string } {
    const template = this.syntheticTemplate();
    const index = table.syntheticIndex!;
    const location = `s3://warehouse/${ns.levels.join('/')}/${table.name}`;
    const first = 3000000000000000000n + BigInt(index) * 1000000000007n + 123n;
    const values: Record<string, string> = {
      '@@LOC@@': location,
      '@@UUID@@': stableUuid(`${ns.key}.${table.name}`),
    };
    SYNTHETIC_MARKER_IDS.forEach((marker, k) => {
      values[String(marker)] = String(first + BigInt(k) * SYNTHETIC_STEP);
    });
    let text = template.parts[0];
    for (let i = 0; i < template.markers.length; i++) {
      text += values[template.markers[i]] + template.parts[i + 1];
    }
    return {
      text,
      location: `${location}/metadata/00003-${values['@@UUID@@']}.metadata.json`,
    };
  }

  protected internalError(error: unknown) {
    return {
      body: icebergError(
        String((error as Error)?.stack ?? error),
        'InternalServerError',
        500,
      ),
    };
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const received = await receiveRequest(req, res, {
      log: this.log,
      faults: this.faults,
      hasBody: method => method !== 'GET' && method !== 'HEAD',
      faultAnswer: status => ({ body: defaultIcebergErrorBody(status) }),
    });
    if (!received) return;
    const { method, path, query, body, truncate, emptyListing } = received;

    try {
      const result = this.route(method, path, query, req.headers, body ?? '', {
        emptyListing,
      });
      if (method === 'HEAD' || result.status === 204 || result.status === 304) {
        res.writeHead(result.status, result.headers ?? {});
        res.end();
        return;
      }
      sendText(res, result.status, result.body, result.headers, truncate);
    } catch (e) {
      if (e instanceof HttpError) {
        if (method === 'HEAD') {
          res.writeHead(e.status, e.headers);
          res.end();
          return;
        }
        sendText(res, e.status, e.body, e.headers, truncate);
        return;
      }
      throw e;
    }
  }

  private route(
    method: string,
    path: string,
    query: Record<string, string>,
    headers: http.IncomingHttpHeaders,
    body: string,
    flags: { emptyListing: boolean },
  ): { status: number; body: string; headers?: Record<string, string> } {
    if (
      !path.startsWith(`${this.basePath}/`) ||
      !path.slice(this.basePath.length).startsWith('/v1/')
    ) {
      fail(404, 'NotFoundException', `Unable to find resource ${path}`);
    }
    const segments = path.slice(this.basePath.length + 1).split('/');
    // segments[0] === 'v1'
    if (
      segments[1] === 'oauth' &&
      segments[2] === 'tokens' &&
      segments.length === 3
    ) {
      if (method !== 'POST') {
        fail(405, 'MethodNotAllowedException', `Method ${method} not allowed`);
      }
      return this.token(headers, body);
    }

    this.authenticate(headers);

    if (segments[1] === 'config' && segments.length === 2) {
      if (method !== 'GET') {
        fail(405, 'MethodNotAllowedException', `Method ${method} not allowed`);
      }
      return this.config(query);
    }

    let i = 1;
    if (this.prefixSegment !== undefined) {
      const prefix = decodeSegment(segments[1] ?? '');
      if (prefix !== this.prefixSegment || segments.length < 3) {
        fail(404, 'NotFoundException', `Unable to find catalog ${prefix}`);
      }
      i = 2;
    }
    if (segments[i] !== 'namespaces') {
      fail(404, 'NotFoundException', `Unable to find resource ${path}`);
    }
    const rest = segments.length - i;
    const readOnly = method === 'GET' || method === 'HEAD';
    if (rest === 1) {
      if (method !== 'GET') {
        unsupported(method);
      }
      return this.listNamespaces(query, flags.emptyListing);
    }
    const levels = decodeSegment(segments[i + 1]).split(SEP);
    if (rest === 2) {
      if (!readOnly) {
        unsupported(method);
      }
      const ns = this.requireNamespace(levels);
      return ok(
        `{"namespace":${ns.levelsJson},"properties":${JSON.stringify(
          ns.properties,
        )}}`,
        method === 'HEAD' ? 204 : 200,
      );
    }
    if (segments[i + 2] === 'tables' && rest === 3) {
      if (method !== 'GET') {
        unsupported(method);
      }
      return this.listTables(levels, query, flags.emptyListing);
    }
    if (segments[i + 2] === 'tables' && rest === 4) {
      if (!readOnly) {
        unsupported(method);
      }
      return this.loadTable(
        levels,
        decodeSegment(segments[i + 3]),
        query,
        headers,
        method === 'HEAD',
      );
    }
    return fail(404, 'NotFoundException', `Unable to find resource ${path}`);
  }

  private authenticate(headers: http.IncomingHttpHeaders): void {
    const auth = this.options.auth;
    if (!auth) {
      return;
    }
    const header = headers.authorization;
    const m = header ? /^Bearer\s+(.+)$/i.exec(header) : null;
    if (!m) {
      throw new HttpError(
        401,
        icebergError(
          'Authentication required: missing bearer token',
          'NotAuthorizedException',
          401,
        ),
        { 'WWW-Authenticate': 'Bearer' },
      );
    }
    const token = m[1].trim();
    if ('bearerToken' in auth) {
      if (token !== auth.bearerToken) {
        throw new HttpError(
          401,
          icebergError(
            'Not authorized to make this request: invalid bearer token',
            'NotAuthorizedException',
            401,
          ),
          { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
        );
      }
      return;
    }
    const expiresAt = this.tokens.get(token);
    if (expiresAt === undefined) {
      throw new HttpError(
        401,
        icebergError(
          'Not authorized to make this request: invalid bearer token',
          'NotAuthorizedException',
          401,
        ),
        { 'WWW-Authenticate': 'Bearer error="invalid_token"' },
      );
    }
    if (this.now() >= expiresAt) {
      fail(419, 'AuthenticationTimeoutException', 'Credentials have timed out');
    }
  }

  private token(
    headers: http.IncomingHttpHeaders,
    body: string,
  ): { status: number; body: string; headers?: Record<string, string> } {
    const oauthError = (status: number, error: string, description: string) =>
      new HttpError(
        status,
        JSON.stringify({ error, error_description: description }),
        {
          'Cache-Control': 'no-store',
        },
      );
    const auth = this.options.auth;
    if (auth && 'bearerToken' in auth) {
      throw oauthError(
        400,
        'unsupported_grant_type',
        'This catalog only accepts a static bearer token',
      );
    }
    const contentType = String(headers['content-type'] ?? '');
    if (!contentType.startsWith('application/x-www-form-urlencoded')) {
      throw oauthError(
        400,
        'invalid_request',
        'Expected an application/x-www-form-urlencoded body',
      );
    }
    const form = new URLSearchParams(body);
    const grantType = form.get('grant_type');
    let scope = form.get('scope') ?? undefined;
    if (grantType === 'client_credentials') {
      let clientId = form.get('client_id') ?? undefined;
      let clientSecret = form.get('client_secret') ?? undefined;
      const basic = /^Basic\s+(.+)$/i.exec(String(headers.authorization ?? ''));
      if (basic && clientId === undefined) {
        const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        clientId = decodeURIComponent(decoded.slice(0, colon));
        clientSecret = decodeURIComponent(decoded.slice(colon + 1));
      }
      if (!clientId || clientSecret === undefined) {
        throw oauthError(
          400,
          'invalid_request',
          'Missing client_id or client_secret',
        );
      }
      if (
        auth &&
        (auth.clientId !== clientId || auth.clientSecret !== clientSecret)
      ) {
        throw oauthError(
          401,
          'invalid_client',
          'Client authentication failed: invalid client_id or client_secret',
        );
      }
      if (auth?.scope && !(scope ?? '').split(' ').includes(auth.scope)) {
        throw oauthError(
          400,
          'invalid_scope',
          `The scope must include ${auth.scope}`,
        );
      }
    } else if (
      grantType === 'urn:ietf:params:oauth:grant-type:token-exchange'
    ) {
      const subject = form.get('subject_token');
      if (!subject || !this.tokens.has(subject)) {
        throw oauthError(401, 'invalid_grant', 'Unknown subject_token');
      }
    } else {
      throw oauthError(
        400,
        'unsupported_grant_type',
        `Unsupported grant_type: ${grantType}`,
      );
    }
    if (!scope && auth?.scope) {
      scope = auth.scope;
    }
    const ttl = this.tokenTtl();
    const token = this.issueToken(ttl);
    return {
      status: 200,
      body: JSON.stringify({
        access_token: token,
        token_type: 'bearer',
        expires_in: ttl,
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        ...(scope ? { scope } : {}),
      }),
      headers: { 'Cache-Control': 'no-store' },
    };
  }

  private config(query: Record<string, string>) {
    const warehouse = this.options.warehouse;
    if (warehouse !== undefined) {
      if (!query.warehouse) {
        fail(400, 'BadRequestException', 'Please specify a warehouse');
      }
      if (query.warehouse !== warehouse) {
        fail(
          404,
          'NoSuchWarehouseException',
          `Unable to find warehouse ${query.warehouse}`,
        );
      }
    }
    const p = '/v1/{prefix}';
    return ok(
      JSON.stringify({
        defaults: { ...this.options.defaults },
        overrides: {
          ...(this.prefixSegment !== undefined
            ? { prefix: this.prefixSegment }
            : {}),
          ...this.options.overrides,
        },
        endpoints: [
          `GET ${p}/namespaces`,
          `GET ${p}/namespaces/{namespace}`,
          `HEAD ${p}/namespaces/{namespace}`,
          `GET ${p}/namespaces/{namespace}/tables`,
          `GET ${p}/namespaces/{namespace}/tables/{table}`,
          `HEAD ${p}/namespaces/{namespace}/tables/{table}`,
        ],
      }),
    );
  }

  private requireNamespace(levels: string[]): NamespaceEntry {
    const ns = this.namespaces.get(levels.join(SEP));
    if (!ns || !levels.length || levels[0] === '') {
      fail(
        404,
        'NoSuchNamespaceException',
        `Namespace does not exist: ${levels.join('.')}`,
      );
    }
    return ns;
  }

  private page(
    total: number,
    query: Record<string, string>,
  ): { start: number; end: number; tokenJson: string } {
    const tokenParam = query.pageToken;
    const sizeParam = query.pageSize;
    const maxPageSize = this.options.maxPageSize;
    const paging =
      tokenParam !== undefined ||
      sizeParam !== undefined ||
      maxPageSize !== undefined;
    if (!paging) {
      return { start: 0, end: total, tokenJson: 'null' };
    }
    let size = this.options.defaultPageSize ?? 100;
    if (sizeParam !== undefined) {
      size = Number(sizeParam);
      if (!/^\d+$/.test(sizeParam) || size < 1) {
        fail(400, 'BadRequestException', `Invalid pageSize: ${sizeParam}`);
      }
    }
    if (maxPageSize !== undefined) {
      size = Math.min(size, maxPageSize);
    }
    let start = 0;
    if (tokenParam) {
      const decoded = /^o:(\d+)$/.exec(
        Buffer.from(tokenParam, 'base64url').toString('utf8'),
      );
      if (!decoded) {
        fail(400, 'BadRequestException', `Invalid page token: ${tokenParam}`);
      }
      start = Math.min(Number(decoded[1]), total);
    }
    const end = Math.min(start + size, total);
    return {
      start,
      end,
      tokenJson:
        end < total
          ? JSON.stringify(Buffer.from(`o:${end}`).toString('base64url'))
          : 'null',
    };
  }

  private listNamespaces(query: Record<string, string>, empty: boolean) {
    const parentLevels = query.parent ? query.parent.split(SEP) : [];
    const parent = parentLevels.length
      ? this.requireNamespace(parentLevels)
      : this.namespaces.get(ROOT)!;
    if (empty) {
      return ok('{"namespaces":[],"next-page-token":null}');
    }
    const { start, end, tokenJson } = this.page(parent.children.length, query);
    const items: string[] = [];
    for (let i = start; i < end; i++) {
      items.push(this.namespaces.get(parent.children[i])!.levelsJson);
    }
    return ok(
      `{"namespaces":[${items.join(',')}],"next-page-token":${tokenJson}}`,
    );
  }

  private listTables(
    levels: string[],
    query: Record<string, string>,
    empty: boolean,
  ) {
    const ns = this.requireNamespace(levels);
    if (empty) {
      return ok('{"identifiers":[],"next-page-token":null}');
    }
    const { start, end, tokenJson } = this.page(ns.tableNames.length, query);
    const items: string[] = [];
    for (let i = start; i < end; i++) {
      items.push(
        `{"namespace":${ns.levelsJson},"name":${JSON.stringify(
          ns.tableNames[i],
        )}}`,
      );
    }
    return ok(
      `{"identifiers":[${items.join(',')}],"next-page-token":${tokenJson}}`,
    );
  }

  private loadTable(
    levels: string[],
    name: string,
    query: Record<string, string>,
    headers: http.IncomingHttpHeaders,
    head: boolean,
  ) {
    // A table in a namespace that does not exist is a table that does not exist: catalogs look the table up
    // by its identifier (Iceberg's BaseMetastoreCatalog.loadTable, Polaris' resolution of the table path).
    const ns = this.namespaces.get(levels.join(SEP));
    const table = ns?.tables.get(name);
    if (!ns || !table) {
      fail(
        404,
        'NoSuchTableException',
        `Table does not exist: ${[...levels, name].join('.')}`,
      );
    }
    if (head) {
      return ok('', 204);
    }
    if (
      query.snapshots !== undefined &&
      !['all', 'refs'].includes(query.snapshots)
    ) {
      fail(
        400,
        'BadRequestException',
        `Invalid snapshots mode: ${query.snapshots}`,
      );
    }
    let metadataText: string;
    let metadataLocation: string;
    if (table.syntheticIndex !== undefined) {
      const synthetic = this.syntheticMetadata(ns, table);
      metadataText = synthetic.text;
      metadataLocation = synthetic.location;
    } else {
      metadataLocation = table.metadataLocation!;
      metadataText =
        query.snapshots === 'refs'
          ? this.refsMetadata(table)
          : table.metadataText!;
    }
    const etag = `"${createHash('sha1')
      .update(`${metadataLocation}#${query.snapshots ?? 'all'}`)
      .digest('hex')}"`;
    if (headers['if-none-match'] === etag) {
      return { status: 304, body: '', headers: { ETag: etag } };
    }
    return {
      status: 200,
      body: `{"metadata-location":${JSON.stringify(
        metadataLocation,
      )},"metadata":${metadataText},"config":${table.configText}}`,
      headers: { ETag: etag },
    };
  }

  private refsMetadata(table: TableEntry): string {
    if (!table.metadataObject) {
      return table.metadataText!;
    }
    if (table.refsMetadataText === undefined) {
      const meta = table.metadataObject;
      const refs = (meta.refs ?? {}) as Record<
        string,
        { 'snapshot-id': unknown }
      >;
      const referenced = new Set(
        Object.values(refs).map(r => String(r['snapshot-id'])),
      );
      const snapshots = Array.isArray(meta.snapshots) ? meta.snapshots : [];
      table.refsMetadataText = toLosslessJson({
        ...meta,
        snapshots: snapshots.filter(s =>
          referenced.has(String((s as Record<string, unknown>)['snapshot-id'])),
        ),
      });
    }
    return table.refsMetadataText;
  }
}

function ok(body: string, status = 200) {
  return { status, body };
}

function unsupported(method: string): never {
  return fail(
    406,
    'UnsupportedOperationException',
    `The server does not support this operation: ${method}`,
  );
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return fail(
      400,
      'BadRequestException',
      `Malformed path segment: ${segment}`,
    );
  }
}
