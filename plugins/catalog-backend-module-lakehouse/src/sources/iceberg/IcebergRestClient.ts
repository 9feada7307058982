/**
 * A client of the Iceberg REST catalog API (Iceberg 1.x OpenAPI spec, which
 * Apache Polaris implements): configuration, OAuth2 client credentials or a
 * static bearer token, namespace and table listings with paging, and table
 * metadata with snapshot ids kept as exact decimal strings.
 */

import { Pool } from 'undici';
import { mapConcurrently } from '../../util/mapConcurrently';

/** How to authenticate against the catalog. */
export type IcebergAuth =
  | {
      type: 'oauth2';
      clientId: string;
      clientSecret: string;
      scope?: string;
      tokenUrl: string;
    }
  | { type: 'bearer'; token: string };

export interface IcebergRestClientOptions {
  /** Base URL, the part before `/v1/`. */
  url: string;
  warehouse?: string;
  auth?: IcebergAuth;
  pageSize: number;
  requestTimeoutMs: number;
  /** Connections kept open to the catalog; at least the request concurrency. */
  maxConnections?: number;
}

interface RawResponse {
  status: number;
  text: string;
}

/** The `metadata` object of a LoadTableResult, as far as the portal reads it. */
export interface IcebergTableMetadata {
  'format-version'?: number;
  'table-uuid'?: string;
  location?: string;
  'last-updated-ms'?: number;
  properties?: Record<string, string>;
  schemas?: { 'schema-id': number; fields: IcebergField[] }[];
  'current-schema-id'?: number;
  'partition-specs'?: {
    'spec-id': number;
    fields: { name: string; transform: string; 'source-id': number }[];
  }[];
  'default-spec-id'?: number;
  /** Exact decimal string: ids exceed Number.MAX_SAFE_INTEGER. */
  'current-snapshot-id'?: string | number | null;
  snapshots?: {
    'snapshot-id': string | number;
    'parent-snapshot-id'?: string | number;
    'timestamp-ms': number;
    summary?: Record<string, string>;
  }[];
}

export interface IcebergField {
  id: number;
  name: string;
  type: IcebergType;
  required: boolean;
  doc?: string;
}

export type IcebergType =
  | string
  | { type: 'struct'; fields: IcebergField[] }
  | { type: 'list'; element: IcebergType; 'element-required'?: boolean }
  | { type: 'map'; key: IcebergType; value: IcebergType };

/** An error answered by the catalog, or a transport failure, naming the request. */
export class IcebergRequestError extends Error {
  constructor(message: string, readonly status?: number) {
    super(message);
    this.name = 'IcebergRequestError';
  }
}

// Snapshot ids are 64-bit integers that JSON.parse would round. Quoting
// them in the text before parsing keeps every digit, and is several times
// faster than a reviver that visits every value of the document.
const SNAPSHOT_ID_FIELD =
  /"(snapshot-id|parent-snapshot-id|current-snapshot-id)"(\s*:\s*)(-?\d+)/g;

/**
 * Parses an Iceberg REST response, keeping snapshot ids as exact decimal
 * strings.
 */
export function parseIcebergJson(text: string): any {
  return JSON.parse(text.replace(SNAPSHOT_ID_FIELD, '"$1"$2"$3"'));
}

/** Path segment of a namespace: levels joined by the unit separator (%1F). */
export function encodeNamespace(levels: string[]): string {
  return encodeURIComponent(levels.join('\u001f'));
}

export class IcebergRestClient {
  private prefix?: string;
  private token?: { value: string; expiresAt: number };
  private tokenRequest?: Promise<string>;
  private readonly pools = new Map<string, Pool>();

  constructor(private readonly options: IcebergRestClientOptions) {}

  /** Calls `GET /v1/config` and remembers the path prefix it names. */
  async configure(): Promise<void> {
    const query = this.options.warehouse
      ? `?warehouse=${encodeURIComponent(this.options.warehouse)}`
      : '';
    const config = await this.get(`/v1/config${query}`);
    const prefix = config?.overrides?.prefix ?? config?.defaults?.prefix;
    this.prefix = typeof prefix === 'string' && prefix ? prefix : undefined;
  }

  /** Every namespace, at every level, parents before children. */
  async listAllNamespaces(concurrency: number): Promise<string[][]> {
    const all: string[][] = [];
    let level = await this.listNamespaces();
    while (level.length > 0) {
      all.push(...level);
      const children = await mapConcurrently(level, concurrency, ns =>
        this.listNamespaces(ns),
      );
      level = children.flat();
    }
    return all;
  }

  /** Direct children of `parent` (or top-level namespaces), following every page. */
  async listNamespaces(parent?: string[]): Promise<string[][]> {
    const parentQuery = parent ? `parent=${encodeNamespace(parent)}&` : '';
    const pages = await this.paged(
      token => `${this.base()}/namespaces?${parentQuery}${token}`,
      body => body.namespaces,
      'namespaces',
    );
    return pages;
  }

  /** Table names of a namespace, following every page. */
  async listTables(namespace: string[]): Promise<string[]> {
    const identifiers = await this.paged(
      token =>
        `${this.base()}/namespaces/${encodeNamespace(
          namespace,
        )}/tables?${token}`,
      body => body.identifiers,
      'identifiers',
    );
    return identifiers.map((id: { name: string }) => id.name);
  }

  async loadTable(
    namespace: string[],
    table: string,
  ): Promise<IcebergTableMetadata> {
    const result = await this.get(
      `${this.base()}/namespaces/${encodeNamespace(
        namespace,
      )}/tables/${encodeURIComponent(table)}?snapshots=all`,
    );
    if (!result || typeof result.metadata !== 'object') {
      throw new IcebergRequestError(
        `table ${[...namespace, table].join('.')} answered without metadata`,
      );
    }
    return result.metadata;
  }

  private base() {
    return this.prefix ? `/v1/${encodeURIComponent(this.prefix)}` : '/v1';
  }

  private async paged(
    path: (tokenQuery: string) => string,
    items: (body: any) => unknown,
    field: string,
  ): Promise<any[]> {
    const all: any[] = [];
    let pageToken: string | undefined;
    const seen = new Set<string>();
    do {
      const tokenQuery = `pageSize=${this.options.pageSize}${
        pageToken ? `&pageToken=${encodeURIComponent(pageToken)}` : ''
      }`;
      const body = await this.get(path(tokenQuery));
      const page = items(body);
      if (!Array.isArray(page)) {
        throw new IcebergRequestError(
          `${path(tokenQuery)} answered without a "${field}" list`,
        );
      }
      all.push(...page);
      const next = body['next-page-token'];
      pageToken = typeof next === 'string' && next ? next : undefined;
      if (pageToken && seen.has(pageToken)) {
        throw new IcebergRequestError(
          `${path(tokenQuery)} repeats page token ${pageToken}`,
        );
      }
      if (pageToken) seen.add(pageToken);
    } while (pageToken);
    return all;
  }

  private async get(path: string, retried = false): Promise<any> {
    const url = `${this.options.url.replace(/\/+$/, '')}${path}`;
    const headers: Record<string, string> = { Accept: 'application/json' };
    const token = await this.bearerToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    const response = await this.request(url, { headers }, `GET ${path}`);
    if (response.status === 401 || response.status === 419) {
      // An expired or revoked token: fetch a new one once, then give up.
      if (this.options.auth?.type === 'oauth2' && !retried) {
        this.token = undefined;
        return this.get(path, true);
      }
    }
    if (response.status < 200 || response.status >= 300) {
      throw new IcebergRequestError(
        `GET ${path} answered ${response.status}${describeError(
          response.text,
        )}`,
        response.status,
      );
    }
    try {
      return parseIcebergJson(response.text);
    } catch {
      throw new IcebergRequestError(
        `GET ${path} answered ${response.status} with a body that is not valid JSON (${response.text.length} bytes, truncated?)`,
      );
    }
  }

  private async bearerToken(): Promise<string | undefined> {
    const auth = this.options.auth;
    if (!auth) return undefined;
    if (auth.type === 'bearer') return auth.token;
    if (this.token && this.token.expiresAt > Date.now())
      return this.token.value;
    this.tokenRequest ??= this.requestToken(auth).finally(() => {
      this.tokenRequest = undefined;
    });
    return this.tokenRequest;
  }

  private async requestToken(auth: Extract<IcebergAuth, { type: 'oauth2' }>) {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: auth.clientId,
      client_secret: auth.clientSecret,
    });
    if (auth.scope) body.set('scope', auth.scope);
    const what = `POST ${auth.tokenUrl}`;
    const response = await this.request(
      auth.tokenUrl,
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Accept: 'application/json',
        },
        body: body.toString(),
      },
      what,
    );
    if (response.status < 200 || response.status >= 300) {
      throw new IcebergRequestError(
        `the token endpoint ${auth.tokenUrl} answered ${
          response.status
        }${describeError(response.text)}`,
        response.status,
      );
    }
    let token: { access_token?: string; expires_in?: number };
    try {
      token = JSON.parse(response.text);
    } catch {
      throw new IcebergRequestError(
        `the token endpoint ${auth.tokenUrl} answered with invalid JSON`,
      );
    }
    if (!token.access_token) {
      throw new IcebergRequestError(
        `the token endpoint ${auth.tokenUrl} answered without access_token`,
      );
    }
    // Renew a minute early so no request goes out with a token about to expire.
    const lifetimeMs = Math.max((token.expires_in ?? 3600) - 60, 1) * 1000;
    this.token = {
      value: token.access_token,
      expiresAt: Date.now() + lifetimeMs,
    };
    return token.access_token;
  }

  private poolFor(origin: string): Pool {
    let pool = this.pools.get(origin);
    if (!pool) {
      // A sync reads one metadata document per table: tens of thousands of
      // small GETs. Pipelining them over a few keep-alive connections costs
      // a fraction of the CPU of one fetch() per table.
      pool = new Pool(origin, {
        connections: this.options.maxConnections ?? 16,
        pipelining: 4,
        headersTimeout: this.options.requestTimeoutMs,
        bodyTimeout: this.options.requestTimeoutMs,
      });
      this.pools.set(origin, pool);
    }
    return pool;
  }

  /** Closes the connections kept open to the catalog. */
  async close() {
    await Promise.all([...this.pools.values()].map(pool => pool.close()));
    this.pools.clear();
  }

  private async request(
    url: string,
    init: {
      method?: 'GET' | 'POST';
      headers: Record<string, string>;
      body?: string;
    },
    what: string,
  ): Promise<RawResponse> {
    let target: URL;
    try {
      target = new URL(url);
    } catch {
      throw new IcebergRequestError(`${what} failed: "${url}" is not a URL`);
    }
    let status: number | undefined;
    let received = 0;
    try {
      const response = await this.poolFor(target.origin).request({
        method: init.method ?? 'GET',
        path: `${target.pathname}${target.search}`,
        headers: init.headers,
        body: init.body,
      });
      status = response.statusCode;
      let text = '';
      response.body.setEncoding('utf8');
      for await (const chunk of response.body) {
        text += chunk;
        received += chunk.length;
      }
      return { status, text };
    } catch (error) {
      throw new IcebergRequestError(
        transportMessage(
          error,
          what,
          this.options.requestTimeoutMs,
          status,
          received,
        ),
      );
    }
  }
}

function transportMessage(
  error: unknown,
  what: string,
  timeoutMs: number,
  status: number | undefined,
  received: number,
) {
  const e = error as NodeJS.ErrnoException;
  if (
    e.code === 'UND_ERR_HEADERS_TIMEOUT' ||
    e.code === 'UND_ERR_BODY_TIMEOUT'
  ) {
    return `${what} timed out after ${timeoutMs} ms`;
  }
  if (status !== undefined) {
    return `${what} answered ${status} but the body ended early after ${received} characters (truncated): ${e.message}`;
  }
  return `${what} failed: ${e.message}`;
}

/** `: <type>: <message>` from an Iceberg or OAuth error body, if it has one. */
function describeError(text: string): string {
  try {
    const body = JSON.parse(text);
    if (body?.error?.message) {
      return `: ${body.error.type ?? 'error'}: ${body.error.message}`;
    }
    if (typeof body?.error === 'string') {
      return `: ${body.error}${
        body.error_description ? `: ${body.error_description}` : ''
      }`;
    }
  } catch {
    // Not JSON: fall through to the raw text.
  }
  const snippet = text.trim().slice(0, 200);
  return snippet ? `: ${snippet}` : '';
}
