import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import dbtEvents from './__fixtures__/dbt_postgres_events.json';
import exampleFullEvent from './__fixtures__/example_full_event.json';
import { lakehouseTestDatabases } from './__testUtils__/testDatabases';
import { OpenLineageStore } from './OpenLineageStore';
import { OpenLineageRunEvent } from './types';
import { validateRunEvent } from './validateRunEvent';

jest.setTimeout(60_000);

const databases = lakehouseTestDatabases();
const asEvent = (body: unknown) => validateRunEvent(structuredClone(body));
const POSTGRES = 'postgres://POSTGRES_HOST:1234';

describe.each(databases.eachSupportedId())(
  'OpenLineageStore on %s',
  databaseId => {
    let knex: Knex;
    let store: OpenLineageStore;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      store = await OpenLineageStore.create(mockServices.database({ knex }));
    });

    const storedEvents = async () =>
      Number(
        (await knex('lakehouse_openlineage_events').count({ n: '*' }))[0].n,
      );

    it("keeps every dbt-ol event and answers each jaffle_shop model's lineage", async () => {
      for (const event of dbtEvents) await store.ingest(asEvent(event));
      expect(await storedEvents()).toBe(10);

      const jobs = await store.jobs();
      expect(jobs.map(j => j.name)).toEqual([
        'postgres.public.jaffle_shop.customers',
        'postgres.public.jaffle_shop.orders',
        'postgres.public.jaffle_shop.stg_customers',
        'postgres.public.jaffle_shop.stg_orders',
        'postgres.public.jaffle_shop.stg_payments',
      ]);
      const customers = jobs[0];
      expect(customers).toMatchObject({
        namespace: 'job-namespace',
        producer:
          'https://github.com/OpenLineage/OpenLineage/tree/0.0.1/integration/dbt',
        runId: 'ec2a7f70-6dda-4933-ae9b-19d7a376bfad',
        eventType: 'COMPLETE',
        eventTime: '2022-12-14T21:28:17.140203Z',
      });
      expect(customers.inputs.map(i => [i.namespace, i.name, i.table])).toEqual(
        [
          [
            POSTGRES,
            'postgres.public.stg_customers',
            'postgres.public.stg_customers',
          ],
          [
            POSTGRES,
            'postgres.public.stg_orders',
            'postgres.public.stg_orders',
          ],
          [
            POSTGRES,
            'postgres.public.stg_payments',
            'postgres.public.stg_payments',
          ],
        ],
      );
      expect(customers.outputs).toEqual([
        {
          namespace: POSTGRES,
          name: 'postgres.public.customers',
          table: 'postgres.public.customers',
          columns: [
            'non_empty_column',
            'empty_column',
            'customer_id',
            'first_name',
            'last_name',
            'first_order',
            'most_recent_order',
            'number_of_orders',
            'total_order_amount',
          ],
        },
      ]);
      expect(jobs[3].inputs).toEqual([]);
      expect(jobs[3].outputs.map(o => o.table)).toEqual([
        'postgres.public.stg_orders',
      ]);
    });

    it('answers the run that started last, even when an older run reports later', async () => {
      const [startOld, completeOld] = dbtEvents
        .filter(e => e.job.name === 'postgres.public.jaffle_shop.orders')
        .map(asEvent);
      await store.ingest(startOld);
      await store.ingest(completeOld);

      const rerun: OpenLineageRunEvent = {
        ...asEvent(startOld),
        eventType: 'START',
        eventTime: '2022-12-15T08:00:00Z',
        run: { runId: '6c1d3c1e-3f0c-4d53-8b8e-2a4f7b0f9a10' },
        inputs: [{ namespace: POSTGRES, name: 'postgres.public.stg_orders' }],
      };
      await store.ingest(rerun);
      await store.ingest({
        ...rerun,
        eventType: 'FAIL',
        eventTime: '2022-12-15T08:00:05Z',
        inputs: [],
        outputs: [],
      });
      // Metadata sent afterwards about the first run does not make it the latest.
      await store.ingest({
        ...asEvent(completeOld),
        eventType: 'OTHER',
        eventTime: '2022-12-15T09:00:00Z',
      });

      const [orders] = await store.jobs();
      expect(orders).toMatchObject({
        runId: '6c1d3c1e-3f0c-4d53-8b8e-2a4f7b0f9a10',
        eventType: 'FAIL',
        eventTime: '2022-12-15T08:00:05Z',
      });
      expect(orders.inputs.map(i => i.table)).toEqual([
        'postgres.public.stg_orders',
      ]);
      expect(orders.outputs.map(o => o.table)).toEqual([
        'postgres.public.orders',
      ]);
    });

    it('tells readers that the lineage changed', async () => {
      const before = await store.version();
      await store.ingest(asEvent(exampleFullEvent));
      const after = await store.version();
      expect(after).not.toBe(before);
      expect(await store.version()).toBe(after);
    });

    it('maps two-part names in namespaces configured to name a catalog', async () => {
      const named = await OpenLineageStore.create(
        mockServices.database({ knex }),
        { namespaceCatalogs: { 'my-datasource-namespace': 'lakehouse' } },
      );
      const event = asEvent(exampleFullEvent);
      event.inputs![0].name = 'bronze.orders';
      await named.ingest(event);
      const [job] = await named.jobs();
      expect(job.inputs[0].table).toBe('lakehouse.bronze.orders');
      expect(job.outputs[0].table).toBe('instance.schema.table');
    });
  },
);
