import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderTestApp,
} from '@backstage/frontend-test-utils';
import { catalogApiRef } from '@backstage/plugin-catalog-react';
import {
  catalogApiMock,
  createTestEntityPage,
} from '@backstage/plugin-catalog-react/testUtils';
import { screen } from '@testing-library/react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import {
  churnDeployment,
  customerChurn,
  yamlCustomerChurn,
  yamlDeployment,
} from './__testUtils__/entities';
import { modelsPlugin } from './plugin';

type ExtensionId = Parameters<typeof modelsPlugin.getExtension>[0];

function card(id: ExtensionId) {
  const tester = createExtensionTester(modelsPlugin.getExtension(id));
  return {
    type: tester.get(EntityCardBlueprint.dataRefs.type),
    filter: tester.get(EntityCardBlueprint.dataRefs.filterFunction)!,
  };
}

const models = [customerChurn, yamlCustomerChurn];
const deployments = [churnDeployment, yamlDeployment];

describe('modelsPlugin', () => {
  it.each<[ExtensionId, string, Entity[], Entity[]]>([
    ['entity-card:models/model-card', 'info', models, deployments],
    ['entity-card:models/model-versions', 'content', models, deployments],
    ['entity-card:models/model-metric-chart', 'content', models, deployments],
    ['entity-card:models/trained-on', 'info', models, deployments],
    ['entity-card:models/model-deployments', 'info', models, deployments],
    ['entity-card:models/deployment-status', 'info', deployments, models],
    [
      'entity-card:models/deployment-predictor',
      'info',
      [churnDeployment],
      [yamlDeployment, ...models],
    ],
    [
      'entity-card:models/deployment-conditions',
      'content',
      [churnDeployment],
      [yamlDeployment, ...models],
    ],
    [
      'entity-card:models/deployment-traffic',
      'content',
      [churnDeployment],
      [yamlDeployment, ...models],
    ],
  ])('puts the %s card (%s) on the right pages', (name, type, on, off) => {
    const { type: actual, filter } = card(name);
    expect(actual).toBe(type);
    for (const entity of on) expect(filter(entity)).toBe(true);
    for (const entity of off) expect(filter(entity)).toBe(false);
  });
});

describe('the pages of models and deployments', () => {
  function renderPage(entity: Entity) {
    renderTestApp({
      extensions: [createTestEntityPage({ entity })],
      features: [modelsPlugin],
      apis: [[catalogApiRef, catalogApiMock({ entities: [churnDeployment] })]],
    });
  }

  async function headings() {
    await screen.findAllByRole('heading');
    return screen.getAllByRole('heading').map(h => h.textContent);
  }

  it('shows a model with its card, versions, metric chart, training data and deployments', async () => {
    renderPage(customerChurn);

    await screen.findByRole(
      'heading',
      { name: 'Deployments' },
      { timeout: 5000 },
    );
    expect(await headings()).toEqual(
      expect.arrayContaining([
        'Model card',
        'Model versions (3)',
        'Metric across versions',
        'Trained on',
        'Deployments',
      ]),
    );
    expect(
      screen.getByRole('img', { name: /^accuracy by model version/ }),
    ).toBeInTheDocument();
  });

  it('shows a discovered deployment with its live status', async () => {
    renderPage(churnDeployment);

    await screen.findByRole('heading', { name: 'Traffic split' });
    expect(await headings()).toEqual(
      expect.arrayContaining([
        'Deployment',
        'Predictor',
        'Conditions',
        'Traffic split',
      ]),
    );
  });

  it('shows only what is declared for a deployment declared in YAML', async () => {
    renderPage(yamlDeployment);

    await screen.findByRole('heading', { name: 'Deployment' });
    expect(
      screen.queryByRole('heading', { name: 'Conditions' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Traffic split' }),
    ).not.toBeInTheDocument();
    expect(screen.getByText(/catalog\.providers\.kserve/)).toBeInTheDocument();
  });
});
