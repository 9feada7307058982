import { readDriftConfig } from './config';
import { ConfigReader } from '@backstage/config';
import {
  parseEngineTime,
  quoteTableName,
  resolveSideSql,
  timestampLiteral,
} from './monitorSql';

const monitorWith = (current: object, features: string[] = []) =>
  readDriftConfig(
    new ConfigReader({
      lakehouse: {
        drift: {
          monitors: {
            m: {
              entity: 'resource:default/m',
              reference: { table: 'lakehouse.gold.t' },
              current,
              features,
            },
          },
        },
      },
    }),
  ).monitors[0];

describe('the SQL of a monitor', () => {
  const now = new Date('2026-12-04T12:00:00Z');

  it('quotes table parts and keeps parts already quoted', () => {
    expect(quoteTableName('lakehouse.gold.fct_orders')).toBe(
      '"lakehouse"."gold"."fct_orders"',
    );
    expect(quoteTableName('lakehouse."My Schema".t')).toBe(
      '"lakehouse"."My Schema"."t"',
    );
  });

  it('selects the features of a whole table', async () => {
    const m = monitorWith({ table: 'lakehouse.raw.log' }, ['a', 'b']);
    expect(await resolveSideSql(m, m.current, jest.fn(), now)).toBe(
      'select "a", "b" from "lakehouse"."raw"."log"',
    );
  });

  it('resolves a sliding window to fixed times, so the report can be replayed', async () => {
    const m = monitorWith({
      table: 'lakehouse.raw.log',
      timestampColumn: 'ts',
      window: { days: 7 },
    });
    expect(await resolveSideSql(m, m.current, jest.fn(), now)).toBe(
      `select * from "lakehouse"."raw"."log" where "ts" > timestamp '2026-11-27 12:00:00.000' and "ts" <= timestamp '2026-12-04 12:00:00.000'`,
    );
  });

  it('anchors a window on the newest row when asked', async () => {
    const m = monitorWith({
      table: 'lakehouse.raw.log',
      timestampColumn: 'ts',
      window: { hours: 1 },
      anchor: 'latest',
    });
    const scalar = jest.fn(async () => '2025-08-31 23:52:48');
    expect(await resolveSideSql(m, m.current, scalar, now)).toContain(
      `"ts" > timestamp '2025-08-31 22:52:48.000' and "ts" <= timestamp '2025-08-31 23:52:48.000'`,
    );
    expect(scalar).toHaveBeenCalledWith(
      'select max("ts") from "lakehouse"."raw"."log"',
    );
    await expect(
      resolveSideSql(m, m.current, async () => null, now),
    ).rejects.toThrow(/lakehouse.raw.log has no rows with a ts/);
  });

  it('uses a fixed window as configured and a SELECT as written', async () => {
    const m = monitorWith({
      table: 'lakehouse.raw.log',
      timestampColumn: 'ts',
      from: '2025-08-04',
      to: '2025-08-24T12:00:00Z',
    });
    expect(await resolveSideSql(m, m.current, jest.fn(), now)).toContain(
      `where "ts" >= timestamp '2025-08-04 00:00:00.000' and "ts" < timestamp '2025-08-24 12:00:00.000'`,
    );
    expect(
      await resolveSideSql(m, { sql: 'select 1 as x;  ' }, jest.fn(), now),
    ).toBe('select 1 as x');
  });

  it('reads times the way engines return them', () => {
    expect(parseEngineTime('2025-08-31 23:52:48.123456')?.toISOString()).toBe(
      '2025-08-31T23:52:48.123Z',
    );
    expect(parseEngineTime('2025-08-31 23:52:48 UTC')?.toISOString()).toBe(
      '2025-08-31T23:52:48.000Z',
    );
    expect(parseEngineTime('2025-08-31 12:00:00+02')?.toISOString()).toBe(
      '2025-08-31T10:00:00.000Z',
    );
    expect(parseEngineTime('2025-08-31')?.toISOString()).toBe(
      '2025-08-31T00:00:00.000Z',
    );
    expect(parseEngineTime('not a time')).toBeUndefined();
    expect(timestampLiteral(new Date('2025-01-02T03:04:05.006Z'))).toBe(
      "timestamp '2025-01-02 03:04:05.006'",
    );
  });
});
