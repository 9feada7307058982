import { screen, within } from '@testing-library/react';
import {
  churnDeployment,
  withInferenceService,
  withSpec,
  yamlDeployment,
} from '../../__testUtils__/entities';
import { fact, renderOnEntityPage } from '../../__testUtils__/render';
import { DeploymentStatusCard } from './DeploymentStatusCard';

describe('DeploymentStatusCard', () => {
  it('shows readiness, where the deployment answers and what it serves', async () => {
    renderOnEntityPage(<DeploymentStatusCard />, churnDeployment);

    await screen.findByRole('heading', { name: 'Deployment' });
    expect(fact('Ready')).toHaveTextContent(/^no$/);
    expect(fact('InferenceService')).toHaveTextContent(
      /^ml-serving\/customer-churn$/,
    );
    expect(fact('Cluster')).toHaveTextContent(/^local$/);
    expect(fact('Deployment mode')).toHaveTextContent(/^Serverless$/);
    expect(within(fact('URL')).getByRole('link')).toHaveAttribute(
      'href',
      'https://customer-churn.ml-serving.example.com',
    );
    expect(fact('Internal address')).toHaveTextContent(
      'http://customer-churn.ml-serving.svc.cluster.local/v1/models/customer-churn:predict',
    );
    const served = fact('Model served');
    expect(within(served).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/customer-churn',
    );
    expect(served).toHaveTextContent(/, version 2$/);
    expect(fact('Model state')).toHaveTextContent(
      /^active Loaded · target FailedToLoad · transition BlockedByFailedLoad$/,
    );
    expect(fact('Latest ready revision')).toHaveTextContent(
      /^customer-churn-predictor-00002$/,
    );
    expect(fact('Observed at')).toHaveTextContent(/^2025-09-02 08:45 UTC$/);
  });

  it('shows the last failure with its reason, message and time', async () => {
    renderOnEntityPage(<DeploymentStatusCard />, churnDeployment);

    const failure = await screen.findByRole('alert');
    expect(failure).toHaveTextContent('Last failure: ModelLoadFailed');
    expect(failure).toHaveTextContent(
      'No such file: s3://mlflow/1/c3c3/artifacts/model/model.pkl',
    );
    expect(failure).toHaveTextContent('at 2025-09-02 08:40 UTC · exit code 1');
  });

  it('says yes for a ready deployment without failures or URL yet', async () => {
    renderOnEntityPage(
      <DeploymentStatusCard />,
      withInferenceService(churnDeployment, {
        ready: true,
        lastFailure: undefined,
        url: undefined,
        modelState: undefined,
      }),
    );

    await screen.findByRole('heading', { name: 'Deployment' });
    expect(fact('Ready')).toHaveTextContent(/^yes$/);
    expect(fact('URL')).toHaveTextContent(/^none yet$/);
    expect(fact('Model state')).toHaveTextContent(/^not reported$/);
    expect(screen.queryByText(/Last failure/)).not.toBeInTheDocument();
  });

  it('falls back to the declared model when the provider matched none', async () => {
    renderOnEntityPage(
      <DeploymentStatusCard />,
      withSpec(churnDeployment, { servedModel: undefined }),
    );

    await screen.findByRole('heading', { name: 'Deployment' });
    const served = fact('Model served');
    expect(within(served).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/customer-churn',
    );
    expect(served).not.toHaveTextContent('version');
  });

  it('says where live status comes from for a deployment declared in YAML', async () => {
    renderOnEntityPage(<DeploymentStatusCard />, yamlDeployment);

    await screen.findByRole('heading', { name: 'Deployment' });
    expect(screen.getByText(/Live status/)).toHaveTextContent(
      'comes from the KServe provider, configured by catalog.providers.kserve',
    );
    expect(fact('InferenceService')).toHaveTextContent(
      /^ml-serving\/customer-churn$/,
    );
    expect(within(fact('Model served')).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/customer-churn',
    );
    expect(
      screen.queryByRole('row', { name: /^Ready/ }),
    ).not.toBeInTheDocument();
  });

  it('says no model is linked when nothing names one', async () => {
    renderOnEntityPage(<DeploymentStatusCard />, {
      ...yamlDeployment,
      relations: [
        { type: 'dependsOn', targetRef: 'component:default/feature-server' },
      ],
    });

    await screen.findByRole('heading', { name: 'Deployment' });
    expect(fact('Model served')).toHaveTextContent(/^no model linked$/);
  });
});
