import {
  DuckDBConnection,
  DuckDBInstance,
  JsonDuckDBValueConverter,
} from '@duckdb/node-api';
import type { QueryColumn } from '@internal/plugin-lakehouse-common';
import path from 'node:path';
import type { DemoTable } from '../../demo/buildDemoWarehouse';
import { EngineError, EngineEvent, EngineQuery, QueryEngine } from './types';

const quoteIdentifier = (name: string) => `"${name.replace(/"/g, '""')}"`;
const quoteLiteral = (text: string) => `'${text.replace(/'/g, "''")}'`;

/** DuckDB's type names in Trino's spelling where they differ. */
function trinoTypeName(duckDbType: string): string {
  const type = duckDbType.toLowerCase();
  if (type === 'timestamp') return 'timestamp(6)';
  if (type === 'timestamp with time zone') return 'timestamp(6) with time zone';
  if (type === 'float') return 'real';
  if (type === 'hugeint') return 'decimal(38,0)';
  return type;
}

const INTEGER_TYPES = new Set([
  'bigint',
  'ubigint',
  'hugeint',
  'uhugeint',
  'decimal(38,0)',
]);

/**
 * JSON values as Trino sends them: the JSON converter writes 64-bit
 * integers as strings; numbers that fit JavaScript's safe range go back to
 * numbers, larger ones stay exact strings.
 */
function integerColumns(columns: QueryColumn[]): number[] {
  return columns
    .map((c, i) => (INTEGER_TYPES.has(c.type) ? i : -1))
    .filter(i => i >= 0);
}
function restoreIntegers(rows: unknown[][], indexes: number[]) {
  if (indexes.length === 0) return rows;
  for (const row of rows) {
    for (const i of indexes) {
      const value = row[i];
      if (typeof value === 'string') {
        const n = Number(value);
        if (Number.isSafeInteger(n)) row[i] = n;
      }
    }
  }
  return rows;
}

/** Trino's error names for DuckDB's error kinds. */
const DUCKDB_ERROR_NAMES: Record<string, string> = {
  Parser: 'SYNTAX_ERROR',
  Catalog: 'TABLE_NOT_FOUND',
  Binder: 'COLUMN_NOT_FOUND',
  Interrupt: 'USER_CANCELED',
};

/** `Binder Error: ... LINE 1: select x ...` and a caret under the position. */
function errorFromDuckDb(error: unknown, sql: string): EngineError {
  const message = (error as Error).message ?? String(error);
  const kind = /^(\w+) Error:/.exec(message)?.[1] ?? '';
  const errorName = DUCKDB_ERROR_NAMES[kind] ?? 'GENERIC_USER_ERROR';
  // DuckDB reports a character offset for some errors; turn it into a line/column.
  const offset = /at or near|position (\d+)/.exec(message)?.[1];
  if (offset) {
    const before = sql.slice(0, Number(offset));
    const lines = before.split('\n');
    return new EngineError(
      message,
      errorName,
      lines.length,
      lines[lines.length - 1].length + 1,
    );
  }
  return new EngineError(message, errorName);
}

/**
 * The embedded engine of the demo: DuckDB in the backend process, with every
 * table of the demo warehouse attached as `lakehouse.<schema>.<table>` over
 * its Parquet file. Each statement runs on its own connection so it can be
 * interrupted on its own.
 */
export class DuckDbEngine implements QueryEngine {
  readonly id = 'duckdb' as const;
  readonly title = 'DuckDB (embedded demo lakehouse)';
  readonly defaultCatalog = 'lakehouse';
  readonly defaultSchema = 'gold';

  private constructor(private readonly instance: DuckDBInstance) {}

  static async create(options: {
    warehouseDir: string;
    tables: DemoTable[];
    threads?: number;
  }) {
    const instance = await DuckDBInstance.create(':memory:', {
      threads: String(options.threads ?? 2),
      // The console is read-only: DuckDB must not reach files or the network
      // beyond the views set up here.
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
    });
    const setup = await instance.connect();
    try {
      await setup.run(`attach ':memory:' as lakehouse`);
      for (const schema of new Set(options.tables.map(t => t.schema))) {
        await setup.run(
          `create schema if not exists lakehouse.${quoteIdentifier(schema)}`,
        );
      }
      for (const table of options.tables) {
        const file = path.join(options.warehouseDir, table.file);
        await setup.run(
          `create view lakehouse.${quoteIdentifier(
            table.schema,
          )}.${quoteIdentifier(table.table)} as ` +
            `select * from read_parquet(${quoteLiteral(file)})`,
        );
      }
      // Only the warehouse's files stay readable, and the configuration is
      // locked so no statement can widen that: a second line of defence
      // behind the read-only statement check.
      await setup.run(
        `set allowed_directories = [${quoteLiteral(
          `${path.resolve(options.warehouseDir)}/`,
        )}]`,
      );
      await setup.run(`set enable_external_access = false`);
      await setup.run(`set lock_configuration = true`);
    } finally {
      setup.closeSync();
    }
    return new DuckDbEngine(instance);
  }

  async *execute(query: EngineQuery): AsyncIterable<EngineEvent> {
    const connection = await this.instance.connect();
    // An interrupt only reaches a statement that is executing: keep sending
    // it until the statement ends, so a cancel that races its start is not lost.
    let interrupting: NodeJS.Timeout | undefined;
    const interrupt = () => {
      connection.interrupt();
      interrupting ??= setInterval(() => connection.interrupt(), 50);
    };
    if (query.signal.aborted) interrupt();
    query.signal.addEventListener('abort', interrupt);
    try {
      await this.use(connection, query);
      let result;
      try {
        result = await connection.stream(query.sql);
      } catch (error) {
        throw errorFromDuckDb(error, query.sql);
      }
      const columns: QueryColumn[] = result.columnNames().map((name, i) => ({
        name,
        type: trinoTypeName(result.columnTypes()[i].toString()),
      }));
      yield { type: 'columns', columns };
      const integers = integerColumns(columns);
      let processedRows = 0;
      for (;;) {
        if (query.signal.aborted) return;
        let chunk;
        try {
          chunk = await result.fetchChunk();
        } catch (error) {
          throw errorFromDuckDb(error, query.sql);
        }
        if (!chunk || chunk.rowCount === 0) break;
        const rows = restoreIntegers(
          chunk.convertRows(JsonDuckDBValueConverter) as unknown[][],
          integers,
        );
        processedRows += rows.length;
        yield { type: 'rows', rows };
        const progress = connection.progress;
        yield {
          type: 'progress',
          progress: {
            processedRows,
            percent: progress.percentage >= 0 ? progress.percentage : undefined,
          },
        };
      }
    } finally {
      clearInterval(interrupting);
      query.signal.removeEventListener('abort', interrupt);
      connection.closeSync();
    }
  }

  private async use(
    connection: DuckDBConnection,
    query: { catalog?: string; schema?: string },
  ) {
    const catalog = query.catalog ?? this.defaultCatalog;
    const schema =
      query.schema ?? (query.catalog ? undefined : this.defaultSchema);
    try {
      await connection.run(
        `use ${quoteIdentifier(catalog)}${
          schema ? `.${quoteIdentifier(schema)}` : ''
        }`,
      );
    } catch (error) {
      throw new EngineError(
        `Catalog or schema ${[catalog, schema]
          .filter(Boolean)
          .join('.')} does not exist`,
        'SCHEMA_NOT_FOUND',
      );
    }
  }

  private async rows(sql: string, params: string[] = []): Promise<unknown[][]> {
    const connection = await this.instance.connect();
    try {
      const reader = await connection.runAndReadAll(sql, params);
      return reader.getRowsJS() as unknown[][];
    } finally {
      connection.closeSync();
    }
  }

  async listCatalogs(): Promise<string[]> {
    const rows = await this.rows(
      `select database_name from duckdb_databases() where not internal and database_name <> 'memory' order by 1`,
    );
    return rows.map(r => String(r[0]));
  }

  async listSchemas(_user: string, catalog: string): Promise<string[]> {
    const rows = await this.rows(
      `select schema_name from information_schema.schemata where catalog_name = $1 and schema_name not in ('information_schema', 'pg_catalog', 'main') order by 1`,
      [catalog],
    );
    return rows.map(r => String(r[0]));
  }

  async listTables(
    _user: string,
    catalog: string,
    schema: string,
  ): Promise<string[]> {
    const rows = await this.rows(
      `select table_name from information_schema.tables where table_catalog = $1 and table_schema = $2 order by 1`,
      [catalog, schema],
    );
    return rows.map(r => String(r[0]));
  }

  async listColumns(
    _user: string,
    catalog: string,
    schema: string,
    table: string,
  ): Promise<QueryColumn[]> {
    const rows = await this.rows(
      `select column_name, data_type from information_schema.columns where table_catalog = $1 and table_schema = $2 and table_name = $3 order by ordinal_position`,
      [catalog, schema, table],
    );
    return rows.map(r => ({
      name: String(r[0]),
      type: trinoTypeName(String(r[1])),
    }));
  }

  async close() {
    this.instance.closeSync();
  }
}
