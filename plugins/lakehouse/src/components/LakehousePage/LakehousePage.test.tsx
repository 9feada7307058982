import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { DatasetSourceStatus } from '@internal/plugin-lakehouse-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LakehouseApi, lakehouseApiRef } from '../../api';
import { LakehousePage } from './LakehousePage';

/** A dataset as in examples/catalog/datasets.yaml. */
function dataset(options: {
  name: string;
  title: string;
  layer?: string;
  table?: string;
  owner?: string;
  description?: string;
  sources?: string;
}): Entity {
  const {
    name,
    title,
    layer,
    owner = 'data-platform',
    description,
    sources,
  } = options;
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
        ...(sources ? { 'lakehouse.dev/source-systems': sources } : {}),
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
  sources: 'trino',
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
  description: 'Customer dimension with sales region and order history.',
  sources: 'dbt, Iceberg',
});
// Entity name differs from the table, as it does for generated names.
const fctOrders = dataset({
  name: 'orders-fact',
  title: 'fct_orders',
  layer: 'gold',
  table: 'lakehouse.gold.fct_orders',
  owner: 'analytics-engineering',
  sources: 'dbt,iceberg',
});
const customerFeatures = dataset({
  name: 'lakehouse.gold.customer_features',
  title: 'customer_features',
  layer: 'gold',
  owner: 'ml-engineering',
  sources: 'dbt',
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

const dbtSource: DatasetSourceStatus = {
  id: 'dbt:commerce',
  kind: 'dbt',
  target: 's3://dbt-artifacts/commerce/manifest.json',
  state: 'ok',
  datasets: 3,
  lastSuccessAt: new Date(Date.now() - 2 * 3600 * 1000).toISOString(),
};
const failingIcebergSource: DatasetSourceStatus = {
  id: 'iceberg:polaris',
  kind: 'iceberg',
  target: 'https://polaris.example.com/api/catalog',
  state: 'failing',
  datasets: 2,
  lastError:
    'iceberg:polaris: GET https://polaris.example.com/api/catalog/v1/config answered 401 Unauthorized',
};

function renderPage(
  catalogApi: ReturnType<typeof catalogApiMock>,
  getSources: LakehouseApi['getSources'] = async () => [dbtSource],
) {
  return renderInTestApp(<LakehousePage />, {
    apis: [catalogApi, [lakehouseApiRef, { getSources }]],
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
    await user.type(
      screen.getByRole('searchbox', { name: 'Search datasets' }),
      'GOLD.FCT',
    );

    await waitFor(() => expect(datasetRows()).toHaveLength(1));
    expect(cellTexts(datasetRows()[0])[1]).toBe('lakehouse.gold.fct_orders');
    expect(screen.getByText('Matching datasets (1 of 7)')).toBeInTheDocument();
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

  it('finds datasets by name or description, whatever the case', async () => {
    const user = userEvent.setup();
    renderPage(catalogApiMock({ entities: allEntities }));

    await screen.findByText('All datasets (7)');
    const search = screen.getByRole('searchbox', { name: 'Search datasets' });

    await user.type(search, 'ORDER HISTORY');
    await waitFor(() => expect(datasetRows()).toHaveLength(1));
    expect(cellTexts(datasetRows()[0])[1]).toBe(
      'lakehouse.silver.dim_customers',
    );

    // The entity name of fct_orders differs from its table identifier.
    await user.clear(search);
    await user.type(search, 'Orders-Fact');
    await waitFor(() =>
      expect(datasetRows().map(r => cellTexts(r)[1])).toEqual([
        'lakehouse.gold.fct_orders',
      ]),
    );
  });

  it('narrows the table to a layer and keeps the per-layer counts', async () => {
    const user = userEvent.setup();
    renderPage(catalogApiMock({ entities: allEntities }));

    await screen.findByText('All datasets (7)');
    await user.selectOptions(screen.getByLabelText('Layer'), 'gold');

    await waitFor(() =>
      expect(datasetRows().map(r => cellTexts(r)[1])).toEqual([
        'lakehouse.gold.customer_features',
        'lakehouse.gold.fct_orders',
      ]),
    );
    expect(screen.getByText('Matching datasets (2 of 7)')).toBeInTheDocument();
    expect(layerCounts()).toEqual([
      ['raw', 2],
      ['bronze', 1],
      ['silver', 1],
      ['gold', 2],
    ]);
  });

  it('offers the datasets outside the medallion as an unknown layer', async () => {
    const user = userEvent.setup();
    renderPage(catalogApiMock({ entities: allEntities }));

    await screen.findByText('All datasets (7)');
    await user.selectOptions(screen.getByLabelText('Layer'), 'unknown');

    await waitFor(() =>
      expect(datasetRows().map(r => cellTexts(r)[1])).toEqual([
        'lakehouse.scratch.adhoc_export',
      ]),
    );
  });

  it('narrows the table to an owner', async () => {
    const user = userEvent.setup();
    renderPage(catalogApiMock({ entities: allEntities }));

    await screen.findByText('All datasets (7)');
    const owner = screen.getByLabelText('Owner');
    expect(
      within(owner)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual([
      'All owners',
      'analytics-engineering',
      'data-platform',
      'ml-engineering',
    ]);
    await user.selectOptions(owner, 'analytics-engineering');

    await waitFor(() =>
      expect(datasetRows().map(r => cellTexts(r)[1])).toEqual([
        'lakehouse.silver.dim_customers',
        'lakehouse.gold.fct_orders',
      ]),
    );
  });

  it('narrows the table to a source system, combined with the other filters', async () => {
    const user = userEvent.setup();
    renderPage(catalogApiMock({ entities: allEntities }));

    await screen.findByText('All datasets (7)');
    const source = screen.getByLabelText('Source system');
    expect(
      within(source)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All source systems', 'dbt', 'iceberg', 'trino']);

    await user.selectOptions(source, 'iceberg');
    await waitFor(() =>
      expect(datasetRows().map(r => cellTexts(r)[1])).toEqual([
        'lakehouse.silver.dim_customers',
        'lakehouse.gold.fct_orders',
      ]),
    );

    await user.selectOptions(screen.getByLabelText('Layer'), 'gold');
    await waitFor(() =>
      expect(datasetRows().map(r => cellTexts(r)[1])).toEqual([
        'lakehouse.gold.fct_orders',
      ]),
    );
  });

  it('says when nothing matches and lets the user clear the filters', async () => {
    const user = userEvent.setup();
    renderPage(catalogApiMock({ entities: allEntities }));

    await screen.findByText('All datasets (7)');
    await user.type(
      screen.getByRole('searchbox', { name: 'Search datasets' }),
      'no such dataset',
    );
    expect(
      await screen.findByText(/No datasets match the search and filters/),
    ).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    expect(await screen.findByText('All datasets (7)')).toBeInTheDocument();
    expect(datasetRows()).toHaveLength(7);
    expect(
      screen.getByRole('searchbox', { name: 'Search datasets' }),
    ).toHaveValue('');
  });

  it("shows a failing source's error next to the datasets", async () => {
    renderPage(catalogApiMock({ entities: allEntities }), async () => [
      dbtSource,
      failingIcebergSource,
    ]);

    const failing = await screen.findByRole('listitem', {
      name: 'iceberg:polaris',
    });
    expect(failing).toHaveTextContent('failing');
    expect(failing).toHaveTextContent(
      'GET https://polaris.example.com/api/catalog/v1/config answered 401 Unauthorized',
    );
    expect(
      screen.getByRole('listitem', { name: 'dbt:commerce' }),
    ).toHaveTextContent('3 datasets · last success 2 hours ago');
    expect(await screen.findByText('All datasets (7)')).toBeInTheDocument();
    expect(datasetRows()).toHaveLength(7);
  });

  it('still lists the datasets when the state of the sources cannot be read', async () => {
    renderPage(catalogApiMock({ entities: allEntities }), async () => {
      throw new Error('Request failed with 500 Internal Server Error');
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not read the state of the dataset sources',
    );
    expect(screen.getByText('All datasets (7)')).toBeInTheDocument();
    expect(datasetRows()).toHaveLength(7);
    expect(layerCounts()).toHaveLength(4);
  });

  it('still shows the sources when the catalog cannot be read', async () => {
    const catalogApi = catalogApiMock.mock({
      getEntities: jest.fn(async () => {
        throw new Error('Catalog backend is unavailable');
      }),
    });
    renderPage(catalogApi, async () => [failingIcebergSource]);

    expect(
      await screen.findByRole('listitem', { name: 'iceberg:polaris' }),
    ).toHaveTextContent('answered 401 Unauthorized');
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Catalog backend is unavailable',
    );
  });

  it('tells the user to configure a provider when there are no sources', async () => {
    renderPage(catalogApiMock({ entities: [featureView] }), async () => []);

    const hint = await screen.findByText(/No dataset sources are configured/);
    expect(hint).toHaveTextContent('catalog.providers.dbt');
    expect(hint).toHaveTextContent('catalog.providers.iceberg');
    expect(hint).toHaveTextContent('catalog.providers.trino');
  });
});
