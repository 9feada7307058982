/**
 * Checks on the count vectors every statistic receives: the engine computes
 * them, and a wrong shape or a negative count there must fail loudly with the
 * reason rather than produce a plausible-looking drift value.
 */

// Bound once: calibration runs these checks for every permutation, and a
// global lookup of `Number` is slow inside VM contexts such as Jest's.
const isFiniteNumber = Number.isFinite;

/** Throws unless `counts` are finite and non-negative with a positive total; returns the total. */
export function checkCounts(
  statistic: string,
  side: 'reference' | 'current',
  counts: readonly number[],
): number {
  if (counts.length === 0) {
    throw new RangeError(`${statistic}: ${side} counts are empty`);
  }
  let total = 0;
  for (let i = 0; i < counts.length; i++) {
    const count = counts[i];
    if (!isFiniteNumber(count) || count < 0) {
      throw new RangeError(
        `${statistic}: ${side} count ${i} must be a finite non-negative number, got ${count}`,
      );
    }
    total += count;
  }
  if (total <= 0) {
    throw new RangeError(
      `${statistic}: ${side} counts are all zero, so it has no distribution to compare`,
    );
  }
  return total;
}

/** Throws unless both count vectors describe the same bins or categories; returns both totals. */
export function checkCountPair(
  statistic: string,
  referenceCounts: readonly number[],
  currentCounts: readonly number[],
): { referenceTotal: number; currentTotal: number } {
  if (referenceCounts.length !== currentCounts.length) {
    throw new RangeError(
      `${statistic}: reference has ${referenceCounts.length} bins or categories but current has ${currentCounts.length}`,
    );
  }
  return {
    referenceTotal: checkCounts(statistic, 'reference', referenceCounts),
    currentTotal: checkCounts(statistic, 'current', currentCounts),
  };
}
