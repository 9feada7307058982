import { TrinoEngine } from '../../../query/engines/TrinoEngine';
import type { DriftSqlRunner } from '../types';

/**
 * A {@link DriftSqlRunner} over the portal's Trino engine (trino-client on
 * the Trino client protocol), collecting each statement's rows.
 */
export function createTrinoRunner(options: {
  server: string;
  catalog: string;
  schema: string;
}): DriftSqlRunner {
  const engine = new TrinoEngine({
    ...options,
    source: 'lakehouse-drift-test',
    auth: { type: 'basic', username: 'backstage' },
  });
  return {
    dialect: 'trino',
    async run(sql, signal) {
      let columns: { name: string; type: string }[] = [];
      const rows: unknown[][] = [];
      for await (const event of engine.execute({
        sql,
        user: 'drift',
        signal: signal ?? new AbortController().signal,
      })) {
        if (event.type === 'columns') columns = event.columns;
        if (event.type === 'rows') rows.push(...event.rows);
      }
      return { columns, rows };
    },
  };
}
