import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { DriftMonitor } from '@internal/plugin-lakehouse-common';
import { screen, within } from '@testing-library/react';
import { lakehouseApiRef } from '../../api';
import { lakehousePlugin } from '../../plugin';
import {
  CHURN_MODEL_REF,
  churnFeatureView,
  churnModel,
  churnMonitor,
} from '../DriftContent/fixtures';
import { DriftSummaryCard } from './DriftSummaryCard';

function renderCard(monitors: DriftMonitor[], entity: Entity = churnModel) {
  const api = { listDriftMonitors: jest.fn(async () => monitors) };
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DriftSummaryCard />
    </EntityProvider>,
    {
      apis: [[lakehouseApiRef, api]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
  return api;
}

/** Each monitor's line: what its last run found, and which monitor when. */
async function statuses() {
  const list = await screen.findByRole('list', { name: 'Drift monitors' });
  return within(list)
    .getAllByRole('listitem')
    .map(item => item.textContent);
}

describe('DriftSummaryCard', () => {
  it('names the drifted features of the last run and links to the Drift tab', async () => {
    const api = renderCard([churnMonitor]);

    const [line] = await statuses();
    expect(line).toMatch(/^Drift in avg_order_amountChurn model inputs · /);
    expect(screen.getByTitle('2025-09-03 06:00:00 UTC')).toBeInTheDocument();
    expect(api.listDriftMonitors).toHaveBeenCalledWith({
      entityRef: CHURN_MODEL_REF,
    });
    expect(screen.getByRole('link', { name: /Show drift/ })).toHaveAttribute(
      'href',
      '/catalog/default/resource/customer-churn/drift',
    );
  });

  it('says how each monitor fared: no drift, a failed run, not run yet', async () => {
    renderCard([
      {
        ...churnMonitor,
        id: 'a',
        title: 'Inputs',
        lastReport: {
          id: 'r-1',
          createdAt: '2025-09-03T06:00:00Z',
          status: 'ok',
          drifted: false,
          driftedFeatures: [],
          featureCount: 5,
        },
      },
      {
        ...churnMonitor,
        id: 'b',
        title: 'Predictions',
        lastReport: {
          id: 'r-2',
          createdAt: '2025-09-03T06:00:00Z',
          status: 'failed',
          error: 'Table lakehouse.ml.churn_inference_log does not exist',
          drifted: false,
          driftedFeatures: [],
          featureCount: 0,
        },
      },
      { ...churnMonitor, id: 'c', title: 'Labels', lastReport: undefined },
      {
        ...churnMonitor,
        id: 'd',
        title: 'Profile',
        lastReport: {
          id: 'r-3',
          createdAt: '2025-09-03T06:00:00Z',
          status: 'ok',
          drifted: true,
          driftedFeatures: ['a1', 'a2', 'a3', 'a4', 'a5'],
          featureCount: 9,
        },
      },
    ]);

    const lines = await statuses();
    expect(lines[0]).toMatch(/^No drift in 5 featuresInputs · /);
    expect(lines[1]).toMatch(
      /^Last run failed: Table lakehouse\.ml\.churn_inference_log does not existPredictions · /,
    );
    expect(lines[2]).toBe('Not run yetLabels');
    expect(lines[3]).toMatch(/^Drift in a1, a2, a3 and 2 moreProfile · /);
  });

  it('tells what to configure when no monitor watches the feature view', async () => {
    renderCard([], churnFeatureView);

    expect(
      await screen.findByText(/No drift monitor watches this feature view\./),
    ).toHaveTextContent(
      'lakehouse.drift.monitors in app-config.yaml with entity: resource:default/commerce.churn_model_features',
    );
    expect(screen.queryByRole('link', { name: /Show drift/ })).toBeNull();
  });
});

describe('the Drift card', () => {
  it('is offered on the overview of models and feature views only', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('entity-card:lakehouse/drift-summary'),
    );

    expect(tester.get(EntityCardBlueprint.dataRefs.type)).toBe('info');
    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(churnModel)).toBe(true);
    expect(filter(churnFeatureView)).toBe(true);
    expect(
      filter({ ...churnModel, spec: { type: 'dataset', owner: 'x' } }),
    ).toBe(false);
  });
});
