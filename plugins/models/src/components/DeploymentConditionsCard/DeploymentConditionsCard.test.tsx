import { screen, within } from '@testing-library/react';
import {
  churnDeployment,
  withInferenceService,
} from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { DeploymentConditionsCard } from './DeploymentConditionsCard';

describe('DeploymentConditionsCard', () => {
  it('lists each condition with status, reason, message and time, Ready first', async () => {
    renderOnEntityPage(<DeploymentConditionsCard />, churnDeployment);

    const table = await screen.findByRole('table', { name: 'Conditions' });
    const [, ...rows] = within(table).getAllByRole('row');
    expect(
      rows.map(r =>
        within(r)
          .getAllByRole('cell')
          .map(c => c.textContent),
      ),
    ).toEqual([
      ['Ready', 'False', 'RevisionFailed', '—', '2025-09-02 08:41 UTC'],
      [
        'PredictorReady',
        'False',
        'RevisionFailed',
        'Revision "customer-churn-predictor-00003" failed with message: model load error.',
        '2025-09-02 08:41 UTC',
      ],
      ['IngressReady', 'True', '—', '—', '2025-08-20 14:10 UTC'],
      ['LatestDeploymentReady', 'Unknown', '—', '—', '—'],
    ]);
  });

  it('says when KServe has not set conditions yet', async () => {
    renderOnEntityPage(
      <DeploymentConditionsCard />,
      withInferenceService(churnDeployment, { conditions: [] }),
    );

    expect(
      await screen.findByText(/reports no conditions yet/),
    ).toBeInTheDocument();
  });
});
