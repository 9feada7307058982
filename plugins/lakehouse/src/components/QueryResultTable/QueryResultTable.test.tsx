import { renderInTestApp } from '@backstage/frontend-test-utils';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { QueryResultTable } from './QueryResultTable';

const columns = [
  { name: 'order_id', type: 'bigint' },
  { name: 'amount', type: 'decimal(12,2)' },
  { name: 'coupon', type: 'varchar' },
  { name: 'attributes', type: 'map(varchar, varchar)' },
];

function bodyRows() {
  const [, ...rows] = within(
    screen.getByRole('table', { name: 'Query results' }),
  ).getAllByRole('row');
  return rows.map(row =>
    within(row)
      .getAllByRole('cell')
      .map(cell => cell.textContent),
  );
}

describe('QueryResultTable', () => {
  it('shows each column with its engine type', async () => {
    renderInTestApp(
      <QueryResultTable label="Query results" columns={columns} rows={[]} />,
    );

    const headers = await screen.findAllByRole('columnheader');
    expect(headers.map(h => h.textContent)).toEqual([
      'order_id bigint',
      'amount decimal(12,2)',
      'coupon varchar',
      'attributes map(varchar, varchar)',
    ]);
    expect(screen.getByText('No rows.')).toBeInTheDocument();
  });

  it('shows values as the engine sent them: exact decimals, NULL and JSON', async () => {
    renderInTestApp(
      <QueryResultTable
        label="Query results"
        columns={columns}
        rows={[
          ['9007199254740993', '1234.50', null, { channel: 'web' }],
          [2, '0.10', 'WELCOME', {}],
        ]}
      />,
    );

    await screen.findByRole('table', { name: 'Query results' });
    expect(bodyRows()).toEqual([
      ['9007199254740993', '1234.50', 'NULL', '{"channel":"web"}'],
      ['2', '0.10', 'WELCOME', '{}'],
    ]);
  });

  it('pages through a long result', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => [
      i + 1,
      '1.00',
      null,
      {},
    ]);
    renderInTestApp(
      <QueryResultTable
        label="Query results"
        columns={columns}
        rows={rows}
        pageSize={25}
      />,
    );

    await screen.findByRole('table', { name: 'Query results' });
    expect(bodyRows()).toHaveLength(25);
    expect(bodyRows()[0][0]).toBe('1');
    expect(screen.getByText('1-25 of 30')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'Next page' }));

    expect(bodyRows().map(r => r[0])).toEqual(['26', '27', '28', '29', '30']);
    expect(screen.getByText('26-30 of 30')).toBeInTheDocument();
  });
});
