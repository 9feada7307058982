import { DatabaseService } from '@backstage/backend-plugin-api';
import type { QueryHistoryEntry } from '@internal/plugin-lakehouse-common';
import { Knex } from 'knex';
import { migratedPluginDatabase } from '../database';

const TABLE = 'lakehouse_query_history';

/** A finished or running query as the history keeps it. */
export interface QueryHistoryRecord extends QueryHistoryEntry {
  userRef: string;
  catalog?: string;
  schema?: string;
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
    });
  }

  async complete(
    id: string,
    outcome: Pick<
      QueryHistoryEntry,
      'state' | 'durationMs' | 'rowCount' | 'truncated' | 'error'
    >,
  ): Promise<void> {
    await this.db(TABLE)
      .where({ id })
      .update({
        state: outcome.state,
        duration_ms: outcome.durationMs ?? null,
        row_count: outcome.rowCount ?? null,
        truncated: outcome.truncated ?? false,
        error: outcome.error ?? null,
      });
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
  return record;
}
