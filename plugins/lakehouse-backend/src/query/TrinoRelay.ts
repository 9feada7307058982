import { LoggerService } from '@backstage/backend-plugin-api';
import { NotFoundError } from '@backstage/errors';
import type {
  QueryError,
  QueryPage,
  QueryState,
} from '@internal/plugin-lakehouse-common';
import { TrinoEngine, TrinoGoneError, TrinoPage } from './engines/TrinoEngine';
import { joinRows, sliceRows } from './engines/trinoRows';
import { QueryHistoryRecord, QueryHistoryStore } from './QueryHistoryStore';
import { PageTokens, TrinoPageState } from './pageToken';
import { PageTokenError } from './RunningQuery';

/** A page as the API answers it, its rows either objects or JSON text. */
export interface PageAnswer {
  page: Omit<QueryPage, 'rows'>;
  /** Rows as objects, or as pieces of one JSON array (Trino's own bytes). */
  rows: unknown[][] | Buffer[];
  /** Set when this answer ended the query (for the audit). */
  ended?: QueryOutcome;
}

/** How a query ended. */
export interface QueryOutcome {
  queryId: string;
  outcome: QueryState;
  durationMs: number;
  rows: number;
  truncated: boolean;
  error?: string;
}

const TERMINAL: QueryState[] = ['FINISHED', 'FAILED', 'CANCELED'];

/**
 * Console queries on Trino, continued by whichever replica is asked: the
 * page token carries Trino's nextUri and the counts so far, the history row
 * the first nextUri and Trino's query id, and the state every replica
 * sees. A replica keeps nothing but the one page it fetched ahead for the
 * client, so that Trino works while the client reads; Trino answers the
 * same nextUri again, so another replica can still fetch that page.
 */
export class TrinoRelay {
  private readonly ahead = new Map<
    string,
    { page: Promise<TrinoPage | Error>; at: number }
  >();

  constructor(
    readonly engine: TrinoEngine,
    private readonly history: QueryHistoryStore,
    private readonly tokens: () => Promise<PageTokens>,
    private readonly settings: {
      pageSize: number;
      timeoutMs: number;
      idleTimeoutMs: number;
    },
    private readonly logger: LoggerService,
  ) {}

  /** Sends the statement to Trino and records where it continues. */
  async submit(query: {
    id: string;
    userRef: string;
    engineUser: string;
    sql: string;
    statementType: string;
    catalog?: string;
    schema?: string;
    rowCap: number;
    startedAt: number;
  }) {
    const first = await this.engine.start({
      sql: query.sql,
      catalog: query.catalog,
      schema: query.schema,
      user: query.engineUser,
    });
    await this.history.add({
      id: query.id,
      userRef: query.userRef,
      engine: this.engine.id,
      catalog: query.catalog,
      schema: query.schema,
      sql: query.sql,
      statementType: query.statementType,
      state: 'QUEUED',
      startedAt: new Date(query.startedAt).toISOString(),
      engineQuery: {
        engineQueryId: first.engineQueryId,
        // Trino answers a refusal at once, without a nextUri.
        nextUri: first.nextUri ?? '',
        engineUser: query.engineUser,
        rowCap: query.rowCap,
      },
    });
    if (!first.nextUri) {
      await this.history.complete(query.id, {
        state: 'FAILED',
        durationMs: 0,
        rowCount: 0,
        truncated: false,
        error: first.error?.message ?? 'Trino did not run the statement',
      });
    }
  }

  /** Refuses a page token that is altered, or of another query or user. */
  async checkToken(token: string, queryId: string, userRef: string) {
    (await this.tokens()).read(token, queryId, userRef);
  }

  /** The next page of a query the history holds as continued on Trino. */
  async nextPage(
    record: QueryHistoryRecord,
    token: string | undefined,
    maxWaitMs: number,
  ): Promise<PageAnswer> {
    const tokens = await this.tokens();
    const engineQuery = record.engineQuery!;
    const state: TrinoPageState = token
      ? tokens.read(token, record.id, record.userRef)
      : {
          nextUri: engineQuery.nextUri,
          offset: 0,
          rowCount: 0,
          rowCap: engineQuery.rowCap,
          startedAt: Date.parse(record.startedAt),
          engineUser: engineQuery.engineUser,
          engineQueryId: engineQuery.engineQueryId,
          statementType: record.statementType ?? 'SELECT',
        };
    // Canceled or ended through another replica: the database says so.
    if (TERMINAL.includes(record.state)) return this.recorded(record, state);
    if (Date.now() - state.startedAt > this.settings.timeoutMs) {
      return this.end(record, state, {
        state: 'CANCELED',
        error: this.timedOut(),
        kill: true,
      });
    }
    // Any replica may be asked next: the database keeps that a client still
    // wants the query, so that the idle sweep leaves it running.
    if (token) await this.history.touch(record.id);
    else await this.history.markRunning(record.id);

    const deadline = Date.now() + maxWaitMs;
    const parts: Buffer[] = [];
    let rows = 0;
    let truncated = false;
    let last: TrinoPage;
    let nextUri = state.nextUri;
    // Rows of the page at nextUri handed out before (it was split).
    let skip = state.offset;
    // Set when the page at nextUri is handed out in part: where it goes on.
    let rest: { nextUri: string; offset: number } | undefined;
    for (;;) {
      last = await this.fetch(nextUri, state.engineUser);
      const available = last.rows ? last.rowCount - skip : 0;
      if (last.rows && available > 0) {
        const capRoom = state.rowCap - state.rowCount - rows;
        const pageRoom = this.settings.pageSize - rows;
        const take = Math.min(available, capRoom, pageRoom);
        if (take > 0) {
          parts.push(
            skip === 0 && take === last.rowCount
              ? last.rows
              : sliceRows(last.rows, skip, skip + take),
          );
          rows += take;
        }
        if (take < available) {
          if (take === capRoom) {
            // The rows past the cap are dropped.
            truncated = true;
          } else {
            // A page is never longer than the page size: the rest of this
            // Trino page is the next answer's. Trino is not asked for the
            // page after it, which would make this one gone for other
            // replicas; this replica keeps it for its client's next ask.
            rest = { nextUri, offset: skip + take };
            this.keep(nextUri, last);
          }
          break;
        }
      }
      skip = 0;
      if (last.error || !last.nextUri) break;
      nextUri = last.nextUri;
      if (rows >= this.settings.pageSize || Date.now() >= deadline) break;
    }

    const rowCount = state.rowCount + rows;
    const answerRows = joinRows(parts);
    const common = {
      columns: last.columns,
      rowCount,
      progress: {
        percent: last.progress.percent,
        processedRows: last.progress.processedRows,
        processedBytes: last.progress.processedBytes,
        elapsedMs: Date.now() - state.startedAt,
      },
    };
    if (truncated) {
      // Stop Trino: the rest of the result would be dropped anyway.
      return this.end(
        record,
        { ...state, rowCount },
        { state: 'FINISHED', truncated: true, kill: true, ...common },
        answerRows,
      );
    }
    if (!rest && last.error) {
      const canceled = ['USER_CANCELED', 'ADMINISTRATIVELY_KILLED'].includes(
        last.error.errorName,
      );
      return this.end(
        record,
        { ...state, rowCount },
        {
          state: canceled ? 'CANCELED' : 'FAILED',
          error: {
            message: last.error.message,
            errorName: last.error.errorName,
            line: last.error.line,
            column: last.error.column,
          },
          ...common,
        },
        answerRows,
      );
    }
    if (!rest && !last.nextUri) {
      return this.end(
        record,
        { ...state, rowCount },
        { state: 'FINISHED', ...common },
        answerRows,
      );
    }
    const next = rest ?? { nextUri: last.nextUri!, offset: 0 };
    if (!rest) this.fetchAhead(next.nextUri, state.engineUser);
    return {
      page: {
        id: record.id,
        engine: 'trino',
        state: last.state === 'QUEUED' ? 'QUEUED' : 'RUNNING',
        statementType: state.statementType,
        nextPageToken: tokens.issue(record.id, record.userRef, {
          ...state,
          ...next,
          rowCount,
        }),
        truncated: false,
        ...common,
      },
      rows: answerRows,
    };
  }

  /** Cancels the query on Trino and for every replica. */
  async cancel(record: QueryHistoryRecord): Promise<QueryOutcome | undefined> {
    if (TERMINAL.includes(record.state)) return undefined;
    const { engineQueryId, engineUser } = record.engineQuery!;
    await this.engine.kill(engineQueryId, engineUser);
    const outcome: QueryOutcome = {
      queryId: record.id,
      outcome: 'CANCELED',
      durationMs: Date.now() - Date.parse(record.startedAt),
      rows: record.rowCount ?? 0,
      truncated: false,
      error: 'The query was canceled',
    };
    const ended = await this.history.complete(record.id, {
      state: 'CANCELED',
      durationMs: outcome.durationMs,
      error: outcome.error,
      errorName: 'USER_CANCELED',
    });
    return ended ? outcome : undefined;
  }

  /** Forgets pages fetched ahead that nobody asked for. */
  sweep() {
    const now = Date.now();
    for (const [uri, entry] of this.ahead) {
      if (now - entry.at > this.settings.idleTimeoutMs) this.ahead.delete(uri);
    }
  }

  /**
   * Cancels the queries nobody asked for within the idle time-out, and
   * those running longer than the time-out, on Trino and in the history.
   * No replica holds a Trino query, so no replica notices from memory that
   * its client went away: this looks in the database, where every page
   * fetch is recorded, and is run by one replica at a time. The outcomes
   * are those of the queries this ended.
   */
  async cancelStale(now = Date.now()): Promise<QueryOutcome[]> {
    const idleSince = new Date(now - this.settings.idleTimeoutMs);
    const startedBefore = new Date(now - this.settings.timeoutMs);
    const stale = await this.history.listStaleEngineQueries({
      idleSince,
      startedBefore,
      limit: 200,
    });
    const ended: QueryOutcome[] = [];
    for (const query of stale) {
      const error =
        query.startedAt < startedBefore.getTime()
          ? this.timedOut()
          : this.abandoned();
      const outcome: QueryOutcome = {
        queryId: query.id,
        outcome: 'CANCELED',
        durationMs: now - query.startedAt,
        rows: query.rowCount ?? 0,
        truncated: false,
        error: error.message,
      };
      // The history first, on the same condition the query was found by:
      // a client that asked for it meanwhile, or another end (its last
      // page, a cancel), wins, and Trino is left alone.
      const won = await this.history.completeStale(
        query.id,
        {
          state: 'CANCELED',
          durationMs: outcome.durationMs,
          error: error.message,
          errorName: error.errorName,
        },
        { idleSince, startedBefore },
      );
      if (!won) continue;
      ended.push(outcome);
      // As its user, as a cancel from the console is sent.
      await this.engine
        .kill(query.engineQueryId, query.engineUser)
        .catch(e =>
          this.logger.warn(
            `Could not cancel Trino query ${query.engineQueryId} of console query ${query.id}: ${e}`,
          ),
        );
    }
    return ended;
  }

  /** The reason a query running longer than the time-out ends with. */
  private timedOut(): QueryError {
    return {
      message: `The query ran longer than ${Math.round(
        this.settings.timeoutMs / 1000,
      )} s and was canceled`,
      errorName: 'EXCEEDED_TIME_LIMIT',
    };
  }

  /** The reason a query nobody fetches ends with (as RunningQuery's). */
  private abandoned(): QueryError {
    return {
      message: `Nobody fetched the results for ${Math.round(
        this.settings.idleTimeoutMs / 1000,
      )} s; the query was canceled`,
      errorName: 'ABANDONED_QUERY',
    };
  }

  /** Keeps a page this replica fetched, for its client's next request. */
  private keep(nextUri: string, page: TrinoPage) {
    this.ahead.set(nextUri, { page: Promise.resolve(page), at: Date.now() });
  }

  private fetchAhead(nextUri: string, user: string) {
    this.ahead.set(nextUri, {
      page: this.engine.next(nextUri, user).catch(error => error as Error),
      at: Date.now(),
    });
  }

  private async fetch(nextUri: string, user: string): Promise<TrinoPage> {
    const ahead = this.ahead.get(nextUri);
    this.ahead.delete(nextUri);
    let page = ahead ? await ahead.page : undefined;
    // A page fetched ahead that failed is asked for again, which also
    // reports the failure to this client.
    if (!page || page instanceof Error) {
      try {
        page = await this.engine.next(nextUri, user);
      } catch (error) {
        if (error instanceof TrinoGoneError) {
          throw new PageTokenError(
            'This page token was already used: each page is handed out once',
          );
        }
        throw error;
      }
    }
    return page;
  }

  /** A query another replica ended (or canceled) answers what the history says. */
  private recorded(
    record: QueryHistoryRecord,
    state: TrinoPageState,
  ): PageAnswer {
    return {
      page: {
        id: record.id,
        engine: 'trino',
        state: record.state,
        statementType: state.statementType,
        progress: { percent: 100, elapsedMs: record.durationMs ?? 0 },
        rowCount: record.rowCount ?? state.rowCount,
        truncated: record.truncated ?? false,
        error: record.error
          ? {
              message: record.error,
              errorName:
                record.errorName ??
                (record.state === 'CANCELED'
                  ? 'USER_CANCELED'
                  : 'GENERIC_INTERNAL_ERROR'),
            }
          : undefined,
      },
      rows: [],
    };
  }

  private async end(
    record: QueryHistoryRecord,
    state: TrinoPageState,
    end: {
      state: QueryState;
      error?: QueryError;
      truncated?: boolean;
      kill?: boolean;
      columns?: QueryPage['columns'];
      progress?: QueryPage['progress'];
    },
    rows: Buffer[] = [],
  ): Promise<PageAnswer> {
    if (end.kill) {
      await this.engine
        .kill(state.engineQueryId, state.engineUser)
        .catch(error =>
          this.logger.warn(
            `Could not cancel Trino query ${state.engineQueryId}: ${error}`,
          ),
        );
    }
    const outcome: QueryOutcome = {
      queryId: record.id,
      outcome: end.state,
      durationMs: Date.now() - state.startedAt,
      rows: state.rowCount,
      truncated: end.truncated ?? false,
      error: end.error?.message,
    };
    const ended = await this.history.complete(record.id, {
      state: end.state,
      durationMs: outcome.durationMs,
      rowCount: outcome.rows,
      truncated: outcome.truncated,
      error: outcome.error,
      errorName: end.error?.errorName,
    });
    return {
      page: {
        id: record.id,
        engine: 'trino',
        state: end.state,
        statementType: state.statementType,
        progress: {
          ...end.progress,
          percent: 100,
          elapsedMs: outcome.durationMs,
        },
        columns: end.columns,
        rowCount: state.rowCount,
        truncated: outcome.truncated,
        error: end.error,
      },
      rows,
      ended: ended ? outcome : undefined,
    };
  }
}

/** For a query the history does not hold for this user. */
export const queryNotFound = (id: string) =>
  new NotFoundError(`Query ${id} does not exist or is no longer available`);
