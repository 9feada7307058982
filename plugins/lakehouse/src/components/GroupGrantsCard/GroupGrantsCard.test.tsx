import { Entity } from '@backstage/catalog-model';
import {
  createExtensionTester,
  mockApis,
  renderInTestApp,
} from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { EntityCardBlueprint } from '@backstage/plugin-catalog-react/alpha';
import type { AuthorizeResult } from '@backstage/plugin-permission-common';
import { screen, within } from '@testing-library/react';
import { GroupGrants, LakehouseApi, lakehouseApiRef } from '../../api';
import { lakehousePlugin } from '../../plugin';
import { GroupGrantsCard } from './GroupGrantsCard';

const analytics: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Group',
  metadata: { name: 'analytics-engineering', namespace: 'default' },
  spec: { type: 'team', children: [] },
};

const grants: GroupGrants = {
  group: 'group:default/analytics-engineering',
  principalRoles: ['analysts'],
  grants: [
    {
      privilege: 'TABLE_READ_DATA',
      securable: { type: 'table', name: 'silver.dim_customers' },
      catalogRole: 'silver_readers',
      principalRole: 'analysts',
      entityRef: 'resource:default/lakehouse.silver.dim_customers',
    },
    {
      privilege: 'TABLE_READ_DATA',
      securable: { type: 'namespace', name: 'gold' },
      catalogRole: 'gold_readers',
      principalRole: 'analysts',
    },
  ],
};

function renderCard(getGroupGrants: LakehouseApi['getGroupGrants']) {
  renderInTestApp(
    <EntityProvider entity={analytics}>
      <GroupGrantsCard />
    </EntityProvider>,
    {
      apis: [
        [lakehouseApiRef, { getGroupGrants }],
        mockApis.permission({ authorize: 'ALLOW' as AuthorizeResult.ALLOW }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('GroupGrantsCard', () => {
  it('lists what the group can read, on what, through which roles', async () => {
    const getGroupGrants = jest.fn(async () => grants);
    renderCard(getGroupGrants);

    const table = await screen.findByRole('table', {
      name: 'Lakehouse grants',
    });
    const [, table1, namespace] = within(table).getAllByRole('row');
    expect(table1).toHaveTextContent(
      'TABLE_READ_DATAtable lakehouse.silver.dim_customerscatalog role silver_readers of principal role analysts',
    );
    expect(
      within(table1).getByRole('link', {
        name: 'lakehouse.silver.dim_customers',
      }),
    ).toHaveAttribute(
      'href',
      '/catalog/default/resource/lakehouse.silver.dim_customers',
    );
    expect(namespace).toHaveTextContent('namespace gold');
    expect(within(namespace).queryByRole('link')).not.toBeInTheDocument();
    expect(
      screen.getByText('Through the Polaris principal roles analysts'),
    ).toBeInTheDocument();
    expect(getGroupGrants).toHaveBeenCalledWith(
      'group:default/analytics-engineering',
    );
  });

  it('says when no principal role is mapped to the group', async () => {
    renderCard(async () => ({ ...grants, principalRoles: [], grants: [] }));

    expect(
      await screen.findByText(/^No Polaris principal role is mapped/),
    ).toBeInTheDocument();
  });

  it('says when the principal roles hold nothing', async () => {
    renderCard(async () => ({ ...grants, grants: [] }));

    expect(
      await screen.findByText(
        'Its principal roles (analysts) hold no privilege in the catalog.',
      ),
    ).toBeInTheDocument();
  });

  it('says what to configure when Polaris is not configured', async () => {
    renderCard(async () => ({
      group: 'group:default/analytics-engineering',
      principalRoles: [],
      grants: [],
      configured: false,
    }));

    expect(
      await screen.findByText(
        /^What a group can read comes from Apache Polaris/,
      ),
    ).toHaveTextContent('configure lakehouse.governance.polaris');
  });

  it('shows why the grants could not be loaded', async () => {
    renderCard(async () => {
      throw new Error('Polaris is not reachable');
    });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Polaris is not reachable',
    );
  });

  it('shows a progress bar while the grants load', async () => {
    renderCard(() => new Promise<never>(() => {}));

    expect(
      await screen.findByRole('progressbar', { name: 'Loading the grants' }),
    ).toBeInTheDocument();
  });
});

describe('the Lakehouse grants card', () => {
  it('is offered on groups only', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('entity-card:lakehouse/group-grants'),
    );

    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(analytics)).toBe(true);
    expect(filter({ ...analytics, kind: 'User' })).toBe(false);
    expect(
      filter({
        ...analytics,
        kind: 'Resource',
        spec: { type: 'dataset', owner: 'analytics-engineering' },
      }),
    ).toBe(false);
  });
});
