/*
 * Test double of a Trino coordinator speaking the Trino client REST protocol
 * (https://trino.io/docs/current/develop/client-protocol.html; io.trino.client.QueryResults, StatementStats,
 * QueryError; server side io.trino.dispatcher.QueuedStatementResource and
 * io.trino.server.protocol.ExecutingStatementResource) as trino-client 0.2.x uses it:
 * POST /v1/statement answers QUEUED with a nextUri /v1/statement/queued/{queryId}/{slug}/{token} and no data;
 * GETs follow nextUri through QUEUED and RUNNING (/v1/statement/executing/...) pages carrying `columns` and
 * `data`, until a FINISHED page without nextUri; failures come as state FAILED with `error` on a GET page;
 * each nextUri carries a slug made for its phase and token (io.trino.server.protocol.Slug), so a URI whose token
 * was altered, or an unknown query, answers 404 "Query not found" while an earlier URI the server did issue
 * answers 410; DELETE on a nextUri or /v1/query/{id} cancels (USER_CANCELED), PUT /v1/query/{id}/killed kills;
 * X-Trino-* request headers set the session and X-Trino-Set-* / Clear-* response headers change it. Only
 * POST /v1/statement and /v1/query are authenticated (the nextUri and /v1/info resources are PUBLIC); without
 * `users`, requests are authenticated as io.trino.server.security.InsecureAuthenticator does. Statements run
 * for real on DuckDB (see engine.ts).
 */
import { createHmac, randomBytes } from 'node:crypto';
import type http from 'node:http';
import { type LocalServer, sendText } from '../support/http';
import { receiveRequest } from '../support/receive';
import { ProtocolDouble } from '../support/ProtocolDouble';
import {
  type Execution,
  type SessionContext,
  type TrinoCatalogDefinition,
  TrinoEngine,
} from './engine';
import { TrinoQueryError, type TrinoQueryErrorBody } from './errors';
import {
  type ChildProcessDouble,
  startDoubleInChildProcess,
} from '../support/childProcess';
import type { TrinoColumn } from './types';

export type {
  TrinoCatalogDefinition,
  TrinoTableDefinition,
  TrinoTableSource,
} from './engine';
export type { TrinoQueryErrorBody, TrinoErrorLocation } from './errors';
export type {
  TrinoColumn,
  TrinoTypeSignature,
  TrinoTypeArgument,
} from './types';

/**
 * Options of {@link TrinoDouble.start}.
 *
 * @public
 */
export interface TrinoDoubleOptions {
  /** Trino catalogs: schemas and tables (DuckDB SELECT producing each table, a Parquet path or a definition). */
  catalogs?: Record<string, TrinoCatalogDefinition>;
  /** Rows per data page. Default: as many as fit in `maxPageBytes`. */
  rowsPerPage?: number;
  /** Upper bound of the JSON size of the rows of one page. Default 1 MiB (like a real coordinator). */
  maxPageBytes?: number;
  /** How many GETs on the queued URI keep answering QUEUED. Default 1. */
  queuedPolls?: number;
  /** With `basic`, every request needs `Authorization: Basic` with one of these user/password pairs. */
  users?: { basic?: Record<string, string> };
  /** Longest time a GET waits for rows before answering a RUNNING page without data. Default 1000 ms. */
  maxWaitMs?: number;
  /** Maximum number of entries kept in `requests`. Default 100000. */
  requestLogLimit?: number;
  /** Extra DuckDB statements run after the catalogs are created. */
  setupSql?: string[];
  /** DuckDB worker threads. Default: DuckDB's default (all cores). */
  threads?: number;
  /** Port to listen on. Default: a random free port. */
  port?: number;
}

/**
 * State of a query in the double's query log. `CANCELED` is the double's own marker: on the wire
 * a canceled query is FAILED with error USER_CANCELED, as on a real coordinator.
 *
 * @public
 */
export type TrinoQueryState =
  | 'QUEUED'
  | 'RUNNING'
  | 'FINISHED'
  | 'FAILED'
  | 'CANCELED';

/**
 * One query as the double saw it.
 *
 * @public
 */
export interface TrinoQueryRecord {
  id: string;
  sql: string;
  user: string;
  source?: string;
  catalog?: string;
  schema?: string;
  /** Session properties from X-Trino-Session. */
  session: Record<string, string>;
  /** Raw headers of the POST. */
  headers: http.IncomingHttpHeaders;
  state: TrinoQueryState;
  error?: TrinoQueryErrorBody;
  /** Rows sent so far. */
  rows: number;
  /** Data pages sent so far. */
  pages: number;
  createdAt: number;
  endedAt?: number;
}

/**
 * Handle of a Trino double running in a child process.
 *
 * @public
 */
export type TrinoChildProcess = ChildProcessDouble;

type Phase = 'queued' | 'executing';

interface CachedResponse {
  phase: Phase;
  token: number;
  status: number;
  body: string;
  headers: Record<string, string>;
}

interface QueryState {
  record: TrinoQueryRecord;
  /** Key of the slugs of this query's nextUris. */
  slugKey: Buffer;
  queuedLeft: number;
  queuedToken: number;
  executingUnlocked: boolean;
  executingToken: number;
  last?: CachedResponse;
  lock: Promise<unknown>;
  exec: Promise<Execution>;
  /** Interrupts the statement while it is still starting. */
  abort: AbortController;
  execution?: Execution;
  execError?: TrinoQueryError;
  buffer: string[];
  bufferPos: number;
  pending?: Promise<string[] | null>;
  streamDone: boolean;
  columnsJson?: string;
  processedBytes: number;
  startedAt: number;
  done: boolean;
  killMessage?: string;
}

const TIMEOUT = Symbol('timeout');

function withTimeout<T>(
  p: Promise<T>,
  ms: number,
): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<typeof TIMEOUT>(resolve => {
      timer = setTimeout(() => resolve(TIMEOUT), Math.max(0, ms));
    }),
  ]).finally(() => clearTimeout(timer));
}

function parseSession(headerValue: string | undefined): Record<string, string> {
  const session: Record<string, string> = {};
  for (const part of (headerValue ?? '').split(',')) {
    const eq = part.indexOf('=');
    if (eq > 0) {
      const raw = part.slice(eq + 1).trim();
      let value = raw;
      try {
        value = decodeURIComponent(raw);
      } catch {
        // not percent-encoded: keep as sent
      }
      session[part.slice(0, eq).trim()] = value;
    }
  }
  return session;
}

function header(req: http.IncomingMessage, name: string): string | undefined {
  const v = req.headers[name.toLowerCase()];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/**
 * The slug of a nextUri, as io.trino.server.protocol.Slug makes it: "y" and an HMAC-SHA1 of the phase and the
 * token under a key of the query, so that only URIs the server issued are valid.
 */
function makeSlug(key: Buffer, phase: Phase, token: number): string {
  return `y${createHmac('sha1', key)
    .update(`${phase}/${token}`)
    .digest('hex')}`;
}

let queryCounter = 0;
const COORDINATOR_ID = randomBytes(4)
  .readUInt32BE(0)
  .toString(36)
  .padStart(5, 'a')
  .slice(-5);

function newQueryId(): string {
  const d = new Date();
  const p = (n: number, w = 2) => String(n).padStart(w, '0');
  const stamp = `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(
    d.getUTCDate(),
  )}_${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
  return `${stamp}_${p(queryCounter++ % 100000, 5)}_${COORDINATOR_ID}`;
}

/**
 * A protocol-faithful Trino coordinator on 127.0.0.1, executing SQL on an embedded DuckDB.
 *
 * @public
 */
export class TrinoDouble extends ProtocolDouble {
  /** Base URL for `Trino.create({ server: url })`. */
  readonly url: string;
  /** Queries received, oldest first. */
  readonly queries: TrinoQueryRecord[] = [];

  private readonly states = new Map<string, QueryState>();
  private readonly rowsPerPage: number;
  private readonly maxPageBytes: number;
  private readonly maxWaitMs: number;

  private constructor(
    private readonly options: TrinoDoubleOptions,
    server: LocalServer,
    private readonly engine: TrinoEngine,
  ) {
    super(server, options.requestLogLimit ?? 100_000);
    this.url = server.origin;
    this.rowsPerPage = options.rowsPerPage ?? Number.POSITIVE_INFINITY;
    this.maxPageBytes = options.maxPageBytes ?? 1024 * 1024;
    this.maxWaitMs = options.maxWaitMs ?? 1000;
  }

  /** Creates the DuckDB catalogs and starts the coordinator on 127.0.0.1. */
  static async start(options: TrinoDoubleOptions = {}): Promise<TrinoDouble> {
    const engine = await TrinoEngine.create(options.catalogs ?? {}, {
      setupSql: options.setupSql,
      threads: options.threads,
    });
    try {
      return await ProtocolDouble.listen(
        options.port,
        server => new TrinoDouble(options, server, engine),
      );
    } catch (e) {
      engine.close();
      throw e;
    }
  }

  /**
   * Starts a Trino double in a separate Node.js process. Options must be JSON-serializable.
   */
  static startInChildProcess(
    options: TrinoDoubleOptions = {},
  ): Promise<TrinoChildProcess> {
    return startDoubleInChildProcess(require.resolve('./serve'), options);
  }

  /** Runs a statement directly on the DuckDB behind the double (test setup), bypassing the protocol. */
  duckdb(sql: string): Promise<unknown[][]> {
    return this.engine.runDuckDb(sql);
  }

  /** Stops the server, cancels running queries and closes DuckDB. */
  async stop(): Promise<void> {
    await super.stop();
    for (const state of this.states.values()) {
      state.abort.abort();
      state.execution?.close();
      state.exec.then(
        e => e.close(),
        () => undefined,
      );
    }
    await Promise.allSettled([...this.states.values()].map(s => s.exec));
    this.engine.close();
  }

  // ---------------------------------------------------------------- HTTP

  protected internalError(error: unknown) {
    return {
      body: String((error as Error)?.stack ?? error),
      headers: { 'Content-Type': 'text/plain' },
    };
  }

  protected async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    const received = await receiveRequest(req, res, {
      log: this.log,
      faults: this.faults,
      hasBody: method => method === 'POST' || method === 'PUT',
      faultAnswer: status => ({
        body: `${status} ${httpStatusText(status)}`,
        headers: { 'Content-Type': 'text/plain' },
      }),
    });
    if (!received) return;
    const { method, path, body, truncate } = received;

    const origin = `http://${
      req.headers.host ?? this.url.slice('http://'.length)
    }`;
    const segments = path.split('/').slice(1);
    const reply = (r: {
      status: number;
      body: string;
      headers?: Record<string, string>;
    }) => sendText(res, r.status, r.body, r.headers, truncate);

    if (segments[0] !== 'v1') {
      reply(text(404, 'Not Found'));
      return;
    }
    if (segments[1] === 'statement') {
      if (segments.length === 2) {
        if (method !== 'POST') {
          reply(text(405, 'Method Not Allowed'));
          return;
        }
        // QueuedStatementResource.postStatement is AUTHENTICATED_USER: the filter answers before the body is read.
        const user = this.authenticate(req, res);
        if (user === undefined) {
          return;
        }
        reply(this.submit(req, user, body ?? '', origin));
        return;
      }
      const phase = segments[2];
      if (
        (phase === 'queued' || phase === 'executing') &&
        segments.length === 6
      ) {
        const [queryId, slug, tokenText] = segments.slice(3);
        const state = this.states.get(queryId);
        const token = /^\d+$/.test(tokenText) ? Number(tokenText) : undefined;
        if (
          !state ||
          token === undefined ||
          slug !== makeSlug(state.slugKey, phase, token)
        ) {
          reply(text(404, 'Query not found'));
          return;
        }
        if (method === 'DELETE') {
          this.cancel(state);
          res.writeHead(204);
          res.end();
          return;
        }
        if (method !== 'GET') {
          reply(text(405, 'Method Not Allowed'));
          return;
        }
        const result = await this.serialized(state, () =>
          this.poll(state, phase, token, origin),
        );
        reply(result);
        return;
      }
      reply(text(404, 'Not Found'));
      return;
    }
    if (segments[1] === 'query' && segments.length >= 3) {
      // QueryResource is AUTHENTICATED_USER.
      if (this.authenticate(req, res) === undefined) {
        return;
      }
      const state = this.states.get(segments[2]);
      if (segments.length === 3 && method === 'DELETE') {
        if (state) {
          this.cancel(state);
        }
        res.writeHead(204);
        res.end();
        return;
      }
      if (segments.length === 3 && method === 'GET') {
        reply(
          state
            ? json(200, this.queryInfo(state, origin))
            : text(404, 'Query not found'),
        );
        return;
      }
      if (
        segments.length === 4 &&
        segments[3] === 'killed' &&
        method === 'PUT'
      ) {
        if (!state) {
          reply(text(410, 'Query not found'));
          return;
        }
        if (state.done) {
          reply(text(409, 'Query already finished'));
          return;
        }
        state.killMessage = body || 'No message provided';
        this.cancel(state);
        res.writeHead(202);
        res.end();
        return;
      }
    }
    if (segments[1] === 'info' && method === 'GET') {
      if (segments.length === 2) {
        reply(
          json(200, {
            nodeVersion: { version: '476' },
            environment: 'test',
            coordinator: true,
            starting: false,
            uptime: `${Math.round(process.uptime())}.00s`,
          }),
        );
        return;
      }
      if (segments[2] === 'state') {
        reply(json(200, 'ACTIVE'));
        return;
      }
    }
    reply(text(404, 'Not Found'));
  }

  /** Returns the user, or undefined after answering 401/403. */
  private authenticate(
    req: http.IncomingMessage,
    res: http.ServerResponse,
  ): string | undefined {
    const basicUsers = this.options.users?.basic;
    const requested = header(req, 'X-Trino-User');
    const authorization = header(req, 'Authorization');
    // ServletSecurityUtils.sendWwwAuthenticate: 401, the messages as plain text, the authenticators' challenges.
    const refuse = (message: string, challenge = true) => {
      sendText(res, 401, message, {
        'Content-Type': 'text/plain',
        ...(challenge ? { 'WWW-Authenticate': 'Basic realm="Trino"' } : {}),
      });
      return undefined;
    };
    let authUser: string | undefined;
    if (authorization) {
      const m = /^Basic\s+(.+)$/i.exec(authorization);
      if (m) {
        const decoded = Buffer.from(m[1], 'base64').toString('utf8');
        const colon = decoded.indexOf(':');
        const user = colon < 0 ? decoded : decoded.slice(0, colon);
        const password = colon < 0 ? '' : decoded.slice(colon + 1);
        if (!user) {
          // BasicAuthCredentials.extractBasicAuthCredentials
          return refuse('Malformed credentials: user is empty', false);
        }
        if (!basicUsers && password) {
          return refuse('Password not allowed for insecure authentication');
        }
        if (basicUsers && basicUsers[user] !== password) {
          sendText(res, 401, 'Access Denied: Invalid credentials', {
            'Content-Type': 'text/plain',
            'WWW-Authenticate': 'Basic realm="Trino"',
          });
          return undefined;
        }
        authUser = user;
      }
    }
    if (basicUsers) {
      if (authUser === undefined || !(authUser in basicUsers)) {
        sendText(res, 401, 'Unauthorized', {
          'Content-Type': 'text/plain',
          'WWW-Authenticate': 'Basic realm="Trino"',
        });
        return undefined;
      }
      if (requested && requested !== authUser) {
        sendText(
          res,
          403,
          `Access Denied: User ${authUser} cannot impersonate user ${requested}`,
          {
            'Content-Type': 'text/plain',
          },
        );
        return undefined;
      }
      return authUser;
    }
    const user = authUser ?? requested;
    if (user === undefined) {
      return refuse('Basic authentication or X-Trino-User must be sent');
    }
    // With Basic credentials, X-Trino-User names the user to impersonate (allowed without access control).
    return requested ?? user;
  }

  private submit(
    req: http.IncomingMessage,
    user: string,
    sql: string,
    origin: string,
  ): { status: number; body: string; headers?: Record<string, string> } {
    if (!sql) {
      return text(400, 'SQL statement is empty');
    }
    const id = newQueryId();
    const record: TrinoQueryRecord = {
      id,
      sql,
      user,
      source: header(req, 'X-Trino-Source'),
      catalog: header(req, 'X-Trino-Catalog'),
      schema: header(req, 'X-Trino-Schema'),
      session: parseSession(header(req, 'X-Trino-Session')),
      headers: req.headers,
      state: 'QUEUED',
      rows: 0,
      pages: 0,
      createdAt: Date.now(),
    };
    const session: SessionContext = {
      user,
      catalog: record.catalog?.toLowerCase(),
      schema: record.schema?.toLowerCase(),
      properties: record.session,
    };
    const abort = new AbortController();
    const exec = this.engine.execute(sql, session, abort.signal);
    const state: QueryState = {
      record,
      slugKey: randomBytes(16),
      queuedLeft: this.options.queuedPolls ?? 1,
      queuedToken: 0,
      executingUnlocked: false,
      executingToken: -1,
      lock: Promise.resolve(),
      exec,
      abort,
      buffer: [],
      bufferPos: 0,
      streamDone: false,
      processedBytes: 0,
      startedAt: Date.now(),
      done: false,
    };
    exec.then(
      e => {
        state.execution = e;
        if (state.done) {
          e.close();
        }
      },
      e => {
        state.execError =
          e instanceof TrinoQueryError
            ? e
            : new TrinoQueryError(
                'GENERIC_INTERNAL_ERROR',
                String(e?.message ?? e),
              );
      },
    );
    this.states.set(id, state);
    this.queries.push(record);
    return json(
      200,
      null,
      this.page(state, origin, {
        state: 'QUEUED',
        nextUri: `${origin}/v1/statement/queued/${id}/${makeSlug(
          state.slugKey,
          'queued',
          1,
        )}/1`,
      }),
    );
  }

  private serialized<T>(state: QueryState, fn: () => Promise<T>): Promise<T> {
    const run = state.lock.then(fn, fn);
    state.lock = run.catch(() => undefined);
    return run;
  }

  private cancel(state: QueryState) {
    if (state.done) {
      return;
    }
    state.done = true;
    state.record.state = 'CANCELED';
    state.record.endedAt = Date.now();
    state.abort.abort();
    state.execution?.close();
  }

  private async poll(
    state: QueryState,
    phase: Phase,
    token: number,
    origin: string,
  ): Promise<{
    status: number;
    body: string;
    headers?: Record<string, string>;
  }> {
    const last = state.last;
    if (last && last.phase === phase && last.token === token) {
      return last; // the client retried the previous request
    }
    const expected =
      phase === 'queued' ? state.queuedToken + 1 : state.executingToken + 1;
    if (
      token !== expected ||
      (phase === 'executing' && !state.executingUnlocked) ||
      (phase === 'queued' && state.executingUnlocked)
    ) {
      return text(410, 'Gone');
    }
    const nextUri = (p: Phase, t: number) =>
      `${origin}/v1/statement/${p}/${state.record.id}/${makeSlug(
        state.slugKey,
        p,
        t,
      )}/${t}`;
    let body: string;
    let headers: Record<string, string> = {};
    if (state.done && state.record.state === 'CANCELED') {
      body = this.failedPage(state, origin, this.cancelError(state));
    } else if (phase === 'queued') {
      if (state.queuedLeft > 0) {
        state.queuedLeft -= 1;
        body = this.page(state, origin, {
          state: 'QUEUED',
          nextUri: nextUri('queued', token + 1),
        });
      } else {
        state.executingUnlocked = true;
        state.record.state = 'RUNNING';
        body = this.page(state, origin, {
          state: 'RUNNING',
          nextUri: nextUri('executing', 0),
        });
      }
    } else {
      const result = await this.executingPage(
        state,
        origin,
        nextUri('executing', token + 1),
      );
      body = result.body;
      headers = result.headers;
    }
    if (phase === 'queued') {
      state.queuedToken = token;
    } else {
      state.executingToken = token;
    }
    const response: CachedResponse = {
      phase,
      token,
      status: 200,
      body,
      headers: { 'Content-Type': 'application/json', ...headers },
    };
    state.last = response;
    return response;
  }

  private cancelError(state: QueryState): TrinoQueryError {
    return state.killMessage !== undefined
      ? new TrinoQueryError(
          'ADMINISTRATIVELY_KILLED',
          `Query killed. Message: ${state.killMessage}`,
        )
      : new TrinoQueryError('USER_CANCELED', 'Query was canceled');
  }

  private async executingPage(
    state: QueryState,
    origin: string,
    nextUri: string,
  ): Promise<{ body: string; headers: Record<string, string> }> {
    const deadline = Date.now() + this.maxWaitMs;
    if (!state.execution && !state.execError) {
      const ready = await withTimeout(
        state.exec.catch(() => undefined),
        this.maxWaitMs,
      );
      if (ready === TIMEOUT || (!state.execution && !state.execError)) {
        return {
          body: this.page(state, origin, { state: 'RUNNING', nextUri }),
          headers: {},
        };
      }
    }
    if (state.done && state.record.state === 'CANCELED') {
      return {
        body: this.failedPage(state, origin, this.cancelError(state)),
        headers: {},
      };
    }
    if (state.execError) {
      return {
        body: this.failedPage(state, origin, state.execError),
        headers: {},
      };
    }
    const execution = state.execution!;
    if (execution.columns && state.columnsJson === undefined) {
      state.columnsJson = JSON.stringify(execution.columns);
    }
    if (!execution.columns) {
      // Statements without output: Trino reports a single `result: boolean` column with `true`.
      const resultColumn: TrinoColumn = {
        name: 'result',
        type: 'boolean',
        typeSignature: { rawType: 'boolean', arguments: [] },
      };
      state.columnsJson = JSON.stringify([resultColumn]);
      this.finish(state, 'FINISHED');
      return {
        body: this.page(state, origin, {
          state: 'FINISHED',
          data: ['[true]'],
          updateType: execution.updateType,
        }),
        headers: execution.responseHeaders,
      };
    }

    const rows: string[] = [];
    let bytes = 0;
    let timedOut = false;
    try {
      while (rows.length < this.rowsPerPage && bytes < this.maxPageBytes) {
        if (state.bufferPos < state.buffer.length) {
          const row = state.buffer[state.bufferPos++];
          rows.push(row);
          bytes += row.length + 1;
          continue;
        }
        if (state.streamDone) {
          break;
        }
        if (!state.pending) {
          state.pending = execution.next();
        }
        // Like a coordinator, fill the page until it is full or maxWait passed.
        const chunk = await withTimeout(state.pending, deadline - Date.now());
        if (chunk === TIMEOUT) {
          timedOut = true;
          break;
        }
        state.pending = undefined;
        if (chunk === null) {
          state.streamDone = true;
        } else {
          state.buffer = chunk;
          state.bufferPos = 0;
        }
      }
    } catch (e) {
      state.pending = undefined;
      if (state.done && state.record.state === 'CANCELED') {
        return {
          body: this.failedPage(state, origin, this.cancelError(state)),
          headers: {},
        };
      }
      const error =
        e instanceof TrinoQueryError
          ? e
          : new TrinoQueryError('GENERIC_INTERNAL_ERROR', String(e));
      return { body: this.failedPage(state, origin, error), headers: {} };
    }
    if (state.done && state.record.state === 'CANCELED') {
      return {
        body: this.failedPage(state, origin, this.cancelError(state)),
        headers: {},
      };
    }
    if (state.bufferPos >= state.buffer.length) {
      state.buffer = [];
      state.bufferPos = 0;
    }
    if (rows.length) {
      state.record.rows += rows.length;
      state.record.pages += 1;
      state.processedBytes += bytes;
      return {
        body: this.page(state, origin, {
          state: 'RUNNING',
          nextUri,
          data: rows,
          updateType: execution.updateType,
        }),
        headers: {},
      };
    }
    if (state.streamDone && !timedOut) {
      this.finish(state, 'FINISHED');
      return {
        body: this.page(state, origin, {
          state: 'FINISHED',
          updateType: execution.updateType,
          updateCount: execution.updateCount,
        }),
        headers: execution.responseHeaders,
      };
    }
    return {
      body: this.page(state, origin, {
        state: 'RUNNING',
        nextUri,
        updateType: execution.updateType,
      }),
      headers: {},
    };
  }

  private finish(state: QueryState, s: 'FINISHED' | 'FAILED') {
    state.done = true;
    state.record.state = s;
    state.record.endedAt = Date.now();
    state.execution?.close();
  }

  private failedPage(
    state: QueryState,
    origin: string,
    error: TrinoQueryError,
  ): string {
    const body = error.toBody();
    if (state.record.state !== 'CANCELED') {
      this.finish(state, 'FAILED');
    }
    state.record.error = body;
    return this.page(state, origin, { state: 'FAILED', error: body });
  }

  private page(
    state: QueryState,
    origin: string,
    p: {
      state: 'QUEUED' | 'RUNNING' | 'FINISHED' | 'FAILED';
      nextUri?: string;
      data?: string[];
      error?: TrinoQueryErrorBody;
      updateType?: string;
      updateCount?: number;
    },
  ): string {
    const id = state.record.id;
    const elapsed = Date.now() - state.record.createdAt;
    const queued = p.state === 'QUEUED';
    const finished = p.state === 'FINISHED';
    let progress: number | undefined;
    if (finished) {
      progress = 100;
    } else if (queued) {
      progress = 0;
    } else {
      progress =
        state.execution?.progress() ?? (state.streamDone ? 100 : undefined);
    }
    const totalSplits = queued ? 0 : 16;
    const completedSplits = finished
      ? totalSplits
      : Math.floor(((progress ?? 0) / 100) * totalSplits);
    const stats = {
      state: p.state,
      queued,
      scheduled: !queued,
      ...(progress !== undefined
        ? {
            progressPercentage: progress,
            runningPercentage: finished ? 0 : 100 - progress,
          }
        : {}),
      nodes: queued ? 0 : 1,
      totalSplits,
      queuedSplits: 0,
      runningSplits:
        finished || p.state === 'FAILED' ? 0 : totalSplits - completedSplits,
      completedSplits,
      cpuTimeMillis: queued ? 0 : Math.round(elapsed / 2),
      wallTimeMillis: queued ? 0 : elapsed,
      queuedTimeMillis: Math.min(elapsed, 1),
      elapsedTimeMillis: elapsed,
      processedRows: state.record.rows,
      processedBytes: state.processedBytes,
      physicalInputBytes: state.processedBytes,
      physicalWrittenBytes: 0,
      peakMemoryBytes: queued
        ? 0
        : 1_048_576 + Math.min(state.processedBytes, 64 * 1_048_576),
      spilledBytes: 0,
    };
    let out = `{"id":${JSON.stringify(id)},"infoUri":${JSON.stringify(
      `${origin}/ui/query.html?${id}`,
    )}`;
    if (p.nextUri) {
      out += `,"nextUri":${JSON.stringify(p.nextUri)}`;
    }
    if (state.columnsJson !== undefined && !queued && p.state !== 'FAILED') {
      out += `,"columns":${state.columnsJson}`;
      if (p.data && p.data.length) {
        out += `,"data":[${p.data.join(',')}]`;
      }
    }
    out += `,"stats":${JSON.stringify(stats)}`;
    if (p.error) {
      out += `,"error":${JSON.stringify(p.error)}`;
    }
    out += ',"warnings":[]';
    if (p.updateType) {
      out += `,"updateType":${JSON.stringify(p.updateType)}`;
    }
    if (p.updateCount !== undefined) {
      out += `,"updateCount":${p.updateCount}`;
    }
    return `${out}}`;
  }

  private queryInfo(state: QueryState, origin: string) {
    const r = state.record;
    return {
      queryId: r.id,
      state: r.state === 'CANCELED' ? 'FAILED' : r.state,
      query: r.sql,
      self: `${origin}/v1/query/${r.id}`,
      session: {
        user: r.user,
        source: r.source,
        catalog: r.catalog,
        schema: r.schema,
        systemProperties: r.session,
      },
      queryStats: {
        createTime: new Date(r.createdAt).toISOString(),
        ...(r.endedAt ? { endTime: new Date(r.endedAt).toISOString() } : {}),
        outputPositions: r.rows,
      },
      ...(r.error
        ? {
            errorCode: {
              code: r.error.errorCode,
              name: r.error.errorName,
              type: r.error.errorType,
            },
            failureInfo: r.error.failureInfo,
          }
        : {}),
    };
  }
}

function text(status: number, body: string) {
  return { status, body, headers: { 'Content-Type': 'text/plain' } };
}

function json(status: number, value: unknown, raw?: string) {
  return {
    status,
    body: raw ?? JSON.stringify(value),
    headers: { 'Content-Type': 'application/json' },
  };
}

function httpStatusText(status: number): string {
  const names: Record<number, string> = {
    400: 'Bad Request',
    401: 'Unauthorized',
    403: 'Forbidden',
    404: 'Not Found',
    429: 'Too Many Requests',
    500: 'Internal Server Error',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout',
  };
  return names[status] ?? 'Error';
}
