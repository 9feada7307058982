import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import { LakehouseApi, lakehouseApiRef } from '../../api';
import { GovernancePage } from './GovernancePage';
import { cleanReport, demoReport } from './fixtures';

function renderPage(getGovernanceReport: LakehouseApi['getGovernanceReport']) {
  renderInTestApp(<GovernancePage />, {
    apis: [
      [lakehouseApiRef, { getGovernanceReport }],
      mockApis.permission({ authorize: 'ALLOW' as AuthorizeResult.ALLOW }),
    ],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

/** The rows of a section's table, each as its cells' text keyed by header. */
function rowsOf(section: string) {
  const table = screen.getByRole('table', { name: section });
  const headers = within(table)
    .getAllByRole('columnheader')
    .map(h => h.textContent!);
  const [, ...rows] = within(table).getAllByRole('row');
  return rows.map(row => {
    const cells = within(row).getAllByRole('cell');
    return Object.fromEntries(headers.map((h, i) => [h, cells[i]]));
  });
}

describe('GovernancePage', () => {
  it('sums up ownership, classified and stale datasets', async () => {
    renderPage(async () => demoReport);

    await screen.findByRole('table', { name: 'Ownership' });
    expect(screen.getByText('22 of 24')).toBeInTheDocument();
    expect(screen.getByText('3 of 17')).toBeInTheDocument();
    expect(screen.getByText(/^Computed/, { selector: 'p' })).toHaveTextContent(
      'Computed 5 minutes ago',
    );
  });

  it('lists entities without a working owner, each with a link and the fix', async () => {
    renderPage(async () => demoReport);

    await screen.findByRole('table', { name: 'Ownership' });
    const [payments, predictor] = rowsOf('Ownership');
    expect(
      within(payments.Entity).getByRole('link', { name: 'raw.payments' }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/lakehouse.raw.payments',
    );
    expect(payments.Type).toHaveTextContent('dataset');
    expect(payments.Owner).toHaveTextContent('—');
    expect(payments.Problem).toHaveTextContent('It has no owner.');
    expect(payments.Fix).toHaveTextContent(
      'Set spec.owner to the group that answers for the data.',
    );
    expect(within(predictor.Owner).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/group/ml-serving',
    );
    expect(predictor.Fix).toHaveTextContent(/^Add members to group ml-serving/);
  });

  it('lists classified datasets with declared and inherited columns, where they come from and go', async () => {
    renderPage(async () => demoReport);

    await screen.findByRole('table', { name: 'Classified data' });
    const [customers, dim] = rowsOf('Classified data');

    expect(customers.Classifications).toHaveTextContent('email pii declared');
    expect(
      within(customers['Flows to']).getByRole('link', {
        name: 'lakehouse.bronze.stg_customers.email',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/lakehouse.bronze.stg_customers',
    );
    expect(customers.Fix).toHaveTextContent('Nothing to fix');

    expect(dim.Classifications).toHaveTextContent(
      'email pii inherited from lakehouse.bronze.stg_customers.email',
    );
    expect(
      within(dim.Classifications).getByRole('link', {
        name: 'lakehouse.bronze.stg_customers.email',
      }),
    ).toBeInTheDocument();
    expect(dim.Declassified).toHaveTextContent(
      'email_hash: SHA-256 of the address; not reversible.',
    );
    expect(dim['Flows to']).toHaveTextContent('nowhere downstream');
    expect(dim.Fix).toHaveTextContent(
      /declassify it with a reason on the Schema tab/,
    );
  });

  it('lists stale datasets with their last update and SLA', async () => {
    renderPage(async () => demoReport);

    await screen.findByRole('table', { name: 'Stale datasets' });
    const [orders] = rowsOf('Stale datasets');
    expect(
      within(orders.Dataset).getByRole('link', { name: 'raw.orders' }),
    ).toBeInTheDocument();
    expect(orders['Last updated']).toHaveTextContent('3 days ago');
    expect(orders.SLA).toHaveTextContent('24h');
    expect(orders.Fix).toHaveTextContent(
      'Check the ingestion job that loads raw.orders.',
    );
  });

  it('scores each owner group and says what it has to do', async () => {
    renderPage(async () => demoReport);

    await screen.findByRole('table', { name: 'Scorecards by group' });
    const [platform, ml] = rowsOf('Scorecards by group');
    expect(platform.Documented).toHaveTextContent('75%');
    expect(platform['To do']).toHaveTextContent(
      'Describe 2 entities, refresh 1 stale dataset and decide 1 access request.',
    );
    expect(ml['To do']).toHaveTextContent('Nothing to do.');
  });

  it('says what is fine when there is nothing to fix', async () => {
    renderPage(async () => cleanReport);

    expect(
      await screen.findByText(
        'Every dataset, feature view, model and deployment has an owner group that exists and has members.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByText(/^No dataset holds classified data/),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'Every dataset with a freshness SLA was updated within it.',
      ),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('shows a progress bar while the report is computed', async () => {
    renderPage(() => new Promise<never>(() => {}));

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows why the report could not be loaded', async () => {
    renderPage(async () => {
      throw new Error('The catalog is not reachable');
    });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The catalog is not reachable',
    );
  });

  it('reads a 403 of the backend as not allowed', async () => {
    const forbidden = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: { name: 'NotAllowedError', message: 'Unauthorized' },
          response: { statusCode: 403 },
        }),
        {
          status: 403,
          statusText: 'Forbidden',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    renderPage(async () => {
      throw forbidden;
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'You are not allowed to see the governance report',
    );
    expect(alert).toHaveTextContent('The lakehouse backend said: Unauthorized');
  });
});
