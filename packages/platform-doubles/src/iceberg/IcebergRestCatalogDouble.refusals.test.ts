/*
 * Requests an Iceberg REST catalog refuses, replayed against the double over HTTP. The refusals are those of
 * the Apache Iceberg REST Catalog OpenAPI spec (open-api/rest-catalog-open-api.yaml, apache-iceberg-1.11.0):
 * the error responses of getConfig, getToken, listNamespaces, loadNamespaceMetadata, namespaceExists,
 * createNamespace, listTables and loadTable, the page-token / page-size / snapshots parameters, and the
 * IcebergErrorResponse schema. The messages are those of Iceberg's catalogs and of Apache Polaris (read for
 * facts only): "Namespace does not exist: %s", "Table does not exist: %s" (also for a table whose namespace does
 * not exist: BaseMetastoreCatalog.loadTable, Polaris' CatalogHandler), "Please specify a warehouse" and
 * "Unable to find warehouse %s" (Polaris' IcebergCatalogAdapter and CatalogConfigHandler).
 */
import { IcebergRestCatalogDouble } from './IcebergRestCatalogDouble';

/**
 * The spec's examples of the refusals replayed here (components/examples and components/responses), for
 * their `type` and `code`; the spec notes that messages are not prescriptive.
 */
const SPEC_ERRORS = {
  NoSuchNamespaceError: { type: 'NoSuchNamespaceException', code: 404 },
  NoSuchTableError: { type: 'NoSuchTableException', code: 404 },
  NoSuchWarehouseError: { type: 'NoSuchWarehouseException', code: 404 },
  BadRequestErrorResponse: { type: 'BadRequestException', code: 400 },
  UnauthorizedResponse: { type: 'NotAuthorizedException', code: 401 },
  UnsupportedOperationResponse: {
    type: 'UnsupportedOperationException',
    code: 406,
  },
};

/** OAuthError.error of the spec. */
const OAUTH_ERRORS = [
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
];

/** What a client sees of an answer: status, content type and JSON body. */
async function answerOf(res: Response) {
  return {
    status: res.status,
    contentType: res.headers.get('content-type'),
    body: await res.json(),
  };
}

/** An IcebergErrorResponse answer: `{"error": ErrorModel}` and nothing else, `code` equal to the status. */
function icebergError(
  expected: { type: string; code: number },
  message?: string,
) {
  return {
    status: expected.code,
    contentType: 'application/json',
    body: {
      error: {
        message: message ?? expect.any(String),
        type: expected.type,
        code: expected.code,
      },
    },
  };
}

describe('IcebergRestCatalogDouble refuses what an Iceberg REST catalog refuses', () => {
  let catalog: IcebergRestCatalogDouble;
  let token: string;
  const api = () => `${catalog.url}/v1/lakehouse`;
  const get = (path: string, init: RequestInit = {}) =>
    fetch(`${api()}${path}`, {
      ...init,
      headers: { Authorization: `Bearer ${token}`, ...init.headers },
    });

  beforeAll(async () => {
    // Polaris-like: catalog API under /api/catalog, prefix = catalog name, warehouse required by /v1/config.
    catalog = await IcebergRestCatalogDouble.start({
      basePath: '/api/catalog',
      prefix: 'lakehouse',
      warehouse: 'lakehouse',
      auth: {
        clientId: 'portal',
        clientSecret: 's3cret',
        scope: 'PRINCIPAL_ROLE:ALL',
      },
    });
    catalog.addTable(
      ['sales'],
      'orders',
      IcebergRestCatalogDouble.tableMetadata({
        namespace: ['sales'],
        name: 'orders',
      }),
    );
    catalog.addNamespace(['accounting', 'tax']);
    token = catalog.issueToken();
  });

  afterAll(() => catalog.stop());

  describe('a namespace that does not exist: 404 NoSuchNamespaceException', () => {
    it.each([
      ['loadNamespaceMetadata', '/namespaces/nope', 'nope'],
      ['listTables', '/namespaces/nope/tables', 'nope'],
      ['listNamespaces under it', '/namespaces?parent=nope', 'nope'],
      [
        'listNamespaces under a missing level',
        '/namespaces?parent=accounting%1Fnope',
        'accounting.nope',
      ],
      [
        'listTables of a missing level',
        '/namespaces/accounting%1Fnope/tables',
        'accounting.nope',
      ],
    ])('%s', async (_, path, name) => {
      expect(await answerOf(await get(path))).toEqual(
        icebergError(
          SPEC_ERRORS.NoSuchNamespaceError,
          `Namespace does not exist: ${name}`,
        ),
      );
    });

    it('namespaceExists: 404 without a body', async () => {
      const res = await get('/namespaces/nope', { method: 'HEAD' });
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('');
    });
  });

  describe('a table that does not exist: 404 NoSuchTableException', () => {
    it.each([
      [
        'in a namespace that exists',
        '/namespaces/sales/tables/nope',
        'sales.nope',
      ],
      [
        'in a namespace that does not exist',
        '/namespaces/nope/tables/orders',
        'nope.orders',
      ],
      [
        'under a multi-level namespace that does not exist',
        '/namespaces/accounting%1Fnope/tables/invoices',
        'accounting.nope.invoices',
      ],
    ])('%s', async (_, path, name) => {
      expect(await answerOf(await get(path))).toEqual(
        icebergError(
          SPEC_ERRORS.NoSuchTableError,
          `Table does not exist: ${name}`,
        ),
      );
    });

    it('tableExists: 404 without a body, whether or not the namespace exists', async () => {
      for (const path of [
        '/namespaces/sales/tables/nope',
        '/namespaces/nope/tables/orders',
      ]) {
        const res = await get(path, { method: 'HEAD' });
        expect(res.status).toBe(404);
        expect(await res.text()).toBe('');
      }
    });
  });

  it('a request without valid credentials while auth is on: 401 NotAuthorizedException', async () => {
    for (const authorization of [
      undefined,
      'Bearer not-a-token',
      `Basic ${Buffer.from('portal:s3cret').toString('base64')}`,
    ]) {
      const res = await fetch(`${api()}/namespaces`, {
        headers: authorization ? { Authorization: authorization } : {},
      });
      expect(await answerOf(res)).toEqual(
        icebergError(SPEC_ERRORS.UnauthorizedResponse),
      );
    }
  });

  it.each([
    [
      'a page token the server never issued',
      '/namespaces?pageToken=bm90LWEtdG9rZW4',
    ],
    [
      'a page token that is not even base64 text',
      '/namespaces/sales/tables?pageToken=%25%25',
    ],
    ['a page size below the minimum of 1', '/namespaces?pageSize=0'],
    [
      'a page size that is not an integer',
      '/namespaces/sales/tables?pageSize=ten',
    ],
    [
      'snapshots other than all or refs',
      '/namespaces/sales/tables/orders?snapshots=latest',
    ],
  ])('%s: 400', async (_, path) => {
    expect(await answerOf(await get(path))).toEqual(
      icebergError(SPEC_ERRORS.BadRequestErrorResponse),
    );
  });

  it('getConfig without the warehouse Polaris requires: 400; with an unknown one: 404 NoSuchWarehouseException', async () => {
    expect(
      await answerOf(
        await fetch(`${catalog.url}/v1/config`, {
          headers: { Authorization: `Bearer ${token}` },
        }),
      ),
    ).toEqual(
      icebergError(
        SPEC_ERRORS.BadRequestErrorResponse,
        'Please specify a warehouse',
      ),
    );
    expect(
      await answerOf(
        await fetch(`${catalog.url}/v1/config?warehouse=elsewhere`, {
          headers: { Authorization: `Bearer ${token}` },
        }),
      ),
    ).toEqual(
      icebergError(
        SPEC_ERRORS.NoSuchWarehouseError,
        'Unable to find warehouse elsewhere',
      ),
    );
  });

  it('createNamespace, even with a malformed body, on a catalog that serves reads only: 406', async () => {
    expect(
      await answerOf(
        await get('/namespaces', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body: '{"namespace": ["finance"',
        }),
      ),
    ).toEqual(icebergError(SPEC_ERRORS.UnsupportedOperationResponse));
  });

  describe('getToken: OAuthError bodies', () => {
    const tokenUrl = () => `${catalog.url}/v1/oauth/tokens`;

    it('a body that is not form-encoded: 400', async () => {
      const res = await fetch(tokenUrl(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({
          grant_type: 'client_credentials',
          client_id: 'portal',
          client_secret: 's3cret',
        }),
      });
      expect(res.status).toBe(400);
      const body = await res.json();
      expect(OAUTH_ERRORS).toContain(body.error);
      expect(body).toEqual({
        error: body.error,
        error_description: expect.any(String),
      });
    });

    it('credentials the catalog does not know: 401', async () => {
      const res = await fetch(tokenUrl(), {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: 'portal',
          client_secret: 'wrong',
          scope: 'PRINCIPAL_ROLE:ALL',
        }).toString(),
      });
      expect(res.status).toBe(401);
      expect(OAUTH_ERRORS).toContain((await res.json()).error);
    });
  });
});
