import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { TrinoDouble } from '@internal/platform-doubles';
import { TrinoEngine } from './engines/TrinoEngine';
import { QueryHistoryStore } from './QueryHistoryStore';
import { QueryService, QueryServiceSettings } from './QueryService';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const ada = { userRef: 'user:default/ada', engineUser: 'ada' };
const statement = { statementType: 'SELECT', tables: [] };
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const base: QueryServiceSettings = {
  defaultRowCap: 10_000,
  maxRowCap: 10_000,
  pageSize: 100,
  bufferedPages: 2,
  timeoutMs: 60_000,
  idleTimeoutMs: 60_000,
  maxConcurrentPerUser: 5,
  retainFinishedMs: 60_000,
};

/**
 * Console queries on Trino (the double) through two query services on one
 * database, as two replicas: nothing but the database and the page token
 * is shared between them.
 */
describe('Trino console queries nobody fetches, and page sizes', () => {
  let trino: TrinoDouble;
  let services: QueryService[] = [];
  beforeAll(async () => {
    trino = await TrinoDouble.start({
      // Larger than the console's page size, as Trino's are.
      rowsPerPage: 250,
      catalogs: {
        bench: {
          schemas: {
            s: { numbers: 'SELECT i FROM range(1000) t(i)' },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await trino?.stop();
  });
  afterEach(async () => {
    await Promise.all(services.map(s => s.stop()));
    services = [];
  });

  async function replicas(settings: Partial<QueryServiceSettings> = {}) {
    const knex = await databases.init('SQLITE_3');
    const history = await QueryHistoryStore.create(
      mockServices.database({ knex }),
    );
    const make = () =>
      QueryService.create({
        engines: [
          new TrinoEngine({
            server: trino.url,
            catalog: 'bench',
            schema: 's',
            source: 'test',
          }),
        ],
        history,
        settings: { ...base, ...settings },
        logger: mockServices.logger.mock(),
      });
    services = [make(), make()];
    return { a: services[0], b: services[1], history };
  }

  const submit = async (service: QueryService, sql: string, maxRows?: number) =>
    (await service.submit({ sql, maxRows }, statement, ada, () => {})).id;

  async function page(service: QueryService, id: string, token?: string) {
    const { page: answer, rows } = await service.nextPage(
      ada.userRef,
      id,
      token,
      2_000,
    );
    // Relayed rows are Trino's bytes, in pieces of one JSON array.
    const parsed = Buffer.isBuffer(rows[0])
      ? (JSON.parse(
          Buffer.concat(rows as Buffer[]).toString('utf8'),
        ) as unknown[][])
      : (rows as unknown[][]);
    return { ...answer, rows: parsed };
  }

  const deletes = (engineQueryId: string) =>
    trino.requests.filter(
      r => r.method === 'DELETE' && r.path === `/v1/query/${engineQueryId}`,
    );

  it('hands out pages of the page size, splitting Trino pages, on either replica', async () => {
    const { a, b } = await replicas();
    const id = await submit(a, 'select * from numbers order by i');
    const sizes: number[] = [];
    const rows: unknown[][] = [];
    let token: string | undefined;
    let last: Awaited<ReturnType<typeof page>> | undefined;
    for (let i = 0; i < 50; i++) {
      // Every other page from the replica that did not fetch the Trino page
      // before: it fetches it again and skips the rows handed out.
      last = await page(i % 2 ? b : a, id, token);
      if (last.rows.length) sizes.push(last.rows.length);
      rows.push(...last.rows);
      token = last.nextPageToken;
      if (!token) break;
    }
    expect(last).toMatchObject({ state: 'FINISHED', rowCount: 1000 });
    expect(sizes.every(size => size <= 100)).toBe(true);
    expect(sizes.filter(size => size < 100)).toHaveLength(0);
    expect(rows).toEqual(Array.from({ length: 1000 }, (_, i) => [i]));
  });

  it("admits statements submitted at the same moment up to the user's limit", async () => {
    const { a } = await replicas({ maxConcurrentPerUser: 3 });
    const answers = await Promise.allSettled(
      Array.from({ length: 6 }, () =>
        submit(a, 'select * from numbers order by i'),
      ),
    );
    expect(
      answers.filter(answer => answer.status === 'fulfilled'),
    ).toHaveLength(3);
    const refusals = answers.flatMap(answer =>
      answer.status === 'rejected' ? [String(answer.reason)] : [],
    );
    expect(refusals).toHaveLength(3);
    expect(refusals[0]).toContain(
      'You already run 3 queries, and at most 3 may run at once',
    );
  });

  it('cuts the page at the row cap, without parsing the rows', async () => {
    const { a, b } = await replicas();
    const id = await submit(a, 'select * from numbers order by i', 150);
    const first = await page(a, id);
    expect(first.rows).toHaveLength(100);
    const second = await page(b, id, first.nextPageToken);
    expect(second).toMatchObject({
      state: 'FINISHED',
      truncated: true,
      rowCount: 150,
    });
    expect(second.rows).toEqual(
      Array.from({ length: 50 }, (_, i) => [100 + i]),
    );
    expect(second.nextPageToken).toBeUndefined();
  });

  it('cancels a query nobody fetches pages of, on Trino as its user', async () => {
    const { a, b, history } = await replicas({ idleTimeoutMs: 1_000 });
    const id = await submit(a, 'select * from numbers order by i');
    const first = await page(a, id);
    expect(first.nextPageToken).toBeDefined();
    const { engineQueryId } = (await history.get(ada.userRef, id))!
      .engineQuery!;

    // Fetched just now: left running.
    expect(await b.cancelStaleEngineQueries()).toEqual([]);
    await sleep(700);
    // A page fetched through the other replica counts as activity.
    const second = await page(b, id, first.nextPageToken);
    await sleep(700);
    expect(await a.cancelStaleEngineQueries()).toEqual([]);
    expect(deletes(engineQueryId)).toHaveLength(0);

    await sleep(500);
    const reason = 'Nobody fetched the results for 1 s; the query was canceled';
    expect(await b.cancelStaleEngineQueries()).toEqual([
      expect.objectContaining({
        queryId: id,
        outcome: 'CANCELED',
        error: reason,
      }),
    ]);
    const killed = deletes(engineQueryId);
    expect(killed).toHaveLength(1);
    expect(killed[0].headers['x-trino-user']).toBe('ada');
    expect(await history.get(ada.userRef, id)).toMatchObject({
      state: 'CANCELED',
      error: reason,
    });
    // Only once: the next sweep finds nothing.
    expect(await a.cancelStaleEngineQueries()).toEqual([]);

    // A client that comes back is told why, on either replica.
    const after = await page(a, id, second.nextPageToken);
    expect(after).toMatchObject({
      state: 'CANCELED',
      rows: [],
      error: { message: reason, errorName: 'ABANDONED_QUERY' },
    });
    expect(after.nextPageToken).toBeUndefined();
  });

  it('cancels a query running longer than the time-out without any request', async () => {
    const { a, b, history } = await replicas({ timeoutMs: 1_000 });
    // Submitted, never paged: nothing but the sweep can end it.
    const id = await submit(a, 'select * from numbers order by i');
    const { engineQueryId } = (await history.get(ada.userRef, id))!
      .engineQuery!;
    expect(await b.cancelStaleEngineQueries()).toEqual([]);
    await sleep(1_200);

    const reason = 'The query ran longer than 1 s and was canceled';
    expect(await b.cancelStaleEngineQueries()).toEqual([
      expect.objectContaining({ queryId: id, error: reason }),
    ]);
    expect(deletes(engineQueryId)).toHaveLength(1);
    expect(await history.get(ada.userRef, id)).toMatchObject({
      state: 'CANCELED',
      error: reason,
    });
    const after = await page(a, id);
    expect(after).toMatchObject({
      state: 'CANCELED',
      error: { message: reason, errorName: 'EXCEEDED_TIME_LIMIT' },
    });
  });

  it('leaves queries that ended alone', async () => {
    const { a, b } = await replicas({ idleTimeoutMs: 1_000 });
    const id = await submit(a, 'select 1 as one');
    let token: string | undefined;
    for (let i = 0; i < 10; i++) {
      const answer = await page(a, id, token);
      token = answer.nextPageToken;
      if (!token) break;
    }
    const canceled = await submit(a, 'select * from numbers');
    await a.cancel(ada.userRef, canceled);
    const requests = trino.requests.length;
    await sleep(1_200);
    expect(await b.cancelStaleEngineQueries()).toEqual([]);
    expect(trino.requests.length).toBe(requests);
  });
});
