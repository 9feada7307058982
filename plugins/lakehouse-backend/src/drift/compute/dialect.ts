import type { DriftSqlDialect } from './types';

/**
 * Where DuckDB and Trino differ for a drift computation. The statements
 * themselves are written in the SQL both engines read (see sqlText.ts):
 * what differs is what it costs to run them.
 *
 * The exact KS and Wasserstein statement reads every row of both sides and
 * sorts the rows of the bins it cannot settle from counts. The embedded
 * DuckDB does that in a fraction of a second per feature for millions of
 * rows, so it is always exact; on a shared Trino cluster the monitor's
 * `exactMaxRows` bounds what a scheduled run may cost, and larger samples
 * are compared on bins.
 */
export function isExact(
  dialect: DriftSqlDialect,
  sizes: { referenceRows: number; currentRows: number; exactMaxRows: number },
): boolean {
  if (dialect === 'duckdb') return true;
  return (
    sizes.referenceRows <= sizes.exactMaxRows &&
    sizes.currentRows <= sizes.exactMaxRows
  );
}

/** The engine as a report's method names it. */
export function engineName(dialect: DriftSqlDialect): string {
  return dialect === 'duckdb' ? 'DuckDB' : 'Trino';
}
