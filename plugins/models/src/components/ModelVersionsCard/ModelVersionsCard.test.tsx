import { Entity } from '@backstage/catalog-model';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { EntityProvider } from '@backstage/plugin-catalog-react';
import { screen, within } from '@testing-library/react';
import { ModelVersionsCard } from './ModelVersionsCard';

/** Modelled on customer-churn in examples/catalog/ml.yaml. */
const customerChurn: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'customer-churn',
    description:
      'Predicts whether a customer will place no order in the next 90 days.',
    annotations: {
      'lakehouse.dev/mlflow-model-name': 'customer-churn',
    },
  },
  spec: {
    type: 'ai-model',
    owner: 'ml-engineering',
    versions: [
      {
        version: '1',
        stage: 'Archived',
        runId: '4f1c2b7d9e0a4c3b8d6e5f7a1b2c3d4e',
        description: 'Logistic regression baseline on order statistics.',
        metrics: { accuracy: 0.81, roc_auc: 0.84 },
      },
      {
        version: '2',
        stage: 'Production',
        aliases: ['champion'],
        runId: '9a8b7c6d5e4f40312a1b2c3d4e5f6a7b',
        description: 'Gradient-boosted trees adding profile features.',
        metrics: { accuracy: 0.87, roc_auc: 0.91 },
      },
    ],
  },
};

function withVersions(versions: unknown[] | undefined, name = 'churn'): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name },
    spec: { type: 'ai-model', owner: 'ml-engineering', versions },
  } as Entity;
}

async function renderCard(entity: Entity) {
  renderInTestApp(
    <EntityProvider entity={entity}>
      <ModelVersionsCard />
    </EntityProvider>,
  );
  await screen.findByText('Model versions');
}

/** Body rows of the versions table, top to bottom. */
function versionRows() {
  const [, ...rows] = screen.getAllByRole('row');
  return rows;
}

/** The text of the first cell (the version) of each body row. */
function versionColumn() {
  return versionRows().map(
    row => within(row).getAllByRole('cell')[0].textContent,
  );
}

describe('ModelVersionsCard', () => {
  it('lists the newest version first, with its stage and alias', async () => {
    await renderCard(customerChurn);

    expect(versionColumn()).toEqual(['2', '1']);

    const [newest, oldest] = versionRows();
    expect(within(newest).getByText('Production')).toBeInTheDocument();
    expect(within(newest).getByText('champion')).toBeInTheDocument();
    expect(
      within(newest).getByText(
        'Gradient-boosted trees adding profile features.',
      ),
    ).toBeInTheDocument();
    expect(
      within(newest).getByText('9a8b7c6d5e4f40312a1b2c3d4e5f6a7b'),
    ).toBeInTheDocument();

    expect(within(oldest).getByText('Archived')).toBeInTheDocument();
    expect(within(oldest).queryByText('champion')).not.toBeInTheDocument();
  });

  it('shows the metrics of each version', async () => {
    await renderCard(customerChurn);

    const [newest, oldest] = versionRows();
    expect(
      within(newest).getByText('accuracy 0.87 · roc_auc 0.91'),
    ).toBeInTheDocument();
    expect(
      within(oldest).getByText('accuracy 0.81 · roc_auc 0.84'),
    ).toBeInTheDocument();
  });

  it('orders versions by number, not alphabetically', async () => {
    await renderCard(
      withVersions([
        { version: '2' },
        { version: '10' },
        { version: '1' },
        { version: '9' },
      ]),
    );

    expect(versionColumn()).toEqual(['10', '9', '2', '1']);
  });

  it('shows dashes for what a version does not record', async () => {
    await renderCard(withVersions([{ version: '3' }]));

    const [row] = versionRows();
    const cells = within(row)
      .getAllByRole('cell')
      .map(c => c.textContent);
    // Version, Stage, Aliases, Metrics, Description, Run
    expect(cells).toEqual(['3', '—', '', '—', '—', '—']);
  });

  it('names the MLflow registered model from its annotation', async () => {
    await renderCard({
      ...customerChurn,
      metadata: {
        name: 'customer-churn-entity',
        annotations: { 'lakehouse.dev/mlflow-model-name': 'CustomerChurn' },
      },
    });

    expect(
      screen.getByText('MLflow registered model CustomerChurn'),
    ).toBeInTheDocument();
  });

  it('falls back to the entity name when the model is not annotated', async () => {
    await renderCard(withVersions([{ version: '1' }], 'fraud-detector'));

    expect(
      screen.getByText('MLflow registered model fraud-detector'),
    ).toBeInTheDocument();
  });

  it('tells the user when no versions are registered', async () => {
    await renderCard(withVersions(undefined));

    expect(
      screen.getByText('No versions are registered for this model yet.'),
    ).toBeInTheDocument();
  });
});
