import { PolarisManagementDouble } from '@internal/platform-doubles';
import {
  PolarisManagementClient,
  PolarisRequestError,
} from './PolarisManagementClient';

const READ_ORDERS = {
  type: 'table' as const,
  namespace: ['gold'],
  tableName: 'fct_orders',
  privilege: 'TABLE_READ_DATA',
};

describe('PolarisManagementClient against the Polaris management double', () => {
  let polaris: PolarisManagementDouble;

  beforeAll(async () => {
    polaris = await PolarisManagementDouble.start({
      catalogs: [
        {
          name: 'warehouse',
          tables: [{ namespace: ['gold'], name: 'fct_orders' }],
          catalogRoles: [{ name: 'gold_readers' }],
        },
      ],
      principals: [{ name: 'ada', clientId: 'ada-id', clientSecret: 'ada-s' }],
    });
  });
  afterAll(() => polaris.stop());
  afterEach(() => polaris.clearFaults());

  const client = (
    overrides: Partial<{ secret: string; timeout: number }> = {},
  ) =>
    new PolarisManagementClient({
      url: polaris.url,
      auth: {
        type: 'oauth2',
        clientId: 'root',
        clientSecret: overrides.secret ?? 's3cr3t',
        scope: 'PRINCIPAL_ROLE:ALL',
        tokenUrl: polaris.tokenUrl,
      },
      requestTimeoutMs: overrides.timeout ?? 5000,
    });

  const tokenRequests = () =>
    polaris.requests.filter(r => r.path.endsWith('/oauth/tokens')).length;

  it('adds, lists and revokes grants and role assignments', async () => {
    const c = client();
    await c.addGrant('warehouse', 'gold_readers', READ_ORDERS);
    expect(await c.listGrants('warehouse', 'gold_readers')).toEqual([
      READ_ORDERS,
    ]);
    await c.createPrincipalRole('analysts');
    await c.assignPrincipalRole('ada', 'analysts');
    await c.assignCatalogRole('analysts', 'warehouse', 'gold_readers');
    expect(
      (
        await c.listPrincipalRolesOfCatalogRole('warehouse', 'gold_readers')
      ).map(r => r.name),
    ).toEqual(['analysts']);
    expect(
      (await c.listPrincipalsOfPrincipalRole('analysts')).map(p => p.name),
    ).toEqual(['ada']);
    expect(polaris.catalogRolesOf('analysts', 'warehouse')).toEqual([
      'gold_readers',
    ]);

    await c.revokeCatalogRole('analysts', 'warehouse', 'gold_readers');
    await c.revokePrincipalRole('ada', 'analysts');
    await c.revokeGrant('warehouse', 'gold_readers', READ_ORDERS);
    expect(polaris.grants('warehouse', 'gold_readers')).toEqual([]);
    expect(polaris.principalRolesOf('ada')).toEqual([]);
    expect(await c.getCatalogRole('warehouse', 'nobody')).toBeUndefined();
    expect(await c.getPrincipalRole('nobody')).toBeUndefined();
  });

  it('reuses its token, and fetches a new one once when Polaris answers 401', async () => {
    const c = client();
    const before = tokenRequests();
    await c.listCatalogRoles('warehouse');
    await c.listPrincipalRoles();
    expect(tokenRequests()).toBe(before + 1);

    polaris.expireTokens();
    await c.listCatalogRoles('warehouse');
    expect(tokenRequests()).toBe(before + 2);
  });

  it("names the operation, Polaris' status and its error message", async () => {
    const error = await client()
      .addGrant('warehouse', 'gold_readers', {
        ...READ_ORDERS,
        tableName: 'no_such_table',
      })
      .catch(e => e);
    expect(error).toBeInstanceOf(PolarisRequestError);
    expect(error.message).toBe(
      'Polaris addGrantToCatalogRole (PUT /catalogs/warehouse/catalog-roles/gold_readers/grants) answered 404: NoSuchTableException: Table does not exist: gold.no_such_table',
    );
    expect(error.statusCode).toBe(502);
    expect(error.polarisStatus).toBe(404);
  });

  it('says when the token endpoint refuses the credentials', async () => {
    await expect(
      client({ secret: 'wrong' }).listCatalogRoles('warehouse'),
    ).rejects.toThrow(
      `Polaris token endpoint ${polaris.tokenUrl} answered 401: unauthorized_client: The client is not authorized`,
    );
  });

  it('gives up on a request after the timeout', async () => {
    polaris.setFault({ delayMs: 1000, path: '/catalog-roles' });
    await expect(
      client({ timeout: 200 }).listCatalogRoles('warehouse'),
    ).rejects.toThrow(
      'Polaris listCatalogRoles (GET /catalogs/warehouse/catalog-roles) timed out after 200 ms',
    );
  });

  it('sends a static bearer token as it is', async () => {
    const c = new PolarisManagementClient({
      url: polaris.url,
      auth: { type: 'bearer', token: polaris.issueToken('root') },
      requestTimeoutMs: 5000,
    });
    expect((await c.listCatalogRoles('warehouse')).map(r => r.name)).toContain(
      'gold_readers',
    );
  });
});
