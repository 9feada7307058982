import { DuckDBInstance } from '@duckdb/node-api';
import type { DriftSqlRunner } from '../types';

/** A {@link DriftSqlRunner} over an in-memory DuckDB, recording the statements it ran. */
export interface DuckDbDriftRunner extends DriftSqlRunner {
  /** Every statement run through `run`, in order. */
  statements: string[];
  /** Runs setup SQL (CREATE TABLE …) that is not part of a drift computation. */
  setup(sql: string): Promise<void>;
  close(): void;
}

/**
 * An in-memory DuckDB with the given worker threads. Each statement runs on
 * a connection of its own, as the portal's DuckDB engine does, so
 * statements issued together run concurrently. Rows come back in the JSON
 * form the engine sends (BIGINT and DECIMAL as strings).
 */
export async function createDuckDbRunner(
  options: { threads?: number } = {},
): Promise<DuckDbDriftRunner> {
  const instance = await DuckDBInstance.create(':memory:', {
    threads: String(options.threads ?? 2),
  });
  const statements: string[] = [];
  return {
    dialect: 'duckdb',
    statements,
    async run(sql) {
      statements.push(sql);
      const connection = await instance.connect();
      try {
        const reader = await connection.runAndReadAll(sql);
        const types = reader.columnTypes();
        return {
          columns: reader.columnNames().map((name, i) => ({
            name,
            type: types[i].toString().toLowerCase(),
          })),
          rows: reader.getRowsJson() as unknown[][],
        };
      } finally {
        connection.closeSync();
      }
    },
    async setup(sql) {
      const connection = await instance.connect();
      try {
        await connection.run(sql);
      } finally {
        connection.closeSync();
      }
    },
    close() {
      instance.closeSync();
    },
  };
}
