import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import {
  churnDeployment,
  customerChurn,
  yamlCustomerChurn,
  yamlDeployment,
} from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { ModelDeploymentsCard } from './ModelDeploymentsCard';

const scoringPipeline: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'score-customers', namespace: 'default' },
  spec: { type: 'ml-pipeline', lifecycle: 'production', owner: 'x' },
};

function renderCard(entity: Entity, catalogApi: any) {
  renderOnEntityPage(<ModelDeploymentsCard />, entity, [
    [catalogApiRef, catalogApi],
  ]);
}

describe('ModelDeploymentsCard', () => {
  it('lists the model servers with their readiness and served version, not other dependents', async () => {
    renderCard(
      customerChurn,
      catalogApiMock({ entities: [churnDeployment, scoringPipeline] }),
    );

    const list = await screen.findByRole('list', { name: 'Deployments' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(1);
    expect(within(items[0]).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/component/ml-serving.customer-churn',
    );
    expect(items[0]).toHaveTextContent('not ready · serves version 2');
  });

  it('says the live status of a YAML deployment is unknown', async () => {
    renderCard(
      yamlCustomerChurn,
      catalogApiMock({ entities: [yamlDeployment] }),
    );

    const list = await screen.findByRole('list', { name: 'Deployments' });
    expect(list).toHaveTextContent('live status unknown');
  });

  it('says how deployments are found when none serves the model', async () => {
    renderCard(
      { ...customerChurn, relations: [] },
      catalogApiMock({ entities: [] }),
    );

    expect(
      await screen.findByText(/No deployment serves this model/),
    ).toHaveTextContent('catalog.providers.kserve');
  });

  it('shows why the deployments could not be read', async () => {
    renderCard(
      customerChurn,
      catalogApiMock.mock({
        getEntitiesByRefs: jest
          .fn()
          .mockRejectedValue(new Error('catalog down')),
      }),
    );

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Could not read the deployments from the catalog',
    );
  });
});
