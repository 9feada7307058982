import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import { customerChurn, yamlCustomerChurn } from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { TrainedOnCard } from './TrainedOnCard';

const yamlFeatureService: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'churn-model-features', namespace: 'default' },
  spec: { type: 'feature-service', owner: 'ml-engineering' },
};

function renderCard(entity: Entity, catalogApi = catalogApiMock()) {
  renderOnEntityPage(<TrainedOnCard />, entity, [[catalogApiRef, catalogApi]]);
}

function links(listName: string) {
  return within(screen.getByRole('list', { name: listName }))
    .getAllByRole('link')
    .map(a => a.getAttribute('href'));
}

describe('TrainedOnCard', () => {
  it('links the feature service and the datasets the provider recorded', async () => {
    renderCard(customerChurn);

    await screen.findByRole('list', { name: 'Feature services' });
    expect(links('Feature services')).toEqual([
      '/catalog/default/resource/commerce.churn_model_features',
    ]);
    expect(links('Datasets')).toEqual([
      '/catalog/default/resource/lakehouse.gold.customer_features',
    ]);
  });

  it('finds the feature service of a YAML model among its dependencies', async () => {
    renderCard(
      yamlCustomerChurn,
      catalogApiMock({ entities: [yamlFeatureService] }),
    );

    await screen.findByRole('list', { name: 'Feature services' });
    expect(links('Feature services')).toEqual([
      '/catalog/default/resource/churn-model-features',
    ]);
    expect(
      screen.queryByRole('list', { name: 'Datasets' }),
    ).not.toBeInTheDocument();
  });

  it('says which tags link a model to its training data when none is recorded', async () => {
    renderCard({
      ...customerChurn,
      spec: { type: 'ai-model', owner: 'ml-engineering' },
      relations: [],
    });

    const hint = await screen.findByText(/No training data is recorded/);
    expect(hint).toHaveTextContent('feature_service');
    expect(hint).toHaveTextContent('training_datasets');
    expect(hint).toHaveTextContent('catalog.providers.mlflow');
  });

  it('shows why the dependencies could not be read', async () => {
    renderCard(
      yamlCustomerChurn,
      catalogApiMock.mock({
        getEntitiesByRefs: jest
          .fn()
          .mockRejectedValue(new Error('catalog down')),
      }),
    );

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not read the training data from the catalog',
    );
    expect(alert).toHaveTextContent('catalog down');
  });
});
