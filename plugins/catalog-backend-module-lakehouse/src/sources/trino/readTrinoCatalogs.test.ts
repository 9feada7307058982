import { TrinoDouble } from '@internal/platform-doubles';
import { readTrinoCatalogs } from './readTrinoCatalogs';

jest.setTimeout(30_000);

describe('readTrinoCatalogs', () => {
  let trino: TrinoDouble;
  beforeAll(async () => {
    trino = await TrinoDouble.start({
      rowsPerPage: 2,
      catalogs: {
        hive: {
          schemas: {
            web: {
              sessions: {
                sql: "SELECT 1::BIGINT AS session_id, 'x'::VARCHAR AS user_agent, DATE '2025-01-01' AS day",
                notNull: ['session_id'],
              },
              daily_sessions: { sql: 'SELECT 1::BIGINT AS n', view: true },
            },
            staging: { tmp: 'SELECT 1::INTEGER AS a' },
          },
        },
        postgresql: {
          schemas: { public: { accounts: 'SELECT 1::BIGINT AS id' } },
        },
      },
    });
  });
  afterAll(() => trino.stop());

  it('reads tables and columns of each configured catalog through trino-client', async () => {
    const fragments = await readTrinoCatalogs({
      sourceId: 'trino:warehouse',
      server: trino.url,
      catalogs: ['hive', 'postgresql'],
      user: 'backstage-catalog',
      excludeSchemas: ['staging'],
    });
    expect(fragments.map(f => [f.identifier, f.format])).toEqual([
      ['hive.web.daily_sessions', 'view'],
      ['hive.web.sessions', 'table'],
      ['postgresql.public.accounts', 'table'],
    ]);
    expect(fragments[1].columns).toEqual([
      { name: 'session_id', type: 'bigint', nullable: false },
      { name: 'user_agent', type: 'varchar', nullable: true },
      { name: 'day', type: 'date', nullable: true },
    ]);
    expect(trino.queries.length).toBeGreaterThanOrEqual(4);
    expect(trino.queries.every(q => q.user === 'backstage-catalog')).toBe(true);
  });

  it('names the catalog and Trino error when a query fails', async () => {
    await expect(
      readTrinoCatalogs({
        sourceId: 'trino:warehouse',
        server: trino.url,
        catalogs: ['missing_catalog'],
        user: 'backstage',
        excludeSchemas: [],
      }),
    ).rejects.toThrow(
      /^Listing the tables of catalog missing_catalog failed in Trino: \w+: /,
    );
  });
});
