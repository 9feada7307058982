import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { FeatureViewCard, formatTtl } from './FeatureViewCard';

/** Modelled on customer-order-stats in examples/catalog/ml.yaml. */
const customerOrderStats: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'customer-order-stats',
    title: 'customer_order_stats',
    annotations: {
      'lakehouse.dev/feast-project': 'commerce',
      'lakehouse.dev/feast-name': 'customer_order_stats',
    },
  },
  spec: {
    type: 'feature-view',
    owner: 'ml-engineering',
    entities: ['customer'],
    ttl: '7776000s',
    online: true,
    features: [
      {
        name: 'total_orders',
        dtype: 'Int64',
        description: 'Orders that were not cancelled.',
      },
      {
        name: 'total_spend',
        dtype: 'Float64',
        description: 'Total spend in EUR.',
      },
      { name: 'returned_orders', dtype: 'Int64' },
    ],
  },
};

/** Modelled on churn-model-features in examples/catalog/ml.yaml. */
const churnModelFeatures: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'churn-model-features' },
  spec: {
    type: 'feature-service',
    owner: 'ml-engineering',
    features: [
      { name: 'customer_order_stats' },
      { name: 'customer_profile', select: ['region', 'lifetime_orders'] },
    ],
  },
};

async function renderCard(entity: Entity) {
  renderInTestApp(
    <EntityProvider entity={entity}>
      <FeatureViewCard />
    </EntityProvider>,
  );
  await screen.findByText(/^Feature (view|service)$/);
}

/** A row of the card, found by the label (or feature name) it starts with. */
function row(start: string) {
  return screen.getByRole('row', { name: new RegExp(`^${start}\\b`) });
}

/** The value next to a label of the card's facts. */
function fact(label: string) {
  return within(row(label)).getAllByRole('cell')[1];
}

describe('FeatureViewCard', () => {
  describe('on a feature view', () => {
    it('lists every feature with its type and description', async () => {
      await renderCard(customerOrderStats);

      expect(screen.getByText('Feature view')).toBeInTheDocument();
      expect(screen.getByText('Features (3)')).toBeInTheDocument();
      expect(
        within(row('total_orders'))
          .getAllByRole('cell')
          .map(c => c.textContent),
      ).toEqual(['total_orders', 'Int64', 'Orders that were not cancelled.']);
      expect(
        within(row('total_spend'))
          .getAllByRole('cell')
          .map(c => c.textContent),
      ).toEqual(['total_spend', 'Float64', 'Total spend in EUR.']);
      expect(
        within(row('returned_orders'))
          .getAllByRole('cell')
          .map(c => c.textContent),
      ).toEqual(['returned_orders', 'Int64', '—']);
    });

    it('shows where the view lives in Feast and how it is served', async () => {
      await renderCard(customerOrderStats);

      expect(fact('Feast Project')).toHaveTextContent(/^commerce$/);
      expect(fact('Name In Registry')).toHaveTextContent(
        /^customer_order_stats$/,
      );
      expect(fact('Entities')).toHaveTextContent(/^customer$/);
      expect(fact('Time To Live')).toHaveTextContent(/^90 days$/);
      expect(fact('Served Online')).toHaveTextContent(/^yes$/);
    });

    it('says when the view is offline only, has no ttl and no entities', async () => {
      await renderCard({
        ...customerOrderStats,
        spec: {
          ...customerOrderStats.spec,
          online: false,
          ttl: undefined,
          entities: [],
        },
      });

      expect(fact('Served Online')).toHaveTextContent(/^no$/);
      expect(fact('Time To Live')).toHaveTextContent(/^not set$/);
      expect(fact('Entities')).toHaveTextContent(/^none$/);
    });

    it('treats a view without an online flag as served online, as Feast does', async () => {
      await renderCard({
        ...customerOrderStats,
        spec: { ...customerOrderStats.spec, online: undefined },
      });

      expect(fact('Served Online')).toHaveTextContent(/^yes$/);
    });

    it('tells the user when the view declares no features', async () => {
      await renderCard({
        ...customerOrderStats,
        spec: { ...customerOrderStats.spec, features: undefined },
      });

      expect(screen.getByText('Features (0)')).toBeInTheDocument();
      expect(
        screen.getByText('This entity lists no features.'),
      ).toBeInTheDocument();
    });
  });

  describe('on a feature service', () => {
    it('lists the feature views it selects from', async () => {
      await renderCard(churnModelFeatures);

      expect(screen.getByText('Feature service')).toBeInTheDocument();
      expect(screen.queryByText('Feature view')).not.toBeInTheDocument();
      expect(screen.getByText('Feature views (2)')).toBeInTheDocument();
      expect(
        within(row('customer_profile')).getByText(
          'selects region, lifetime_orders',
        ),
      ).toBeInTheDocument();
      expect(
        within(row('customer_order_stats'))
          .getAllByRole('cell')
          .map(c => c.textContent),
      ).toEqual(['customer_order_stats', '—', '—']);
    });

    it('shows no feature-view-only facts and falls back for missing annotations', async () => {
      await renderCard(churnModelFeatures);

      expect(fact('Feast Project')).toHaveTextContent(/^unknown$/);
      expect(fact('Name In Registry')).toHaveTextContent(
        /^churn-model-features$/,
      );
      expect(
        screen.queryByRole('row', { name: /^Time To Live/ }),
      ).not.toBeInTheDocument();
      expect(
        screen.queryByRole('row', { name: /^Entities/ }),
      ).not.toBeInTheDocument();
      expect(
        screen.queryByRole('row', { name: /^Served Online/ }),
      ).not.toBeInTheDocument();
    });
  });
});

describe('formatTtl', () => {
  it.each([
    ['7776000s', '90 days'],
    ['31536000s', '365 days'],
    ['7200s', '2 hours'],
    ['86400s', '1 day'],
    ['3600s', '1 hour'],
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
});
