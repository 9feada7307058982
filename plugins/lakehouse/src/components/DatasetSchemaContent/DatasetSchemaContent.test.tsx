import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import {
  DatasetClassifications,
  DatasetColumn,
} from '@internal/plugin-lakehouse-common';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LakehouseApi, lakehouseApiRef } from '../../api';
import { DatasetSchemaContent } from './DatasetSchemaContent';

const ALLOW = 'ALLOW' as AuthorizeResult.ALLOW;
const DENY = 'DENY' as AuthorizeResult.DENY;

// A type alias (unlike the DatasetColumn interface) fits the JSON entity spec.
type ColumnFixture = Pick<DatasetColumn, keyof DatasetColumn>;

function datasetWith(
  columns: ColumnFixture[] | undefined,
  name = 'lakehouse.bronze.stg_customers',
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
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

const STG_CUSTOMERS = 'resource:default/lakehouse.bronze.stg_customers';

/** What the governance API says of stg_customers: email is declared pii. */
const declaredOnly: DatasetClassifications = {
  entityRef: STG_CUSTOMERS,
  classifications: [
    { column: 'email', classification: 'pii', origin: 'declared' },
  ],
  declassified: [],
  flowsTo: [],
};

/** dim_customers is owned by someone else: the user may not declassify it. */
const NOT_OWNED = 'lakehouse.silver.dim_customers';

async function renderSchema(
  entity: Entity,
  api: Partial<LakehouseApi> = { getClassifications: async () => declaredOnly },
) {
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DatasetSchemaContent />
    </EntityProvider>,
    {
      apis: [
        [lakehouseApiRef, api],
        mockApis.permission({
          authorize: r =>
            'resourceRef' in r &&
            r.resourceRef === `resource:default/${NOT_OWNED}`
              ? DENY
              : ALLOW,
        }),
      ],
    },
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

const MART_CUSTOMERS = 'resource:default/lakehouse.gold.mart_customers';

const martCustomers = datasetWith(
  [
    { name: 'customer_id', type: 'bigint' },
    { name: 'email_domain', type: 'varchar' },
  ],
  'lakehouse.gold.mart_customers',
);

/** email_domain derives from raw.customers.email: inherited, unless declassified. */
function martClassifications(declassified = false): DatasetClassifications {
  return {
    entityRef: MART_CUSTOMERS,
    classifications: declassified
      ? []
      : [
          {
            column: 'email_domain',
            classification: 'pii',
            origin: 'inherited',
            from: [
              {
                entityRef: 'resource:default/lakehouse.raw.customers',
                column: 'email',
              },
            ],
          },
        ],
    declassified: declassified
      ? [
          {
            entityRef: MART_CUSTOMERS,
            column: 'email_domain',
            reason: 'Only the domain, no address',
            by: 'user:default/ben',
            at: '2025-09-01T10:00:00Z',
          },
        ]
      : [],
    flowsTo: [],
  };
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

  it('shows inherited classifications with the column they come from', async () => {
    await renderSchema(martCustomers, {
      getClassifications: async () => martClassifications(),
    });

    await waitFor(() =>
      expect(columnRow('email_domain').Classification).toHaveTextContent(
        'pii · inherited from lakehouse.raw.customers.email',
      ),
    );
    expect(columnRow('customer_id').Classification).toHaveTextContent(/^$/);
  });

  it('lets an owner declassify an inherited column with a reason', async () => {
    let declassified = false;
    const declassify = jest.fn(async () => {
      declassified = true;
      return {
        entityRef: MART_CUSTOMERS,
        column: 'email_domain',
        reason: 'Only the domain, no address',
        by: 'user:default/ben',
        at: '2025-09-01T10:00:00Z',
      };
    });
    const getClassifications = jest.fn(async () =>
      martClassifications(declassified),
    );
    await renderSchema(martCustomers, { getClassifications, declassify });

    const row = columnRow('email_domain');
    await userEvent.click(
      await within(row.Classification).findByRole('button', {
        name: 'Declassify',
      }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Declassify email_domain',
    });
    expect(dialog).toHaveTextContent(
      'pii · inherited from lakehouse.raw.customers.email',
    );
    const submit = within(dialog).getByRole('button', {
      name: 'Mark declassified',
    });
    expect(submit).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Only the domain, no address',
    );
    await userEvent.click(submit);

    expect(declassify).toHaveBeenCalledWith({
      entityRef: MART_CUSTOMERS,
      column: 'email_domain',
      reason: 'Only the domain, no address',
    });
    await waitFor(() =>
      expect(columnRow('email_domain').Classification).toHaveTextContent(
        'declassifiedOnly the domain, no address',
      ),
    );
    expect(getClassifications).toHaveBeenCalledTimes(2);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(
      within(columnRow('email_domain').Classification).queryByRole('button', {
        name: 'Declassify',
      }),
    ).not.toBeInTheDocument();
  });

  it('lets an owner take a declassification back', async () => {
    const removeDeclassification = jest.fn(async () => {});
    await renderSchema(martCustomers, {
      getClassifications: async () => martClassifications(true),
      removeDeclassification,
    });

    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Classify email_domain again',
      }),
    );

    expect(removeDeclassification).toHaveBeenCalledWith(
      MART_CUSTOMERS,
      'email_domain',
    );
  });

  it('offers no Declassify to a user who does not own the dataset', async () => {
    const notOwned = datasetWith(
      [{ name: 'email_domain', type: 'varchar' }],
      NOT_OWNED,
    );
    await renderSchema(notOwned, {
      getClassifications: async () => ({
        ...martClassifications(),
        entityRef: `resource:default/${NOT_OWNED}`,
      }),
    });

    await waitFor(() =>
      expect(columnRow('email_domain').Classification).toHaveTextContent(
        'pii · inherited from lakehouse.raw.customers.email',
      ),
    );
    expect(
      screen.queryByRole('button', { name: 'Declassify' }),
    ).not.toBeInTheDocument();
  });

  it('says when the dataset as a whole is classified', async () => {
    await renderSchema(stgCustomers, {
      getClassifications: async () => ({
        ...declaredOnly,
        classifications: [
          ...declaredOnly.classifications,
          { classification: 'confidential', origin: 'declared' },
        ],
      }),
    });

    expect(
      await screen.findByText(/The dataset as a whole is classified/),
    ).toHaveTextContent('The dataset as a whole is classified: confidential');
  });

  it('keeps showing the tags when the classifications cannot be loaded', async () => {
    await renderSchema(stgCustomers, {
      getClassifications: async () => {
        throw new Error('The lakehouse backend is not reachable');
      },
    });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Inherited classifications could not be loaded; only the tags of the columns are shown. The lakehouse backend is not reachable',
    );
    expect(columnRow('email').Classification).toHaveTextContent(/^pii$/);
  });
});
