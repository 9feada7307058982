import { screen } from '@testing-library/react';
import {
  churnDeployment,
  withInferenceService,
} from '../../__testUtils__/entities';
import { fact, renderOnEntityPage } from '../../__testUtils__/render';
import { DeploymentPredictorCard } from './DeploymentPredictorCard';

describe('DeploymentPredictorCard', () => {
  it('shows format, runtime, storage URI, protocol and replicas', async () => {
    renderOnEntityPage(<DeploymentPredictorCard />, churnDeployment);

    await screen.findByRole('heading', { name: 'Predictor' });
    expect(fact('Model format')).toHaveTextContent(/^sklearn 1$/);
    expect(fact('Runtime')).toHaveTextContent(/^kserve-sklearnserver$/);
    expect(fact('Storage URI')).toHaveTextContent(
      /^s3:\/\/mlflow\/1\/9a8b\/artifacts\/model$/,
    );
    expect(fact('Replicas')).toHaveTextContent(/^1 to 3$/);
    expect(fact('Protocol')).toHaveTextContent(/^v2$/);
  });

  it('says what KServe decides when the predictor leaves it open', async () => {
    renderOnEntityPage(
      <DeploymentPredictorCard />,
      withInferenceService(churnDeployment, {
        predictor: { modelFormat: 'xgboost', minReplicas: 2, maxReplicas: 2 },
      }),
    );

    await screen.findByRole('heading', { name: 'Predictor' });
    expect(fact('Model format')).toHaveTextContent(/^xgboost$/);
    expect(fact('Runtime')).toHaveTextContent(
      /^chosen by KServe for the format$/,
    );
    expect(fact('Storage URI')).toHaveTextContent(/^not set$/);
    expect(fact('Replicas')).toHaveTextContent(/^2$/);
  });
});
