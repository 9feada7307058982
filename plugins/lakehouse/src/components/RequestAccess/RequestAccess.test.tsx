import { ResponseError } from '@backstage/errors';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { AccessRequest } from '@internal/plugin-lakehouse-common';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LakehouseApi, lakehouseApiRef } from '../../api';
import { accessRequestsRouteRef } from '../../routes';
import { RequestAccess } from './RequestAccess';

const ALLOW = 'ALLOW' as AuthorizeResult.ALLOW;

const CUSTOMERS = 'resource:default/lakehouse.raw.customers';
const ME = 'user:default/dana';

function request(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: 'ar-1',
    entityRef: CUSTOMERS,
    table: 'lakehouse.raw.customers',
    privilege: 'read',
    reason: 'Churn analysis',
    durationDays: 7,
    state: 'pending',
    requestedBy: ME,
    createdAt: new Date(Date.now() - 2 * 3600_000).toISOString(),
    ...overrides,
  };
}

// Decisions on basic permissions are cached for the whole test file: the
// user without lakehouse.access-request.create is in a file of its own.
function renderRequestAccess(api: Partial<LakehouseApi>) {
  renderInTestApp(<RequestAccess entityRef={CUSTOMERS} />, {
    apis: [
      [lakehouseApiRef, api],
      mockApis.identity({ userEntityRef: ME }),
      mockApis.permission({ authorize: ALLOW }),
    ],
    mountedRoutes: { '/lakehouse/access-requests': accessRequestsRouteRef },
  });
}

describe('RequestAccess', () => {
  it('asks for a reason and a duration and shows the pending request it created', async () => {
    const createAccessRequest = jest.fn(async () =>
      request({
        id: 'ar-42',
        durationDays: 7,
        createdAt: new Date().toISOString(),
      }),
    );
    const listAccessRequests = jest.fn(async () => []);
    renderRequestAccess({ listAccessRequests, createAccessRequest });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Request access' }),
    );
    const dialog = screen.getByRole('dialog', {
      name: 'Request read access to lakehouse.raw.customers',
    });
    const send = within(dialog).getByRole('button', { name: 'Send request' });
    // The reason is required.
    expect(send).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Churn analysis for Q3',
    );
    await userEvent.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Duration' }),
      '7 days',
    );
    expect(
      within(dialog)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['1 day', '7 days', '30 days', '90 days']);
    await userEvent.click(send);

    expect(createAccessRequest).toHaveBeenCalledWith({
      entityRef: CUSTOMERS,
      privilege: 'read',
      reason: 'Churn analysis for Q3',
      durationDays: 7,
    });
    const status = await screen.findByRole('status', {
      name: 'Your access request',
    });
    expect(status).toHaveTextContent('pending');
    expect(status).toHaveTextContent('You asked for read access for 7 days');
    expect(
      within(status).getByRole('link', { name: 'Show the request' }),
    ).toHaveAttribute('href', '/lakehouse/access-requests?id=ar-42');
    expect(
      screen.queryByRole('button', { name: 'Request access' }),
    ).not.toBeInTheDocument();
    expect(listAccessRequests).toHaveBeenCalledWith({
      entityRef: CUSTOMERS,
      state: 'pending',
    });
  });

  it('shows the pending request the user already has instead of the button', async () => {
    renderRequestAccess({
      listAccessRequests: async () => [
        request({ id: 'theirs', requestedBy: 'user:default/erik' }),
        request({ id: 'mine', durationDays: 30 }),
      ],
    });

    const status = await screen.findByRole('status', {
      name: 'Your access request',
    });
    expect(status).toHaveTextContent(
      'You asked for read access for 30 days 2 hours ago',
    );
    expect(
      within(status).getByRole('link', { name: 'Show the request' }),
    ).toHaveAttribute('href', '/lakehouse/access-requests?id=mine');
    expect(
      screen.queryByRole('button', { name: 'Request access' }),
    ).not.toBeInTheDocument();
  });

  it('says why the backend refused the request and keeps the dialog open', async () => {
    const tooLong = await ResponseError.fromResponse(
      new Response(
        JSON.stringify({
          error: {
            name: 'InputError',
            message: 'durationDays must be at most 30',
          },
          response: { statusCode: 400 },
        }),
        {
          status: 400,
          statusText: 'Bad Request',
          headers: { 'Content-Type': 'application/json' },
        },
      ),
    );
    renderRequestAccess({
      listAccessRequests: async () => [],
      createAccessRequest: async () => {
        throw tooLong;
      },
    });

    await userEvent.click(
      await screen.findByRole('button', { name: 'Request access' }),
    );
    const dialog = screen.getByRole('dialog');
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Reason/ }),
      'Audit',
    );
    await userEvent.selectOptions(
      within(dialog).getByRole('combobox', { name: 'Duration' }),
      '90 days',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Send request' }),
    );

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      'The request could not be sent: durationDays must be at most 30',
    );
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });
});
