import { DatabaseService } from '@backstage/backend-plugin-api';
import { ConflictError } from '@backstage/errors';
import { Declassification } from '@internal/plugin-lakehouse-common';
import { Knex } from 'knex';
import { migratedPluginDatabase } from '../../database';

const TABLE = 'lakehouse_declassifications';

interface Row {
  seq: number;
  entity_ref: string;
  column_name: string;
  reason: string;
  declassified_by: string;
  declassified_at: Date | string;
}

const toDeclassification = (row: Row): Declassification => ({
  entityRef: row.entity_ref,
  column: row.column_name,
  reason: row.reason,
  by: row.declassified_by,
  at: new Date(row.declassified_at).toISOString(),
});

/** The declassified columns, in the plugin's database (SQLite or PostgreSQL). */
export class DeclassificationStore {
  private constructor(private readonly db: Knex) {}

  /** Opens the store, bringing the plugin's tables up to date. */
  static async create(
    database: DatabaseService,
  ): Promise<DeclassificationStore> {
    return new DeclassificationStore(await migratedPluginDatabase(database));
  }

  /** Every declassification, by dataset and column. */
  async list(): Promise<Declassification[]> {
    const rows: Row[] = await this.db(TABLE).orderBy([
      'entity_ref',
      'column_name',
    ]);
    return rows.map(toDeclassification);
  }

  async get(
    entityRef: string,
    column: string,
  ): Promise<Declassification | undefined> {
    const row: Row | undefined = await this.db(TABLE)
      .where({ entity_ref: entityRef, column_name: column })
      .first();
    return row && toDeclassification(row);
  }

  /** Records a declassification; a column already declassified is a 409. */
  async add(declassification: Declassification): Promise<Declassification> {
    const existing = await this.get(
      declassification.entityRef,
      declassification.column,
    );
    if (existing) throw alreadyDeclassified(existing);
    try {
      await this.db(TABLE).insert({
        entity_ref: declassification.entityRef,
        column_name: declassification.column,
        reason: declassification.reason,
        declassified_by: declassification.by,
        declassified_at: new Date(declassification.at),
      });
    } catch (error) {
      // Another request declassified it between the read and the insert.
      const raced = await this.get(
        declassification.entityRef,
        declassification.column,
      );
      if (raced) throw alreadyDeclassified(raced);
      throw error;
    }
    return declassification;
  }

  /** Removes a declassification; false when there was none. */
  async remove(entityRef: string, column: string): Promise<boolean> {
    const removed = await this.db(TABLE)
      .where({ entity_ref: entityRef, column_name: column })
      .delete();
    return removed > 0;
  }

  /**
   * Changes with every add and remove, on any replica: the number of rows
   * and the highest sequence number, which is never reused.
   */
  async version(): Promise<string> {
    const row = await this.db(TABLE)
      .count({ rows: '*' })
      .max({ latest: 'seq' })
      .first();
    return `${row?.rows ?? 0}:${row?.latest ?? 0}`;
  }
}

function alreadyDeclassified(existing: Declassification) {
  return new ConflictError(
    `${existing.column} of ${existing.entityRef} is already declassified (by ${existing.by} on ${existing.at}: ${existing.reason}); remove that declassification first to record another`,
  );
}
