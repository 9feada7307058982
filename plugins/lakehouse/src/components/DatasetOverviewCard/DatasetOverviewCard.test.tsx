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
});
