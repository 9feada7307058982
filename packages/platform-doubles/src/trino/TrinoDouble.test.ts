/*
 * Tests of the Trino double against the real trino-client 0.2.x (Trino client REST protocol,
 * https://trino.io/docs/current/develop/client-protocol.html), plus raw HTTP checks of protocol details the
 * client hides (QUEUED POST answer, 410 on stale tokens, 404 on unknown queries and altered URIs, cancel with
 * DELETE).
 */
import { BasicAuth, type QueryResult, Trino } from 'trino-client';
import { TrinoDouble } from './TrinoDouble';

const ORDERS_SQL = `
  SELECT i::BIGINT AS order_id,
         (i % 7)::INTEGER AS customer_id,
         (i * 2.5)::DECIMAL(12,2) AS amount,
         DATE '2024-01-01' + i::INTEGER AS order_date,
         TIMESTAMP '2024-01-01 08:30:00.123456' + INTERVAL (i) HOUR AS created_at,
         CASE WHEN i % 2 = 0 THEN 'shipped' ELSE 'placed' END AS status,
         i % 3 = 0 AS is_priority,
         i / 4.0 AS score
  FROM range(25) t(i)`;

/** A QueryResult with the protocol fields trino-client's typings leave out. */
interface WirePage {
  id: string;
  nextUri?: string;
  columns?: Array<{ name: string; type: string; typeSignature: unknown }>;
  data?: unknown[][];
  stats: { state: string } & Record<string, unknown>;
  error?: {
    message: string;
    errorCode: number;
    errorName: string;
    errorType: string;
    errorLocation?: { lineNumber: number; columnNumber: number };
    failureInfo: {
      type: string;
      message: string;
      suppressed: unknown[];
      stack: string[];
    };
  };
  updateType?: string;
  updateCount?: number;
}

const page = (r: QueryResult) => r as unknown as WirePage;

async function collect(iter: AsyncIterable<QueryResult>) {
  const results: WirePage[] = [];
  for await (const r of iter) {
    results.push(page(r));
  }
  const last = results[results.length - 1];
  return {
    results,
    columns: results.find(r => r.columns?.length)?.columns ?? [],
    rows: results.flatMap(r => r.data ?? []),
    error: last?.error,
    last,
  };
}

describe('TrinoDouble', () => {
  let double: TrinoDouble;
  let trino: Trino;

  beforeAll(async () => {
    double = await TrinoDouble.start({
      rowsPerPage: 10,
      queuedPolls: 2,
      catalogs: {
        lake: {
          schemas: {
            sales: {
              orders: ORDERS_SQL,
              customers: {
                sql: `SELECT i::BIGINT AS customer_id, 'customer ' || i AS name, (i * 100)::DECIMAL(12,2) AS credit_limit
                      FROM range(7) t(i)`,
                comment: 'One row per customer',
                columnComments: { name: 'Display name of the customer' },
                notNull: ['customer_id'],
              },
              order_summary: {
                sql: 'SELECT status, count(*) AS orders FROM lake.sales.orders GROUP BY status',
                view: true,
              },
            },
            marketing: {
              campaigns: "SELECT 'spring' AS campaign, 3 AS channels",
            },
          },
        },
        warehouse: { schemas: { raw: { events: 'SELECT 1 AS id' } } },
        memory: { schemas: { default: { notes: "SELECT 'hello' AS note" } } },
      },
    });
    trino = Trino.create({
      server: double.url,
      catalog: 'lake',
      schema: 'sales',
      source: 'platform-doubles-test',
      auth: new BasicAuth('alice'),
    });
  });

  afterAll(async () => {
    await double.stop();
  });

  it('returns rows and Trino-typed columns over several pages', async () => {
    const { results, columns, rows, error, last } = await collect(
      await trino.query('SELECT * FROM orders ORDER BY order_id'),
    );
    expect(error).toBeUndefined();
    expect(columns.map(c => [c.name, c.type])).toEqual([
      ['order_id', 'bigint'],
      ['customer_id', 'integer'],
      ['amount', 'decimal(12,2)'],
      ['order_date', 'date'],
      ['created_at', 'timestamp(6)'],
      ['status', 'varchar'],
      ['is_priority', 'boolean'],
      ['score', 'double'],
    ]);
    expect(columns[2].typeSignature).toEqual({
      rawType: 'decimal',
      arguments: [
        { kind: 'LONG', value: 12 },
        { kind: 'LONG', value: 2 },
      ],
    });
    expect(columns[5].typeSignature).toEqual({
      rawType: 'varchar',
      arguments: [{ kind: 'LONG', value: 2147483647 }],
    });
    expect(rows).toHaveLength(25);
    expect(rows[0]).toEqual([
      0,
      0,
      '0.00',
      '2024-01-01',
      '2024-01-01 08:30:00.123456',
      'shipped',
      true,
      0,
    ]);
    expect(rows[5]).toEqual([
      5,
      5,
      '12.50',
      '2024-01-06',
      '2024-01-01 13:30:00.123456',
      'placed',
      false,
      1.25,
    ]);
    // rowsPerPage 10: data pages of 10, 10 and 5 rows, then the FINISHED page without nextUri
    expect(
      results.filter(r => r.data?.length).map(r => r.data!.length),
    ).toEqual([10, 10, 5]);
    expect(last.stats.state).toBe('FINISHED');
    expect(last.nextUri).toBeUndefined();
    expect(last.stats).toEqual(
      expect.objectContaining({
        progressPercentage: 100,
        processedRows: 25,
        nodes: 1,
        completedSplits: 16,
        totalSplits: 16,
        queuedSplits: 0,
        runningSplits: 0,
        cpuTimeMillis: expect.any(Number),
        wallTimeMillis: expect.any(Number),
        elapsedTimeMillis: expect.any(Number),
        processedBytes: expect.any(Number),
        peakMemoryBytes: expect.any(Number),
        queued: false,
        scheduled: true,
      }),
    );
    const record = double.queries[double.queries.length - 1];
    expect(record).toMatchObject({ state: 'FINISHED', rows: 25, pages: 3 });
  });

  it('walks the protocol: QUEUED POST, queued and executing nextUris, 410, 404, replay', async () => {
    const post = await fetch(`${double.url}/v1/statement`, {
      method: 'POST',
      headers: {
        'X-Trino-User': 'bob',
        'X-Trino-Catalog': 'lake',
        'X-Trino-Schema': 'sales',
      },
      body: 'SELECT customer_id, name FROM customers ORDER BY customer_id',
    });
    expect(post.status).toBe(200);
    const first = await post.json();
    expect(first.stats.state).toBe('QUEUED');
    expect(first.data).toBeUndefined();
    expect(first.columns).toBeUndefined();
    expect(first.error).toBeUndefined();
    expect(first.nextUri).toMatch(
      new RegExp(`^${double.url}/v1/statement/queued/${first.id}/[^/]+/1$`),
    );
    expect(first.id).toMatch(/^\d{8}_\d{6}_\d{5}_[a-z0-9]{5}$/);

    const states: string[] = [];
    const uris: string[] = [];
    let current = first;
    let rows: unknown[] = [];
    while (current.nextUri) {
      uris.push(current.nextUri);
      const res = await fetch(current.nextUri);
      expect(res.status).toBe(200);
      current = await res.json();
      states.push(current.stats.state);
      rows = rows.concat(current.data ?? []);
    }
    // queuedPolls: 2 -> two QUEUED answers, then RUNNING with the executing URI
    expect(states.slice(0, 3)).toEqual(['QUEUED', 'QUEUED', 'RUNNING']);
    expect(states[states.length - 1]).toBe('FINISHED');
    expect(uris.filter(u => u.includes('/executing/')).length).toBeGreaterThan(
      0,
    );
    expect(rows).toHaveLength(7);

    // retrying the last URI replays the same answer; older ones are gone; a token the server did not issue
    // does not match the URI's slug, so the query is not found
    const lastUri = uris[uris.length - 1];
    const replay = await fetch(lastUri);
    expect(replay.status).toBe(200);
    expect((await replay.json()).stats.state).toBe('FINISHED');
    expect((await fetch(uris[0])).status).toBe(410);
    expect(
      (await fetch(lastUri.replace(/\/(\d+)$/, (_, t) => `/${Number(t) + 5}`)))
        .status,
    ).toBe(404);
    expect(
      (await fetch(lastUri.replace(first.id, '20200101_000000_99999_zzzzz')))
        .status,
    ).toBe(404);

    const empty = await fetch(`${double.url}/v1/statement`, {
      method: 'POST',
      headers: { 'X-Trino-User': 'bob' },
      body: '',
    });
    expect(empty.status).toBe(400);
  });

  it('reports SQL errors on a GET page with Trino error names and locations', async () => {
    const missing = await collect(
      await trino.query('SELECT * FROM lake.sales.nope'),
    );
    expect(missing.rows).toEqual([]);
    expect(missing.last.stats.state).toBe('FAILED');
    expect(missing.last.nextUri).toBeUndefined();
    expect(missing.error).toEqual({
      message: "line 1:15: Table 'lake.sales.nope' does not exist",
      errorCode: 46,
      errorName: 'TABLE_NOT_FOUND',
      errorType: 'USER_ERROR',
      errorLocation: { lineNumber: 1, columnNumber: 15 },
      failureInfo: expect.objectContaining({
        type: 'io.trino.spi.TrinoException',
        message: "line 1:15: Table 'lake.sales.nope' does not exist",
        suppressed: [],
        stack: expect.arrayContaining([expect.any(String)]),
      }),
    });

    const unqualified = await collect(await trino.query('SELECT *\nFROM nope'));
    expect(unqualified.error?.errorName).toBe('TABLE_NOT_FOUND');
    expect(unqualified.error?.message).toBe(
      "line 2:6: Table 'lake.sales.nope' does not exist",
    );

    const syntax = await collect(
      await trino.query('SELECT order_id FROM orders WHERE'),
    );
    expect(syntax.error?.errorName).toBe('SYNTAX_ERROR');
    expect(syntax.error?.errorCode).toBe(1);
    expect(syntax.error?.failureInfo.type).toBe(
      'io.trino.sql.parser.ParsingException',
    );
    expect(syntax.error?.errorLocation).toEqual({
      lineNumber: 1,
      columnNumber: 34,
    });

    const column = await collect(
      await trino.query('SELECT\n  missing_column\nFROM orders'),
    );
    expect(column.error?.errorName).toBe('COLUMN_NOT_FOUND');
    expect(column.error?.message).toBe(
      "line 2:3: Column 'missing_column' cannot be resolved",
    );
    expect(column.error?.errorLocation).toEqual({
      lineNumber: 2,
      columnNumber: 3,
    });

    const semicolon = await collect(await trino.query('SELECT 1;'));
    expect(semicolon.error?.errorName).toBe('SYNTAX_ERROR');
    expect(semicolon.error?.errorLocation).toEqual({
      lineNumber: 1,
      columnNumber: 9,
    });

    const noCatalog = await collect(
      await Trino.create({
        server: double.url,
        auth: new BasicAuth('alice'),
      }).query('SELECT * FROM orders'),
    );
    expect(noCatalog.error?.errorName).toBe('MISSING_SCHEMA_NAME');

    const infoWithoutCatalog = await collect(
      await Trino.create({
        server: double.url,
        auth: new BasicAuth('alice'),
      }).query('SELECT table_name FROM information_schema.tables'),
    );
    expect(infoWithoutCatalog.error?.errorName).toBe('MISSING_CATALOG_NAME');
    expect(infoWithoutCatalog.error?.errorLocation).toEqual({
      lineNumber: 1,
      columnNumber: 24,
    });

    const badCatalog = await collect(
      await trino.query('SELECT * FROM nowhere.sales.orders'),
    );
    expect(badCatalog.error?.errorName).toBe('CATALOG_NOT_FOUND');
    expect(badCatalog.error?.message).toBe(
      "line 1:15: Catalog 'nowhere' does not exist",
    );

    const cast = await collect(
      await trino.query("SELECT CAST('abc' AS INTEGER)"),
    );
    expect(cast.error?.errorName).toBe('INVALID_CAST_ARGUMENT');
    expect(cast.error?.errorType).toBe('USER_ERROR');
  });

  it('never puts an error on the POST answer', async () => {
    const post = await fetch(`${double.url}/v1/statement`, {
      method: 'POST',
      headers: {
        'X-Trino-User': 'bob',
        'X-Trino-Catalog': 'lake',
        'X-Trino-Schema': 'sales',
      },
      body: 'SELECT * FROM nope',
    });
    const body = await post.json();
    expect(body.error).toBeUndefined();
    expect(body.stats.state).toBe('QUEUED');
    expect(body.nextUri).toContain('/v1/statement/queued/');
  });

  it('cancels a query with DELETE /v1/query/{id} (trino.cancel)', async () => {
    const iter = await trino.query('SELECT range AS n FROM range(100000)');
    const first = page((await iter.next()).value);
    expect(first.data).toHaveLength(10);
    await trino.cancel(first.id);
    const after = page((await iter.next()).value);
    expect(after.error?.errorName).toBe('USER_CANCELED');
    expect(after.error?.errorCode).toBe(3);
    expect(after.stats.state).toBe('FAILED');
    expect(after.nextUri).toBeUndefined();
    expect((await iter.next()).done).toBe(true);
    const record = double.queries.find(q => q.id === first.id)!;
    expect(record.state).toBe('CANCELED');
    expect(
      double.requests.some(
        r => r.method === 'DELETE' && r.path === `/v1/query/${first.id}`,
      ),
    ).toBe(true);
  });

  it('interrupts a canceled aggregation that is still computing its first row', async () => {
    // count(*) over 10^11 rows runs for minutes before its only row exists.
    const own = await TrinoDouble.start({ catalogs: {} });
    try {
      const post = await (
        await fetch(`${own.url}/v1/statement`, {
          method: 'POST',
          headers: { 'X-Trino-User': 'bob' },
          body: 'SELECT count(*) FROM range(100000000000)',
        })
      ).json();
      expect((await fetch(post.nextUri, { method: 'DELETE' })).status).toBe(
        204,
      );
      const next = await (await fetch(post.nextUri)).json();
      expect(next.error.errorName).toBe('USER_CANCELED');
    } finally {
      // Waits for DuckDB to give the statement up: hangs if it kept computing.
      await own.stop();
    }
  });

  it('cancels a query with DELETE on its nextUri', async () => {
    const post = await (
      await fetch(`${double.url}/v1/statement`, {
        method: 'POST',
        headers: { 'X-Trino-User': 'bob' },
        body: 'SELECT range FROM range(1000)',
      })
    ).json();
    const del = await fetch(post.nextUri, { method: 'DELETE' });
    expect(del.status).toBe(204);
    const next = await (await fetch(post.nextUri)).json();
    expect(next.stats.state).toBe('FAILED');
    expect(next.error.errorName).toBe('USER_CANCELED');
    expect(next.error.message).toBe('Query was canceled');
  });

  it('serves information_schema and SHOW statements like Trino', async () => {
    const tables = await collect(
      await trino.query(
        "SELECT table_catalog, table_schema, table_name, table_type FROM lake.information_schema.tables WHERE table_schema = 'sales' ORDER BY table_name",
      ),
    );
    expect(tables.error).toBeUndefined();
    expect(tables.rows).toEqual([
      ['lake', 'sales', 'customers', 'BASE TABLE'],
      ['lake', 'sales', 'order_summary', 'VIEW'],
      ['lake', 'sales', 'orders', 'BASE TABLE'],
    ]);

    const columns = await collect(
      await trino.query(
        "SELECT column_name, ordinal_position, column_default, is_nullable, data_type, comment FROM information_schema.columns WHERE table_schema = 'sales' AND table_name = 'customers' ORDER BY ordinal_position",
      ),
    );
    expect(columns.error).toBeUndefined();
    expect(columns.columns.map(c => `${c.name}:${c.type}`)).toEqual([
      'column_name:varchar',
      'ordinal_position:bigint',
      'column_default:varchar',
      'is_nullable:varchar',
      'data_type:varchar',
      'comment:varchar',
    ]);
    expect(columns.rows).toEqual([
      ['customer_id', 1, null, 'NO', 'bigint', null],
      ['name', 2, null, 'YES', 'varchar', 'Display name of the customer'],
      ['credit_limit', 3, null, 'YES', 'decimal(12,2)', null],
    ]);

    const star = await collect(
      await trino.query(
        "SELECT * FROM information_schema.columns WHERE table_name = 'orders' ORDER BY ordinal_position",
      ),
    );
    expect(star.columns.map(c => c.name)).toEqual([
      'table_catalog',
      'table_schema',
      'table_name',
      'column_name',
      'ordinal_position',
      'column_default',
      'is_nullable',
      'data_type',
    ]);
    expect(star.rows.map(r => [r[3], r[7]])).toEqual([
      ['order_id', 'bigint'],
      ['customer_id', 'integer'],
      ['amount', 'decimal(12,2)'],
      ['order_date', 'date'],
      ['created_at', 'timestamp(6)'],
      ['status', 'varchar'],
      ['is_priority', 'boolean'],
      ['score', 'double'],
    ]);

    const catalogs = await collect(await trino.query('SHOW CATALOGS'));
    expect(catalogs.columns.map(c => c.name)).toEqual(['Catalog']);
    expect(catalogs.rows).toEqual([
      ['lake'],
      ['memory'],
      ['system'],
      ['warehouse'],
    ]);
    const memory = await collect(
      await trino.query('SELECT note FROM memory.default.notes'),
    );
    expect(memory.rows).toEqual([['hello']]);
    const memorySchemas = await collect(
      await trino.query('SHOW SCHEMAS FROM memory'),
    );
    expect(memorySchemas.rows).toEqual([['default'], ['information_schema']]);

    const schemas = await collect(await trino.query('SHOW SCHEMAS FROM lake'));
    expect(schemas.rows).toEqual([
      ['information_schema'],
      ['marketing'],
      ['sales'],
    ]);

    const showTables = await collect(
      await trino.query("SHOW TABLES FROM lake.sales LIKE 'order%'"),
    );
    expect(showTables.columns.map(c => c.name)).toEqual(['Table']);
    expect(showTables.rows).toEqual([['order_summary'], ['orders']]);

    const describe = await collect(await trino.query('DESCRIBE customers'));
    expect(describe.columns.map(c => c.name)).toEqual([
      'Column',
      'Type',
      'Extra',
      'Comment',
    ]);
    expect(describe.rows).toEqual([
      ['customer_id', 'bigint', '', ''],
      ['name', 'varchar', '', 'Display name of the customer'],
      ['credit_limit', 'decimal(12,2)', '', ''],
    ]);

    const missingSchema = await collect(
      await trino.query('SHOW TABLES FROM lake.nope'),
    );
    expect(missingSchema.error?.errorName).toBe('SCHEMA_NOT_FOUND');
  });

  it('passes X-Trino-User and the session headers to the double', async () => {
    const client = Trino.create({
      server: double.url,
      catalog: 'lake',
      schema: 'marketing',
      source: 'portal-ingest',
      session: { query_max_run_time: '10m' },
      auth: new BasicAuth('carol'),
    });
    const { rows } = await collect(
      await client.query('SELECT campaign, channels FROM campaigns'),
    );
    expect(rows).toEqual([['spring', 3]]);
    const record = double.queries[double.queries.length - 1];
    expect(record).toMatchObject({
      user: 'carol',
      catalog: 'lake',
      schema: 'marketing',
      source: 'portal-ingest',
      session: { query_max_run_time: '10m' },
    });
    const post = double.requests.filter(r => r.method === 'POST').pop()!;
    expect(post.headers['x-trino-user']).toBe('carol');
    expect(post.body).toBe('SELECT campaign, channels FROM campaigns');
  });

  it('carries USE forward through X-Trino-Set-Catalog / Set-Schema', async () => {
    const client = Trino.create({
      server: double.url,
      auth: new BasicAuth('dave'),
    });
    const use = await collect(await client.query('USE warehouse.raw'));
    expect(use.error).toBeUndefined();
    expect(use.last.updateType).toBe('USE');
    const { rows } = await collect(await client.query('SELECT id FROM events'));
    expect(rows).toEqual([[1]]);
    expect(double.queries[double.queries.length - 1]).toMatchObject({
      catalog: 'warehouse',
      schema: 'raw',
    });
  });

  it('runs INSERT and CREATE TABLE AS with update counts, and sees the new table', async () => {
    const ctas = await collect(
      await trino.query(
        'CREATE TABLE scratch AS SELECT * FROM orders WHERE order_id < 3',
      ),
    );
    expect(ctas.error).toBeUndefined();
    expect(ctas.last.updateType).toBe('CREATE TABLE');
    expect(ctas.last.updateCount).toBe(3);
    expect(ctas.rows).toEqual([[3]]);
    const insert = await collect(
      await trino.query(
        'INSERT INTO scratch SELECT * FROM orders WHERE order_id = 10',
      ),
    );
    expect(insert.last.updateType).toBe('INSERT');
    expect(insert.last.updateCount).toBe(1);
    const tables = await collect(await trino.query('SHOW TABLES'));
    expect(tables.rows.map(r => r[0])).toContain('scratch');
    const drop = await collect(await trino.query('DROP TABLE scratch'));
    expect(drop.last.updateType).toBe('DROP TABLE');
    expect(drop.columns.map(c => c.name)).toEqual(['result']);
    expect(drop.rows).toEqual([[true]]);
  });

  it('names unnamed expressions _colN and serializes special values like Trino', async () => {
    const { columns, rows } = await collect(
      await trino.query(
        "SELECT 1 + 1, count(*) AS Total, 9007199254740993 AS big, CAST('NaN' AS DOUBLE) AS nan, NULL AS nothing, ARRAY[1, 2] AS arr FROM orders",
      ),
    );
    expect(columns.map(c => c.name)).toEqual([
      '_col0',
      'total',
      'big',
      'nan',
      'nothing',
      'arr',
    ]);
    expect(columns[5].type).toBe('array(integer)');
    expect(rows).toEqual([[2, 25, 9007199254740992, 'NaN', null, [1, 2]]]);
  });

  it('injects faults', async () => {
    double.setFault({ status: 503 });
    await expect(trino.query('SELECT 1')).rejects.toMatchObject({
      response: { status: 503 },
    });
    double.setFault(undefined);

    double.failNext(1, { status: 502, path: '/v1/statement/executing/' });
    const iter = await trino.query('SELECT 1');
    await expect(collect(iter)).rejects.toMatchObject({
      response: { status: 502 },
    });

    double.setFault({ delayMs: 300 });
    const started = Date.now();
    const res = await fetch(`${double.url}/v1/info`);
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    double.setFault(undefined);

    const ok = await collect(await trino.query('SELECT 42 AS answer'));
    expect(ok.rows).toEqual([[42]]);
  });
});

describe('TrinoDouble with basic authentication', () => {
  let double: TrinoDouble;

  beforeAll(async () => {
    double = await TrinoDouble.start({
      users: { basic: { alice: 'wonderland' } },
      catalogs: { lake: { schemas: { sales: { t: 'SELECT 1 AS x' } } } },
    });
  });

  afterAll(() => double.stop());

  it('accepts a known user and password', async () => {
    const trino = Trino.create({
      server: double.url,
      catalog: 'lake',
      schema: 'sales',
      auth: new BasicAuth('alice', 'wonderland'),
    });
    const { rows } = await collect(await trino.query('SELECT x FROM t'));
    expect(rows).toEqual([[1]]);
    expect(double.requests[0].headers.authorization).toBe(
      `Basic ${Buffer.from('alice:wonderland').toString('base64')}`,
    );
  });

  it('rejects a wrong password or a missing Authorization with 401', async () => {
    const trino = Trino.create({
      server: double.url,
      auth: new BasicAuth('alice', 'nope'),
    });
    await expect(trino.query('SELECT 1')).rejects.toMatchObject({
      response: { status: 401 },
    });
    const res = await fetch(`${double.url}/v1/statement`, {
      method: 'POST',
      headers: { 'X-Trino-User': 'alice' },
      body: 'SELECT 1',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toBe('Basic realm="Trino"');
  });

  it('refuses impersonation with 403', async () => {
    const res = await fetch(`${double.url}/v1/statement`, {
      method: 'POST',
      headers: {
        'X-Trino-User': 'mallory',
        Authorization: `Basic ${Buffer.from('alice:wonderland').toString(
          'base64',
        )}`,
      },
      body: 'SELECT 1',
    });
    expect(res.status).toBe(403);
    expect(await res.text()).toBe(
      'Access Denied: User alice cannot impersonate user mallory',
    );
  });
});
