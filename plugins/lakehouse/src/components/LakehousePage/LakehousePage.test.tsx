import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LakehousePage } from './LakehousePage';

/** A dataset as in examples/catalog/datasets.yaml. */
function dataset(options: {
  name: string;
  title: string;
  layer?: string;
  table?: string;
  owner?: string;
  description?: string;
}): Entity {
  const { name, title, layer, owner = 'data-platform', description } = options;
  const table = options.table ?? name;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      title,
      description,
      annotations: {
        'lakehouse.dev/table': table,
        ...(layer ? { 'lakehouse.dev/layer': layer } : {}),
      },
    },
    spec: { type: 'dataset', owner, system: 'commerce-lakehouse' },
    relations: [{ type: 'ownedBy', targetRef: `group:default/${owner}` }],
  };
}

const rawCustomers = dataset({
  name: 'lakehouse.raw.customers',
  title: 'raw.customers',
  layer: 'raw',
  description: 'Customer accounts as exported from the shop database.',
});
const rawOrders = dataset({
  name: 'lakehouse.raw.orders',
  title: 'raw.orders',
  layer: 'raw',
});
const stgCustomers = dataset({
  name: 'lakehouse.bronze.stg_customers',
  title: 'stg_customers',
  layer: 'bronze',
});
const dimCustomers = dataset({
  name: 'lakehouse.silver.dim_customers',
  title: 'dim_customers',
  layer: 'silver',
  owner: 'analytics-engineering',
});
// Entity name differs from the table, as it does for generated names.
const fctOrders = dataset({
  name: 'orders-fact',
  title: 'fct_orders',
  layer: 'gold',
  table: 'lakehouse.gold.fct_orders',
  owner: 'analytics-engineering',
});
const customerFeatures = dataset({
  name: 'lakehouse.gold.customer_features',
  title: 'customer_features',
  layer: 'gold',
  owner: 'ml-engineering',
});
// A layer outside the medallion: counted nowhere, listed last.
const scratchExport = dataset({
  name: 'lakehouse.scratch.adhoc_export',
  title: 'adhoc_export',
  layer: 'platinum',
});

/** A Resource that is not a dataset and must not show up on the page. */
const featureView: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'customer-order-stats',
    title: 'customer_order_stats',
    annotations: { 'lakehouse.dev/layer': 'gold' },
  },
  spec: { type: 'feature-view', owner: 'ml-engineering' },
};

// Deliberately not in layer order.
const allEntities = [
  customerFeatures,
  scratchExport,
  dimCustomers,
  featureView,
  rawOrders,
  fctOrders,
  stgCustomers,
  rawCustomers,
];

function renderPage(catalogApi: ReturnType<typeof catalogApiMock>) {
  return renderInTestApp(<LakehousePage />, {
    apis: [catalogApi],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

/** The layer cards as [layer, number shown] pairs, in the order shown. */
function layerCounts() {
  return screen.getAllByText('datasets').map(label => {
    const text = label.closest('.MuiCard-root')?.textContent ?? '';
    const match = /^(\w+?)(\d+)datasets$/.exec(text);
    if (!match) {
      throw new Error(`Unexpected layer card "${text}"`);
    }
    return [match[1], Number(match[2])];
  });
}

/** The body rows of the datasets table, top to bottom. */
function datasetRows() {
  const table = screen.getByRole('table');
  const [, ...rows] = within(table).getAllByRole('row');
  return rows;
}

/** The text of each cell of a row. */
function cellTexts(row: HTMLElement) {
  return within(row)
    .getAllByRole('cell')
    .map(cell => cell.textContent);
}

describe('LakehousePage', () => {
  it('shows how many datasets each medallion layer has', async () => {
    renderPage(catalogApiMock({ entities: allEntities }));

    expect(await screen.findByText('Datasets by layer')).toBeInTheDocument();
    expect(layerCounts()).toEqual([
      ['raw', 2],
      ['bronze', 1],
      ['silver', 1],
      ['gold', 2],
    ]);
  });

  it('lists every dataset, and only datasets, with its table, layer and owner', async () => {
    renderPage(catalogApiMock({ entities: allEntities }));

    expect(await screen.findByText('All datasets (7)')).toBeInTheDocument();
    expect(screen.queryByText('customer_order_stats')).not.toBeInTheDocument();

    const rows = datasetRows();
    expect(rows).toHaveLength(7);
    expect(cellTexts(rows[0])).toEqual([
      'raw.customers',
      'lakehouse.raw.customers',
      'raw',
      'data-platform',
      'Customer accounts as exported from the shop database.',
    ]);
    expect(screen.getByRole('link', { name: 'fct_orders' })).toHaveAttribute(
      'href',
      '/catalog/default/resource/orders-fact',
    );
    expect(
      within(rows[0]).getByRole('link', { name: 'data-platform' }),
    ).toHaveAttribute('href', '/catalog/default/group/data-platform');
  });

  it('orders datasets from raw to gold, unknown layers last', async () => {
    renderPage(catalogApiMock({ entities: allEntities }));

    await screen.findByText('All datasets (7)');
    const rows = datasetRows();
    expect(rows.map(row => cellTexts(row).slice(1, 3))).toEqual([
      ['lakehouse.raw.customers', 'raw'],
      ['lakehouse.raw.orders', 'raw'],
      ['lakehouse.bronze.stg_customers', 'bronze'],
      ['lakehouse.silver.dim_customers', 'silver'],
      ['lakehouse.gold.customer_features', 'gold'],
      ['lakehouse.gold.fct_orders', 'gold'],
      ['lakehouse.scratch.adhoc_export', 'unknown'],
    ]);
  });

  it('finds a dataset by its table identifier, whatever the case', async () => {
    const user = userEvent.setup();
    renderPage(catalogApiMock({ entities: allEntities }));

    await screen.findByText('All datasets (7)');
    await user.type(screen.getByPlaceholderText('Filter'), 'GOLD.FCT');

    await waitFor(() => expect(datasetRows()).toHaveLength(1));
    expect(cellTexts(datasetRows()[0])[1]).toBe('lakehouse.gold.fct_orders');
  });

  it('shows a progress bar while the catalog is loading', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn(() => new Promise<never>(() => {})),
    });
    renderPage(catalogApi);

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByText('Datasets by layer')).not.toBeInTheDocument();
  });

  it('asks the catalog for datasets only', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn(async () => ({ items: [rawCustomers] })),
    });
    renderPage(catalogApi);

    expect(await screen.findByText('All datasets (1)')).toBeInTheDocument();
    expect(catalogApi.getEntities).toHaveBeenCalledWith({
      filter: { kind: 'Resource', 'spec.type': 'dataset' },
    });
  });

  it('shows the error when the catalog cannot be read', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn(async () => {
        throw new Error('Catalog backend is unavailable');
      }),
    });
    renderPage(catalogApi);

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Catalog backend is unavailable',
    );
    expect(screen.queryByText('Datasets by layer')).not.toBeInTheDocument();
  });

  it('tells the user which providers to configure when there are no datasets', async () => {
    renderPage(catalogApiMock({ entities: [featureView] }));

    expect(
      await screen.findByText('No datasets in the catalog yet'),
    ).toBeInTheDocument();
    const hint = screen.getByText(/Resource entities of type dataset/);
    expect(hint).toHaveTextContent('catalog.providers.dbt');
    expect(hint).toHaveTextContent('catalog.providers.iceberg');
    expect(hint).toHaveTextContent('catalog.providers.trino');
    expect(screen.queryByText('datasets')).not.toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
