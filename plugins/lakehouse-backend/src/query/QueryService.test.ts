import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { EngineEvent, EngineQuery, QueryEngine } from './engines/types';
import { QueryHistoryStore } from './QueryHistoryStore';
import { RunningQuery } from './RunningQuery';
import {
  ConcurrencyLimitError,
  QueryFailedError,
  QueryService,
  QueryServiceSettings,
  QueryTimeoutError,
} from './QueryService';

jest.setTimeout(30_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

/**
 * An engine over one table of `rows` numbered rows; `hang` makes every
 * statement wait until it is aborted, as a slow engine would.
 */
function fakeEngine(options: { rows?: number; hang?: boolean } = {}) {
  const statements: EngineQuery[] = [];
  const engine: QueryEngine = {
    id: 'duckdb',
    title: 'Fake',
    defaultCatalog: 'lakehouse',
    async *execute(query): AsyncIterable<EngineEvent> {
      statements.push(query);
      if (options.hang) {
        await new Promise(resolve =>
          query.signal.addEventListener('abort', resolve),
        );
        return;
      }
      yield { type: 'columns', columns: [{ name: 'n', type: 'integer' }] };
      const limit = Number(/LIMIT (\d+)/.exec(query.sql)?.[1] ?? Infinity);
      const n = Math.min(options.rows ?? 0, limit);
      for (let i = 0; i < n; i += 7) {
        if (query.signal.aborted) return;
        yield {
          type: 'rows',
          rows: Array.from({ length: Math.min(7, n - i) }, (_, j) => [i + j]),
        };
      }
    },
    listCatalogs: async () => [],
    listSchemas: async () => [],
    listTables: async () => [],
    listColumns: async () => [],
    close: async () => {},
  };
  return { engine, statements };
}

const settings: QueryServiceSettings = {
  defaultRowCap: 100,
  maxRowCap: 30,
  pageSize: 10,
  bufferedPages: 2,
  timeoutMs: 300,
  idleTimeoutMs: 60_000,
  maxConcurrentPerUser: 1,
  retainFinishedMs: 60_000,
};
const ada = { userRef: 'user:default/ada', engineUser: 'ada' };

describe('dataset previews in the query service', () => {
  let history: QueryHistoryStore;
  let services: QueryService[] = [];
  beforeEach(async () => {
    const knex = await databases.init('SQLITE_3');
    history = await QueryHistoryStore.create(mockServices.database({ knex }));
  });
  afterEach(async () => {
    await Promise.all(services.map(s => s.stop()));
    services = [];
  });
  function service(engine: QueryEngine) {
    const queries = QueryService.create({
      engines: [engine],
      history,
      settings,
      logger: mockServices.logger.mock(),
    });
    services.push(queries);
    return queries;
  }
  const untilRecorded = async (id: string) => {
    for (let i = 0; i < 50; i++) {
      const entry = await history.get(ada.userRef, id);
      if (entry && entry.state !== 'QUEUED') return entry;
      await new Promise(r => setTimeout(r, 20));
    }
    return history.get(ada.userRef, id);
  };

  it('reads the first rows, quoting the table, up to the row cap', async () => {
    const { engine, statements } = fakeEngine({ rows: 100 });
    const preview = await service(engine).preview({
      table: 'lakehouse.gold."odd',
      limit: 50,
      user: ada,
    });
    // lakehouse.queries.maxRowCap (30) caps what the client asked (50).
    expect(statements[0]).toMatchObject({
      sql: 'SELECT * FROM "lakehouse"."gold"."""odd" LIMIT 31',
      user: 'ada',
    });
    expect(preview).toMatchObject({
      engine: 'duckdb',
      table: 'lakehouse.gold."odd',
      columns: [{ name: 'n', type: 'integer' }],
      truncated: true,
    });
    expect(preview.rows).toEqual(Array.from({ length: 30 }, (_, i) => [i]));
    expect(await untilRecorded(preview.queryId)).toMatchObject({
      sql: 'SELECT * FROM "lakehouse"."gold"."""odd" LIMIT 31',
      state: 'FINISHED',
      rowCount: 30,
      truncated: true,
    });
  });

  it('says a small table is complete', async () => {
    const preview = await service(fakeEngine({ rows: 4 }).engine).preview({
      table: 'lakehouse.gold.t',
      limit: 5,
      user: ada,
    });
    expect(preview.rows).toHaveLength(4);
    expect(preview.truncated).toBe(false);
  });

  it('times out like any statement and records it', async () => {
    const queries = service(fakeEngine({ hang: true }).engine);
    const started = Date.now();
    const error = await queries
      .preview({ table: 'lakehouse.gold.t', limit: 5, user: ada })
      .catch(e => e);
    expect(error).toBeInstanceOf(QueryTimeoutError);
    expect(Date.now() - started).toBeLessThan(2_000);
    const [entry] = await history.list(ada.userRef, { limit: 1, offset: 0 });
    expect(await untilRecorded(entry.id)).toMatchObject({
      state: 'CANCELED',
      error: expect.stringContaining('ran longer than'),
    });
  });

  it("counts towards the user's concurrency limit", async () => {
    const queries = service(fakeEngine({ hang: true }).engine);
    const running = await queries.submit(
      { sql: 'select 1' },
      { statementType: 'SELECT', tables: [] },
      ada,
      () => {},
    );
    await expect(
      queries.preview({ table: 'lakehouse.gold.t', limit: 5, user: ada }),
    ).rejects.toBeInstanceOf(ConcurrencyLimitError);
    // Another user is not held back.
    await expect(
      queries.preview({
        table: 'lakehouse.gold.t',
        limit: 5,
        user: { userRef: 'user:default/bob', engineUser: 'bob' },
      }),
    ).rejects.toBeInstanceOf(QueryTimeoutError);
    (running as RunningQuery).cancel();
  });

  it('cancels the statement when the client goes away', async () => {
    const { engine, statements } = fakeEngine({ hang: true });
    const controller = new AbortController();
    const preview = service(engine).preview({
      table: 'lakehouse.gold.t',
      limit: 5,
      user: ada,
      signal: controller.signal,
    });
    await new Promise(r => setTimeout(r, 20));
    controller.abort();
    await expect(preview).rejects.toBeInstanceOf(QueryFailedError);
    expect(statements[0].signal.aborted).toBe(true);
  });

  it('keeps what a statement reads for the CSV download to check again', async () => {
    const queries = service(fakeEngine({ rows: 1 }).engine);
    const query = await queries.submit(
      { sql: 'select * from dim_customers', schema: 'silver' },
      { statementType: 'SELECT', tables: ['dim_customers'] },
      ada,
      () => {},
    );
    expect((query as RunningQuery).scope).toEqual({
      tables: ['dim_customers'],
      catalog: undefined,
      schema: 'silver',
    });
  });
});
