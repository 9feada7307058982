import { screen, within } from '@testing-library/react';
import {
  churnModelFeatures,
  withSpec,
  yamlChurnModelFeatures,
} from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { FeatureServiceViewsCard } from './FeatureServiceViewsCard';

function rows() {
  const table = screen.getByRole('table', { name: 'Selected feature views' });
  const [, ...body] = within(table).getAllByRole('row');
  return body;
}

describe('FeatureServiceViewsCard', () => {
  it('links each selected view with the features taken from it', async () => {
    renderOnEntityPage(<FeatureServiceViewsCard />, churnModelFeatures);

    await screen.findByRole('heading', { name: 'Selected feature views (2)' });
    const [stats, profile] = rows();
    expect(
      within(stats).getByRole('link', { name: /customer_order_stats/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/commerce.customer_order_stats',
    );
    expect(stats).toHaveTextContent('all features');
    expect(
      within(profile).getByRole('link', { name: /customer_profile/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/commerce.customer_profile',
    );
    expect(profile).toHaveTextContent('region, lifetime_orders');
  });

  it('finds the views of a service declared in YAML through its dependencies', async () => {
    renderOnEntityPage(<FeatureServiceViewsCard />, yamlChurnModelFeatures);

    await screen.findByRole('heading', { name: 'Selected feature views (2)' });
    const [stats, profile] = rows();
    expect(within(stats).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/customer-order-stats',
    );
    expect(within(profile).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/customer-profile',
    );
    expect(profile).toHaveTextContent('region');
  });

  it('shows the Feast name of a view the catalog has no entity for', async () => {
    renderOnEntityPage(<FeatureServiceViewsCard />, {
      ...yamlChurnModelFeatures,
      relations: [],
    });

    await screen.findByRole('heading', { name: 'Selected feature views (2)' });
    const [stats] = rows();
    expect(within(stats).queryByRole('link')).not.toBeInTheDocument();
    expect(stats).toHaveTextContent('customer_order_stats');
  });

  it('says where the views come from when the service selects none', async () => {
    renderOnEntityPage(
      <FeatureServiceViewsCard />,
      withSpec(churnModelFeatures, { features: [] }),
    );

    expect(
      await screen.findByText(/This feature service selects no feature views/),
    ).toHaveTextContent('catalog.providers.feast');
  });
});
