import type {
  DriftFeatureReport,
  DriftStatistics,
  DriftTest,
} from '@internal/plugin-lakehouse-common';
import {
  binnedKs,
  binnedWasserstein,
  calibrateThreshold,
  chiSquareCriticalValue,
  chiSquareTest,
  chooseTest,
  hellingerDistance,
  isSignificanceTest,
  jensenShannonDistance,
  ksCriticalValue,
  ksPValue,
  psi,
  seededRandom,
  testAppliesTo,
} from '../math';
import type { ResolvedFeature } from './columns';
import { DriftDataError } from './DriftDataError';
import {
  CurrentCategories,
  OTHER_CATEGORY,
  ReferenceCategories,
} from './categoricalSql';
import type { DriftThresholdOptions } from './types';

/**
 * Thresholds of tests the monitor names without one: significance 0.05
 * for the tests with a p-value, 0.1 for the distances (Evidently's
 * defaults).
 */
function defaultThreshold(test: DriftTest): number {
  return isSignificanceTest(test) ? 0.05 : 0.1;
}

/** The test that decides a feature, and its configured threshold (a significance level for `ks` and `chiSquare`). */
export function featureTest(
  feature: ResolvedFeature,
  referenceRows: number,
): { test: DriftTest; setting: number } {
  const chosen = chooseTest(feature.kind, referenceRows);
  const test = feature.test ?? chosen.test;
  if (!testAppliesTo(test, feature.kind)) {
    throw new DriftDataError(
      `Feature "${feature.name}" is ${feature.kind}, and the ${test} test does not apply to ${feature.kind} features`,
    );
  }
  const setting =
    feature.threshold ??
    (feature.test ? defaultThreshold(test) : chosen.threshold);
  if (isSignificanceTest(test) && !(setting > 0 && setting < 1)) {
    throw new DriftDataError(
      `Feature "${feature.name}": the threshold of the ${test} test is its significance level, which must lie between 0 and 1, not ${setting}`,
    );
  }
  return { test, setting };
}

const shares = (counts: number[], total: number) =>
  counts.map(c => (total > 0 ? c / total : 0));

const formatCount = (n: number) => n.toLocaleString('en-US');

/** A feature's seed: each feature draws its own permutations, so adding a feature does not change another's. */
function featureRandom(seed: number, index: number) {
  return seededRandom(seed + 7919 * (index + 1));
}

/** What both kinds of feature bring to their report. */
interface FeatureContext {
  feature: ResolvedFeature;
  index: number;
  referenceRows: number;
  currentRows: number;
  thresholds: DriftThresholdOptions;
}

function decision(
  value: number,
  threshold: number,
): Pick<DriftFeatureReport, 'value' | 'threshold' | 'drifted'> {
  return { value, threshold, drifted: value > threshold };
}

function calibrated(
  context: FeatureContext,
  test: DriftTest,
  referenceCounts: number[],
  currentCounts: number[],
  extra: { edges?: number[]; referenceStd?: number },
  bins: string,
) {
  const { thresholds } = context;
  const result = calibrateThreshold({
    test,
    referenceCounts,
    currentCounts,
    ...extra,
    permutations: thresholds.permutations,
    falseAlarmRate: thresholds.falseAlarmRate,
    random: featureRandom(thresholds.seed, context.index),
  });
  return {
    ...decision(result.value, result.threshold),
    pValue: result.pValue,
    thresholdMode: 'calibrated' as const,
    method: `${test} on ${bins}; threshold from a permutation test on those ${bins}, ${formatCount(
      thresholds.permutations,
    )} permutations, at a false-alarm rate of ${thresholds.falseAlarmRate}`,
  };
}

/** Everything known about a numeric feature once the engine has answered. */
export interface NumericFeatureData extends FeatureContext {
  n: number;
  m: number;
  referenceStd: number;
  /** KS D and Wasserstein-1 over all values, or absent when the sides were only binned. */
  exact?: { ks: number; wasserstein: number; engine: string };
  /** Counts and edges of the report's bins and of calibration's. */
  report: { edges: number[]; reference: number[]; current: number[] };
  fine: { edges: number[]; reference: number[]; current: number[] };
  /** Why KS and Wasserstein are binned, when they are. */
  binnedBecause?: string;
}

/** The report of a numeric feature. */
export function numericFeatureReport(
  data: NumericFeatureData,
): DriftFeatureReport {
  const { feature, n, m, report, fine, thresholds } = data;
  const { test, setting } = featureTest(feature, data.referenceRows);
  // A reference with a single value has no spread to divide by; its
  // Wasserstein distance stays in the feature's units.
  const spread = data.referenceStd > 0 ? data.referenceStd : 1;
  const ks = data.exact?.ks ?? binnedKs(fine.reference, fine.current);
  const wasserstein =
    data.exact?.wasserstein ??
    binnedWasserstein(fine.edges, fine.reference, fine.current);
  const statistics: DriftStatistics = {
    ks,
    ksPValue: ksPValue(ks, n, m),
    wasserstein,
    wassersteinNormalized: wasserstein / spread,
    psi: psi(report.reference, report.current),
    jensenShannon: jensenShannonDistance(report.reference, report.current),
    hellinger: hellingerDistance(report.reference, report.current),
    missingRate: (data.currentRows - m) / data.currentRows,
    referenceMissingRate: (data.referenceRows - n) / data.referenceRows,
  };
  const reportBins = `${report.reference.length} equal-width bins of the reference range`;
  const ksAndWasserstein = data.exact
    ? `over all ${formatCount(n)} reference and ${formatCount(
        m,
      )} current values (exact, in ${data.exact.engine})`
    : `on ${fine.reference.length} equal-width bins (${data.binnedBecause})`;
  const unnormalised =
    data.referenceStd > 0
      ? ''
      : ' (not normalised: the reference has a single value)';
  const base = {
    name: feature.name,
    kind: feature.kind,
    test,
    statistics,
    histogram: {
      edges: report.edges,
      reference: shares(report.reference, n),
      current: shares(report.current, m),
    },
  };
  if (thresholds.mode === 'calibrated') {
    return {
      ...base,
      ...calibrated(
        data,
        test,
        fine.reference,
        fine.current,
        { edges: fine.edges, referenceStd: spread },
        `${fine.reference.length} equal-width bins`,
      ),
    };
  }
  const fixed = { ...base, thresholdMode: 'fixed' as const };
  switch (test) {
    case 'ks':
      return {
        ...fixed,
        ...decision(ks, ksCriticalValue(setting, n, m)),
        pValue: statistics.ksPValue,
        method: `two-sample Kolmogorov–Smirnov D ${ksAndWasserstein}; threshold: the critical D at significance ${setting}`,
      };
    case 'wasserstein':
      return {
        ...fixed,
        ...decision(statistics.wassersteinNormalized!, setting),
        method: `Wasserstein-1 ${ksAndWasserstein}, divided by the reference standard deviation${unnormalised}; fixed threshold`,
      };
    default:
      return {
        ...fixed,
        ...decision(statistics[test as 'psi']!, setting),
        method: `${test} on ${reportBins}; fixed threshold`,
      };
  }
}

/** Everything known about a categorical feature once the engine has answered. */
export interface CategoricalFeatureData extends FeatureContext {
  n: number;
  m: number;
  reference: ReferenceCategories;
  current: CurrentCategories;
}

/** The report of a categorical feature. */
export function categoricalFeatureReport(
  data: CategoricalFeatureData,
): DriftFeatureReport {
  const { feature, n, m, reference, current, thresholds } = data;
  const { test, setting } = featureTest(feature, data.referenceRows);
  const withOther = reference.other > 0 || current.other > 0;
  const categories = withOther
    ? [...reference.categories, OTHER_CATEGORY]
    : reference.categories;
  const referenceCounts = withOther
    ? [...reference.counts, reference.other]
    : reference.counts;
  const currentCounts = withOther
    ? [...current.counts, current.other]
    : current.counts;
  const chiSquare = chiSquareTest(referenceCounts, currentCounts);
  const statistics: DriftStatistics = {
    chiSquare: chiSquare.statistic,
    chiSquarePValue: chiSquare.pValue,
    psi: psi(referenceCounts, currentCounts),
    jensenShannon: jensenShannonDistance(referenceCounts, currentCounts),
    hellinger: hellingerDistance(referenceCounts, currentCounts),
    missingRate: (data.currentRows - m) / data.currentRows,
    referenceMissingRate: (data.referenceRows - n) / data.referenceRows,
    unseenCategoryShare: current.unseen / m,
  };
  const described = `${categories.length} categories${
    withOther
      ? ` (the reference's ${reference.categories.length} most frequent and the rest as ${OTHER_CATEGORY})`
      : ''
  }`;
  const base = {
    name: feature.name,
    kind: feature.kind,
    test,
    statistics,
    histogram: {
      categories,
      reference: shares(referenceCounts, n),
      current: shares(currentCounts, m),
    },
  };
  if (thresholds.mode === 'calibrated') {
    return {
      ...base,
      ...calibrated(data, test, referenceCounts, currentCounts, {}, described),
    };
  }
  const fixed = { ...base, thresholdMode: 'fixed' as const };
  if (test === 'chiSquare') {
    return {
      ...fixed,
      ...decision(
        chiSquare.statistic,
        chiSquareCriticalValue(setting, chiSquare.degreesOfFreedom),
      ),
      pValue: chiSquare.pValue,
      method: `Pearson's χ² of the current counts against the reference shares on ${described}; threshold: the critical χ² at significance ${setting}`,
    };
  }
  return {
    ...fixed,
    ...decision(statistics[test as 'psi']!, setting),
    method: `${test} on ${described}; fixed threshold`,
  };
}
