import { createHash } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';
import { DatasetFragment } from '../model/fragment';

const TABLE = 'lakehouse_dataset_sources';
// Our own migrations table: the catalog's database already has knex_migrations.
const MIGRATIONS_TABLE = 'lakehouse_dataset_sources_migrations';

/** The last stored result of a source. */
export interface StoredSnapshot {
  sourceId: string;
  fragments: DatasetFragment[];
  fingerprint: string;
  updatedAt: string;
}

/** Hash of the JSON text of a source's fragments. */
export function fingerprintJson(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}

/**
 * Keeps the last successful result of every dataset source in the catalog's
 * database, like the incremental ingestion module keeps its state there.
 */
export class SnapshotStore {
  private constructor(private readonly db: Knex) {}

  static async create(database: DatabaseService): Promise<SnapshotStore> {
    const db = await database.getClient();
    if (!database.migrations?.skip) {
      await db.migrate.latest({
        directory: resolvePackagePath(
          '@internal/plugin-catalog-backend-module-lakehouse',
          'migrations',
        ),
        tableName: MIGRATIONS_TABLE,
      });
    }
    return new SnapshotStore(db);
  }

  async readAll(): Promise<Map<string, StoredSnapshot>> {
    const rows = await this.db(TABLE).select();
    return new Map(
      rows.map(row => [
        row.source_id,
        {
          sourceId: row.source_id,
          fragments: JSON.parse(row.fragments),
          fingerprint: row.fingerprint,
          updatedAt: row.updated_at,
        },
      ]),
    );
  }

  /** Stores a snapshot; `json` is `JSON.stringify(snapshot.fragments)`, made once by the caller. */
  async write(snapshot: StoredSnapshot, json: string): Promise<void> {
    await this.db(TABLE)
      .insert({
        source_id: snapshot.sourceId,
        fragment_count: snapshot.fragments.length,
        fingerprint: snapshot.fingerprint,
        fragments: json,
        updated_at: snapshot.updatedAt,
      })
      .onConflict('source_id')
      .merge();
  }

  /** Forgets sources that are no longer configured. */
  async retainOnly(sourceIds: string[]): Promise<void> {
    await this.db(TABLE).whereNotIn('source_id', sourceIds).delete();
  }
}
