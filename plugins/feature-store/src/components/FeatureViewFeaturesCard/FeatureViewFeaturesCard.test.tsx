import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  customerOrderStats,
  withSpec,
  yamlCustomerOrderStats,
} from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { FeatureViewFeaturesCard } from './FeatureViewFeaturesCard';

function bodyRows() {
  const table = screen.getByRole('table', { name: 'Features' });
  const [, ...rows] = within(table).getAllByRole('row');
  return rows.map(row =>
    within(row)
      .getAllByRole('cell')
      .map(c => c.textContent),
  );
}

describe('FeatureViewFeaturesCard', () => {
  it('lists every feature with its type, description and tags', async () => {
    renderOnEntityPage(<FeatureViewFeaturesCard />, customerOrderStats);

    expect(
      await screen.findByRole('heading', { name: 'Features (3)' }),
    ).toBeInTheDocument();
    expect(bodyRows()).toEqual([
      [
        'total_orders',
        'Int64',
        'Orders that were not cancelled.',
        'pii: false',
      ],
      ['total_spend', 'Float64', 'Total spend in EUR.', '—'],
      ['returned_orders', 'INT64', '—', '—'],
    ]);
  });

  it('shows the SDK type of hand-written features', async () => {
    renderOnEntityPage(<FeatureViewFeaturesCard />, yamlCustomerOrderStats);

    await screen.findByRole('heading', { name: 'Features (1)' });
    expect(bodyRows()).toEqual([
      ['total_orders', 'Int64', 'Orders that were not cancelled.', '—'],
    ]);
  });

  it('filters a wide view by name or description', async () => {
    const features = Array.from({ length: 12 }, (_, i) => ({
      name: `feature_${i}`,
      valueType: 'DOUBLE',
      description: i === 7 ? 'Refund ratio' : undefined,
    }));
    renderOnEntityPage(
      <FeatureViewFeaturesCard />,
      withSpec(customerOrderStats, { features }),
    );

    const filter = await screen.findByRole('textbox', {
      name: 'Filter features',
    });
    await userEvent.type(filter, 'refund');
    expect(bodyRows().map(r => r[0])).toEqual(['feature_7']);

    await userEvent.clear(filter);
    await userEvent.type(filter, 'nothing-like-this');
    expect(bodyRows()).toEqual([['No feature matches “nothing-like-this”.']]);
  });

  it('says where features come from when the view lists none', async () => {
    renderOnEntityPage(
      <FeatureViewFeaturesCard />,
      withSpec(customerOrderStats, { features: undefined }),
    );

    expect(
      await screen.findByText(/This feature view lists no features/),
    ).toHaveTextContent('catalog.providers.feast');
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
