import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { lineageRouteRef } from '../../routes';
import { LineageExplorerLink } from './LineageExplorerLink';

function renderAt(path: string) {
  return renderInTestApp(
    <>
      <h1>Lakehouse</h1>
      <LineageExplorerLink />
    </>,
    {
      initialRouteEntries: [path],
      mountedRoutes: { '/lakehouse/lineage': lineageRouteRef },
    },
  );
}

describe('LineageExplorerLink', () => {
  it('leads from the lakehouse pages to the lineage explorer', async () => {
    renderAt('/lakehouse');

    expect(
      await screen.findByRole('button', { name: 'Lineage explorer' }),
    ).toHaveAttribute('href', '/lakehouse/lineage');
  });

  it('is not shown on the explorer itself', async () => {
    renderAt('/lakehouse/lineage?entityRef=resource%3Adefault%2Fx');

    await screen.findByRole('heading', { name: 'Lakehouse' });
    expect(
      screen.queryByRole('button', { name: 'Lineage explorer' }),
    ).not.toBeInTheDocument();
  });
});
