import { Entity } from '@backstage/catalog-model';
import {
  ApiBlueprint,
  coreExtensionData,
} from '@backstage/frontend-plugin-api';
import {
  createExtensionTester,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import { EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { screen } from '@testing-library/react';
import { LakehouseClient } from './api';
import { lakehousePlugin } from './plugin';
import {
  accessRequestsRouteRef,
  governanceRouteRef,
  sqlConsoleRouteRef,
} from './routes';

function dataset(spec: Record<string, unknown>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'lakehouse.gold.fct_orders' },
    spec: { type: 'dataset', owner: 'analytics-engineering', ...spec },
  };
}

const snapshot = {
  snapshotId: '3055729675574597004',
  timestamp: '2025-09-01T06:00:00Z',
};

describe('lakehousePlugin', () => {
  it('offers the History tab on datasets with snapshots only', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('entity-content:lakehouse/dataset-history'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe('/history');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('History');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(dataset({ snapshots: [snapshot] }))).toBe(true);
    expect(filter(dataset({ snapshots: [] }))).toBe(false);
  });

  it('offers the SQL tab on datasets built by a dbt model only', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('entity-content:lakehouse/dataset-sql'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe('/sql');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('SQL');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(dataset({ dbt: { rawSql: 'select 1' } }))).toBe(true);
    expect(filter(dataset({ dbt: { materialized: 'seed' } }))).toBe(false);
  });

  it('provides the lakehouse API as a LakehouseClient', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('api:lakehouse'),
    );

    const factory = tester.get(ApiBlueprint.dataRefs.factory);
    expect(factory.api.id).toBe('plugin.lakehouse.api');
    const api = factory.factory({
      discoveryApi: { getBaseUrl: async () => 'http://backstage.test' },
      fetchApi: { fetch: async () => new Response() },
    });
    expect(api).toBeInstanceOf(LakehouseClient);
  });

  it('offers the SQL console as a page of its own under /lakehouse/sql', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('page:lakehouse/sql-console'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe('/lakehouse/sql');
    expect(tester.get(coreExtensionData.title)).toBe('SQL console');
    expect(tester.get(coreExtensionData.routeRef)).toBe(sqlConsoleRouteRef);
    expect(lakehousePlugin.routes.sqlConsole).toBe(sqlConsoleRouteRef);
  });

  it('offers the Preview tab on every dataset', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('entity-content:lakehouse/dataset-preview'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe('/preview');
    expect(tester.get(EntityContentBlueprint.dataRefs.title)).toBe('Preview');
    const filter = tester.get(EntityContentBlueprint.dataRefs.filterFunction)!;
    expect(filter(dataset({}))).toBe(true);
    expect(
      filter({
        ...dataset({}),
        spec: { type: 'feature-view', owner: 'ml-engineering' },
      }),
    ).toBe(false);
  });

  it('offers the governance page under /lakehouse/governance', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('page:lakehouse/governance'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/lakehouse/governance',
    );
    expect(tester.get(coreExtensionData.title)).toBe('Governance');
    expect(tester.get(coreExtensionData.routeRef)).toBe(governanceRouteRef);
    expect(lakehousePlugin.routes.governance).toBe(governanceRouteRef);
  });

  it('offers the access requests under /lakehouse/access-requests, where notifications link', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('page:lakehouse/access-requests'),
    );

    expect(tester.get(coreExtensionData.routePath)).toBe(
      '/lakehouse/access-requests',
    );
    expect(tester.get(coreExtensionData.title)).toBe('Access requests');
    expect(tester.get(coreExtensionData.routeRef)).toBe(accessRequestsRouteRef);
    expect(lakehousePlugin.routes.accessRequests).toBe(accessRequestsRouteRef);
  });

  it('puts a link to the access requests in the header of the lakehouse pages', async () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension(
        'plugin-header-action:lakehouse/access-requests-link',
      ),
    );

    renderInTestApp(tester.reactElement(), {
      initialRouteEntries: ['/lakehouse'],
      mountedRoutes: { '/lakehouse/access-requests': accessRequestsRouteRef },
    });

    expect(
      await screen.findByRole('button', { name: 'Access requests' }),
    ).toHaveAttribute('href', '/lakehouse/access-requests');
  });

  it('puts a link to the SQL console in the header of the lakehouse pages', async () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension(
        'plugin-header-action:lakehouse/sql-console-link',
      ),
    );

    renderInTestApp(tester.reactElement(), {
      initialRouteEntries: ['/lakehouse'],
      mountedRoutes: { '/lakehouse/sql': sqlConsoleRouteRef },
    });

    expect(
      await screen.findByRole('button', { name: 'SQL console' }),
    ).toHaveAttribute('href', '/lakehouse/sql');
  });
});
