import { screen, waitFor, within } from '@testing-library/react';
import { customerOrderStats, withSpec } from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { FeatureViewTransformationCard } from './FeatureViewTransformationCard';

const orderRisk = withSpec(
  {
    ...customerOrderStats,
    metadata: { name: 'commerce.order_risk', namespace: 'default' },
  },
  {
    viewKind: 'on-demand',
    sources: [
      {
        name: 'customer_order_stats',
        kind: 'feature-view',
        fields: ['total_orders', 'returned_orders'],
        featureView: 'resource:default/commerce.customer_order_stats',
      },
      { name: 'order_request', kind: 'request-source', fields: ['amount'] },
    ],
    transformation: {
      mode: 'pandas',
      code: 'def order_risk(inputs):\n    return inputs["returned_orders"] / inputs["total_orders"]\n',
    },
  },
);

describe('FeatureViewTransformationCard', () => {
  it('lists the inputs of an on-demand view and shows its code', async () => {
    renderOnEntityPage(<FeatureViewTransformationCard />, orderRisk);

    await screen.findByRole('heading', { name: 'Transformation' });
    expect(screen.getByText('Mode: pandas')).toBeInTheDocument();
    const inputs = screen.getByRole('table', { name: 'Inputs' });
    const [, viewRow, requestRow] = within(inputs).getAllByRole('row');
    expect(
      within(viewRow).getByRole('link', { name: /customer_order_stats/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/commerce.customer_order_stats',
    );
    expect(viewRow).toHaveTextContent(
      'feature viewtotal_orders, returned_orders',
    );
    expect(requestRow).toHaveTextContent('order_requestrequest dataamount');
    // The highlighter loads lazily and splits the code into tokens.
    await waitFor(() =>
      expect(document.querySelector('pre code')?.textContent).toContain(
        'def order_risk(inputs):',
      ),
    );
  });

  it('says so when Feast recorded no code', async () => {
    renderOnEntityPage(
      <FeatureViewTransformationCard />,
      withSpec(orderRisk, { transformation: undefined, sources: [] }),
    );

    expect(
      await screen.findByText('The inputs of this view are not recorded.'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/The transformation code is not recorded/),
    ).toBeInTheDocument();
  });
});
