import { binnedKs, binnedWasserstein } from './binned';
import { chiSquareTest } from './chiSquare';
import { hellingerDistance, jensenShannonDistance, psi } from './distances';
import { ksPValue } from './ks';

/** Standard normal CDF by the Abramowitz–Stegun 7.1.26 erf approximation (|error| < 1.5e-7, ample for shares). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly =
    t *
    (0.254829592 +
      t *
        (-0.284496736 +
          t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? (1 + erf) / 2 : (1 - erf) / 2;
}

/** Expected counts of `rows` draws from N(mean, 1) on `edges`, outer bins open-ended. */
function binnedNormal(edges: number[], mean: number, rows: number): number[] {
  const counts: number[] = [];
  for (let i = 0; i + 1 < edges.length; i++) {
    const low = i === 0 ? 0 : normalCdf(edges[i] - mean);
    const high = i + 2 === edges.length ? 1 : normalCdf(edges[i + 1] - mean);
    counts.push(rows * (high - low));
  }
  return counts;
}

const EDGES = Array.from({ length: 25 }, (_, i) => -4 + (i * 9) / 24); // -4 … 5 in 24 bins
const REFERENCE = binnedNormal(EDGES, 0, 10000);

/** Edges 0, 1, 2, … for however many bins a histogram has. */
const unitEdges = (bins: number) =>
  Array.from({ length: bins + 1 }, (_, i) => i);

const distances: Array<
  [string, (reference: number[], current: number[]) => number]
> = [
  ['psi', psi],
  ['jensenShannon', jensenShannonDistance],
  ['hellinger', hellingerDistance],
  ['binnedKs', binnedKs],
  [
    'binnedWasserstein',
    (reference, current) =>
      binnedWasserstein(unitEdges(reference.length), reference, current),
  ],
  [
    'chiSquare',
    (reference, current) => chiSquareTest(reference, current).statistic,
  ],
];

describe('properties of the drift statistics', () => {
  it.each(distances)(
    '%s is 0 for identical and for proportional histograms',
    (_name, distance) => {
      const rows = [5, 0, 12, 30, 7, 1];
      expect(distance(rows, rows)).toBe(0);
      expect(
        distance(
          rows,
          rows.map(count => count * 3),
        ),
      ).toBeLessThan(1e-14);
      // Expected counts (not whole numbers) may leave rounding noise in χ²'s squares.
      expect(distance(REFERENCE, REFERENCE)).toBeLessThan(1e-20);
    },
  );

  it.each(distances.filter(([name]) => name !== 'chiSquare'))(
    '%s is symmetric in reference and current',
    (_name, distance) => {
      const current = binnedNormal(EDGES, 0.7, 2500);
      const unevenCurrent = [
        0, 3, 9, 14, 0, 20, 1, 0, 0, 2, 5, 8, 13, 21, 0, 1, 1, 2, 3, 5, 8, 13,
        0, 4,
      ];
      for (const other of [current, unevenCurrent]) {
        expect(distance(other, REFERENCE)).toBeCloseTo(
          distance(REFERENCE, other),
          12,
        );
      }
    },
  );

  it('chi-square is not symmetric: it tests the current counts against the reference shares', () => {
    const reference = [70, 20, 10];
    const current = [40, 40, 20];
    // Σ (c - r)² / r = 900/70 + 400/20 + 100/10, but Σ (r - c)² / c = 900/40 + 400/40 + 100/20.
    expect(chiSquareTest(reference, current).statistic).toBeCloseTo(
      900 / 70 + 20 + 10,
      10,
    );
    expect(chiSquareTest(current, reference).statistic).toBeCloseTo(
      22.5 + 10 + 5,
      10,
    );
  });

  it.each(distances)(
    '%s grows with the size of a mean shift',
    (_name, distance) => {
      let previous = 0;
      for (let step = 1; step <= 20; step++) {
        const value = distance(
          REFERENCE,
          binnedNormal(EDGES, step * 0.1, 8000),
        );
        expect(value).toBeGreaterThan(previous);
        previous = value;
      }
    },
  );

  it('the KS p-value falls as D grows', () => {
    let previous = 1;
    for (let h = 1; h <= 40; h++) {
      const pValue = ksPValue(h / 40, 40, 40);
      expect(pValue).toBeLessThanOrEqual(previous);
      previous = pValue;
    }
    expect(previous).toBeLessThan(1e-20);
  });
});
