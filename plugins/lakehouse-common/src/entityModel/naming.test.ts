import {
  datasetEntityName,
  datasetEntityRef,
  getUpstreamRefs,
  parseTableIdentifier,
  toEntityName,
} from './naming';

describe('toEntityName', () => {
  it('keeps a table identifier that is already a valid entity name', () => {
    expect(toEntityName('lakehouse.gold.fct_orders')).toBe(
      'lakehouse.gold.fct_orders',
    );
  });

  it('lower-cases identifiers as Trino and Iceberg report them', () => {
    expect(toEntityName('Lakehouse.Gold.FCT_Orders')).toBe(
      'lakehouse.gold.fct_orders',
    );
  });

  it('gives rewritten identifiers a hash suffix so they cannot collide', () => {
    const spaced = toEntityName('lakehouse.raw.order items');
    const dashed = toEntityName('lakehouse.raw.order-items');
    expect(dashed).toBe('lakehouse.raw.order-items');
    expect(spaced).not.toBe(dashed);
    expect(spaced).toMatch(/^lakehouse\.raw\.order-items-[0-9a-f]{8}$/);
  });

  it('shortens long identifiers to 63 characters, stably and distinctly', () => {
    const a = `lakehouse.${'very_long_namespace_'.repeat(4)}.table_a`;
    const b = `lakehouse.${'very_long_namespace_'.repeat(4)}.table_b`;
    expect(toEntityName(a)).toHaveLength(63);
    expect(toEntityName(a)).toBe(toEntityName(a));
    expect(toEntityName(a)).not.toBe(toEntityName(b));
    expect(toEntityName(a)).toMatch(/^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$/);
  });

  it('refuses identifiers with nothing usable in them', () => {
    expect(() => toEntityName('...')).toThrow(
      'Cannot derive an entity name from "..."',
    );
  });
});

describe('table identifiers', () => {
  it('splits catalog, multi-level namespace and table', () => {
    expect(parseTableIdentifier('polaris.sales.eu.orders')).toEqual({
      catalog: 'polaris',
      schema: 'sales.eu',
      table: 'orders',
    });
  });

  it('names what is wrong with an identifier that is not catalog.schema.table', () => {
    expect(() => parseTableIdentifier('gold.fct_orders')).toThrow(
      'Invalid table identifier "gold.fct_orders": expected catalog.schema.table',
    );
  });

  it('turns a table identifier into the ref of its dataset entity', () => {
    expect(datasetEntityName('LAKEHOUSE.gold.fct_orders')).toBe(
      'lakehouse.gold.fct_orders',
    );
    expect(datasetEntityRef('lakehouse.gold.fct_orders')).toBe(
      'resource:default/lakehouse.gold.fct_orders',
    );
  });
});

describe('getUpstreamRefs', () => {
  it('prefers the dependsOn relations the catalog computed', () => {
    expect(
      getUpstreamRefs({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'x' },
        spec: { dependsOn: ['resource:ignored'] },
        relations: [
          { type: 'dependsOn', targetRef: 'resource:default/a' },
          { type: 'ownedBy', targetRef: 'group:default/team' },
        ],
      }),
    ).toEqual(['resource:default/a']);
  });

  it('falls back to spec.dependsOn, completing the namespace', () => {
    expect(
      getUpstreamRefs({
        apiVersion: 'backstage.io/v1alpha1',
        kind: 'Resource',
        metadata: { name: 'x', namespace: 'sales' },
        spec: { dependsOn: ['resource:a', 'component:default/b'] },
      }),
    ).toEqual(['resource:sales/a', 'component:default/b']);
  });
});
