/*
 * Tests of the Iceberg REST catalog double over plain fetch, checked against the Apache Iceberg REST Catalog
 * OpenAPI spec (apache-iceberg-1.11.0): OAuth2 client credentials, 401/419, /v1/config with prefix and
 * warehouse, PageToken paging, %1F multi-level namespaces, IcebergErrorResponse bodies, lossless int64
 * snapshot ids in LoadTableResult, and the injected faults.
 */
import { IcebergRestCatalogDouble } from './IcebergRestCatalogDouble';
import { toLosslessJson } from './json';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

describe('IcebergRestCatalogDouble (Polaris-like, OAuth2)', () => {
  let catalog: IcebergRestCatalogDouble;
  let now = 1_700_000_000_000;
  let token: string;
  const auth = () => ({ headers: { Authorization: `Bearer ${token}` } });
  const api = () => `${catalog.url}/v1/polaris`;

  beforeAll(async () => {
    catalog = await IcebergRestCatalogDouble.start({
      prefix: 'polaris',
      warehouse: 'lakehouse',
      basePath: '/api/catalog',
      auth: {
        clientId: 'portal',
        clientSecret: 's3cret',
        scope: 'PRINCIPAL_ROLE:ALL',
        tokenTtlSeconds: 60,
      },
      now: () => now,
    });
    for (const name of ['finance', 'marketing', 'ops', 'sales', 'support']) {
      catalog.addNamespace([name], { owner: `${name}-team` });
    }
    catalog.addNamespace(['accounting', 'tax', 'paid']);
    catalog.addNamespace(['accounting', 'credits']);
    for (let i = 0; i < 7; i++) {
      catalog.addTable(
        ['sales'],
        `t${i}`,
        IcebergRestCatalogDouble.tableMetadata({
          namespace: ['sales'],
          name: `t${i}`,
        }),
      );
    }
    catalog.addTable(
      ['accounting', 'tax'],
      'invoices',
      IcebergRestCatalogDouble.tableMetadata({
        namespace: ['accounting', 'tax'],
        name: 'invoices',
        firstSnapshotId: 9007199254740993n,
        snapshotIdStep: 1234567890123457n,
      }),
      { config: { 'client.region': 'eu-west-1' } },
    );
  });

  afterAll(() => catalog.stop());

  beforeEach(async () => {
    catalog.clearFaults();
    const res = await fetch(
      `${catalog.url}/v1/oauth/tokens`,
      form({
        grant_type: 'client_credentials',
        client_id: 'portal',
        client_secret: 's3cret',
        scope: 'PRINCIPAL_ROLE:ALL',
      }),
    );
    token = (await res.json()).access_token;
  });

  it('serves the url under the base path', () => {
    expect(catalog.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/catalog$/);
  });

  it('issues OAuth2 tokens for client credentials', async () => {
    const res = await fetch(
      `${catalog.url}/v1/oauth/tokens`,
      form({
        grant_type: 'client_credentials',
        client_id: 'portal',
        client_secret: 's3cret',
        scope: 'PRINCIPAL_ROLE:ALL',
      }),
    );
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      access_token: expect.any(String),
      token_type: 'bearer',
      expires_in: 60,
      issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
      scope: 'PRINCIPAL_ROLE:ALL',
    });
    const request = catalog.requests
      .filter(r => r.path.endsWith('/oauth/tokens'))
      .pop()!;
    expect(request.path).toBe('/api/catalog/v1/oauth/tokens');
    expect(request.body).toContain('grant_type=client_credentials');
  });

  it('rejects wrong client credentials, a missing scope and a wrong grant', async () => {
    const wrong = await fetch(
      `${catalog.url}/v1/oauth/tokens`,
      form({
        grant_type: 'client_credentials',
        client_id: 'portal',
        client_secret: 'nope',
        scope: 'PRINCIPAL_ROLE:ALL',
      }),
    );
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toEqual({
      error: 'invalid_client',
      error_description: expect.any(String),
    });
    const noScope = await fetch(
      `${catalog.url}/v1/oauth/tokens`,
      form({
        grant_type: 'client_credentials',
        client_id: 'portal',
        client_secret: 's3cret',
      }),
    );
    expect(noScope.status).toBe(400);
    expect((await noScope.json()).error).toBe('invalid_scope');
    const grant = await fetch(
      `${catalog.url}/v1/oauth/tokens`,
      form({ grant_type: 'password' }),
    );
    expect(grant.status).toBe(400);
    expect((await grant.json()).error).toBe('unsupported_grant_type');
  });

  it('answers 401 without or with a wrong bearer token, 419 once it expired', async () => {
    const none = await fetch(`${catalog.url}/v1/config?warehouse=lakehouse`);
    expect(none.status).toBe(401);
    expect((await none.json()).error).toEqual({
      message: expect.any(String),
      type: 'NotAuthorizedException',
      code: 401,
    });
    const wrong = await fetch(`${catalog.url}/v1/config?warehouse=lakehouse`, {
      headers: { Authorization: 'Bearer not-a-token' },
    });
    expect(wrong.status).toBe(401);
    expect((await wrong.json()).error.type).toBe('NotAuthorizedException');

    expect((await fetch(`${api()}/namespaces`, auth())).status).toBe(200);
    now += 61_000;
    const expired = await fetch(`${api()}/namespaces`, auth());
    expect(expired.status).toBe(419);
    expect(await expired.json()).toEqual({
      error: {
        message: 'Credentials have timed out',
        type: 'AuthenticationTimeoutException',
        code: 419,
      },
    });
  });

  it('requires the warehouse on /v1/config and advertises the prefix', async () => {
    const missing = await fetch(`${catalog.url}/v1/config`, auth());
    expect(missing.status).toBe(400);
    expect((await missing.json()).error).toEqual({
      message: 'Please specify a warehouse',
      type: 'BadRequestException',
      code: 400,
    });
    const unknown = await fetch(
      `${catalog.url}/v1/config?warehouse=other`,
      auth(),
    );
    expect(unknown.status).toBe(404);
    expect((await unknown.json()).error.type).toBe('NoSuchWarehouseException');
    const res = await fetch(
      `${catalog.url}/v1/config?warehouse=lakehouse`,
      auth(),
    );
    expect(res.status).toBe(200);
    const config = await res.json();
    expect(config.overrides).toEqual({ prefix: 'polaris' });
    expect(config.defaults).toEqual({});
    expect(config.endpoints).toContain(
      'GET /v1/{prefix}/namespaces/{namespace}/tables/{table}',
    );
  });

  it('pages namespaces with next-page-token', async () => {
    const pages: string[][][] = [];
    const tokens: Array<string | null> = [];
    let pageToken: string | null = '';
    while (pageToken !== null) {
      const res: Response = await fetch(
        `${api()}/namespaces?pageSize=2&pageToken=${encodeURIComponent(
          pageToken,
        )}`,
        auth(),
      );
      expect(res.status).toBe(200);
      const body: { namespaces: string[][]; 'next-page-token': string | null } =
        await res.json();
      pages.push(body.namespaces);
      pageToken = body['next-page-token'];
      tokens.push(pageToken);
    }
    expect(tokens).toEqual([expect.any(String), expect.any(String), null]);
    expect(pages.map(p => p.length)).toEqual([2, 2, 2]);
    expect(pages.flat()).toEqual([
      ['finance'],
      ['marketing'],
      ['ops'],
      ['sales'],
      ['support'],
      ['accounting'],
    ]);
    const all = await (await fetch(`${api()}/namespaces`, auth())).json();
    expect(all.namespaces).toHaveLength(6);
    expect(all['next-page-token']).toBeNull();
    const bad = await fetch(`${api()}/namespaces?pageToken=garbage`, auth());
    expect(bad.status).toBe(400);
  });

  it('lists nested namespaces with %1F in parent and in paths', async () => {
    const level1 = await (
      await fetch(`${api()}/namespaces?parent=accounting`, auth())
    ).json();
    expect(level1.namespaces).toEqual([
      ['accounting', 'tax'],
      ['accounting', 'credits'],
    ]);
    const level2 = await (
      await fetch(`${api()}/namespaces?parent=accounting%1Ftax`, auth())
    ).json();
    expect(level2.namespaces).toEqual([['accounting', 'tax', 'paid']]);
    const ns = await (
      await fetch(`${api()}/namespaces/accounting%1Ftax`, auth())
    ).json();
    expect(ns).toEqual({ namespace: ['accounting', 'tax'], properties: {} });
    const tables = await (
      await fetch(`${api()}/namespaces/accounting%1Ftax/tables`, auth())
    ).json();
    expect(tables).toEqual({
      identifiers: [{ namespace: ['accounting', 'tax'], name: 'invoices' }],
      'next-page-token': null,
    });
    const head = await fetch(`${api()}/namespaces/accounting%1Ftax%1Fpaid`, {
      ...auth(),
      method: 'HEAD',
    });
    expect(head.status).toBe(204);
  });

  it('pages tables with next-page-token', async () => {
    const names: string[] = [];
    let pageToken: string | null = '';
    let calls = 0;
    while (pageToken !== null) {
      const res: Response = await fetch(
        `${api()}/namespaces/sales/tables?pageSize=3&pageToken=${encodeURIComponent(
          pageToken,
        )}`,
        auth(),
      );
      const body: {
        identifiers: Array<{ namespace: string[]; name: string }>;
        'next-page-token': string | null;
      } = await res.json();
      names.push(...body.identifiers.map((i: { name: string }) => i.name));
      expect(
        body.identifiers.every(
          (i: { namespace: string[] }) => i.namespace[0] === 'sales',
        ),
      ).toBe(true);
      pageToken = body['next-page-token'];
      calls++;
    }
    expect(calls).toBe(3);
    expect(names).toEqual(['t0', 't1', 't2', 't3', 't4', 't5', 't6']);
  });

  it('loads a table with snapshot ids written as raw integers with every digit', async () => {
    const res = await fetch(
      `${api()}/namespaces/accounting%1Ftax/tables/invoices`,
      auth(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
    const text = await res.text();
    const ids = ['9007199254740993', '10241767144864450', '11476335034987907'];
    for (const id of ids) {
      expect(text).toContain(`"snapshot-id":${id}`);
      expect(text).not.toContain(`"${id}"`);
    }
    expect(text).toContain(`"current-snapshot-id":${ids[2]}`);
    expect(text).toContain(`"parent-snapshot-id":${ids[1]}`);
    const body = JSON.parse(text);
    expect(body['metadata-location']).toMatch(
      /^s3:\/\/warehouse\/accounting\/tax\/invoices\/metadata\/\d{5}-[0-9a-f-]{36}\.metadata\.json$/,
    );
    expect(body.config).toEqual({ 'client.region': 'eu-west-1' });
    const metadata = body.metadata;
    expect(metadata['format-version']).toBe(2);
    expect(metadata.schemas[0].fields[2]).toEqual({
      id: 3,
      name: 'order_date',
      required: true,
      type: 'date',
      doc: 'Day the order was placed',
    });
    expect(metadata['partition-specs'][0].fields).toEqual([
      {
        name: 'order_date_day',
        transform: 'day',
        'source-id': 3,
        'field-id': 1000,
      },
    ]);
    expect(metadata.snapshots).toHaveLength(3);
    expect(metadata.snapshots[2].summary).toEqual(
      expect.objectContaining({
        operation: 'append',
        'added-records': '127000',
        'total-records': '378000',
        'total-files-size': String(378000 * 48),
      }),
    );
    expect(metadata['snapshot-log']).toHaveLength(3);
    // JSON.parse loses the digits: the reason the raw text matters
    expect(String(metadata['current-snapshot-id'])).not.toBe(ids[2]);

    const refs = await (
      await fetch(
        `${api()}/namespaces/accounting%1Ftax/tables/invoices?snapshots=refs`,
        auth(),
      )
    ).text();
    expect(refs).toContain(`"snapshot-id":${ids[2]}`);
    expect(JSON.parse(refs).metadata.snapshots).toHaveLength(1);
  });

  it('answers 404 with Iceberg error bodies for unknown namespaces and tables', async () => {
    const ns = await fetch(`${api()}/namespaces/nope/tables`, auth());
    expect(ns.status).toBe(404);
    expect(await ns.json()).toEqual({
      error: {
        message: 'Namespace does not exist: nope',
        type: 'NoSuchNamespaceException',
        code: 404,
      },
    });
    const table = await fetch(`${api()}/namespaces/sales/tables/nope`, auth());
    expect(table.status).toBe(404);
    expect(await table.json()).toEqual({
      error: {
        message: 'Table does not exist: sales.nope',
        type: 'NoSuchTableException',
        code: 404,
      },
    });
    const parent = await fetch(`${api()}/namespaces?parent=nope`, auth());
    expect(parent.status).toBe(404);
    expect((await parent.json()).error.type).toBe('NoSuchNamespaceException');
    const wrongPrefix = await fetch(
      `${catalog.url}/v1/other/namespaces`,
      auth(),
    );
    expect(wrongPrefix.status).toBe(404);
    const headTable = await fetch(`${api()}/namespaces/sales/tables/nope`, {
      ...auth(),
      method: 'HEAD',
    });
    expect(headTable.status).toBe(404);
  });

  it('injects status faults once (failNext) and until cleared (setFault)', async () => {
    catalog.failNext(1, { status: 500 });
    const failed = await fetch(`${api()}/namespaces`, auth());
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({
      error: {
        message: 'Internal Server Error',
        type: 'InternalServerError',
        code: 500,
      },
    });
    expect((await fetch(`${api()}/namespaces`, auth())).status).toBe(200);

    catalog.setFault({
      status: 503,
      body: '{"error":{"message":"Slow down","type":"SlowDownException","code":503}}',
    });
    expect((await fetch(`${api()}/namespaces`, auth())).status).toBe(503);
    expect(
      (await fetch(`${api()}/namespaces/sales/tables`, auth())).status,
    ).toBe(503);
    catalog.setFault(undefined);
    expect((await fetch(`${api()}/namespaces`, auth())).status).toBe(200);

    catalog.failNext(2, { status: 401 });
    const unauthorized = await fetch(`${api()}/namespaces`, auth());
    expect(unauthorized.status).toBe(401);
    expect((await unauthorized.json()).error.type).toBe(
      'NotAuthorizedException',
    );
  });

  it('scopes faults to a path', async () => {
    catalog.setFault({ status: 500, path: '/tables/' });
    expect(
      (await fetch(`${api()}/namespaces/sales/tables`, auth())).status,
    ).toBe(200);
    expect(
      (await fetch(`${api()}/namespaces/sales/tables/t1`, auth())).status,
    ).toBe(500);
    catalog.setFault({ status: 503, path: /\/namespaces$/ });
    expect((await fetch(`${api()}/namespaces`, auth())).status).toBe(503);
    expect(
      (await fetch(`${api()}/namespaces/sales/tables/t1`, auth())).status,
    ).toBe(200);
  });

  it('delays responses so client timeouts fire', async () => {
    catalog.failNext(1, { delayMs: 400 });
    await expect(
      fetch(`${api()}/namespaces`, {
        ...auth(),
        signal: AbortSignal.timeout(100),
      }),
    ).rejects.toMatchObject({ name: 'TimeoutError' });
    const started = Date.now();
    catalog.failNext(1, { delayMs: 200 });
    expect((await fetch(`${api()}/namespaces`, auth())).status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
  });

  it('truncates bodies with the right status', async () => {
    catalog.failNext(1, { truncate: true });
    const res = await fetch(`${api()}/namespaces/sales/tables/t1`, auth());
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.length).toBeGreaterThan(100);
    expect(() => JSON.parse(text)).toThrow(SyntaxError);
  });

  it('returns empty listings on demand', async () => {
    catalog.setFault({ emptyListing: true });
    expect(await (await fetch(`${api()}/namespaces`, auth())).json()).toEqual({
      namespaces: [],
      'next-page-token': null,
    });
    expect(
      await (await fetch(`${api()}/namespaces/sales/tables`, auth())).json(),
    ).toEqual({
      identifiers: [],
      'next-page-token': null,
    });
    expect(
      (await fetch(`${api()}/namespaces/sales/tables/t1`, auth())).status,
    ).toBe(200);
  });

  it('logs requests with method, path, query and headers', async () => {
    await fetch(
      `${api()}/namespaces?parent=accounting%1Ftax&pageSize=5`,
      auth(),
    );
    const last = catalog.requests[catalog.requests.length - 1];
    expect(last.method).toBe('GET');
    expect(last.path).toBe('/api/catalog/v1/polaris/namespaces');
    expect(last.query).toEqual({
      parent: 'accounting\u001ftax',
      pageSize: '5',
    });
    expect(last.headers.authorization).toBe(`Bearer ${token}`);
  });
});

describe('IcebergRestCatalogDouble with a static bearer token and no prefix', () => {
  let catalog: IcebergRestCatalogDouble;

  beforeAll(async () => {
    catalog = await IcebergRestCatalogDouble.start({
      auth: { bearerToken: 'static-token' },
    });
    catalog.addTable(
      ['db'],
      'events',
      '{"format-version":2,"table-uuid":"u","current-snapshot-id":12345678901234567890}',
    );
  });

  afterAll(() => catalog.stop());

  it('accepts only the static token and serves /v1/namespaces without prefix', async () => {
    const headers = { Authorization: 'Bearer static-token' };
    const config = await (
      await fetch(`${catalog.url}/v1/config`, { headers })
    ).json();
    expect(config.overrides).toEqual({});
    expect(
      (
        await fetch(`${catalog.url}/v1/namespaces`, {
          headers: { Authorization: 'Bearer other' },
        })
      ).status,
    ).toBe(401);
    const list = await (
      await fetch(`${catalog.url}/v1/namespaces`, { headers })
    ).json();
    expect(list.namespaces).toEqual([['db']]);
    const table = await (
      await fetch(`${catalog.url}/v1/namespaces/db/tables/events`, { headers })
    ).text();
    expect(table).toContain(
      '"metadata":{"format-version":2,"table-uuid":"u","current-snapshot-id":12345678901234567890}',
    );
  });
});

describe('IcebergRestCatalogDouble synthetic catalog', () => {
  it('serves 50,000 tables over 500 namespaces quickly', async () => {
    const started = Date.now();
    const catalog = await IcebergRestCatalogDouble.start({
      synthetic: { namespaces: 500, tablesPerNamespace: 100 },
    });
    try {
      expect(Date.now() - started).toBeLessThan(2000);
      const namespaces = await (
        await fetch(`${catalog.url}/v1/namespaces`)
      ).json();
      expect(namespaces.namespaces).toHaveLength(500);
      expect(namespaces.namespaces[499]).toEqual(['ns_0499']);
      const tables = await (
        await fetch(`${catalog.url}/v1/namespaces/ns_0499/tables`)
      ).json();
      expect(tables.identifiers).toHaveLength(100);
      expect(tables.identifiers[99]).toEqual({
        namespace: ['ns_0499'],
        name: 'table_00099',
      });

      const loadStarted = Date.now();
      const texts = await Promise.all(
        Array.from({ length: 500 }, (_, i) =>
          fetch(
            `${catalog.url}/v1/namespaces/ns_${String(i).padStart(
              4,
              '0',
            )}/tables/table_00042`,
          ).then(r => r.text()),
        ),
      );
      expect(Date.now() - loadStarted).toBeLessThan(5000);
      const last = JSON.parse(texts[499]);
      expect(last.metadata.location).toBe('s3://warehouse/ns_0499/table_00042');
      // table index 49942: first snapshot id 3000000000000000000 + 49942 * 1000000000007 + 123
      const first = 3000000000000000000n + 49942n * 1000000000007n + 123n;
      expect(texts[499]).toContain(`"snapshot-id":${first}`);
      expect(texts[499]).toContain(
        `"current-snapshot-id":${first + 2n * 4000000000000123n}`,
      );
      expect(
        new Set(texts.map(t => JSON.parse(t).metadata['table-uuid'])).size,
      ).toBe(500);
      const missing = await fetch(
        `${catalog.url}/v1/namespaces/ns_0000/tables/table_00100`,
      );
      expect(missing.status).toBe(404);
    } finally {
      await catalog.stop();
    }
  });

  it('runs in a child process', async () => {
    const child = await IcebergRestCatalogDouble.startInChildProcess({
      synthetic: { namespaces: 5, tablesPerNamespace: 3 },
    });
    try {
      expect(child.pid).not.toBe(process.pid);
      const list = await (
        await fetch(`${child.url}/v1/namespaces/ns_0004/tables`)
      ).json();
      expect(list.identifiers.map((i: { name: string }) => i.name)).toEqual([
        'table_00000',
        'table_00001',
        'table_00002',
      ]);
      await child.setFault({ status: 503 });
      expect((await fetch(`${child.url}/v1/namespaces`)).status).toBe(503);
      await child.setFault(undefined);
      expect((await fetch(`${child.url}/v1/namespaces`)).status).toBe(200);
    } finally {
      await child.stop();
    }
  }, 30_000);
});

describe('toLosslessJson', () => {
  it('writes bigint and decimal snapshot ids as bare integers', () => {
    expect(
      toLosslessJson({
        'snapshot-id': 9223372036854775807n,
        'parent-snapshot-id': '9223372036854775806',
        name: '123',
        list: [1n, undefined, 'x'],
        skipped: undefined,
      }),
    ).toBe(
      '{"snapshot-id":9223372036854775807,"parent-snapshot-id":9223372036854775806,"name":"123","list":[1,null,"x"]}',
    );
  });
});
