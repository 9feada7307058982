import { renderInTestApp } from '@backstage/frontend-test-utils';
import { DatasetSourceStatus } from '@internal/plugin-lakehouse-common';
import { screen, within } from '@testing-library/react';
import { LakehouseApi, lakehouseApiRef } from '../../api';
import { DatasetSourcesPanel } from './DatasetSourcesPanel';

const HOUR = 3600 * 1000;
const hoursAgo = (n: number) => new Date(Date.now() - n * HOUR).toISOString();

const dbtSource: DatasetSourceStatus = {
  id: 'dbt:commerce',
  kind: 'dbt',
  target: 's3://dbt-artifacts/commerce/manifest.json',
  state: 'ok',
  datasets: 17,
  lastAttemptAt: hoursAgo(2),
  lastSuccessAt: hoursAgo(2),
};
const icebergSource: DatasetSourceStatus = {
  id: 'iceberg:polaris',
  kind: 'iceberg',
  target: 'https://polaris.example.com/api/catalog',
  state: 'failing',
  datasets: 1,
  lastAttemptAt: hoursAgo(1),
  lastSuccessAt: hoursAgo(26),
  lastError:
    'iceberg:polaris: GET https://polaris.example.com/api/catalog/v1/config answered 401 Unauthorized',
};
const trinoSource: DatasetSourceStatus = {
  id: 'trino:warehouse',
  kind: 'trino',
  target: 'http://trino:8080',
  state: 'pending',
  datasets: 0,
};

function renderPanel(getSources: LakehouseApi['getSources']) {
  renderInTestApp(<DatasetSourcesPanel />, {
    apis: [[lakehouseApiRef, { getSources }]],
  });
}

describe('DatasetSourcesPanel', () => {
  it('lists each source with its state, datasets and last success', async () => {
    renderPanel(async () => [dbtSource, icebergSource, trinoSource]);

    const list = await screen.findByRole('list', { name: 'Dataset sources' });
    const items = within(list).getAllByRole('listitem');
    expect(items).toHaveLength(3);

    const dbt = within(list).getByRole('listitem', { name: 'dbt:commerce' });
    expect(dbt).toHaveTextContent('ok');
    expect(dbt).toHaveTextContent('s3://dbt-artifacts/commerce/manifest.json');
    expect(dbt).toHaveTextContent('17 datasets · last success 2 hours ago');

    const trino = within(list).getByRole('listitem', {
      name: 'trino:warehouse',
    });
    expect(trino).toHaveTextContent('pending');
    expect(trino).toHaveTextContent('0 datasets · last success not run yet');
  });

  it('shows why a failing source fails', async () => {
    renderPanel(async () => [dbtSource, icebergSource]);

    const iceberg = await screen.findByRole('listitem', {
      name: 'iceberg:polaris',
    });
    expect(iceberg).toHaveTextContent('failing');
    expect(iceberg).toHaveTextContent('1 dataset · last success yesterday');
    expect(
      within(iceberg).getByText(/answered 401 Unauthorized$/),
    ).toHaveTextContent(icebergSource.lastError!);
    // A healthy source shows no error text.
    expect(
      screen.getByRole('listitem', { name: 'dbt:commerce' }),
    ).not.toHaveTextContent('Unauthorized');
  });

  it('tells the user which providers to configure when there are no sources', async () => {
    renderPanel(async () => []);

    const hint = await screen.findByText(/No dataset sources are configured/);
    expect(hint).toHaveTextContent('catalog.providers.dbt');
    expect(hint).toHaveTextContent('catalog.providers.iceberg');
    expect(hint).toHaveTextContent('catalog.providers.trino');
    expect(screen.queryByRole('list')).not.toBeInTheDocument();
  });

  it('shows the error when the state of the sources cannot be read', async () => {
    renderPanel(async () => {
      throw new Error('Request failed with 503 Service Unavailable');
    });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'Could not read the state of the dataset sources',
    );
    expect(alert).toHaveTextContent('Request failed with 503');
  });

  it('shows progress while the sources load', async () => {
    renderPanel(() => new Promise<never>(() => {}));

    expect(
      await screen.findByRole('progressbar', {
        name: 'Loading dataset sources',
      }),
    ).toBeInTheDocument();
  });
});
