import {
  catalogRoleName,
  planGrant,
  userPrincipalRoleName,
} from './grantSteps';

const at = (namespace: string[], table: string) => ({
  catalog: 'warehouse',
  namespace,
  table,
});

describe('the roles an approval uses', () => {
  it('names a catalog role per dataset or per namespace after what it grants', () => {
    expect(
      catalogRoleName(at(['gold'], 'fct_orders'), 'dataset', 'portal'),
    ).toBe('portal_gold.fct_orders');
    expect(
      catalogRoleName(at(['gold'], 'fct_orders'), 'namespace', 'portal'),
    ).toBe('portal_gold.*');
  });

  it('never gives two tables, or a table and a namespace, the same role', () => {
    const names = [
      catalogRoleName(at(['a'], 'b_c'), 'dataset', 'p'),
      catalogRoleName(at(['a_b'], 'c'), 'dataset', 'p'),
      catalogRoleName(at(['a', 'b'], 'c'), 'dataset', 'p'),
      catalogRoleName(at(['a', 'b', 'c'], 'x'), 'namespace', 'p'),
      catalogRoleName(at(['a', 'b'], '*'), 'dataset', 'p'),
      catalogRoleName(at(['a', 'b'], 'c'), 'namespace', 'p'),
      catalogRoleName(at(['a b'], 'c'), 'dataset', 'p'),
      catalogRoleName(at(['a~20b'], 'c'), 'dataset', 'p'),
    ];
    expect(new Set(names).size).toBe(names.length);
    expect(names[6]).toBe('p_a~20b.c');
  });

  it('keeps names within the 256 characters Polaris allows, still distinct', () => {
    const long = 'x'.repeat(300);
    const a = catalogRoleName(at(['gold'], `${long}a`), 'dataset', 'p');
    const b = catalogRoleName(at(['gold'], `${long}b`), 'dataset', 'p');
    expect(a.length).toBe(256);
    expect(a).not.toBe(b);
  });

  it('gives each principal a principal role of its own', () => {
    expect(userPrincipalRoleName('ada@example.com', 'portal')).toBe(
      'portal_user_ada~40example~2ecom',
    );
  });

  it('grants TABLE_READ_DATA on the table, or on the namespace', () => {
    expect(
      planGrant(at(['gold'], 'fct_orders'), 'ada', {
        grantScope: 'dataset',
        rolePrefix: 'portal',
      }),
    ).toEqual({
      catalog: 'warehouse',
      catalogRole: 'portal_gold.fct_orders',
      principalRole: 'portal_user_ada',
      principal: 'ada',
      grant: {
        type: 'table',
        namespace: ['gold'],
        tableName: 'fct_orders',
        privilege: 'TABLE_READ_DATA',
      },
    });
    expect(
      planGrant(at(['gold'], 'fct_orders'), 'ada', {
        grantScope: 'namespace',
        rolePrefix: 'portal',
      }).grant,
    ).toEqual({
      type: 'namespace',
      namespace: ['gold'],
      privilege: 'TABLE_READ_DATA',
    });
  });
});
