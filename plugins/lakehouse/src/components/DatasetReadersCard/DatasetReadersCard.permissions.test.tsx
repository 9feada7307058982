import { Entity } from '@backstage/catalog-model';
import { mockApis, renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen } from '@testing-library/react';
import { lakehouseApiRef } from '../../api';
import { DatasetReadersCard } from './DatasetReadersCard';

const fctOrders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'lakehouse.gold.fct_orders', namespace: 'default' },
  spec: { type: 'dataset', owner: 'analytics-engineering' },
};

// In a file of its own: decisions on basic permissions are cached per
// permission for the whole test file.
describe('DatasetReadersCard without lakehouse.governance.read', () => {
  it('keeps who holds which privilege to itself and does not ask Polaris', async () => {
    const getDatasetReaders = jest.fn();
    renderInTestApp(
      <EntityProvider entity={fctOrders}>
        <DatasetReadersCard />
      </EntityProvider>,
      {
        apis: [
          [lakehouseApiRef, { getDatasetReaders }],
          mockApis.permission({
            authorize: r =>
              r.permission.name === 'lakehouse.governance.read'
                ? ('DENY' as AuthorizeResult.DENY)
                : ('ALLOW' as AuthorizeResult.ALLOW),
          }),
        ],
      },
    );

    expect(
      await screen.findByText(/^Who else can read it is shown to users with/),
    ).toHaveTextContent('lakehouse.governance.read');
    expect(
      screen.getByText('You may read the data of this dataset.'),
    ).toBeInTheDocument();
    expect(getDatasetReaders).not.toHaveBeenCalled();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
