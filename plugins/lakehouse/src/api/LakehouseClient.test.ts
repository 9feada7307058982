import { mockApis } from '@backstage/frontend-test-utils';
import { DatasetSourceStatus } from '@internal/plugin-lakehouse-common';
import { LakehouseClient } from './LakehouseClient';

const sources: DatasetSourceStatus[] = [
  {
    id: 'dbt:demo',
    kind: 'dbt',
    target: 'file:///data/dbt/target/manifest.json',
    state: 'ok',
    datasets: 17,
    lastSuccessAt: '2025-09-01T06:00:00Z',
  },
];

function json(body: unknown, status = 200, statusText = 'OK') {
  return new Response(JSON.stringify(body), {
    status,
    statusText,
    headers: { 'Content-Type': 'application/json' },
  });
}

function setup(response: Response) {
  const fetchImpl = jest.fn(
    async (_input: RequestInfo | URL, _init?: RequestInit) => response,
  );
  // The app's fetch API adds the signed-in user's token; the mock does the same.
  const fetchApi = mockApis.fetch({
    baseImplementation: fetchImpl as typeof fetch,
    injectIdentityAuth: { token: 'user-token' },
  });
  const discoveryApi = {
    getBaseUrl: jest.fn(
      async (pluginId: string) => `http://backstage.test:7007/api/${pluginId}`,
    ),
  };
  const client = new LakehouseClient({ discoveryApi, fetchApi });
  return { client, fetchImpl, discoveryApi };
}

function requestOf(fetchImpl: jest.Mock) {
  const [input, init] = fetchImpl.mock.calls[0];
  return new Request(input, init);
}

/**
 * A client whose every request gets a fresh answer from `answer`; the
 * requests it sent are in `requests`, in order.
 */
function setupAnswers(answer: (request: Request) => Response) {
  const requests: Request[] = [];
  const fetchImpl = jest.fn(
    async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      requests.push(request.clone());
      return answer(request);
    },
  );
  const fetchApi = mockApis.fetch({
    baseImplementation: fetchImpl as typeof fetch,
    injectIdentityAuth: { token: 'user-token' },
  });
  const discoveryApi = {
    getBaseUrl: jest.fn(
      async (pluginId: string) => `http://backstage.test:7007/api/${pluginId}`,
    ),
  };
  const client = new LakehouseClient({ discoveryApi, fetchApi });
  return { client, requests, discoveryApi };
}

const LAKEHOUSE = 'http://backstage.test:7007/api/lakehouse';

describe('LakehouseClient', () => {
  it('reads the sources from the catalog backend as the signed-in user', async () => {
    const { client, fetchImpl, discoveryApi } = setup(json({ sources }));

    await expect(client.getSources()).resolves.toEqual(sources);

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('catalog');
    expect(fetchImpl).toHaveBeenCalledTimes(1);
    const request = requestOf(fetchImpl);
    expect(request.url).toBe(
      'http://backstage.test:7007/api/catalog/lakehouse/sources',
    );
    expect(request.method).toBe('GET');
    expect(request.headers.get('authorization')).toBe('Bearer user-token');
  });

  it('turns an error answer into a ResponseError that keeps the cause', async () => {
    const { client } = setup(
      json(
        {
          error: { name: 'NotAllowedError', message: 'Sign in to see sources' },
          request: { method: 'GET', url: '/api/catalog/lakehouse/sources' },
          response: { statusCode: 403 },
        },
        403,
        'Forbidden',
      ),
    );

    const error = await client.getSources().catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(403);
    expect(error.message).toBe('Request failed with 403 Forbidden');
    expect(error.cause.name).toBe('NotAllowedError');
    expect(error.cause.message).toBe('Sign in to see sources');
  });

  it('reports a server error without a JSON body by its status', async () => {
    const { client } = setup(
      new Response('upstream timed out', {
        status: 502,
        statusText: 'Bad Gateway',
      }),
    );

    await expect(client.getSources()).rejects.toMatchObject({
      name: 'ResponseError',
      statusCode: 502,
    });
  });

  it('refuses an answer that is not a list of sources', async () => {
    const { client } = setup(json({ items: [] }));

    await expect(client.getSources()).rejects.toThrow(
      'Unexpected answer from http://backstage.test:7007/api/catalog/lakehouse/sources',
    );
  });
});

describe('LakehouseClient query API', () => {
  it('submits a statement to the lakehouse backend as the signed-in user', async () => {
    const { client, requests, discoveryApi } = setupAnswers(() =>
      json({ id: 'q-1', state: 'QUEUED', engine: 'trino' }, 202, 'Accepted'),
    );

    await expect(
      client.submitQuery({ sql: 'SELECT 1', engine: 'trino' }),
    ).resolves.toEqual({ id: 'q-1', state: 'QUEUED', engine: 'trino' });

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('lakehouse');
    const request = requests[0];
    expect(request.url).toBe(`${LAKEHOUSE}/queries`);
    expect(request.method).toBe('POST');
    expect(request.headers.get('content-type')).toBe('application/json');
    expect(request.headers.get('authorization')).toBe('Bearer user-token');
    await expect(request.json()).resolves.toEqual({
      sql: 'SELECT 1',
      engine: 'trino',
    });
  });

  it('rejects a refused statement with the reason the backend gives', async () => {
    const { client } = setupAnswers(() =>
      json(
        {
          error: {
            name: 'InputError',
            message:
              'Refused: DELETE statements are not allowed (line 1, column 1)',
          },
          request: { method: 'POST', url: '/api/lakehouse/queries' },
          response: { statusCode: 400 },
        },
        400,
        'Bad Request',
      ),
    );

    const error = await client
      .submitQuery({ sql: 'DELETE FROM lakehouse.raw.orders' })
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(400);
    expect(error.cause.message).toBe(
      'Refused: DELETE statements are not allowed (line 1, column 1)',
    );
  });

  it('asks for the next page with the page token and the wait, the id encoded', async () => {
    const page = {
      id: 'q/1',
      engine: 'duckdb',
      state: 'RUNNING',
      progress: { elapsedMs: 5 },
      rows: [[1]],
      rowCount: 1,
      truncated: false,
      nextPageToken: '2',
    };
    const { client, requests } = setupAnswers(() => json(page));

    await expect(
      client.getQueryPage('q/1', { pageToken: '1', maxWaitMs: 1000 }),
    ).resolves.toEqual(page);
    await client.getQueryPage('q/1');

    const first = new URL(requests[0].url);
    expect(first.pathname).toBe('/api/lakehouse/queries/q%2F1');
    expect(first.searchParams.get('pageToken')).toBe('1');
    expect(first.searchParams.get('maxWaitMs')).toBe('1000');
    expect(requests[1].url).toBe(`${LAKEHOUSE}/queries/q%2F1`);
  });

  it('cancels a query with DELETE', async () => {
    const { client, requests } = setupAnswers(
      () => new Response(null, { status: 204 }),
    );

    await expect(client.cancelQuery('q-1')).resolves.toBeUndefined();

    const request = requests[0];
    expect(request.method).toBe('DELETE');
    expect(request.url).toBe(`${LAKEHOUSE}/queries/q-1`);
    expect(request.headers.get('authorization')).toBe('Bearer user-token');
  });

  it("downloads the CSV of a query with the user's token", async () => {
    const { client, requests } = setupAnswers(
      () =>
        new Response('customer_id,email\n1,a@example.com\n', {
          status: 200,
          headers: { 'Content-Type': 'text/csv; charset=utf-8' },
        }),
    );

    const blob = await client.downloadQueryCsv('q-1');

    await expect(blob.text()).resolves.toBe(
      'customer_id,email\n1,a@example.com\n',
    );
    const request = requests[0];
    expect(request.url).toBe(`${LAKEHOUSE}/queries/q-1/csv`);
    expect(request.headers.get('authorization')).toBe('Bearer user-token');
  });

  it('searches the history with the text, the limit and the offset', async () => {
    const items = [
      {
        id: 'q-1',
        sql: 'SELECT 1',
        engine: 'trino',
        state: 'FINISHED',
        startedAt: '2025-09-01T06:00:00Z',
      },
    ];
    const { client, requests } = setupAnswers(() => json({ items }));

    await expect(
      client.getQueryHistory({ q: ' orders ', limit: 20, offset: 40 }),
    ).resolves.toEqual(items);

    const url = new URL(requests[0].url);
    expect(url.pathname).toBe('/api/lakehouse/history');
    expect(url.searchParams.get('q')).toBe('orders');
    expect(url.searchParams.get('limit')).toBe('20');
    expect(url.searchParams.get('offset')).toBe('40');
  });

  it('browses catalogs, schemas, tables and columns with every path segment encoded', async () => {
    const { client, requests } = setupAnswers(request =>
      request.url.includes('/columns')
        ? json({ items: [{ name: 'id', type: 'bigint' }] })
        : json({ items: ['x'] }),
    );

    await client.listCatalogs('duckdb');
    await client.listSchemas('lake house', 'trino');
    await client.listTables('lakehouse', 'a/b', 'trino');
    await expect(
      client.listColumns('lakehouse', 'gold', 'fct#orders'),
    ).resolves.toEqual([{ name: 'id', type: 'bigint' }]);

    expect(requests.map(r => r.url)).toEqual([
      `${LAKEHOUSE}/catalogs?engine=duckdb`,
      `${LAKEHOUSE}/catalogs/lake%20house/schemas?engine=trino`,
      `${LAKEHOUSE}/catalogs/lakehouse/schemas/a%2Fb/tables?engine=trino`,
      `${LAKEHOUSE}/catalogs/lakehouse/schemas/gold/tables/fct%23orders/columns`,
    ]);
  });

  it('reads the engines, and refuses an answer without them', async () => {
    const engines = [{ id: 'trino', title: 'Trino', default: true }];
    const ok = setupAnswers(() => json({ engines }));
    await expect(ok.client.getEngines()).resolves.toEqual(engines);
    expect(ok.requests[0].url).toBe(`${LAKEHOUSE}/engines`);

    const wrong = setupAnswers(() => json({ items: engines }));
    await expect(wrong.client.getEngines()).rejects.toThrow(
      'Unexpected answer from the lakehouse backend /engines',
    );
  });

  it('previews a dataset by its entity namespace and name', async () => {
    const preview = {
      engine: 'trino',
      table: 'lakehouse.gold.fct_orders',
      columns: [{ name: 'order_id', type: 'bigint' }],
      rows: [[1]],
      truncated: false,
    };
    const { client, requests } = setupAnswers(() => json(preview));

    await expect(
      client.getDatasetPreview(
        { namespace: 'default', name: 'lakehouse.gold.fct_orders' },
        { limit: 50 },
      ),
    ).resolves.toEqual(preview);

    expect(requests[0].url).toBe(
      `${LAKEHOUSE}/datasets/default/lakehouse.gold.fct_orders/preview?limit=50`,
    );
  });

  it('rejects a preview the user may not see with status 403', async () => {
    const { client } = setupAnswers(() =>
      json(
        {
          error: {
            name: 'NotAllowedError',
            message:
              'You are not allowed to read the data of lakehouse.raw.customers (lakehouse.dataset.read-data)',
          },
          response: { statusCode: 403 },
        },
        403,
        'Forbidden',
      ),
    );

    await expect(
      client.getDatasetPreview({ namespace: 'default', name: 'x' }),
    ).rejects.toMatchObject({ name: 'ResponseError', statusCode: 403 });
  });
});

describe('LakehouseClient lineage API', () => {
  const graph = {
    nodes: [
      {
        id: 'resource:default/lakehouse.gold.fct_orders',
        entityRef: 'resource:default/lakehouse.gold.fct_orders',
        kind: 'Resource',
        type: 'dataset',
        title: 'fct_orders',
        layer: 'gold',
        columns: ['order_id', 'amount'],
        distance: 0,
      },
    ],
    edges: [],
  };

  it('asks for the lineage of an entity with direction, depth and column in the query', async () => {
    const { client, requests, discoveryApi } = setupAnswers(() => json(graph));

    await expect(
      client.getLineage({
        entityRef: 'resource:default/lakehouse.gold.fct_orders',
        direction: 'upstream',
        depth: 3,
        column: 'order total',
      }),
    ).resolves.toEqual(graph);

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('lakehouse');
    const request = requests[0];
    expect(request.method).toBe('GET');
    expect(request.headers.get('authorization')).toBe('Bearer user-token');
    const url = new URL(request.url);
    expect(url.pathname).toBe('/api/lakehouse/lineage');
    expect(url.search).toBe(
      '?entityRef=resource%3Adefault%2Flakehouse.gold.fct_orders&direction=upstream&depth=3&column=order+total',
    );
    expect(url.searchParams.get('column')).toBe('order total');
  });

  it('leaves out the options that are not given', async () => {
    const { client, requests } = setupAnswers(() => json(graph));

    await client.getLineage({ entityRef: 'openlineage:trino://x/a&b' });

    const url = new URL(requests[0].url);
    expect([...url.searchParams.keys()]).toEqual(['entityRef']);
    expect(url.searchParams.get('entityRef')).toBe('openlineage:trino://x/a&b');
  });

  it('refuses a lineage answer without nodes and edges', async () => {
    const { client } = setupAnswers(() => json({ nodes: [] }));

    await expect(
      client.getLineage({ entityRef: 'resource:default/x' }),
    ).rejects.toThrow(
      'Unexpected answer from the lakehouse backend /lineage: expected { "edges": [...] }',
    );
  });

  it('rejects with the status and cause of a refused lineage request', async () => {
    const { client } = setupAnswers(() =>
      json(
        {
          error: {
            name: 'NotFoundError',
            message: 'No entity resource:default/nope',
          },
          response: { statusCode: 404 },
        },
        404,
        'Not Found',
      ),
    );

    const error = await client
      .getLineage({ entityRef: 'resource:default/nope' })
      .catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(404);
    expect(error.cause.message).toBe('No entity resource:default/nope');
  });

  it('asks for the impact of a column and returns the affected items', async () => {
    const items = [
      {
        id: 'resource:default/lakehouse.gold.fct_orders',
        entityRef: 'resource:default/lakehouse.gold.fct_orders',
        owner: 'group:default/analytics-engineering',
        columns: ['amount'],
        distance: 1,
      },
    ];
    const { client, requests } = setupAnswers(() => json({ items }));

    await expect(
      client.getImpact({
        entityRef: 'resource:default/lakehouse.silver.orders',
        column: 'amount',
      }),
    ).resolves.toEqual({ items });

    expect(requests[0].url).toBe(
      `${LAKEHOUSE}/impact?entityRef=resource%3Adefault%2Flakehouse.silver.orders&column=amount`,
    );
  });

  it('refuses an impact answer without items', async () => {
    const { client } = setupAnswers(() => json({ nodes: [] }));

    await expect(
      client.getImpact({ entityRef: 'resource:default/x' }),
    ).rejects.toThrow(
      'Unexpected answer from the lakehouse backend /impact: expected { "items": [...] }',
    );
  });
});

describe('LakehouseClient drift API', () => {
  const monitor = {
    id: 'customer-churn/inputs',
    entityRef: 'resource:default/customer-churn',
    engine: 'duckdb',
    features: [],
    schedule: 'every 1 hour',
    thresholds: 'fixed',
  };
  const report = {
    id: 'r-1',
    monitorId: monitor.id,
    entityRef: monitor.entityRef,
    createdAt: '2025-09-01T06:00:00Z',
    engine: 'duckdb',
    status: 'ok',
    reference: { sql: 'SELECT 1', rows: 1 },
    current: { sql: 'SELECT 1', rows: 1 },
    drifted: false,
    features: [],
  };

  it("lists an entity's monitors as the signed-in user", async () => {
    const { client, requests, discoveryApi } = setupAnswers(() =>
      json({ items: [monitor] }),
    );

    await expect(
      client.listDriftMonitors({ entityRef: monitor.entityRef }),
    ).resolves.toEqual([monitor]);
    await client.listDriftMonitors();

    expect(discoveryApi.getBaseUrl).toHaveBeenCalledWith('lakehouse');
    expect(requests[0].method).toBe('GET');
    expect(requests[0].headers.get('authorization')).toBe('Bearer user-token');
    expect(requests[0].url).toBe(
      `${LAKEHOUSE}/drift/monitors?entityRef=resource%3Adefault%2Fcustomer-churn`,
    );
    expect(requests[1].url).toBe(`${LAKEHOUSE}/drift/monitors`);
  });

  it('refuses a monitor list without items', async () => {
    const { client } = setupAnswers(() => json({ monitors: [monitor] }));

    await expect(client.listDriftMonitors()).rejects.toThrow(
      'Unexpected answer from the lakehouse backend /drift/monitors: expected { "items": [...] }',
    );
  });

  it('runs a monitor with POST, its id encoded, and answers the new report', async () => {
    const { client, requests } = setupAnswers(() =>
      json(report, 201, 'Created'),
    );

    await expect(client.runDriftMonitor(monitor.id)).resolves.toEqual(report);

    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe(
      `${LAKEHOUSE}/drift/monitors/customer-churn%2Finputs/run`,
    );
    expect(requests[0].headers.get('authorization')).toBe('Bearer user-token');
  });

  it('rejects a refused run with the status and the reason', async () => {
    const { client } = setupAnswers(() =>
      json(
        {
          error: {
            name: 'NotAllowedError',
            message: 'You may not run drift monitors (lakehouse.drift.run)',
          },
          request: {
            method: 'POST',
            url: '/api/lakehouse/drift/monitors/x/run',
          },
          response: { statusCode: 403 },
        },
        403,
        'Forbidden',
      ),
    );

    const error = await client.runDriftMonitor('x').catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(403);
    expect(error.cause.message).toBe(
      'You may not run drift monitors (lakehouse.drift.run)',
    );
  });

  it('lists the newest reports of a monitor, as many as asked', async () => {
    const { client, requests } = setupAnswers(() => json({ items: [report] }));

    await expect(
      client.listDriftReports(monitor.id, { limit: 30 }),
    ).resolves.toEqual([report]);
    await client.listDriftReports('plain');

    expect(requests[0].url).toBe(
      `${LAKEHOUSE}/drift/monitors/customer-churn%2Finputs/reports?limit=30`,
    );
    expect(requests[1].url).toBe(`${LAKEHOUSE}/drift/monitors/plain/reports`);
  });

  it('refuses a report list without items', async () => {
    const { client } = setupAnswers(() => json({ reports: [] }));

    await expect(client.listDriftReports('plain')).rejects.toThrow(
      'Unexpected answer from the lakehouse backend /drift/monitors/plain/reports: expected { "items": [...] }',
    );
  });
});

describe('LakehouseClient governance API', () => {
  const CUSTOMERS = 'resource:default/lakehouse.raw.customers';
  const pending = {
    id: 'ar/1',
    entityRef: CUSTOMERS,
    table: 'lakehouse.raw.customers',
    privilege: 'read',
    reason: 'Churn analysis',
    durationDays: 7,
    state: 'pending',
    requestedBy: 'user:default/dana',
    createdAt: '2025-09-01T10:00:00Z',
  };

  it('reads the governance report as the signed-in user', async () => {
    const report = { generatedAt: '2025-09-01T10:00:00Z', ownership: [] };
    const { client, requests } = setupAnswers(() => json(report));

    await expect(client.getGovernanceReport()).resolves.toEqual(report);
    expect(requests[0].url).toBe(`${LAKEHOUSE}/governance`);
    expect(requests[0].headers.get('authorization')).toBe('Bearer user-token');
  });

  it('asks for the classifications and readers of a dataset by its entity ref, encoded', async () => {
    const { client, requests } = setupAnswers(() =>
      json({ entityRef: CUSTOMERS, classifications: [], readers: [] }),
    );

    await client.getClassifications(CUSTOMERS);
    await client.getDatasetReaders(CUSTOMERS);
    await client.getGroupGrants('group:default/data-platform');

    expect(requests.map(r => r.url)).toEqual([
      `${LAKEHOUSE}/governance/classifications?entityRef=resource%3Adefault%2Flakehouse.raw.customers`,
      `${LAKEHOUSE}/governance/readers?entityRef=resource%3Adefault%2Flakehouse.raw.customers`,
      `${LAKEHOUSE}/governance/readers?group=group%3Adefault%2Fdata-platform`,
    ]);
  });

  it('reads "Polaris not configured" as no readers', async () => {
    const { client } = setupAnswers(() =>
      json({ entityRef: CUSTOMERS, configured: false }),
    );

    await expect(client.getDatasetReaders(CUSTOMERS)).resolves.toEqual({
      entityRef: CUSTOMERS,
      configured: false,
      readers: [],
    });
    await expect(
      client.getGroupGrants('group:default/data-platform'),
    ).resolves.toMatchObject({ principalRoles: [], grants: [] });
  });

  it('declassifies a column with POST and takes it back with DELETE', async () => {
    const { client, requests } = setupAnswers(request =>
      request.method === 'DELETE'
        ? new Response(null, { status: 204 })
        : json({ column: 'email_hash' }, 201, 'Created'),
    );

    await client.declassify({
      entityRef: CUSTOMERS,
      column: 'email_hash',
      reason: 'SHA-256',
    });
    await client.removeDeclassification(CUSTOMERS, 'email hash');

    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe(`${LAKEHOUSE}/governance/declassifications`);
    await expect(requests[0].json()).resolves.toEqual({
      entityRef: CUSTOMERS,
      column: 'email_hash',
      reason: 'SHA-256',
    });
    expect(requests[1].method).toBe('DELETE');
    expect(requests[1].url).toBe(
      `${LAKEHOUSE}/governance/declassifications?entityRef=resource%3Adefault%2Flakehouse.raw.customers&column=email+hash`,
    );
  });

  it('creates an access request and answers the pending request', async () => {
    const { client, requests } = setupAnswers(() =>
      json(pending, 201, 'Created'),
    );

    await expect(
      client.createAccessRequest({
        entityRef: CUSTOMERS,
        privilege: 'read',
        reason: 'Churn analysis',
        durationDays: 7,
      }),
    ).resolves.toEqual(pending);
    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe(`${LAKEHOUSE}/access-requests`);
    expect(requests[0].headers.get('content-type')).toBe('application/json');
    await expect(requests[0].json()).resolves.toEqual({
      entityRef: CUSTOMERS,
      privilege: 'read',
      reason: 'Churn analysis',
      durationDays: 7,
    });
  });

  it('lists access requests by dataset and state, and reads one by its encoded id', async () => {
    const { client, requests } = setupAnswers(request =>
      request.url.includes('ar%2F1')
        ? json(pending)
        : json({ items: [pending] }),
    );

    await expect(
      client.listAccessRequests({ entityRef: CUSTOMERS, state: 'pending' }),
    ).resolves.toEqual([pending]);
    await client.listAccessRequests();
    await expect(client.getAccessRequest('ar/1')).resolves.toEqual(pending);

    expect(requests.map(r => r.url)).toEqual([
      `${LAKEHOUSE}/access-requests?entityRef=resource%3Adefault%2Flakehouse.raw.customers&state=pending`,
      `${LAKEHOUSE}/access-requests`,
      `${LAKEHOUSE}/access-requests/ar%2F1`,
    ]);
  });

  it('refuses an access request list without items', async () => {
    const { client } = setupAnswers(() => json([pending]));

    await expect(client.listAccessRequests()).rejects.toThrow(
      'Unexpected answer from the lakehouse backend /access-requests: expected { "items": [...] }',
    );
  });

  it('approves with the comment and rejects without an empty one', async () => {
    const { client, requests } = setupAnswers(() =>
      json({ ...pending, state: 'approved' }),
    );

    await client.approveAccessRequest('ar/1', { comment: ' Go ahead ' });
    await client.rejectAccessRequest('ar/1', { comment: '  ' });

    expect(requests[0].method).toBe('POST');
    expect(requests[0].url).toBe(`${LAKEHOUSE}/access-requests/ar%2F1/approve`);
    await expect(requests[0].json()).resolves.toEqual({ comment: 'Go ahead' });
    expect(requests[1].url).toBe(`${LAKEHOUSE}/access-requests/ar%2F1/reject`);
    await expect(requests[1].json()).resolves.toEqual({});
  });

  it('rejects a failed apply with status 502 and the Polaris error', async () => {
    const { client } = setupAnswers(() =>
      json(
        {
          error: {
            name: 'ForwardedError',
            message: 'Polaris answered 503 Service Unavailable',
          },
          request: {
            method: 'POST',
            url: '/api/lakehouse/access-requests/ar-1/approve',
          },
          response: { statusCode: 502 },
        },
        502,
        'Bad Gateway',
      ),
    );

    const error = await client.approveAccessRequest('ar-1').catch(e => e);
    expect(error.name).toBe('ResponseError');
    expect(error.statusCode).toBe(502);
    expect(error.cause.message).toBe(
      'Polaris answered 503 Service Unavailable',
    );
  });
});

describe('LakehouseClient through the app’s fetch middleware', () => {
  it('sends a statement even when each middleware builds its own Request, as the browser’s do', async () => {
    const bodies: string[] = [];
    // Backstage's fetch middleware (identity, plugin protocol) each build a
    // new Request from what they get; a browser refuses to build one from a
    // Request whose body another one already took.
    const fetchImpl = jest.fn(
      async (input: RequestInfo | URL, init?: RequestInit) => {
        const first = new Request(input, init);
        const second = new Request(input, init);
        bodies.push(await first.text(), await second.text());
        return json({ id: 'q-1', state: 'QUEUED', engine: 'duckdb' }, 202);
      },
    );
    // The middleware looks at a Request built from the input (its URL, to
    // decide whether the user's token goes along), then hands the same
    // input on, where the next one builds another.
    const client = new LakehouseClient({
      discoveryApi: { getBaseUrl: async () => LAKEHOUSE },
      fetchApi: { fetch: fetchImpl as typeof fetch },
    });
    await expect(client.submitQuery({ sql: 'select 1' })).resolves.toEqual({
      id: 'q-1',
      state: 'QUEUED',
      engine: 'duckdb',
    });
    expect(bodies.map(b => JSON.parse(b).sql)).toEqual([
      'select 1',
      'select 1',
    ]);
  });
});
