import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { entityRouteRef } from '@backstage/plugin-catalog-react';
import { AccessRequest } from '@internal/plugin-lakehouse-common';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LakehouseApi, lakehouseApiRef } from '../../api';
import { AccessRequestsPage } from './AccessRequestsPage';
import { AccessRequestTable } from './AccessRequestTable';

const ALLOW = 'ALLOW' as AuthorizeResult.ALLOW;
const DENY = 'DENY' as AuthorizeResult.DENY;

const ME = 'user:default/olga';
const CUSTOMERS = 'resource:default/lakehouse.raw.customers';
const ORDERS = 'resource:default/lakehouse.raw.orders';
const PAYROLL = 'resource:default/lakehouse.hr.payroll';

const HOUR = 3600_000;
const ago = (ms: number) => new Date(Date.now() - ms).toISOString();
const ahead = (ms: number) => new Date(Date.now() + ms).toISOString();

function request(
  id: string,
  entityRef: string,
  overrides: Partial<AccessRequest> = {},
): AccessRequest {
  const name = entityRef.split('/')[1];
  return {
    id,
    entityRef,
    table: name,
    privilege: 'read',
    reason: `Needs ${name}`,
    durationDays: 7,
    state: 'pending',
    requestedBy: 'user:default/dana',
    createdAt: ago(2 * HOUR),
    ...overrides,
  };
}

/** Olga owns the raw datasets: she may approve requests for them, not for payroll. */
function permissionApi() {
  return mockApis.permission({
    authorize: r =>
      r.permission.name === 'lakehouse.access-request.approve' &&
      'resourceRef' in r &&
      r.resourceRef === PAYROLL
        ? DENY
        : ALLOW,
  });
}

function renderPage(
  api: Partial<LakehouseApi>,
  path = '/lakehouse/access-requests',
) {
  renderInTestApp(<AccessRequestsPage />, {
    apis: [
      [lakehouseApiRef, api],
      mockApis.identity({ userEntityRef: ME }),
      permissionApi(),
    ],
    initialRouteEntries: [path],
    mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
  });
}

function rowOf(name: string) {
  return screen.getByRole('row', {
    name: new RegExp(`^${name.replace(/\./g, '\\.')}`),
  });
}

async function errorResponse(
  status: number,
  statusText: string,
  message: string,
) {
  return ResponseError.fromResponse(
    new Response(
      JSON.stringify({
        error: { name: 'Error', message },
        response: { statusCode: status },
      }),
      { status, statusText, headers: { 'Content-Type': 'application/json' } },
    ),
  );
}

const requests = [
  request('ar-1', CUSTOMERS),
  request('ar-2', ORDERS, {
    state: 'approved',
    decidedBy: ME,
    decidedAt: ago(HOUR),
    comment: 'For the quarter',
    expiresAt: ahead(6 * 24 * HOUR),
  }),
  request('ar-3', PAYROLL),
  request('ar-4', PAYROLL, {
    requestedBy: ME,
    state: 'rejected',
    decidedBy: 'user:default/hr-lead',
    decidedAt: ago(HOUR),
    comment: 'Not without HR',
  }),
];

describe('AccessRequestsPage', () => {
  it('lists the requests the user may decide, pending first, with Approve and Reject', async () => {
    renderPage({ listAccessRequests: async () => requests });

    const table = await screen.findByRole('table', {
      name: 'Access requests to approve',
    });
    expect(screen.getByRole('tab', { name: 'To approve (1)' })).toHaveAttribute(
      'aria-selected',
      'true',
    );
    const [, ...rows] = within(table).getAllByRole('row');
    // Payroll is not Olga's to decide.
    expect(rows).toHaveLength(2);
    const customers = rowOf('lakehouse.raw.customers');
    expect(customers).toHaveTextContent('Needs lakehouse.raw.customers');
    expect(customers).toHaveTextContent('Read access for 7 days');
    expect(within(customers).getByText('pending')).toBeInTheDocument();
    expect(
      await within(customers).findByRole('button', { name: 'Approve' }),
    ).toBeEnabled();
    expect(
      within(customers).getByRole('button', { name: 'Reject' }),
    ).toBeEnabled();

    const orders = rowOf('lakehouse.raw.orders');
    expect(within(orders).getByText('approved')).toBeInTheDocument();
    expect(orders).toHaveTextContent('Expires in 6 days');
    expect(orders).toHaveTextContent('“For the quarter”');
    expect(
      within(orders).queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(
      within(orders).getByRole('link', { name: 'lakehouse.raw.orders' }),
    ).toHaveAttribute('href', '/catalog/default/resource/lakehouse.raw.orders');
  });

  it('approves with the comment and shows the row as approved', async () => {
    const approveAccessRequest = jest.fn(async () =>
      request('ar-1', CUSTOMERS, {
        state: 'approved',
        decidedBy: ME,
        decidedAt: new Date().toISOString(),
        comment: 'Go ahead',
        expiresAt: ahead(7 * 24 * HOUR),
      }),
    );
    renderPage({
      listAccessRequests: async () => requests,
      approveAccessRequest,
    });

    await screen.findByRole('table', { name: 'Access requests to approve' });
    const row = rowOf('lakehouse.raw.customers');
    await userEvent.type(
      within(row).getByRole('textbox', { name: 'Comment' }),
      'Go ahead',
    );
    await userEvent.click(within(row).getByRole('button', { name: 'Approve' }));

    expect(approveAccessRequest).toHaveBeenCalledWith('ar-1', {
      comment: 'Go ahead',
    });
    await waitFor(() =>
      expect(
        within(rowOf('lakehouse.raw.customers')).getByText('approved'),
      ).toBeInTheDocument(),
    );
    const approved = rowOf('lakehouse.raw.customers');
    expect(approved).toHaveTextContent('Expires in 7 days');
    expect(approved).toHaveTextContent('“Go ahead”');
    expect(
      within(approved).queryByRole('button', { name: 'Approve' }),
    ).not.toBeInTheDocument();
    expect(screen.getByRole('tab', { name: 'To approve' })).toBeInTheDocument();
  });

  it('rejects without a comment', async () => {
    const rejectAccessRequest = jest.fn(async () =>
      request('ar-1', CUSTOMERS, {
        state: 'rejected',
        decidedBy: ME,
        decidedAt: new Date().toISOString(),
      }),
    );
    renderPage({
      listAccessRequests: async () => requests,
      rejectAccessRequest,
    });

    await screen.findByRole('table', { name: 'Access requests to approve' });
    await userEvent.click(
      within(rowOf('lakehouse.raw.customers')).getByRole('button', {
        name: 'Reject',
      }),
    );

    expect(rejectAccessRequest).toHaveBeenCalledWith('ar-1', { comment: '' });
    await waitFor(() =>
      expect(
        within(rowOf('lakehouse.raw.customers')).getByText('rejected'),
      ).toBeInTheDocument(),
    );
  });

  it('keeps a request pending with the Polaris error when the grant could not be applied', async () => {
    const failed = await errorResponse(
      502,
      'Bad Gateway',
      'Polaris answered 503 Service Unavailable',
    );
    const getAccessRequest = jest.fn(async () =>
      request('ar-1', CUSTOMERS, {
        error: 'Polaris answered 503 Service Unavailable',
      }),
    );
    renderPage({
      listAccessRequests: async () => requests,
      approveAccessRequest: async () => {
        throw failed;
      },
      getAccessRequest,
    });

    await screen.findByRole('table', { name: 'Access requests to approve' });
    await userEvent.click(
      within(rowOf('lakehouse.raw.customers')).getByRole('button', {
        name: 'Approve',
      }),
    );

    const row = rowOf('lakehouse.raw.customers');
    expect(await within(row).findByRole('alert')).toHaveTextContent(
      'Applying the grant failed: Polaris answered 503 Service Unavailable',
    );
    expect(getAccessRequest).toHaveBeenCalledWith('ar-1');
    expect(within(row).getByText('pending')).toBeInTheDocument();
    expect(within(row).getByRole('button', { name: 'Approve' })).toBeEnabled();
  });

  it('says when another owner decided first and shows the request as it is now', async () => {
    const conflict = await errorResponse(
      409,
      'Conflict',
      'Access request ar-1 is approved, not pending',
    );
    renderPage({
      listAccessRequests: async () => requests,
      approveAccessRequest: async () => {
        throw conflict;
      },
      getAccessRequest: async () =>
        request('ar-1', CUSTOMERS, {
          state: 'approved',
          decidedBy: 'user:default/ines',
          decidedAt: new Date().toISOString(),
        }),
    });

    await screen.findByRole('table', { name: 'Access requests to approve' });
    await userEvent.click(
      within(rowOf('lakehouse.raw.customers')).getByRole('button', {
        name: 'Approve',
      }),
    );

    await waitFor(() =>
      expect(
        within(rowOf('lakehouse.raw.customers')).getByText('approved'),
      ).toBeInTheDocument(),
    );
  });

  it("lists the user's own requests with their state and who decided", async () => {
    renderPage({ listAccessRequests: async () => requests });

    await screen.findByRole('table', { name: 'Access requests to approve' });
    await userEvent.click(screen.getByRole('tab', { name: 'My requests (1)' }));

    const table = screen.getByRole('table', { name: 'My access requests' });
    const [, ...rows] = within(table).getAllByRole('row');
    expect(rows).toHaveLength(1);
    const payroll = rowOf('lakehouse.hr.payroll');
    expect(within(payroll).getByText('rejected')).toBeInTheDocument();
    expect(payroll).toHaveTextContent('Rejected by');
    expect(payroll).toHaveTextContent('“Not without HR”');
    expect(within(table).queryByRole('button')).not.toBeInTheDocument();
  });

  it('opens the tab of the request a notification links to and highlights it', async () => {
    renderPage(
      { listAccessRequests: async () => requests },
      '/lakehouse/access-requests?id=ar-4',
    );

    const table = await screen.findByRole('table', {
      name: 'My access requests',
    });
    expect(rowOf('lakehouse.hr.payroll')).toHaveAttribute(
      'aria-current',
      'true',
    );
    expect(within(table).getAllByRole('row')[0]).not.toHaveAttribute(
      'aria-current',
    );
  });

  it('fetches a linked request the list does not have', async () => {
    const getAccessRequest = jest.fn(async () =>
      request('ar-9', 'resource:default/lakehouse.raw.payments'),
    );
    renderPage(
      { listAccessRequests: async () => requests, getAccessRequest },
      '/lakehouse/access-requests?id=ar-9',
    );

    await screen.findByRole('table', { name: 'Access requests to approve' });
    expect(getAccessRequest).toHaveBeenCalledWith('ar-9');
    expect(rowOf('lakehouse.raw.payments')).toHaveAttribute(
      'aria-current',
      'true',
    );
  });

  it('says when the linked request does not exist', async () => {
    const notFound = await errorResponse(404, 'Not Found', 'No such request');
    renderPage(
      {
        listAccessRequests: async () => requests,
        getAccessRequest: async () => {
          throw notFound;
        },
      },
      '/lakehouse/access-requests?id=nope',
    );

    expect(
      await screen.findByText(
        'There is no access request nope, or it is not yours to see.',
      ),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('table', { name: 'Access requests to approve' }),
    ).toBeInTheDocument();
  });

  it('filters by state', async () => {
    renderPage({ listAccessRequests: async () => requests });

    await screen.findByRole('table', { name: 'Access requests to approve' });
    await userEvent.selectOptions(
      screen.getByRole('combobox', { name: 'State' }),
      'approved',
    );

    const [, ...rows] = within(
      screen.getByRole('table', { name: 'Access requests to approve' }),
    ).getAllByRole('row');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toHaveTextContent('lakehouse.raw.orders');
  });

  it('says when there is nothing to approve and nothing asked', async () => {
    renderPage({ listAccessRequests: async () => [] });

    expect(
      await screen.findByText('You have not asked for access to any dataset'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('tab', { name: 'To approve' }));
    expect(screen.getByText('Nothing to approve')).toBeInTheDocument();
  });

  it('shows a progress bar while the requests load', async () => {
    renderPage({ listAccessRequests: () => new Promise<never>(() => {}) });
    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });

  it('shows why the requests could not be loaded', async () => {
    renderPage({
      listAccessRequests: async () => {
        throw new Error('The lakehouse backend is not reachable');
      },
    });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The lakehouse backend is not reachable',
    );
  });
});

describe('AccessRequestTable', () => {
  it('offers Approve and Reject only where the user may approve', async () => {
    renderInTestApp(
      <AccessRequestTable
        label="Requests"
        requests={[request('ar-3', PAYROLL), request('ar-1', CUSTOMERS)]}
        decide
        onChange={() => {}}
      />,
      {
        apis: [[lakehouseApiRef, {}], permissionApi()],
        mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
      },
    );

    expect(
      await within(rowOf('lakehouse.raw.customers')).findByRole('button', {
        name: 'Approve',
      }),
    ).toBeInTheDocument();
    expect(
      within(rowOf('lakehouse.hr.payroll')).queryByRole('button', {
        name: 'Approve',
      }),
    ).not.toBeInTheDocument();
    expect(
      within(rowOf('lakehouse.hr.payroll')).queryByRole('button', {
        name: 'Reject',
      }),
    ).not.toBeInTheDocument();
  });
});
