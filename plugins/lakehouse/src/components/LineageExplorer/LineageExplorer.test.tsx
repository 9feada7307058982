import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { LineageGraph } from '@internal/plugin-lakehouse-common';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LakehouseApi, lakehouseApiRef } from '../../api';
import { ImpactOptions, LineageOptions } from '../../api/LakehouseApi';
import { lineageRouteRef } from '../../routes';
import { stubBrowserLayoutForXyflow } from '../LineageGraphView/jsdomStubs';
import {
  demoImpact,
  demoLineage,
  FCT_ORDERS,
  ORDER_FEATURES,
  orderFeaturesNeighbours,
  ref,
  revenueLineage,
} from './fixtures';
import { LineageExplorer } from './LineageExplorer';

stubBrowserLayoutForXyflow();
jest.setTimeout(30_000);

type Api = Pick<LakehouseApi, 'getLineage' | 'getImpact'>;

function fakeApi(
  answer: (options: LineageOptions) => Promise<LineageGraph> = async o =>
    o.column ? revenueLineage : demoLineage,
) {
  const api: jest.Mocked<Api> = {
    getLineage: jest.fn(async options =>
      options.depth === 1 ? orderFeaturesNeighbours : answer(options),
    ),
    getImpact: jest.fn(async (_options: ImpactOptions) => demoImpact),
  };
  return api;
}

function renderExplorer(api: Api, columns?: string[]) {
  return renderInTestApp(
    <LineageExplorer
      entityRef={FCT_ORDERS}
      columns={columns}
      graphHeight={600}
    />,
    {
      apis: [[lakehouseApiRef, api]],
      mountedRoutes: {
        '/catalog/:namespace/:kind/:name': entityRouteRef,
        '/lakehouse/lineage': lineageRouteRef,
      },
    },
  );
}

const graphFigure = () =>
  screen.findByRole('figure', { name: 'Lineage graph' });

describe('LineageExplorer', () => {
  it('draws the lineage from raw data to the deployment', async () => {
    const api = fakeApi();
    renderExplorer(api);

    const figure = await graphFigure();
    for (const title of [
      'raw_orders',
      'bronze_orders',
      'orders',
      'fct_orders',
      'order_features',
      'customer-churn',
      'customer-churn (ml-serving)',
    ]) {
      expect(
        await within(figure).findByRole('group', { name: title }),
      ).toBeInTheDocument();
    }
    expect(api.getLineage).toHaveBeenCalledWith({
      entityRef: FCT_ORDERS,
      direction: 'both',
      depth: 5,
      column: undefined,
    });
  });

  it('asks again with the direction and depth chosen', async () => {
    const api = fakeApi();
    renderExplorer(api);
    await graphFigure();

    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Direction' }),
      'upstream',
    );
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'Depth' }),
      '2',
    );

    await waitFor(() =>
      expect(api.getLineage).toHaveBeenLastCalledWith({
        entityRef: FCT_ORDERS,
        direction: 'upstream',
        depth: 2,
        column: undefined,
      }),
    );
  });

  it('traces a column in column mode: its paths, its upstream and downstream columns, its impact', async () => {
    const api = fakeApi();
    renderExplorer(api);
    await graphFigure();
    expect(
      screen.queryByRole('combobox', { name: 'Column' }),
    ).not.toBeInTheDocument();

    await userEvent.click(screen.getByRole('switch', { name: 'Column mode' }));
    const picker = screen.getByRole('combobox', { name: 'Column' });
    expect(
      within(picker)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All columns', 'order_id', 'revenue']);
    await userEvent.selectOptions(picker, 'revenue');

    await waitFor(() =>
      expect(api.getLineage).toHaveBeenLastCalledWith(
        expect.objectContaining({ entityRef: FCT_ORDERS, column: 'revenue' }),
      ),
    );
    const upstream = await screen.findByRole('list', {
      name: 'Upstream columns (4)',
    });
    expect(
      within(upstream)
        .getAllByRole('listitem')
        .map(item => item.textContent),
    ).toEqual([
      'DIRECTorders.amount1 step away',
      'INDIRECTorders.status1 step away',
      'DIRECTbronze_orders.amount_cents2 steps away',
      'DIRECTraw_orders.amount_cents3 steps away',
    ]);
    const downstream = screen.getByRole('list', {
      name: 'Downstream columns (1)',
    });
    expect(
      within(downstream).getByRole('link', { name: 'order_features' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/commerce.order_features',
    );

    // The traced columns are marked on the cards.
    const silverColumns = await screen.findByRole('list', {
      name: 'Columns of orders',
    });
    expect(
      [...silverColumns.querySelectorAll('mark')].map(m => m.textContent),
    ).toEqual(['amount', 'status']);

    await waitFor(() =>
      expect(api.getImpact).toHaveBeenLastCalledWith({
        entityRef: FCT_ORDERS,
        column: 'revenue',
      }),
    );
  });

  it('offers the columns the entity declares when the lineage lists none', async () => {
    const bare: LineageGraph = {
      ...demoLineage,
      nodes: demoLineage.nodes.map(({ columns: _, ...node }) => node),
    };
    renderExplorer(
      fakeApi(async () => bare),
      ['order_id', 'order_date'],
    );
    await graphFigure();

    await userEvent.click(screen.getByRole('switch', { name: 'Column mode' }));

    expect(
      within(screen.getByRole('combobox', { name: 'Column' }))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All columns', 'order_id', 'order_date']);
  });

  it('expands a node with its neighbours and collapses them again', async () => {
    const api = fakeApi();
    renderExplorer(api);
    await graphFigure();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Expand order_features' }),
    );

    expect(
      await screen.findByRole('group', { name: 'churn_features' }),
    ).toBeInTheDocument();
    expect(api.getLineage).toHaveBeenLastCalledWith({
      entityRef: ORDER_FEATURES,
      direction: 'both',
      depth: 1,
    });

    await userEvent.click(
      screen.getByRole('button', { name: 'Collapse order_features' }),
    );
    await waitFor(() =>
      expect(
        screen.queryByRole('group', { name: 'churn_features' }),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.getByRole('group', { name: 'order_features' }),
    ).toBeInTheDocument();
  });

  it('says which node could not be expanded and why', async () => {
    const api = fakeApi();
    api.getLineage.mockImplementation(async options => {
      if (options.depth === 1) throw new Error('lineage backend timed out');
      return demoLineage;
    });
    renderExplorer(api);
    await graphFigure();

    await userEvent.click(
      await screen.findByRole('button', { name: 'Expand customer-churn' }),
    );

    expect(
      await screen.findByText(
        'The neighbours of customer-churn could not be loaded: lineage backend timed out',
      ),
    ).toBeInTheDocument();
  });

  it('shows a picked node with links to its page and its own lineage', async () => {
    renderExplorer(fakeApi());
    const figure = await graphFigure();

    await userEvent.click(
      await within(figure).findByRole('button', { name: 'orders' }),
    );

    const panel = await screen.findByRole('region', {
      name: 'Selected: orders',
    });
    expect(within(panel).getByText('Dataset · silver')).toBeInTheDocument();
    expect(
      within(panel).getByRole('link', { name: 'analytics-engineering' }),
    ).toHaveAttribute('href', '/catalog/default/group/analytics-engineering');
    expect(
      within(panel).getByRole('button', { name: 'Open entity page' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/lakehouse.silver.orders',
    );
    expect(
      within(panel).getByRole('button', { name: 'Explore from here' }),
    ).toHaveAttribute(
      'href',
      `/lakehouse/lineage?entityRef=${encodeURIComponent(
        ref('lakehouse.silver.orders'),
      )}`,
    );

    await userEvent.click(within(panel).getByRole('button', { name: 'Close' }));
    expect(
      screen.queryByRole('region', { name: 'Selected: orders' }),
    ).not.toBeInTheDocument();
  });

  it('explains where lineage comes from when none is recorded', async () => {
    renderExplorer(
      fakeApi(async () => ({ nodes: [demoLineage.nodes[3]], edges: [] })),
    );

    expect(
      await screen.findByText('No lineage recorded for this entity'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/Datasets get lineage from dbt/),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('figure', { name: 'Lineage graph' }),
    ).not.toBeInTheDocument();
  });

  it('shows why the lineage could not be loaded', async () => {
    renderExplorer(
      fakeApi(async () => {
        throw await ResponseError.fromResponse(
          new Response(
            JSON.stringify({
              error: {
                name: 'NotFoundError',
                message: `No entity ${FCT_ORDERS}`,
              },
              response: { statusCode: 404 },
            }),
            { status: 404, statusText: 'Not Found' },
          ),
        );
      }),
    );

    expect(
      await screen.findByText(`No entity ${FCT_ORDERS}`, { exact: false }),
    ).toBeInTheDocument();
  });
});
