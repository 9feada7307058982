import path from 'node:path';
import request from 'supertest';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { TrinoDouble } from '@internal/platform-doubles';
import { lakehousePlugin } from '../plugin';
import {
  permissionsDenying,
  recordingAuditor,
} from '../__testUtils__/services';
import { catalogHidingFromUsers } from './__testUtils__/catalogHidingFromUsers';

jest.setTimeout(60_000);

const projectDir = path.resolve(__dirname, '../../../../examples/lakehouse');

const dataset = (
  table: string,
  extra: Partial<Entity['metadata']> = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: table,
    namespace: 'default',
    annotations: { 'lakehouse.dev/table': table },
    ...extra,
  },
  spec: { type: 'dataset', owner: 'group:default/analytics-engineering' },
});

const piiCustomers = dataset('lakehouse.silver.dim_customers', {
  annotations: {
    'lakehouse.dev/table': 'lakehouse.silver.dim_customers',
    'lakehouse.dev/classification': 'pii',
  },
});

// Users cannot see these in the catalog; the plugin's own credentials can.
const stgCustomers = dataset('lakehouse.bronze.stg_customers');
const rawCustomers: Entity = {
  ...dataset('lakehouse.raw.customers'),
  metadata: {
    name: 'crm-customers',
    namespace: 'finance',
    annotations: { 'lakehouse.dev/table': 'lakehouse.raw.customers' },
  },
};

/**
 * The plugin on the demo lakehouse. `deny` (permissions or resource refs
 * refused) and `hidden` (entity refs users cannot see in the catalog) may be
 * changed while the backend runs.
 */
async function startLakehouse(
  options: { deny?: string[]; hidden?: string[]; lakehouse?: object } = {},
) {
  const { auditor, events } = recordingAuditor();
  const backend = await startTestBackend({
    features: [
      lakehousePlugin,
      mockServices.rootConfig.factory({
        data: {
          lakehouse: {
            demo: { projectDir },
            queries: {
              pageSize: 100,
              maxConcurrentPerUser: 2,
              idleTimeoutSeconds: 30,
            },
            ...options.lakehouse,
          },
        },
      }),
      catalogHidingFromUsers(
        [
          dataset('lakehouse.gold.fct_orders'),
          dataset('lakehouse.silver.dim_date'),
          piiCustomers,
          stgCustomers,
          rawCustomers,
        ],
        options.hidden ?? [],
      ).factory,
      permissionsDenying(options.deny).factory,
      auditor.factory,
    ],
  });
  return { server: backend.server, stop: () => backend.stop(), events };
}

/** Runs a statement through the API the way the console does, following every page. */
async function runQuery(server: any, body: object) {
  const submitted = await request(server)
    .post('/api/lakehouse/queries')
    .send(body);
  if (submitted.status !== 202)
    return {
      submitted,
      pages: [],
      rows: [] as unknown[][],
      last: undefined as any,
    };
  const pages: any[] = [];
  let token: string | undefined;
  for (let i = 0; i < 500; i++) {
    const page = await request(server)
      .get(`/api/lakehouse/queries/${submitted.body.id}`)
      .query({ ...(token ? { pageToken: token } : {}), maxWaitMs: 2000 });
    expect(page.status).toBe(200);
    pages.push(page.body);
    token = page.body.nextPageToken;
    if (!token) break;
  }
  return {
    submitted,
    pages,
    rows: pages.flatMap(p => p.rows),
    last: pages[pages.length - 1],
  };
}

describe('the lakehouse query API on the embedded DuckDB', () => {
  let lakehouse: Awaited<ReturnType<typeof startLakehouse>>;
  beforeAll(async () => {
    lakehouse = await startLakehouse();
  });
  afterAll(() => lakehouse.stop());

  it('lists DuckDB as the default engine when no Trino is configured', async () => {
    const res = await request(lakehouse.server).get('/api/lakehouse/engines');
    expect(res.body.engines).toEqual([
      expect.objectContaining({
        id: 'duckdb',
        default: true,
        catalog: 'lakehouse',
      }),
    ]);
  });

  it('runs a join over the star schema and pages through its rows', async () => {
    const { submitted, rows, last, pages } = await runQuery(lakehouse.server, {
      sql: 'select f.order_id, d.date_day, f.order_amount from lakehouse.gold.fct_orders f join lakehouse.silver.dim_date d on f.date_key = d.date_key order by f.order_id',
      maxRows: 250,
    });
    expect(submitted.status).toBe(202);
    expect(submitted.body.engine).toBe('duckdb');
    expect(pages.filter(p => p.rows.length > 0).length).toBe(3); // 100 + 100 + 50
    expect(rows).toHaveLength(250);
    expect(rows[0][0]).toBe(1);
    expect(last).toMatchObject({
      state: 'FINISHED',
      rowCount: 250,
      truncated: true,
      statementType: 'SELECT',
    });
    expect(last.columns).toEqual([
      { name: 'order_id', type: 'bigint' },
      { name: 'date_day', type: 'date' },
      { name: 'order_amount', type: 'decimal(38,2)' },
    ]);
  });

  it('refuses a statement that is not read-only and audits the refusal', async () => {
    const res = await request(lakehouse.server)
      .post('/api/lakehouse/queries')
      .send({
        sql: "delete from lakehouse.gold.fct_orders where status = 'returned'",
      });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/^Refused: .*DELETE/);
    const event = lakehouse.events[lakehouse.events.length - 1];
    expect(event).toMatchObject({ eventId: 'query', outcome: 'fail' });
    expect(event.meta.sql).not.toContain('returned');
  });

  it('audits every query with its engine, tables, duration and rows', async () => {
    await runQuery(lakehouse.server, {
      sql: "select count(*) from lakehouse.gold.fct_orders where status = 'completed'",
    });
    const event = lakehouse.events.filter(e => e.eventId === 'query').pop();
    expect(event.meta).toMatchObject({
      engine: 'duckdb',
      statementType: 'SELECT',
      tables: ['lakehouse.gold.fct_orders'],
    });
    expect(event.meta.sql).not.toContain('completed');
    expect(event.outcome).toBe('success');
    expect(event.result).toMatchObject({ outcome: 'FINISHED', rows: 1 });
    expect(typeof event.result.durationMs).toBe('number');
  });

  it("reports the engine's error with its position", async () => {
    const { last } = await runQuery(lakehouse.server, {
      sql: 'select no_such_column from lakehouse.gold.fct_orders',
    });
    expect(last.state).toBe('FAILED');
    expect(last.error.errorName).toBe('COLUMN_NOT_FOUND');
    expect(last.error.message).toContain('no_such_column');
  });

  it('cancels a query on request', async () => {
    const submitted = await request(lakehouse.server)
      .post('/api/lakehouse/queries')
      .send({ sql: 'select count(*) from range(100000000000) a', maxRows: 10 });
    expect(submitted.status).toBe(202);
    const cancel = await request(lakehouse.server).delete(
      `/api/lakehouse/queries/${submitted.body.id}`,
    );
    expect(cancel.status).toBe(204);
    let page;
    for (let i = 0; i < 20; i++) {
      page = await request(lakehouse.server)
        .get(`/api/lakehouse/queries/${submitted.body.id}`)
        .query({ maxWaitMs: 500 });
      if (page.body.state === 'CANCELED') break;
    }
    expect(page!.body).toMatchObject({
      state: 'CANCELED',
      error: { errorName: 'USER_CANCELED' },
    });
  });

  it('answers 410 for a page token that is not the next one', async () => {
    const submitted = await request(lakehouse.server)
      .post('/api/lakehouse/queries')
      .send({ sql: 'select 1' });
    const res = await request(lakehouse.server)
      .get(`/api/lakehouse/queries/${submitted.body.id}`)
      .query({ pageToken: '7' });
    expect(res.status).toBe(410);
  });

  it('streams a CSV of the result', async () => {
    const { submitted } = await runQuery(lakehouse.server, {
      sql: 'select customer_key, region from lakehouse.silver.dim_date, (select 1 as customer_key, \'a,"b"\' as region) t limit 3',
    });
    const res = await request(lakehouse.server).get(
      `/api/lakehouse/queries/${submitted.body.id}/csv`,
    );
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toContain('text/csv');
    expect(res.text.split('\r\n')).toEqual([
      'customer_key,region',
      '1,"a,""b"""',
      '1,"a,""b"""',
      '1,"a,""b"""',
      '',
    ]);
  });

  it('keeps a searchable history per user', async () => {
    await runQuery(lakehouse.server, { sql: 'select 42 as answer_to_history' });
    const res = await request(lakehouse.server)
      .get('/api/lakehouse/history')
      .query({ q: 'ANSWER_TO' });
    expect(res.body.items).toEqual([
      expect.objectContaining({
        sql: 'select 42 as answer_to_history',
        state: 'FINISHED',
        rowCount: 1,
        engine: 'duckdb',
      }),
    ]);
    const other = await request(lakehouse.server)
      .get('/api/lakehouse/history')
      .set(
        'Authorization',
        mockCredentials.user.header('user:default/someone-else'),
      );
    expect(other.body.items).toEqual([]);
  });

  it('browses catalogs, schemas, tables and columns', async () => {
    const schemas = await request(lakehouse.server).get(
      '/api/lakehouse/catalogs/lakehouse/schemas',
    );
    expect(schemas.body.items).toEqual(['bronze', 'gold', 'raw', 'silver']);
    const tables = await request(lakehouse.server).get(
      '/api/lakehouse/catalogs/lakehouse/schemas/gold/tables',
    );
    expect(tables.body.items).toEqual([
      'customer_features',
      'fct_order_items',
      'fct_orders',
    ]);
    const columns = await request(lakehouse.server).get(
      '/api/lakehouse/catalogs/lakehouse/schemas/gold/tables/fct_orders/columns',
    );
    expect(columns.body.items[0]).toEqual({ name: 'order_id', type: 'bigint' });
  });

  it('previews the first rows of a dataset', async () => {
    const res = await request(lakehouse.server)
      .get('/api/lakehouse/datasets/default/lakehouse.gold.fct_orders/preview')
      .query({ limit: 5 });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({
      engine: 'duckdb',
      table: 'lakehouse.gold.fct_orders',
      truncated: true,
    });
    expect(res.body.rows).toHaveLength(5);
  });

  it('limits how many queries one user runs at once', async () => {
    const slow = { sql: 'select count(*) from range(100000000000) a' };
    const first = await request(lakehouse.server)
      .post('/api/lakehouse/queries')
      .send(slow);
    const second = await request(lakehouse.server)
      .post('/api/lakehouse/queries')
      .send(slow);
    const third = await request(lakehouse.server)
      .post('/api/lakehouse/queries')
      .send(slow);
    expect([first.status, second.status, third.status]).toEqual([
      202, 202, 429,
    ]);
    expect(third.body.error.message).toContain('maxConcurrentPerUser');
    await request(lakehouse.server).delete(
      `/api/lakehouse/queries/${first.body.id}`,
    );
    await request(lakehouse.server).delete(
      `/api/lakehouse/queries/${second.body.id}`,
    );
  });
  it('counts statements submitted at the same moment against the limit', async () => {
    const slow = { sql: 'select count(*) from range(100000000000) a' };
    const answers = await Promise.all(
      [1, 2, 3, 4].map(() =>
        request(lakehouse.server).post('/api/lakehouse/queries').send(slow),
      ),
    );
    expect(answers.map(a => a.status).sort()).toEqual([202, 202, 429, 429]);
    const refused = answers.find(a => a.status === 429)!;
    expect(refused.body.error.message).toBe(
      'You already run 2 queries, and at most 2 may run at once (lakehouse.queries.maxConcurrentPerUser); wait for one to finish or cancel it',
    );
    for (const started of answers.filter(a => a.status === 202)) {
      await request(lakehouse.server).delete(
        `/api/lakehouse/queries/${started.body.id}`,
      );
    }
  });
});

describe('permissions of the lakehouse query API', () => {
  it('denies every endpoint that reads data without lakehouse.query.execute', async () => {
    const lakehouse = await startLakehouse({
      deny: ['lakehouse.query.execute'],
    });
    try {
      const submit = await request(lakehouse.server)
        .post('/api/lakehouse/queries')
        .send({ sql: 'select 1' });
      expect(submit.status).toBe(403);
      expect(submit.body.error.message).toContain('lakehouse.query.execute');
      expect(
        (await request(lakehouse.server).get('/api/lakehouse/catalogs')).status,
      ).toBe(403);
      expect(
        (
          await request(lakehouse.server).get(
            '/api/lakehouse/catalogs/lakehouse/schemas',
          )
        ).status,
      ).toBe(403);
    } finally {
      await lakehouse.stop();
    }
  });

  it('refuses queries and previews of datasets the user may not read', async () => {
    const lakehouse = await startLakehouse({
      deny: ['resource:default/lakehouse.silver.dim_customers'],
    });
    try {
      const query = await request(lakehouse.server)
        .post('/api/lakehouse/queries')
        .send({ sql: 'select email from lakehouse.silver.dim_customers' });
      expect(query.status).toBe(403);
      expect(query.body.error.message).toBe(
        'You are not allowed to read the data of lakehouse.silver.dim_customers (lakehouse.dataset.read-data)',
      );
      const unqualified = await request(lakehouse.server)
        .post('/api/lakehouse/queries')
        .send({ sql: 'select email from dim_customers', schema: 'silver' });
      expect(unqualified.status).toBe(403);
      const preview = await request(lakehouse.server).get(
        '/api/lakehouse/datasets/default/lakehouse.silver.dim_customers/preview',
      );
      expect(preview.status).toBe(403);
      const allowed = await request(lakehouse.server).get(
        '/api/lakehouse/datasets/default/lakehouse.gold.fct_orders/preview',
      );
      expect(allowed.status).toBe(200);
    } finally {
      await lakehouse.stop();
    }
  });

  it('needs a signed-in user', async () => {
    const lakehouse = await startLakehouse();
    try {
      const res = await request(lakehouse.server)
        .post('/api/lakehouse/queries')
        .set('Authorization', mockCredentials.none.header())
        .send({ sql: 'select 1' });
      expect(res.status).toBe(401);
    } finally {
      await lakehouse.stop();
    }
  });
});

describe('reading datasets fails closed', () => {
  const hidden = [
    'resource:default/lakehouse.bronze.stg_customers',
    'resource:finance/crm-customers',
  ];
  const deny: string[] = [];
  let lakehouse: Awaited<ReturnType<typeof startLakehouse>>;
  beforeAll(async () => {
    lakehouse = await startLakehouse({
      hidden,
      deny,
      lakehouse: {
        queries: {
          pageSize: 100,
          maxConcurrentPerUser: 2,
          defaultRowCap: 10,
          maxRowCap: 20,
        },
      },
    });
  });
  afterAll(() => lakehouse.stop());
  afterEach(() => {
    hidden.splice(2);
    deny.splice(0);
  });
  const lastEvent = (eventId: string) =>
    lakehouse.events.filter(e => e.eventId === eventId).pop();

  it('refuses a statement that reads a dataset the user cannot see, naming it', async () => {
    const res = await request(lakehouse.server)
      .post('/api/lakehouse/queries')
      .send({
        sql: 'select s.customer_id from lakehouse.bronze.stg_customers s join lakehouse.gold.fct_orders f on f.customer_id = s.customer_id',
      });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You cannot see the dataset lakehouse.bronze.stg_customers in the catalog (catalog.entity.read), so you may not read its data',
    );
    expect(lastEvent('query')).toMatchObject({
      outcome: 'fail',
      result: {
        refusedDatasets: [
          {
            dataset: 'resource:default/lakehouse.bronze.stg_customers',
            table: 'lakehouse.bronze.stg_customers',
            reason: 'not-visible',
          },
        ],
      },
    });
  });

  it('finds a dataset by its table annotation whatever its entity is called', async () => {
    const res = await request(lakehouse.server)
      .post('/api/lakehouse/queries')
      .send({ sql: 'select * from customers', schema: 'raw' });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain(
      'You cannot see the dataset lakehouse.raw.customers in the catalog',
    );
  });

  it('names every refused dataset and the permission that refused it', async () => {
    deny.push('resource:default/lakehouse.silver.dim_customers');
    const res = await request(lakehouse.server)
      .post('/api/lakehouse/queries')
      .send({
        sql: 'select 1 from lakehouse.bronze.stg_customers, lakehouse.raw.customers, lakehouse.silver.dim_customers, lakehouse.gold.fct_orders',
      });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You cannot see the datasets lakehouse.bronze.stg_customers, lakehouse.raw.customers in the catalog (catalog.entity.read), so you may not read their data; you are not allowed to read the data of lakehouse.silver.dim_customers (lakehouse.dataset.read-data)',
    );
  });

  it('leaves tables the catalog does not know to the engine', async () => {
    // fct_order_items is in the warehouse but not in the catalog.
    const { submitted, last } = await runQuery(lakehouse.server, {
      sql: 'select count(*) from lakehouse.gold.fct_order_items',
    });
    expect(submitted.status).toBe(202);
    expect(last.state).toBe('FINISHED');
  });

  it('refuses the preview of a dataset the user cannot see, naming it', async () => {
    const res = await request(lakehouse.server).get(
      '/api/lakehouse/datasets/default/lakehouse.bronze.stg_customers/preview',
    );
    expect(res.status).toBe(403);
    expect(res.body.error.message).toBe(
      'You cannot see the dataset lakehouse.bronze.stg_customers in the catalog (catalog.entity.read), so you may not read its data',
    );
    expect(lastEvent('dataset-preview')).toMatchObject({
      outcome: 'fail',
      meta: { dataset: 'resource:default/lakehouse.bronze.stg_customers' },
    });
    const missing = await request(lakehouse.server).get(
      '/api/lakehouse/datasets/default/lakehouse.gold.no_such_table/preview',
    );
    expect(missing.status).toBe(404);
  });

  it('runs previews through the query service: row cap, history and audit', async () => {
    const res = await request(lakehouse.server)
      .get('/api/lakehouse/datasets/default/lakehouse.gold.fct_orders/preview')
      .query({ limit: 100 });
    expect(res.status).toBe(200);
    // lakehouse.queries.maxRowCap is 20 here.
    expect(res.body.rows).toHaveLength(20);
    expect(res.body).toMatchObject({
      engine: 'duckdb',
      table: 'lakehouse.gold.fct_orders',
      truncated: true,
    });
    const history = await request(lakehouse.server)
      .get('/api/lakehouse/history')
      .query({ q: '"lakehouse"."gold"."fct_orders"' });
    expect(history.body.items[0]).toMatchObject({
      id: res.body.queryId,
      state: 'FINISHED',
      rowCount: 20,
      truncated: true,
    });
    expect(lastEvent('dataset-preview')).toMatchObject({
      outcome: 'success',
      result: { queryId: res.body.queryId, rows: 20, truncated: true },
    });
  });

  it('counts previews towards the concurrency limit of statements (429)', async () => {
    const slow = { sql: 'select count(*) from range(100000000000) a' };
    const running = [
      await request(lakehouse.server).post('/api/lakehouse/queries').send(slow),
      await request(lakehouse.server).post('/api/lakehouse/queries').send(slow),
    ];
    try {
      expect(running.map(r => r.status)).toEqual([202, 202]);
      const res = await request(lakehouse.server).get(
        '/api/lakehouse/datasets/default/lakehouse.gold.fct_orders/preview',
      );
      expect(res.status).toBe(429);
      expect(res.body.error.message).toContain('maxConcurrentPerUser');
      expect(lastEvent('dataset-preview')).toMatchObject({ outcome: 'fail' });
    } finally {
      for (const r of running) {
        await request(lakehouse.server).delete(
          `/api/lakehouse/queries/${r.body.id}`,
        );
      }
    }
  });

  it('checks the datasets again when the CSV is downloaded', async () => {
    const { submitted, last } = await runQuery(lakehouse.server, {
      sql: 'select email from dim_customers limit 3',
      schema: 'silver',
    });
    expect(last.state).toBe('FINISHED');
    const csv = () =>
      request(lakehouse.server).get(
        `/api/lakehouse/queries/${submitted.body.id}/csv`,
      );
    const allowed = await csv();
    expect(allowed.status).toBe(200);
    expect(allowed.text.split('\r\n')).toHaveLength(5);

    // The grant ran out (or the dataset inherited a classification).
    deny.push('resource:default/lakehouse.silver.dim_customers');
    const withdrawn = await csv();
    expect(withdrawn.status).toBe(403);
    expect(withdrawn.headers['content-type']).not.toContain('text/csv');
    expect(withdrawn.body.error.message).toBe(
      'You are not allowed to read the data of lakehouse.silver.dim_customers (lakehouse.dataset.read-data)',
    );
    expect(lastEvent('query-csv')).toMatchObject({
      outcome: 'fail',
      meta: { queryId: submitted.body.id, tables: ['dim_customers'] },
      error: expect.stringContaining('lakehouse.silver.dim_customers'),
    });

    deny.splice(0);
    hidden.push('resource:default/lakehouse.silver.dim_customers');
    const hiddenNow = await csv();
    expect(hiddenNow.status).toBe(403);
    expect(hiddenNow.body.error.message).toBe(
      'You cannot see the dataset lakehouse.silver.dim_customers in the catalog (catalog.entity.read), so you may not read its data',
    );
    expect(lastEvent('query-csv')).toMatchObject({ outcome: 'fail' });
  });
});

describe('the lakehouse query API on Trino', () => {
  let trino: TrinoDouble;
  let lakehouse: Awaited<ReturnType<typeof startLakehouse>>;
  beforeAll(async () => {
    const warehouse = path.join(projectDir, 'warehouse');
    trino = await TrinoDouble.start({
      rowsPerPage: 64,
      catalogs: {
        lakehouse: {
          schemas: {
            gold: {
              fct_orders: path.join(warehouse, 'gold/fct_orders.parquet'),
            },
            silver: {
              dim_date: path.join(warehouse, 'silver/dim_date.parquet'),
            },
          },
        },
      },
    });
    lakehouse = await startLakehouse({
      lakehouse: {
        trino: {
          server: trino.url,
          catalog: 'lakehouse',
          schema: 'gold',
          auth: { type: 'basic', username: 'backstage' },
        },
      },
    });
  });
  afterAll(async () => {
    await lakehouse.stop();
    await trino.stop();
  });

  it('makes Trino the default engine and runs statements as the Backstage user', async () => {
    const { submitted, rows, last } = await runQuery(lakehouse.server, {
      sql: 'select d.year, count(*) as orders from fct_orders f join lakehouse.silver.dim_date d on f.date_key = d.date_key group by d.year order by d.year',
    });
    expect(submitted.body.engine).toBe('trino');
    expect(last.state).toBe('FINISHED');
    expect(rows.map(r => r[0])).toEqual([2024, 2025]);
    expect(rows.reduce((sum, r) => sum + Number(r[1]), 0)).toBe(2400);
    const sent = trino.queries[trino.queries.length - 1];
    // mockCredentials' default user is user:default/mock.
    expect(sent.user).toBe('mock');
    expect(sent.catalog).toBe('lakehouse');
    expect(sent.schema).toBe('gold');
  });

  it("passes on Trino's error with its location", async () => {
    const { last } = await runQuery(lakehouse.server, {
      sql: 'select nope\nfrom fct_orders',
    });
    expect(last.state).toBe('FAILED');
    expect(last.error).toMatchObject({
      errorName: expect.any(String),
      line: expect.any(Number),
    });
  });

  it('times a dataset preview out like any statement (504)', async () => {
    const impatient = await startLakehouse({
      lakehouse: {
        trino: { server: trino.url, catalog: 'lakehouse', schema: 'gold' },
        queries: { timeoutSeconds: 1 },
      },
    });
    trino.setFault({ delayMs: 2_000 });
    try {
      const started = Date.now();
      const res = await request(impatient.server).get(
        '/api/lakehouse/datasets/default/lakehouse.gold.fct_orders/preview',
      );
      expect(res.status).toBe(504);
      expect(res.body.error.message).toBe(
        'The query ran longer than 1 s and was canceled',
      );
      expect(Date.now() - started).toBeLessThan(2_000);
      expect(
        impatient.events.filter(e => e.eventId === 'dataset-preview').pop(),
      ).toMatchObject({
        outcome: 'fail',
        error: expect.stringContaining('1 s'),
      });
    } finally {
      trino.setFault(undefined);
      await impatient.stop();
    }
  });

  it('cancels on Trino too', async () => {
    const submitted = await request(lakehouse.server)
      .post('/api/lakehouse/queries')
      .send({ sql: 'select count(*) from range(100000000000) a' });
    await request(lakehouse.server)
      .get(`/api/lakehouse/queries/${submitted.body.id}`)
      .query({ maxWaitMs: 300 });
    await request(lakehouse.server).delete(
      `/api/lakehouse/queries/${submitted.body.id}`,
    );
    for (
      let i = 0;
      i < 40 && !trino.requests.some(r => r.method === 'DELETE');
      i++
    ) {
      await new Promise(r => setTimeout(r, 100));
    }
    expect(trino.requests.some(r => r.method === 'DELETE')).toBe(true);
  });
});
