import { renderInTestApp } from '@backstage/frontend-test-utils';
import { QueryHistoryEntry } from '@internal/plugin-lakehouse-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { LakehouseApi, lakehouseApiRef } from '../../api';
import { QueryHistoryDrawer } from './QueryHistoryDrawer';

const minutesAgo = (n: number) =>
  new Date(Date.now() - n * 60_000).toISOString();

const history: QueryHistoryEntry[] = [
  {
    id: 'q-3',
    sql: 'SELECT region, sum(amount) FROM lakehouse.gold.fct_orders GROUP BY 1',
    engine: 'trino',
    state: 'FINISHED',
    startedAt: minutesAgo(5),
    durationMs: 2300,
    rowCount: 1200,
    truncated: true,
  },
  {
    id: 'q-2',
    sql: 'SELECT * FROM lakehouse.raw.ordrs',
    engine: 'duckdb',
    state: 'FAILED',
    startedAt: minutesAgo(90),
    error: 'Table lakehouse.raw.ordrs does not exist',
  },
];

function renderDrawer(
  getQueryHistory: LakehouseApi['getQueryHistory'],
  open = true,
) {
  const onSelect = jest.fn();
  const onClose = jest.fn();
  renderInTestApp(
    <QueryHistoryDrawer open={open} onClose={onClose} onSelect={onSelect} />,
    {
      apis: [[lakehouseApiRef, { getQueryHistory } as Partial<LakehouseApi>]],
    },
  );
  return { onSelect, onClose };
}

describe('QueryHistoryDrawer', () => {
  it('lists past statements newest first with their outcome', async () => {
    renderDrawer(async () => history);

    const list = await screen.findByRole('list', { name: 'Query history' });
    const items = within(list).getAllByRole('button');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveTextContent(
      'SELECT region, sum(amount) FROM lakehouse.gold.fct_orders GROUP BY 1',
    );
    expect(items[0]).toHaveTextContent(
      '5 minutes ago · FINISHED · trino · 1,200 rows (truncated) · 2.3 s',
    );
    expect(items[1]).toHaveTextContent('FAILED · duckdb');
    expect(items[1]).toHaveTextContent(
      'Table lakehouse.raw.ordrs does not exist',
    );
  });

  it('hands the picked statement back and closes', async () => {
    const { onSelect, onClose } = renderDrawer(async () => history);

    const list = await screen.findByRole('list', { name: 'Query history' });
    await userEvent.click(
      within(list).getByText('SELECT * FROM lakehouse.raw.ordrs'),
    );

    expect(onSelect).toHaveBeenCalledWith(history[1]);
    expect(onClose).toHaveBeenCalled();
  });

  it('searches the history for the text typed', async () => {
    const getQueryHistory = jest.fn(async (options?: { q?: string }) =>
      options?.q ? [history[1]] : history,
    );
    renderDrawer(getQueryHistory);
    await screen.findByRole('list', { name: 'Query history' });

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search history' }),
      'ordrs',
    );

    await waitFor(() =>
      expect(
        within(
          screen.getByRole('list', { name: 'Query history' }),
        ).getAllByRole('button'),
      ).toHaveLength(1),
    );
    expect(getQueryHistory).toHaveBeenLastCalledWith({
      q: 'ordrs',
      limit: 50,
    });
  });

  it('says when nothing matches', async () => {
    renderDrawer(async options => (options?.q ? [] : history));
    await screen.findByRole('list', { name: 'Query history' });

    await userEvent.type(
      screen.getByRole('searchbox', { name: 'Search history' }),
      'nothing like this',
    );

    expect(
      await screen.findByText(
        'No statement in your history contains "nothing like this".',
      ),
    ).toBeInTheDocument();
  });

  it('shows why the history cannot be read', async () => {
    renderDrawer(async () => {
      throw new Error('History store unavailable');
    });

    expect(
      (await screen.findAllByText(/History store unavailable/))[0],
    ).toBeInTheDocument();
  });

  it('asks for nothing while closed', async () => {
    const getQueryHistory = jest.fn(async () => history);
    renderDrawer(getQueryHistory, false);

    await new Promise(resolve => setTimeout(resolve, 50));
    expect(getQueryHistory).not.toHaveBeenCalled();
    expect(screen.queryByText('Query history')).not.toBeInTheDocument();
  });
});
