import { createHash } from 'node:crypto';
import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const TABLE = 'lakehouse_dataset_sources';
// Our own migrations table: the catalog's database already has knex_migrations.
const MIGRATIONS_TABLE = 'lakehouse_dataset_sources_migrations';

/** The last stored result of a source: its items (dataset fragments, Feast objects, models, …). */
export interface StoredSnapshot<T = unknown> {
  sourceId: string;
  items: T[];
  fingerprint: string;
  updatedAt: string;
}

/** Hash of the JSON text of a source's fragments. */
export function fingerprintJson(json: string): string {
  return createHash('sha256').update(json).digest('hex');
}

/**
 * Keeps the last successful result of every lakehouse source in the
 * catalog's database, like the incremental ingestion module keeps its state
 * there. Source ids are `<kind>:<id>`, and each provider reads and prunes
 * only the rows of the kinds it owns.
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

  /** The stored results of the sources of these kinds. */
  async readAll<T>(kinds: string[]): Promise<Map<string, StoredSnapshot<T>>> {
    const rows = await this.ofKinds(kinds).select();
    return new Map(
      rows.map(row => [
        row.source_id,
        {
          sourceId: row.source_id,
          items: JSON.parse(row.fragments),
          fingerprint: row.fingerprint,
          updatedAt: row.updated_at,
        },
      ]),
    );
  }

  /** Stores a snapshot; `json` is `JSON.stringify(snapshot.items)`, made once by the caller. */
  async write<T>(snapshot: StoredSnapshot<T>, json: string): Promise<void> {
    await this.db(TABLE)
      .insert({
        source_id: snapshot.sourceId,
        fragment_count: snapshot.items.length,
        fingerprint: snapshot.fingerprint,
        fragments: json,
        updated_at: snapshot.updatedAt,
      })
      .onConflict('source_id')
      .merge();
  }

  /** Forgets the sources of these kinds that are no longer configured. */
  async retainOnly(sourceIds: string[], kinds: string[]): Promise<void> {
    await this.ofKinds(kinds).whereNotIn('source_id', sourceIds).delete();
  }

  private ofKinds(kinds: string[]) {
    return this.db(TABLE).where(query => {
      for (const kind of kinds) {
        query.orWhere('source_id', 'like', `${kind}:%`);
      }
    });
  }
}
