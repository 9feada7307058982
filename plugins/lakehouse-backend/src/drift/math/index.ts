/**
 * The statistics of drift monitoring, on counts and summaries the query
 * engine computes: significance tests (KS, χ²), distances between binned
 * distributions, default test choice, and calibrated thresholds by
 * permutation. Pure functions, no I/O.
 */

export {
  ksPValue,
  ksTest,
  ksCriticalValue,
  ksStatistic,
  KS_EXACT_MAX_ROWS,
} from './ks';
export type { KsPValueMethod } from './ks';
export {
  chiSquareTest,
  chiSquareStatistic,
  chiSquareCriticalValue,
  UNSEEN_CATEGORY_REFERENCE_COUNT,
} from './chiSquare';
export {
  psi,
  jensenShannonDistance,
  hellingerDistance,
  PSI_EMPTY_SHARE,
} from './distances';
export { binnedKs, binnedWasserstein } from './binned';
export {
  chooseTest,
  testAppliesTo,
  isSignificanceTest,
  SMALL_REFERENCE_MAX_ROWS,
} from './chooseTest';
export {
  calibrateThreshold,
  binnedStatistic,
  thresholdFromNullStatistics,
} from './calibration';
export type { BinnedStatisticContext } from './calibration';
export { seededRandom } from './random';
