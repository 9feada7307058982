import { groupImpactByOwner, impactItemTitle, NO_OWNER } from './groupImpact';

describe('groupImpactByOwner', () => {
  it('groups items by owner name, nearest first, unowned last', () => {
    const groups = groupImpactByOwner([
      {
        id: 'component:default/ml-serving.churn',
        entityRef: 'component:default/ml-serving.churn',
        title: 'churn',
        owner: 'group:default/ml-platform',
        distance: 3,
      },
      {
        id: 'resource:default/lakehouse.gold.fct_orders',
        entityRef: 'resource:default/lakehouse.gold.fct_orders',
        owner: 'group:default/analytics-engineering',
        columns: ['revenue'],
        distance: 1,
      },
      { id: 'openlineage:s3://bucket/exports/orders', distance: 2 },
      {
        id: 'resource:default/customer-churn',
        entityRef: 'resource:default/customer-churn',
        title: 'customer-churn',
        owner: 'group:default/ml-platform',
        distance: 2,
      },
      {
        id: 'resource:default/lakehouse.gold.dim_customers',
        entityRef: 'resource:default/lakehouse.gold.dim_customers',
        owner: 'group:finance/analytics-engineering',
        distance: 1,
      },
    ]);

    expect(groups.map(g => [g.name, g.items.map(impactItemTitle)])).toEqual([
      ['analytics-engineering', ['lakehouse.gold.fct_orders']],
      ['finance/analytics-engineering', ['lakehouse.gold.dim_customers']],
      ['ml-platform', ['customer-churn', 'churn']],
      [NO_OWNER, ['orders']],
    ]);
  });

  it('returns no groups for no items', () => {
    expect(groupImpactByOwner([])).toEqual([]);
  });
});
