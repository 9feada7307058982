/**
 * Random splits of pooled rows for permutation tests: how many of the rows
 * drawn at random without replacement fall in each bin (the multivariate
 * hypergeometric distribution), sampled bin by bin from the conditional
 * (univariate) hypergeometric distributions.
 *
 * Sampling rule: a bin's draw is exact — inversion of the hypergeometric
 * distribution, searching outwards from its mode — while the draw's variance
 * is at most 2,500 (standard deviation 50), where the search visits about 1.6
 * standard deviations of values. Above that, the draw is a normal deviate with
 * the same mean and variance rounded to the nearest integer (a continuity
 * correction) and clipped to the support; the hypergeometric's skewness there
 * is below 1/50, so the approximation is indistinguishable in the permutation
 * distribution of any statistic, and it keeps the cost per bin constant for
 * tables of millions of rows.
 */

import { logFactorial } from './gamma';
import { standardNormal } from './random';

// Bound once: these run millions of times per calibration, and a global
// lookup of `Math` is slow inside VM contexts such as Jest's.
const { exp, floor, max, min, round, sqrt } = Math;
const isInteger = Number.isInteger;

/** Above this variance a bin's draw uses the normal approximation. */
export const EXACT_HYPERGEOMETRIC_MAX_VARIANCE = 2500;

function logChoose(n: number, k: number): number {
  return logFactorial(n) - logFactorial(k) - logFactorial(n - k);
}

/** Exact draw by inversion, accumulating probabilities outwards from the mode. */
function exactDraw(
  population: number,
  successes: number,
  draws: number,
  low: number,
  high: number,
  random: () => number,
): number {
  const failures = population - successes;
  const mode = min(
    high,
    max(low, floor(((draws + 1) * (successes + 1)) / (population + 2))),
  );
  const atMode = exp(
    logChoose(successes, mode) +
      logChoose(failures, draws - mode) -
      logChoose(population, draws),
  );
  let u = random() - atMode;
  if (u <= 0) return mode;
  let down = mode;
  let atDown = atMode;
  let up = mode;
  let atUp = atMode;
  while (down > low || up < high) {
    if (down > low) {
      // P(x - 1) / P(x) = x (failures - draws + x) / ((successes - x + 1)(draws - x + 1))
      atDown *=
        (down * (failures - draws + down)) /
        ((successes - down + 1) * (draws - down + 1));
      down--;
      u -= atDown;
      if (u <= 0) return down;
    }
    if (up < high) {
      // P(x + 1) / P(x) = (successes - x)(draws - x) / ((x + 1)(failures - draws + x + 1))
      atUp *=
        ((successes - up) * (draws - up)) /
        ((up + 1) * (failures - draws + up + 1));
      up++;
      u -= atUp;
      if (u <= 0) return up;
    }
  }
  // Only rounding in the probabilities can leave u above 0 here.
  return mode;
}

/**
 * The number of `successes` among `draws` rows taken at random without
 * replacement from `population` rows (see the module header for the exact
 * and approximate regimes).
 */
export function sampleHypergeometric(
  population: number,
  successes: number,
  draws: number,
  random: () => number,
): number {
  if (!isInteger(population) || !isInteger(successes) || !isInteger(draws)) {
    throw new RangeError(
      `hypergeometric draw: population (${population}), successes (${successes}) and draws (${draws}) must be integers`,
    );
  }
  if (
    successes < 0 ||
    successes > population ||
    draws < 0 ||
    draws > population
  ) {
    throw new RangeError(
      `hypergeometric draw: need 0 ≤ successes (${successes}) ≤ population (${population}) and 0 ≤ draws (${draws}) ≤ population`,
    );
  }
  const low = max(0, draws - (population - successes));
  const high = min(draws, successes);
  if (low === high) return low;
  const share = successes / population;
  const variance =
    (draws * share * (1 - share) * (population - draws)) / (population - 1);
  if (variance > EXACT_HYPERGEOMETRIC_MAX_VARIANCE) {
    const value = round(
      draws * share + sqrt(variance) * standardNormal(random),
    );
    return min(high, max(low, value));
  }
  return exactDraw(population, successes, draws, low, high, random);
}

/**
 * How many of `draws` rows, taken at random without replacement from rows
 * spread over bins as `counts`, fall in each bin. Written into `into` when
 * given (calibration reuses one buffer for every permutation).
 */
export function sampleMultivariateHypergeometric(
  counts: readonly number[],
  draws: number,
  random: () => number,
  into: number[] = new Array(counts.length),
): number[] {
  let population = 0;
  for (let i = 0; i < counts.length; i++) population += counts[i];
  if (!(draws >= 0 && draws <= population)) {
    throw new RangeError(
      `multivariate hypergeometric draw: cannot draw ${draws} of ${population} rows`,
    );
  }
  let remainingDraws = draws;
  let remainingPopulation = population;
  for (let i = 0; i < counts.length; i++) {
    const drawn =
      remainingDraws === 0
        ? 0
        : sampleHypergeometric(
            remainingPopulation,
            counts[i],
            remainingDraws,
            random,
          );
    into[i] = drawn;
    remainingDraws -= drawn;
    remainingPopulation -= counts[i];
  }
  return into;
}
