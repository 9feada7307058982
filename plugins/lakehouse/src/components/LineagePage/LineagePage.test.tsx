import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { catalogApiRef, entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { lakehouseApiRef } from '../../api';
import { lineageRouteRef } from '../../routes';
import { stubBrowserLayoutForXyflow } from '../LineageGraphView/jsdomStubs';
import {
  demoImpact,
  demoLineage,
  FCT_ORDERS,
} from '../LineageExplorer/fixtures';
import { LineagePage, parseStart } from './LineagePage';

stubBrowserLayoutForXyflow();
jest.setTimeout(30_000);

const dataset = (name: string, title?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', title },
  spec: { type: 'dataset', owner: 'analytics-engineering' },
});

function renderPage(path: string) {
  const api = {
    getLineage: jest.fn(async () => demoLineage),
    getImpact: jest.fn(async () => demoImpact),
  };
  const catalogApi = catalogApiMock({
    entities: [
      dataset('lakehouse.gold.fct_orders'),
      dataset('lakehouse.silver.orders'),
      {
        ...dataset('svc'),
        kind: 'Component',
        spec: { type: 'service', owner: 'x' },
      },
    ],
  });
  renderInTestApp(<LineagePage />, {
    apis: [
      [lakehouseApiRef, api],
      [catalogApiRef, catalogApi],
      mockApis.permission(),
    ],
    initialRouteEntries: [path],
    mountedRoutes: {
      '/catalog/:namespace/:kind/:name': entityRouteRef,
      '/lakehouse/lineage': lineageRouteRef,
    },
  });
  return { api, catalogApi };
}

describe('LineagePage', () => {
  it('explores the lineage of the entity in ?entityRef=', async () => {
    const { api } = renderPage(
      `/lakehouse/lineage?entityRef=${encodeURIComponent(
        'Resource:lakehouse.gold.fct_orders',
      )}`,
    );

    expect(
      await screen.findByRole('heading', {
        name: 'Lineage of lakehouse.gold.fct_orders',
      }),
    ).toBeInTheDocument();
    const figure = await screen.findByRole('figure', { name: 'Lineage graph' });
    expect(
      await within(figure).findByRole('group', {
        name: 'customer-churn (ml-serving)',
      }),
    ).toBeInTheDocument();
    // The ref is asked for in its canonical form.
    expect(api.getLineage).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: FCT_ORDERS }),
    );
  });

  it('finds the entity to start from in the catalog', async () => {
    const { api } = renderPage('/lakehouse/lineage');

    expect(
      await screen.findByRole('heading', { name: 'Lineage explorer' }),
    ).toBeInTheDocument();
    expect(api.getLineage).not.toHaveBeenCalled();

    await userEvent.type(
      screen.getByRole('textbox', { name: 'Entity' }),
      'orders',
    );
    const options = await screen.findAllByRole('option');
    expect(options.map(o => o.textContent)).toContain(
      'lakehouse.silver.orders (Dataset)',
    );
    await userEvent.click(
      screen.getByRole('option', { name: 'lakehouse.silver.orders (Dataset)' }),
    );

    await waitFor(() =>
      expect(api.getLineage).toHaveBeenCalledWith(
        expect.objectContaining({
          entityRef: 'resource:default/lakehouse.silver.orders',
        }),
      ),
    );
    expect(
      await screen.findByRole('heading', {
        name: 'Lineage of lakehouse.silver.orders',
      }),
    ).toBeInTheDocument();
  });

  it('says what is wrong with a ?entityRef= that is no entity ref', async () => {
    renderPage('/lakehouse/lineage?entityRef=default%2F');

    expect(
      await screen.findByText(/"default\/" is not an entity ref/),
    ).toBeInTheDocument();
  });
});

describe('parseStart', () => {
  it('reads entity refs in any form, and OpenLineage node ids as they are', () => {
    expect(parseStart('resource:lakehouse.gold.fct_orders')).toEqual({
      entityRef: FCT_ORDERS,
      name: 'lakehouse.gold.fct_orders',
    });
    expect(parseStart('openlineage:s3://exports/orders_extract')).toEqual({
      entityRef: 'openlineage:s3://exports/orders_extract',
      name: 'orders_extract',
    });
    expect(parseStart(null)).toEqual({});
    expect(parseStart(' ')).toEqual({});
  });
});
