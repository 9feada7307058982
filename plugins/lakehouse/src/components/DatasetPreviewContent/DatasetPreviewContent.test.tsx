import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { DatasetPreview } from '@internal/plugin-lakehouse-common';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import { LakehouseApi, lakehouseApiRef } from '../../api';
import { accessRequestsRouteRef, sqlConsoleRouteRef } from '../../routes';
import { DatasetPreviewContent } from './DatasetPreviewContent';

const ALLOW = 'ALLOW' as AuthorizeResult.ALLOW;
const DENY = 'DENY' as AuthorizeResult.DENY;

// Permission decisions are cached by entity ref: every test that decides
// differently uses a dataset of its own.
function dataset(name: string, table = name): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'lakehouse.dev/table': table },
    },
    spec: { type: 'dataset', owner: 'analytics-engineering' },
  };
}

const preview: DatasetPreview = {
  engine: 'trino',
  table: 'lakehouse.gold.fct_orders',
  columns: [
    { name: 'order_id', type: 'bigint' },
    { name: 'amount', type: 'decimal(12,2)' },
    { name: 'coupon', type: 'varchar' },
  ],
  rows: [
    [1001, '25.00', null],
    [1002, '113.90', 'WELCOME10'],
  ],
  truncated: true,
};

function renderPreview(
  entity: Entity,
  getDatasetPreview: LakehouseApi['getDatasetPreview'],
  authorize: (request: { permission: { name: string } }) => AuthorizeResult,
  listAccessRequests: LakehouseApi['listAccessRequests'] = async () => [],
) {
  const permissionApi = mockApis.permission({
    authorize: request => (authorize(request) === ALLOW ? ALLOW : DENY),
  });
  const authorizeSpy = jest.spyOn(permissionApi, 'authorize');
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DatasetPreviewContent />
    </EntityProvider>,
    {
      apis: [
        [lakehouseApiRef, { getDatasetPreview, listAccessRequests }],
        permissionApi,
        mockApis.identity({ userEntityRef: 'user:default/dana' }),
      ],
      mountedRoutes: {
        '/lakehouse/sql': sqlConsoleRouteRef,
        '/lakehouse/access-requests': accessRequestsRouteRef,
      },
    },
  );
  return { authorizeSpy };
}

function previewRows() {
  const table = screen.getByRole('table', {
    name: 'First rows of lakehouse.gold.fct_orders',
  });
  const [, ...rows] = within(table).getAllByRole('row');
  return rows.map(row =>
    within(row)
      .getAllByRole('cell')
      .map(cell => cell.textContent),
  );
}

describe('DatasetPreviewContent', () => {
  it('shows the first rows of the dataset with their column types', async () => {
    const getDatasetPreview = jest.fn(async () => preview);
    const { authorizeSpy } = renderPreview(
      dataset('lakehouse.gold.fct_orders'),
      getDatasetPreview,
      () => ALLOW,
    );

    expect(
      await screen.findByText(
        'First 2 rows of lakehouse.gold.fct_orders (trino)',
      ),
    ).toBeInTheDocument();
    expect(previewRows()).toEqual([
      ['1001', '25.00', 'NULL'],
      ['1002', '113.90', 'WELCOME10'],
    ]);
    expect(screen.getAllByRole('columnheader').map(h => h.textContent)).toEqual(
      ['order_id bigint', 'amount decimal(12,2)', 'coupon varchar'],
    );
    expect(screen.getByText(/The dataset has more rows/)).toBeInTheDocument();
    expect(getDatasetPreview).toHaveBeenCalledWith(
      { namespace: 'default', name: 'lakehouse.gold.fct_orders' },
      { limit: 50 },
    );
    expect(authorizeSpy).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'lakehouse.dataset.read-data',
        }),
        resourceRef: 'resource:default/lakehouse.gold.fct_orders',
      }),
    );
  });

  it('opens the dataset in the SQL console with a SELECT prefilled', async () => {
    renderPreview(
      dataset('lakehouse.gold.fct_orders'),
      async () => preview,
      () => ALLOW,
    );

    const link = await screen.findByRole('button', {
      name: 'Open in SQL console',
    });
    const href = new URL(link.getAttribute('href')!, 'http://localhost');
    expect(href.pathname).toBe('/lakehouse/sql');
    expect(href.searchParams.get('sql')).toBe(
      'SELECT * FROM lakehouse.gold.fct_orders LIMIT 100',
    );
  });

  it('tells a user without lakehouse.dataset.read-data that the data is not theirs to read', async () => {
    const getDatasetPreview = jest.fn(async () => preview);
    renderPreview(
      dataset('lakehouse.raw.customers'),
      getDatasetPreview,
      request =>
        request.permission.name === 'lakehouse.dataset.read-data'
          ? DENY
          : ALLOW,
    );

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'You are not allowed to read the data of this dataset',
    );
    expect(alert).toHaveTextContent('lakehouse.dataset.read-data');
    expect(alert).toHaveTextContent('resource:default/lakehouse.raw.customers');
    expect(getDatasetPreview).not.toHaveBeenCalled();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
    // Where the user meets the refusal, they can ask for access.
    expect(
      await within(alert).findByRole('button', { name: 'Request access' }),
    ).toBeInTheDocument();
  });

  it('shows the pending access request instead of asking again', async () => {
    renderPreview(
      dataset('lakehouse.raw.orders'),
      async () => preview,
      request =>
        request.permission.name === 'lakehouse.dataset.read-data'
          ? DENY
          : ALLOW,
      async () => [
        {
          id: 'ar-7',
          entityRef: 'resource:default/lakehouse.raw.orders',
          table: 'lakehouse.raw.orders',
          privilege: 'read',
          reason: 'Reconciliation',
          durationDays: 7,
          state: 'pending',
          requestedBy: 'user:default/dana',
          createdAt: new Date().toISOString(),
        },
      ],
    );

    const alert = await screen.findByRole('alert');
    const status = await within(alert).findByRole('status', {
      name: 'Your access request',
    });
    expect(status).toHaveTextContent('You asked for read access for 7 days');
    expect(
      within(alert).queryByRole('button', { name: 'Request access' }),
    ).not.toBeInTheDocument();
  });

  it('tells the user when the backend refuses the preview with 403', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'NotAllowedError',
            message:
              'You are not allowed to read the data of lakehouse.silver.dim_customers (lakehouse.dataset.read-data)',
          },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    renderPreview(
      dataset('lakehouse.silver.dim_customers'),
      async () => {
        throw forbidden;
      },
      () => ALLOW,
    );

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'You are not allowed to read the data of this dataset',
    );
    expect(alert).toHaveTextContent(
      'The lakehouse backend said: You are not allowed to read the data of lakehouse.silver.dim_customers (lakehouse.dataset.read-data)',
    );
    expect(
      await within(alert).findByRole('button', { name: 'Request access' }),
    ).toBeInTheDocument();
  });

  it('shows other errors as errors', async () => {
    renderPreview(
      dataset('lakehouse.gold.fct_orders'),
      async () => {
        throw new Error('Trino is not reachable');
      },
      () => ALLOW,
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Trino is not reachable',
    );
    expect(
      screen.queryByText(
        'You are not allowed to read the data of this dataset',
      ),
    ).not.toBeInTheDocument();
  });

  it('shows a progress bar while the rows load', async () => {
    renderPreview(
      dataset('lakehouse.gold.fct_orders'),
      () => new Promise<never>(() => {}),
      () => ALLOW,
    );

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says when the dataset has no rows', async () => {
    renderPreview(
      dataset('lakehouse.gold.fct_orders'),
      async () => ({ ...preview, rows: [], truncated: false }),
      () => ALLOW,
    );

    expect(
      await screen.findByText('lakehouse.gold.fct_orders has no rows (trino)'),
    ).toBeInTheDocument();
    expect(screen.getByText('No rows.')).toBeInTheDocument();
  });
});
