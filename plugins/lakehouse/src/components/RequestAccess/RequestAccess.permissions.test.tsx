import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, waitFor } from '@testing-library/react';
import { lakehouseApiRef } from '../../api';
import { RequestAccess } from './RequestAccess';

// In a file of its own: decisions on basic permissions are cached per
// permission for the whole test file.
describe('RequestAccess without lakehouse.access-request.create', () => {
  it('offers no button to ask for access', async () => {
    const listAccessRequests = jest.fn(async () => []);
    const permissionApi = mockApis.permission({
      authorize: 'DENY' as AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    renderInTestApp(
      <RequestAccess entityRef="resource:default/lakehouse.raw.customers" />,
      {
        apis: [
          [lakehouseApiRef, { listAccessRequests }],
          mockApis.identity({ userEntityRef: 'user:default/dana' }),
          permissionApi,
        ],
      },
    );

    await waitFor(() =>
      expect(authorize).toHaveBeenCalledWith(
        expect.objectContaining({
          permission: expect.objectContaining({
            name: 'lakehouse.access-request.create',
          }),
        }),
      ),
    );
    await waitFor(() =>
      expect(
        screen.queryByLabelText('Looking for your requests'),
      ).not.toBeInTheDocument(),
    );
    expect(
      screen.queryByRole('button', { name: 'Request access' }),
    ).not.toBeInTheDocument();
  });
});
