import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  IcebergRestCatalogDouble,
  TrinoDouble,
} from '@internal/platform-doubles';
import { readDatasetSourcesConfig } from './config';
import { createDatasetSources } from './sources/createDatasetSources';
import { LakehouseDatasetProvider } from './provider/LakehouseDatasetProvider';
import { SnapshotStore } from './provider/SnapshotStore';
import { RecordingConnection } from './__testUtils__/RecordingConnection';

jest.setTimeout(60_000);

/**
 * Fault injection: every way a source can fail must leave the catalog as it
 * was and explain, naming the source, what went wrong.
 */

const demoManifest = fs.readFileSync(
  path.resolve(
    __dirname,
    '../../../examples/lakehouse/dbt/target/manifest.json',
  ),
  'utf8',
);

describe('a failing source keeps its datasets', () => {
  let knex: Knex;
  let polaris: IcebergRestCatalogDouble;
  let trino: TrinoDouble;
  let workDir: string;

  beforeAll(async () => {
    workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-faults-'));
    polaris = await IcebergRestCatalogDouble.start({
      auth: { bearerToken: 'good-token' },
    });
    polaris.addNamespace(['gold']);
    for (const name of ['fct_orders', 'fct_order_items', 'customer_features']) {
      polaris.addTable(
        ['gold'],
        name,
        IcebergRestCatalogDouble.tableMetadata({ namespace: ['gold'], name }),
      );
    }
    trino = await TrinoDouble.start({
      catalogs: {
        hive: {
          schemas: {
            web: {
              sessions:
                'SELECT 1::BIGINT AS session_id, 2::BIGINT AS customer_id',
              clicks: 'SELECT 1::BIGINT AS click_id',
            },
          },
        },
      },
    });
  });
  afterAll(async () => {
    await polaris.stop();
    await trino.stop();
    fs.rmSync(workDir, { recursive: true, force: true });
  });

  beforeEach(() => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    polaris.clearFaults();
    trino.clearFaults();
  });
  afterEach(async () => {
    await knex.destroy();
  });

  async function providerFor(providers: object) {
    const configs = readDatasetSourcesConfig(
      new ConfigReader({ catalog: { providers } }),
    );
    const urlReader = mockServices.urlReader.mock();
    const provider = LakehouseDatasetProvider.create({
      sources: createDatasetSources(configs, urlReader),
      store: await SnapshotStore.create(mockServices.database({ knex })),
      scheduler: mockServices.scheduler.mock(),
      logger: mockServices.logger.mock(),
    });
    const connection = new RecordingConnection();
    await provider.connect(connection);
    return { provider, connection, id: configs[0].id };
  }

  async function expectKeptAfter(
    setup: { providers: object },
    breakSource: () => void | Promise<void>,
    cause: RegExp,
  ) {
    const { provider, connection, id } = await providerFor(setup.providers);
    expect(await provider.refresh(id)).toBe(true);
    const before = connection.names;
    expect(before.length).toBeGreaterThan(0);

    await breakSource();
    expect(await provider.refresh(id)).toBe(false);

    expect(connection.names).toEqual(before);
    expect(connection.mutations).toHaveLength(1);
    const [status] = provider.getStatus();
    expect(status.state).toBe('failing');
    expect(status.datasets).toBe(before.length);
    expect(status.lastError).toMatch(new RegExp(`^Dataset source ${id} \\(`));
    expect(status.lastError).toMatch(cause);
  }

  const iceberg = (extra: object = {}) => ({
    providers: {
      iceberg: {
        polaris: {
          url: polaris.url,
          catalogName: 'lakehouse',
          auth: { type: 'bearer', token: 'good-token' },
          requestTimeoutMs: 500,
          ...extra,
        },
      },
    },
  });

  it('when the Iceberg catalog answers 503', () =>
    expectKeptAfter(
      iceberg(),
      () => polaris.setFault({ status: 503 }),
      /answered 503/,
    ));

  it('when the Iceberg catalog answers 401', () =>
    expectKeptAfter(
      iceberg(),
      () =>
        polaris.setFault({
          status: 401,
          body: '{"error":{"message":"Not authorized","type":"NotAuthorizedException","code":401}}',
        }),
      /answered 401: NotAuthorizedException: Not authorized/,
    ));

  it('when a request times out', () =>
    expectKeptAfter(
      iceberg(),
      () => polaris.setFault({ delayMs: 2_000 }),
      /timed out after 500 ms/,
    ));

  it('when the JSON is truncated', () =>
    expectKeptAfter(
      iceberg(),
      () => polaris.setFault({ truncate: true }),
      /not valid JSON .*truncated/,
    ));

  it('when the listing comes back empty', () =>
    expectKeptAfter(
      iceberg(),
      () => polaris.setFault({ emptyListing: true }),
      /would remove 3 of 3 datasets \(100 %\), more than the allowed 20 %/,
    ));

  it('when the Iceberg catalog is unreachable', async () => {
    const gone = await IcebergRestCatalogDouble.start();
    gone.addNamespace(['gold']);
    gone.addTable(
      ['gold'],
      'fct_orders',
      IcebergRestCatalogDouble.tableMetadata({
        namespace: ['gold'],
        name: 'fct_orders',
      }),
    );
    await expectKeptAfter(
      {
        providers: {
          iceberg: { gone: { url: gone.url, catalogName: 'lakehouse' } },
        },
      },
      () => gone.stop(),
      /GET \/v1\/config failed: .*(ECONNREFUSED|other side closed)/,
    );
  });

  it('when Trino fails', () =>
    expectKeptAfter(
      {
        providers: {
          trino: { adhoc: { server: trino.url, catalogs: ['hive'] } },
        },
      },
      () => trino.setFault({ status: 503 }),
      /Listing the tables of catalog hive (could not be sent|failed)/,
    ));

  const manifestFile = (name: string, text: string) => {
    const file = path.join(workDir, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const dbt = (file: string) => ({
    providers: { dbt: { demo: { target: file } } },
  });

  it('when the manifest is of the wrong version', () => {
    const file = manifestFile('version.json', demoManifest);
    return expectKeptAfter(
      dbt(file),
      () => {
        fs.writeFileSync(
          file,
          demoManifest.replace('/manifest/v12.json', '/manifest/v11.json'),
        );
      },
      /v11.*v12 is required/,
    );
  });

  it('when the manifest is truncated', () => {
    const file = manifestFile('truncated.json', demoManifest);
    return expectKeptAfter(
      dbt(file),
      () => fs.writeFileSync(file, demoManifest.slice(0, 5000)),
      /looks truncated/,
    );
  });

  it('when the manifest cannot be read', () => {
    const file = manifestFile('missing.json', demoManifest);
    return expectKeptAfter(
      dbt(file),
      () => fs.rmSync(file),
      /cannot read .*missing\.json: ENOENT/,
    );
  });

  it('and recovers once the source answers again', async () => {
    const { provider, connection, id } = await providerFor(iceberg().providers);
    await provider.refresh(id);
    polaris.setFault({ status: 500 });
    await provider.refresh(id);
    polaris.clearFaults();
    await provider.refresh(id);
    expect(provider.getStatus()[0]).toMatchObject({
      state: 'ok',
      lastError: undefined,
      datasets: 3,
    });
    expect(connection.names).toHaveLength(3);
  });
});

describe('Iceberg and dbt together', () => {
  it('merge the tables both know into one dataset each', async () => {
    const polaris = await IcebergRestCatalogDouble.start();
    const knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    try {
      for (const [ns, name] of [
        ['gold', 'fct_orders'],
        ['gold', 'dim_unknown_to_dbt'],
        ['silver', 'dim_customers'],
      ]) {
        polaris.addNamespace([ns]);
        polaris.addTable(
          [ns],
          name,
          IcebergRestCatalogDouble.tableMetadata({ namespace: [ns], name }),
        );
      }
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lakehouse-merge-'));
      fs.writeFileSync(path.join(dir, 'manifest.json'), demoManifest);
      const configs = readDatasetSourcesConfig(
        new ConfigReader({
          catalog: {
            providers: {
              dbt: { demo: { target: path.join(dir, 'manifest.json') } },
              iceberg: {
                polaris: { url: polaris.url, catalogName: 'lakehouse' },
              },
            },
          },
        }),
      );
      const provider = LakehouseDatasetProvider.create({
        sources: createDatasetSources(configs, mockServices.urlReader.mock()),
        store: await SnapshotStore.create(mockServices.database({ knex })),
        scheduler: mockServices.scheduler.mock(),
        logger: mockServices.logger.mock(),
      });
      const connection = new RecordingConnection();
      await provider.connect(connection);
      await provider.refresh('dbt:demo');
      await provider.refresh('iceberg:polaris');

      const entities = connection.mutations[connection.mutations.length - 1];
      expect(entities).toHaveLength(17); // 16 from dbt, one more only Iceberg knows
      const orders = entities.find(
        e => e.metadata.name === 'lakehouse.gold.fct_orders',
      )!;
      expect(orders.metadata.annotations!['lakehouse.dev/source-systems']).toBe(
        'dbt,iceberg',
      );
      expect(orders.metadata.description).toBe(
        'Order fact of the sales star schema, one row per order.',
      );
      expect(orders.spec).toMatchObject({
        format: 'iceberg',
        currentSnapshot: { snapshotId: expect.stringMatching(/^\d{19}$/) },
      });
      expect((orders.spec!.dependsOn as string[]).length).toBe(4);
      fs.rmSync(dir, { recursive: true, force: true });
    } finally {
      await polaris.stop();
      await knex.destroy();
    }
  });
});
