import { screen, within } from '@testing-library/react';
import {
  customerChurn,
  withSpec,
  yamlCustomerChurn,
} from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { ModelVersionsCard } from './ModelVersionsCard';

function table() {
  return screen.getByRole('table', { name: 'Model versions' });
}

function header() {
  const [row] = within(table()).getAllByRole('row');
  return within(row)
    .getAllByRole('columnheader')
    .map(c => c.textContent);
}

/** Body rows as the text of their cells. */
function rows() {
  const [, ...body] = within(table()).getAllByRole('row');
  return body.map(row =>
    within(row)
      .getAllByRole('cell')
      .map(c => c.textContent),
  );
}

describe('ModelVersionsCard', () => {
  it('lists versions newest first with aliases, status, creation, run and key metrics', async () => {
    renderOnEntityPage(<ModelVersionsCard />, customerChurn);

    await screen.findByRole('heading', { name: 'Model versions (3)' });
    expect(
      screen.getByText('MLflow registered model customer-churn'),
    ).toBeInTheDocument();
    // accuracy is recorded by every version, then f1 and roc_auc by two.
    expect(header()).toEqual([
      'Version',
      'Aliases',
      'Status',
      'Created',
      'Source run',
      'accuracy',
      'f1',
      'roc_auc',
      'log_loss',
    ]);
    expect(rows()).toEqual([
      [
        '3',
        'challenger',
        'failed registration',
        '2025-09-02',
        'c3c3c3c3…',
        '0.86',
        '—',
        '—',
        '0.3142',
      ],
      [
        '2',
        'champion',
        'ready',
        '2025-08-20',
        'gbt-profile9a8b7c6d…',
        '0.87',
        '0.78',
        '0.91',
        '—',
      ],
      [
        '1Logistic regression baseline.',
        '',
        'ready',
        '2025-08-01',
        'baseline-logreg4f1c2b7d…',
        '0.81',
        '0.7',
        '0.84',
        '—',
      ],
    ]);
    expect(screen.queryByRole('columnheader', { name: 'Stage' })).toBeNull();
    expect(
      screen.queryByText(/come from its YAML declaration/),
    ).not.toBeInTheDocument();
  });

  it('keeps the full creation time and run id at hand where the table shortens them', async () => {
    renderOnEntityPage(<ModelVersionsCard />, customerChurn);

    await screen.findByRole('heading', { name: 'Model versions (3)' });
    const [, champion] = within(table()).getAllByRole('row').slice(1);
    const created = within(champion).getByText('2025-08-20');
    expect(created).toHaveAttribute('title', '2025-08-20 14:05 UTC');
    expect(created).toHaveAttribute('dateTime', '2025-08-20T14:05:00.000Z');
    expect(within(champion).getByText('9a8b7c6d…')).toHaveAttribute(
      'title',
      'Run 9a8b7c6d5e4f40312a1b2c3d4e5f6a7b',
    );
  });

  it('shows the stage of versions declared in YAML and says where discovered versions come from', async () => {
    renderOnEntityPage(<ModelVersionsCard />, yamlCustomerChurn);

    await screen.findByRole('heading', { name: 'Model versions (2)' });
    const note = screen.getByText(/come from its YAML declaration/);
    expect(note).toHaveTextContent('catalog.providers.mlflow');
    expect(header()).toContain('Stage');
    const [newest, oldest] = rows();
    expect(newest.slice(0, 5)).toEqual([
      '2Gradient-boosted trees adding profile features.',
      'champion',
      '—',
      'Production',
      '—',
    ]);
    expect(oldest[3]).toBe('Archived');
  });

  it('orders versions by number, not alphabetically', async () => {
    renderOnEntityPage(
      <ModelVersionsCard />,
      withSpec(customerChurn, {
        versions: [
          { version: '2' },
          { version: '10' },
          { version: '1' },
          { version: '9' },
        ],
      }),
    );

    await screen.findByRole('heading', { name: 'Model versions (4)' });
    expect(rows().map(r => r[0])).toEqual(['10', '9', '2', '1']);
  });

  it('tells the user when no versions are registered', async () => {
    renderOnEntityPage(
      <ModelVersionsCard />,
      withSpec(customerChurn, { versions: undefined }),
    );

    expect(
      await screen.findByText('No versions are registered for this model yet.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
