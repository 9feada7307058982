import expected from './__fixtures__/expected.json';
import {
  KS_EXACT_MAX_ROWS,
  ksCriticalValue,
  ksPValue,
  ksStatistic,
  ksTest,
} from './ks';
import { kolmogorovSmirnovSurvival, smirnovSurvival } from './kolmogorov';

/**
 * |actual - value| relative to |value|, or to `floor` when |value| is below
 * it (p-values that are essentially 0).
 */
function relativeError(actual: number, value: number, floor = 1e-300): number {
  return Math.abs(actual - value) / Math.max(Math.abs(value), floor);
}

describe('two-sample KS against scipy.stats.ks_2samp(method="auto")', () => {
  it.each(expected.ks2samp.filter(c => 'reference' in c).map(c => [c.name, c]))(
    'D of the raw samples: %s',
    (_name, c) => {
      const { reference, current, statistic } = c as {
        reference: number[];
        current: number[];
        statistic: number;
      };
      expect(ksStatistic(reference, current)).toBeCloseTo(statistic, 14);
    },
  );

  it.each(expected.ks2samp.map(c => [c.name, c]))(
    'p-value and method: %s',
    (_name, c) => {
      const result = ksTest(c.statistic, c.n, c.m);
      expect(result.method).toBe(c.method === 'exact' ? 'exact' : 'asymptotic');
      // Exact counts agree with scipy's to rounding (seen: 1e-15); the
      // asymptotic branches differ only in evaluation order, scipy summing in
      // double-double where this sums logarithms (seen: 2e-10).
      expect(relativeError(result.pValue, c.pvalue)).toBeLessThanOrEqual(
        c.method === 'exact' ? 1e-12 : 1e-9,
      );
    },
  );

  it('switches from exact to asymptotic above 10,000 rows in the larger sample', () => {
    expect(ksTest(0.05, KS_EXACT_MAX_ROWS, 300).method).toBe('exact');
    expect(ksTest(0.05, KS_EXACT_MAX_ROWS + 1, 300).method).toBe('asymptotic');
  });

  it('refuses impossible inputs with a reason', () => {
    expect(() => ksPValue(1.5, 10, 10)).toThrow(
      /statistic D must lie in \[0, 1\], got 1.5/,
    );
    expect(() => ksPValue(0.2, 0, 10)).toThrow(
      /reference sample size must be a positive integer, got 0/,
    );
    expect(() => ksPValue(0.2, 10, 2.5)).toThrow(
      /current sample size must be a positive integer, got 2.5/,
    );
    expect(() => ksCriticalValue(0, 10, 10)).toThrow(
      /significance level must lie strictly between 0 and 1/,
    );
    expect(() => ksStatistic([], [1])).toThrow(
      /both samples need at least one value/,
    );
  });
});

describe('one-sample distributions the asymptotic branch uses', () => {
  it.each(expected.kstwoSf.map(c => [c.n, c.d, c]))(
    'kstwo.sf at n=%d d=%f',
    (_n, _d, c) => {
      expect(
        relativeError(kolmogorovSmirnovSurvival(c.n, c.d), c.sf),
      ).toBeLessThanOrEqual(1e-9);
    },
  );

  it.each(expected.smirnov.map(c => [c.n, c.d, c]))(
    'smirnov at n=%d d=%f',
    (_n, _d, c) => {
      expect(
        relativeError(smirnovSurvival(c.n, c.d), c.sf),
      ).toBeLessThanOrEqual(1e-9);
    },
  );
});

interface ExactCritical {
  n: number;
  m: number;
  alpha: number;
  lcm: number;
  h: number | null;
}
const exactCritical = expected.ksCritical.filter(
  c => c.method === 'exact',
) as ExactCritical[];
const asymptoticCritical = expected.ksCritical.filter(
  c => c.method === 'asymp',
) as Array<{
  n: number;
  m: number;
  alpha: number;
  d: number;
}>;

describe('KS critical values', () => {
  it.each(
    exactCritical.filter(c => c.h !== null).map(c => [c.n, c.m, c.alpha, c]),
  )(
    'exact, n=%d m=%d alpha=%f: between the last D scipy finds not significant and the first it finds significant',
    (_n, _m, _alpha, c) => {
      const threshold = ksCriticalValue(c.alpha, c.n, c.m);
      const h = c.h!;
      expect(h / c.lcm).toBeGreaterThan(threshold);
      expect((h - 1) / c.lcm).toBeLessThan(threshold);
      expect(ksPValue(h / c.lcm, c.n, c.m)).toBeLessThanOrEqual(c.alpha);
      expect(ksPValue((h - 1) / c.lcm, c.n, c.m)).toBeGreaterThan(c.alpha);
    },
  );

  it.each(
    exactCritical.filter(c => c.h === null).map(c => [c.n, c.m, c.alpha, c]),
  )(
    'exact, n=%d m=%d alpha=%f: no D is significant, so the threshold is 1, which no D exceeds',
    (_n, _m, _alpha, c) => {
      expect(ksCriticalValue(c.alpha, c.n, c.m)).toBe(1);
    },
  );

  it.each(asymptoticCritical.map(c => [c.n, c.m, c.alpha, c]))(
    'asymptotic, n=%d m=%d alpha=%f: kstwo.isf at round(n m / (n + m))',
    (_n, _m, _alpha, c) => {
      expect(
        relativeError(ksCriticalValue(c.alpha, c.n, c.m), c.d),
      ).toBeLessThanOrEqual(1e-7);
    },
  );

  it('flags D exactly when its p-value is at most alpha, for every attainable D', () => {
    const n = 30;
    const m = 45;
    const threshold = ksCriticalValue(0.05, n, m);
    for (let h = 0; h <= 90; h++) {
      const d = h / 90 + (h % 2 === 0 ? 1e-15 : -1e-15); // with floating-point noise
      const clamped = Math.min(1, Math.max(0, d));
      expect(clamped > threshold).toBe(ksPValue(clamped, n, m) <= 0.05);
    }
  });
});
