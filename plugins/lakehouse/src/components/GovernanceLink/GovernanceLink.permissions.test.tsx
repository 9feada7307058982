import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { act, screen, waitFor } from '@testing-library/react';
import { governanceRouteRef } from '../../routes';
import { GovernanceLink } from './GovernanceLink';

// In a file of its own: decisions on basic permissions are cached per
// permission for the whole test file.
describe('GovernanceLink without lakehouse.governance.read', () => {
  it('is not shown', async () => {
    const permissionApi = mockApis.permission({
      authorize: 'DENY' as AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    renderInTestApp(
      <>
        <h1>Lakehouse</h1>
        <GovernanceLink />
      </>,
      {
        initialRouteEntries: ['/lakehouse'],
        apis: [permissionApi],
        mountedRoutes: { '/lakehouse/governance': governanceRouteRef },
      },
    );

    await waitFor(() => expect(authorize).toHaveBeenCalled());
    // Let the decision arrive before looking.
    await act(async () => {
      await authorize.mock.results[0].value;
    });
    await screen.findByRole('heading', { name: 'Lakehouse' });
    expect(
      screen.queryByRole('button', { name: 'Governance' }),
    ).not.toBeInTheDocument();
  });
});
