import { ModelVersion } from '@internal/plugin-lakehouse-common';
import { formatMetric, getKeyMetricNames, getVersions } from './models';
import { customerChurn, withSpec } from './__testUtils__/entities';

describe('getVersions', () => {
  it('accepts numeric versions from YAML and skips entries without one', () => {
    const entity = withSpec(customerChurn, {
      versions: [{ version: 1 }, { stage: 'None' }, null, { version: '12' }],
    });
    expect(getVersions(entity).map(v => v.version)).toEqual(['12', '1']);
  });
});

describe('getKeyMetricNames', () => {
  it('prefers metrics most versions record, then names, up to the limit', () => {
    const versions: ModelVersion[] = [
      { version: '1', metrics: { z_loss: 1, accuracy: 0.8 } },
      { version: '2', metrics: { accuracy: 0.9, b: 1, a: 2 } },
      { version: '3', metrics: { accuracy: 0.7, b: 3 } },
    ];
    expect(getKeyMetricNames(versions, 3)).toEqual(['accuracy', 'b', 'a']);
  });

  it('ignores values that are not numbers', () => {
    const versions = [
      { version: '1', metrics: { accuracy: 'high', f1: Number.NaN } },
    ] as unknown as ModelVersion[];
    expect(getKeyMetricNames(versions)).toEqual([]);
  });
});

describe('formatting', () => {
  it('keeps four significant digits of a metric', () => {
    expect(formatMetric(0.873456)).toBe('0.8735');
    expect(formatMetric(1234.5)).toBe('1,235');
  });
});
