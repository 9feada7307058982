/**
 * Drift of a model's or feature view's data, computed inside the query
 * engine (DuckDB or Trino): the statements return counts, moments and bin
 * counts, never the compared rows.
 */
export { computeDrift } from './computeDrift';
export { DriftDataError } from './DriftDataError';
export type {
  ComputeDriftOptions,
  ComputedDrift,
  DriftSqlDialect,
  DriftSqlResult,
  DriftSqlRunner,
  DriftThresholdOptions,
  ReferenceSummaryCache,
} from './types';
