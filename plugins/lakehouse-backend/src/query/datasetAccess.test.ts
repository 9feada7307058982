import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogHidingFromUsers } from './__testUtils__/catalogHidingFromUsers';
import {
  DatasetAccess,
  DatasetReadRefusedError,
  statementDefaults,
} from './datasetAccess';

const dataset = (name: string, table: string, namespace = 'default') =>
  ({
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace,
      annotations: { 'lakehouse.dev/table': table },
    },
    spec: { type: 'dataset', owner: 'group:default/data' },
  } as Entity);

const ada = mockCredentials.user('user:default/ada');

function setUp(options: { hidden?: string[]; deny?: string[] } = {}) {
  const { catalog } = catalogHidingFromUsers(
    [
      dataset('lakehouse.gold.fct_orders', 'lakehouse.gold.fct_orders'),
      dataset('crm-customers', 'lakehouse.raw.customers', 'finance'),
    ],
    options.hidden ?? [],
  );
  const permissions = mockServices.permissions.mock({
    authorize: async (requests: any[]) =>
      requests.map(r => ({
        result: options.deny?.includes(r.resourceRef)
          ? AuthorizeResult.DENY
          : AuthorizeResult.ALLOW,
      })) as any,
  });
  const access = DatasetAccess.create({
    catalog,
    permissions,
    auth: mockServices.auth(),
  });
  return { access, permissions };
}

describe('DatasetAccess', () => {
  it('asks read-data of each dataset by its entity ref, as the user', async () => {
    const { access, permissions } = setUp();
    await access.requireReadDataOfTables(
      [
        'fct_orders',
        'lakehouse.raw.customers',
        'lakehouse.gold.not_in_catalog',
      ],
      { catalog: 'lakehouse', schema: 'gold' },
      ada,
    );
    expect(permissions.authorize).toHaveBeenCalledTimes(1);
    const [requests, options] = permissions.authorize.mock.calls[0];
    expect(
      requests.map((r: any) => [r.permission.name, r.resourceRef]),
    ).toEqual([
      [
        'lakehouse.dataset.read-data',
        'resource:default/lakehouse.gold.fct_orders',
      ],
      ['lakehouse.dataset.read-data', 'resource:finance/crm-customers'],
    ]);
    expect(options).toEqual({ credentials: ada });
  });

  it('refuses, rather than skips, a dataset the user cannot see', async () => {
    const { access, permissions } = setUp({
      hidden: ['resource:finance/crm-customers'],
    });
    const error = await access
      .requireReadDataOfTables(
        ['lakehouse.raw.customers', 'lakehouse.gold.fct_orders'],
        {},
        ada,
      )
      .catch(e => e);
    expect(error).toBeInstanceOf(NotAllowedError);
    expect(error).toBeInstanceOf(DatasetReadRefusedError);
    expect(error.name).toBe('NotAllowedError');
    expect(error.refused).toEqual([
      {
        table: 'lakehouse.raw.customers',
        entityRef: 'resource:finance/crm-customers',
        reason: 'not-visible',
      },
    ]);
    // Only the visible dataset needs a decision.
    expect(permissions.authorize.mock.calls[0][0]).toHaveLength(1);
  });

  it('lets statements that read no catalogued dataset through', async () => {
    const { access, permissions } = setUp({ deny: ['anything'] });
    await expect(
      access.requireReadDataOfTables(
        ['range', 'lakehouse.silver.unknown'],
        { catalog: 'lakehouse' },
        ada,
      ),
    ).resolves.toBeUndefined();
    expect(permissions.authorize).not.toHaveBeenCalled();
  });

  it("finds a dataset by its ref whoever may see it, and not one that isn't a dataset", async () => {
    const { access } = setUp({ hidden: ['resource:finance/crm-customers'] });
    expect(
      await access.dataset('resource:finance/crm-customers'),
    ).toMatchObject({
      id: 'lakehouse.raw.customers',
      ref: 'resource:finance/crm-customers',
    });
    expect(await access.dataset('resource:default/nothing')).toBeUndefined();
  });
});

describe('statementDefaults', () => {
  const engine = { defaultCatalog: 'lakehouse', defaultSchema: 'gold' };
  it("falls back to the engine's catalog and schema", () => {
    expect(statementDefaults(engine, {})).toEqual({
      catalog: 'lakehouse',
      schema: 'gold',
    });
  });
  it("drops the engine's schema when the request names another catalog", () => {
    expect(statementDefaults(engine, { catalog: 'iceberg' })).toEqual({
      catalog: 'iceberg',
      schema: undefined,
    });
  });
});
