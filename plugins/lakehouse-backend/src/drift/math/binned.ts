/**
 * Kolmogorov–Smirnov and Wasserstein distances between two samples known only
 * through their counts on the same bins (histograms computed in the engine).
 */

import { checkCountPair } from './counts';

// Bound once: calibration computes these for every permutation, and global
// lookups of `Math` and `Number` are slow inside VM contexts such as Jest's.
const { abs, max } = Math;
const isFiniteNumber = Number.isFinite;

/**
 * KS D between two binned samples on the same bins: the largest gap between
 * their cumulative shares at the bin edges. Cumulative counts are
 * cross-multiplied rather than divided, so identical or proportional
 * histograms give exactly 0 and equal gaps compare equal.
 */
export function binnedKs(
  referenceCounts: number[],
  currentCounts: number[],
): number {
  const { referenceTotal, currentTotal } = checkCountPair(
    'binned KS',
    referenceCounts,
    currentCounts,
  );
  let referenceCumulative = 0;
  let currentCumulative = 0;
  let largest = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    referenceCumulative += referenceCounts[i];
    currentCumulative += currentCounts[i];
    largest = max(
      largest,
      abs(
        referenceCumulative * currentTotal - currentCumulative * referenceTotal,
      ),
    );
  }
  return largest / (referenceTotal * currentTotal);
}

function checkEdges(edges: readonly number[], bins: number): void {
  if (edges.length !== bins + 1) {
    throw new RangeError(
      `binned Wasserstein: ${bins} bins need ${bins + 1} edges, got ${
        edges.length
      }`,
    );
  }
  for (let i = 0; i < edges.length; i++) {
    if (!isFiniteNumber(edges[i])) {
      throw new RangeError(
        `binned Wasserstein: edge ${i} must be a finite number, got ${edges[i]}`,
      );
    }
    if (i > 0 && edges[i] < edges[i - 1]) {
      throw new RangeError(
        `binned Wasserstein: edges must not decrease, but edge ${i} (${
          edges[i]
        }) is below edge ${i - 1} (${edges[i - 1]})`,
      );
    }
  }
}

/**
 * Wasserstein-1 distance between two binned samples on the same edges
 * (`edges.length === counts.length + 1`), each bin's mass spread uniformly
 * over it: the integral of |F - G| where both CDFs are linear between edges.
 * F - G is then linear inside a bin, so each bin contributes its exact
 * trapezoid, or two triangles where F - G changes sign. Bins of zero width
 * (repeated quantile edges) hold point masses and contribute nothing.
 * The result is in the feature's units.
 */
export function binnedWasserstein(
  edges: number[],
  referenceCounts: number[],
  currentCounts: number[],
): number {
  const { referenceTotal, currentTotal } = checkCountPair(
    'binned Wasserstein',
    referenceCounts,
    currentCounts,
  );
  checkEdges(edges, referenceCounts.length);
  const scale = referenceTotal * currentTotal;
  let referenceCumulative = 0;
  let currentCumulative = 0;
  let gapBefore = 0;
  let integral = 0;
  for (let i = 0; i < referenceCounts.length; i++) {
    referenceCumulative += referenceCounts[i];
    currentCumulative += currentCounts[i];
    const gapAfter =
      (referenceCumulative * currentTotal -
        currentCumulative * referenceTotal) /
      scale;
    const width = edges[i + 1] - edges[i];
    const before = abs(gapBefore);
    const after = abs(gapAfter);
    if (gapBefore * gapAfter >= 0) {
      integral += (width * (before + after)) / 2;
    } else {
      integral +=
        (width * (before * before + after * after)) / (2 * (before + after));
    }
    gapBefore = gapAfter;
  }
  return integral;
}
