import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import type {
  DatasetPreview,
  QueryEngineId,
  QueryEngineInfo,
  QueryError,
  QueryPage,
  SubmitQueryRequest,
} from '@internal/plugin-lakehouse-common';
import { QueryEngine } from './engines/types';
import { QueryHistoryStore } from './QueryHistoryStore';
import { QueryLimits, QueryScope, RunningQuery } from './RunningQuery';

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

/** Error name of a query canceled by the time-out, as Trino names it. */
const TIMED_OUT = 'EXCEEDED_TIME_LIMIT';

/**
 * Runs users' statements on the configured engines, console statements and
 * dataset previews alike: one running query per statement, with the user's
 * concurrency limit, a timeout, a row cap, cancellation when nobody fetches
 * the results any more, and the history.
 */
export class QueryService {
  private readonly queries = new Map<string, RunningQuery>();
  private readonly sweeper: NodeJS.Timeout;

  private constructor(
    private readonly engines: QueryEngine[],
    readonly history: QueryHistoryStore,
    private readonly settings: QueryServiceSettings,
    private readonly logger: LoggerService,
  ) {
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
  ): Promise<RunningQuery> {
    return this.start({
      engine: this.engine(request.engine),
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

  private async start(options: {
    engine: QueryEngine;
    sql: string;
    statementType: string;
    scope: QueryScope;
    rowCap: number;
    user: QueryUser;
    onDone: (query: RunningQuery) => void;
  }): Promise<RunningQuery> {
    const { engine, user, scope } = options;
    const running = [...this.queries.values()].filter(
      q => q.userRef === user.userRef && !q.done,
    );
    if (running.length >= this.settings.maxConcurrentPerUser) {
      throw new ConcurrencyLimitError(
        `You already run ${running.length} queries, the most allowed at once (lakehouse.queries.maxConcurrentPerUser); wait for one to finish or cancel it`,
      );
    }
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

  /** A query of the user, or NotFoundError (also for other users' queries). */
  get(userRef: string, id: string): RunningQuery {
    const query = this.queries.get(id);
    if (!query || query.userRef !== userRef) {
      throw new NotFoundError(
        `Query ${id} does not exist or is no longer available`,
      );
    }
    return query;
  }

  nextPage(
    userRef: string,
    id: string,
    token: string | undefined,
    maxWaitMs: number,
  ): Promise<QueryPage> {
    return this.get(userRef, id).nextPage(token, maxWaitMs);
  }

  cancel(userRef: string, id: string) {
    this.get(userRef, id).cancel();
  }

  /** Cancels everything, for shutdown. */
  async stop() {
    clearInterval(this.sweeper);
    for (const query of this.queries.values()) query.cancel();
    await Promise.all(this.engines.map(e => e.close()));
  }

  private sweep() {
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
