import { Entity } from '@backstage/catalog-model';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { screen, within } from '@testing-library/react';
import {
  churnModelFeatures,
  customerChurnModel,
  customerOrderStats,
  yamlCustomerOrderStats,
} from '../../__testUtils__/entities';
import { renderOnEntityPage } from '../../__testUtils__/render';
import { UsedByCard } from './UsedByCard';

function renderCard(entity: Entity, catalog: Entity[] | { error: Error }) {
  const catalogApi =
    'error' in catalog
      ? catalogApiMock.mock({
          getEntitiesByRefs: jest.fn().mockRejectedValue(catalog.error),
        })
      : catalogApiMock({ entities: catalog });
  renderOnEntityPage(<UsedByCard />, entity, [[catalogApiRef, catalogApi]]);
}

describe('UsedByCard', () => {
  it('groups the dependents of a feature view into feature services and models', async () => {
    renderCard(customerOrderStats, [churnModelFeatures, customerChurnModel]);

    const services = await screen.findByRole('list', {
      name: 'Feature services',
    });
    expect(
      within(services).getByRole('link', { name: /churn_model_features/ }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/commerce.churn_model_features',
    );
    const models = screen.getByRole('list', { name: 'Models' });
    expect(
      within(models).getByRole('link', { name: /customer-churn/ }),
    ).toHaveAttribute('href', '/catalog/default/resource/customer-churn');
    expect(
      screen.getByRole('heading', { name: 'Feature services (1)' }),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Models (1)' }),
    ).toBeInTheDocument();
  });

  it('lists the models trained with a feature service that selects the view', async () => {
    const view = {
      ...customerOrderStats,
      relations: [
        {
          type: 'dependencyOf',
          targetRef: 'resource:default/commerce.churn_model_features',
        },
      ],
    };
    const service = {
      ...churnModelFeatures,
      relations: [
        { type: 'dependencyOf', targetRef: 'resource:default/customer-churn' },
        {
          type: 'dependencyOf',
          targetRef: 'component:default/train-customer-churn',
        },
      ],
    };
    renderCard(view, [service, customerChurnModel]);

    const models = await screen.findByRole('list', { name: 'Models' });
    expect(
      within(models).getByRole('link', { name: /customer-churn/ }),
    ).toHaveAttribute('href', '/catalog/default/resource/customer-churn');
    expect(
      screen.getByRole('heading', { name: 'Feature services (1)' }),
    ).toBeInTheDocument();
    // The training pipeline uses the service, not the view: not listed.
    expect(
      screen.queryByRole('list', { name: 'Other' }),
    ).not.toBeInTheDocument();
  });

  it('keeps a dependent the catalog does not return, under Other', async () => {
    renderCard(customerOrderStats, [churnModelFeatures]);

    const other = await screen.findByRole('list', { name: 'Other' });
    expect(within(other).getByRole('link')).toHaveAttribute(
      'href',
      '/catalog/default/resource/customer-churn',
    );
    expect(
      screen.queryByRole('list', { name: 'Models' }),
    ).not.toBeInTheDocument();
  });

  it('says what would appear when nothing uses the view', async () => {
    renderCard(yamlCustomerOrderStats, []);

    expect(
      await screen.findByText(/Nothing uses this feature view yet/),
    ).toHaveTextContent('Feature services that select it');
  });

  it('shows why the dependents could not be read', async () => {
    renderCard(customerOrderStats, {
      error: new Error('catalog answered 500'),
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not read the dependents from the catalog',
    );
    expect(alert).toHaveTextContent('catalog answered 500');
  });
});
