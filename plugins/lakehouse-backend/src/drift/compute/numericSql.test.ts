import { binningFor, type Binning } from './binning';
import { exactNumericSql, readExactNumeric } from './numericSql';
import { doubleLiteral } from './sqlText';
import {
  createDuckDbRunner,
  type DuckDbDriftRunner,
} from './__testUtils__/duckDbRunner';
// Samples and scipy's ks_2samp / wasserstein_distance of them, recorded by
// __fixtures__/make_exact.py.
import fixture from './__fixtures__/exact.json';

const valuesSql = (values: number[]) =>
  `select unnest([${values.map(doubleLiteral).join(', ')}]) v`;

describe('exact KS and Wasserstein-1 in SQL', () => {
  let runner: DuckDbDriftRunner;
  beforeAll(async () => {
    runner = await createDuckDbRunner();
  });
  afterAll(() => runner.close());

  async function exact(
    reference: number[],
    current: number[],
    binningOf: (min: number, max: number) => Binning,
  ) {
    const min = Math.min(...reference);
    const max = Math.max(...reference);
    const sql = exactNumericSql({
      // Missing, NaN and infinite values must not count.
      referenceSql: `${valuesSql(
        reference,
      )} union all select null union all select 'NaN'::double union all select 'Infinity'::double`,
      currentSql: `${valuesSql(
        current,
      )} union all select '-Infinity'::double union all select null`,
      referenceColumn: 'v',
      currentColumn: 'v',
      binning: binningOf(min, max),
      n: reference.length,
      m: current.length,
      min: Math.min(min, ...current),
      max: Math.max(max, ...current),
      levels: [10],
    });
    const { rows } = await runner.run(sql);
    return readExactNumeric(rows, [10]);
  }

  // Coarse fine bins leave most bins to the window over their rows; fine
  // ones settle most bins from their counts and sums.
  const binnings: [string, (min: number, max: number) => Binning][] = [
    ['4 fine bins', (lo, hi) => ({ ...binningFor(lo, hi, [10]), fine: 4 })],
    ['64 fine bins', (lo, hi) => ({ ...binningFor(lo, hi, [10]), fine: 64 })],
    ['the default fine bins', (lo, hi) => binningFor(lo, hi, [10])],
  ];

  describe.each(binnings)('with %s', (_, binningOf) => {
    it.each(fixture.cases.map(c => [c.name, c] as const))(
      'equals scipy on %s',
      async (__, c) => {
        const result = await exact(c.reference, c.current, binningOf);
        expect(result.ks).toBeCloseTo(c.ks, 12);
        const tolerance = Math.max(1e-9, 1e-12 * Math.abs(c.wasserstein));
        expect(Math.abs(result.wasserstein - c.wasserstein)).toBeLessThan(
          tolerance,
        );
      },
    );
  });

  it('counts both sides on bins of the reference range, the largest value and current values outside it in the outer bins', async () => {
    const result = await exact(
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10],
      [-5, 0.5, 9.99, 10, 25],
      (lo, hi) => ({ lo, hi, fine: 100 }),
    );
    expect(result.reference[0]).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 2]);
    expect(result.current[0]).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
  });
});
