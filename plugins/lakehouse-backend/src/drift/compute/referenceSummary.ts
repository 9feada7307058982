import { createHash } from 'node:crypto';
import type { Binning } from './binning';
import type { ReferenceCategories } from './categoricalSql';
import type { ResolvedFeature } from './columns';
import type { NumericMoments } from './moments';
import type { LevelCounts, Levels } from './numericSql';
import type { DriftSqlDialect } from './types';

/** A numeric feature of the reference: moments, bins and counts on them. */
export interface NumericReferenceSummary extends NumericMoments {
  binning: Binning;
  counts: LevelCounts;
}

/** A categorical feature of the reference: values and most frequent categories. */
export interface CategoricalReferenceSummary {
  count: number;
  categories: ReferenceCategories;
}

/**
 * Everything about the reference that does not depend on the current data,
 * kept in the reference cache between runs.
 */
export interface ReferenceSummary {
  version: typeof SUMMARY_VERSION;
  rows: number;
  levels: Levels;
  numeric: Record<string, NumericReferenceSummary>;
  categorical: Record<string, CategoricalReferenceSummary>;
}

/**
 * Raised whenever the summary's shape or the way its numbers are computed
 * changes, so summaries of an older portal are not reused.
 */
export const SUMMARY_VERSION = 1;

/**
 * The cache key of a reference's summary: the engine (which computes it),
 * the reference SELECT, the features with their columns and kinds, and the
 * bins.
 */
export function referenceCacheKey(options: {
  dialect: DriftSqlDialect;
  referenceSql: string;
  features: ResolvedFeature[];
  levels: Levels;
}): string {
  const identity = JSON.stringify({
    version: SUMMARY_VERSION,
    dialect: options.dialect,
    sql: options.referenceSql,
    features: options.features.map(f => [
      f.name,
      f.kind,
      f.referenceColumn.name,
    ]),
    levels: options.levels,
  });
  return `drift-reference:${createHash('sha256')
    .update(identity)
    .digest('hex')}`;
}

/** Whether a cached value is a complete summary for these features and bins. */
export function isReferenceSummary(
  value: unknown,
  features: ResolvedFeature[],
  levels: Levels,
): value is ReferenceSummary {
  const summary = value as Partial<ReferenceSummary> | undefined;
  if (
    !summary ||
    summary.version !== SUMMARY_VERSION ||
    typeof summary.rows !== 'number' ||
    JSON.stringify(summary.levels) !== JSON.stringify(levels)
  ) {
    return false;
  }
  return features.every(f =>
    f.kind === 'numeric'
      ? summary.numeric?.[f.name]?.counts?.length === levels.length
      : summary.categorical?.[f.name]?.categories !== undefined,
  );
}
