import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen } from '@testing-library/react';
import { sqlConsoleRouteRef } from '../../routes';
import { SqlConsoleLink } from './SqlConsoleLink';

function renderAt(path: string) {
  return renderInTestApp(
    <>
      <h1>Lakehouse</h1>
      <SqlConsoleLink />
    </>,
    {
      initialRouteEntries: [path],
      mountedRoutes: { '/lakehouse/sql': sqlConsoleRouteRef },
    },
  );
}

describe('SqlConsoleLink', () => {
  it('leads from the lakehouse page to the SQL console', async () => {
    renderAt('/lakehouse');

    expect(
      await screen.findByRole('button', { name: 'SQL console' }),
    ).toHaveAttribute('href', '/lakehouse/sql');
  });

  it('is not shown on the SQL console itself', async () => {
    renderAt('/lakehouse/sql');

    await screen.findByRole('heading', { name: 'Lakehouse' });
    expect(
      screen.queryByRole('button', { name: 'SQL console' }),
    ).not.toBeInTheDocument();
  });
});
