import {
  describeTtl,
  formatTtl,
  getEntityKeys,
  getFeatures,
  getProjectionRef,
  getViewKind,
} from './featureStore';
import {
  churnModelFeatures,
  customerOrderStats,
  withSpec,
  yamlChurnModelFeatures,
} from './__testUtils__/entities';

describe('formatTtl', () => {
  it.each([
    ['7776000s', '90 days'],
    ['86400s', '1 day'],
    ['7200s', '2 hours'],
    ['900s', '15 minutes'],
    ['1s', '1 second'],
    ['90s', '90 seconds'],
    ['0s', 'never expires'],
  ])('formats %s as %s', (ttl, expected) => {
    expect(formatTtl(ttl)).toBe(expected);
  });

  it.each([[undefined], [''], ['90d'], ['1.5s'], ['s']])(
    'reports %p as not set',
    ttl => {
      expect(formatTtl(ttl)).toBe('not set');
    },
  );

  it('shows a value that is not a Feast duration as it is', () => {
    expect(describeTtl('90d')).toBe('90d (not a Feast duration)');
    expect(describeTtl(undefined)).toBe('not set');
  });
});

describe('reading a feature view', () => {
  it('skips features and join keys without a name', () => {
    const view = withSpec(customerOrderStats, {
      features: [{ name: 'a' }, { dtype: 'Int64' }, 'b', null],
      entityKeys: [{ entity: 'customer' }, { entity: 'c', joinKey: 'c_id' }],
    });

    expect(getFeatures(view).map(f => f.name)).toEqual(['a']);
    expect(getEntityKeys(view).map(k => k.joinKey)).toEqual(['c_id']);
  });

  it('treats a view of unknown kind as a batch view', () => {
    expect(getViewKind(withSpec(customerOrderStats, { viewKind: 'x' }))).toBe(
      'batch',
    );
    expect(
      getViewKind(withSpec(customerOrderStats, { viewKind: 'stream' })),
    ).toBe('stream');
  });
});

describe('getProjectionRef', () => {
  it('uses the ref the provider recorded', () => {
    expect(
      getProjectionRef(churnModelFeatures, {
        name: 'customer_order_stats',
        featureView: 'Resource:default/commerce.customer_order_stats',
      }),
    ).toBe('resource:default/commerce.customer_order_stats');
  });

  it('matches a dependency by Feast name for services declared in YAML', () => {
    expect(
      getProjectionRef(yamlChurnModelFeatures, {
        name: 'customer_profile',
      }),
    ).toBe('resource:default/customer-profile');
    expect(
      getProjectionRef(yamlChurnModelFeatures, { name: 'unknown_view' }),
    ).toBeUndefined();
  });

  it('matches the discovered name <project>.<view>', () => {
    const service = {
      ...yamlChurnModelFeatures,
      relations: [
        {
          type: 'dependsOn',
          targetRef: 'resource:default/commerce.customer_profile',
        },
      ],
    };
    expect(getProjectionRef(service, { name: 'customer_profile' })).toBe(
      'resource:default/commerce.customer_profile',
    );
  });
});
