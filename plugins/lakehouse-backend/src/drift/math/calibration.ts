/**
 * Calibrated thresholds: a Monte Carlo permutation test on binned data.
 *
 * Under "no drift" the reference and current rows are exchangeable, so their
 * pooled counts may be split at random into a reference and a current part of
 * the observed sizes; the statistic over many such splits is its null
 * distribution on exactly these bins and sample sizes. With B splits the
 * p-value of the observed statistic T is (1 + #{null ≥ T}) / (B + 1), which
 * never falls below its true probability under the null, so flagging drift
 * when p ≤ α holds the false-alarm rate at or under α (at exactly
 * ⌊α (B + 1)⌋ / (B + 1) when the statistic has no ties).
 */

import type { DriftTest } from '@internal/plugin-lakehouse-common';
import { binnedKs, binnedWasserstein } from './binned';
import { chiSquareStatistic } from './chiSquare';
import { checkCountPair } from './counts';
import { hellingerDistance, jensenShannonDistance, psi } from './distances';
import { sampleMultivariateHypergeometric } from './hypergeometric';

/** What a test's statistic needs besides the counts. */
export interface BinnedStatisticContext {
  /** Bin edges (one more than the bins); required by `wasserstein`. */
  edges?: number[];
  /** Reference standard deviation that `wasserstein` is divided by. */
  referenceStd?: number;
}

function checkContext(
  test: DriftTest,
  bins: number,
  context: BinnedStatisticContext,
): void {
  if (test !== 'wasserstein') return;
  if (!context.edges) {
    throw new RangeError(
      'binned wasserstein statistic: the bin edges are required',
    );
  }
  if (context.edges.length !== bins + 1) {
    throw new RangeError(
      `binned wasserstein statistic: ${bins} bins need ${bins + 1} edges, got ${
        context.edges.length
      }`,
    );
  }
  const std = context.referenceStd;
  if (std === undefined || !(std > 0) || !Number.isFinite(std)) {
    throw new RangeError(
      `binned wasserstein statistic: a positive finite reference standard deviation is required, got ${std}`,
    );
  }
}

/**
 * The statistic of `test` on binned counts: `ks` → binned KS D,
 * `wasserstein` → binned Wasserstein-1 / reference standard deviation, `psi`,
 * `jensenShannon`, `hellinger` → the distances, `chiSquare` → Pearson's χ².
 */
export function binnedStatistic(
  test: DriftTest,
  referenceCounts: number[],
  currentCounts: number[],
  context: BinnedStatisticContext = {},
): number {
  switch (test) {
    case 'ks':
      return binnedKs(referenceCounts, currentCounts);
    case 'wasserstein':
      checkContext(test, referenceCounts.length, context);
      return (
        binnedWasserstein(context.edges!, referenceCounts, currentCounts) /
        context.referenceStd!
      );
    case 'psi':
      return psi(referenceCounts, currentCounts);
    case 'jensenShannon':
      return jensenShannonDistance(referenceCounts, currentCounts);
    case 'hellinger':
      return hellingerDistance(referenceCounts, currentCounts);
    case 'chiSquare':
      return chiSquareStatistic(referenceCounts, currentCounts).statistic;
    default:
      throw new RangeError(
        `binned statistic: unknown drift test '${test as string}'`,
      );
  }
}

/**
 * The threshold and p-value that B null statistics give an observed one,
 * under the rule p = (1 + #{null ≥ observed}) / (B + 1), drifted ⇔ p ≤ α.
 * p ≤ α ⇔ at most k = ⌊α (B + 1)⌋ - 1 nulls reach the observed value ⇔ the
 * observed value exceeds the (k + 1)-th largest null, which is therefore the
 * threshold: `observed > threshold` and `pValue ≤ α` always agree.
 */
export function thresholdFromNullStatistics(
  nullStatistics: ArrayLike<number>,
  observed: number,
  falseAlarmRate: number,
): { threshold: number; pValue: number } {
  const permutations = nullStatistics.length;
  // The small epsilon keeps α (B + 1) = 10 from flooring to 9 through rounding.
  const allowedExceedances =
    Math.floor(falseAlarmRate * (permutations + 1) + 1e-9) - 1;
  if (allowedExceedances < 0) {
    throw new RangeError(
      `calibrated threshold: ${permutations} permutations can never reach a p-value of ${falseAlarmRate}; ` +
        `use at least ${Math.ceil(1 / falseAlarmRate - 1e-9) - 1}`,
    );
  }
  const sorted = Float64Array.from(nullStatistics).sort().reverse();
  let reaching = 0;
  for (let i = 0; i < permutations; i++) {
    if (nullStatistics[i] >= observed) reaching++;
  }
  return {
    threshold: sorted[allowedExceedances],
    pValue: (1 + reaching) / (permutations + 1),
  };
}

/**
 * Calibrated threshold by a Monte Carlo permutation test on binned data: the
 * reference and current counts on the same bins are pooled; each of
 * `permutations` splits assigns the current number of pooled rows to
 * "current" at random (multivariate hypergeometric over the bins: exact for
 * small counts, normal approximation for large ones, see hypergeometric.ts)
 * and computes the test's statistic on the bins (see {@link binnedStatistic}).
 * `value` is the observed statistic on the same bins, `pValue` its Monte Carlo
 * p-value and `threshold` the null order statistic such that
 * `value > threshold` ⇔ `pValue ≤ falseAlarmRate`; flagging drift that way has
 * a false-alarm rate of at most `falseAlarmRate`.
 *
 * `permutations` must be at least 1/falseAlarmRate - 1 (e.g. 19 at 0.05) for
 * drift to be detectable at all; a few hundred make the threshold stable.
 */
export function calibrateThreshold(options: {
  test: DriftTest;
  referenceCounts: number[];
  currentCounts: number[];
  edges?: number[];
  referenceStd?: number;
  permutations: number;
  falseAlarmRate: number;
  random: () => number;
}): { threshold: number; value: number; pValue: number } {
  const {
    test,
    referenceCounts,
    currentCounts,
    permutations,
    falseAlarmRate,
    random,
  } = options;
  const { currentTotal } = checkCountPair(
    `calibrated ${test} threshold`,
    referenceCounts,
    currentCounts,
  );
  for (let i = 0; i < referenceCounts.length; i++) {
    if (
      !Number.isInteger(referenceCounts[i]) ||
      !Number.isInteger(currentCounts[i])
    ) {
      throw new RangeError(
        `calibrated ${test} threshold: counts must be whole numbers of rows, but bin ${i} has ` +
          `${referenceCounts[i]} (reference) and ${currentCounts[i]} (current)`,
      );
    }
  }
  if (!Number.isInteger(permutations) || permutations < 1) {
    throw new RangeError(
      `calibrated ${test} threshold: permutations must be a positive integer, got ${permutations}`,
    );
  }
  if (!(falseAlarmRate > 0 && falseAlarmRate < 1)) {
    throw new RangeError(
      `calibrated ${test} threshold: false-alarm rate must lie strictly between 0 and 1, got ${falseAlarmRate}`,
    );
  }
  const context: BinnedStatisticContext = {
    edges: options.edges,
    referenceStd: options.referenceStd,
  };
  checkContext(test, referenceCounts.length, context);
  const value = binnedStatistic(test, referenceCounts, currentCounts, context);

  const pooled = referenceCounts.map((count, i) => count + currentCounts[i]);
  const permutedReference = new Array<number>(pooled.length);
  const permutedCurrent = new Array<number>(pooled.length);
  const nullStatistics = new Float64Array(permutations);
  for (let b = 0; b < permutations; b++) {
    sampleMultivariateHypergeometric(
      pooled,
      currentTotal,
      random,
      permutedCurrent,
    );
    for (let i = 0; i < pooled.length; i++)
      permutedReference[i] = pooled[i] - permutedCurrent[i];
    nullStatistics[b] = binnedStatistic(
      test,
      permutedReference,
      permutedCurrent,
      context,
    );
  }
  const { threshold, pValue } = thresholdFromNullStatistics(
    nullStatistics,
    value,
    falseAlarmRate,
  );
  return { threshold, value, pValue };
}
