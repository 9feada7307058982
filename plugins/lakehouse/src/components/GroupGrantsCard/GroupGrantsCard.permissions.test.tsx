import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { lakehouseApiRef } from '../../api';
import { GroupGrantsCard } from './GroupGrantsCard';

const analytics: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'analytics-engineering', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

// In a file of its own: decisions on basic permissions are cached per
// permission for the whole test file.
describe('GroupGrantsCard without lakehouse.governance.read', () => {
  it('does not ask Polaris and says who may see the grants', async () => {
    const getGroupGrants = jest.fn();
    renderInTestApp(
      <EntityProvider entity={analytics}>
        <GroupGrantsCard />
      </EntityProvider>,
      {
        apis: [
          [lakehouseApiRef, { getGroupGrants }],
          mockApis.permission({ authorize: 'DENY' as AuthorizeResult.DENY }),
        ],
      },
    );

    expect(
      await screen.findByText(/^A group's grants are shown to users with/),
    ).toHaveTextContent('lakehouse.governance.read');
    expect(getGroupGrants).not.toHaveBeenCalled();
  });
});
