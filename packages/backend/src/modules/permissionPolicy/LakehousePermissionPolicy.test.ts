import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import {
  lakehouseDatasetReadDataPermission,
  lakehouseDriftRunPermission,
  lakehouseLineageWritePermission,
  lakehouseQueryExecutePermission,
} from '@internal/plugin-lakehouse-common';
import { LakehousePermissionPolicy } from './LakehousePermissionPolicy';

const catalogRead = createPermission({
  name: 'catalog.entity.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

describe('LakehousePermissionPolicy', () => {
  const userInfo = mockServices.userInfo({
    ownershipEntityRefs: [
      'user:default/ben',
      'group:default/analytics-engineering',
    ],
  });
  const policy = new LakehousePermissionPolicy(userInfo);
  const ben = {
    credentials: mockCredentials.user('user:default/ben'),
    info: { userEntityRef: 'user:default/ben', ownershipEntityRefs: [] },
  };

  it('lets signed-in users read the catalog', async () => {
    expect(await policy.handle({ permission: catalogRead }, ben)).toEqual({
      result: AuthorizeResult.ALLOW,
    });
  });

  it('lets signed-in users run queries', async () => {
    expect(
      await policy.handle({ permission: lakehouseQueryExecutePermission }, ben),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets only the platform team post lineage as users', async () => {
    expect(
      await policy.handle({ permission: lakehouseLineageWritePermission }, ben),
    ).toEqual({ result: AuthorizeResult.DENY });
    const platform = new LakehousePermissionPolicy(
      mockServices.userInfo({
        ownershipEntityRefs: [
          'user:default/ada',
          'group:default/data-platform',
        ],
      }),
    );
    expect(
      await platform.handle(
        { permission: lakehouseLineageWritePermission },
        {
          credentials: mockCredentials.user('user:default/ada'),
          info: { userEntityRef: 'user:default/ada', ownershipEntityRefs: [] },
        },
      ),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });

  it('lets anyone read data that is not pii, and pii data only its owners', async () => {
    expect(
      await policy.handle(
        { permission: lakehouseDatasetReadDataPermission },
        ben,
      ),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        anyOf: [
          {
            not: {
              rule: 'HAS_ANNOTATION',
              resourceType: 'catalog-entity',
              params: {
                annotation: 'lakehouse.dev/classification',
                value: 'pii',
              },
            },
          },
          {
            rule: 'IS_ENTITY_OWNER',
            resourceType: 'catalog-entity',
            params: {
              claims: [
                'user:default/ben',
                'group:default/analytics-engineering',
              ],
            },
          },
        ],
      },
    });
  });

  it('lets only the owners of a model or feature view run its drift monitors on demand', async () => {
    expect(
      await policy.handle({ permission: lakehouseDriftRunPermission }, ben),
    ).toEqual({
      result: AuthorizeResult.CONDITIONAL,
      pluginId: 'catalog',
      resourceType: 'catalog-entity',
      conditions: {
        rule: 'IS_ENTITY_OWNER',
        resourceType: 'catalog-entity',
        params: {
          claims: ['user:default/ben', 'group:default/analytics-engineering'],
        },
      },
    });
  });

  it('lets backend plugins act without a user', async () => {
    expect(
      await policy.handle({ permission: lakehouseDatasetReadDataPermission }),
    ).toEqual({ result: AuthorizeResult.ALLOW });
  });
});
