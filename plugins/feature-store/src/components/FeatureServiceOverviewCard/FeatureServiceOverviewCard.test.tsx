import { screen, within } from '@testing-library/react';
import {
  churnModelFeatures,
  yamlChurnModelFeatures,
} from '../../__testUtils__/entities';
import { fact, renderOnEntityPage } from '../../__testUtils__/render';
import { FeatureServiceOverviewCard } from './FeatureServiceOverviewCard';

describe('FeatureServiceOverviewCard', () => {
  it('shows where the service lives in Feast, what it selects and who owns it', async () => {
    renderOnEntityPage(<FeatureServiceOverviewCard />, churnModelFeatures);

    await screen.findByRole('heading', { name: 'Feature service' });
    expect(fact('Feast project')).toHaveTextContent(/^commerce$/);
    expect(fact('Name in Feast')).toHaveTextContent(/^churn_model_features$/);
    expect(fact('Feature views')).toHaveTextContent(
      /^2 \(1 with selected features\)$/,
    );
    expect(fact('Tags')).toHaveTextContent(/^purpose: churn$/);
    expect(within(fact('Owner')).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/group/ml-engineering',
    );
  });

  it('falls back to the entity name and the spec owner', async () => {
    renderOnEntityPage(<FeatureServiceOverviewCard />, {
      ...yamlChurnModelFeatures,
      metadata: { name: 'churn-model-features' },
    });

    await screen.findByRole('heading', { name: 'Feature service' });
    expect(fact('Feast project')).toHaveTextContent(/^not annotated$/);
    expect(fact('Name in Feast')).toHaveTextContent(/^churn-model-features$/);
    expect(within(fact('Owner')).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/group/ml-engineering',
    );
  });
});
