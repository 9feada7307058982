import { TrinoDouble } from '@internal/platform-doubles';
import type { DriftFeatureReport } from '@internal/plugin-lakehouse-common';
import { computeDrift, ComputeDriftOptions, DriftSqlRunner } from '.';
import { doubleLiteral } from './sqlText';
import { checkedRunner } from './__testUtils__/checkedRunner';
import {
  createDuckDbRunner,
  DuckDbDriftRunner,
} from './__testUtils__/duckDbRunner';
import { predictionLogSql } from './__testUtils__/predictionLog';
import { roughly } from './__testUtils__/roughly';
import { createTrinoRunner } from './__testUtils__/trinoRunner';
// Samples and scipy's ks_2samp / wasserstein_distance of them, recorded by
// __fixtures__/make_exact.py.
import fixture from './__fixtures__/exact.json';

const TABLES = {
  reference: predictionLogSql({ rows: 3000, first: 0 }),
  current_window: predictionLogSql({ rows: 1500, first: 1_000_000, shift: 1 }),
  ties_reference: `select unnest([${fixture.cases[2].reference
    .map(doubleLiteral)
    .join(', ')}]) as x`,
  ties_current: `select unnest([${fixture.cases[2].current
    .map(doubleLiteral)
    .join(', ')}]) as x`,
};

/** What must not depend on the engine: everything but the method's wording. */
const comparable = (features: DriftFeatureReport[]) =>
  features.map(({ method, ...rest }) => rest);

describe('computeDrift on Trino', () => {
  let trino: TrinoDouble;
  let duckdb: DuckDbDriftRunner;
  let runner: DriftSqlRunner;
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
      permutations: 100,
      bins: 100,
      seed: 11,
    },
    bins: 10,
    exactMaxRows: 10_000,
    ...overrides,
  });

  beforeAll(async () => {
    trino = await TrinoDouble.start({
      catalogs: { lake: { schemas: { ml: TABLES } } },
      threads: 2,
    });
    runner = checkedRunner(
      createTrinoRunner({ server: trino.url, catalog: 'lake', schema: 'ml' }),
    );
    duckdb = await createDuckDbRunner();
    for (const [name, sql] of Object.entries(TABLES)) {
      await duckdb.setup(`create table ${name} as ${sql}`);
    }
  });
  afterAll(async () => {
    await trino.stop();
    duckdb.close();
  });

  it('gives the numbers DuckDB gives, exact KS and Wasserstein included', async () => {
    const onTrino = await computeDrift(options());
    const onDuckDb = await computeDrift(options({ runner: duckdb }));
    expect(onTrino.referenceRows).toBe(3000);
    expect(onTrino.features.map(f => f.name)).toEqual([
      'amount',
      'age',
      'score',
      'country',
      'is_member',
    ]);
    expect(comparable(onTrino.features)).toEqual(
      roughly(comparable(onDuckDb.features)),
    );
    expect(onTrino.features.filter(f => f.drifted).map(f => f.name)).toEqual([
      'amount',
    ]);
    expect(onTrino.features[0].method).toMatch(
      /over all 3,000 reference and 1,500 current values \(exact, in Trino\)/,
    );
  });

  it('reports the KS D and Wasserstein-1 scipy computes, ties included', async () => {
    const result = await computeDrift(
      options({
        referenceSql: 'select x from ties_reference',
        currentSql: 'select x from ties_current',
        features: [{ name: 'x', kind: 'numeric' }],
      }),
    );
    expect(result.features[0].statistics.ks).toBeCloseTo(
      fixture.cases[2].ks,
      12,
    );
    expect(result.features[0].statistics.wasserstein).toBeCloseTo(
      fixture.cases[2].wasserstein,
      12,
    );
  });

  it('bins KS and Wasserstein above exactMaxRows, and then reads the reference only once', async () => {
    const entries = new Map<string, unknown>();
    const referenceCache = {
      get: async (key: string) => entries.get(key),
      set: async (key: string, summary: unknown) => {
        entries.set(key, JSON.parse(JSON.stringify(summary)));
      },
    };
    const exact = await computeDrift(options());
    const binned = await computeDrift(
      options({ exactMaxRows: 1000, referenceCache }),
    );
    const amount = binned.features[0];
    expect(amount.method).toBe(
      'Wasserstein-1 on 100 equal-width bins (a side has more than 1,000 rows, the limit of exact statistics on Trino), divided by the reference standard deviation; fixed threshold',
    );
    // Bins of 1/100 of the range move KS and Wasserstein a little, not much.
    const exactAmount = exact.features[0];
    expect(amount.statistics.ks).not.toBe(exactAmount.statistics.ks);
    expect(
      Math.abs(amount.statistics.ks! - exactAmount.statistics.ks!),
    ).toBeLessThan(0.02);
    expect(
      Math.abs(
        amount.statistics.wassersteinNormalized! -
          exactAmount.statistics.wassersteinNormalized!,
      ),
    ).toBeLessThan(0.02);
    expect(binned.features.filter(f => f.drifted).map(f => f.name)).toEqual([
      'amount',
    ]);

    const before = trino.queries.length;
    const warm = await computeDrift(
      options({ exactMaxRows: 1000, referenceCache }),
    );
    const statements = trino.queries.slice(before).map(q => q.sql);
    expect(statements.filter(sql => sql.includes('from reference'))).toEqual([
      'select * from (\nselect * from reference\n) t limit 0',
    ]);
    expect(comparable(warm.features)).toEqual(
      roughly(comparable(binned.features)),
    );
  });
});
