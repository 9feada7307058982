import type { DriftFeatureReport } from '@internal/plugin-lakehouse-common';
import { binnedKs, ksCriticalValue } from '../math';
import { computeDrift, ComputeDriftOptions, DriftDataError } from '.';
import { doubleLiteral } from './sqlText';
import { checkedRunner } from './__testUtils__/checkedRunner';
import {
  createDuckDbRunner,
  DuckDbDriftRunner,
} from './__testUtils__/duckDbRunner';
import { predictionLogSql } from './__testUtils__/predictionLog';
import { roughly } from './__testUtils__/roughly';
// Samples and scipy's ks_2samp / wasserstein_distance of them, recorded by
// __fixtures__/make_exact.py.
import fixture from './__fixtures__/exact.json';

const byName = (features: DriftFeatureReport[]) =>
  Object.fromEntries(features.map(f => [f.name, f]));

function memoryCache() {
  const entries = new Map<string, string>();
  return {
    entries,
    get: async (key: string) => {
      const value = entries.get(key);
      return value === undefined ? undefined : JSON.parse(value);
    },
    set: async (key: string, summary: unknown) => {
      entries.set(key, JSON.stringify(summary));
    },
  };
}

describe('computeDrift on DuckDB', () => {
  let duckdb: DuckDbDriftRunner;
  let runner: DuckDbDriftRunner;
  const options = (
    overrides: Partial<ComputeDriftOptions> = {},
  ): ComputeDriftOptions => ({
    runner,
    referenceSql: 'select * from reference',
    currentSql: 'select * from current_window',
    features: [],
    exclude: ['id', 'label'],
    thresholds: {
      mode: 'fixed',
      falseAlarmRate: 0.05,
      permutations: 200,
      bins: 100,
      seed: 7,
    },
    bins: 10,
    exactMaxRows: 100_000,
    ...overrides,
  });

  beforeAll(async () => {
    duckdb = await createDuckDbRunner();
    runner = checkedRunner(duckdb);
    await duckdb.setup(
      `create table reference as ${predictionLogSql({
        rows: 5000,
        first: 0,
      })}`,
    );
    await duckdb.setup(
      `create table current_window as ${predictionLogSql({
        rows: 2000,
        first: 1_000_000,
        shift: 1,
      })}`,
    );
    await duckdb.setup(
      `create table small_reference as select * from reference where id % 5 = 2`,
    );
    await duckdb.setup(
      `create table empty_window as select * from current_window where false`,
    );
    for (const [i, c] of fixture.cases.entries()) {
      for (const side of ['reference', 'current'] as const) {
        await duckdb.setup(
          `create table case_${i}_${side} as select unnest([${c[side]
            .map(doubleLiteral)
            .join(', ')}]) as x`,
        );
      }
    }
  });
  afterAll(() => duckdb.close());

  it.each(fixture.cases.map((c, i) => [c.name, i, c] as const))(
    'reports the KS D and Wasserstein-1 scipy computes (%s)',
    async (_, i, c) => {
      const result = await computeDrift(
        options({
          referenceSql: `select x from case_${i}_reference`,
          currentSql: `select x from case_${i}_current`,
          features: [{ name: 'x', kind: 'numeric' }],
        }),
      );
      const [x] = result.features;
      expect(x.statistics.ks).toBeCloseTo(c.ks, 12);
      const tolerance = Math.max(1e-9, 1e-12 * Math.abs(c.wasserstein));
      expect(Math.abs(x.statistics.wasserstein! - c.wasserstein)).toBeLessThan(
        tolerance,
      );
      expect(x.method).toMatch(/exact, in DuckDB/);
    },
  );

  it('finds the shifted feature drifted and no other, with every statistic of its kind', async () => {
    const result = await computeDrift(options());
    expect(result.referenceRows).toBe(5000);
    expect(result.currentRows).toBe(2000);
    const features = byName(result.features);
    // Columns become features by type: not the time stamp, not the excluded ones.
    expect(Object.keys(features)).toEqual([
      'amount',
      'age',
      'score',
      'country',
      'is_member',
    ]);
    expect(result.features.filter(f => f.drifted).map(f => f.name)).toEqual([
      'amount',
    ]);

    // Over 1,000 reference rows: Evidently's distances.
    const amount = features.amount;
    expect(amount).toMatchObject({
      kind: 'numeric',
      test: 'wasserstein',
      threshold: 0.1,
      thresholdMode: 'fixed',
    });
    // Half a standard deviation of shift.
    expect(amount.value).toBeGreaterThan(0.4);
    expect(amount.value).toBeLessThan(0.6);
    expect(amount.value).toBe(amount.statistics.wassersteinNormalized);
    for (const name of ['amount', 'age', 'score']) {
      expect(Object.keys(features[name].statistics).sort()).toEqual([
        'hellinger',
        'jensenShannon',
        'ks',
        'ksPValue',
        'missingRate',
        'psi',
        'referenceMissingRate',
        'wasserstein',
        'wassersteinNormalized',
      ]);
      for (const value of Object.values(features[name].statistics)) {
        expect(Number.isFinite(value)).toBe(true);
      }
      const histogram = features[name].histogram!;
      expect(histogram.edges).toHaveLength(11);
      expect(histogram.reference).toHaveLength(10);
      expect(histogram.reference.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
      expect(histogram.current.reduce((a, b) => a + b)).toBeCloseTo(1, 12);
    }
    expect(features.age.value).toBeLessThan(0.1);
    expect(features.score.value).toBeLessThan(0.1);

    const country = features.country;
    expect(country).toMatchObject({
      kind: 'categorical',
      test: 'jensenShannon',
      drifted: false,
      histogram: { categories: ['DE', 'FR', 'NL', 'BE', 'AT'] },
    });
    expect(Object.keys(country.statistics).sort()).toEqual([
      'chiSquare',
      'chiSquarePValue',
      'hellinger',
      'jensenShannon',
      'missingRate',
      'psi',
      'referenceMissingRate',
      'unseenCategoryShare',
    ]);
    expect(country.statistics.unseenCategoryShare).toBe(0);
    expect(features.is_member.histogram!.categories!.sort()).toEqual([
      'false',
      'true',
    ]);
  });

  it('tests a small reference with KS and χ² at their critical values', async () => {
    const result = await computeDrift(
      options({ referenceSql: 'select * from small_reference' }),
    );
    const features = byName(result.features);
    const amount = features.amount;
    expect(amount.test).toBe('ks');
    expect(amount.value).toBe(amount.statistics.ks);
    expect(amount.threshold).toBeCloseTo(ksCriticalValue(0.05, 1000, 2000), 12);
    expect(amount.pValue).toBe(amount.statistics.ksPValue);
    expect(amount.pValue).toBeLessThan(0.05);
    expect(amount.drifted).toBe(true);
    expect(features.country).toMatchObject({
      test: 'chiSquare',
      drifted: false,
    });
    expect(features.country.value).toBe(features.country.statistics.chiSquare);
    expect(features.country.pValue).toBeGreaterThan(0.05);
    expect(result.features.filter(f => f.drifted).map(f => f.name)).toEqual([
      'amount',
    ]);
  });

  it('calibrates thresholds by permutations and still reports the exact statistics', async () => {
    const fixed = await computeDrift(options());
    const result = await computeDrift(
      options({
        thresholds: { ...options().thresholds, mode: 'calibrated' },
      }),
    );
    expect(result.features.filter(f => f.drifted).map(f => f.name)).toEqual([
      'amount',
    ]);
    const amount = byName(result.features).amount;
    expect(amount.thresholdMode).toBe('calibrated');
    expect(amount.method).toMatch(
      /permutation test on those 100 .*bins, 200 permutations/,
    );
    expect(amount.pValue).toBeLessThanOrEqual(0.05);
    expect(amount.statistics).toEqual(
      roughly(byName(fixed.features).amount.statistics),
    );
    // The same seed gives the same thresholds.
    const again = await computeDrift(
      options({
        thresholds: { ...options().thresholds, mode: 'calibrated' },
      }),
    );
    expect(again.features.map(f => f.threshold)).toEqual(
      roughly(result.features.map(f => f.threshold)),
    );
  });

  it('reads missing values and categories the reference never had', async () => {
    const result = await computeDrift(
      options({
        referenceSql: `select * from reference`,
        currentSql: `select case when id % 4 = 0 then null else amount end as amount,
                        case when id % 10 = 0 then 'SE' else country end as country
                      from current_window`,
        features: [{ name: 'amount' }, { name: 'country' }],
      }),
    );
    const { amount, country } = byName(result.features);
    expect(amount.statistics.missingRate).toBeCloseTo(0.25, 12);
    expect(amount.statistics.referenceMissingRate).toBe(0);
    expect(country.statistics.unseenCategoryShare).toBeCloseTo(0.1, 12);
    expect(country.histogram!.categories).toEqual([
      'DE',
      'FR',
      'NL',
      'BE',
      'AT',
      '(other)',
    ]);
    expect(country.histogram!.reference[5]).toBe(0);
    expect(country.histogram!.current[5]).toBeCloseTo(0.1, 12);
  });

  it('keeps the 100 most frequent categories and finds unseen ones among the rest', async () => {
    const result = await computeDrift(
      options({
        referenceSql: `select 'c' || (id % 150) as code from reference`,
        currentSql: `select case when id % 20 = 0 then 'new' else 'c' || (id % 150) end as code from current_window`,
        features: [{ name: 'code', test: 'psi' }],
      }),
    );
    const [code] = result.features;
    expect(code.histogram!.categories).toHaveLength(101);
    expect(code.histogram!.categories![100]).toBe('(other)');
    expect(code.statistics.unseenCategoryShare).toBeCloseTo(0.05, 12);
    expect(code.test).toBe('psi');
    expect(code.threshold).toBe(0.1);
  });

  it('bins KS and Wasserstein only where the engine is not exact', async () => {
    // DuckDB is always exact, whatever exactMaxRows says.
    const result = await computeDrift(options({ exactMaxRows: 10 }));
    expect(byName(result.features).amount.method).toMatch(/exact, in DuckDB/);
    expect(byName(result.features).amount.statistics.ks).not.toBeCloseTo(
      binnedKs(
        byName(result.features).amount.histogram!.reference,
        byName(result.features).amount.histogram!.current,
      ),
      6,
    );
  });

  it('reuses the reference summary from the cache', async () => {
    const cache = memoryCache();
    const first = duckdb.statements.length;
    const cold = await computeDrift(options({ referenceCache: cache }));
    const coldStatements = duckdb.statements.slice(first);
    expect(cache.entries.size).toBe(1);

    const second = duckdb.statements.length;
    const warm = await computeDrift(options({ referenceCache: cache }));
    const warmStatements = duckdb.statements.slice(second);

    expect(warm).toEqual(roughly(cold));
    // Cold: the reference's moments and categories on top of the rest.
    expect(coldStatements.length - warmStatements.length).toBe(2);
    const readsOnlyReference = (sql: string) =>
      sql.includes('from reference') && !sql.includes('from current_window');
    expect(
      coldStatements.filter(s => readsOnlyReference(s) && !/limit 0$/.test(s)),
    ).toHaveLength(2);
    // Warm: only the column probe reads the reference alone.
    expect(
      warmStatements.filter(s => readsOnlyReference(s) && !/limit 0$/.test(s)),
    ).toEqual([]);

    // Other bins are another summary.
    await computeDrift(options({ referenceCache: cache, bins: 20 }));
    expect(cache.entries.size).toBe(2);
  });

  it('names a feature missing from either side', async () => {
    await expect(
      computeDrift(options({ features: [{ name: 'income' }] })),
    ).rejects.toThrow(
      new DriftDataError(
        'Feature "income" is not a column of the reference data (its columns: id, amount, age, score, country, is_member, predicted_at, label)',
      ),
    );
    await expect(
      computeDrift(
        options({
          currentSql: 'select id, age from current_window',
          features: [{ name: 'age' }, { name: 'amount' }],
        }),
      ),
    ).rejects.toThrow(
      'Feature "amount" is not a column of the current data (its columns: id, age)',
    );
  });

  it('refuses an empty window, a feature without values, a column of the wrong type and a test or threshold that cannot apply', async () => {
    await expect(
      computeDrift(options({ currentSql: 'select * from empty_window' })),
    ).rejects.toThrow(
      new DriftDataError(
        'The current data has no rows: nothing arrived in its window',
      ),
    );
    await expect(
      computeDrift(
        options({
          referenceSql: 'select * from reference where false',
        }),
      ),
    ).rejects.toThrow('The reference data has no rows');
    await expect(
      computeDrift(
        options({
          currentSql:
            'select cast(null as double) as amount from current_window',
          features: [{ name: 'amount' }],
        }),
      ),
    ).rejects.toThrow(
      'Feature "amount" has no values in the current data (all 2,000 rows are null, NaN or infinite)',
    );
    await expect(
      computeDrift(
        options({ features: [{ name: 'country', kind: 'numeric' }] }),
      ),
    ).rejects.toThrow(
      'Feature "country" is numeric, but its reference column "country" has type varchar, which is not a number',
    );
    await expect(
      computeDrift(options({ features: [{ name: 'predicted_at' }] })),
    ).rejects.toThrow(
      'Feature "predicted_at": its reference column "predicted_at" has type timestamp, which is neither numeric nor categorical; give the feature a kind',
    );
    await expect(
      computeDrift(options({ features: [{ name: 'country', test: 'ks' }] })),
    ).rejects.toThrow(
      'Feature "country" is categorical, and the ks test does not apply to categorical features',
    );
    await expect(
      computeDrift(
        options({
          referenceSql: 'select * from small_reference',
          features: [{ name: 'amount', threshold: 5 }],
        }),
      ),
    ).rejects.toThrow(
      'Feature "amount": the threshold of the ks test is its significance level, which must lie between 0 and 1, not 5',
    );
  });

  it('stops before reading the data when the run is aborted', async () => {
    const controller = new AbortController();
    controller.abort();
    const before = duckdb.statements.length;
    await expect(
      computeDrift(options({ signal: controller.signal })),
    ).rejects.toThrow('This operation was aborted');
    // Only the column probes ran.
    expect(
      duckdb.statements.slice(before).every(s => s.endsWith('limit 0')),
    ).toBe(true);
  });

  it('wraps the monitor SELECT as it is, trailing comment and semicolon included', async () => {
    const result = await computeDrift(
      options({
        referenceSql: 'select amount from reference -- the training rows\n;',
        currentSql: 'select amount from current_window;',
        features: [{ name: 'amount' }],
      }),
    );
    expect(result.features[0].drifted).toBe(true);
  });
});
