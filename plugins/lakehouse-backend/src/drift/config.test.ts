import { ConfigReader } from '@backstage/config';
import { readDriftConfig } from './config';

const monitor = {
  entity: 'customer-churn',
  reference: { table: 'lakehouse.gold.customer_features' },
  current: {
    table: 'lakehouse.raw.churn_inference_log',
    timestampColumn: 'predicted_at',
    window: { days: 7 },
  },
};

const read = (drift: object) =>
  readDriftConfig(new ConfigReader({ lakehouse: { drift } }));

describe('readDriftConfig', () => {
  it('has no monitors and sensible defaults when nothing is configured', () => {
    const config = readDriftConfig(new ConfigReader({}));
    expect(config.monitors).toEqual([]);
    expect(config.engineUser).toBe('lakehouse-portal');
    expect(config.exactMaxRows).toBe(1_000_000);
    expect(config.referenceMaxAgeMs).toBe(86_400_000);
  });

  it('reads a monitor with the defaults filled in', () => {
    const [m] = read({ monitors: { churn: monitor } }).monitors;
    expect(m).toMatchObject({
      id: 'churn',
      entityRef: 'resource:default/customer-churn',
      features: [],
      bins: 10,
      notify: true,
      thresholds: {
        mode: 'fixed',
        falseAlarmRate: 0.05,
        permutations: 500,
        bins: 100,
      },
      schedule: { frequency: { hours: 1 } },
      current: { window: { days: 7 } },
    });
  });

  it('takes features by name or with kind, test and threshold', () => {
    const [m] = read({
      thresholds: { mode: 'calibrated', falseAlarmRate: 0.01 },
      monitors: {
        churn: {
          ...monitor,
          features: [
            'total_orders',
            {
              name: 'country_code',
              kind: 'categorical',
              test: 'psi',
              threshold: 0.2,
            },
          ],
        },
      },
    }).monitors;
    expect(m.features).toEqual([
      { name: 'total_orders' },
      {
        name: 'country_code',
        kind: 'categorical',
        test: 'psi',
        threshold: 0.2,
      },
    ]);
    expect(m.thresholds).toMatchObject({
      mode: 'calibrated',
      falseAlarmRate: 0.01,
    });
  });

  it.each([
    [
      { ...monitor, entity: undefined },
      /monitors\.churn\.entity: names the model/,
    ],
    [
      { ...monitor, reference: {} },
      /monitors\.churn\.reference: needs table .* or sql/,
    ],
    [
      { ...monitor, reference: { table: 'x', sql: 'select 1' } },
      /reference: set either table or sql/,
    ],
    [
      { ...monitor, current: { table: 'a.b.c', window: { days: 7 } } },
      /current: a window .* needs timestampColumn/,
    ],
    [
      { ...monitor, current: { table: 'a; drop table b' } },
      /current\.table: a; drop table b is not a table name/,
    ],
    [
      { ...monitor, features: [{ name: 'x', test: 't-test' }] },
      /features\[0\]\.test: must be one of ks, wasserstein/,
    ],
    [
      { ...monitor, features: [{ name: 'x', kind: 'text' }] },
      /features\[0\]\.kind: must be numeric or categorical/,
    ],
    [
      { ...monitor, thresholds: { mode: 'calibrated', permutations: 10 } },
      /thresholds\.permutations: must be a whole number of at least 20/,
    ],
    [
      { ...monitor, thresholds: { falseAlarmRate: 0.7 } },
      /falseAlarmRate: must be between 0 and 0.5/,
    ],
    [
      { ...monitor, bins: 1 },
      /monitors\.churn\.bins: must be a whole number from 2 to 1000/,
    ],
    [
      {
        ...monitor,
        reference: { table: 'a.b.c', timestampColumn: 'ts', from: 'yesterday' },
      },
      /reference\.from: yesterday is not an ISO 8601/,
    ],
  ])('names the key and the problem of a bad monitor (%#)', (bad, message) => {
    expect(() => read({ monitors: { churn: bad } })).toThrow(message);
  });
});
