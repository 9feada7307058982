import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { DatasetFragment } from '../model/fragment';
import {
  DatasetSource,
  LakehouseDatasetProvider,
} from './LakehouseDatasetProvider';
import { SnapshotStore } from './SnapshotStore';

/** Records what the provider hands to the catalog, as the catalog would see it. */
class RecordingConnection implements EntityProviderConnection {
  mutations: DeferredEntity[][] = [];
  async applyMutation(
    mutation: { type: 'full'; entities: DeferredEntity[] } | any,
  ) {
    this.mutations.push(mutation.entities);
  }
  async refresh() {}
  get current(): Entity[] {
    return (this.mutations[this.mutations.length - 1] ?? []).map(d => d.entity);
  }
}

const fragment = (
  identifier: string,
  extra: Partial<DatasetFragment> = {},
): DatasetFragment => ({
  identifier,
  sourceKind: 'dbt',
  sourceId: 'dbt:demo',
  ...extra,
});

function tables(count: number, prefix = 'lakehouse.gold.t') {
  return Array.from({ length: count }, (_, i) =>
    fragment(`${prefix}${String(i).padStart(3, '0')}`),
  );
}

/** A source whose next answers a test scripts: fragments, or an error to throw. */
function scriptedSource(id: string, kind: DatasetSource['kind'] = 'dbt') {
  const answers: (DatasetFragment[] | Error | undefined)[] = [];
  const source: DatasetSource & { answers: typeof answers } = {
    id,
    kind,
    target: `${kind} test target`,
    defaults: { kind, defaultOwner: 'group:default/data-platform' },
    maxRemovalShare: 0.2,
    schedule: { frequency: { minutes: 30 }, timeout: { minutes: 5 } },
    answers,
    read: async () => {
      const answer = answers.shift();
      if (answer instanceof Error) throw answer;
      return answer;
    },
  };
  return source;
}

describe('LakehouseDatasetProvider', () => {
  let knex: Knex;
  let store: SnapshotStore;
  const logger = mockServices.logger.mock();
  const scheduler = mockServices.scheduler.mock();

  beforeEach(async () => {
    knex = knexFactory({
      client: 'better-sqlite3',
      connection: ':memory:',
      useNullAsDefault: true,
    });
    store = await SnapshotStore.create(mockServices.database({ knex }));
  });
  afterEach(async () => {
    await knex.destroy();
  });

  async function start(sources: DatasetSource[]) {
    const provider = LakehouseDatasetProvider.create({
      sources,
      store,
      scheduler,
      logger,
    });
    const connection = new RecordingConnection();
    await provider.connect(connection);
    return { provider, connection };
  }

  it('schedules every source with its own task', async () => {
    await start([
      scriptedSource('dbt:demo'),
      scriptedSource('iceberg:polaris', 'iceberg'),
    ]);
    const ids = scheduler.scheduleTask.mock.calls.map(([task]) => task.id);
    expect(ids).toEqual(
      expect.arrayContaining([
        'lakehouse-datasets:dbt:demo',
        'lakehouse-datasets:iceberg:polaris',
      ]),
    );
  });

  it('emits one entity per table, merged over sources', async () => {
    const dbt = scriptedSource('dbt:demo');
    const iceberg = scriptedSource('iceberg:polaris', 'iceberg');
    const { provider, connection } = await start([dbt, iceberg]);
    dbt.answers.push([
      fragment('lakehouse.gold.fct_orders', {
        description: 'Orders',
        owner: 'analytics-engineering',
      }),
    ]);
    iceberg.answers.push([
      fragment('lakehouse.gold.fct_orders', {
        sourceKind: 'iceberg',
        sourceId: 'iceberg:polaris',
        stats: { rows: 10 },
      }),
      fragment('lakehouse.gold.only_in_iceberg', {
        sourceKind: 'iceberg',
        sourceId: 'iceberg:polaris',
      }),
    ]);
    await provider.refresh('dbt:demo');
    await provider.refresh('iceberg:polaris');

    expect(connection.current.map(e => e.metadata.name)).toEqual([
      'lakehouse.gold.fct_orders',
      'lakehouse.gold.only_in_iceberg',
    ]);
    const orders = connection.current[0];
    expect(orders.metadata.description).toBe('Orders');
    expect(orders.spec).toMatchObject({
      owner: 'analytics-engineering',
      stats: { rows: 10 },
    });
    expect(orders.metadata.annotations!['lakehouse.dev/source-systems']).toBe(
      'dbt,iceberg',
    );
  });

  it('keeps what a failing source had, and says why it failed', async () => {
    const dbt = scriptedSource('dbt:demo');
    const { provider, connection } = await start([dbt]);
    dbt.answers.push(tables(5), new Error('GET /manifest.json answered 503'));
    await provider.refresh('dbt:demo');
    expect(await provider.refresh('dbt:demo')).toBe(false);

    expect(connection.mutations).toHaveLength(1);
    expect(connection.current).toHaveLength(5);
    const [status] = provider.getStatus();
    expect(status).toMatchObject({
      id: 'dbt:demo',
      state: 'failing',
      datasets: 5,
    });
    expect(status.lastError).toBe(
      'Dataset source dbt:demo (dbt test target) failed: GET /manifest.json answered 503; keeping the 5 datasets it had',
    );
    expect(logger.error).toHaveBeenCalledWith(status.lastError);
  });

  it('refuses a refresh that would remove more than the allowed share', async () => {
    const dbt = scriptedSource('dbt:demo');
    const { provider, connection } = await start([dbt]);
    dbt.answers.push(tables(10), tables(7), []);
    await provider.refresh('dbt:demo');
    await provider.refresh('dbt:demo');

    expect(connection.current).toHaveLength(10);
    expect(provider.getStatus()[0].lastError).toContain(
      'the refresh would remove 3 of 10 datasets (30 %), more than the allowed 20 % (maxRemovalShare); refused',
    );

    await provider.refresh('dbt:demo'); // an empty listing
    expect(connection.current).toHaveLength(10);
    expect(provider.getStatus()[0].lastError).toContain(
      'would remove 10 of 10 datasets (100 %)',
    );
  });

  it('accepts a removal within the allowed share', async () => {
    const dbt = scriptedSource('dbt:demo');
    const { provider, connection } = await start([dbt]);
    dbt.answers.push(tables(10), tables(9));
    await provider.refresh('dbt:demo');
    await provider.refresh('dbt:demo');
    expect(connection.current).toHaveLength(9);
    expect(provider.getStatus()[0]).toMatchObject({ state: 'ok', datasets: 9 });
  });

  it('writes nothing when a source has not changed', async () => {
    const dbt = scriptedSource('dbt:demo');
    const { provider, connection } = await start([dbt]);
    dbt.answers.push(tables(3), tables(3), undefined);
    expect(await provider.refresh('dbt:demo')).toBe(true);
    const before = await knex('lakehouse_dataset_sources').select();
    expect(await provider.refresh('dbt:demo')).toBe(false); // same content
    expect(await provider.refresh('dbt:demo')).toBe(false); // source says not modified
    expect(connection.mutations).toHaveLength(1);
    expect(await knex('lakehouse_dataset_sources').select()).toEqual(before);
  });

  it('restores the datasets of every source after a restart, before reading any', async () => {
    const dbt = scriptedSource('dbt:demo');
    const first = await start([dbt]);
    dbt.answers.push(tables(4));
    await first.provider.refresh('dbt:demo');

    const { provider, connection } = await start([dbt]);
    expect(connection.current).toHaveLength(4);
    dbt.answers.push(new Error('connect ECONNREFUSED 127.0.0.1:9'));
    await provider.refresh('dbt:demo');
    expect(connection.current).toHaveLength(4);
    expect(provider.getStatus()[0]).toMatchObject({
      state: 'failing',
      datasets: 4,
    });
  });

  it('forgets sources that are no longer configured', async () => {
    const dbt = scriptedSource('dbt:demo');
    const old = scriptedSource('dbt:retired');
    const first = await start([dbt, old]);
    dbt.answers.push(tables(2));
    old.answers.push(tables(2, 'lakehouse.old.t'));
    await first.provider.refresh('dbt:demo');
    await first.provider.refresh('dbt:retired');
    expect(first.connection.current).toHaveLength(4);

    const { connection } = await start([dbt]);
    expect(connection.current).toHaveLength(2);
  });

  it('reports pending sources that have not run yet', async () => {
    const { provider } = await start([scriptedSource('trino:adhoc', 'trino')]);
    expect(provider.getStatus()).toEqual([
      {
        id: 'trino:adhoc',
        kind: 'trino',
        target: 'trino test target',
        state: 'pending',
        datasets: 0,
        entities: 0,
        contributes: 'datasets',
        lastAttemptAt: undefined,
        lastSuccessAt: undefined,
        lastError: undefined,
      },
    ]);
  });
});
