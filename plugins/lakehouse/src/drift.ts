// Reading drift reports for people: the names of tests and statistics,
// figures rounded to what a reader compares, the order features are listed
// in, and the one-line outcome of a run.

import { Entity } from '@backstage/catalog-model';
import {
  DriftFeatureReport,
  DriftReportSummary,
  DriftStatistics,
  DriftTest,
  isAiModel,
  isFeatureView,
} from '@internal/plugin-lakehouse-common';

/** A statistic a report can carry for a feature. */
export type DriftStatisticName = keyof DriftStatistics;

/** True for the entities drift monitors watch: models and feature views. */
export const hasDriftMonitoring = (entity: Entity) =>
  isAiModel(entity) || isFeatureView(entity);

/** What an entity is called in a sentence about it: "this model". */
export function driftSubject(entity: Entity): string {
  if (isAiModel(entity)) return 'model';
  if (isFeatureView(entity)) return 'feature view';
  return 'entity';
}

/** The names of the tests, as the statistics literature writes them. */
export const TEST_NAMES: Record<DriftTest, string> = {
  ks: 'Kolmogorov–Smirnov',
  wasserstein: 'Wasserstein (normalized)',
  psi: 'PSI',
  jensenShannon: 'Jensen–Shannon',
  hellinger: 'Hellinger',
  chiSquare: 'χ²',
};

/** The names of the statistics, in the order pickers list them. */
export const STATISTIC_NAMES: Record<DriftStatisticName, string> = {
  ks: 'Kolmogorov–Smirnov D',
  ksPValue: 'Kolmogorov–Smirnov p-value',
  wasserstein: 'Wasserstein-1',
  wassersteinNormalized: 'Wasserstein-1 (normalized)',
  psi: 'PSI',
  jensenShannon: 'Jensen–Shannon',
  hellinger: 'Hellinger',
  chiSquare: 'χ²',
  chiSquarePValue: 'χ² p-value',
  missingRate: 'Missing rate',
  referenceMissingRate: 'Missing rate (reference)',
  unseenCategoryShare: 'Unseen categories',
};

/** Statistics that are shares of rows, shown as percentages. */
const SHARES: ReadonlySet<DriftStatisticName> = new Set([
  'missingRate',
  'referenceMissingRate',
  'unseenCategoryShare',
]);

/**
 * The statistic a test's value is: the Wasserstein test compares the
 * normalized distance, every other test the statistic of its own name.
 */
export function testStatistic(test: DriftTest): DriftStatisticName {
  return test === 'wasserstein' ? 'wassersteinNormalized' : test;
}

/** The statistics of a feature that hold a number, in picker order. */
export function presentStatistics(
  statistics: DriftStatistics,
): DriftStatisticName[] {
  return (Object.keys(STATISTIC_NAMES) as DriftStatisticName[]).filter(name =>
    Number.isFinite(statistics[name]),
  );
}

/** How far over (above 1) or under its threshold a feature's value is. */
function severity(feature: DriftFeatureReport): number {
  if (feature.threshold > 0) return feature.value / feature.threshold;
  return feature.value > feature.threshold ? Infinity : 0;
}

/**
 * Drifted features first, each group the farthest past (or closest to)
 * its threshold first, then by name: the features to look at lead.
 */
export function sortByDrift(
  features: DriftFeatureReport[],
): DriftFeatureReport[] {
  return [...features].sort(
    (a, b) =>
      Number(b.drifted) - Number(a.drifted) ||
      severity(b) - severity(a) ||
      a.name.localeCompare(b.name),
  );
}

const LOCALE = 'en-US';
const significant = new Intl.NumberFormat(LOCALE, {
  maximumSignificantDigits: 3,
});
const large = new Intl.NumberFormat(LOCALE, { maximumFractionDigits: 1 });
const percent = new Intl.NumberFormat(LOCALE, {
  style: 'percent',
  maximumFractionDigits: 1,
});

/**
 * A statistic to three significant digits (`0.123`, `12.3`), large values
 * to a tenth (`1,234.5`) and tiny p-values in exponent form (`3.2e-7`),
 * so that none reads as zero.
 */
export function formatStatistic(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  const magnitude = Math.abs(value);
  if (magnitude !== 0 && magnitude < 0.001) return value.toExponential(1);
  return magnitude >= 1000 ? large.format(value) : significant.format(value);
}

/** A share of rows as a percentage: `0.4%`, `12%`. */
export function formatShare(value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return percent.format(value);
}

/** A statistic of the kind it is: shares as percentages, others as figures. */
export function formatStatisticValue(
  name: DriftStatisticName,
  value: number | undefined,
): string {
  return SHARES.has(name) ? formatShare(value) : formatStatistic(value);
}

/** `a`, `a and b`, `a, b and c`, `a, b, c and 2 more`. */
function listNames(names: string[], shown = 3): string {
  if (names.length <= 1) return names.join('');
  if (names.length <= shown) {
    return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  }
  return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}

/**
 * The outcome of a monitor's run in a line: `Drift in avg_order_amount`,
 * `No drift in 5 features`, `Last run failed: …`, `Not run yet`.
 */
export function summarizeDrift(
  summary: DriftReportSummary | undefined,
): string {
  if (!summary) return 'Not run yet';
  if (summary.status === 'failed') {
    return `Last run failed: ${summary.error || 'no reason was recorded'}`;
  }
  if (summary.driftedFeatures.length > 0) {
    return `Drift in ${listNames(summary.driftedFeatures)}`;
  }
  if (summary.drifted) return 'Drift';
  const count = summary.featureCount;
  return `No drift in ${count} ${count === 1 ? 'feature' : 'features'}`;
}
