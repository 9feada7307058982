import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  customerChurn,
  withSpec,
  yamlCustomerChurn,
} from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { ModelMetricChartCard } from './ModelMetricChartCard';

function barTitles(chart: HTMLElement) {
  return Array.from(chart.querySelectorAll('rect > title')).map(
    t => t.textContent,
  );
}

describe('ModelMetricChartCard', () => {
  it('compares the most widely recorded metric across versions, oldest first', async () => {
    renderOnEntityPage(<ModelMetricChartCard />, customerChurn);

    await screen.findByRole('heading', { name: 'Metric across versions' });
    const picker = screen.getByRole('combobox', { name: 'Metric' });
    expect(picker).toHaveValue('accuracy');
    expect(
      within(picker)
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['accuracy', 'f1', 'roc_auc', 'log_loss']);

    const chart = screen.getByRole('img', {
      name: 'accuracy by model version: version 1 0.81, version 2 0.87, version 3 0.86',
    });
    expect(barTitles(chart)).toEqual([
      'Version 1: accuracy 0.81',
      'Version 2: accuracy 0.87',
      'Version 3: accuracy 0.86',
    ]);
  });

  it('switches to another metric and names the versions without it', async () => {
    renderOnEntityPage(<ModelMetricChartCard />, customerChurn);

    await userEvent.selectOptions(
      await screen.findByRole('combobox', { name: 'Metric' }),
      'roc_auc',
    );

    const chart = screen.getByRole('img', {
      name: 'roc_auc by model version: version 1 0.84, version 2 0.91',
    });
    expect(barTitles(chart)).toEqual([
      'Version 1: roc_auc 0.84',
      'Version 2: roc_auc 0.91',
    ]);
    expect(
      screen.getByText('Version 3 records no roc_auc.'),
    ).toBeInTheDocument();
  });

  it('draws bars taller for larger values, below the baseline for negative ones', async () => {
    renderOnEntityPage(
      <ModelMetricChartCard />,
      withSpec(customerChurn, {
        versions: [
          { version: '1', metrics: { r2: -0.5 } },
          { version: '2', metrics: { r2: 0.25 } },
          { version: '3', metrics: { r2: 0.75 } },
        ],
      }),
    );

    const chart = await screen.findByRole('img', {
      name: /^r2 by model version/,
    });
    const [v1, v2, v3] = Array.from(chart.querySelectorAll('rect'));
    const height = (r: Element) => Number(r.getAttribute('height'));
    const top = (r: Element) => Number(r.getAttribute('y'));
    expect(height(v3)).toBeCloseTo(3 * height(v2));
    expect(height(v1)).toBeCloseTo(2 * height(v2));
    // The negative bar starts where the positive ones end: at zero.
    expect(top(v1)).toBeCloseTo(top(v2) + height(v2));
  });

  it('works with the metrics of versions declared in YAML', async () => {
    renderOnEntityPage(<ModelMetricChartCard />, yamlCustomerChurn);

    expect(
      await screen.findByRole('img', {
        name: 'accuracy by model version: version 1 0.81, version 2 0.87',
      }),
    ).toBeInTheDocument();
  });

  it('says where metrics come from when no version records any', async () => {
    renderOnEntityPage(
      <ModelMetricChartCard />,
      withSpec(customerChurn, { versions: [{ version: '1' }] }),
    );

    expect(
      await screen.findByText(/No version of this model records metrics/),
    ).toHaveTextContent('catalog.providers.mlflow');
    expect(screen.queryByRole('img')).not.toBeInTheDocument();
  });
});
