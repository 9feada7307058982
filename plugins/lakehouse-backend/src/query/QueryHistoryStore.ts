import { randomBytes } from 'node:crypto';
import { DatabaseService } from '@backstage/backend-plugin-api';
import type {
  QueryHistoryEntry,
  QueryState,
} from '@internal/plugin-lakehouse-common';
import { Knex } from 'knex';
import { migratedPluginDatabase } from '../database';

const TABLE = 'lakehouse_query_history';
const KEYS = 'lakehouse_query_keys';
const ACTIVE: QueryState[] = ['QUEUED', 'RUNNING'];

/**
 * Where a query runs on the engine, for replicas that did not start it:
 * set for Trino console queries, which any replica continues.
 */
export interface EngineQueryRecord {
  engineQueryId: string;
  /** Trino's nextUri of the first page. */
  nextUri: string;
  engineUser: string;
  rowCap: number;
}

/** A finished or running query as the history keeps it. */
export interface QueryHistoryRecord extends QueryHistoryEntry {
  userRef: string;
  catalog?: string;
  schema?: string;
  engineQuery?: EngineQueryRecord;
  /** The name of `error` (e.g. EXCEEDED_TIME_LIMIT), when recorded. */
  errorName?: string;
}

/** A Trino console query still running, as the sweep sees it. */
export interface ActiveEngineQuery {
  id: string;
  startedAt: number;
  lastActivityAt: number;
  engineQueryId: string;
  engineUser: string;
  rowCount?: number;
}

/** The users' query history in the plugin's database (SQLite or PostgreSQL). */
export class QueryHistoryStore {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<QueryHistoryStore> {
    const db = await migratedPluginDatabase(database);
    return new QueryHistoryStore(db);
  }

  async add(record: QueryHistoryRecord): Promise<void> {
    await this.db(TABLE).insert({
      id: record.id,
      user_ref: record.userRef,
      engine: record.engine,
      catalog: record.catalog ?? null,
      schema: record.schema ?? null,
      sql: record.sql,
      statement_type: record.statementType ?? null,
      state: record.state,
      started_at: new Date(record.startedAt),
      // Submitting counts as asking for the query, for the idle sweep.
      last_activity_at: new Date(record.startedAt),
      engine_query_id: record.engineQuery?.engineQueryId ?? null,
      next_uri: record.engineQuery?.nextUri ?? null,
      engine_user: record.engineQuery?.engineUser ?? null,
      row_cap: record.engineQuery?.rowCap ?? null,
    });
  }

  /**
   * Moves a query from QUEUED to RUNNING. Any replica may see it first, so
   * the update only applies to a queued row.
   */
  async markRunning(id: string): Promise<void> {
    await this.db(TABLE)
      .where({ id, state: 'QUEUED' })
      .update({ state: 'RUNNING' });
  }

  /**
   * Records that a client asked for the query (a page fetch), on whichever
   * replica: the idle sweep leaves it running for another idle time-out.
   */
  async touch(id: string, at = new Date()): Promise<void> {
    await this.db(TABLE)
      .where({ id })
      .whereIn('state', ACTIVE)
      .update({ last_activity_at: at });
  }

  /**
   * Trino console queries still queued or running that nobody asked for
   * since `idleSince`, or that started before `startedBefore`.
   */
  async listStaleEngineQueries(options: {
    idleSince: Date;
    startedBefore: Date;
    limit: number;
  }): Promise<ActiveEngineQuery[]> {
    const rows = await this.db(TABLE)
      .whereIn('state', ACTIVE)
      .whereNotNull('next_uri')
      .where(q =>
        q
          .where('last_activity_at', '<', options.idleSince)
          .orWhere('started_at', '<', options.startedBefore),
      )
      .orderBy('started_at')
      .limit(options.limit)
      .select(
        'id',
        'started_at',
        'last_activity_at',
        'engine_query_id',
        'engine_user',
        'row_count',
      );
    return rows.map(row => ({
      id: row.id,
      startedAt: new Date(row.started_at).getTime(),
      lastActivityAt: new Date(
        row.last_activity_at ?? row.started_at,
      ).getTime(),
      engineQueryId: row.engine_query_id,
      engineUser: row.engine_user,
      rowCount:
        row.row_count === null || row.row_count === undefined
          ? undefined
          : Number(row.row_count),
    }));
  }

  /**
   * Queries of the user still queued or running on the engine, started
   * after `since`, that any replica may continue: across replicas, the
   * concurrency limit counts these from the database.
   */
  async countActiveEngineQueries(
    userRef: string,
    since: Date,
  ): Promise<number> {
    const [{ count }] = await this.db(TABLE)
      .where({ user_ref: userRef })
      .whereIn('state', ACTIVE)
      .whereNotNull('next_uri')
      .where('started_at', '>', since)
      .count({ count: '*' });
    return Number(count);
  }

  /**
   * The key every replica signs page tokens with: made once, by whichever
   * replica comes first, and read by the others.
   */
  async sharedKey(name: string): Promise<Buffer> {
    await this.db(KEYS)
      .insert({
        id: name,
        secret: randomBytes(32).toString('base64'),
        created_at: new Date(),
      })
      .onConflict('id')
      .ignore();
    const row = await this.db(KEYS).where({ id: name }).first();
    return Buffer.from(row.secret, 'base64');
  }

  async complete(
    id: string,
    outcome: Pick<
      QueryHistoryEntry,
      'state' | 'durationMs' | 'rowCount' | 'truncated' | 'error'
    > & { errorName?: string },
  ): Promise<boolean> {
    // Only the first end counts: a query canceled through one replica stays
    // canceled when another sees Trino's last page.
    const updated = await this.db(TABLE)
      .where({ id })
      .whereIn('state', ACTIVE)
      .update(completion(outcome));
    return updated > 0;
  }

  /**
   * Ends a query the sweep found stale, if it still is: still queued or
   * running, and not asked for since `idleSince` or started before
   * `startedBefore`. False when a client or another end came first.
   */
  async completeStale(
    id: string,
    outcome: Parameters<QueryHistoryStore['complete']>[1],
    stale: { idleSince: Date; startedBefore: Date },
  ): Promise<boolean> {
    const updated = await this.db(TABLE)
      .where({ id })
      .whereIn('state', ACTIVE)
      .where(q =>
        q
          .where('last_activity_at', '<', stale.idleSince)
          .orWhere('started_at', '<', stale.startedBefore),
      )
      .update(completion(outcome));
    return updated > 0;
  }

  async get(
    userRef: string,
    id: string,
  ): Promise<QueryHistoryRecord | undefined> {
    const row = await this.db(TABLE).where({ id, user_ref: userRef }).first();
    return row ? toRecord(row) : undefined;
  }

  /** The user's queries, newest first, optionally those whose SQL contains `text`. */
  async list(
    userRef: string,
    options: { text?: string; limit: number; offset: number },
  ) {
    const query = this.db(TABLE)
      .where({ user_ref: userRef })
      .orderBy([
        { column: 'started_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(options.limit)
      .offset(options.offset);
    if (options.text) {
      const escaped = options.text
        .toLowerCase()
        .replace(/[\\%_]/g, c => `\\${c}`);
      query.whereRaw(`lower(sql) like ? escape '\\'`, [`%${escaped}%`]);
    }
    return (await query).map(toRecord);
  }
}

/** The columns a query's end sets. */
function completion(
  outcome: Pick<
    QueryHistoryEntry,
    'state' | 'durationMs' | 'rowCount' | 'truncated' | 'error'
  > & { errorName?: string },
) {
  return {
    state: outcome.state,
    duration_ms: outcome.durationMs ?? null,
    row_count: outcome.rowCount ?? null,
    truncated: outcome.truncated ?? false,
    error: outcome.error ?? null,
    error_name: outcome.errorName ?? null,
  };
}

function toRecord(row: any): QueryHistoryRecord {
  const record: QueryHistoryRecord = {
    id: row.id,
    userRef: row.user_ref,
    engine: row.engine,
    sql: row.sql,
    state: row.state,
    startedAt: new Date(row.started_at).toISOString(),
  };
  if (row.catalog) record.catalog = row.catalog;
  if (row.schema) record.schema = row.schema;
  if (row.statement_type) record.statementType = row.statement_type;
  if (row.duration_ms !== null && row.duration_ms !== undefined)
    record.durationMs = Number(row.duration_ms);
  if (row.row_count !== null && row.row_count !== undefined)
    record.rowCount = Number(row.row_count);
  if (row.truncated !== null && row.truncated !== undefined)
    record.truncated = Boolean(row.truncated);
  if (row.error) record.error = row.error;
  if (row.error_name) record.errorName = row.error_name;
  if (row.next_uri) {
    record.engineQuery = {
      engineQueryId: row.engine_query_id,
      nextUri: row.next_uri,
      engineUser: row.engine_user,
      rowCap: Number(row.row_cap),
    };
  }
  return record;
}
