import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { ModelDeploymentCard } from './ModelDeploymentCard';

/** Modelled on customer-churn-predictor in examples/catalog/ml.yaml. */
const predictor: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: {
    name: 'customer-churn-predictor',
    title: 'customer-churn predictor',
    annotations: {
      'lakehouse.dev/inferenceservice': 'ml-serving/customer-churn',
      'lakehouse.dev/mlflow-model-name': 'customer-churn',
    },
  },
  spec: {
    type: 'model-server',
    lifecycle: 'production',
    owner: 'ml-engineering',
    dependsOn: ['resource:default/customer-churn'],
  },
  relations: [
    { type: 'dependsOn', targetRef: 'resource:default/customer-churn' },
    { type: 'ownedBy', targetRef: 'group:default/ml-engineering' },
  ],
};

function renderCard(entity: Entity) {
  return renderInTestApp(
    <EntityProvider entity={entity}>
      <ModelDeploymentCard />
    </EntityProvider>,
    { mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef } },
  );
}

/** The value cell next to a label of the card's metadata table. */
function valueOf(label: string) {
  const row = screen.getByRole('row', { name: new RegExp(`^${label}`) });
  return within(row).getAllByRole('cell')[1];
}

describe('ModelDeploymentCard', () => {
  it('shows the name and namespace of the InferenceService', async () => {
    renderCard(predictor);

    expect(await screen.findByText('Model deployment')).toBeInTheDocument();
    expect(valueOf('Inference Service')).toHaveTextContent(/^customer-churn$/);
    expect(valueOf('Namespace')).toHaveTextContent(/^ml-serving$/);
  });

  it('links to the registered model the deployment serves', async () => {
    renderCard(predictor);

    const served = valueOf('Serves Model');
    const link = await within(served).findByRole('link', {
      name: /customer-churn/,
    });
    expect(link).toHaveAttribute(
      'href',
      '/catalog/default/resource/customer-churn',
    );
    expect(served).not.toHaveTextContent('no model linked');
  });

  it('only counts resources as served models, not other dependencies', async () => {
    renderCard({
      ...predictor,
      relations: [
        { type: 'dependsOn', targetRef: 'component:default/feature-server' },
        { type: 'dependencyOf', targetRef: 'resource:default/customer-churn' },
      ],
    });

    expect(await screen.findByText('Model deployment')).toBeInTheDocument();
    const served = valueOf('Serves Model');
    expect(served).toHaveTextContent('no model linked');
    expect(within(served).queryByRole('link')).not.toBeInTheDocument();
  });

  it('says so when the InferenceService annotation is missing', async () => {
    renderCard({
      ...predictor,
      metadata: { name: 'unannotated-server' },
      relations: [],
    });

    expect(await screen.findByText('Model deployment')).toBeInTheDocument();
    expect(valueOf('Inference Service')).toHaveTextContent('not annotated');
    expect(valueOf('Namespace')).toHaveTextContent('unknown');
    expect(valueOf('Serves Model')).toHaveTextContent('no model linked');
  });

  it('shows a bare InferenceService name without inventing a namespace', async () => {
    renderCard({
      ...predictor,
      metadata: {
        name: 'bare-server',
        annotations: { 'lakehouse.dev/inferenceservice': 'customer-churn' },
      },
    });

    expect(await screen.findByText('Model deployment')).toBeInTheDocument();
    expect(valueOf('Inference Service')).toHaveTextContent(/^customer-churn$/);
    expect(valueOf('Namespace')).toHaveTextContent('unknown');
  });
});
