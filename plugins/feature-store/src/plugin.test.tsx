import { Entity } from '@backstage/catalog-model';
import { ApiBlueprint } from '@backstage/frontend-plugin-api';
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
import { FeatureStoreClient } from './api';
import { featureStorePlugin } from './plugin';
import {
  churnModelFeatures,
  customerProfile,
  customerChurnModel,
  customerOrderStats,
  withSpec,
} from './__testUtils__/entities';

type ExtensionId = Parameters<typeof featureStorePlugin.getExtension>[0];

function cardFilter(id: ExtensionId) {
  const tester = createExtensionTester(featureStorePlugin.getExtension(id));
  return {
    type: tester.get(EntityCardBlueprint.dataRefs.type),
    filter: tester.get(EntityCardBlueprint.dataRefs.filterFunction)!,
  };
}

const onDemand = withSpec(customerOrderStats, { viewKind: 'on-demand' });
const streamWithCode = withSpec(customerOrderStats, {
  viewKind: 'stream',
  transformation: { mode: 'spark', code: 'def f(df): return df' },
});

describe('featureStorePlugin', () => {
  it.each<[ExtensionId, string, Entity[], Entity[]]>([
    [
      'entity-card:feature-store/feature-view-overview',
      'info',
      [customerOrderStats],
      [churnModelFeatures],
    ],
    [
      'entity-card:feature-store/feature-view-features',
      'content',
      [customerOrderStats],
      [churnModelFeatures],
    ],
    [
      'entity-card:feature-store/feature-view-transformation',
      'content',
      [onDemand, streamWithCode],
      [customerOrderStats, churnModelFeatures],
    ],
    [
      'entity-card:feature-store/feature-service-overview',
      'info',
      [churnModelFeatures],
      [customerOrderStats],
    ],
    [
      'entity-card:feature-store/feature-service-views',
      'content',
      [churnModelFeatures],
      [customerOrderStats],
    ],
    [
      'entity-card:feature-store/used-by',
      'info',
      [customerOrderStats, churnModelFeatures],
      [customerChurnModel],
    ],
    [
      'entity-card:feature-store/online-lookup',
      'content',
      [customerOrderStats, churnModelFeatures],
      [customerChurnModel],
    ],
  ])('puts the %s card (%s) on the right pages', (name, type, on, off) => {
    const card = cardFilter(name);
    expect(card.type).toBe(type);
    for (const entity of on) expect(card.filter(entity)).toBe(true);
    for (const entity of off) expect(card.filter(entity)).toBe(false);
  });

  it('provides the feature store API as a FeatureStoreClient', () => {
    const tester = createExtensionTester(
      featureStorePlugin.getExtension('api:feature-store'),
    );

    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    expect(factory.api.id).toBe('plugin.feature-store.api');
    const api = factory.factory({
      discoveryApi: { getBaseUrl: async () => 'http://backstage.test' },
      fetchApi: { fetch: async () => new Response() },
    });
    expect(api).toBeInstanceOf(FeatureStoreClient);
  });
});

describe('the pages of the feature store', () => {
  function renderPage(entity: Entity) {
    renderTestApp({
      extensions: [createTestEntityPage({ entity })],
      features: [featureStorePlugin],
      apis: [
        [
          catalogApiRef,
          catalogApiMock({ entities: [customerOrderStats, customerProfile] }),
        ],
      ],
    });
  }

  it('shows a feature view with its features, dependents and the online lookup', async () => {
    renderPage(customerOrderStats);

    // The first render loads every card's code.
    for (const name of ['Feature view', 'Features (3)', 'Used by']) {
      expect(
        await screen.findByRole('heading', { name }, { timeout: 5000 }),
      ).toBeInTheDocument();
    }
    expect(
      await screen.findByRole('heading', { name: 'Online lookup' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Look up' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Transformation' }),
    ).not.toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Feature service' }),
    ).not.toBeInTheDocument();
  });

  it('shows a feature service with its selected views and the online lookup', async () => {
    renderPage(churnModelFeatures);

    expect(
      await screen.findByRole('heading', { name: 'Feature service' }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('heading', {
        name: 'Selected feature views (2)',
      }),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Look up' }),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('heading', { name: 'Feature view' }),
    ).not.toBeInTheDocument();
  });
});
