import path from 'node:path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { TrinoDouble } from '@internal/platform-doubles';
import { lakehousePlugin } from '../plugin';
import { sharedPostgres } from './__testUtils__/sharedPostgres';

jest.setTimeout(120_000);

const projectDir = path.resolve(__dirname, '../../../../examples/lakehouse');
const postgres = sharedPostgres();

/**
 * Two backends on one PostgreSQL, as replicas behind a load balancer, with
 * one Trino: a console query started on one is paged, downloaded and
 * canceled through the other.
 */
describe('console queries across backend replicas', () => {
  let trino: TrinoDouble;
  let database: Awaited<ReturnType<typeof postgres.start>>;
  const backends: Awaited<ReturnType<typeof startTestBackend>>[] = [];
  let a: any;
  let b: any;

  beforeAll(async () => {
    trino = await TrinoDouble.start({
      // Larger than the console's page size (100), so that a page of
      // Trino's is handed out in parts, by either replica.
      rowsPerPage: 150,
      catalogs: {
        bench: {
          schemas: {
            s: { numbers: 'SELECT i, i * 2 AS twice FROM range(500) t(i)' },
          },
        },
      },
    });
    database = await postgres.start(2);
    // One after the other: both build the demo lakehouse's DuckDB files.
    for (const knex of database.clients) {
      backends.push(
        await startTestBackend({
          features: [
            lakehousePlugin,
            mockServices.database.factory({ knex }),
            mockServices.rootConfig.factory({
              data: {
                lakehouse: {
                  trino: { server: trino.url, catalog: 'bench', schema: 's' },
                  demo: { projectDir },
                  queries: { pageSize: 100, maxConcurrentPerUser: 5 },
                },
              },
            }),
            catalogServiceMock.factory({ entities: [] }),
          ],
        }),
      );
    }
    [a, b] = backends.map(backend => backend.server);
  });
  afterAll(async () => {
    await Promise.all(backends.map(backend => backend.stop()));
    await database?.stop();
    await trino?.stop();
  });

  const submit = async (server: any, body: object) => {
    const res = await request(server).post('/api/lakehouse/queries').send(body);
    expect(res.status).toBe(202);
    return res.body.id as string;
  };
  const page = (server: any, id: string, pageToken?: string) =>
    request(server)
      .get(`/api/lakehouse/queries/${id}`)
      .query({ ...(pageToken ? { pageToken } : {}), maxWaitMs: 2000 });

  it('pages a query started on one replica through both, in order', async () => {
    const id = await submit(a, { sql: 'select * from numbers order by i' });
    const rows: unknown[][] = [];
    let token: string | undefined;
    let last: any;
    // Every other page from the replica that did not start the query.
    for (let i = 0; i < 100; i++) {
      const res = await page(i % 2 === 0 ? b : a, id, token);
      expect(res.status).toBe(200);
      last = res.body;
      expect(last.rows.length).toBeLessThanOrEqual(100);
      rows.push(...last.rows);
      token = last.nextPageToken;
      if (!token) break;
    }
    expect(last).toMatchObject({
      state: 'FINISHED',
      rowCount: 500,
      truncated: false,
      columns: [
        { name: 'i', type: 'bigint' },
        { name: 'twice', type: 'bigint' },
      ],
    });
    expect(rows).toEqual(Array.from({ length: 500 }, (_, i) => [i, i * 2]));

    // The outcome is in the database: both replicas show it.
    for (const server of [a, b]) {
      const history = await request(server).get('/api/lakehouse/history');
      expect(history.body.items).toContainEqual(
        expect.objectContaining({ id, state: 'FINISHED', rowCount: 500 }),
      );
    }
  });

  it('refuses a page token of another user (403) or one that was altered (400)', async () => {
    const id = await submit(a, { sql: 'select * from numbers' });
    const first = await page(b, id);
    const token: string = first.body.nextPageToken;
    expect(token).toBeDefined();

    const other = await request(b)
      .get(`/api/lakehouse/queries/${id}`)
      .set('Authorization', mockCredentials.user.header('user:default/eve'))
      .query({ pageToken: token });
    expect(other.status).toBe(403);

    const [payload, signature] = token.split('.');
    const state = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const raised = Buffer.from(
      JSON.stringify({ ...state, c: 1_000_000 }),
    ).toString('base64url');
    const altered = await page(a, id, `${raised}.${signature}`);
    expect(altered.status).toBe(400);

    // The query itself goes on for its user.
    expect((await page(a, id, token)).status).toBe(200);
    await request(a).delete(`/api/lakehouse/queries/${id}`);
  });

  it('cancels through the other replica, on Trino too', async () => {
    const id = await submit(a, {
      sql: 'select count(*) from range(100000000000) t',
    });
    const first = await request(a)
      .get(`/api/lakehouse/queries/${id}`)
      .query({ maxWaitMs: 300 });
    expect(first.body.nextPageToken).toBeDefined();
    const deletesBefore = trino.requests.filter(
      r => r.method === 'DELETE',
    ).length;

    expect(
      (await request(b).delete(`/api/lakehouse/queries/${id}`)).status,
    ).toBe(204);
    expect(
      trino.requests.filter(r => r.method === 'DELETE').length,
    ).toBeGreaterThan(deletesBefore);

    // The replica that started it sees the cancel when its client asks.
    const after = await page(a, id, first.body.nextPageToken);
    expect(after.status).toBe(200);
    expect(after.body).toMatchObject({ state: 'CANCELED', rows: [] });
    expect(after.body.nextPageToken).toBeUndefined();
    for (const server of [a, b]) {
      const history = await request(server).get('/api/lakehouse/history');
      expect(history.body.items).toContainEqual(
        expect.objectContaining({ id, state: 'CANCELED' }),
      );
    }
  });

  it('downloads the CSV through the other replica', async () => {
    const id = await submit(a, {
      sql: 'select i from numbers where i < 3 order by i',
    });
    const csv = await request(b).get(`/api/lakehouse/queries/${id}/csv`);
    expect(csv.status).toBe(200);
    expect(csv.text.split('\r\n')).toEqual(['i', '0', '1', '2', '']);
    await request(a).delete(`/api/lakehouse/queries/${id}`);
  });

  it('says a DuckDB query pages only on the replica that started it (409)', async () => {
    const id = await submit(a, {
      sql: 'select 1 as one',
      engine: 'duckdb',
    });
    const elsewhere = await page(b, id);
    expect(elsewhere.status).toBe(409);
    expect(elsewhere.body.error.message).toContain('duckdb');
    expect(elsewhere.body.error.message).toContain('replica');
    // On its own replica it pages as ever.
    const rows: unknown[][] = [];
    let token: string | undefined;
    for (let i = 0; i < 20; i++) {
      const here = await page(a, id, token);
      expect(here.status).toBe(200);
      rows.push(...here.body.rows);
      token = here.body.nextPageToken;
      if (!token) break;
    }
    expect(rows).toEqual([[1]]);
  });
});
