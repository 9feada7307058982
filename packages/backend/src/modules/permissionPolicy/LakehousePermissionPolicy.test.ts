import { mockCredentials } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { LakehousePermissionPolicy } from './LakehousePermissionPolicy';

const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

describe('LakehousePermissionPolicy', () => {
  const policy = new LakehousePermissionPolicy();

  it('lets signed-in users read the catalog', async () => {
    const decision = await policy.handle(
      { permission: catalogRead },
      {
        credentials: mockCredentials.user('user:default/guest'),
        info: { userEntityRef: 'user:default/guest', ownershipEntityRefs: [] },
      },
    );
    expect(decision).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets backend plugins act without a user', async () => {
    expect(await policy.handle({ permission: catalogRead })).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });
});
