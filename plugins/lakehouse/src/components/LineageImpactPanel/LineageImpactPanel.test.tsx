import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { ImpactResponse } from '@internal/plugin-lakehouse-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { lakehouseApiRef } from '../../api';
import { demoImpact, FCT_ORDERS } from '../LineageExplorer/fixtures';
import { LineageImpactPanel } from './LineageImpactPanel';

function renderPanel(
  getImpact: () => Promise<ImpactResponse>,
  column?: string,
) {
  const api = { getImpact: jest.fn(getImpact) };
  renderInTestApp(
    <LineageImpactPanel
      entityRef={FCT_ORDERS}
      title="fct_orders"
      column={column}
    />,
    {
      apis: [[lakehouseApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

const itemsOf = (list: HTMLElement) =>
  within(list)
    .getAllByRole('listitem')
    .map(item => item.textContent);

describe('LineageImpactPanel', () => {
  it('lists the affected entities under their owners, with columns and distance', async () => {
    const api = renderPanel(async () => demoImpact, 'revenue');

    expect(
      await screen.findByText(
        'Changing fct_orders.revenue affects 4 entities of 3 owners.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Impact' })).toBeInTheDocument();
    expect(
      screen.getAllByRole('heading', { level: 3 }).map(h => h.textContent),
    ).toEqual(['analytics-engineering', 'ml-platform', 'No owner recorded']);

    expect(
      itemsOf(screen.getByRole('list', { name: 'analytics-engineering' })),
    ).toEqual([
      'revenue_dailyDataset · 1 step downstream · columns revenue, orders',
    ]);
    const mlPlatform = screen.getByRole('list', { name: 'ml-platform' });
    expect(itemsOf(mlPlatform)).toEqual([
      'order_featuresFeature view · 1 step downstream · column avg_revenue',
      'customer-churnModel · 2 steps downstream',
    ]);
    expect(
      within(mlPlatform).getByRole('link', { name: 'customer-churn' }),
    ).toHaveAttribute('href', '/catalog/default/resource/customer-churn');
    expect(
      itemsOf(screen.getByRole('list', { name: 'No owner recorded' })),
    ).toEqual(['orders_extractDataset (OpenLineage) · 2 steps downstream']);

    expect(api.getImpact).toHaveBeenCalledWith({
      entityRef: FCT_ORDERS,
      column: 'revenue',
    });
  });

  it('says when nothing is downstream', async () => {
    renderPanel(async () => ({ items: [] }));

    expect(
      await screen.findByText(/^Nothing downstream of fct_orders:/),
    ).toBeInTheDocument();
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('shows why the impact could not be loaded', async () => {
    renderPanel(async () => {
      throw await ResponseError.fromResponse(
        new Response(
          JSON.stringify({
            error: {
              name: 'NotAllowedError',
              message: 'Not allowed to read lineage',
            },
            response: { statusCode: 403 },
          }),
          { status: 403, statusText: 'Forbidden' },
        ),
      );
    });

    expect(
      await screen.findByText('Not allowed to read lineage', { exact: false }),
    ).toBeInTheDocument();
  });

  it('shows progress while the impact loads', async () => {
    renderPanel(() => new Promise(() => {}));

    expect(
      await screen.findByRole('progressbar', { name: 'Loading the impact' }),
    ).toBeInTheDocument();
  });
});
