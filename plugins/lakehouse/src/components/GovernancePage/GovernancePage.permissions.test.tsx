import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { lakehouseApiRef } from '../../api';
import { GovernancePage } from './GovernancePage';

// In a file of its own: decisions on basic permissions are cached per
// permission for the whole test file.
describe('GovernancePage without lakehouse.governance.read', () => {
  it('says the report is not the user’s to see and does not load it', async () => {
    const getGovernanceReport = jest.fn();
    renderInTestApp(<GovernancePage />, {
      apis: [
        [lakehouseApiRef, { getGovernanceReport }],
        mockApis.permission({ authorize: 'DENY' as AuthorizeResult.DENY }),
      ],
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'You are not allowed to see the governance report',
    );
    expect(alert).toHaveTextContent('lakehouse.governance.read');
    expect(getGovernanceReport).not.toHaveBeenCalled();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
