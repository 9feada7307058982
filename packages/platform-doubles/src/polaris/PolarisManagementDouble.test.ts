/*
 * Tests of the Polaris management double over plain fetch, checked against polaris-management-service.yml and
 * Polaris' own answers (apache/polaris at 4b4218638308): OAuth2 tokens, bearer authentication, grants listed,
 * added (PUT) and revoked (POST), principals and roles, 400/403/404/409/500 bodies, injected faults.
 */
import { PolarisManagementDouble } from './PolarisManagementDouble';

const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
});

const READ_ORDERS = {
  type: 'table',
  namespace: ['sales'],
  tableName: 'orders',
  privilege: 'TABLE_READ_DATA',
};

describe('PolarisManagementDouble', () => {
  let polaris: PolarisManagementDouble;
  let now = 1_700_000_000_000;
  let rootToken: string;

  const token = async (
    clientId: string,
    clientSecret: string,
    scope = 'PRINCIPAL_ROLE:ALL',
  ): Promise<string> => {
    const res = await fetch(
      polaris.tokenUrl,
      form({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: clientSecret,
        scope,
      }),
    );
    expect(res.status).toBe(200);
    return (await res.json()).access_token;
  };

  /** A management call; a string body is sent as is (to send broken JSON), anything else as JSON. */
  const call = (
    path: string,
    init: { method?: string; body?: unknown; token?: string } = {},
  ) => {
    const headers: Record<string, string> = {
      Authorization: `Bearer ${init.token ?? rootToken}`,
    };
    let body: string | undefined;
    if (init.body !== undefined) {
      headers['Content-Type'] = 'application/json';
      body =
        typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
    }
    return fetch(`${polaris.managementUrl}${path}`, {
      method: init.method ?? 'GET',
      headers,
      body,
    });
  };

  const grantsPath = (role: string, catalog = 'lakehouse') =>
    `/catalogs/${catalog}/catalog-roles/${role}/grants`;

  const listGrants = async (role: string) => {
    const res = await call(grantsPath(role));
    expect(res.status).toBe(200);
    return (await res.json()).grants;
  };

  beforeAll(async () => {
    polaris = await PolarisManagementDouble.start({
      now: () => now,
      catalogs: [
        {
          name: 'lakehouse',
          namespaces: [['finance', 'tax']],
          tables: [
            { namespace: ['sales'], name: 'orders' },
            { namespace: ['sales'], name: 'customers' },
          ],
          views: [{ namespace: ['sales'], name: 'daily_orders' }],
          catalogRoles: [
            { name: 'sales_reader', grants: [READ_ORDERS as never] },
            {
              name: 'governance',
              grants: [{ type: 'catalog', privilege: 'CATALOG_MANAGE_ACCESS' }],
            },
            {
              name: 'sales_admin',
              grants: [
                {
                  type: 'namespace',
                  namespace: ['sales'],
                  privilege: 'CATALOG_MANAGE_ACCESS',
                },
              ],
            },
          ],
        },
      ],
      principalRoles: [
        { name: 'analysts', catalogRoles: { lakehouse: ['sales_reader'] } },
        { name: 'portal_admin', catalogRoles: { lakehouse: ['governance'] } },
        { name: 'stewards', catalogRoles: { lakehouse: ['sales_admin'] } },
      ],
      principals: [
        {
          name: 'alice',
          clientId: 'alice-id',
          clientSecret: 'alice-secret',
          principalRoles: ['analysts'],
        },
        {
          name: 'portal',
          clientId: 'portal-id',
          clientSecret: 'portal-secret',
          principalRoles: ['portal_admin'],
        },
        {
          name: 'steward',
          clientId: 'steward-id',
          clientSecret: 'steward-secret',
          principalRoles: ['stewards'],
        },
      ],
    });
  });

  afterAll(() => polaris.stop());

  beforeEach(async () => {
    polaris.clearFaults();
    rootToken = await token('root', 's3cr3t');
  });

  describe('OAuth2 token endpoint', () => {
    it('issues a bearer token for good client credentials', async () => {
      const res = await fetch(
        polaris.tokenUrl,
        form({
          grant_type: 'client_credentials',
          client_id: 'alice-id',
          client_secret: 'alice-secret',
          scope: 'PRINCIPAL_ROLE:ALL',
        }),
      );
      expect(res.status).toBe(200);
      const body = await res.json();
      expect(body).toEqual({
        access_token: expect.stringMatching(/^[\w-]+\.[\w-]+\.[\w-]+$/),
        token_type: 'bearer',
        issued_token_type: 'urn:ietf:params:oauth:token-type:access_token',
        expires_in: 3600,
      });
      const claims = JSON.parse(
        Buffer.from(body.access_token.split('.')[1], 'base64url').toString(),
      );
      expect(claims).toMatchObject({
        iss: 'polaris',
        sub: 'alice',
        client_id: 'alice-id',
        scope: 'PRINCIPAL_ROLE:ALL',
      });
      expect(polaris.tokenUrl).toMatch(
        /^http:\/\/127\.0\.0\.1:\d+\/api\/catalog\/v1\/oauth\/tokens$/,
      );
    });

    it('accepts the client credentials in a Basic header', async () => {
      const res = await fetch(polaris.tokenUrl, {
        method: 'POST',
        headers: {
          'Content-Type': 'application/x-www-form-urlencoded',
          Authorization: `Basic ${Buffer.from(
            'portal-id:portal-secret',
          ).toString('base64')}`,
        },
        body: 'grant_type=client_credentials&scope=PRINCIPAL_ROLE%3Aportal_admin',
      });
      expect(res.status).toBe(200);
    });

    it('refuses a wrong secret with 401 unauthorized_client, as Polaris does', async () => {
      const res = await fetch(
        polaris.tokenUrl,
        form({
          grant_type: 'client_credentials',
          client_id: 'alice-id',
          client_secret: 'wrong',
          scope: 'PRINCIPAL_ROLE:ALL',
        }),
      );
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({
        error: 'unauthorized_client',
        error_description: 'The client is not authorized',
      });
    });

    it('refuses missing credentials, scopes and grant types with 400', async () => {
      const noSecret = await fetch(
        polaris.tokenUrl,
        form({
          grant_type: 'client_credentials',
          client_id: 'alice-id',
          scope: 'PRINCIPAL_ROLE:ALL',
        }),
      );
      expect(noSecret.status).toBe(400);
      expect(await noSecret.json()).toEqual({
        error: 'invalid_client',
        error_description: 'The Client is invalid',
      });
      for (const scope of [undefined, 'catalog', 'PRINCIPAL_ROLE:']) {
        const res = await fetch(
          polaris.tokenUrl,
          form({
            grant_type: 'client_credentials',
            client_id: 'alice-id',
            client_secret: 'alice-secret',
            ...(scope !== undefined ? { scope } : {}),
          }),
        );
        expect(res.status).toBe(400);
        expect((await res.json()).error).toBe('invalid_scope');
      }
      const password = await fetch(
        polaris.tokenUrl,
        form({ grant_type: 'password', username: 'a', password: 'b' }),
      );
      expect(password.status).toBe(400);
      expect((await password.json()).error).toBe('unsupported_grant_type');
    });

    it('refuses a body that is not a form', async () => {
      const res = await fetch(polaris.tokenUrl, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ grant_type: 'client_credentials' }),
      });
      expect(res.status).toBe(415);
    });

    it('exchanges a token for one with a narrower scope', async () => {
      const subject = await token('portal-id', 'portal-secret');
      // Iceberg clients exchange with the current token as bearer credentials; without them Polaris refuses.
      const exchange = (subjectToken: string, authorization?: string) =>
        fetch(polaris.tokenUrl, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/x-www-form-urlencoded',
            ...(authorization ? { Authorization: authorization } : {}),
          },
          body: new URLSearchParams({
            grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
            subject_token: subjectToken,
            subject_token_type: 'urn:ietf:params:oauth:token-type:access_token',
            scope: 'PRINCIPAL_ROLE:portal_admin',
          }).toString(),
        });
      const res = await exchange(subject, `Bearer ${subject}`);
      expect(res.status).toBe(200);
      const exchanged = (await res.json()).access_token;
      expect(
        (await call(grantsPath('sales_reader'), { token: exchanged })).status,
      ).toBe(200);
      for (const refused of [
        await exchange(subject),
        await exchange('not-a-token', 'Bearer not-a-token'),
      ]) {
        expect(refused.status).toBe(400);
        expect((await refused.json()).error).toBe('invalid_client');
      }
    });
  });

  describe('authentication', () => {
    it('answers 401 with a Bearer challenge and no body without a valid token', async () => {
      const none = await fetch(`${polaris.managementUrl}/catalogs`);
      expect(none.status).toBe(401);
      expect(none.headers.get('www-authenticate')).toBe('Bearer');
      expect(await none.text()).toBe('');
      const wrong = await call('/catalogs', { token: 'forged.token.value' });
      expect(wrong.status).toBe(401);
      const basic = await fetch(`${polaris.managementUrl}/catalogs`, {
        headers: { Authorization: 'Basic cm9vdDpzM2NyM3Q=' },
      });
      expect(basic.status).toBe(401);
    });

    it('answers 401 once the token expired', async () => {
      const shortLived = await token('root', 's3cr3t');
      expect((await call('/catalogs', { token: shortLived })).status).toBe(200);
      now += 3_601_000;
      expect((await call('/catalogs', { token: shortLived })).status).toBe(401);
    });

    it('answers 401 when the scope names a principal role the principal does not hold', async () => {
      const res = await fetch(
        polaris.tokenUrl,
        form({
          grant_type: 'client_credentials',
          client_id: 'alice-id',
          client_secret: 'alice-secret',
          scope: 'PRINCIPAL_ROLE:portal_admin',
        }),
      );
      expect(res.status).toBe(200);
      const { access_token } = await res.json();
      expect(
        (await call(grantsPath('sales_reader'), { token: access_token }))
          .status,
      ).toBe(401);
    });
  });

  describe('grants', () => {
    it('lists the grants of a catalog role in the shape of GrantResources', async () => {
      expect(await listGrants('sales_reader')).toEqual([
        {
          namespace: ['sales'],
          tableName: 'orders',
          privilege: 'TABLE_READ_DATA',
          type: 'table',
        },
      ]);
      expect(await listGrants('catalog_admin')).toEqual([
        { privilege: 'CATALOG_MANAGE_ACCESS', type: 'catalog' },
        { privilege: 'CATALOG_MANAGE_METADATA', type: 'catalog' },
      ]);
    });

    it('adds grants with PUT (201, no body), idempotently, listed grouped by type', async () => {
      const add = (grant: object) =>
        call(grantsPath('sales_reader'), { method: 'PUT', body: { grant } });
      const table = await add({
        type: 'table',
        namespace: ['sales'],
        tableName: 'customers',
        privilege: 'TABLE_READ_DATA',
      });
      expect(table.status).toBe(201);
      expect(await table.text()).toBe('');
      expect(
        (
          await add({
            type: 'namespace',
            namespace: ['finance', 'tax'],
            privilege: 'TABLE_LIST',
          })
        ).status,
      ).toBe(201);
      expect(
        (await add({ type: 'catalog', privilege: 'NAMESPACE_LIST' })).status,
      ).toBe(201);
      expect(
        (
          await add({
            type: 'view',
            namespace: ['sales'],
            viewName: 'daily_orders',
            privilege: 'VIEW_LIST',
          })
        ).status,
      ).toBe(201);
      expect((await add(READ_ORDERS)).status).toBe(201);

      expect(await listGrants('sales_reader')).toEqual([
        { privilege: 'NAMESPACE_LIST', type: 'catalog' },
        {
          namespace: ['finance', 'tax'],
          privilege: 'TABLE_LIST',
          type: 'namespace',
        },
        {
          namespace: ['sales'],
          tableName: 'orders',
          privilege: 'TABLE_READ_DATA',
          type: 'table',
        },
        {
          namespace: ['sales'],
          tableName: 'customers',
          privilege: 'TABLE_READ_DATA',
          type: 'table',
        },
        {
          namespace: ['sales'],
          viewName: 'daily_orders',
          privilege: 'VIEW_LIST',
          type: 'view',
        },
      ]);
      expect(polaris.grants('lakehouse', 'sales_reader')).toHaveLength(5);
      const put = polaris.requests.filter(r => r.method === 'PUT').pop()!;
      expect(put.path).toBe(
        '/api/management/v1/catalogs/lakehouse/catalog-roles/sales_reader/grants',
      );
    });

    it('revokes a grant with POST (201), and refuses to revoke one the role does not hold', async () => {
      const revoke = () =>
        call(grantsPath('sales_reader'), {
          method: 'POST',
          body: {
            grant: {
              type: 'table',
              namespace: ['sales'],
              tableName: 'customers',
              privilege: 'TABLE_READ_DATA',
            },
          },
        });
      const first = await revoke();
      expect(first.status).toBe(201);
      expect(await first.text()).toBe('');
      expect(
        (await listGrants('sales_reader')).some(
          (g: { tableName?: string }) => g.tableName === 'customers',
        ),
      ).toBe(false);
      const again = await revoke();
      expect(again.status).toBe(400);
      expect(await again.json()).toEqual({
        error: {
          message: 'Operation failed: GRANT_NOT_FOUND',
          type: 'GRANT_NOT_FOUND',
          code: 400,
        },
      });
    });

    it('answers 501 to a cascading revoke, which Polaris does not implement', async () => {
      const res = await fetch(
        `${polaris.managementUrl}${grantsPath('sales_reader')}?cascade=true`,
        {
          method: 'POST',
          headers: {
            Authorization: `Bearer ${rootToken}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ grant: READ_ORDERS }),
        },
      );
      expect(res.status).toBe(501);
      expect(polaris.grants('lakehouse', 'sales_reader')).toContainEqual(
        READ_ORDERS,
      );
    });

    it('answers 404 for an unknown catalog role, catalog, namespace or table', async () => {
      const unknownRole = await call(grantsPath('nobody'));
      expect(unknownRole.status).toBe(404);
      expect(await unknownRole.json()).toEqual({
        error: {
          message: 'CatalogRole does not exist: nobody',
          type: 'NotFoundException',
          code: 404,
        },
      });
      const put = (catalog: string, role: string, grant: object) =>
        call(grantsPath(role, catalog), { method: 'PUT', body: { grant } });
      const cases: Array<[string, string, object, string, string]> = [
        [
          'nowhere',
          'sales_reader',
          READ_ORDERS,
          'NotFoundException',
          'Catalog not found: nowhere',
        ],
        [
          'lakehouse',
          'nobody',
          READ_ORDERS,
          'NotFoundException',
          'CatalogRole not found: lakehouse.nobody',
        ],
        [
          'lakehouse',
          'sales_reader',
          { type: 'namespace', namespace: ['hr'], privilege: 'TABLE_LIST' },
          'NoSuchNamespaceException',
          'Namespace does not exist: hr',
        ],
        [
          'lakehouse',
          'sales_reader',
          { ...READ_ORDERS, tableName: 'refunds' },
          'NoSuchTableException',
          'Table does not exist: sales.refunds',
        ],
        [
          'lakehouse',
          'sales_reader',
          { ...READ_ORDERS, tableName: 'daily_orders' },
          'NoSuchTableException',
          'Table does not exist: sales.daily_orders',
        ],
      ];
      for (const [catalog, role, grant, type, message] of cases) {
        const res = await put(catalog, role, grant);
        expect(res.status).toBe(404);
        expect(await res.json()).toEqual({
          error: { message, type, code: 404 },
        });
      }
    });

    it('refuses an invalid privilege, type or missing field with 400 and the Jackson or validation error', async () => {
      const put = (body: unknown) =>
        call(grantsPath('sales_reader'), { method: 'PUT', body });
      const badPrivilege = await put({
        grant: { ...READ_ORDERS, privilege: 'TABLE_READ' },
      });
      expect(badPrivilege.status).toBe(400);
      const badPrivilegeBody = await badPrivilege.json();
      expect(badPrivilegeBody.error.type).toBe('InvalidFormatException');
      expect(badPrivilegeBody.error.code).toBe(400);
      expect(badPrivilegeBody.error.message).toContain(
        'org.apache.polaris.core.admin.model.TablePrivilege` from String "TABLE_READ"',
      );
      // A namespace privilege is not a table privilege.
      const wrongScope = await put({
        grant: { ...READ_ORDERS, privilege: 'NAMESPACE_LIST' },
      });
      expect(wrongScope.status).toBe(400);
      expect((await wrongScope.json()).error.type).toBe(
        'InvalidFormatException',
      );
      const missing = await put({
        grant: { type: 'table', namespace: ['sales'], privilege: 'TABLE_LIST' },
      });
      expect(missing.status).toBe(400);
      expect(await missing.json()).toEqual({
        error: {
          message:
            'Invalid value: addGrantToCatalogRole.arg2.grant.tableName: must not be null',
          type: 'ResteasyReactiveViolationException',
          code: 400,
        },
      });
      const unknownType = await put({
        grant: { type: 'schema', privilege: 'TABLE_LIST' },
      });
      expect(unknownType.status).toBe(400);
      expect((await unknownType.json()).error).toMatchObject({
        type: 'InvalidTypeIdException',
        message: expect.stringContaining(
          'known type ids = [catalog, namespace, policy, table, view]',
        ),
      });
      const notJson = await put('{"grant": ');
      expect(notJson.status).toBe(400);
      expect((await notJson.json()).error.type).toBe('JsonParseException');
      expect(polaris.grants('lakehouse', 'sales_reader')).not.toContainEqual(
        expect.objectContaining({ privilege: 'TABLE_READ' }),
      );
    });

    it('answers 500 NullPointerException for a grant request without a grant, as Polaris does', async () => {
      const res = await call(grantsPath('sales_reader'), {
        method: 'PUT',
        body: {},
      });
      expect(res.status).toBe(500);
      expect((await res.json()).error).toEqual({
        message: null,
        type: 'NullPointerException',
        code: 500,
      });
    });
  });

  describe('principals and roles', () => {
    it('creates a principal (201 with its credentials) that can then get a token', async () => {
      const res = await call('/principals', {
        method: 'POST',
        body: {
          principal: { name: 'bob', properties: { team: 'finance' } },
        },
      });
      expect(res.status).toBe(201);
      const created = await res.json();
      expect(created).toEqual({
        principal: {
          name: 'bob',
          clientId: expect.stringMatching(/^[0-9a-f]{16}$/),
          properties: { team: 'finance' },
          createTimestamp: expect.any(Number),
          lastUpdateTimestamp: expect.any(Number),
          entityVersion: 1,
        },
        credentials: {
          clientId: created.principal.clientId,
          clientSecret: expect.stringMatching(/^[0-9a-f]{32}$/),
        },
      });
      await token(
        created.credentials.clientId,
        created.credentials.clientSecret,
      );
      const fetched = await call('/principals/bob');
      expect((await fetched.json()).name).toBe('bob');
    });

    it('answers 409 when creating what exists', async () => {
      const cases: Array<[string, object, string]> = [
        [
          '/principals',
          { principal: { name: 'alice' } },
          'Cannot create Principal alice. Principal already exists or resolution failed',
        ],
        [
          '/principal-roles',
          { principalRole: { name: 'analysts' } },
          'Cannot create PrincipalRole analysts. PrincipalRole already exists or resolution failed',
        ],
        [
          '/catalogs/lakehouse/catalog-roles',
          { catalogRole: { name: 'sales_reader' } },
          'Cannot create CatalogRole sales_reader in lakehouse. CatalogRole already exists or resolution failed',
        ],
      ];
      for (const [path, body, message] of cases) {
        const res = await call(path, { method: 'POST', body });
        expect(res.status).toBe(409);
        expect(await res.json()).toEqual({
          error: { message, type: 'AlreadyExistsException', code: 409 },
        });
      }
    });

    it('assigns principal roles and catalog roles, lists and revokes the assignments', async () => {
      const role = await call('/principal-roles', {
        method: 'POST',
        body: { principalRole: { name: 'finance_team' } },
      });
      expect(role.status).toBe(201);
      expect(await role.json()).toMatchObject({
        name: 'finance_team',
        federated: false,
        entityVersion: 1,
      });
      const catalogRole = await call('/catalogs/lakehouse/catalog-roles', {
        method: 'POST',
        body: { catalogRole: { name: 'tax_reader' } },
      });
      expect(catalogRole.status).toBe(201);

      const assignRole = await call('/principals/alice/principal-roles', {
        method: 'PUT',
        body: { principalRole: { name: 'finance_team' } },
      });
      expect(assignRole.status).toBe(201);
      expect(polaris.principalRolesOf('alice')).toEqual([
        'analysts',
        'finance_team',
      ]);
      const assignCatalogRole = await call(
        '/principal-roles/finance_team/catalog-roles/lakehouse',
        { method: 'PUT', body: { catalogRole: { name: 'tax_reader' } } },
      );
      expect(assignCatalogRole.status).toBe(201);

      const listed = await call('/principals/alice/principal-roles');
      expect(
        (await listed.json()).roles.map((r: { name: string }) => r.name),
      ).toEqual(['analysts', 'finance_team']);
      const catalogRoles = await call(
        '/principal-roles/finance_team/catalog-roles/lakehouse',
      );
      expect(await catalogRoles.json()).toEqual({
        roles: [expect.objectContaining({ name: 'tax_reader' })],
      });
      const holders = await call(
        '/catalogs/lakehouse/catalog-roles/tax_reader/principal-roles',
      );
      expect(
        (await holders.json()).roles.map((r: { name: string }) => r.name),
      ).toEqual(['finance_team']);
      const assignees = await call('/principal-roles/finance_team/principals');
      expect(
        (await assignees.json()).principals.map(
          (p: { name: string }) => p.name,
        ),
      ).toEqual(['alice']);

      const revokeCatalogRole = await call(
        '/principal-roles/finance_team/catalog-roles/lakehouse/tax_reader',
        { method: 'DELETE' },
      );
      expect(revokeCatalogRole.status).toBe(204);
      expect(polaris.catalogRolesOf('finance_team', 'lakehouse')).toEqual([]);
      const revokeRole = await call(
        '/principals/alice/principal-roles/finance_team',
        { method: 'DELETE' },
      );
      expect(revokeRole.status).toBe(204);
      const revokeAgain = await call(
        '/principals/alice/principal-roles/finance_team',
        { method: 'DELETE' },
      );
      expect(revokeAgain.status).toBe(400);
      expect((await revokeAgain.json()).error.type).toBe('GRANT_NOT_FOUND');
    });

    it('answers 404 with Polaris messages for unknown principals and roles', async () => {
      const principal = await call('/principals/zed');
      expect(principal.status).toBe(404);
      expect((await principal.json()).error).toEqual({
        message: 'TopLevelEntity of type PRINCIPAL does not exist: zed',
        type: 'NotFoundException',
        code: 404,
      });
      const assign = await call('/principals/alice/principal-roles', {
        method: 'PUT',
        body: { principalRole: { name: 'ghosts' } },
      });
      expect(assign.status).toBe(404);
      expect((await assign.json()).error.message).toBe(
        'Entity ghosts not found when trying to assign ghosts to alice',
      );
      const catalog = await call('/catalogs/nowhere');
      expect(catalog.status).toBe(404);
    });

    it('refuses invalid names and reserved properties with 400', async () => {
      const systemName = await call('/principal-roles', {
        method: 'POST',
        body: { principalRole: { name: 'SYSTEM$admin' } },
      });
      expect(systemName.status).toBe(400);
      expect((await systemName.json()).error).toMatchObject({
        type: 'ResteasyReactiveViolationException',
        message: expect.stringMatching(
          /^Invalid value: createPrincipalRole\.arg0\.principalRole\.name: must match "/,
        ),
      });
      const inPath = await call('/principals/system$root');
      expect(inPath.status).toBe(400);
      expect((await inPath.json()).error.message).toMatch(
        /^Invalid value: getPrincipal\.arg0: must match/,
      );
      const reserved = await call('/principals', {
        method: 'POST',
        body: {
          principal: { name: 'carol', properties: { 'polaris.x': '1' } },
        },
      });
      expect(reserved.status).toBe(400);
      expect((await reserved.json()).error).toEqual({
        message: "Property 'polaris.x' matches reserved prefix 'polaris.'",
        type: 'IllegalArgumentException',
        code: 400,
      });
    });
  });

  describe('authorization', () => {
    it('refuses a principal without management privileges with 403', async () => {
      const alice = await token('alice-id', 'alice-secret');
      const list = await call(grantsPath('sales_reader'), { token: alice });
      expect(list.status).toBe(403);
      expect(await list.json()).toEqual({
        error: {
          message:
            "Principal 'alice' with activated PrincipalRoles '[analysts]' and activated grants via '[analysts, sales_reader]' is not authorized for op LIST_GRANTS_FOR_CATALOG_ROLE",
          type: 'ForbiddenException',
          code: 403,
        },
      });
      const add = await call(grantsPath('sales_reader'), {
        token: alice,
        method: 'PUT',
        body: { grant: READ_ORDERS },
      });
      expect(add.status).toBe(403);
      expect((await call('/catalogs', { token: alice })).status).toBe(403);
      // Resolution comes first: an unknown role is 404 even for her.
      expect((await call(grantsPath('nobody'), { token: alice })).status).toBe(
        404,
      );
    });

    it('lets a catalog role with CATALOG_MANAGE_ACCESS manage grants, but not realm entities', async () => {
      const portal = await token('portal-id', 'portal-secret');
      const add = await call(grantsPath('sales_reader'), {
        token: portal,
        method: 'PUT',
        body: {
          grant: {
            type: 'namespace',
            namespace: ['sales'],
            privilege: 'TABLE_LIST',
          },
        },
      });
      expect(add.status).toBe(201);
      expect(
        (await call(grantsPath('sales_reader'), { token: portal })).status,
      ).toBe(200);
      expect((await call('/principals', { token: portal })).status).toBe(403);
      expect((await call('/catalogs', { token: portal })).status).toBe(403);
    });

    it('scopes CATALOG_MANAGE_ACCESS on a namespace to grants inside it, and revoking needs it on the catalog', async () => {
      const steward = await token('steward-id', 'steward-secret');
      const grant = {
        type: 'table',
        namespace: ['sales'],
        tableName: 'customers',
        privilege: 'TABLE_WRITE_DATA',
      };
      const add = await call(grantsPath('sales_reader'), {
        token: steward,
        method: 'PUT',
        body: { grant },
      });
      expect(add.status).toBe(201);
      const outside = await call(grantsPath('sales_reader'), {
        token: steward,
        method: 'PUT',
        body: {
          grant: {
            type: 'namespace',
            namespace: ['finance', 'tax'],
            privilege: 'TABLE_LIST',
          },
        },
      });
      expect(outside.status).toBe(403);
      expect((await outside.json()).error.message).toContain(
        'is not authorized for op ADD_NAMESPACE_GRANT_TO_CATALOG_ROLE',
      );
      const revoke = await call(grantsPath('sales_reader'), {
        token: steward,
        method: 'POST',
        body: { grant },
      });
      expect(revoke.status).toBe(403);
      expect(polaris.grants('lakehouse', 'sales_reader')).toContainEqual(grant);
    });

    it('lets the service admin do everything, and no one once tokens expire', async () => {
      const root = polaris.issueToken();
      expect((await call('/principals', { token: root })).status).toBe(200);
      expect((await call('/catalogs/lakehouse', { token: root })).status).toBe(
        200,
      );
      polaris.expireTokens();
      expect((await call('/principals', { token: root })).status).toBe(401);
    });
  });

  describe('the rest of the wire', () => {
    it('answers injected faults with Polaris error bodies, then recovers', async () => {
      polaris.failNext(1, { status: 500, path: '/grants' });
      const failed = await call(grantsPath('sales_reader'));
      expect(failed.status).toBe(500);
      expect((await failed.json()).error).toMatchObject({ code: 500 });
      expect((await call(grantsPath('sales_reader'))).status).toBe(200);

      polaris.failNext(1, { delayMs: 300, path: '/catalogs' });
      const started = Date.now();
      expect((await call('/catalogs')).status).toBe(200);
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    });

    it('answers unknown paths 404, wrong methods 405, non-JSON bodies 415, unserved operations 501', async () => {
      expect((await call('/tables')).status).toBe(404);
      expect((await call('/catalogs', { method: 'PATCH' })).status).toBe(405);
      const text = await fetch(
        `${polaris.managementUrl}${grantsPath('sales_reader')}`,
        {
          method: 'PUT',
          headers: { Authorization: `Bearer ${rootToken}` },
          body: JSON.stringify({ grant: READ_ORDERS }),
        },
      );
      expect(text.status).toBe(415);
      const deleteCatalog = await call('/catalogs/lakehouse', {
        method: 'DELETE',
      });
      expect(deleteCatalog.status).toBe(501);
      expect((await deleteCatalog.json()).error.message).toContain(
        'deleteCatalog',
      );
    });

    it('lists catalogs as Catalogs', async () => {
      const res = await call('/catalogs');
      expect(await res.json()).toEqual({
        catalogs: [
          {
            type: 'INTERNAL',
            name: 'lakehouse',
            properties: {
              'default-base-location': 'file:///tmp/polaris/lakehouse',
            },
            createTimestamp: expect.any(Number),
            lastUpdateTimestamp: expect.any(Number),
            entityVersion: 1,
            storageConfigInfo: {
              storageType: 'FILE',
              allowedLocations: ['file:///tmp/polaris/lakehouse'],
            },
          },
        ],
      });
    });
  });

  describe('seeds', () => {
    it('refuses a seed the API would refuse, naming it', async () => {
      await expect(
        PolarisManagementDouble.start({
          catalogs: [
            {
              name: 'lakehouse',
              catalogRoles: [
                {
                  name: 'reader',
                  grants: [{ ...READ_ORDERS, privilege: 'READ' } as never],
                },
              ],
            },
          ],
        }),
      ).rejects.toThrow(
        /catalog role "reader" of catalog "lakehouse": grant .* is invalid: Cannot deserialize/,
      );
      await expect(
        PolarisManagementDouble.start({
          catalogs: [
            {
              name: 'lakehouse',
              catalogRoles: [
                { name: 'reader', grants: [READ_ORDERS as never] },
              ],
            },
          ],
        }),
      ).rejects.toThrow(/names a table the catalog does not have/);
      await expect(
        PolarisManagementDouble.start({
          principals: [{ name: 'eve', principalRoles: ['missing'] }],
        }),
      ).rejects.toThrow(
        'Polaris management double seed: principal "eve": principal role "missing" does not exist',
      );
    });
  });
});
