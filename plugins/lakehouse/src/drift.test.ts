import { DriftFeatureReport } from '@internal/plugin-lakehouse-common';
import {
  formatShare,
  formatStatistic,
  presentStatistics,
  sortByDrift,
  summarizeDrift,
  testStatistic,
} from './drift';

function feature(
  name: string,
  value: number,
  threshold: number,
): DriftFeatureReport {
  return {
    name,
    kind: 'numeric',
    test: 'psi',
    value,
    threshold,
    drifted: value > threshold,
    statistics: { psi: value },
  };
}

describe('drift', () => {
  it('lists drifted features first, the farthest past its threshold first', () => {
    const sorted = sortByDrift([
      feature('quiet', 0.01, 0.2),
      feature('slightly', 0.25, 0.2),
      feature('close', 0.19, 0.2),
      feature('strongly', 0.9, 0.2),
      feature('also_quiet', 0.01, 0.2),
    ]);

    expect(sorted.map(f => f.name)).toEqual([
      'strongly',
      'slightly',
      'close',
      'also_quiet',
      'quiet',
    ]);
  });

  it('rounds statistics to what a reader compares, never to zero', () => {
    expect(formatStatistic(0.123456)).toBe('0.123');
    expect(formatStatistic(12.3456)).toBe('12.3');
    expect(formatStatistic(1234.56)).toBe('1,234.6');
    expect(formatStatistic(0.0000032)).toBe('3.2e-6');
    expect(formatStatistic(0)).toBe('0');
    expect(formatStatistic(undefined)).toBe('—');
    expect(formatStatistic(NaN)).toBe('—');
    expect(formatShare(0.0123)).toBe('1.2%');
    expect(formatShare(undefined)).toBe('—');
  });

  it('reads the normalized distance for the Wasserstein test', () => {
    expect(testStatistic('wasserstein')).toBe('wassersteinNormalized');
    expect(testStatistic('chiSquare')).toBe('chiSquare');
    expect(
      presentStatistics({ psi: 0.1, ks: 0.2, hellinger: undefined }),
    ).toEqual(['ks', 'psi']);
  });

  it('sums up the last run of a monitor in a line', () => {
    const ok = {
      id: 'r',
      createdAt: '2025-09-01T06:00:00Z',
      status: 'ok' as const,
      drifted: false,
      driftedFeatures: [],
      featureCount: 5,
    };
    expect(summarizeDrift(undefined)).toBe('Not run yet');
    expect(summarizeDrift(ok)).toBe('No drift in 5 features');
    expect(summarizeDrift({ ...ok, featureCount: 1 })).toBe(
      'No drift in 1 feature',
    );
    expect(
      summarizeDrift({ ...ok, drifted: true, driftedFeatures: ['a', 'b'] }),
    ).toBe('Drift in a and b');
    expect(
      summarizeDrift({
        ...ok,
        status: 'failed',
        error: 'Column amount is gone',
      }),
    ).toBe('Last run failed: Column amount is gone');
  });
});
