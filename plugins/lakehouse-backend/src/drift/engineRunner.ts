import { InputError } from '@backstage/errors';
import { QueryEngine } from '../query/engines/types';
import { analyzeStatement } from '../sql';
import type { DriftSqlRunner } from './compute';

/** Settings of the console's read-only check that monitors must pass too. */
export interface ReadOnlyRules {
  forbiddenCatalogs?: string[];
  allowedCatalogs?: string[];
}

/**
 * Checks one statement as the SQL console does (exactly one read-only
 * statement, no forbidden catalog) and returns the tables it reads.
 */
export function checkReadOnly(sql: string, rules: ReadOnlyRules): string[] {
  const analysis = analyzeStatement(sql, rules);
  if (!analysis.allowed) {
    const where = analysis.position
      ? ` (line ${analysis.position.line}, column ${analysis.position.column})`
      : '';
    throw new InputError(`Refused: ${analysis.reason}${where}`);
  }
  return analysis.tables;
}

/**
 * Runs the statements of a drift computation on a console engine as the
 * service's engine user. Every statement, including those the drift
 * computation builds around the monitor's SELECTs, passes the console's
 * read-only check first.
 */
export function createEngineRunner(
  engine: QueryEngine,
  options: { user: string; rules: ReadOnlyRules; signal?: AbortSignal },
): DriftSqlRunner {
  return {
    dialect: engine.id === 'trino' ? ('trino' as const) : ('duckdb' as const),
    async run(sql: string, signal?: AbortSignal) {
      checkReadOnly(sql, options.rules);
      const controller = new AbortController();
      const abort = () => controller.abort();
      signal?.addEventListener('abort', abort);
      options.signal?.addEventListener('abort', abort);
      try {
        let columns: { name: string; type: string }[] = [];
        const rows: unknown[][] = [];
        for await (const event of engine.execute({
          sql,
          user: options.user,
          signal: controller.signal,
        })) {
          if (event.type === 'columns') columns = event.columns;
          else if (event.type === 'rows') rows.push(...event.rows);
        }
        return { columns, rows };
      } finally {
        signal?.removeEventListener('abort', abort);
        options.signal?.removeEventListener('abort', abort);
      }
    },
  };
}
