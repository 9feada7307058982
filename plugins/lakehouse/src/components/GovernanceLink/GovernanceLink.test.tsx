import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { governanceRouteRef } from '../../routes';
import { GovernanceLink } from './GovernanceLink';

function renderAt(path: string) {
  return renderInTestApp(
    <>
      <h1>Lakehouse</h1>
      <GovernanceLink />
    </>,
    {
      initialRouteEntries: [path],
      apis: [
        mockApis.permission({ authorize: 'ALLOW' as AuthorizeResult.ALLOW }),
      ],
      mountedRoutes: { '/lakehouse/governance': governanceRouteRef },
    },
  );
}

describe('GovernanceLink', () => {
  it('leads from the lakehouse pages to the governance page', async () => {
    renderAt('/lakehouse');

    expect(
      await screen.findByRole('button', { name: 'Governance' }),
    ).toHaveAttribute('href', '/lakehouse/governance');
  });

  it('is not shown on the governance page itself', async () => {
    renderAt('/lakehouse/governance');

    await screen.findByRole('heading', { name: 'Lakehouse' });
    expect(
      screen.queryByRole('button', { name: 'Governance' }),
    ).not.toBeInTheDocument();
  });
});
