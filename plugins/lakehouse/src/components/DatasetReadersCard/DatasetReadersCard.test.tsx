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
import { DatasetReaders, LakehouseApi, lakehouseApiRef } from '../../api';
import { lakehousePlugin } from '../../plugin';
import { DatasetReadersCard } from './DatasetReadersCard';

const ALLOW = 'ALLOW' as AuthorizeResult.ALLOW;
const DENY = 'DENY' as AuthorizeResult.DENY;

// Permission decisions are cached by entity ref: a dataset the user may
// not read has a name of its own.
const UNREADABLE = 'lakehouse.raw.customers';

function dataset(name: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name, namespace: 'default' },
    spec: { type: 'dataset', owner: 'data-platform' },
  };
}

const readers: DatasetReaders = {
  entityRef: 'resource:default/lakehouse.gold.fct_orders',
  polaris: { catalog: 'lakehouse', namespace: ['gold'], table: 'fct_orders' },
  readers: [
    {
      privilege: 'TABLE_READ_DATA',
      securable: { type: 'namespace', name: 'gold' },
      catalogRole: 'gold_readers',
      principalRole: 'analysts',
      groupRef: 'group:default/analytics-engineering',
      principals: [
        { name: 'ada', userRef: 'user:default/ada' },
        { name: 'etl-bot' },
      ],
    },
  ],
};

function renderCard(entity: Entity, api: Partial<LakehouseApi>) {
  renderInTestApp(
    <EntityProvider entity={entity}>
      <DatasetReadersCard />
    </EntityProvider>,
    {
      apis: [
        [lakehouseApiRef, { listAccessRequests: async () => [], ...api }],
        mockApis.identity({ userEntityRef: 'user:default/dana' }),
        mockApis.permission({
          authorize: r =>
            r.permission.name === 'lakehouse.dataset.read-data' &&
            'resourceRef' in r &&
            r.resourceRef === `resource:default/${UNREADABLE}`
              ? DENY
              : ALLOW,
        }),
      ],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('DatasetReadersCard', () => {
  it('lists each privilege with its catalog and principal role and the mapped group and users', async () => {
    const getDatasetReaders = jest.fn(async () => readers);
    renderCard(dataset('lakehouse.gold.fct_orders'), { getDatasetReaders });

    const table = await screen.findByRole('table', {
      name: 'Who can read this',
    });
    const [, row] = within(table).getAllByRole('row');
    const [privilege, through, who] = within(row).getAllByRole('cell');
    expect(privilege).toHaveTextContent('TABLE_READ_DATAon namespace gold');
    expect(through).toHaveTextContent('catalog role gold_readers');
    expect(through).toHaveTextContent('principal role analysts');
    expect(
      within(who)
        .getAllByRole('link')
        .map(l => l.getAttribute('href')),
    ).toEqual([
      '/catalog/default/group/analytics-engineering',
      '/catalog/default/user/ada',
    ]);
    expect(who).toHaveTextContent(
      'Polaris principals without a Backstage user: etl-bot',
    );
    expect(screen.getByText(/^Grants on/)).toHaveTextContent(
      'Grants on lakehouse.gold.fct_orders in Apache Polaris',
    );
    expect(getDatasetReaders).toHaveBeenCalledWith(
      'resource:default/lakehouse.gold.fct_orders',
    );
    expect(
      screen.getByText('You may read the data of this dataset.'),
    ).toBeInTheDocument();
    expect(
      screen.queryByRole('button', { name: 'Request access' }),
    ).not.toBeInTheDocument();
  });

  it('offers Request access to a user who may not read the data', async () => {
    renderCard(dataset(UNREADABLE), { getDatasetReaders: async () => readers });

    expect(
      await screen.findByText('You may not read the data of this dataset.'),
    ).toBeInTheDocument();
    expect(
      await screen.findByRole('button', { name: 'Request access' }),
    ).toBeInTheDocument();
  });

  it('says where the readers come from when Polaris is not configured', async () => {
    renderCard(dataset('lakehouse.gold.fct_orders'), {
      getDatasetReaders: async () => ({
        entityRef: 'resource:default/lakehouse.gold.fct_orders',
        configured: false,
        readers: [],
      }),
    });

    expect(
      await screen.findByText(/^Who can read this comes from Apache Polaris/),
    ).toHaveTextContent(
      'Who can read this comes from Apache Polaris: configure lakehouse.governance.polaris.',
    );
    expect(screen.queryByRole('table')).not.toBeInTheDocument();
  });

  it('says when nobody holds a privilege on the table', async () => {
    renderCard(dataset('lakehouse.gold.fct_orders'), {
      getDatasetReaders: async () => ({ ...readers, readers: [] }),
    });

    expect(
      await screen.findByText(/^No Polaris principal role/),
    ).toHaveTextContent(
      "No Polaris principal role holds a privilege on lakehouse.gold.fct_orders: only the catalog's administrators can read it.",
    );
  });

  it('shows why the readers could not be loaded', async () => {
    renderCard(dataset('lakehouse.gold.fct_orders'), {
      getDatasetReaders: async () => {
        throw new Error('Polaris answered 401 Unauthorized');
      },
    });

    expect(await screen.findByRole('alert')).toHaveTextContent(
      'Polaris answered 401 Unauthorized',
    );
  });

  it('shows a progress bar while the readers load', async () => {
    renderCard(dataset('lakehouse.gold.fct_orders'), {
      getDatasetReaders: () => new Promise<never>(() => {}),
    });

    expect(await screen.findByRole('progressbar')).toBeInTheDocument();
  });
});

describe('the Who can read this card', () => {
  it('is offered on datasets only', () => {
    const tester = createExtensionTester(
      lakehousePlugin.getExtension('entity-card:lakehouse/dataset-readers'),
    );

    const filter = tester.get(EntityCardBlueprint.dataRefs.filterFunction)!;
    expect(filter(dataset('lakehouse.gold.fct_orders'))).toBe(true);
    expect(
      filter({
        ...dataset('churn'),
        spec: { type: 'feature-view', owner: 'ml-engineering' },
      }),
    ).toBe(false);
  });
});
