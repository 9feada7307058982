import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { DatasetColumn } from '@internal/plugin-lakehouse-common';
import { screen, within } from '@testing-library/react';
import { DatasetSchemaContent } from './DatasetSchemaContent';

// A type alias (unlike the DatasetColumn interface) fits the JSON entity spec.
type ColumnFixture = Pick<DatasetColumn, keyof DatasetColumn>;

function datasetWith(columns: ColumnFixture[] | undefined): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'lakehouse.bronze.stg_customers',
      annotations: {
        'lakehouse.dev/table': 'lakehouse.bronze.stg_customers',
        'lakehouse.dev/layer': 'bronze',
      },
    },
    spec: { type: 'dataset', owner: 'data-platform', columns },
  };
}

/** Modelled on lakehouse.bronze.stg_customers in examples/catalog/datasets.yaml. */
const stgCustomers = datasetWith([
  {
    name: 'customer_id',
    type: 'bigint',
    nullable: false,
    description: 'Primary key of the customer account.',
    tests: ['unique', 'not_null'],
  },
  {
    name: 'email',
    type: 'varchar',
    nullable: true,
    description: 'Lower-case e-mail address.',
    tags: ['pii'],
  },
  {
    name: 'signup_date',
    description: 'Day the account was created.',
  },
]);

async function renderSchema(entity: Entity) {
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DatasetSchemaContent />
    </EntityProvider>,
  );
  await screen.findByText('Schema');
}

/** The cells of the row of a column, keyed by the table's headers. */
function columnRow(name: string) {
  const table = screen.getByRole('table');
  const headers = within(table)
    .getAllByRole('columnheader')
    .map(h => h.textContent);
  const row = within(table).getByRole('row', {
    name: new RegExp(`^${name}\\b`),
  });
  const cells = within(row).getAllByRole('cell');
  return Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
}

describe('DatasetSchemaContent', () => {
  it('lists every column with its type, nullability and description', async () => {
    await renderSchema(stgCustomers);

    const [, ...rows] = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(3);

    const id = columnRow('customer_id');
    expect(id.Column).toHaveTextContent(/^customer_id$/);
    expect(id.Type).toHaveTextContent(/^bigint$/);
    expect(id.Nullable).toHaveTextContent(/^no$/);
    expect(id.Description).toHaveTextContent(
      /^Primary key of the customer account\.$/,
    );

    const email = columnRow('email');
    expect(email.Type).toHaveTextContent(/^varchar$/);
    expect(email.Nullable).toHaveTextContent(/^yes$/);
  });

  it('shows a dash where the type or nullability is not known', async () => {
    await renderSchema(stgCustomers);

    const signup = columnRow('signup_date');
    expect(signup.Type).toHaveTextContent(/^—$/);
    expect(signup.Nullable).toHaveTextContent(/^—$/);
  });

  it('tags personal data columns as pii and nothing else', async () => {
    await renderSchema(stgCustomers);

    expect(columnRow('email').Classification).toHaveTextContent(/^pii$/);
    expect(columnRow('customer_id').Classification).toHaveTextContent(/^$/);
    expect(columnRow('signup_date').Classification).toHaveTextContent(/^$/);
  });

  it('shows the data tests of each column', async () => {
    await renderSchema(stgCustomers);

    const tests = columnRow('customer_id').Tests;
    expect(within(tests).getByText('unique')).toBeInTheDocument();
    expect(within(tests).getByText('not_null')).toBeInTheDocument();
    expect(columnRow('email').Tests).toHaveTextContent(/^$/);
  });

  it('does not offer a search for a narrow dataset', async () => {
    await renderSchema(stgCustomers);
    expect(screen.queryByPlaceholderText('Filter')).not.toBeInTheDocument();
  });

  it('lets the user search the columns of a dataset with more than ten', async () => {
    const wide = datasetWith(
      Array.from({ length: 11 }, (_, i) => ({ name: `col_${i}` })),
    );
    await renderSchema(wide);

    expect(screen.getByPlaceholderText('Filter')).toBeInTheDocument();
    const [, ...rows] = within(screen.getByRole('table')).getAllByRole('row');
    expect(rows).toHaveLength(11);
  });

  it('explains where columns come from when none are known', async () => {
    await renderSchema(datasetWith(undefined));

    expect(
      screen.getByText(/No columns are known for this dataset yet/),
    ).toHaveTextContent(/dbt manifest or the Iceberg catalog/);
  });

  it('lists the dbt tests on the dataset as a whole below the columns', async () => {
    await renderSchema({
      ...stgCustomers,
      spec: {
        ...stgCustomers.spec,
        dbt: {
          uniqueId: 'model.commerce.stg_customers',
          resourceType: 'model',
          tests: [
            {
              name: 'dbt_utils.unique_combination_of_columns',
              uniqueId:
                'test.commerce.dbt_utils_unique_combination_of_columns_stg_customers',
            },
            {
              name: 'expression_is_true',
              column: 'signup_date',
              uniqueId: 'test.commerce.expression_is_true_stg_customers',
            },
          ],
        },
      },
    });

    const list = screen.getByRole('list', { name: 'Dataset tests' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(
      'dbt_utils.unique_combination_of_columns',
    );
    expect(items[0]).toHaveTextContent(
      'test.commerce.dbt_utils_unique_combination_of_columns_stg_customers',
    );
    expect(items[1]).toHaveTextContent('expression_is_true');
    expect(items[1]).toHaveTextContent('on column signup_date');
    // Below the schema table.
    expect(
      screen.getByRole('table').compareDocumentPosition(list) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
  });

  it('says so when dbt runs no test on the dataset as a whole', async () => {
    await renderSchema({
      ...stgCustomers,
      spec: {
        ...stgCustomers.spec,
        dbt: {
          uniqueId: 'model.commerce.stg_customers',
          resourceType: 'model',
        },
      },
    });

    expect(
      screen.getByText('dbt runs no tests on this dataset as a whole.'),
    ).toBeInTheDocument();
  });

  it('shows no dataset tests section for a dataset dbt does not know', async () => {
    await renderSchema(stgCustomers);

    expect(screen.queryByText('Dataset tests')).not.toBeInTheDocument();
  });
});
