/**
 * Distances between two distributions given as counts over the same bins or
 * categories: population stability index, Jensen–Shannon distance and
 * Hellinger distance. Counts are turned into shares of their own total first,
 * so reference and current may have any sizes.
 */

import { checkCountPair } from './counts';

// Bound once: calibration computes these for every permutation, and a global
// lookup of `Math` is slow inside VM contexts such as Jest's.
const { LN2, log, max, sqrt } = Math;

/** The share an empty bin gets in PSI unless the data has smaller shares (Evidently's rule). */
export const PSI_EMPTY_SHARE = 0.0001;

/**
 * The share empty bins get in PSI, as Evidently fills them: 0.0001, or, if
 * some non-empty bin already has a share at or below 0.0001, a millionth of
 * the smallest non-empty share — an empty bin must never look more populated
 * than an occupied one.
 */
function emptyShare(counts: readonly number[], total: number): number {
  let smallest = total;
  for (let i = 0; i < counts.length; i++) {
    if (counts[i] > 0 && counts[i] < smallest) smallest = counts[i];
  }
  const smallestShare = smallest / total;
  return smallestShare <= PSI_EMPTY_SHARE
    ? smallestShare / 1e6
    : PSI_EMPTY_SHARE;
}

/**
 * Population stability index Σ (c - r) ln(c / r) over the shares r of the
 * reference and c of the current data, empty shares filled by Evidently's rule
 * (0.0001; a millionth of the smallest share when that is already ≤ 0.0001).
 * Symmetric in its two arguments.
 */
export function psi(
  referenceCounts: number[],
  currentCounts: number[],
): number {
  const { referenceTotal, currentTotal } = checkCountPair(
    'PSI',
    referenceCounts,
    currentCounts,
  );
  const referenceEmpty = emptyShare(referenceCounts, referenceTotal);
  const currentEmpty = emptyShare(currentCounts, currentTotal);
  let sum = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const reference =
      referenceCounts[i] > 0
        ? referenceCounts[i] / referenceTotal
        : referenceEmpty;
    const current =
      currentCounts[i] > 0 ? currentCounts[i] / currentTotal : currentEmpty;
    sum += (current - reference) * log(current / reference);
  }
  return sum;
}

/**
 * Jensen–Shannon distance with base-2 logarithms, as
 * `scipy.spatial.distance.jensenshannon(p, q, base=2)` on the shares: the
 * square root of the mean Kullback–Leibler divergence of each distribution
 * from their midpoint; between 0 and 1, symmetric, and defined for empty bins
 * without any filling.
 */
export function jensenShannonDistance(
  referenceCounts: number[],
  currentCounts: number[],
): number {
  const { referenceTotal, currentTotal } = checkCountPair(
    'Jensen-Shannon distance',
    referenceCounts,
    currentCounts,
  );
  let divergence = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const p = referenceCounts[i] / referenceTotal;
    const q = currentCounts[i] / currentTotal;
    const middle = (p + q) / 2;
    if (p > 0) divergence += p * log(p / middle);
    if (q > 0) divergence += q * log(q / middle);
  }
  // Rounding can leave a tiny negative sum for identical distributions.
  return sqrt(max(0, divergence / LN2 / 2));
}

/**
 * Hellinger distance of the shares, √(Σ (√p - √q)²) / √2 (equal to
 * √(1 - Σ √(p q)), but without that form's cancellation near 0); between 0
 * and 1 and symmetric.
 */
export function hellingerDistance(
  referenceCounts: number[],
  currentCounts: number[],
): number {
  const { referenceTotal, currentTotal } = checkCountPair(
    'Hellinger distance',
    referenceCounts,
    currentCounts,
  );
  let sum = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    const gap =
      sqrt(referenceCounts[i] / referenceTotal) -
      sqrt(currentCounts[i] / currentTotal);
    sum += gap * gap;
  }
  return sqrt(sum / 2);
}
