import type { DriftFeatureReport } from '@internal/plugin-lakehouse-common';
import { binningFor, levelEdges } from './binning';
import {
  CurrentCategories,
  currentCategoriesSql,
  readCurrentCategories,
  readReferenceCategories,
  referenceCategoriesSql,
} from './categoricalSql';
import {
  DriftSide,
  probeColumns,
  ResolvedFeature,
  resolveFeatures,
} from './columns';
import { engineName, isExact } from './dialect';
import { DriftDataError } from './DriftDataError';
import {
  categoricalFeatureReport,
  featureTest,
  numericFeatureReport,
} from './featureReport';
import {
  NumericMoments,
  SideFeature,
  SideMoments,
  sideMoments,
} from './moments';
import {
  exactNumericSql,
  LevelCounts,
  Levels,
  levelCountsSql,
  readExactNumeric,
  readLevelCounts,
} from './numericSql';
import {
  isReferenceSummary,
  referenceCacheKey,
  ReferenceSummary,
  SUMMARY_VERSION,
} from './referenceSummary';
import type { ComputeDriftOptions, ComputedDrift } from './types';

/**
 * Statements in flight at once: one feature's single-threaded phases
 * (windows over its bins) overlap another's parallel aggregation.
 */
const CONCURRENT_STATEMENTS = 2;

/** Runs `run` over `items`, `width` at a time; after a failure no new item starts. */
async function inTurns<T, R>(
  items: T[],
  width: number,
  run: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (next < items.length && !failed) {
      const index = next++;
      try {
        results[index] = await run(items[index]);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(width, items.length) }, worker),
  );
  return results;
}

const sideFeatures = (
  features: ResolvedFeature[],
  side: DriftSide,
): SideFeature[] =>
  features.map(f => ({
    name: f.name,
    kind: f.kind,
    column: (side === 'reference' ? f.referenceColumn : f.currentColumn).name,
  }));

function requireValues(
  feature: ResolvedFeature,
  side: DriftSide,
  values: number,
  rows: number,
) {
  if (!(values > 0)) {
    throw new DriftDataError(
      `Feature "${
        feature.name
      }" has no values in the ${side} data (all ${rows.toLocaleString(
        'en-US',
      )} rows are null${
        feature.kind === 'numeric' ? ', NaN or infinite' : ''
      })`,
    );
  }
}

/**
 * The reference's summary without the numeric features' bin counts (which
 * the exact statements produce along the way): rows, moments, bins and the
 * most frequent categories.
 */
async function summarizeReference(
  options: ComputeDriftOptions,
  features: ResolvedFeature[],
  levels: Levels,
): Promise<ReferenceSummary> {
  const { runner, referenceSql, signal } = options;
  const categorical = features.filter(f => f.kind === 'categorical');
  const [moments, categoryRows] = await Promise.all([
    sideMoments(
      runner,
      referenceSql,
      sideFeatures(features, 'reference'),
      signal,
    ),
    categorical.length > 0
      ? runner
          .run(
            referenceCategoriesSql(
              referenceSql,
              categorical.map(f => f.referenceColumn.name),
            ),
            signal,
          )
          .then(result => result.rows)
      : Promise.resolve([]),
  ]);
  if (moments.rows === 0) {
    throw new DriftDataError('The reference data has no rows');
  }
  for (const feature of features) {
    requireValues(
      feature,
      'reference',
      moments.features[feature.name].count,
      moments.rows,
    );
  }
  const categories = readReferenceCategories(
    categoryRows,
    categorical.map(f => moments.features[f.name].count),
  );
  const summary: ReferenceSummary = {
    version: SUMMARY_VERSION,
    rows: moments.rows,
    levels,
    numeric: {},
    categorical: {},
  };
  for (const feature of features) {
    if (feature.kind === 'numeric') {
      const m = moments.features[feature.name] as NumericMoments;
      summary.numeric[feature.name] = {
        ...m,
        binning: binningFor(m.min, m.max, levels),
        counts: [],
      };
    }
  }
  categorical.forEach((feature, i) => {
    summary.categorical[feature.name] = {
      count: moments.features[feature.name].count,
      categories: categories[i],
    };
  });
  return summary;
}

/**
 * Compares the current data with the reference, feature by feature, with
 * every statistic computed by SQL in the engine: only counts, moments and
 * bin counts come back, never rows.
 *
 * Statements: the columns of both sides (`limit 0`), the current side's
 * moments, one exact KS/Wasserstein statement per numeric feature (or, on
 * Trino above `exactMaxRows`, one bin-count statement per side), one
 * statement for the categorical features' counts; and, unless the reference
 * cache has it, the reference's moments and categories. Reference counts,
 * moments, bins and categories are kept in `referenceCache`.
 */
export async function computeDrift(
  options: ComputeDriftOptions,
): Promise<ComputedDrift> {
  const { runner, signal, thresholds } = options;
  const levels: Levels = [options.bins, thresholds.bins];

  const [referenceColumns, currentColumns] = await Promise.all([
    probeColumns(runner, options.referenceSql, signal),
    probeColumns(runner, options.currentSql, signal),
  ]);
  const features = resolveFeatures({
    features: options.features,
    exclude: options.exclude,
    reference: referenceColumns,
    current: currentColumns,
  });
  const numeric = features.filter(f => f.kind === 'numeric');
  const categorical = features.filter(f => f.kind === 'categorical');

  const cacheKey = referenceCacheKey({
    dialect: runner.dialect,
    referenceSql: options.referenceSql,
    features,
    levels,
  });
  const cached = await options.referenceCache?.get(cacheKey);
  const fromCache = isReferenceSummary(cached, features, levels);
  signal?.throwIfAborted();

  const [reference, current] = await Promise.all([
    fromCache ? cached : summarizeReference(options, features, levels),
    sideMoments(
      runner,
      options.currentSql,
      sideFeatures(features, 'current'),
      signal,
    ),
  ]);
  if (current.rows === 0) {
    throw new DriftDataError(
      'The current data has no rows: nothing arrived in its window',
    );
  }
  for (const feature of features) {
    requireValues(
      feature,
      'current',
      current.features[feature.name].count,
      current.rows,
    );
    // Settles an inapplicable test before any expensive statement runs.
    featureTest(feature, reference.rows);
  }
  signal?.throwIfAborted();

  const exact = isExact(runner.dialect, {
    referenceRows: reference.rows,
    currentRows: current.rows,
    exactMaxRows: options.exactMaxRows,
  });
  const context = (feature: ResolvedFeature) => ({
    feature,
    index: features.indexOf(feature),
    referenceRows: reference.rows,
    currentRows: current.rows,
    thresholds,
  });
  // Built as each feature's statement answers, so calibration's
  // permutations run in Node while the engine works on the next feature.
  const numericReport = (
    feature: ResolvedFeature,
    result: NumericResult,
  ): DriftFeatureReport => {
    const ref = reference.numeric[feature.name];
    const cur = current.features[feature.name] as NumericMoments;
    const seen = {
      min: Math.min(ref.min, cur.min),
      max: Math.max(ref.max, cur.max),
    };
    const level = (l: number) => ({
      edges: levelEdges(ref.binning, levels[l], seen),
      reference: ref.counts[l],
      current: result.current[l],
    });
    return numericFeatureReport({
      ...context(feature),
      n: ref.count,
      m: cur.count,
      referenceStd: ref.std,
      exact: result.exact && {
        ...result.exact,
        engine: engineName(runner.dialect),
      },
      binnedBecause: `a side has more than ${options.exactMaxRows.toLocaleString(
        'en-US',
      )} rows, the limit of exact statistics on ${engineName(runner.dialect)}`,
      report: level(0),
      fine: level(1),
    });
  };
  const numericReports = exact
    ? inTurns(numeric, CONCURRENT_STATEMENTS, async feature =>
        numericReport(
          feature,
          await exactNumeric(options, feature, reference, current, levels),
        ),
      )
    : binnedNumeric(options, numeric, reference, fromCache, levels).then(
        results =>
          results.map((result, i) => numericReport(numeric[i], result)),
      );
  const categoricalReports = categoricalCounts(
    options,
    categorical,
    reference,
  ).then(counts =>
    categorical.map((feature, i) =>
      categoricalFeatureReport({
        ...context(feature),
        n: reference.categorical[feature.name].count,
        m: current.features[feature.name].count,
        reference: reference.categorical[feature.name].categories,
        current: counts[i],
      }),
    ),
  );
  const [numericDone, categoricalDone] = await Promise.all([
    numericReports,
    categoricalReports,
  ]);

  if (!fromCache && options.referenceCache) {
    await options.referenceCache.set(cacheKey, reference);
  }
  return {
    referenceRows: reference.rows,
    currentRows: current.rows,
    features: features.map(feature =>
      feature.kind === 'numeric'
        ? numericDone[numeric.indexOf(feature)]
        : categoricalDone[categorical.indexOf(feature)],
    ),
  };
}

/** A numeric feature's current counts, and its exact KS and Wasserstein when computed. */
interface NumericResult {
  current: LevelCounts;
  exact?: { ks: number; wasserstein: number };
}

/** The exact statement of one numeric feature; fills the reference's counts when they are not cached. */
async function exactNumeric(
  options: ComputeDriftOptions,
  feature: ResolvedFeature,
  reference: ReferenceSummary,
  current: SideMoments,
  levels: Levels,
): Promise<NumericResult> {
  options.signal?.throwIfAborted();
  const summary = reference.numeric[feature.name];
  const values = current.features[feature.name] as NumericMoments;
  const { rows } = await options.runner.run(
    exactNumericSql({
      referenceSql: options.referenceSql,
      currentSql: options.currentSql,
      referenceColumn: feature.referenceColumn.name,
      currentColumn: feature.currentColumn.name,
      binning: summary.binning,
      n: summary.count,
      m: values.count,
      min: Math.min(summary.min, values.min),
      max: Math.max(summary.max, values.max),
      levels,
    }),
    options.signal,
  );
  const result = readExactNumeric(rows, levels);
  summary.counts = result.reference;
  return {
    current: result.current,
    exact: { ks: result.ks, wasserstein: result.wasserstein },
  };
}

/** The current side's counts of every categorical feature, in one statement. */
async function categoricalCounts(
  options: ComputeDriftOptions,
  features: ResolvedFeature[],
  reference: ReferenceSummary,
): Promise<CurrentCategories[]> {
  if (features.length === 0) return [];
  const inputs = features.map(f => ({
    currentColumn: f.currentColumn.name,
    referenceColumn: f.referenceColumn.name,
    reference: reference.categorical[f.name].categories,
  }));
  const { rows } = await options.runner.run(
    currentCategoriesSql(options.currentSql, options.referenceSql, inputs),
    options.signal,
  );
  return readCurrentCategories(rows, inputs);
}

/** Bin counts of every numeric feature: the current side's, and the reference's when not cached. */
async function binnedNumeric(
  options: ComputeDriftOptions,
  features: ResolvedFeature[],
  reference: ReferenceSummary,
  fromCache: boolean,
  levels: Levels,
): Promise<NumericResult[]> {
  if (features.length === 0) return [];
  const { runner, signal } = options;
  const count = async (sql: string, side: DriftSide) => {
    const binned = features.map(f => ({
      column: (side === 'reference' ? f.referenceColumn : f.currentColumn).name,
      binning: reference.numeric[f.name].binning,
    }));
    const { rows } = await runner.run(
      levelCountsSql(sql, binned, levels),
      signal,
    );
    return readLevelCounts(rows, features.length, levels);
  };
  const [currentCounts, referenceCounts] = await Promise.all([
    count(options.currentSql, 'current'),
    fromCache ? undefined : count(options.referenceSql, 'reference'),
  ]);
  return features.map((feature, i) => {
    if (referenceCounts) {
      reference.numeric[feature.name].counts = referenceCounts[i];
    }
    return { current: currentCounts[i] };
  });
}
