import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EditorView } from '@codemirror/view';
import {
  QueryEngineId,
  QueryEngineInfo,
  QueryHistoryEntry,
  QueryPage,
} from '@internal/plugin-lakehouse-common';
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  LakehouseApi,
  lakehouseApiRef,
  LakehouseClient,
  QueryPageOptions,
} from '../../api';
import { SqlConsolePage } from './SqlConsolePage';

// Each test renders the whole console with CodeMirror: slow on a busy machine.
jest.setTimeout(30_000);

const engines: QueryEngineInfo[] = [
  {
    id: 'trino',
    title: 'Trino',
    default: true,
    catalog: 'lakehouse',
    schema: 'gold',
  },
  { id: 'duckdb', title: 'DuckDB', default: false, catalog: 'memory' },
];

const columns = [
  { name: 'customer_id', type: 'bigint' },
  { name: 'email', type: 'varchar' },
];

function page(overrides: Partial<QueryPage>): QueryPage {
  return {
    id: 'q-1',
    engine: 'trino',
    state: 'RUNNING',
    progress: { elapsedMs: 800 },
    columns,
    rows: [],
    rowCount: 0,
    truncated: false,
    ...overrides,
  };
}

/** A promise and the functions that settle it, for answers the test times. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>(r => {
    resolve = r;
  });
  return { promise, resolve };
}

/** The lakehouse API as a set of mocks; pages are answered in order. */
function fakeApi(pages: Array<QueryPage | Promise<QueryPage>> = []) {
  const queue = [...pages];
  const api: jest.Mocked<LakehouseApi> = {
    getSources: jest.fn(async () => []),
    getEngines: jest.fn(async () => engines),
    getLineage: jest.fn(),
    getImpact: jest.fn(),
    listDriftMonitors: jest.fn(),
    runDriftMonitor: jest.fn(),
    listDriftReports: jest.fn(),
    submitQuery: jest.fn(async request => ({
      id: 'q-1',
      state: 'QUEUED' as const,
      engine: request.engine ?? 'trino',
    })),
    getQueryPage: jest.fn(async (_id: string, _options?: QueryPageOptions) => {
      const next = queue.shift();
      if (!next) throw new Error('The test gave no more pages');
      return next;
    }),
    cancelQuery: jest.fn(async (_id: string) => {}),
    downloadQueryCsv: jest.fn(
      async (_id: string) => new Blob(['customer_id\n1\n']),
    ),
    getQueryHistory: jest.fn(async () => []),
    listCatalogs: jest.fn(async (_engine?: QueryEngineId) => [
      'lakehouse',
      'system',
    ]),
    listSchemas: jest.fn(async (_c: string, _e?: QueryEngineId) => [
      'raw',
      'gold',
    ]),
    listTables: jest.fn(async (_c: string, _s: string, _e?: QueryEngineId) => [
      'dim_customers',
    ]),
    listColumns: jest.fn(
      async (_c: string, _s: string, _t: string, _e?: QueryEngineId) => columns,
    ),
    getDatasetPreview: jest.fn(),
    getGovernanceReport: jest.fn(),
    getClassifications: jest.fn(),
    declassify: jest.fn(),
    removeDeclassification: jest.fn(),
    getDatasetReaders: jest.fn(),
    getGroupGrants: jest.fn(),
    createAccessRequest: jest.fn(),
    listAccessRequests: jest.fn(),
    getAccessRequest: jest.fn(),
    approveAccessRequest: jest.fn(),
    rejectAccessRequest: jest.fn(),
  };
  return api;
}

function renderConsole(api: LakehouseApi, sql?: string, engine?: string) {
  const params = new URLSearchParams({
    ...(sql === undefined ? {} : { sql }),
    ...(engine === undefined ? {} : { engine }),
  });
  return renderInTestApp(<SqlConsolePage />, {
    apis: [[lakehouseApiRef, api], mockApis.permission()],
    initialRouteEntries: [
      params.size ? `/lakehouse/sql?${params}` : '/lakehouse/sql',
    ],
  });
}

/** The CodeMirror view of the console's editor. */
async function editor() {
  // The editor is loaded lazily; the first load of CodeMirror takes a while.
  const textbox = await screen.findByRole(
    'textbox',
    { name: 'SQL statement' },
    { timeout: 10_000 },
  );
  const view = EditorView.findFromDOM(textbox.closest('.cm-editor')!)!;
  return { textbox, view };
}

async function run() {
  await editor();
  await userEvent.click(screen.getByRole('button', { name: 'Run' }));
}

/** The body rows of the results table as cell texts. */
function resultRows() {
  const table = screen.getByRole('table', { name: 'Query results' });
  const [, ...rows] = within(table).getAllByRole('row');
  return rows.map(row =>
    within(row)
      .getAllByRole('cell')
      .map(cell => cell.textContent),
  );
}

async function refusal(status: number, message: string) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'InputError', message },
        request: { method: 'POST', url: '/api/lakehouse/queries' },
        response: { statusCode: status },
      }),
      {
        status,
        statusText: 'Bad Request',
        headers: { 'Content-Type': 'application/json' },
      },
    ),
  );
}

describe('SqlConsolePage', () => {
  it('fills the editor from the sql query parameter', async () => {
    renderConsole(
      fakeApi(),
      'SELECT * FROM lakehouse.gold.fct_orders LIMIT 100',
    );

    const { view } = await editor();
    expect(view.state.doc.toString()).toBe(
      'SELECT * FROM lakehouse.gold.fct_orders LIMIT 100',
    );
  });

  it('shows the rows of a finished query across two pages', async () => {
    const api = fakeApi([
      page({
        rows: [
          [1, 'ada@example.com'],
          [2, null],
        ],
        rowCount: 2,
        nextPageToken: '1',
      }),
      page({
        state: 'FINISHED',
        progress: { percent: 100, elapsedMs: 1234 },
        rows: [[3, 'grace@example.com']],
        rowCount: 3,
      }),
    ]);
    renderConsole(api, 'SELECT customer_id, email FROM dim_customers');

    await run();

    expect(
      await screen.findByText('Finished · 3 rows returned · 1.2 s'),
    ).toBeInTheDocument();
    expect(resultRows()).toEqual([
      ['1', 'ada@example.com'],
      ['2', 'NULL'],
      ['3', 'grace@example.com'],
    ]);
    expect(
      within(screen.getByRole('table', { name: 'Query results' }))
        .getAllByRole('columnheader')
        .map(h => h.textContent),
    ).toEqual(['customer_id bigint', 'email varchar']);
    expect(api.submitQuery).toHaveBeenCalledWith({
      sql: 'SELECT customer_id, email FROM dim_customers',
      engine: 'trino',
    });
    expect(api.getQueryPage).toHaveBeenCalledTimes(2);
    expect(api.getQueryPage.mock.calls[0][1]?.pageToken).toBeUndefined();
    expect(api.getQueryPage.mock.calls[1][1]?.pageToken).toBe('1');
    expect(screen.queryByLabelText('Query progress')).not.toBeInTheDocument();
  });

  it('shows a progress bar with elapsed time and rows while the query runs', async () => {
    const api = fakeApi([
      page({
        progress: { percent: 40, elapsedMs: 2500, processedRows: 12000 },
        rows: [[1, 'ada@example.com']],
        rowCount: 1,
        nextPageToken: '1',
      }),
      new Promise<QueryPage>(() => {}),
    ]);
    renderConsole(api, 'SELECT * FROM dim_customers');

    await run();

    const bar = await screen.findByRole('progressbar', {
      name: 'Query progress',
    });
    await waitFor(() => expect(bar).toHaveAttribute('aria-valuenow', '40'));
    expect(
      screen.getByText(
        'Running · 2.5 s elapsed · 40% · 12,000 rows processed · 1 row received',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Cancel' })).toBeEnabled();
    expect(resultRows()).toEqual([['1', 'ada@example.com']]);
  });

  it('shows an indeterminate progress bar while the engine gives no percentage', async () => {
    const api = fakeApi([
      page({
        state: 'QUEUED',
        progress: { elapsedMs: 100 },
        columns: undefined,
        nextPageToken: '0',
      }),
      new Promise<QueryPage>(() => {}),
    ]);
    renderConsole(api, 'SELECT 1');

    await run();

    expect(
      await screen.findByText('Queued · 0.1 s elapsed'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('progressbar', { name: 'Query progress' }),
    ).not.toHaveAttribute('aria-valuenow');
  });

  it('runs the statement on Ctrl+Enter in the editor', async () => {
    const api = fakeApi([page({ state: 'FINISHED', rowCount: 0 })]);
    renderConsole(api, 'SHOW CATALOGS');

    const { textbox } = await editor();
    fireEvent.keyDown(textbox, { key: 'Enter', code: 'Enter', ctrlKey: true });

    await waitFor(() =>
      expect(api.submitQuery).toHaveBeenCalledWith({
        sql: 'SHOW CATALOGS',
        engine: 'trino',
      }),
    );
  });

  it('explains why a DELETE statement is refused and points at it', async () => {
    const api = fakeApi();
    api.submitQuery.mockRejectedValue(
      await refusal(
        400,
        'Refused: DELETE statements are not allowed in the read-only SQL console (line 2, column 1)',
      ),
    );
    renderConsole(api, '-- clean up\nDELETE FROM lakehouse.raw.orders');

    await run();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Statement refused');
    expect(alert).toHaveTextContent(
      'Refused: DELETE statements are not allowed in the read-only SQL console',
    );
    expect(api.getQueryPage).not.toHaveBeenCalled();
    const { view } = await editor();
    await waitFor(() =>
      expect(view.state.selection.main.head).toBe('-- clean up\n'.length),
    );
  });

  it('says so when the user already runs as many queries as allowed', async () => {
    const api = fakeApi();
    // The 429 body is { error } only, without Backstage's request/response parts.
    api.submitQuery.mockRejectedValue(
      await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'ConcurrencyLimitError',
              message: 'You already run 3 queries: wait for one to finish',
            },
          }),
          {
            status: 429,
            statusText: 'Too Many Requests',
            headers: { 'Content-Type': 'application/json' },
          },
        ),
      ),
    );
    renderConsole(api, 'SELECT 1');

    await run();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Too many running queries');
    expect(alert).toHaveTextContent(
      'You already run 3 queries: wait for one to finish',
    );
    expect(alert).not.toHaveTextContent('Request failed');
  });

  it('shows the engine error with its line and column and marks it in the editor', async () => {
    const sql = 'SELECT customer_id\nFORM dim_customers';
    const api = fakeApi([
      page({
        state: 'FAILED',
        columns: undefined,
        error: {
          errorName: 'SYNTAX_ERROR',
          message: "line 2:1: mismatched input 'FORM'",
          line: 2,
          column: 1,
        },
      }),
    ]);
    renderConsole(api, sql);

    await run();

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('SYNTAX_ERROR');
    expect(alert).toHaveTextContent("line 2:1: mismatched input 'FORM'");
    expect(alert).toHaveTextContent('At line 2, column 1.');
    const { view } = await editor();
    await waitFor(() =>
      expect(view.state.selection.main.head).toBe(sql.indexOf('FORM')),
    );
    expect(document.querySelector('.cm-sql-error-line')).toHaveTextContent(
      'FORM dim_customers',
    );
  });

  it('cancels a running query with DELETE and says so', async () => {
    const canceled = deferred<QueryPage>();
    const api = fakeApi([
      page({ rows: [[1, 'ada@example.com']], rowCount: 1, nextPageToken: '1' }),
      canceled.promise,
    ]);
    api.cancelQuery.mockImplementation(async () => {
      canceled.resolve(
        page({
          state: 'CANCELED',
          rowCount: 1,
          error: {
            errorName: 'USER_CANCELED',
            message: 'The query was canceled',
          },
        }),
      );
    });
    renderConsole(api, 'SELECT * FROM dim_customers');
    await run();
    await screen.findByRole('progressbar', { name: 'Query progress' });

    await userEvent.click(screen.getByRole('button', { name: 'Cancel' }));

    expect(api.cancelQuery).toHaveBeenCalledWith('q-1');
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Query canceled');
    expect(alert).toHaveTextContent('The query was canceled');
    expect(resultRows()).toEqual([['1', 'ada@example.com']]);
    expect(screen.getByRole('button', { name: 'Run' })).toBeEnabled();
  });

  it('says when the result was truncated', async () => {
    const api = fakeApi([
      page({
        state: 'FINISHED',
        rows: [
          [1, 'a'],
          [2, 'b'],
        ],
        rowCount: 2,
        truncated: true,
      }),
    ]);
    renderConsole(api, 'SELECT * FROM dim_customers');

    await run();

    expect(
      await screen.findByText(/The result was truncated at 2 rows/),
    ).toBeInTheDocument();
  });

  it('puts a statement picked from the history into the editor', async () => {
    const history: QueryHistoryEntry[] = [
      {
        id: 'q-9',
        sql: 'SELECT count(*) FROM orders',
        engine: 'duckdb',
        state: 'FINISHED',
        startedAt: new Date(Date.now() - 60_000).toISOString(),
        rowCount: 1,
      },
      {
        id: 'q-8',
        sql: 'SELECT * FROM lakehouse.gold.fct_orders',
        engine: 'trino',
        state: 'FAILED',
        startedAt: new Date(Date.now() - 120_000).toISOString(),
        error: 'Table not found',
      },
    ];
    const api = fakeApi([page({ state: 'FINISHED' })]);
    api.getQueryHistory.mockResolvedValue(history);
    renderConsole(api, 'SELECT 1');
    const { view } = await editor();

    await userEvent.click(screen.getByRole('button', { name: 'History' }));
    const list = await screen.findByRole('list', { name: 'Query history' });
    await userEvent.click(
      within(list).getByText('SELECT count(*) FROM orders'),
    );

    await waitFor(() =>
      expect(view.state.doc.toString()).toBe('SELECT count(*) FROM orders'),
    );
    expect(screen.getByRole('combobox', { name: 'Engine' })).toHaveValue(
      'duckdb',
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('list', { name: 'Query history' }),
      ).not.toBeInTheDocument(),
    );

    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(api.submitQuery).toHaveBeenCalledWith({
      sql: 'SELECT count(*) FROM orders',
      engine: 'duckdb',
    });
  });

  it('starts on the engine a link names, and on the default for an unknown one', async () => {
    const api = fakeApi([page({ state: 'FINISHED' })]);
    renderConsole(api, 'SELECT 1', 'duckdb');
    await editor();
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Engine' })).toHaveValue(
        'duckdb',
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(api.submitQuery).toHaveBeenCalledWith({
      sql: 'SELECT 1',
      engine: 'duckdb',
    });
  });

  it('falls back to the default engine when a link names one that is not configured', async () => {
    const api = fakeApi([page({ state: 'FINISHED' })]);
    renderConsole(api, 'SELECT 1', 'spark');
    await editor();
    await waitFor(() =>
      expect(screen.getByRole('combobox', { name: 'Engine' })).toHaveValue(
        'trino',
      ),
    );
  });

  it('runs on the engine picked and completes names from its default schema', async () => {
    const api = fakeApi([page({ state: 'FINISHED' })]);
    renderConsole(api, 'SELECT 42');
    await editor();
    await waitFor(() =>
      expect(api.listColumns).toHaveBeenCalledWith(
        'lakehouse',
        'gold',
        'dim_customers',
        'trino',
      ),
    );

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Engine' }),
      'duckdb',
    );
    await waitFor(() =>
      expect(api.listCatalogs).toHaveBeenCalledWith('duckdb'),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));

    expect(api.submitQuery).toHaveBeenCalledWith({
      sql: 'SELECT 42',
      engine: 'duckdb',
    });
  });

  it('downloads the CSV of a finished query from the csv URL', async () => {
    const csvRequests: Request[] = [];
    // A small double of the lakehouse backend, behind the real client.
    const backend = async (input: RequestInfo | URL, init?: RequestInit) => {
      const request = new Request(input, init);
      const { pathname } = new URL(request.url);
      const json = (body: unknown, status = 200) =>
        new Response(JSON.stringify(body), {
          status,
          headers: { 'Content-Type': 'application/json' },
        });
      if (pathname === '/api/lakehouse/engines') return json({ engines });
      if (pathname === '/api/lakehouse/queries') {
        return json({ id: 'q-7', state: 'QUEUED', engine: 'trino' }, 202);
      }
      if (pathname === '/api/lakehouse/queries/q-7') {
        return json(
          page({
            id: 'q-7',
            state: 'FINISHED',
            rows: [[1, 'ada@example.com']],
            rowCount: 1,
          }),
        );
      }
      if (pathname === '/api/lakehouse/queries/q-7/csv') {
        csvRequests.push(request);
        return new Response('customer_id,email\n1,ada@example.com\n', {
          headers: { 'Content-Type': 'text/csv' },
        });
      }
      return json({ items: [] });
    };
    const client = new LakehouseClient({
      discoveryApi: {
        getBaseUrl: async id => `http://backstage.test/api/${id}`,
      },
      fetchApi: mockApis.fetch({
        baseImplementation: backend as typeof fetch,
        injectIdentityAuth: { token: 'user-token' },
      }),
    });
    const saved: Array<{ href: string; download: string }> = [];
    const createObjectURL = jest.fn((_blob: Blob) => 'blob:query-q-7');
    Object.assign(URL, { createObjectURL, revokeObjectURL: jest.fn() });
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(function record(this: HTMLAnchorElement) {
        saved.push({ href: this.href, download: this.download });
      });

    try {
      renderConsole(client, 'SELECT customer_id, email FROM dim_customers');
      await run();
      await screen.findByText('Finished · 1 row returned · 0.8 s');

      await userEvent.click(
        screen.getByRole('button', { name: 'Download CSV' }),
      );

      await waitFor(() => expect(saved).toHaveLength(1));
      expect(csvRequests).toHaveLength(1);
      expect(csvRequests[0].method).toBe('GET');
      expect(csvRequests[0].url).toBe(
        'http://backstage.test/api/lakehouse/queries/q-7/csv',
      );
      expect(csvRequests[0].headers.get('authorization')).toBe(
        'Bearer user-token',
      );
      await expect(createObjectURL.mock.calls[0][0].text()).resolves.toBe(
        'customer_id,email\n1,ada@example.com\n',
      );
      expect(saved[0]).toEqual({
        href: 'blob:query-q-7',
        download: 'query-q-7.csv',
      });
    } finally {
      click.mockRestore();
    }
  });

  it('offers the CSV only once the query has finished', async () => {
    const api = fakeApi([
      page({ rows: [[1, 'a']], rowCount: 1, nextPageToken: '1' }),
      new Promise<QueryPage>(() => {}),
    ]);
    renderConsole(api, 'SELECT * FROM dim_customers');

    await run();

    await screen.findByRole('progressbar', { name: 'Query progress' });
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeDisabled();
  });

  it('shows why the engines cannot be listed', async () => {
    const api = fakeApi();
    api.getEngines.mockRejectedValue(new Error('Lakehouse backend is down'));
    renderConsole(api, 'SELECT 1');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The query engines could not be listed');
    expect(alert).toHaveTextContent('Lakehouse backend is down');
    // The console stays usable: the backend picks its default engine.
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(api.submitQuery).toHaveBeenCalledWith({
      sql: 'SELECT 1',
      engine: undefined,
    });
  });

  it('cancels a running query when the user leaves the console', async () => {
    const api = fakeApi([
      page({ nextPageToken: '0' }),
      new Promise<QueryPage>(() => {}),
    ]);
    const { unmount } = renderConsole(api, 'SELECT * FROM dim_customers');
    await run();
    await screen.findByRole('progressbar', { name: 'Query progress' });

    unmount();

    expect(api.cancelQuery).toHaveBeenCalledWith('q-1');
  });
});
