import expected from './__fixtures__/expected.json';
import { chiSquareCriticalValue, chiSquareTest } from './chiSquare';
import { chiSquareSurvival } from './gamma';

/**
 * |actual - value| relative to |value|, or to `floor` when |value| is below
 * it (p-values that are essentially 0).
 */
function relativeError(actual: number, value: number, floor = 1e-300): number {
  return Math.abs(actual - value) / Math.max(Math.abs(value), floor);
}

describe('chi-square test against scipy.stats.chisquare', () => {
  it.each(expected.chiSquare.map(c => [c.name, c]))('%s', (_name, c) => {
    const result = chiSquareTest(c.reference, c.current);
    expect(result.degreesOfFreedom).toBe(c.dof);
    expect(relativeError(result.statistic, c.statistic)).toBeLessThanOrEqual(
      1e-12,
    );
    expect(relativeError(result.pValue, c.pvalue)).toBeLessThanOrEqual(1e-10);
  });

  it('drops categories neither side has and gives a category only the current data has half a reference row', () => {
    // Reference shares 3/6.5 and 3/6.5 and 0.5/6.5 (the unseen category); 13 current rows.
    const result = chiSquareTest([3, 3, 0, 0], [4, 4, 5, 0]);
    const expectedCounts = [6, 6, 1];
    const statistic = [4, 4, 5].reduce(
      (sum, observed, i) =>
        sum + (observed - expectedCounts[i]) ** 2 / expectedCounts[i],
      0,
    );
    expect(result.degreesOfFreedom).toBe(2);
    expect(result.statistic).toBeCloseTo(statistic, 12);
  });

  it('has nothing to test with a single category', () => {
    expect(chiSquareTest([10, 0], [7, 0])).toEqual({
      statistic: 0,
      pValue: 1,
      degreesOfFreedom: 0,
    });
    expect(chiSquareCriticalValue(0.05, 0)).toBe(0);
  });

  it('refuses counts that cannot be compared, naming the problem', () => {
    expect(() => chiSquareTest([1, 2], [1, 2, 3])).toThrow(
      /reference has 2 bins or categories but current has 3/,
    );
    expect(() => chiSquareTest([1, -2], [1, 2])).toThrow(
      /reference count 1 must be a finite non-negative number, got -2/,
    );
    expect(() => chiSquareTest([1, 2], [0, 0])).toThrow(
      /current counts are all zero/,
    );
    expect(() => chiSquareCriticalValue(1, 3)).toThrow(
      /significance level must lie strictly between 0 and 1, got 1/,
    );
    expect(() => chiSquareCriticalValue(0.05, 1.5)).toThrow(
      /degrees of freedom must be a non-negative integer, got 1.5/,
    );
  });
});

describe('chi-square distribution against scipy.stats.chi2', () => {
  it.each(expected.chi2Sf.map(c => [c.dof, c.x, c]))(
    'sf with %d degrees of freedom at %f',
    (_dof, _x, c) => {
      expect(
        relativeError(chiSquareSurvival(c.x, c.dof), c.sf),
      ).toBeLessThanOrEqual(1e-10);
    },
  );

  it.each(expected.chi2Isf.map(c => [c.dof, c.alpha, c]))(
    'critical value with %d degrees of freedom at significance %f',
    (_dof, _alpha, c) => {
      expect(
        relativeError(chiSquareCriticalValue(c.alpha, c.dof), c.x),
      ).toBeLessThanOrEqual(1e-10);
    },
  );
});
