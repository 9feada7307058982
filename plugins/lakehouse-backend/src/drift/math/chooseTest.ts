/**
 * Which statistic decides a feature's drift when the monitor does not say:
 * Evidently's defaults by feature kind and reference size.
 */

import type {
  DriftFeatureKind,
  DriftTest,
} from '@internal/plugin-lakehouse-common';

/** References up to this many rows get the significance tests, larger ones the distances. */
export const SMALL_REFERENCE_MAX_ROWS = 1000;

const NUMERIC_TESTS: ReadonlySet<DriftTest> = new Set<DriftTest>([
  'ks',
  'wasserstein',
  'psi',
  'jensenShannon',
  'hellinger',
]);
const CATEGORICAL_TESTS: ReadonlySet<DriftTest> = new Set<DriftTest>([
  'chiSquare',
  'psi',
  'jensenShannon',
  'hellinger',
]);

/**
 * Whether a test's threshold is a significance level (`ks`, `chiSquare`: the
 * drift threshold is then the critical value at that level) rather than a
 * limit on the statistic itself.
 */
export function isSignificanceTest(test: DriftTest): boolean {
  return test === 'ks' || test === 'chiSquare';
}

/**
 * The default test of a feature and its threshold, as Evidently chooses them:
 * with at most 1,000 reference rows, KS for numeric and χ² for categorical
 * features at significance 0.05; with more, the Wasserstein distance
 * normalised by the reference standard deviation for numeric and the
 * Jensen–Shannon distance for categorical features, both at 0.1 (large
 * samples make every p-value tiny, so a distance with a practical limit is
 * more useful there). For `ks` and `chiSquare` the threshold returned is the
 * significance level (see {@link isSignificanceTest}).
 */
export function chooseTest(
  kind: DriftFeatureKind,
  referenceRows: number,
): { test: DriftTest; threshold: number } {
  if (!(referenceRows >= 0)) {
    throw new RangeError(
      `choosing a drift test: reference row count must be a non-negative number, got ${referenceRows}`,
    );
  }
  const small = referenceRows <= SMALL_REFERENCE_MAX_ROWS;
  switch (kind) {
    case 'numeric':
      return small
        ? { test: 'ks', threshold: 0.05 }
        : { test: 'wasserstein', threshold: 0.1 };
    case 'categorical':
      return small
        ? { test: 'chiSquare', threshold: 0.05 }
        : { test: 'jensenShannon', threshold: 0.1 };
    default:
      throw new RangeError(
        `choosing a drift test: unknown feature kind '${kind as string}'`,
      );
  }
}

/**
 * Whether a test can compare features of a kind: KS and Wasserstein need
 * ordered values (numeric), χ² counts categories, and PSI, Jensen–Shannon and
 * Hellinger work on the bins of either.
 */
export function testAppliesTo(
  test: DriftTest,
  kind: DriftFeatureKind,
): boolean {
  return (kind === 'numeric' ? NUMERIC_TESTS : CATEGORICAL_TESTS).has(test);
}
