import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { DatasetOverviewCard } from './DatasetOverviewCard';

/** Modelled on lakehouse.bronze.stg_customers in examples/catalog/datasets.yaml. */
const stgCustomers: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'lakehouse.bronze.stg_customers',
    title: 'stg_customers',
    annotations: {
      'lakehouse.dev/table': 'lakehouse.bronze.stg_customers',
      'lakehouse.dev/layer': 'bronze',
      'lakehouse.dev/dbt-unique-id': 'model.commerce.stg_customers',
      'lakehouse.dev/source-systems': 'dbt, trino',
    },
  },
  spec: {
    type: 'dataset',
    owner: 'data-platform',
    system: 'commerce-lakehouse',
    columns: [
      { name: 'customer_id', type: 'bigint', tests: ['unique', 'not_null'] },
      { name: 'first_name', type: 'varchar', tags: ['pii'] },
      { name: 'last_name', type: 'varchar', tags: ['pii'] },
      { name: 'email', type: 'varchar', tags: ['pii'] },
      { name: 'country_code', type: 'varchar' },
      { name: 'signup_date', type: 'date' },
    ],
  },
};

/** Modelled on lakehouse.silver.dim_date: no personal data. */
const dimDate: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'lakehouse.silver.dim_date',
    annotations: {
      'lakehouse.dev/table': 'lakehouse.silver.dim_date',
      'lakehouse.dev/layer': 'silver',
      'lakehouse.dev/source-systems': 'yaml',
    },
  },
  spec: {
    type: 'dataset',
    owner: 'analytics-engineering',
    columns: [
      { name: 'date_key', type: 'integer' },
      { name: 'date_day', type: 'date' },
    ],
  },
};

const HOUR = 3600 * 1000;

/** An Iceberg table read by the dbt and Iceberg providers, updated three hours ago. */
function fctOrders(lastUpdated: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'lakehouse.gold.fct_orders',
      annotations: {
        'lakehouse.dev/table': 'lakehouse.gold.fct_orders',
        'lakehouse.dev/layer': 'gold',
        'lakehouse.dev/source-systems': 'dbt,iceberg',
      },
    },
    spec: {
      type: 'dataset',
      owner: 'analytics-engineering',
      format: 'iceberg',
      location: 's3://warehouse/gold/fct_orders',
      partitioning: [
        {
          name: 'order_date_day',
          transform: 'day',
          sourceColumn: 'order_date',
        },
      ],
      stats: {
        rows: 12345,
        sizeBytes: 1_234_567_890,
        files: 42,
        lastUpdated,
      },
      dbt: {
        uniqueId: 'model.commerce.fct_orders',
        resourceType: 'model',
        freshnessRule: 'warn after 12 hour, error after 24 hour',
      },
      columns: [{ name: 'order_id', type: 'bigint' }],
    },
  };
}

async function renderCard(entity: Entity) {
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DatasetOverviewCard />
    </EntityProvider>,
  );
  await screen.findByText('Dataset');
}

function findFact(label: string) {
  return screen.queryByRole('row', { name: new RegExp(`^${label}\\b`) });
}

/** The value next to a label of the card. */
function fact(label: string) {
  const row = findFact(label);
  if (!row) {
    throw new Error(`No "${label}" on the card`);
  }
  return within(row).getAllByRole('cell')[1];
}

describe('DatasetOverviewCard', () => {
  it('shows the table, layer, owner, size and origin of a dataset', async () => {
    await renderCard(stgCustomers);

    expect(fact('Table')).toHaveTextContent(
      /^lakehouse\.bronze\.stg_customers$/,
    );
    expect(fact('Layer')).toHaveTextContent(/^bronze$/);
    expect(fact('Owner')).toHaveTextContent(/^data-platform$/);
    expect(fact('Columns')).toHaveTextContent(/^6$/);
    expect(fact('Source Systems')).toHaveTextContent(/^dbt, trino$/);
    expect(fact('Dbt Node')).toHaveTextContent(
      /^model\.commerce\.stg_customers$/,
    );
  });

  it('flags a dataset with pii columns and names those columns', async () => {
    await renderCard(stgCustomers);

    expect(fact('Classification')).toHaveTextContent(/^pii$/);
    expect(fact('Personal Data In')).toHaveTextContent(
      /^first_name, last_name, email$/,
    );
  });

  it('prefers the classification annotation over the column tags', async () => {
    await renderCard({
      ...stgCustomers,
      metadata: {
        ...stgCustomers.metadata,
        annotations: {
          ...stgCustomers.metadata.annotations,
          'lakehouse.dev/classification': 'restricted',
        },
      },
    });

    expect(fact('Classification')).toHaveTextContent(/^restricted$/);
    expect(fact('Personal Data In')).toHaveTextContent(
      /^first_name, last_name, email$/,
    );
  });

  it('marks a dataset without personal data as unclassified', async () => {
    await renderCard(dimDate);

    expect(fact('Classification')).toHaveTextContent(/^none$/);
    expect(findFact('Personal Data In')).not.toBeInTheDocument();
    expect(findFact('Dbt Node')).not.toBeInTheDocument();
    expect(fact('Columns')).toHaveTextContent(/^2$/);
  });

  it('says what is unknown about a dataset that is barely described', async () => {
    await renderCard({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'mystery',
        annotations: { 'lakehouse.dev/layer': 'platinum' },
      },
      spec: { type: 'dataset' },
    });

    expect(fact('Table')).toHaveTextContent(/^not annotated$/);
    expect(fact('Layer')).toHaveTextContent(/^unknown$/);
    expect(fact('Owner')).toHaveTextContent(/^unknown$/);
    expect(fact('Columns')).toHaveTextContent(/^0$/);
    expect(fact('Source Systems')).toHaveTextContent(/^unknown$/);
  });

  it('shows how big and how fresh a dataset is, and how it is stored', async () => {
    const lastUpdated = new Date(Date.now() - 3 * HOUR).toISOString();
    await renderCard(fctOrders(lastUpdated));

    expect(fact('Rows')).toHaveTextContent(/^12,345$/);
    expect(fact('Size')).toHaveTextContent(/^1\.2 GB$/);
    expect(fact('Files')).toHaveTextContent(/^42$/);
    expect(fact('Partitioning')).toHaveTextContent(/^day\(order_date\)$/);
    expect(fact('Format')).toHaveTextContent(/^iceberg$/);
    expect(fact('Location')).toHaveTextContent(
      /^s3:\/\/warehouse\/gold\/fct_orders$/,
    );
    expect(fact('Source Systems')).toHaveTextContent(/^dbt, iceberg$/);
    expect(fact('Freshness Rule')).toHaveTextContent(
      /^warn after 12 hour, error after 24 hour$/,
    );
  });

  it('shows when the data last changed, with the exact time on hover', async () => {
    await renderCard(fctOrders('2020-01-15T06:30:00Z'));

    const when = within(fact('Last Updated')).getByText(/ago$/);
    expect(when).toHaveTextContent(/^\d+ years ago$/);
    expect(when).toHaveAttribute('title', '2020-01-15 06:30:00 UTC');
  });

  it('says how long ago in hours for a recent update', async () => {
    const lastUpdated = new Date(Date.now() - 3 * HOUR).toISOString();
    await renderCard(fctOrders(lastUpdated));

    expect(fact('Last Updated')).toHaveTextContent(/^3 hours ago$/);
  });

  it('takes the figures of the current snapshot when there are no stats', async () => {
    await renderCard({
      ...dimDate,
      spec: {
        ...dimDate.spec,
        currentSnapshot: {
          snapshotId: '3055729675574597004',
          timestamp: '2020-01-15T06:30:00Z',
          totalRecords: 3650,
          totalFilesSize: 48_000,
          totalDataFiles: 2,
        },
      },
    });

    expect(fact('Rows')).toHaveTextContent(/^3,650$/);
    expect(fact('Size')).toHaveTextContent(/^48 kB$/);
    expect(fact('Files')).toHaveTextContent(/^2$/);
    expect(
      within(fact('Last Updated')).getByTitle('2020-01-15 06:30:00 UTC'),
    ).toBeInTheDocument();
  });

  it('says unknown or leaves out what providers did not report', async () => {
    await renderCard(dimDate);

    expect(fact('Rows')).toHaveTextContent(/^unknown$/);
    expect(fact('Size')).toHaveTextContent(/^unknown$/);
    expect(fact('Last Updated')).toHaveTextContent(/^unknown$/);
    for (const label of [
      'Files',
      'Format',
      'Location',
      'Partitioning',
      'Freshness Rule',
    ]) {
      expect(findFact(label)).not.toBeInTheDocument();
    }
  });

  it('never shows NaN or undefined for figures it cannot read', async () => {
    await renderCard({
      ...dimDate,
      spec: {
        ...dimDate.spec,
        partitioning: [{ name: 'broken' }],
        stats: {
          rows: 'lots',
          sizeBytes: -5,
          files: null,
          lastUpdated: 'soon',
        },
      },
    });

    expect(fact('Rows')).toHaveTextContent(/^unknown$/);
    expect(fact('Size')).toHaveTextContent(/^unknown$/);
    expect(fact('Last Updated')).toHaveTextContent(/^unknown$/);
    expect(findFact('Files')).not.toBeInTheDocument();
    expect(findFact('Partitioning')).not.toBeInTheDocument();
    const card = screen.getByRole('table');
    expect(card).not.toHaveTextContent(/NaN|undefined|null/);
  });

  it('calls an empty partition spec unpartitioned', async () => {
    await renderCard({
      ...dimDate,
      spec: { ...dimDate.spec, partitioning: [] },
    });

    expect(fact('Partitioning')).toHaveTextContent(/^unpartitioned$/);
  });
});
