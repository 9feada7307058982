/*
 * Access requests and "who can read this", end to end: the plugin's routes
 * in a test backend, a real database (SQLite, and PostgreSQL when CI
 * provides one) and the Polaris management double over HTTP.
 */
import request from 'supertest';
import { Knex } from 'knex';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { notificationService } from '@backstage/plugin-notifications-node';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import { PolarisManagementDouble } from '@internal/platform-doubles';
import { lakehouseTestDatabases } from '../lineage/openlineage/__testUtils__/testDatabases';
import { createOpenApiRouter } from '../schema/openapi/generated';
import { recordingAuditor } from '../__testUtils__/services';
import { createLakehouseAccess, LakehouseAccess } from './index';

jest.setTimeout(60_000);

const databases = lakehouseTestDatabases();

const ADA = 'user:default/ada';
const BOB = 'user:default/bob';
const OLGA = 'user:default/olga';
const MALLORY = 'user:default/mallory';
const SALES = 'group:default/sales';
const FCT_ORDERS = 'resource:default/fct_orders';
const CATALOG_ROLE = 'portal_gold.fct_orders';
const DAY_MS = 24 * 60 * 60 * 1000;

const dataset = (name: string, table: string, title?: string): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name,
    namespace: 'default',
    title,
    annotations: { 'lakehouse.dev/table': table },
  },
  spec: { type: 'dataset', owner: SALES },
});

const entities = [
  dataset('fct_orders', 'lakehouse.gold.fct_orders', 'Orders'),
  dataset('customers', 'lakehouse.raw.customers'),
  dataset('web_events', 'hive.web.events'),
];

/** Polaris as an administrator left it: roles the readers card must find, or leave out. */
async function startPolaris() {
  return PolarisManagementDouble.start({
    catalogs: [
      {
        name: 'warehouse',
        tables: [
          { namespace: ['gold'], name: 'fct_orders' },
          { namespace: ['raw'], name: 'customers' },
        ],
        catalogRoles: [
          {
            name: 'gold_readers',
            grants: [
              {
                type: 'namespace',
                namespace: ['gold'],
                privilege: 'TABLE_READ_DATA',
              },
            ],
          },
          {
            name: 'orders_writers',
            grants: [
              {
                type: 'table',
                namespace: ['gold'],
                tableName: 'fct_orders',
                privilege: 'TABLE_WRITE_DATA',
              },
            ],
          },
          {
            name: 'content_admins',
            grants: [{ type: 'catalog', privilege: 'CATALOG_MANAGE_CONTENT' }],
          },
          {
            // Every table privilege but reading and writing data.
            name: 'metadata_only',
            grants: [
              {
                type: 'table',
                namespace: ['gold'],
                tableName: 'fct_orders',
                privilege: 'TABLE_FULL_METADATA',
              },
            ],
          },
          {
            name: 'raw_readers',
            grants: [
              {
                type: 'namespace',
                namespace: ['raw'],
                privilege: 'TABLE_READ_DATA',
              },
            ],
          },
        ],
      },
    ],
    principalRoles: [
      {
        name: 'analysts',
        catalogRoles: { warehouse: ['gold_readers', 'orders_writers'] },
      },
      { name: 'engineers', catalogRoles: { warehouse: ['content_admins'] } },
      { name: 'auditors', catalogRoles: { warehouse: ['metadata_only'] } },
      { name: 'raw_team', catalogRoles: { warehouse: ['raw_readers'] } },
    ],
    principals: [
      { name: 'ada' },
      { name: 'bob' },
      { name: 'olga' },
      { name: 'carol', principalRoles: ['analysts'] },
      { name: 'dave', principalRoles: ['engineers'] },
      { name: 'erin', principalRoles: ['auditors'] },
      { name: 'etl-bot', principalRoles: ['analysts'] },
    ],
  });
}

/** Users may do everything but what `denied` lists; only Olga (an owner) may approve. */
function permissionPolicy(denied: Array<[user: string, permission: string]>) {
  return mockServices.permissions.mock({
    authorize: async (
      requests: EvaluatePermissionRequest[],
      options?: { credentials: any },
    ) => {
      const user = options?.credentials?.principal?.userEntityRef;
      return requests.map(r => {
        const allowed =
          r.permission.name === 'lakehouse.access-request.approve'
            ? user === OLGA
            : !denied.some(([u, p]) => u === user && p === r.permission.name);
        return {
          result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      }) as any;
    },
  });
}

interface Options {
  polaris?: PolarisManagementDouble;
  denied?: Array<[string, string]>;
  cacheSeconds?: number;
}

async function startPortal(knex: Knex, options: Options) {
  const clock = { now: new Date('2026-03-02T09:00:00.000Z') };
  const sent: any[] = [];
  const { auditor, events } = recordingAuditor();
  let access: LakehouseAccess | undefined;
  const polarisConfig = options.polaris && {
    url: options.polaris.url,
    catalog: 'warehouse',
    trinoCatalog: 'lakehouse',
    auth: { type: 'oauth2', clientId: 'root', clientSecret: 's3cr3t' },
    cacheSeconds: options.cacheSeconds ?? 30,
    principals: {
      ada: ADA,
      bob: BOB,
      olga: OLGA,
      carol: 'user:default/carol',
      dave: 'user:default/dave',
      erin: 'user:default/erin',
    },
    principalRoles: {
      analysts: 'group:default/analysts',
      engineers: 'group:default/platform',
    },
  };
  const plugin = createBackendPlugin({
    pluginId: 'lakehouse',
    register(env) {
      env.registerInit({
        deps: {
          config: coreServices.rootConfig,
          database: coreServices.database,
          logger: coreServices.logger,
          httpRouter: coreServices.httpRouter,
          httpAuth: coreServices.httpAuth,
          permissions: coreServices.permissions,
          auditor: coreServices.auditor,
          catalog: catalogServiceRef,
          notifications: notificationService,
        },
        async init(deps) {
          // The plugin's own router: requests are checked against the spec.
          const router = createOpenApiRouter();
          access = await createLakehouseAccess({
            ...deps,
            router,
            now: () => clock.now,
          });
          deps.httpRouter.use(router);
        },
      });
    },
  });
  const backend = await startTestBackend({
    features: [
      plugin,
      mockServices.rootConfig.factory({
        data: {
          lakehouse: {
            governance: {
              ...(polarisConfig ? { polaris: polarisConfig } : {}),
              accessRequests: {
                catalogRolePrefix: 'portal',
                maxDurationDays: 30,
              },
            },
          },
        },
      }),
      mockServices.database.factory({ knex }),
      catalogServiceMock.factory({ entities }),
      permissionPolicy(options.denied ?? []).factory,
      auditor.factory,
      createServiceFactory({
        service: notificationService,
        deps: {},
        factory: () => ({
          send: async (notification: any) => {
            sent.push(notification);
          },
        }),
      }),
    ],
  });
  const as = (user: string) => mockCredentials.user.header(user);
  const api = {
    create: (user: string, body: Record<string, unknown>) =>
      request(backend.server)
        .post('/api/lakehouse/access-requests')
        .set('Authorization', as(user))
        .send({
          entityRef: FCT_ORDERS,
          privilege: 'read',
          reason: 'Churn analysis',
          durationDays: 2,
          ...body,
        }),
    list: (user: string, query = '') =>
      request(backend.server)
        .get(`/api/lakehouse/access-requests${query}`)
        .set('Authorization', as(user)),
    get: (user: string, id: string) =>
      request(backend.server)
        .get(`/api/lakehouse/access-requests/${id}`)
        .set('Authorization', as(user)),
    decide: (
      user: string,
      id: string,
      action: 'approve' | 'reject',
      comment?: string,
    ) =>
      request(backend.server)
        .post(`/api/lakehouse/access-requests/${id}/${action}`)
        .set('Authorization', as(user))
        .send(comment ? { comment } : {}),
    readers: (user: string, query: string) =>
      request(backend.server)
        .get(`/api/lakehouse/governance/readers?${query}`)
        .set('Authorization', as(user)),
  };
  return {
    api,
    clock,
    sent,
    audited: (eventId: string) => events.filter(e => e.eventId === eventId),
    access: () => access!,
    stop: () => backend.stop(),
  };
}

describe.each(databases.eachSupportedId())(
  'access requests on %s',
  databaseId => {
    let polaris: PolarisManagementDouble;
    let portal: Awaited<ReturnType<typeof startPortal>>;

    beforeEach(async () => {
      polaris = await startPolaris();
      portal = await startPortal(await databases.init(databaseId), {
        polaris,
      });
    });
    afterEach(async () => {
      await portal.stop();
      await polaris.stop();
    });

    /** A pending request by `user` for the orders dataset. */
    const pendingRequest = async (user = ADA, durationDays = 2) => {
      const res = await portal.api.create(user, { durationDays });
      expect(res.status).toBe(201);
      return res.body;
    };

    const approved = async (user = ADA, durationDays = 2) => {
      const { id } = await pendingRequest(user, durationDays);
      const res = await portal.api.decide(OLGA, id, 'approve');
      expect(res.status).toBe(200);
      return res.body;
    };

    it('keeps a request pending and tells the owners', async () => {
      const res = await portal.api.create(ADA, {
        reason: '  Churn analysis  ',
        durationDays: 2.5,
      });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        entityRef: FCT_ORDERS,
        table: 'lakehouse.gold.fct_orders',
        privilege: 'read',
        reason: 'Churn analysis',
        durationDays: 2.5,
        state: 'pending',
        requestedBy: ADA,
        createdAt: '2026-03-02T09:00:00.000Z',
      });
      expect(portal.sent).toEqual([
        {
          recipients: {
            type: 'entity',
            entityRef: SALES,
            excludeEntityRef: ADA,
          },
          payload: expect.objectContaining({
            title: 'Access request for Orders',
            description: `${ADA} asks to read lakehouse.gold.fct_orders for 2.5 days: Churn analysis`,
            link: `/lakehouse/access-requests?id=${res.body.id}`,
          }),
        },
      ]);
      expect(portal.audited('access-request-create')).toEqual([
        expect.objectContaining({
          outcome: 'success',
          result: expect.objectContaining({ id: res.body.id }),
        }),
      ]);
    });

    it('shows requests to their requester and to who may approve them, to nobody else', async () => {
      const { id } = await pendingRequest(ADA);
      const ids = (res: request.Response) =>
        res.body.items.map((r: { id: string }) => r.id);
      expect(ids(await portal.api.list(ADA))).toEqual([id]);
      expect(ids(await portal.api.list(OLGA))).toEqual([id]);
      expect(ids(await portal.api.list(OLGA, '?mine=true'))).toEqual([]);
      expect(
        ids(
          await portal.api.list(OLGA, `?entityRef=${FCT_ORDERS}&state=pending`),
        ),
      ).toEqual([id]);
      expect(ids(await portal.api.list(OLGA, '?state=approved'))).toEqual([]);
      expect(ids(await portal.api.list(MALLORY))).toEqual([]);
      expect((await portal.api.get(OLGA, id)).body.id).toBe(id);
      expect((await portal.api.get(MALLORY, id)).status).toBe(404);
      expect((await portal.api.list(ADA, '?state=open')).status).toBe(400);
      expect(
        await portal
          .access()
          .pendingRequests.pendingCounts([
            FCT_ORDERS,
            'resource:default/customers',
          ]),
      ).toEqual(new Map([[FCT_ORDERS, 1]]));
    });

    it('takes one of two requests sent at once, and refuses the other', async () => {
      const [a, b] = await Promise.all([
        portal.api.create(ADA, {}),
        portal.api.create(ADA, {}),
      ]);
      expect([a.status, b.status].sort()).toEqual([201, 409]);
      expect((await portal.api.list(ADA)).body.items).toHaveLength(1);
    });

    it('refuses requests it cannot take, saying why', async () => {
      const refusal = async (
        user: string,
        body: Record<string, unknown>,
      ): Promise<[number, string]> => {
        const res = await portal.api.create(user, body);
        return [res.status, res.body.error?.message];
      };
      expect(await refusal(ADA, { reason: '   ' })).toEqual([
        400,
        'Invalid access request: reason: must say why',
      ]);
      expect((await refusal(ADA, { durationDays: 0 }))[0]).toBe(400);
      expect(await refusal(ADA, { durationDays: 31 })).toEqual([
        400,
        'Invalid access request: durationDays: must be at most 30 days (lakehouse.governance.accessRequests.maxDurationDays)',
      ]);
      expect((await refusal(ADA, { privilege: 'write' }))[0]).toBe(400);
      expect(
        await refusal(ADA, { entityRef: 'resource:default/secret_table' }),
      ).toEqual([
        404,
        'No dataset resource:default/secret_table in the catalog',
      ]);
      expect(
        await refusal(ADA, { entityRef: 'resource:default/web_events' }),
      ).toEqual([
        400,
        'The table hive.web.events is in catalog "hive", not in "lakehouse", the one Polaris catalog "warehouse" serves (lakehouse.governance.polaris.trinoCatalog)',
      ]);
      expect(await refusal(MALLORY, {})).toEqual([
        400,
        `No Polaris principal is mapped to ${MALLORY}: add one to lakehouse.governance.polaris.principals`,
      ]);
      const { id } = await pendingRequest(ADA);
      expect(await refusal(ADA, {})).toEqual([
        409,
        `You already have a pending access request for ${FCT_ORDERS}: ${id}`,
      ]);
      // Another dataset is another request.
      expect(
        (
          await portal.api.create(ADA, {
            entityRef: 'resource:default/customers',
          })
        ).status,
      ).toBe(201);
      const refused = portal.audited('access-request-create');
      expect(refused.filter(e => e.outcome === 'fail')).toHaveLength(4);
    });

    it('needs lakehouse.access-request.create to ask', async () => {
      await portal.stop();
      portal = await startPortal(await databases.init(databaseId), {
        polaris,
        denied: [[ADA, 'lakehouse.access-request.create']],
      });
      const res = await portal.api.create(ADA, {});
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You are not allowed to ask for access to datasets (lakehouse.access-request.create)',
      );
    });

    it('applies an approval in Polaris and records who approved', async () => {
      const { id } = await pendingRequest(ADA, 2.5);
      const refused = await portal.api.decide(MALLORY, id, 'approve');
      expect(refused.status).toBe(403);
      expect(refused.body.error.message).toBe(
        `You are not allowed to approve access requests for ${FCT_ORDERS} (lakehouse.access-request.approve)`,
      );

      portal.clock.now = new Date('2026-03-02T10:00:00.000Z');
      const res = await portal.api.decide(OLGA, id, 'approve', 'For Q1 only');
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        id,
        state: 'approved',
        decidedBy: OLGA,
        decidedAt: '2026-03-02T10:00:00.000Z',
        comment: 'For Q1 only',
        expiresAt: '2026-03-04T22:00:00.000Z',
        grant: {
          catalog: 'warehouse',
          catalogRole: CATALOG_ROLE,
          principalRole: 'portal_user_ada',
          privilege: 'TABLE_READ_DATA',
          securable: {
            type: 'table',
            namespace: ['gold'],
            table: 'fct_orders',
          },
        },
      });
      expect(res.body.error).toBeUndefined();

      expect(polaris.grants('warehouse', CATALOG_ROLE)).toEqual([
        {
          type: 'table',
          namespace: ['gold'],
          tableName: 'fct_orders',
          privilege: 'TABLE_READ_DATA',
        },
      ]);
      expect(polaris.principalRolesOf('ada')).toEqual(['portal_user_ada']);
      expect(polaris.catalogRolesOf('portal_user_ada', 'warehouse')).toEqual([
        CATALOG_ROLE,
      ]);

      expect(portal.sent.at(-1)).toEqual({
        recipients: { type: 'entity', entityRef: ADA },
        payload: expect.objectContaining({
          title: 'Read access to lakehouse.gold.fct_orders approved',
          link: `/lakehouse/access-requests?id=${id}`,
        }),
      });
      const [denied, done] = portal.audited('access-request-approve');
      expect(denied.outcome).toBe('fail');
      expect(done).toMatchObject({
        outcome: 'success',
        result: {
          entityRef: FCT_ORDERS,
          requestedBy: ADA,
          changes: [
            `created catalog role ${CATALOG_ROLE} in warehouse`,
            `granted TABLE_READ_DATA to catalog role ${CATALOG_ROLE}`,
            'created principal role portal_user_ada',
            'assigned principal role portal_user_ada to principal ada',
            `assigned catalog role ${CATALOG_ROLE} to principal role portal_user_ada`,
          ],
        },
      });
      expect(
        await portal
          .access()
          .grants.activeGrantees([FCT_ORDERS, 'resource:default/customers']),
      ).toEqual(new Map([[FCT_ORDERS, new Set([ADA])]]));

      const again = await portal.api.decide(OLGA, id, 'approve');
      expect(again.status).toBe(409);
      expect(again.body.error.message).toBe(
        `Access request ${id} is approved, no longer pending`,
      );
      expect((await portal.api.decide(OLGA, id, 'reject')).status).toBe(409);
    });

    it('does not let a requester approve their own request', async () => {
      const { id } = await pendingRequest(OLGA);
      const res = await portal.api.decide(OLGA, id, 'approve');
      expect(res.status).toBe(403);
      expect(res.body.error.message).toBe(
        'You cannot approve your own access request',
      );
      expect((await portal.api.get(OLGA, id)).body.state).toBe('pending');
    });

    it('rejects without touching Polaris', async () => {
      const { id } = await pendingRequest(ADA);
      expect((await portal.api.decide(MALLORY, id, 'reject')).status).toBe(403);
      const res = await portal.api.decide(
        OLGA,
        id,
        'reject',
        'Use the aggregate',
      );
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        state: 'rejected',
        decidedBy: OLGA,
        comment: 'Use the aggregate',
      });
      expect(res.body.grant).toBeUndefined();
      expect(() => polaris.grants('warehouse', CATALOG_ROLE)).toThrow(
        /no catalog role/,
      );
      expect(portal.sent.at(-1).payload.title).toBe(
        'Read access to lakehouse.gold.fct_orders rejected',
      );
      expect(portal.audited('access-request-reject').at(-1).outcome).toBe(
        'success',
      );
      // The requester may ask again.
      expect((await portal.api.create(ADA, {})).status).toBe(201);
    });

    it('takes back what it added when a later step fails, and keeps the request open with the error', async () => {
      const { id } = await pendingRequest(ADA);
      polaris.setFault({
        method: 'PUT',
        path: /^\/api\/management\/v1\/principal-roles\/[^/]+\/catalog-roles\/warehouse$/,
        status: 503,
      });
      const res = await portal.api.decide(OLGA, id, 'approve');
      const polarisError = `Polaris assignCatalogRoleToPrincipalRole (PUT /principal-roles/portal_user_ada/catalog-roles/warehouse) answered 503: ServiceUnavailableException: Service unavailable`;
      expect(res.status).toBe(502);
      expect(res.body.error.message).toBe(
        `Could not apply the grant in Polaris: ${polarisError}; took back what it had done: assigned principal role portal_user_ada to principal ada, granted TABLE_READ_DATA to catalog role ${CATALOG_ROLE}`,
      );

      // The grant that was added is gone, so is the role assignment.
      expect(polaris.grants('warehouse', CATALOG_ROLE)).toEqual([]);
      expect(polaris.principalRolesOf('ada')).toEqual([]);
      const stored = (await portal.api.get(ADA, id)).body;
      expect(stored.state).toBe('pending');
      expect(stored.error).toContain(polarisError);
      expect(portal.audited('access-request-approve').at(-1)).toMatchObject({
        outcome: 'fail',
        error: expect.stringContaining(polarisError),
      });
      expect(await portal.access().grants.activeGrantees([FCT_ORDERS])).toEqual(
        new Map(),
      );

      polaris.clearFaults();
      const retried = await portal.api.decide(OLGA, id, 'approve');
      expect(retried.status).toBe(200);
      expect(retried.body.error).toBeUndefined();
      expect(polaris.catalogRolesOf('portal_user_ada', 'warehouse')).toEqual([
        CATALOG_ROLE,
      ]);
    });

    it('revokes expired grants, keeping what another active request still needs', async () => {
      const ada = await approved(ADA, 2);
      const bob = await approved(BOB, 5);
      expect(polaris.grants('warehouse', CATALOG_ROLE)).toHaveLength(1);

      const task = portal.access().expiryTask;
      expect(task).toMatchObject({
        id: 'lakehouse-access-request-expiry',
        scope: 'global',
        frequency: { minutes: 5 },
      });

      portal.clock.now = new Date(portal.clock.now.getTime() + 3 * DAY_MS);
      await task.fn(new AbortController().signal);
      expect(polaris.catalogRolesOf('portal_user_ada', 'warehouse')).toEqual(
        [],
      );
      // Bob still reads through the same catalog role and its grant.
      expect(polaris.catalogRolesOf('portal_user_bob', 'warehouse')).toEqual([
        CATALOG_ROLE,
      ]);
      expect(polaris.grants('warehouse', CATALOG_ROLE)).toHaveLength(1);
      const expired = (await portal.api.get(ADA, ada.id)).body;
      expect(expired).toMatchObject({
        state: 'expired',
        revokedAt: portal.clock.now.toISOString(),
      });
      expect(await portal.access().grants.activeGrantees([FCT_ORDERS])).toEqual(
        new Map([[FCT_ORDERS, new Set([BOB])]]),
      );
      expect(portal.sent.at(-1)).toMatchObject({
        recipients: { entityRef: ADA },
        payload: { title: 'Read access to lakehouse.gold.fct_orders expired' },
      });

      portal.clock.now = new Date(portal.clock.now.getTime() + 3 * DAY_MS);
      expect(await portal.access().requests.expireDue()).toEqual({
        expired: [bob.id],
        failed: [],
      });
      expect(polaris.grants('warehouse', CATALOG_ROLE)).toEqual([]);
      expect(polaris.catalogRolesOf('portal_user_bob', 'warehouse')).toEqual(
        [],
      );
      expect(
        portal
          .audited('access-request-expire')
          .map(e => [e.meta.id, e.outcome, e.result.revoked]),
      ).toEqual([
        [
          ada.id,
          'success',
          [
            `unassigned catalog role ${CATALOG_ROLE} from principal role portal_user_ada`,
          ],
        ],
        [
          bob.id,
          'success',
          [
            `unassigned catalog role ${CATALOG_ROLE} from principal role portal_user_bob`,
            `revoked TABLE_READ_DATA from catalog role ${CATALOG_ROLE}`,
          ],
        ],
      ]);
    });

    it('keeps an expired grant it could not revoke approved, with the error, and retries', async () => {
      const ada = await approved(ADA, 1);
      portal.clock.now = new Date(portal.clock.now.getTime() + 2 * DAY_MS);
      polaris.setFault({ method: 'POST', path: '/grants', status: 500 });
      expect(await portal.access().requests.expireDue()).toEqual({
        expired: [],
        failed: [ada.id],
      });
      const stuck = (await portal.api.get(ADA, ada.id)).body;
      expect(stuck.state).toBe('approved');
      expect(stuck.error).toBe(
        `Could not revoke the grant: Polaris revokeGrantFromCatalogRole (POST /catalogs/warehouse/catalog-roles/${CATALOG_ROLE}/grants?cascade=false) answered 500: RuntimeException: Internal Server Error`,
      );
      // Access through the portal ends at expiresAt, revoked or not.
      expect(await portal.access().grants.activeGrantees([FCT_ORDERS])).toEqual(
        new Map(),
      );
      expect(portal.audited('access-request-expire').at(-1).outcome).toBe(
        'fail',
      );

      polaris.clearFaults();
      await expect(
        portal.access().expiryTask.fn(new AbortController().signal),
      ).resolves.toBeUndefined();
      const done = (await portal.api.get(ADA, ada.id)).body;
      expect(done.state).toBe('expired');
      expect(done.error).toBeUndefined();
      expect(polaris.grants('warehouse', CATALOG_ROLE)).toEqual([]);
    });

    it('lists who can read a dataset, through which roles, and what a group can read', async () => {
      const before = await portal.api.readers(OLGA, `entityRef=${FCT_ORDERS}`);
      expect(before.status).toBe(200);
      expect(before.body.configured).toBe(true);
      expect(before.body.polaris).toEqual({
        catalog: 'warehouse',
        namespace: ['gold'],
        table: 'fct_orders',
      });
      const summary = (readers: any[]) =>
        readers
          .map(
            r =>
              `${r.privilege} on ${r.securable.type} ${r.securable.name} via ${
                r.catalogRole
              }/${r.principalRole}${
                r.groupRef ? ` (${r.groupRef})` : ''
              }: ${r.principals
                .map((p: any) => p.userRef ?? p.name)
                .join(', ')}`,
          )
          .sort();
      // Not metadata_only (TABLE_FULL_METADATA is no data access), not
      // raw_readers (another namespace), not catalog_admin (manages access).
      expect(summary(before.body.readers)).toEqual([
        'CATALOG_MANAGE_CONTENT on catalog warehouse via content_admins/engineers (group:default/platform): user:default/dave',
        'TABLE_READ_DATA on namespace gold via gold_readers/analysts (group:default/analysts): user:default/carol, etl-bot',
        'TABLE_WRITE_DATA on table gold.fct_orders via orders_writers/analysts (group:default/analysts): user:default/carol, etl-bot',
      ]);

      await approved(ADA);
      const after = await portal.api.readers(OLGA, `entityRef=${FCT_ORDERS}`);
      expect(summary(after.body.readers)).toContain(
        `TABLE_READ_DATA on table gold.fct_orders via ${CATALOG_ROLE}/portal_user_ada: user:default/ada`,
      );

      const group = await portal.api.readers(OLGA, 'group=analysts');
      expect(group.status).toBe(200);
      expect(group.body).toEqual({
        configured: true,
        group: 'group:default/analysts',
        principalRoles: ['analysts'],
        grants: [
          {
            privilege: 'TABLE_READ_DATA',
            securable: { type: 'namespace', name: 'gold' },
            catalogRole: 'gold_readers',
            principalRole: 'analysts',
          },
          {
            privilege: 'TABLE_WRITE_DATA',
            securable: { type: 'table', name: 'gold.fct_orders' },
            catalogRole: 'orders_writers',
            principalRole: 'analysts',
            entityRef: FCT_ORDERS,
          },
        ],
      });
    });

    it('answers readers only for datasets the user may see, with lakehouse.governance.read', async () => {
      expect(
        (
          await portal.api.readers(
            OLGA,
            'entityRef=resource:default/secret_table',
          )
        ).status,
      ).toBe(404);
      expect((await portal.api.readers(OLGA, '')).status).toBe(400);
      const mismatch = await portal.api.readers(
        OLGA,
        'entityRef=resource:default/web_events',
      );
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.error.message).toContain(
        'lakehouse.governance.polaris.trinoCatalog',
      );

      await portal.stop();
      portal = await startPortal(await databases.init(databaseId), {
        polaris,
        denied: [[MALLORY, 'lakehouse.governance.read']],
      });
      const denied = await portal.api.readers(
        MALLORY,
        `entityRef=${FCT_ORDERS}`,
      );
      expect(denied.status).toBe(403);
      expect(denied.body.error.message).toBe(
        'You are not allowed to see who can read datasets (lakehouse.governance.read)',
      );
    });

    it("reuses Polaris' answers for cacheSeconds, but not after its own changes", async () => {
      await portal.stop();
      portal = await startPortal(await databases.init(databaseId), {
        polaris,
        cacheSeconds: 3600,
      });
      const readersOf = async () =>
        (
          await portal.api.readers(OLGA, 'entityRef=resource:default/customers')
        ).body.readers.flatMap((r: any) =>
          r.principals.map((p: any) => p.name),
        );
      // Dave reads every table of the catalog.
      expect(await readersOf()).toEqual(['dave']);
      // An administrator gives raw_readers to someone, outside the portal.
      const token = polaris.issueToken('root');
      const assigned = await fetch(
        `${polaris.managementUrl}/principals/erin/principal-roles`,
        {
          method: 'PUT',
          headers: {
            Authorization: `Bearer ${token}`,
            'Content-Type': 'application/json',
          },
          body: JSON.stringify({ principalRole: { name: 'raw_team' } }),
        },
      );
      expect(assigned.status).toBe(201);
      expect(await readersOf()).toEqual(['dave']);

      // An approval through the portal reads Polaris again.
      const { id } = await (
        await portal.api.create(ADA, {
          entityRef: 'resource:default/customers',
        })
      ).body;
      expect((await portal.api.decide(OLGA, id, 'approve')).status).toBe(200);
      expect((await readersOf()).sort()).toEqual(['ada', 'dave', 'erin']);
    });
  },
);

describe('without lakehouse.governance.polaris', () => {
  let portal: Awaited<ReturnType<typeof startPortal>>;
  beforeAll(async () => {
    portal = await startPortal(await databases.init('SQLITE_3'), {});
  });
  afterAll(() => portal.stop());

  it('says Polaris is not configured instead of listing readers', async () => {
    const res = await portal.api.readers(OLGA, `entityRef=${FCT_ORDERS}`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      configured: false,
      message: 'Polaris is not configured: set lakehouse.governance.polaris',
      entityRef: FCT_ORDERS,
      readers: [],
    });
  });

  it('cannot take access requests it could not apply', async () => {
    const res = await portal.api.create(ADA, {});
    expect(res.status).toBe(503);
    expect(res.body.error.message).toBe(
      'Access requests cannot be applied: Polaris is not configured: set lakehouse.governance.polaris',
    );
  });
});
