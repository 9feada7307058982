/**
 * Pearson's chi-square test of the current category counts against the
 * reference shares, as `scipy.stats.chisquare(f_obs=current,
 * f_exp=reference shares × current total)` computes it.
 *
 * Categories: one that neither side has is dropped (it carries no
 * information and scipy would divide 0 by 0). One the reference lacks but the
 * current data has is given half a reference row before the shares are taken
 * — the usual continuity correction for a count of zero: its expected count is
 * small but finite, so a new category raises χ² sharply (more so the larger the
 * reference that never saw it) instead of making it infinite as scipy would.
 */

import { checkCountPair } from './counts';
import { chiSquareSurvival } from './gamma';

/** The reference count a category gets when only the current data has it. */
export const UNSEEN_CATEGORY_REFERENCE_COUNT = 0.5;

/**
 * Pearson's χ² of `currentCounts` against the shares of `referenceCounts`
 * and its degrees of freedom, without the p-value (calibration needs only the
 * statistic, thousands of times).
 */
export function chiSquareStatistic(
  referenceCounts: number[],
  currentCounts: number[],
): { statistic: number; degreesOfFreedom: number } {
  const { referenceTotal, currentTotal } = checkCountPair(
    'chi-square test',
    referenceCounts,
    currentCounts,
  );
  // Categories the reference lacks get half a row, which adds to its total.
  let adjustedReferenceTotal = referenceTotal;
  let categories = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    if (referenceCounts[i] > 0 || currentCounts[i] > 0) categories++;
    if (referenceCounts[i] === 0 && currentCounts[i] > 0)
      adjustedReferenceTotal += UNSEEN_CATEGORY_REFERENCE_COUNT;
  }
  if (categories < 2) {
    return { statistic: 0, degreesOfFreedom: 0 };
  }
  let statistic = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const reference = referenceCounts[i];
    const current = currentCounts[i];
    if (reference > 0 || current > 0) {
      // Multiplying before dividing keeps identical histograms at exactly 0.
      const expected =
        ((reference > 0 ? reference : UNSEEN_CATEGORY_REFERENCE_COUNT) *
          currentTotal) /
        adjustedReferenceTotal;
      const gap = current - expected;
      statistic += (gap * gap) / expected;
    }
  }
  return { statistic, degreesOfFreedom: categories - 1 };
}

/**
 * Pearson's χ² of `currentCounts` against the shares of `referenceCounts`
 * (same categories, same order), its p-value and degrees of freedom (the
 * number of categories either side has, minus one). With a single category
 * left there is nothing to test: χ² = 0, p = 1, 0 degrees of freedom.
 */
export function chiSquareTest(
  referenceCounts: number[],
  currentCounts: number[],
): { statistic: number; pValue: number; degreesOfFreedom: number } {
  const { statistic, degreesOfFreedom } = chiSquareStatistic(
    referenceCounts,
    currentCounts,
  );
  if (degreesOfFreedom === 0) {
    return { statistic: 0, pValue: 1, degreesOfFreedom: 0 };
  }
  return {
    statistic,
    pValue: chiSquareSurvival(statistic, degreesOfFreedom),
    degreesOfFreedom,
  };
}

/**
 * The χ² value whose survival probability is `alpha` (scipy's
 * `chi2.isf(alpha, df)`): the drift threshold for a χ² test at significance
 * `alpha`, so that χ² > threshold ⇔ p-value < alpha. With 0 degrees of
 * freedom χ² is always 0 and the threshold is 0, which it never exceeds.
 */
export function chiSquareCriticalValue(
  alpha: number,
  degreesOfFreedom: number,
): number {
  if (!(alpha > 0 && alpha < 1)) {
    throw new RangeError(
      `chi-square critical value: significance level must lie strictly between 0 and 1, got ${alpha}`,
    );
  }
  if (!Number.isInteger(degreesOfFreedom) || degreesOfFreedom < 0) {
    throw new RangeError(
      `chi-square critical value: degrees of freedom must be a non-negative integer, got ${degreesOfFreedom}`,
    );
  }
  if (degreesOfFreedom === 0) return 0;
  // The survival function falls monotonically from 1 at 0: bracket, then bisect.
  let low = 0;
  let high = degreesOfFreedom + 10 * Math.sqrt(2 * degreesOfFreedom) + 20;
  while (chiSquareSurvival(high, degreesOfFreedom) > alpha) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 2000 && high - low > 1e-15 * high; i++) {
    const middle = (low + high) / 2;
    if (chiSquareSurvival(middle, degreesOfFreedom) > alpha) low = middle;
    else high = middle;
  }
  return high;
}
