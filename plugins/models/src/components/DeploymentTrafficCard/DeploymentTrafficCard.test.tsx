import { screen, within } from '@testing-library/react';
import {
  churnDeployment,
  withInferenceService,
} from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { DeploymentTrafficCard } from './DeploymentTrafficCard';

function bodyRows(tableName: string) {
  const table = screen.getByRole('table', { name: tableName });
  const [, ...rows] = within(table).getAllByRole('row');
  return rows.map(r =>
    within(r)
      .getAllByRole('cell')
      .map(c => c.textContent),
  );
}

describe('DeploymentTrafficCard', () => {
  it('shows a Serverless canary rollout as a split bar with its revisions', async () => {
    renderOnEntityPage(<DeploymentTrafficCard />, churnDeployment);

    const bar = await screen.findByRole('img', {
      name: 'Traffic split: 80% to the current model, 20% to the canary',
    });
    const [current, canary] = Array.from(bar.children) as HTMLElement[];
    expect(current.style.width).toBe('80%');
    expect(canary.style.width).toBe('20%');
    expect(screen.getByText('Current model 80%')).toBeInTheDocument();
    expect(screen.getByText('Canary 20%')).toBeInTheDocument();
    expect(
      screen.getByText(/spec.predictor.canaryTrafficPercent/),
    ).toBeInTheDocument();
    expect(bodyRows('Revisions')).toEqual([
      ['customer-churn-predictor-00002', '80%', 'prev'],
      ['customer-churn-predictor-00003 (latest)', '20%', 'latest'],
    ]);
  });

  it('lists the canaries of Standard mode', async () => {
    renderOnEntityPage(
      <DeploymentTrafficCard />,
      withInferenceService(churnDeployment, {
        deploymentMode: 'Standard',
        traffic: {
          currentPercent: 90,
          canaryPercent: 10,
          mechanism: 'spec.canary',
          canaries: [
            {
              trafficPercent: 10,
              storageUri: 's3://mlflow/1/c3c3/artifacts/model',
              ready: false,
            },
          ],
        },
      }),
    );

    expect(
      await screen.findByRole('img', {
        name: 'Traffic split: 90% to the current model, 10% to the canary',
      }),
    ).toBeInTheDocument();
    expect(screen.getByText(/Standard mode canaries/)).toBeInTheDocument();
    expect(bodyRows('Canaries')).toEqual([
      ['10%', 's3://mlflow/1/c3c3/artifacts/model', 'no'],
    ]);
  });

  it('says all traffic goes to the current model without a canary', async () => {
    renderOnEntityPage(
      <DeploymentTrafficCard />,
      withInferenceService(churnDeployment, {
        traffic: { currentPercent: 100, canaryPercent: 0, mechanism: 'none' },
      }),
    );

    const bar = await screen.findByRole('img', {
      name: 'Traffic split: 100% to the current model, no canary',
    });
    expect(bar.children).toHaveLength(1);
    expect(
      screen.getByText('No canary: the current model receives all requests.'),
    ).toBeInTheDocument();
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });
});
