import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import type {
  DatasetPreview,
  QueryEngineId,
  QueryEngineInfo,
  QueryError,
  QueryState,
  SubmitQueryRequest,
} from '@internal/plugin-lakehouse-common';
import { TrinoEngine } from './engines/TrinoEngine';
import { QueryEngine } from './engines/types';
import { PageTokens } from './pageToken';
import { QueryHistoryRecord, QueryHistoryStore } from './QueryHistoryStore';
import { QueryLimits, QueryScope, RunningQuery } from './RunningQuery';
import {
  PageAnswer,
  QueryOutcome,
  queryNotFound,
  TrinoRelay,
} from './TrinoRelay';

/** Settings of the query service, from `lakehouse.queries`. */
export interface QueryServiceSettings {
  /** Rows a query returns when the client asks for no other cap. */
  defaultRowCap: number;
  /** Rows a query may return at most, whatever the client asks. */
  maxRowCap: number;
  pageSize: number;
  bufferedPages: number;
  timeoutMs: number;
  /** Cancel a query whose pages nobody fetched for this long. */
  idleTimeoutMs: number;
  /** Queries one user may have running at once. */
  maxConcurrentPerUser: number;
  /** How long finished queries stay available for their last pages. */
  retainFinishedMs: number;
}

/** A statement that passed the read-only check, ready to run. */
export interface CheckedStatement {
  statementType: string;
  tables: string[];
}

/** Too many queries running for one user (429). */
export class ConcurrencyLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConcurrencyLimitError';
  }
}

/** A query that had to answer at once ran longer than the time-out (504). */
export class QueryTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QueryTimeoutError';
  }
}

/** A query that had to answer at once failed on the engine. */
export class QueryFailedError extends Error {
  constructor(readonly error: QueryError) {
    super(error.message);
    this.name = 'QueryFailedError';
  }
}

/** Who runs a query: the Backstage user and the name the engine knows them by. */
export interface QueryUser {
  userRef: string;
  engineUser: string;
}

/**
 * A console statement sent to Trino: it lives in Trino and the database,
 * and any replica continues it.
 */
export interface RelayedQuery {
  id: string;
  state: QueryState;
  engineId: QueryEngineId;
  relayed: true;
}

/** Error name of a query canceled by the time-out, as Trino names it. */
const TIMED_OUT = 'EXCEEDED_TIME_LIMIT';

/** A statement to start on an engine in this replica. */
interface StartOptions {
  engine: QueryEngine;
  sql: string;
  statementType: string;
  scope: QueryScope;
  rowCap: number;
  user: QueryUser;
  onDone: (query: RunningQuery) => void;
}

/**
 * Runs users' statements on the configured engines, console statements and
 * dataset previews alike: one running query per statement, with the user's
 * concurrency limit, a timeout, a row cap, cancellation when nobody fetches
 * the results any more, and the history.
 */
export class QueryService {
  private readonly queries = new Map<string, RunningQuery>();
  /** Per user, the admission in progress, which the next one waits for. */
  private readonly admissions = new Map<string, Promise<unknown>>();
  private readonly sweeper: NodeJS.Timeout;
  private readonly relay?: TrinoRelay;
  private tokens?: Promise<PageTokens>;

  private constructor(
    private readonly engines: QueryEngine[],
    readonly history: QueryHistoryStore,
    private readonly settings: QueryServiceSettings,
    private readonly logger: LoggerService,
  ) {
    const trino = engines.find(e => e instanceof TrinoEngine);
    if (trino) {
      this.relay = new TrinoRelay(
        trino as TrinoEngine,
        history,
        // The key is in the database, shared by every replica.
        () =>
          (this.tokens ??= history
            .sharedKey('query-page-token')
            .then(key => new PageTokens(key))),
        settings,
        logger,
      );
    }
    this.sweeper = setInterval(
      () => this.sweep(),
      Math.min(5_000, settings.idleTimeoutMs),
    );
    this.sweeper.unref();
  }

  static create(options: {
    engines: QueryEngine[];
    history: QueryHistoryStore;
    settings: QueryServiceSettings;
    logger: LoggerService;
  }) {
    return new QueryService(
      options.engines,
      options.history,
      options.settings,
      options.logger,
    );
  }

  /** The engines, the default (first configured) first. */
  listEngines(): QueryEngineInfo[] {
    return this.engines.map((engine, i) => ({
      id: engine.id,
      title: engine.title,
      default: i === 0,
      catalog: engine.defaultCatalog,
      schema: engine.defaultSchema,
    }));
  }

  engine(id?: QueryEngineId): QueryEngine {
    if (this.engines.length === 0) {
      throw new NotFoundError(
        'No query engine is configured: set lakehouse.trino, or lakehouse.demo for the embedded DuckDB',
      );
    }
    if (!id) return this.engines[0];
    const engine = this.engines.find(e => e.id === id);
    if (!engine) {
      throw new InputError(
        `Engine ${id} is not configured; available: ${this.engines
          .map(e => e.id)
          .join(', ')}`,
      );
    }
    return engine;
  }

  /**
   * Starts a checked statement for a user. `onDone` is told when the query
   * ends, for auditing.
   */
  async submit(
    request: SubmitQueryRequest,
    statement: CheckedStatement,
    user: QueryUser,
    onDone: (query: RunningQuery) => void,
  ): Promise<RunningQuery | RelayedQuery> {
    const engine = this.engine(request.engine);
    if (this.relay && engine === this.relay.engine) {
      return this.submitToTrino(request, statement, user);
    }
    return this.start({
      engine,
      sql: request.sql,
      statementType: statement.statementType,
      scope: {
        tables: statement.tables,
        catalog: request.catalog,
        schema: request.schema,
      },
      rowCap: request.maxRows ?? this.settings.defaultRowCap,
      user,
      onDone,
    });
  }

  /**
   * The first rows of a table, for a dataset's page. A statement like any
   * other: it counts towards the user's concurrency limit, has the same
   * time-out and row cap, and is kept in the history. Resolves once the rows
   * are in; throws {@link ConcurrencyLimitError}, {@link QueryTimeoutError}
   * or {@link QueryFailedError}. Aborting `signal` (the client went away)
   * cancels the query.
   */
  async preview(request: {
    /** Table identifier, catalog.schema.table. */
    table: string;
    engine?: QueryEngineId;
    limit: number;
    user: QueryUser;
    signal?: AbortSignal;
  }): Promise<DatasetPreview & { queryId: string }> {
    const rowCap = Math.min(request.limit, this.settings.maxRowCap);
    const quoted = request.table
      .split('.')
      .map(part => `"${part.replace(/"/g, '""')}"`)
      .join('.');
    const query = await this.start({
      engine: this.engine(request.engine),
      // One row more than shown tells whether there are more.
      sql: `SELECT * FROM ${quoted} LIMIT ${rowCap + 1}`,
      statementType: 'SELECT',
      scope: { tables: [request.table] },
      rowCap,
      user: request.user,
      onDone: () => {},
    });
    const cancel = () =>
      query.cancel({
        message: 'The client went away; the preview was canceled',
        errorName: 'USER_CANCELED',
      });
    request.signal?.addEventListener('abort', cancel);
    try {
      const rows: unknown[][] = [];
      let token: string | undefined;
      // Taking the pages as they come keeps the engine going (and the
      // query from looking abandoned) until the rows are in.
      for (;;) {
        const page = await query.nextPage(token, 1_000);
        rows.push(...page.rows);
        token = page.nextPageToken;
        if (!token) break;
      }
      if (query.state === 'CANCELED' && query.error?.errorName === TIMED_OUT) {
        throw new QueryTimeoutError(query.error.message);
      }
      if (query.state !== 'FINISHED') {
        throw new QueryFailedError(
          query.error ?? {
            message: `The preview ended ${query.state}`,
            errorName: 'GENERIC_INTERNAL_ERROR',
          },
        );
      }
      return {
        queryId: query.id,
        engine: query.engineId,
        table: request.table,
        columns: query.columns ?? [],
        rows,
        truncated: query.truncated,
      };
    } finally {
      request.signal?.removeEventListener('abort', cancel);
    }
  }

  /** A console statement on Trino, which any replica continues. */
  private async submitToTrino(
    request: SubmitQueryRequest,
    statement: CheckedStatement,
    user: QueryUser,
  ): Promise<RelayedQuery> {
    return this.admit(user.userRef, () =>
      this.startOnTrino(request, statement, user),
    );
  }

  private async startOnTrino(
    request: SubmitQueryRequest,
    statement: CheckedStatement,
    user: QueryUser,
  ): Promise<RelayedQuery> {
    const id = randomUUID();
    await this.relay!.submit({
      id,
      userRef: user.userRef,
      engineUser: user.engineUser,
      sql: request.sql,
      statementType: statement.statementType,
      catalog: request.catalog,
      schema: request.schema,
      rowCap: Math.min(
        request.maxRows ?? this.settings.defaultRowCap,
        this.settings.maxRowCap,
      ),
      startedAt: Date.now(),
    });
    return { id, state: 'QUEUED', engineId: 'trino', relayed: true };
  }

  /**
   * The user's queries running here, and those on Trino that any replica
   * continues, counted from the database.
   */
  private async checkConcurrency(userRef: string) {
    const local = [...this.queries.values()].filter(
      q => q.userRef === userRef && !q.done,
    ).length;
    const running =
      local +
      (this.relay
        ? await this.history.countActiveEngineQueries(
            userRef,
            new Date(Date.now() - this.settings.timeoutMs),
          )
        : 0);
    const allowed = this.settings.maxConcurrentPerUser;
    if (running >= allowed) {
      throw new ConcurrencyLimitError(
        `You already run ${running} ${
          running === 1 ? 'query' : 'queries'
        }, and at most ${allowed} may run at once (lakehouse.queries.maxConcurrentPerUser); wait for one to finish or cancel it`,
      );
    }
  }

  /**
   * Checks the user's limit and starts the query, one admission per user at
   * a time: two statements submitted together would otherwise both count the
   * running queries before either is registered, and both start.
   */
  private admit<T>(userRef: string, start: () => Promise<T>): Promise<T> {
    const previous = this.admissions.get(userRef) ?? Promise.resolve();
    const admission = previous.then(async () => {
      await this.checkConcurrency(userRef);
      return start();
    });
    const settled = admission.catch(() => undefined);
    this.admissions.set(userRef, settled);
    void settled.then(() => {
      if (this.admissions.get(userRef) === settled) {
        this.admissions.delete(userRef);
      }
    });
    return admission;
  }

  private async start(options: StartOptions): Promise<RunningQuery> {
    // Registered in this.queries before the admission ends, so the next one counts it.
    return this.admit(options.user.userRef, async () => this.register(options));
  }

  private async register(options: StartOptions): Promise<RunningQuery> {
    const { engine, user, scope } = options;
    const limits: QueryLimits = {
      rowCap: Math.min(options.rowCap, this.settings.maxRowCap),
      pageSize: this.settings.pageSize,
      bufferedPages: this.settings.bufferedPages,
      timeoutMs: this.settings.timeoutMs,
    };
    const query = new RunningQuery(
      randomUUID(),
      user.userRef,
      engine,
      options.sql,
      options.statementType,
      limits,
      scope,
    );
    this.queries.set(query.id, query);
    await this.history.add({
      id: query.id,
      userRef: user.userRef,
      engine: engine.id,
      catalog: scope.catalog,
      schema: scope.schema,
      sql: options.sql,
      statementType: options.statementType,
      state: 'QUEUED',
      startedAt: new Date(query.startedAt).toISOString(),
    });
    void query.run({
      engineUser: user.engineUser,
      onDone: finished => {
        this.history
          .complete(finished.id, {
            state: finished.state,
            durationMs:
              (finished.finishedAt ?? Date.now()) - finished.startedAt,
            rowCount: finished.rowCount,
            truncated: finished.truncated,
            error: finished.error?.message,
            errorName: finished.error?.errorName,
          })
          .catch(error =>
            this.logger.error(
              `Could not record query ${finished.id} in the history: ${error}`,
            ),
          );
        options.onDone(finished);
      },
    });
    return query;
  }

  /** A query of the user running on this replica, or NotFoundError (also for other users' queries). */
  get(userRef: string, id: string): RunningQuery {
    const query = this.queries.get(id);
    if (!query || query.userRef !== userRef) throw queryNotFound(id);
    return query;
  }

  /**
   * The user's query as the history holds it, for one that does not run on
   * this replica. NotFoundError for none (or another user's).
   */
  async recorded(userRef: string, id: string): Promise<QueryHistoryRecord> {
    const record = await this.history.get(userRef, id);
    if (!record) throw queryNotFound(id);
    return record;
  }

  /** Embedded engines run on the replica that started the query only. */
  private notHere(record: QueryHistoryRecord): ConflictError {
    return new ConflictError(
      `Query ${record.id} ran on ${record.engine}, which is embedded in each backend replica: ` +
        `its pages are only on the replica that started it, and that replica did not answer this request. Run the statement again.`,
    );
  }

  async nextPage(
    userRef: string,
    id: string,
    token: string | undefined,
    maxWaitMs: number,
  ): Promise<PageAnswer> {
    const local = this.queries.get(id);
    if (local && local.userRef === userRef) {
      const { rows, ...page } = await local.nextPage(token, maxWaitMs);
      return { page, rows };
    }
    // A token is checked before anything is looked up: another user's, or
    // an altered one, is refused as such.
    if (token && this.relay) await this.relay.checkToken(token, id, userRef);
    const record = await this.recorded(userRef, id);
    if (!record.engineQuery || !this.relay) throw this.notHere(record);
    return this.relay.nextPage(record, token, maxWaitMs);
  }

  /** Cancels the user's query; the outcome when this ended a Trino query. */
  async cancel(userRef: string, id: string): Promise<QueryOutcome | undefined> {
    const local = this.queries.get(id);
    if (local && local.userRef === userRef) {
      local.cancel();
      return undefined;
    }
    const record = await this.recorded(userRef, id);
    if (!record.engineQuery || !this.relay) {
      // A finished query stays as it is, wherever it ran.
      if (['FINISHED', 'FAILED', 'CANCELED'].includes(record.state)) {
        return undefined;
      }
      throw this.notHere(record);
    }
    return this.relay.cancel(record);
  }

  /**
   * Cancels the Trino console queries nobody fetched pages of for the idle
   * time-out, or running longer than the time-out, on Trino too. Any
   * replica continues those queries, so none notices from memory that a
   * client went away: the plugin schedules this once for all replicas
   * (`scope: 'global'`), every few seconds. Resolves to the queries it
   * ended.
   */
  async cancelStaleEngineQueries(): Promise<QueryOutcome[]> {
    if (!this.relay) return [];
    const ended = await this.relay.cancelStale();
    for (const query of ended) {
      this.logger.info(
        `Canceled console query ${query.queryId} on Trino: ${query.error}`,
      );
    }
    return ended;
  }

  /** How often {@link cancelStaleEngineQueries} should run, in seconds. */
  get staleCheckSeconds(): number {
    // A few checks per idle time-out, but no more than one a second.
    return Math.max(
      1,
      Math.min(5, Math.floor(this.settings.idleTimeoutMs / 3000)),
    );
  }

  /** Cancels everything, for shutdown. */
  async stop() {
    clearInterval(this.sweeper);
    for (const query of this.queries.values()) query.cancel();
    await Promise.all(this.engines.map(e => e.close()));
  }

  private sweep() {
    this.relay?.sweep();
    const now = Date.now();
    for (const [id, query] of this.queries) {
      if (
        !query.done &&
        now - query.lastClientActivity > this.settings.idleTimeoutMs
      ) {
        query.cancel({
          message: `Nobody fetched the results for ${Math.round(
            this.settings.idleTimeoutMs / 1000,
          )} s; the query was canceled`,
          errorName: 'ABANDONED_QUERY',
        });
      } else if (
        query.done &&
        now - (query.finishedAt ?? now) > this.settings.retainFinishedMs
      ) {
        this.queries.delete(id);
      }
    }
  }
}
