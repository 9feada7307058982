/*
 * The 404s of polaris-management-service.yml (spec/polaris-management-service.yml at 4b4218638308) that
 * PolarisManagementDouble.test.ts does not replay, sent to the double over HTTP: getPrincipalRole,
 * listAssigneePrincipalsForPrincipalRole, listPrincipalRolesAssigned, createCatalogRole, getCatalogRole,
 * listAssigneePrincipalRolesForCatalogRole, listCatalogRolesForPrincipalRole, revokePrincipalRole and
 * revokeCatalogRoleFromPrincipalRole, plus assignCatalogRoleToPrincipalRole, for which the spec lists no 404
 * but Polaris answers one. Bodies and messages from apache/polaris at 4b4218638308 (read for facts only):
 * PolarisAdminService.authorizeBasicTopLevelEntityOperationOrThrow ("TopLevelEntity of type %s does not exist:
 * %s"), authorizeBasicCatalogRoleOperationOrThrow ("CatalogRole does not exist: %s"),
 * authorizeGrantOnPrincipalRoleToPrincipalOperationOrThrow and
 * authorizeGrantOnCatalogRoleToPrincipalRoleOperationOrThrow ("Entity %s not found when trying to assign ...",
 * where a catalog role that does not resolve is named by its ResolverPath record), and IcebergExceptionMapper
 * (`{"error":{"message","type","code"}}`, type NotFoundException).
 */
import { PolarisManagementDouble } from './PolarisManagementDouble';

describe('PolarisManagementDouble answers the 404s of the management spec as Polaris does', () => {
  let polaris: PolarisManagementDouble;
  let token: string;

  const call = (method: string, path: string, body?: unknown) =>
    fetch(`${polaris.managementUrl}${path}`, {
      method,
      headers: {
        Authorization: `Bearer ${token}`,
        ...(body ? { 'Content-Type': 'application/json' } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });

  beforeAll(async () => {
    polaris = await PolarisManagementDouble.start({
      catalogs: [{ name: 'lakehouse', catalogRoles: [{ name: 'readers' }] }],
      principalRoles: [{ name: 'analysts' }],
      principals: [{ name: 'alice', principalRoles: ['analysts'] }],
    });
    const res = await fetch(polaris.tokenUrl, {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: 'root',
        client_secret: 's3cr3t',
        scope: 'PRINCIPAL_ROLE:ALL',
      }).toString(),
    });
    token = (await res.json()).access_token;
  });

  afterAll(() => polaris.stop());

  const missingRolePath =
    'ResolverPath[key=ResolvedPathKey[entityNames=[auditors], entityType=CATALOG_ROLE], optional=false]';

  it.each([
    [
      'getPrincipalRole',
      'GET',
      '/principal-roles/auditors',
      undefined,
      'TopLevelEntity of type PRINCIPAL_ROLE does not exist: auditors',
    ],
    [
      'listAssigneePrincipalsForPrincipalRole',
      'GET',
      '/principal-roles/auditors/principals',
      undefined,
      'TopLevelEntity of type PRINCIPAL_ROLE does not exist: auditors',
    ],
    [
      'listPrincipalRolesAssigned',
      'GET',
      '/principals/bob/principal-roles',
      undefined,
      'TopLevelEntity of type PRINCIPAL does not exist: bob',
    ],
    [
      'createCatalogRole in a catalog that does not exist',
      'POST',
      '/catalogs/warehouse/catalog-roles',
      { catalogRole: { name: 'readers' } },
      'TopLevelEntity of type CATALOG does not exist: warehouse',
    ],
    [
      'getCatalogRole',
      'GET',
      '/catalogs/lakehouse/catalog-roles/auditors',
      undefined,
      'CatalogRole does not exist: auditors',
    ],
    [
      'listAssigneePrincipalRolesForCatalogRole',
      'GET',
      '/catalogs/lakehouse/catalog-roles/auditors/principal-roles',
      undefined,
      'CatalogRole does not exist: auditors',
    ],
    [
      'listCatalogRolesForPrincipalRole of a principal role that does not exist',
      'GET',
      '/principal-roles/auditors/catalog-roles/lakehouse',
      undefined,
      'TopLevelEntity of type PRINCIPAL_ROLE does not exist: auditors',
    ],
    [
      // The reference catalog fails to resolve, and the message names the principal role it checks for.
      'listCatalogRolesForPrincipalRole in a catalog that does not exist',
      'GET',
      '/principal-roles/analysts/catalog-roles/warehouse',
      undefined,
      'TopLevelEntity of type PRINCIPAL_ROLE does not exist: analysts',
    ],
    [
      'revokePrincipalRole of a principal role that does not exist',
      'DELETE',
      '/principals/alice/principal-roles/auditors',
      undefined,
      'Entity auditors not found when trying to assign auditors to alice',
    ],
    [
      'revokeCatalogRoleFromPrincipalRole of a catalog role that does not exist',
      'DELETE',
      '/principal-roles/analysts/catalog-roles/lakehouse/auditors',
      undefined,
      `Entity ${missingRolePath} not found when trying to assign lakehouse.auditors to analysts`,
    ],
    [
      'assignCatalogRoleToPrincipalRole of a catalog role that does not exist',
      'PUT',
      '/principal-roles/analysts/catalog-roles/lakehouse',
      { catalogRole: { name: 'auditors' } },
      `Entity ${missingRolePath} not found when trying to assign lakehouse.auditors to analysts`,
    ],
    [
      'assignCatalogRoleToPrincipalRole in a catalog that does not exist',
      'PUT',
      '/principal-roles/analysts/catalog-roles/warehouse',
      { catalogRole: { name: 'readers' } },
      'Entity warehouse not found when trying to assign warehouse.readers to analysts',
    ],
  ])('%s', async (_, method, path, body, message) => {
    const res = await call(method, path, body);
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(await res.json()).toEqual({
      error: { message, type: 'NotFoundException', code: 404 },
    });
  });
});
