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

const feastSource: DatasetSourceStatus = {
  id: 'feast:commerce',
  kind: 'feast',
  target: 'file:///data/feast/registry.db',
  state: 'ok',
  datasets: 0,
  entities: 12,
  contributes: 'feature views and feature services',
  lastSuccessAt: hoursAgo(3),
};
const mlflowSource: DatasetSourceStatus = {
  id: 'mlflow:registry',
  kind: 'mlflow',
  target: 'http://mlflow:5000',
  state: 'failing',
  datasets: 0,
  entities: 1,
  lastAttemptAt: hoursAgo(1),
  lastError:
    'mlflow:registry: POST /api/2.0/mlflow/registered-models/search answered 401',
};
const kserveSource: DatasetSourceStatus = {
  id: 'kserve:local',
  kind: 'kserve',
  target: 'cluster local, namespaces ml-serving, ml-staging',
  state: 'ok',
  datasets: 0,
  lastSuccessAt: hoursAgo(1),
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

  it('counts the feature views, models and deployments of ML sources, not datasets', async () => {
    renderPanel(async () => [
      dbtSource,
      feastSource,
      mlflowSource,
      kserveSource,
    ]);

    const feast = await screen.findByRole('listitem', {
      name: 'feast:commerce',
    });
    expect(feast).toHaveTextContent(
      '12 feature views and feature services · last success 3 hours ago',
    );
    expect(feast).not.toHaveTextContent('datasets');
    expect(
      screen.getByRole('listitem', { name: 'mlflow:registry' }),
    ).toHaveTextContent('1 model · last success never');
    expect(
      screen.getByRole('listitem', { name: 'mlflow:registry' }),
    ).toHaveTextContent('answered 401');
    // A source that does not report its entity count says so rather than "0 datasets".
    expect(
      screen.getByRole('listitem', { name: 'kserve:local' }),
    ).toHaveTextContent('number of model deployments unknown');
    expect(
      screen.getByRole('listitem', { name: 'dbt:commerce' }),
    ).toHaveTextContent('17 datasets');
  });

  it('uses the words and count the backend gives for a dataset source', async () => {
    renderPanel(async () => [
      { ...dbtSource, entities: 20, contributes: 'datasets and sources' },
      { ...trinoSource, datasets: 1 },
    ]);

    expect(
      await screen.findByRole('listitem', { name: 'dbt:commerce' }),
    ).toHaveTextContent('20 datasets and sources ·');
    expect(
      screen.getByRole('listitem', { name: 'trino:warehouse' }),
    ).toHaveTextContent('1 dataset ·');
  });

  it('tells the user which providers to configure when there are no sources', async () => {
    renderPanel(async () => []);

    const hint = await screen.findByText(/No dataset sources are configured/);
    expect(hint).toHaveTextContent('catalog.providers.dbt');
    expect(hint).toHaveTextContent('catalog.providers.iceberg');
    expect(hint).toHaveTextContent('catalog.providers.trino');
    expect(hint).toHaveTextContent('catalog.providers.feast');
    expect(hint).toHaveTextContent('catalog.providers.mlflow');
    expect(hint).toHaveTextContent('catalog.providers.kserve');
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
