import { gzipSync } from 'node:zlib';
import request from 'supertest';
import { Knex } from 'knex';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import dbtEvents from './__fixtures__/dbt_postgres_events.json';
import exampleFullEvent from './__fixtures__/example_full_event.json';
import columnLineageFacet from './__fixtures__/ColumnLineageDatasetFacet_1.json';
import { lakehouseTestDatabases } from './__testUtils__/testDatabases';
import { OpenLineageStore } from './OpenLineageStore';
import { createOpenLineageRouter } from './router';

jest.setTimeout(60_000);

const databases = lakehouseTestDatabases();
const URL_PATH = '/api/lakehouse/openlineage';
const copy = <T>(value: T): T => structuredClone(value);

/** The intake on its own in a backend, as the lakehouse plugin mounts it. */
function intakePlugin(maxBodyBytes?: number) {
  return createBackendPlugin({
    pluginId: 'lakehouse',
    register(env) {
      env.registerInit({
        deps: {
          database: coreServices.database,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          auditor: coreServices.auditor,
          logger: coreServices.logger,
        },
        async init(deps) {
          deps.httpRouter.use(
            createOpenLineageRouter({
              ...deps,
              store: await OpenLineageStore.create(deps.database),
              maxBodyBytes,
            }),
          );
        },
      });
    },
  });
}

async function startIntake(
  knex: Knex,
  options: { denyLineageWrite?: boolean; maxBodyBytes?: number } = {},
) {
  const audits: any[] = [];
  const auditor = mockServices.auditor.mock();
  auditor.createEvent.mockImplementation(async (event: any) => {
    const record: any = { eventId: event.eventId };
    audits.push(record);
    return {
      success: async (o?: any) => {
        record.outcome = 'success';
        record.meta = o?.meta;
      },
      fail: async (o: any) => {
        record.outcome = 'fail';
        record.error = o.error.message;
      },
    };
  });
  const permissions = mockServices.permissions.mock({
    authorize: async (requests: EvaluatePermissionRequest[]) =>
      requests.map(r => ({
        result:
          options.denyLineageWrite &&
          r.permission.name === 'lakehouse.lineage.write'
            ? AuthorizeResult.DENY
            : AuthorizeResult.ALLOW,
      })) as any,
  });
  const backend = await startTestBackend({
    features: [
      intakePlugin(options.maxBodyBytes),
      mockServices.database.factory({ knex }),
      permissions.factory,
      auditor.factory,
    ],
  });
  return { server: backend.server, stop: () => backend.stop(), audits };
}

const asUser = mockCredentials.user.header();
const asService = mockCredentials.service.header();

describe.each(databases.eachSupportedId())(
  'POST /api/lakehouse/openlineage on %s',
  databaseId => {
    let knex: Knex;
    let intake: Awaited<ReturnType<typeof startIntake>>;

    beforeEach(async () => {
      knex = await databases.init(databaseId);
      intake = await startIntake(knex);
    });
    afterEach(() => intake.stop());

    const storedEvents = async () =>
      Number(
        (await knex('lakehouse_openlineage_events').count({ n: '*' }))[0].n,
      );
    const post = (body: unknown, auth = asUser) =>
      request(intake.server)
        .post(URL_PATH)
        .set('Authorization', auth)
        .set('Content-Type', 'application/json')
        .send(typeof body === 'string' ? body : JSON.stringify(body));

    it('accepts the dbt-ol events of a jaffle_shop run and serves their lineage', async () => {
      const ids = [];
      for (const event of dbtEvents) {
        const res = await post(event);
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      expect(new Set(ids).size).toBe(10);
      expect(await storedEvents()).toBe(10);

      const store = await OpenLineageStore.create(
        mockServices.database({ knex }),
      );
      const customers = (await store.jobs()).find(
        j => j.name === 'postgres.public.jaffle_shop.customers',
      );
      expect(customers?.inputs.map(i => i.table)).toEqual([
        'postgres.public.stg_customers',
        'postgres.public.stg_orders',
        'postgres.public.stg_payments',
      ]);
      expect(customers?.outputs.map(o => o.table)).toEqual([
        'postgres.public.customers',
      ]);
      expect(intake.audits[0]).toEqual({
        eventId: 'openlineage-event-ingest',
        outcome: 'success',
        meta: {
          id: ids[0],
          job: 'job-namespace/postgres.public.jaffle_shop.stg_customers',
          runId: '58adc230-13e5-4a1d-a2d3-ac3d6d1b4593',
          eventType: 'START',
          producer:
            'https://github.com/OpenLineage/OpenLineage/tree/0.0.1/integration/dbt',
        },
      });
    });

    it('accepts the client example with a columnLineage facet and serves its column edges', async () => {
      const event = copy(exampleFullEvent) as any;
      event.outputs[0].facets = {
        ...event.outputs[0].facets,
        ...columnLineageFacet,
      };
      const res = await post(event, asService);
      expect(res.status).toBe(201);

      const store = await OpenLineageStore.create(
        mockServices.database({ knex }),
      );
      const [job] = await store.jobs();
      expect(job).toMatchObject({
        namespace: 'my-scheduler-namespace',
        name: 'myjob.mytask',
        runId: 'ea041791-68bc-4ae1-bd89-4c8106a157e4',
      });
      expect(job.inputs).toEqual([
        {
          namespace: 'my-datasource-namespace',
          name: 'instance.schema.table',
          table: 'instance.schema.table',
          columns: ['column1'],
        },
      ]);
      const amountOff = job.outputs[0].columnLineage?.find(
        e => e.output === 'AMOUNT_OFF',
      );
      expect(amountOff?.inputs).toContainEqual({
        namespace: 'SnowflakeOpenLineage',
        name: 'DISCOUNTS',
        field: 'AMOUNT_OFF',
        transformation: 'DIRECT',
        subtype: 'IDENTITY',
      });
    });

    // The OpenLineage HTTP transport can compress its events with gzip.
    it('accepts a gzip-compressed event', async () => {
      const res = await request(intake.server)
        .post(URL_PATH)
        .set('Authorization', asService)
        .set('Content-Type', 'application/json')
        .set('Content-Encoding', 'gzip')
        .serialize(body => body)
        .send(gzipSync(JSON.stringify(exampleFullEvent)));
      expect(res.status).toBe(201);
      expect(await storedEvents()).toBe(1);
    });

    it('refuses a body that is not what its Content-Encoding says', async () => {
      const res = await post(exampleFullEvent).set('Content-Encoding', 'gzip');
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('not valid gzip data');
      expect(await storedEvents()).toBe(0);
    });

    describe('refuses a malformed event with 400 and stores nothing', () => {
      const malformed: [string, () => unknown, RegExp][] = [
        [
          'missing eventTime',
          () => {
            const event = copy(exampleFullEvent) as any;
            delete event.eventTime;
            return event;
          },
          /must have required property 'eventTime'/,
        ],
        [
          'a runId that is not a UUID',
          () => ({
            ...copy(dbtEvents[0]),
            run: { runId: '{{ any(result) }}' },
          }),
          /\/run\/runId must match format "uuid"/,
        ],
        [
          'wrong types',
          () => ({
            ...copy(exampleFullEvent),
            job: { namespace: 'x', name: 7 },
            outputs: {},
          }),
          /\/job\/name must be string; \/outputs must be array/,
        ],
        [
          'a broken columnLineage facet',
          () => {
            const event = copy(exampleFullEvent) as any;
            event.outputs[0].facets = {
              columnLineage: {
                ...columnLineageFacet.columnLineage,
                fields: [],
              },
            };
            return event;
          },
          /\/outputs\/0\/facets\/columnLineage\/fields must be object/,
        ],
        [
          'a body that is not JSON',
          () => '{"eventType": "START",',
          /the body is not JSON/,
        ],
        [
          'a body that is not an object',
          () => [copy(exampleFullEvent)],
          /must be a JSON object, not an array/,
        ],
      ];

      it.each(malformed)('%s', async (_, body, reason) => {
        const res = await post(body());
        expect(res.status).toBe(400);
        expect(res.body.error).toMatchObject({ name: 'InputError' });
        expect(res.body.error.message).toMatch(reason);
        expect(await storedEvents()).toBe(0);
        expect(intake.audits).toEqual([
          expect.objectContaining({
            eventId: 'openlineage-event-ingest',
            outcome: 'fail',
            error: res.body.error.message,
          }),
        ]);
      });
    });

    it('refuses a body over 1 MiB with 400, not 413', async () => {
      const event = copy(exampleFullEvent) as any;
      event.job.facets.documentation.description = 'x'.repeat(1024 * 1024);
      const res = await post(event);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        'the body is larger than 1048576 bytes',
      );
      expect(await storedEvents()).toBe(0);
    });

    it('refuses a request without a body', async () => {
      const res = await request(intake.server)
        .post(URL_PATH)
        .set('Authorization', asUser);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain('the request has no body');
    });

    it('refuses a request without credentials', async () => {
      const res = await post(exampleFullEvent, mockCredentials.none.header());
      expect(res.status).toBe(401);
      expect(await storedEvents()).toBe(0);
    });
  },
);

describe('who may post to the OpenLineage intake', () => {
  let knex: Knex;
  let intake: Awaited<ReturnType<typeof startIntake>>;

  beforeEach(async () => {
    knex = await databases.init('SQLITE_3');
    intake = await startIntake(knex, { denyLineageWrite: true });
  });
  afterEach(() => intake.stop());

  const storedEvents = async () =>
    Number((await knex('lakehouse_openlineage_events').count({ n: '*' }))[0].n);

  it('refuses a user without lakehouse.lineage.write with 403', async () => {
    const res = await request(intake.server)
      .post(URL_PATH)
      .set('Authorization', asUser)
      .send(exampleFullEvent);
    expect(res.status).toBe(403);
    expect(res.body.error.message).toContain('lakehouse.lineage.write');
    expect(await storedEvents()).toBe(0);
    expect(intake.audits).toEqual([
      expect.objectContaining({ outcome: 'fail' }),
    ]);
  });

  // Static and external access tokens authenticate as service principals too.
  it('accepts a backend service without that permission', async () => {
    const res = await request(intake.server)
      .post(URL_PATH)
      .set('Authorization', asService)
      .send(exampleFullEvent);
    expect(res.status).toBe(201);
    expect(await storedEvents()).toBe(1);
    expect(intake.audits).toEqual([
      expect.objectContaining({ outcome: 'success' }),
    ]);
  });
});

describe('the body limit', () => {
  it('follows maxBodyBytes', async () => {
    const knex = await databases.init('SQLITE_3');
    const intake = await startIntake(knex, { maxBodyBytes: 4096 });
    try {
      const small = await request(intake.server)
        .post(URL_PATH)
        .set('Authorization', asService)
        .send(exampleFullEvent);
      expect(small.status).toBe(201);

      const event = copy(exampleFullEvent) as any;
      event.job.facets.documentation.description = 'x'.repeat(4096);
      const large = await request(intake.server)
        .post(URL_PATH)
        .set('Authorization', asService)
        .send(event);
      expect(large.status).toBe(400);
      expect(large.body.error.message).toContain(
        'the body is larger than 4096 bytes',
      );
    } finally {
      await intake.stop();
    }
  });
});
