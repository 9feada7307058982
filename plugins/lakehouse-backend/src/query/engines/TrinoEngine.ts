import http from 'node:http';
import https from 'node:https';
import { BasicAuth, QueryResult, Trino } from 'trino-client';
import type { QueryColumn } from '@internal/plugin-lakehouse-common';
import { splitRows } from './trinoRows';
import {
  EngineError,
  EngineEvent,
  EngineProgress,
  EngineQuery,
  QueryEngine,
} from './types';

/** How the portal connects to Trino, from `lakehouse.trino`. */
export interface TrinoEngineOptions {
  server: string;
  catalog?: string;
  schema?: string;
  source: string;
  /** The portal's own credentials; users are impersonated with X-Trino-User. */
  auth?:
    | { type: 'basic'; username: string; password?: string }
    | { type: 'jwt'; token: string };
  session?: Record<string, string>;
  ssl?: { ca?: string; rejectUnauthorized?: boolean };
}

/**
 * One answer of Trino's statement protocol, its rows kept as the JSON text
 * Trino sent, to be handed on without parsing them.
 */
export interface TrinoPage {
  engineQueryId: string;
  /** Where the next answer is; absent on the last one. */
  nextUri?: string;
  /** Trino's state name (QUEUED, RUNNING, FINISHING, FINISHED, FAILED). */
  state?: string;
  columns?: QueryColumn[];
  /** The rows, a JSON array as Trino's bytes; undefined when the answer has none. */
  rows?: Buffer;
  rowCount: number;
  progress: EngineProgress;
  error?: EngineError;
}

/** Trino answered 410 Gone: a nextUri that is no longer the current one. */
export class TrinoGoneError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrinoGoneError';
  }
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/**
 * Trino through trino-client. Every statement is sent with the Backstage
 * user's mapped name in `X-Trino-User`, so Trino's own access control
 * decides what they may read. A client is made per statement: trino-client
 * keeps session headers (X-Trino-Set-Catalog and others) on the client, and
 * one user's session must not leak into another's.
 */
export class TrinoEngine implements QueryEngine {
  readonly id = 'trino' as const;
  readonly title: string;

  /** Kept-alive connections: a large result is hundreds of requests. */
  private readonly agent: http.Agent;

  constructor(private readonly options: TrinoEngineOptions) {
    this.title = `Trino (${new URL(options.server).host})`;
    this.agent =
      new URL(options.server).protocol === 'https:'
        ? new https.Agent({
            keepAlive: true,
            ca: options.ssl?.ca,
            rejectUnauthorized: options.ssl?.rejectUnauthorized ?? true,
          })
        : new http.Agent({ keepAlive: true });
  }

  get defaultCatalog() {
    return this.options.catalog;
  }

  get defaultSchema() {
    return this.options.schema;
  }

  private client(): Trino {
    const { auth } = this.options;
    return Trino.create({
      server: this.options.server,
      source: this.options.source,
      catalog: this.options.catalog,
      schema: this.options.schema,
      session: this.options.session,
      ssl: this.options.ssl,
      auth:
        auth?.type === 'basic'
          ? new BasicAuth(auth.username, auth.password)
          : undefined,
      extraHeaders:
        auth?.type === 'jwt'
          ? { Authorization: `Bearer ${auth.token}` }
          : undefined,
    });
  }

  /** Headers of every request of a statement run as `user`. */
  private headers(user: string): Record<string, string> {
    const { auth } = this.options;
    const headers: Record<string, string> = {
      'X-Trino-User': user,
      'X-Trino-Source': this.options.source,
    };
    if (auth?.type === 'basic') {
      headers.Authorization = `Basic ${Buffer.from(
        `${auth.username}:${auth.password ?? ''}`,
      ).toString('base64')}`;
    } else if (auth?.type === 'jwt') {
      headers.Authorization = `Bearer ${auth.token}`;
    }
    return headers;
  }

  /** One HTTP exchange with Trino, the answer's body as text. */
  private request(
    method: string,
    url: string,
    headers: Record<string, string>,
    body?: string,
  ): Promise<{ status: number; body: Buffer }> {
    const target = new URL(url);
    const client = target.protocol === 'https:' ? https : http;
    return new Promise((resolve, reject) => {
      const req = client.request(
        target,
        { method, headers, agent: this.agent },
        res => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body: Buffer.concat(chunks),
            }),
          );
          res.on('error', reject);
        },
      );
      req.on('error', error =>
        reject(
          new EngineError(
            `Trino at ${this.options.server} could not be reached: ${
              (error as NodeJS.ErrnoException).code ?? error.message
            }`,
            'TRINO_UNAVAILABLE',
          ),
        ),
      );
      req.end(body);
    });
  }

  private toPage(status: number, body: Buffer): TrinoPage {
    if (status === 410) {
      throw new TrinoGoneError(
        'Trino has moved past this page: it was already fetched',
      );
    }
    if (status !== 200) {
      throw new EngineError(
        `Trino at ${this.options.server} answered ${status}: ${body.toString(
          'utf8',
          0,
          200,
        )}`,
        'TRINO_UNAVAILABLE',
      );
    }
    const { rest, rows, rowCount } = splitRows(body);
    const result = JSON.parse(rest) as QueryResult & {
      error?: { errorLocation?: { lineNumber: number; columnNumber: number } };
    };
    const e = result.error;
    return {
      engineQueryId: result.id,
      nextUri: result.nextUri,
      state: result.stats?.state,
      columns: result.columns?.map(c => ({ name: c.name, type: c.type })),
      rows,
      rowCount,
      progress: {
        engineQueryId: result.id,
        state: result.stats?.state,
        percent: result.stats?.progressPercentage,
        processedRows: result.stats?.processedRows,
        processedBytes: result.stats?.processedBytes,
      },
      error: e
        ? new EngineError(
            e.message,
            e.errorName,
            e.errorLocation?.lineNumber,
            e.errorLocation?.columnNumber,
          )
        : undefined,
    };
  }

  /**
   * Submits a statement and answers Trino's first (queued) page. The query
   * then continues from its nextUri, on whichever replica asks.
   */
  async start(query: Omit<EngineQuery, 'signal'>): Promise<TrinoPage> {
    const headers = this.headers(query.user);
    const catalog = query.catalog ?? this.options.catalog;
    const schema = query.schema ?? this.options.schema;
    if (catalog) headers['X-Trino-Catalog'] = catalog;
    if (schema) headers['X-Trino-Schema'] = schema;
    if (this.options.session) {
      headers['X-Trino-Session'] = Object.entries(this.options.session)
        .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
        .join(',');
    }
    headers['Content-Type'] = 'text/plain; charset=utf-8';
    const { status, body } = await this.request(
      'POST',
      new URL('/v1/statement', this.options.server).toString(),
      headers,
      query.sql,
    );
    return this.toPage(status, body);
  }

  /** The answer at a nextUri; Trino answers the current one again if asked twice. */
  async next(nextUri: string, user: string): Promise<TrinoPage> {
    const { status, body } = await this.request(
      'GET',
      nextUri,
      this.headers(user),
    );
    return this.toPage(status, body);
  }

  /** Cancels a query by Trino's query id, as its user. */
  async kill(engineQueryId: string, user: string): Promise<void> {
    const { status, body } = await this.request(
      'DELETE',
      new URL(
        `/v1/query/${encodeURIComponent(engineQueryId)}`,
        this.options.server,
      ).toString(),
      this.headers(user),
    );
    if (status >= 300 && status !== 404 && status !== 410) {
      throw new EngineError(
        `Trino at ${
          this.options.server
        } refused to cancel ${engineQueryId} (${status}): ${body.toString(
          'utf8',
          0,
          200,
        )}`,
        'TRINO_UNAVAILABLE',
      );
    }
  }

  async *execute(query: EngineQuery): AsyncIterable<EngineEvent> {
    const trino = this.client();
    let iterator: AsyncIterator<QueryResult>;
    try {
      iterator = await trino.query({
        query: query.sql,
        user: query.user,
        catalog: query.catalog ?? this.options.catalog,
        schema: query.schema ?? this.options.schema,
      });
    } catch (error) {
      throw transportError(error, this.options.server);
    }
    // trino-client reads the POST answer (which carries the query id) into
    // its iterator without yielding it; take the id from there so a cancel
    // reaches Trino even before the first page arrives.
    let queryId: string | undefined = (
      iterator as unknown as { iter?: { queryResult?: QueryResult } }
    ).iter?.queryResult?.id;
    let columnsSent = false;
    const cancel = () => {
      if (queryId) void trino.cancel(queryId).catch(() => {});
    };
    query.signal.addEventListener('abort', cancel);
    if (query.signal.aborted) cancel();
    try {
      for (;;) {
        let step: IteratorResult<QueryResult>;
        try {
          step = await iterator.next();
        } catch (error) {
          throw transportError(error, this.options.server);
        }
        const result = step.value as QueryResult | undefined;
        if (result?.id) queryId = result.id;
        if (query.signal.aborted) {
          cancel();
          return;
        }
        if (result?.error) {
          const e = result.error as QueryResult['error'] & {
            errorLocation?: { lineNumber: number; columnNumber: number };
          };
          throw new EngineError(
            e!.message,
            e!.errorName,
            e!.errorLocation?.lineNumber,
            e!.errorLocation?.columnNumber,
          );
        }
        if (result?.stats) {
          yield {
            type: 'progress',
            progress: {
              engineQueryId: result.id,
              state: result.stats.state,
              percent: result.stats.progressPercentage,
              processedRows: result.stats.processedRows,
              processedBytes: result.stats.processedBytes,
            },
          };
        }
        if (result?.columns && !columnsSent) {
          columnsSent = true;
          yield {
            type: 'columns',
            columns: result.columns.map(c => ({ name: c.name, type: c.type })),
          };
        }
        if (result?.data?.length) yield { type: 'rows', rows: result.data };
        if (step.done) return;
      }
    } finally {
      query.signal.removeEventListener('abort', cancel);
    }
  }

  private async collect(user: string, sql: string): Promise<unknown[][]> {
    const rows: unknown[][] = [];
    const controller = new AbortController();
    for await (const event of this.execute({
      sql,
      user,
      signal: controller.signal,
    })) {
      if (event.type === 'rows') rows.push(...event.rows);
    }
    return rows;
  }

  async listCatalogs(user: string): Promise<string[]> {
    return (await this.collect(user, 'SHOW CATALOGS')).map(r => String(r[0]));
  }

  async listSchemas(user: string, catalog: string): Promise<string[]> {
    return (
      await this.collect(user, `SHOW SCHEMAS FROM ${quoteIdentifier(catalog)}`)
    )
      .map(r => String(r[0]))
      .filter(s => s !== 'information_schema');
  }

  async listTables(
    user: string,
    catalog: string,
    schema: string,
  ): Promise<string[]> {
    return (
      await this.collect(
        user,
        `SHOW TABLES FROM ${quoteIdentifier(catalog)}.${quoteIdentifier(
          schema,
        )}`,
      )
    ).map(r => String(r[0]));
  }

  async listColumns(
    user: string,
    catalog: string,
    schema: string,
    table: string,
  ): Promise<QueryColumn[]> {
    const from = IDENTIFIER.test(catalog) ? catalog : quoteIdentifier(catalog);
    const rows = await this.collect(
      user,
      `SELECT column_name, data_type FROM ${from}.information_schema.columns ` +
        `WHERE table_schema = ${quoteLiteral(
          schema,
        )} AND table_name = ${quoteLiteral(table)} ORDER BY ordinal_position`,
    );
    return rows.map(r => ({ name: String(r[0]), type: String(r[1]) }));
  }

  async close() {
    this.agent.destroy();
  }
}

function transportError(error: unknown, server: string): EngineError {
  const e = error as Error & {
    response?: { status?: number; data?: unknown };
    code?: string;
  };
  if (e.response?.status) {
    const body =
      typeof e.response.data === 'string'
        ? `: ${e.response.data.slice(0, 200)}`
        : '';
    return new EngineError(
      `Trino at ${server} answered ${e.response.status}${body}`,
      'TRINO_UNAVAILABLE',
    );
  }
  return new EngineError(
    `Trino at ${server} could not be reached: ${e.code ?? e.message}`,
    'TRINO_UNAVAILABLE',
  );
}
