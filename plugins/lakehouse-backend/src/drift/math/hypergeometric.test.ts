import { chiSquareCriticalValue } from './chiSquare';
import { logFactorial } from './gamma';
import {
  EXACT_HYPERGEOMETRIC_MAX_VARIANCE,
  sampleHypergeometric,
  sampleMultivariateHypergeometric,
} from './hypergeometric';
import { seededRandom } from './random';

function hypergeometricProbability(
  population: number,
  successes: number,
  draws: number,
  x: number,
): number {
  const outside =
    x < 0 ||
    x > successes ||
    draws - x < 0 ||
    draws - x > population - successes;
  if (outside) return 0;
  const logChoose = (n: number, k: number) =>
    logFactorial(n) - logFactorial(k) - logFactorial(n - k);
  return Math.exp(
    logChoose(successes, x) +
      logChoose(population - successes, draws - x) -
      logChoose(population, draws),
  );
}

/**
 * Pearson's goodness-of-fit χ² of `observed` frequencies against a
 * probability function, cells with fewer than 5 expected draws pooled.
 */
function goodnessOfFit(
  observed: Map<number, number>,
  probability: (x: number) => number,
  low: number,
  high: number,
) {
  const total = [...observed.values()].reduce((sum, count) => sum + count, 0);
  let statistic = 0;
  let cells = 0;
  let pooledExpected = 0;
  let pooledObserved = 0;
  for (let x = low; x <= high; x++) {
    pooledExpected += total * probability(x);
    pooledObserved += observed.get(x) ?? 0;
    if (pooledExpected >= 5) {
      statistic += (pooledObserved - pooledExpected) ** 2 / pooledExpected;
      cells++;
      pooledExpected = 0;
      pooledObserved = 0;
    }
  }
  statistic +=
    pooledExpected > 0
      ? (pooledObserved - pooledExpected) ** 2 / pooledExpected
      : 0;
  return { statistic, degreesOfFreedom: cells - 1 };
}

describe('sampleHypergeometric', () => {
  it.each([
    [60, 25, 30],
    [2000, 100, 1000],
    [20000, 10000, 10000],
  ])(
    'follows the exact distribution for population %d, successes %d, draws %d',
    (population, successes, draws) => {
      const random = seededRandom(population + successes);
      const observed = new Map<number, number>();
      for (let i = 0; i < 20000; i++) {
        const x = sampleHypergeometric(population, successes, draws, random);
        observed.set(x, (observed.get(x) ?? 0) + 1);
      }
      const low = Math.max(0, draws - (population - successes));
      const high = Math.min(draws, successes);
      const fit = goodnessOfFit(
        observed,
        x => hypergeometricProbability(population, successes, draws, x),
        low,
        high,
      );
      expect(fit.statistic).toBeLessThan(
        chiSquareCriticalValue(0.001, fit.degreesOfFreedom),
      );
      // The same check tells a neighbouring distribution apart, so it can fail.
      const wrong = goodnessOfFit(
        observed,
        x =>
          hypergeometricProbability(
            population,
            successes + Math.ceil(successes / 25),
            draws,
            x,
          ),
        low,
        high,
      );
      expect(wrong.statistic).toBeGreaterThan(
        chiSquareCriticalValue(0.001, wrong.degreesOfFreedom),
      );
    },
  );

  it('matches mean and variance where it uses the normal approximation', () => {
    const [population, successes, draws] = [1000000, 300000, 400000];
    const share = successes / population;
    const variance =
      (draws * share * (1 - share) * (population - draws)) / (population - 1);
    expect(variance).toBeGreaterThan(EXACT_HYPERGEOMETRIC_MAX_VARIANCE);
    const random = seededRandom(5);
    const samples = Array.from({ length: 20000 }, () =>
      sampleHypergeometric(population, successes, draws, random),
    );
    const mean = samples.reduce((sum, x) => sum + x, 0) / samples.length;
    const sampleVariance =
      samples.reduce((sum, x) => sum + (x - mean) ** 2, 0) /
      (samples.length - 1);
    expect(Math.abs(mean - draws * share)).toBeLessThan(
      4 * Math.sqrt(variance / samples.length),
    );
    expect(Math.abs(sampleVariance / variance - 1)).toBeLessThan(0.05);
    expect(samples.every(x => Number.isInteger(x))).toBe(true);
  });

  it('stays inside the support', () => {
    const random = seededRandom(3);
    for (let i = 0; i < 1000; i++) {
      const x = sampleHypergeometric(10, 8, 7, random);
      expect(x).toBeGreaterThanOrEqual(5);
      expect(x).toBeLessThanOrEqual(7);
    }
    expect(sampleHypergeometric(10, 10, 4, random)).toBe(4);
    expect(sampleHypergeometric(10, 0, 4, random)).toBe(0);
  });

  it('refuses impossible draws', () => {
    const random = seededRandom(1);
    expect(() => sampleHypergeometric(10, 11, 3, random)).toThrow(
      /successes \(11\) ≤ population \(10\)/,
    );
    expect(() => sampleHypergeometric(10, 3, 2.5, random)).toThrow(
      /must be integers/,
    );
  });
});

describe('sampleMultivariateHypergeometric', () => {
  it('draws exactly the requested rows, never more than a bin holds, with the expected share per bin', () => {
    const random = seededRandom(17);
    const counts = [100, 0, 250, 50, 600];
    const totals = [0, 0, 0, 0, 0];
    const repetitions = 4000;
    for (let r = 0; r < repetitions; r++) {
      const drawn = sampleMultivariateHypergeometric(counts, 400, random);
      expect(drawn.reduce((sum, x) => sum + x, 0)).toBe(400);
      drawn.forEach((x, i) => {
        expect(x).toBeLessThanOrEqual(counts[i]);
        totals[i] += x;
      });
    }
    // Each bin's mean draw is 400 × its share of the 1,000 rows.
    counts.forEach((count, i) => {
      expect(Math.abs(totals[i] / repetitions - 0.4 * count)).toBeLessThan(0.5);
    });
  });

  it('refuses to draw more rows than there are', () => {
    expect(() =>
      sampleMultivariateHypergeometric([3, 4], 8, seededRandom(1)),
    ).toThrow(/cannot draw 8 of 7 rows/);
  });
});
