import { chooseTest, isSignificanceTest, testAppliesTo } from './chooseTest';

describe('chooseTest', () => {
  it('uses significance tests up to 1,000 reference rows and distances above, as Evidently does', () => {
    expect(chooseTest('numeric', 1000)).toEqual({
      test: 'ks',
      threshold: 0.05,
    });
    expect(chooseTest('categorical', 1000)).toEqual({
      test: 'chiSquare',
      threshold: 0.05,
    });
    expect(chooseTest('numeric', 1001)).toEqual({
      test: 'wasserstein',
      threshold: 0.1,
    });
    expect(chooseTest('categorical', 1001)).toEqual({
      test: 'jensenShannon',
      threshold: 0.1,
    });
  });

  it('refuses an unknown kind or a negative row count', () => {
    expect(() => chooseTest('text' as never, 10)).toThrow(
      /unknown feature kind 'text'/,
    );
    expect(() => chooseTest('numeric', -1)).toThrow(
      /reference row count must be a non-negative number, got -1/,
    );
  });
});

describe('testAppliesTo', () => {
  it('keeps order-based tests for numeric features and χ² for categorical ones', () => {
    const applies = (kind: 'numeric' | 'categorical') =>
      (
        [
          'ks',
          'wasserstein',
          'psi',
          'jensenShannon',
          'hellinger',
          'chiSquare',
        ] as const
      ).filter(test => testAppliesTo(test, kind));
    expect(applies('numeric')).toEqual([
      'ks',
      'wasserstein',
      'psi',
      'jensenShannon',
      'hellinger',
    ]);
    expect(applies('categorical')).toEqual([
      'psi',
      'jensenShannon',
      'hellinger',
      'chiSquare',
    ]);
  });

  it('tells significance levels from distance limits', () => {
    expect(isSignificanceTest('ks')).toBe(true);
    expect(isSignificanceTest('chiSquare')).toBe(true);
    expect(isSignificanceTest('wasserstein')).toBe(false);
  });
});
