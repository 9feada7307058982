import knexFactory, { Knex } from 'knex';
import { mockServices } from '@backstage/backend-test-utils';
import { RecordingConnection } from '../__testUtils__/RecordingConnection';
import { DatasetFragment } from '../model/fragment';
import {
  DatasetSource,
  LakehouseDatasetProvider,
} from './LakehouseDatasetProvider';
import { SnapshotStore } from './SnapshotStore';

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

  async function start(
    sources: DatasetSource[],
    mutationSize?: number,
    connection = new RecordingConnection(),
  ) {
    const provider = LakehouseDatasetProvider.create({
      sources,
      store,
      scheduler,
      logger,
      mutationSize,
    });
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

  describe('hands changes to the catalog', () => {
    const kinds = (connection: RecordingConnection) =>
      connection.received.map(m =>
        m.type === 'full'
          ? `full ${m.entities.length}`
          : `delta +${m.added.length} -${m.removed.length}`,
      );

    it('in parts on a first ingestion, so the catalog starts on the first datasets while the rest follow', async () => {
      const dbt = scriptedSource('dbt:demo');
      const { provider, connection } = await start([dbt], 100);
      dbt.answers.push(tables(250));
      await provider.refresh('dbt:demo');

      // The catalog holds the first hundred after the first mutation; the
      // closing full mutation removes whatever no source produces.
      expect(kinds(connection)).toEqual([
        'delta +100 -0',
        'delta +100 -0',
        'delta +50 -0',
        'full 250',
      ]);
      expect(connection.mutations[0]).toHaveLength(100);
      expect(connection.current).toHaveLength(250);
    });

    it('as one full mutation after a restart, which also drops datasets no source produces any more', async () => {
      const dbt = scriptedSource('dbt:demo');
      const { provider, connection } = await start([dbt], 100);
      dbt.answers.push(tables(250));
      await provider.refresh('dbt:demo');
      // Something the catalog still holds from this provider, which no
      // source produces (as if left from before the results were stored).
      await connection.applyMutation({
        type: 'delta',
        added: [
          {
            entity: {
              apiVersion: 'backstage.io/v1alpha1',
              kind: 'Resource',
              metadata: { name: 'lakehouse.gold.dropped_meanwhile' },
            },
            locationKey: 'lakehouse-datasets',
          },
        ],
        removed: [],
      });
      const sent = connection.received.length;

      await start([dbt], 100, connection); // the backend restarts
      expect(kinds(connection).slice(sent)).toEqual(['full 250']);
      expect(connection.names).toHaveLength(250);
      expect(connection.names).not.toContain(
        'lakehouse.gold.dropped_meanwhile',
      );
    });

    it('later, only the datasets that changed, were added or were removed', async () => {
      const dbt = scriptedSource('dbt:demo');
      const { provider, connection } = await start([dbt], 100);
      const before = tables(10);
      const after = [
        ...before.slice(1, 9), // t000 removed, t009 changed
        { ...before[9], description: 'Now described' },
        fragment('lakehouse.gold.t010'),
      ];
      dbt.answers.push(before, after);
      await provider.refresh('dbt:demo');
      await provider.refresh('dbt:demo');

      expect(kinds(connection)).toEqual([
        'full 10',
        'delta +0 -1',
        'delta +2 -0',
      ]);
      const [, removal, update] = connection.received;
      expect(removal).toMatchObject({
        removed: [
          {
            entityRef: 'resource:default/lakehouse.gold.t000',
            locationKey: 'lakehouse-datasets',
          },
        ],
      });
      expect(
        update.type === 'delta' &&
          update.added.map(d => [d.entity.metadata.name, d.locationKey]),
      ).toEqual([
        ['lakehouse.gold.t009', 'lakehouse-datasets'],
        ['lakehouse.gold.t010', 'lakehouse-datasets'],
      ]);
      expect(connection.names).toHaveLength(10);
      expect(
        connection.current.find(e => e.metadata.name === 'lakehouse.gold.t009')
          ?.metadata.description,
      ).toBe('Now described');
    });

    it('not at all when a source changed but its datasets did not', async () => {
      const dbt = scriptedSource('dbt:demo');
      const { provider, connection } = await start([dbt]);
      // The same tables listed in another order: a different read, the same datasets.
      dbt.answers.push(tables(5), tables(5).reverse());
      await provider.refresh('dbt:demo');
      expect(await provider.refresh('dbt:demo')).toBe(true);
      await provider.rebuild();

      expect(kinds(connection)).toEqual(['full 5']);
    });
  });
});
