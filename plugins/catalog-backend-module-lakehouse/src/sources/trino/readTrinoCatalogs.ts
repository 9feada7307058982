import { BasicAuth, Trino } from 'trino-client';
import type { DatasetColumn } from '@internal/plugin-lakehouse-common';
import { DatasetFragment } from '../../model/fragment';

export interface TrinoSourceOptions {
  sourceId: string;
  server: string;
  catalogs: string[];
  user: string;
  password?: string;
  excludeSchemas: string[];
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Quotes a catalog name for SQL; names come from configuration. */
function quoteIdentifier(name: string): string {
  return IDENTIFIER.test(name) ? name : `"${name.replace(/"/g, '""')}"`;
}

/** Runs a query through trino-client and returns its rows as objects. */
async function queryRows(
  trino: Trino,
  sql: string,
  what: string,
): Promise<Record<string, unknown>[]> {
  let iterator;
  try {
    iterator = await trino.query(sql);
  } catch (error) {
    throw new Error(`${what} could not be sent: ${(error as Error).message}`);
  }
  const rows: Record<string, unknown>[] = [];
  let columns: string[] | undefined;
  try {
    for await (const result of iterator) {
      if (result.error) {
        throw new Error(
          `${what} failed in Trino: ${result.error.errorName}: ${result.error.message}`,
        );
      }
      columns ??= result.columns?.map(c => c.name);
      for (const row of result.data ?? []) {
        rows.push(Object.fromEntries(columns!.map((c, i) => [c, row[i]])));
      }
    }
  } catch (error) {
    const message = (error as Error).message;
    throw new Error(
      message.startsWith(what) ? message : `${what} failed: ${message}`,
    );
  }
  return rows;
}

/**
 * Reads the tables and columns of the configured Trino catalogs from their
 * information_schema, for catalogs that have no Iceberg REST catalog.
 */
export async function readTrinoCatalogs(
  options: TrinoSourceOptions,
): Promise<DatasetFragment[]> {
  const trino = Trino.create({
    server: options.server,
    source: 'backstage-lakehouse-catalog',
    auth: new BasicAuth(options.user, options.password),
  });
  const excluded = ['information_schema', ...options.excludeSchemas]
    .map(s => `'${s.replace(/'/g, "''")}'`)
    .join(', ');
  const fragments: DatasetFragment[] = [];
  for (const catalog of options.catalogs) {
    const source = `${quoteIdentifier(catalog)}.information_schema`;
    const tables = await queryRows(
      trino,
      `SELECT table_schema, table_name, table_type FROM ${source}.tables ` +
        `WHERE table_schema NOT IN (${excluded}) ORDER BY table_schema, table_name`,
      `Listing the tables of catalog ${catalog}`,
    );
    const columns = await queryRows(
      trino,
      `SELECT table_schema, table_name, column_name, ordinal_position, is_nullable, data_type ` +
        `FROM ${source}.columns WHERE table_schema NOT IN (${excluded}) ` +
        `ORDER BY table_schema, table_name, ordinal_position`,
      `Listing the columns of catalog ${catalog}`,
    );
    const columnsByTable = new Map<string, DatasetColumn[]>();
    for (const row of columns) {
      const key = `${row.table_schema}.${row.table_name}`;
      const list = columnsByTable.get(key) ?? [];
      list.push({
        name: String(row.column_name),
        type: String(row.data_type),
        nullable: row.is_nullable === 'YES',
      });
      columnsByTable.set(key, list);
    }
    for (const row of tables) {
      const key = `${row.table_schema}.${row.table_name}`;
      fragments.push({
        identifier: `${catalog}.${key}`.toLocaleLowerCase('en-US'),
        sourceKind: 'trino',
        sourceId: options.sourceId,
        title: String(row.table_name),
        format: row.table_type === 'VIEW' ? 'view' : 'table',
        columns: columnsByTable.get(key) ?? [],
      });
    }
  }
  return fragments.sort((a, b) => a.identifier.localeCompare(b.identifier));
}
