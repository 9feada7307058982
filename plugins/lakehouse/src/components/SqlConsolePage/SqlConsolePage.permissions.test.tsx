import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { LakehouseApi, lakehouseApiRef } from '../../api';
import { SqlConsolePage } from './SqlConsolePage';

// In a file of its own: permission decisions are cached per permission for
// the whole test file, and every console test elsewhere is allowed.
describe('SqlConsolePage without lakehouse.query.execute', () => {
  it('says the user may not run queries instead of showing the editor', async () => {
    const getEngines = jest.fn(async () => []);
    const permissionApi = mockApis.permission({
      authorize: 'DENY' as AuthorizeResult.DENY,
    });
    const authorize = jest.spyOn(permissionApi, 'authorize');
    renderInTestApp(<SqlConsolePage />, {
      apis: [
        [lakehouseApiRef, { getEngines } as Partial<LakehouseApi>],
        permissionApi,
      ],
      initialRouteEntries: ['/lakehouse/sql?sql=SELECT%201'],
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('You are not allowed to run queries');
    expect(alert).toHaveTextContent('lakehouse.query.execute');
    expect(
      screen.queryByRole('textbox', { name: 'SQL statement' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Run' }),
    ).not.toBeInTheDocument();
    expect(getEngines).not.toHaveBeenCalled();
    expect(authorize).toHaveBeenCalledWith(
      expect.objectContaining({
        permission: expect.objectContaining({
          name: 'lakehouse.query.execute',
        }),
      }),
    );
  });
});
