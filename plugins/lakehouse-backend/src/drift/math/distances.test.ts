import expected from './__fixtures__/expected.json';
import { binnedKs, binnedWasserstein } from './binned';
import { hellingerDistance, jensenShannonDistance, psi } from './distances';

/**
 * |actual - value| relative to |value|, or to `floor` when |value| is below
 * it (values that are essentially 0).
 */
function relativeError(actual: number, value: number, floor = 1e-300): number {
  return Math.abs(actual - value) / Math.max(Math.abs(value), floor);
}

describe('distances against numpy and scipy', () => {
  it.each(expected.distances.map(c => [c.name, c]))('%s', (_name, c) => {
    expect(
      relativeError(psi(c.reference, c.current), c.psi),
    ).toBeLessThanOrEqual(1e-12);
    expect(
      relativeError(
        jensenShannonDistance(c.reference, c.current),
        c.jensenShannon,
      ),
    ).toBeLessThanOrEqual(1e-12);
    expect(
      relativeError(hellingerDistance(c.reference, c.current), c.hellinger),
    ).toBeLessThanOrEqual(1e-12);
    expect(
      relativeError(binnedKs(c.reference, c.current), c.binnedKs),
    ).toBeLessThanOrEqual(1e-12);
  });

  const histograms = expected.distances.filter(c => 'edges' in c) as Array<{
    name: string;
    reference: number[];
    current: number[];
    edges: number[];
    binnedWasserstein: number;
  }>;
  it.each(histograms.map(c => [c.name, c]))(
    'binned Wasserstein: %s',
    (_name, c) => {
      // The fixture integrates |F - G| numerically on a 400,001-point grid.
      expect(
        relativeError(
          binnedWasserstein(c.edges, c.reference, c.current),
          c.binnedWasserstein,
        ),
      ).toBeLessThanOrEqual(1e-8);
    },
  );

  const samples = expected.distances.filter(
    c => 'rawWasserstein' in c,
  ) as Array<{
    name: string;
    reference: number[];
    current: number[];
    edges: number[];
    rawWasserstein: number;
    maxBinWidth: number;
  }>;
  it.each(samples.map(c => [c.name, c]))(
    'binned Wasserstein is within a bin width of scipy.stats.wasserstein_distance on the rows: %s',
    (_name, c) => {
      // Spreading mass inside bins moves each row by less than a bin width.
      const binned = binnedWasserstein(c.edges, c.reference, c.current);
      expect(Math.abs(binned - c.rawWasserstein)).toBeLessThanOrEqual(
        c.maxBinWidth,
      );
    },
  );

  it('fills an empty PSI share with 0.0001', () => {
    // Shares (0.5, 0.5, 0) against (0.5, 0.25, 0.25): the empty share becomes 0.0001.
    const filled =
      (0.25 - 0.5) * Math.log(0.25 / 0.5) +
      (0.25 - 0.0001) * Math.log(0.25 / 0.0001);
    expect(psi([2, 2, 0], [2, 1, 1])).toBeCloseTo(filled, 12);
  });

  it('measures Wasserstein in the units of the edges', () => {
    // All reference mass uniform on [0, 1], all current mass uniform on [2, 3]: every row moves by 2.
    expect(binnedWasserstein([0, 1, 2, 3], [10, 0, 0], [0, 0, 7])).toBeCloseTo(
      2,
      12,
    );
    expect(
      binnedWasserstein([0, 100, 200, 300], [10, 0, 0], [0, 0, 7]),
    ).toBeCloseTo(200, 10);
  });

  it('refuses inputs that do not describe two histograms on the same bins', () => {
    expect(() => psi([1, 2], [1])).toThrow(
      /PSI: reference has 2 bins or categories but current has 1/,
    );
    expect(() => jensenShannonDistance([0, 0], [1, 1])).toThrow(
      /reference counts are all zero/,
    );
    expect(() => hellingerDistance([1, NaN], [1, 1])).toThrow(
      /reference count 1 must be a finite non-negative number, got NaN/,
    );
    expect(() => binnedWasserstein([0, 1], [1, 2], [2, 1])).toThrow(
      /2 bins need 3 edges, got 2/,
    );
    expect(() => binnedWasserstein([0, 2, 1], [1, 2], [2, 1])).toThrow(
      /edge 2 \(1\) is below edge 1 \(2\)/,
    );
    expect(() => binnedKs([], [])).toThrow(/reference counts are empty/);
  });
});
