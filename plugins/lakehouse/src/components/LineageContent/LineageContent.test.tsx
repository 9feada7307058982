import { Entity } from '@backstage/catalog-model';
import { coreExtensionData } from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { lakehouseApiRef } from '../../api';
import { lakehousePlugin } from '../../plugin';
import { lineageRouteRef } from '../../routes';
import { stubBrowserLayoutForXyflow } from '../LineageGraphView/jsdomStubs';
import {
  demoImpact,
  demoLineage,
  FCT_ORDERS,
} from '../LineageExplorer/fixtures';
import { entityColumns, LineageContent } from './LineageContent';

stubBrowserLayoutForXyflow();
jest.setTimeout(30_000);

const fctOrders: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name: 'lakehouse.gold.fct_orders' },
  spec: {
    type: 'dataset',
    owner: 'analytics-engineering',
    columns: [
      { name: 'order_id' },
      { name: 'revenue' },
      { name: 'order_date' },
    ],
  },
};

const entity = (kind: string, type: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind,
  metadata: { name: 'x' },
  spec: { type, owner: 'ml-platform' },
});

describe('LineageContent', () => {
  it("shows the dataset's lineage and links to the explorer", async () => {
    const api = {
      getLineage: jest.fn(async () => demoLineage),
      getImpact: jest.fn(async () => demoImpact),
    };
    renderInTestApp(
      <EntityProvider entity={fctOrders}>
        <LineageContent />
      </EntityProvider>,
      {
        apis: [[lakehouseApiRef, api]],
        mountedRoutes: {
          '/catalog/:namespace/:kind/:name': entityRouteRef,
          '/lakehouse/lineage': lineageRouteRef,
        },
      },
    );

    const figure = await screen.findByRole('figure', { name: 'Lineage graph' });
    expect(
      await within(figure).findByRole('group', { name: 'raw_orders' }),
    ).toBeInTheDocument();
    expect(api.getLineage).toHaveBeenCalledWith(
      expect.objectContaining({ entityRef: FCT_ORDERS }),
    );
    expect(
      screen.getByRole('button', { name: 'Open in lineage explorer' }),
    ).toHaveAttribute(
      'href',
      `/lakehouse/lineage?entityRef=${encodeURIComponent(FCT_ORDERS)}`,
    );
    expect(screen.getByRole('heading', { name: 'Impact' })).toBeInTheDocument();

    // The dataset's own columns are offered in column mode.
    await userEvent.click(screen.getByRole('switch', { name: 'Column mode' }));
    expect(
      within(screen.getByRole('combobox', { name: 'Column' }))
        .getAllByRole('option')
        .map(o => o.textContent),
    ).toEqual(['All columns', 'order_id', 'revenue', 'order_date']);
  });

  it('reads the columns of datasets and the features of feature views', () => {
    expect(entityColumns(fctOrders)).toEqual([
      'order_id',
      'revenue',
      'order_date',
    ]);
    expect(
      entityColumns({
        ...entity('Resource', 'feature-view'),
        spec: { type: 'feature-view', features: [{ name: 'avg_revenue' }] },
      }),
    ).toEqual(['avg_revenue']);
    expect(entityColumns(entity('Resource', 'ai-model'))).toBeUndefined();
  });
});

describe('the Lineage tab', () => {
  it('is offered on datasets, feature views and services, models and deployments only', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('entity-content:lakehouse/lineage'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe('/lineage');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Lineage');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(entity('Resource', 'dataset'))).toBe(true);
    expect(filter(entity('Resource', 'feature-view'))).toBe(true);
    expect(filter(entity('Resource', 'feature-service'))).toBe(true);
    expect(filter(entity('Resource', 'ai-model'))).toBe(true);
    expect(filter(entity('Component', 'model-server'))).toBe(true);
    expect(filter(entity('Component', 'service'))).toBe(false);
    expect(filter(entity('Component', 'data-pipeline'))).toBe(false);
  });

  it('puts the explorer at /lakehouse/lineage, a route of the plugin', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('page:lakehouse/lineage'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe('/lakehouse/lineage');
    expect(tester.get(coreExtensionData.title)).toBe('Lineage explorer');
    expect(tester.get(coreExtensionData.routeRef)).toBe(lineageRouteRef);
    expect(lakehousePlugin.routes.lineage).toBe(lineageRouteRef);
  });
});
