import type {
  QueryColumn,
  QueryEngineId,
  QueryError,
  QueryPage,
  QueryState,
} from '@internal/plugin-lakehouse-common';
import { EngineError, EngineProgress, QueryEngine } from './engines/types';

/** A page token that is not the next one (410 Gone, as Trino answers). */
export class PageTokenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PageTokenError';
  }
}

/** Limits that apply to one query. */
export interface QueryLimits {
  /** Rows returned at most; the rest are dropped and `truncated` is set. */
  rowCap: number;
  /** Rows per page handed to the client. */
  pageSize: number;
  /** Pages kept ready for the client before the engine is held back. */
  bufferedPages: number;
  timeoutMs: number;
}

/**
 * What a statement reads and where its unqualified names resolve: kept with
 * the query so that a CSV download checks, and runs, the same thing again.
 */
export interface QueryScope {
  /** Tables as the statement names them. */
  tables: string[];
  catalog?: string;
  schema?: string;
}

/** Called once when the query reaches FINISHED, FAILED or CANCELED. */
export type QueryCompletion = (query: RunningQuery) => void;

const TERMINAL: QueryState[] = ['FINISHED', 'FAILED', 'CANCELED'];

/**
 * One statement running on an engine. Rows flow from the engine into a
 * small buffer of pages; the engine is only asked for more when the client
 * has taken pages out, so memory stays bounded whatever the result size.
 * Pages are handed out once, in order, with tokens like Trino's nextUri.
 */
export class RunningQuery {
  state: QueryState = 'QUEUED';
  columns?: QueryColumn[];
  error?: QueryError;
  rowCount = 0;
  truncated = false;
  readonly startedAt = Date.now();
  finishedAt?: number;
  lastClientActivity = Date.now();
  private progress: EngineProgress = {};
  private readonly pages: unknown[][][] = [];
  private pending: unknown[][] = [];
  private pagesHandedOut = 0;
  private readonly controller = new AbortController();
  private wakeConsumer?: () => void;
  private wakeProducer?: () => void;
  private cancelReason?: QueryError;

  constructor(
    readonly id: string,
    readonly userRef: string,
    readonly engine: QueryEngine,
    readonly sql: string,
    readonly statementType: string,
    private readonly limits: QueryLimits,
    readonly scope: QueryScope = { tables: [] },
  ) {}

  get engineId(): QueryEngineId {
    return this.engine.id;
  }

  get done() {
    return TERMINAL.includes(this.state);
  }

  /** Runs the statement to the end; resolves when it is FINISHED, FAILED or CANCELED. */
  async run(options: { engineUser: string; onDone: QueryCompletion }) {
    const timer = setTimeout(
      () =>
        this.cancel({
          message: `The query ran longer than ${Math.round(
            this.limits.timeoutMs / 1000,
          )} s and was canceled`,
          errorName: 'EXCEEDED_TIME_LIMIT',
        }),
      this.limits.timeoutMs,
    );
    try {
      const events = this.engine.execute({
        sql: this.sql,
        catalog: this.scope.catalog,
        schema: this.scope.schema,
        user: options.engineUser,
        signal: this.controller.signal,
      });
      for await (const event of events) {
        if (this.state === 'QUEUED') this.state = 'RUNNING';
        if (event.type === 'progress')
          this.progress = { ...this.progress, ...event.progress };
        else if (event.type === 'columns') this.columns = event.columns;
        else if (this.accept(event.rows)) break;
        this.signalConsumer();
        await this.waitForRoom();
        if (this.controller.signal.aborted) break;
      }
      this.flushPending();
      if (this.cancelReason) this.finish('CANCELED', this.cancelReason);
      else this.finish('FINISHED');
    } catch (error) {
      if (this.cancelReason) this.finish('CANCELED', this.cancelReason);
      else if (error instanceof EngineError) {
        this.finish('FAILED', {
          message: error.message,
          errorName: error.errorName,
          line: error.line,
          column: error.column,
        });
      } else {
        this.finish('FAILED', {
          message: (error as Error).message,
          errorName: 'GENERIC_INTERNAL_ERROR',
        });
      }
    } finally {
      clearTimeout(timer);
      options.onDone(this);
    }
  }

  /** Stops the query, on the engine too. */
  cancel(
    reason: QueryError = {
      message: 'The query was canceled',
      errorName: 'USER_CANCELED',
    },
  ) {
    if (this.done) return;
    this.cancelReason ??= reason;
    this.controller.abort();
    // The query is canceled for its client at once; the engine stops in the
    // background (an interrupt for DuckDB, DELETE /v1/query/{id} for Trino).
    this.pages.length = 0;
    this.finish('CANCELED', this.cancelReason);
    this.signalProducer();
  }

  /**
   * The next page for a client holding `token` (undefined on the first
   * call). Waits up to `maxWaitMs` for rows. Throws GoneError for a token
   * that is not the next one.
   */
  async nextPage(
    token: string | undefined,
    maxWaitMs: number,
  ): Promise<QueryPage> {
    const expected = String(this.pagesHandedOut);
    if ((token ?? '0') !== expected) {
      throw new PageTokenError(
        `Page token ${token} of query ${this.id} is not valid: the next page is ${expected}`,
      );
    }
    this.lastClientActivity = Date.now();
    if (this.pages.length === 0 && !this.done && maxWaitMs > 0) {
      await new Promise<void>(resolve => {
        const timer = setTimeout(resolve, maxWaitMs);
        this.wakeConsumer = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wakeConsumer = undefined;
    }
    // A waiting client gets the rows there are rather than waiting for a
    // full page: the first rows show up as soon as the engine sends any.
    if (this.pages.length === 0 && this.pending.length > 0) this.flushPending();
    const rows = this.pages.shift();
    if (rows) {
      this.pagesHandedOut++;
      this.signalProducer();
    }
    const more = !this.done || this.pages.length > 0;
    return {
      id: this.id,
      engine: this.engine.id,
      state: this.done && this.pages.length > 0 ? 'RUNNING' : this.state,
      statementType: this.statementType,
      progress: {
        percent: this.done ? 100 : this.progress.percent,
        processedRows: this.progress.processedRows,
        processedBytes: this.progress.processedBytes,
        elapsedMs: (this.finishedAt ?? Date.now()) - this.startedAt,
      },
      columns: this.columns,
      rows: rows ?? [],
      nextPageToken: more ? String(this.pagesHandedOut) : undefined,
      rowCount: this.rowCount,
      truncated: this.truncated,
      error: this.error,
    };
  }

  /** Adds rows; true when the row cap is reached and the engine should stop. */
  private accept(rows: unknown[][]): boolean {
    const room = this.limits.rowCap - this.rowCount;
    const taken = rows.length > room ? rows.slice(0, room) : rows;
    this.rowCount += taken.length;
    this.pending.push(...taken);
    while (this.pending.length >= this.limits.pageSize) {
      this.pages.push(this.pending.splice(0, this.limits.pageSize));
    }
    if (rows.length > room) {
      this.truncated = true;
      // Stop the engine: the rest of the result would be dropped anyway.
      this.controller.abort();
      return true;
    }
    return false;
  }

  private flushPending() {
    if (this.pending.length) this.pages.push(this.pending);
    this.pending = [];
  }

  private finish(state: QueryState, error?: QueryError) {
    if (this.done) return;
    this.state = state;
    this.error = error;
    this.finishedAt = Date.now();
    this.signalConsumer();
  }

  private async waitForRoom() {
    while (
      this.pages.length >= this.limits.bufferedPages &&
      !this.controller.signal.aborted
    ) {
      await new Promise<void>(resolve => {
        this.wakeProducer = resolve;
      });
      this.wakeProducer = undefined;
    }
  }

  private signalConsumer() {
    this.wakeConsumer?.();
  }

  private signalProducer() {
    this.wakeProducer?.();
  }
}
