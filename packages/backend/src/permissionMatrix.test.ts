/*
 * The permission matrix of the portal: every HTTP endpoint of the project's
 * backend plugins and modules and every scaffolder action of the project,
 * asked by four users under the policy app-config.yaml ships:
 *
 * - owner: a member of team-a, which owns the datasets, the model and the
 *   feature view;
 * - other: a member of another group (team-b);
 * - nogroups: a user in no group;
 * - platform: a member of data-platform, the policy's platform role (the
 *   rules that allow a role need someone in it to show the allow).
 *
 * The backend is the real one: catalog, permission backend with the
 * portal's policy module, the lakehouse and feature store plugins, the
 * catalog, TechDocs and scaffolder modules, and the Polaris, Feast and
 * Kubernetes doubles behind them. The endpoints are not listed by hand: the
 * test reads them from the express routers the plugins mount, and fails
 * naming any endpoint without a row (and any row without an endpoint).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import {
  BackendFeature,
  coreServices,
  createBackendModule,
  PermissionsService,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { actionsRegistryServiceFactory } from '@backstage/backend-defaults/alpha';
import catalogBackend from '@backstage/plugin-catalog-backend';
import permissionBackend from '@backstage/plugin-permission-backend';
import scaffolderBackend from '@backstage/plugin-scaffolder-backend';
import { actionExecutePermission } from '@backstage/plugin-scaffolder-common/alpha';
import { scaffolderActionsExtensionPoint } from '@backstage/plugin-scaffolder-node';
import techdocsBackend from '@backstage/plugin-techdocs-backend';
import {
  FeastFeatureServerDouble,
  KubernetesApiDouble,
  PolarisManagementDouble,
} from '@internal/platform-doubles';
import catalogLakehouseModule from '@internal/plugin-catalog-backend-module-lakehouse';
import featureStoreBackend from '@internal/plugin-feature-store-backend';
import lakehouseBackend from '@internal/plugin-lakehouse-backend';
import scaffolderLakehouseModule from '@internal/plugin-scaffolder-backend-module-lakehouse';
import techdocsLakehouseModule from '@internal/plugin-techdocs-backend-module-lakehouse';
import { lakehousePermissionPolicyModule } from './modules/permissionPolicy';
import { createAuthWithActors } from './testing/authWithActors';
import { createEndpointRecorder, Endpoint } from './testing/endpoints';
import {
  ActionId,
  actionRuns,
  DATASETS,
  datasetRef,
  demoPaths,
  DRIFT_MONITOR,
  DRIFT_MONITORS,
  ENTITIES,
  FEAST_SEED,
  FEATURE_VIEW_REF,
  GROUPS_OF,
  MatrixUser,
  MODEL_REF,
  POLARIS_SEED,
  polarisConfig,
  templateRunning,
  userRef,
  USERS,
} from './testing/permissionMatrixFixtures';
import { userInfoWithGroups } from './testing/userInfo';

jest.setTimeout(120_000);

const repoRoot = path.resolve(__dirname, '../../..');
const DEMO = demoPaths(repoRoot);
const ACTION_RUNS = actionRuns(repoRoot);

/** The policy as shipped: `lakehouse.permissions` of the repository's app-config.yaml. */
const shippedPolicy = parseYaml(
  fs.readFileSync(path.join(repoRoot, 'app-config.yaml'), 'utf8'),
).lakehouse.permissions;

// ---------------------------------------------------------------------------
// Expected outcomes

/** The HTTP status each user gets. */
type Outcome = Record<MatrixUser, number>;

const all = (status: number): Outcome => ({
  owner: status,
  other: status,
  nogroups: status,
  platform: status,
});

/** Only members of the owning group (team-a) get `status`; the others `refused`. */
const ownersOnly = (status: number, refused = 403): Outcome => ({
  ...all(refused),
  owner: status,
});

/** Only the platform role gets `status`. */
const platformOnly = (status: number, refused = 403): Outcome => ({
  ...all(refused),
  platform: status,
});

/** The owners and the platform role: who may approve access requests. */
const approvers = (status: number, refused = 403): Outcome => ({
  ...all(refused),
  owner: status,
  platform: status,
});

// ---------------------------------------------------------------------------
// The matrix

/** A request, relative to `/api/<plugin>`. */
interface Call {
  path: string;
  body?: unknown;
}

/** One concrete request of an endpoint and what each user gets. */
interface Case {
  /** What the case is about, when an endpoint has several. */
  about?: string;
  /**
   * The request `as` sends. It may first create what the request needs,
   * such as a query of that user or an access request to decide.
   */
  call(as: MatrixUser): Call | Promise<Call>;
  expect: Outcome;
  /**
   * What a 403 must name besides the permission of the row, e.g. the
   * dataset that was refused.
   */
  refusalNames?: string[];
  /** Undoes what an allowed request changed, so that later rows see the fixture. */
  after?(as: MatrixUser, status: number): Promise<void>;
}

/** The project's own backend plugins. */
const PROJECT_PLUGINS = ['lakehouse', 'feature-store'];

/** An endpoint: its route as express has it, what decides, and its cases. */
interface Row {
  plugin: 'lakehouse' | 'feature-store' | 'catalog' | 'techdocs';
  method: 'GET' | 'POST' | 'DELETE';
  path: string;
  /**
   * `authenticated` when any signed-in user may call it (what they get may
   * still be limited to what they may see), else the permission(s) checked.
   * A refusal (403) of a row with one permission must name it.
   */
  permission: string;
  cases: Case[];
}

let backend: Awaited<ReturnType<typeof startTestBackend>>;
let scheduler: SchedulerService;
let permissions: PermissionsService;

const auth = (user: MatrixUser) => mockCredentials.user.header(userRef(user));

/** Sends a request as `user` (or without credentials) and returns the response. */
function send(
  method: string,
  url: string,
  user?: MatrixUser,
  body?: unknown,
): Promise<request.Response> {
  let req = request(backend.server)[
    method.toLowerCase() as 'get' | 'post' | 'delete'
  ](url);
  if (user) req = req.set('Authorization', auth(user));
  if (body !== undefined) req = req.send(body as object);
  return req.then(res => res);
}

/** Fails with the response's error when its status is not `status`. */
function expectStatus(res: request.Response, status: number, what: string) {
  if (res.status !== status) {
    throw new Error(
      `${what}: expected ${status}, got ${res.status} ${JSON.stringify(
        res.body?.error?.message ?? res.text?.slice(0, 300),
      )}`,
    );
  }
  return res;
}

/** Counts the rows of `table` in the SQL console as `user`; the query's id. */
async function submitQuery(user: MatrixUser, table: string) {
  const res = await send('POST', '/api/lakehouse/queries', user, {
    sql: `select count(*) as n from ${table}`,
  });
  return expectStatus(res, 202, `${user} runs a query on ${table}`).body
    .id as string;
}

let lastAccessRequest: string | undefined;

/** A new access request of `nogroups` for the plain dataset, pending. */
async function pendingAccessRequest() {
  const res = await send('POST', '/api/lakehouse/access-requests', 'nogroups', {
    entityRef: datasetRef(DATASETS.plain),
    privilege: 'read',
    reason: 'Quarterly order report',
    durationDays: 7,
  });
  lastAccessRequest = expectStatus(res, 201, 'nogroups asks for access').body
    .id as string;
  return lastAccessRequest;
}

/**
 * The owner rejects the last access request if it is still pending: a user
 * has one pending request per dataset, and the next case asks again.
 */
async function settleAccessRequest() {
  const res = await send(
    'POST',
    `/api/lakehouse/access-requests/${lastAccessRequest}/reject`,
    'owner',
    {},
  );
  if (res.status !== 409) expectStatus(res, 200, 'the owner rejects it');
}

const declassification = {
  entityRef: datasetRef(DATASETS.inherited),
  column: 'first_name',
  reason: 'Replaced by its sha256 in the next release',
};
const declassificationQuery = `entityRef=${encodeURIComponent(
  declassification.entityRef,
)}&column=first_name`;

/** Takes the owner's declassification back, so the inherited dataset is classified again. */
async function reclassify() {
  const res = await send(
    'DELETE',
    `/api/lakehouse/governance/declassifications?${declassificationQuery}`,
    'owner',
  );
  expectStatus(res, 204, 'the owner takes the declassification back');
}

const lineageEvent = {
  eventType: 'START',
  eventTime: '2026-12-01T10:00:00.000Z',
  run: { runId: 'c1d0a9b2-5f1e-4a59-9a2e-3e2f6b1f7a10' },
  job: { namespace: 'dbt', name: DATASETS.plain },
  producer:
    'https://github.com/OpenLineage/OpenLineage/tree/1.0.0/integration/dbt',
  schemaURL:
    'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent',
};

const q = encodeURIComponent;

let granted: Promise<void> | undefined;

/** Once: `other` asks for access to the granted dataset and the owner approves. */
function grantOther(): Promise<void> {
  granted ??= (async () => {
    const res = await send('POST', '/api/lakehouse/access-requests', 'other', {
      entityRef: datasetRef(DATASETS.granted),
      privilege: 'read',
      reason: 'Churn analysis',
      durationDays: 7,
    });
    const id = expectStatus(res, 201, 'other asks for access').body.id;
    expectStatus(
      await send(
        'POST',
        `/api/lakehouse/access-requests/${id}/approve`,
        'owner',
        { comment: 'Until the analysis is done' },
      ),
      200,
      'the owner approves',
    );
  })();
  return granted;
}

/** What each user gets when reading a dataset's data, and what a refusal names. */
interface ReadDataCase {
  expect: Outcome;
  names: string[];
  /** Puts in place what the case needs, before the first request. */
  before?: () => Promise<void>;
}

/**
 * The read-data cases of the console and the preview: a dataset that is not
 * classified; one classified by a column tag; one that inherits the
 * classification through column lineage; and a classified one `other`
 * holds an approved access request for.
 */
const readData: Record<keyof typeof DATASETS, ReadDataCase> = {
  plain: { expect: all(200), names: [] },
  pii: { expect: ownersOnly(200), names: [DATASETS.pii] },
  inherited: { expect: ownersOnly(200), names: [DATASETS.inherited] },
  granted: {
    expect: { ...ownersOnly(200), other: 200 },
    names: [DATASETS.granted],
    before: grantOther,
  },
};
const READ_DATA_KINDS = Object.keys(readData) as Array<keyof typeof DATASETS>;

const ROWS: Row[] = [
  // --- SQL console (query/router.ts)
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/engines',
    permission: 'authenticated',
    cases: [{ call: () => ({ path: '/engines' }), expect: all(200) }],
  },
  {
    plugin: 'lakehouse',
    method: 'POST',
    path: '/queries',
    permission: 'lakehouse.query.execute, lakehouse.dataset.read-data',
    cases: READ_DATA_KINDS.map(kind => ({
      about: `${kind} dataset`,
      call: async () => {
        await readData[kind].before?.();
        return {
          path: '/queries',
          body: { sql: `select count(*) as n from ${DATASETS[kind]}` },
        };
      },
      expect: replaceStatus(readData[kind].expect, 200, 202),
      refusalNames: ['lakehouse.dataset.read-data', ...readData[kind].names],
    })),
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/queries/:id',
    permission: 'authenticated (own queries)',
    cases: [
      {
        about: 'own query',
        call: async as => ({
          path: `/queries/${await submitQuery(
            as,
            DATASETS.plain,
          )}?maxWaitMs=5000`,
        }),
        expect: all(200),
      },
      {
        about: "the owner's query",
        call: async () => ({
          path: `/queries/${await submitQuery('owner', DATASETS.plain)}`,
        }),
        expect: ownersOnly(200, 404),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'DELETE',
    path: '/queries/:id',
    permission: 'authenticated (own queries)',
    cases: [
      {
        about: 'own query',
        call: async as => ({
          path: `/queries/${await submitQuery(as, DATASETS.plain)}`,
        }),
        expect: all(204),
      },
      {
        about: "the owner's query",
        call: async () => ({
          path: `/queries/${await submitQuery('owner', DATASETS.plain)}`,
        }),
        expect: ownersOnly(204, 404),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/queries/:id/csv',
    permission: 'lakehouse.query.execute, lakehouse.dataset.read-data',
    cases: [
      {
        about: 'own query of the plain dataset',
        call: async as => ({
          path: `/queries/${await submitQuery(as, DATASETS.plain)}/csv`,
        }),
        expect: all(200),
      },
      {
        about: "the owner's query of the pii dataset",
        call: async () => ({
          path: `/queries/${await submitQuery('owner', DATASETS.pii)}/csv`,
        }),
        expect: ownersOnly(200, 404),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/history',
    permission: 'authenticated (own history)',
    cases: [{ call: () => ({ path: '/history' }), expect: all(200) }],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/catalogs',
    permission: 'lakehouse.query.execute',
    cases: [{ call: () => ({ path: '/catalogs' }), expect: all(200) }],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/catalogs/:catalog/schemas',
    permission: 'lakehouse.query.execute',
    cases: [
      {
        call: () => ({ path: '/catalogs/lakehouse/schemas' }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/catalogs/:catalog/schemas/:schema/tables',
    permission: 'lakehouse.query.execute',
    cases: [
      {
        call: () => ({ path: '/catalogs/lakehouse/schemas/bronze/tables' }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/catalogs/:catalog/schemas/:schema/tables/:table/columns',
    permission: 'lakehouse.query.execute',
    cases: [
      {
        call: () => ({
          path: '/catalogs/lakehouse/schemas/bronze/tables/stg_customers/columns',
        }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/datasets/:namespace/:name/preview',
    permission: 'lakehouse.dataset.read-data',
    cases: READ_DATA_KINDS.map(kind => ({
      about: `${kind} dataset`,
      call: async () => {
        await readData[kind].before?.();
        return { path: `/datasets/default/${DATASETS[kind]}/preview?limit=3` };
      },
      expect: readData[kind].expect,
      refusalNames: [...readData[kind].names],
    })),
  },

  // --- Lineage (lineage/graph/router.ts, lineage/openlineage/router.ts)
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/lineage',
    permission: 'authenticated (entities the user may see)',
    cases: [
      {
        call: () => ({
          path: `/lineage?entityRef=${q(datasetRef(DATASETS.inherited))}`,
        }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/impact',
    permission: 'authenticated (entities the user may see)',
    cases: [
      {
        call: () => ({
          path: `/impact?entityRef=${q(datasetRef(DATASETS.pii))}`,
        }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'POST',
    path: '/openlineage',
    permission: 'lakehouse.lineage.write',
    cases: [
      {
        call: () => ({ path: '/openlineage', body: lineageEvent }),
        expect: platformOnly(201),
      },
    ],
  },

  // --- Drift (drift/router.ts)
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/drift/monitors',
    permission: 'authenticated (monitors of entities the user may see)',
    cases: [
      {
        call: () => ({ path: `/drift/monitors?entityRef=${q(MODEL_REF)}` }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'POST',
    path: '/drift/monitors/:id/run',
    permission: 'lakehouse.drift.run',
    cases: [
      {
        call: () => ({ path: `/drift/monitors/${DRIFT_MONITOR}/run` }),
        expect: ownersOnly(201),
        refusalNames: [MODEL_REF],
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/drift/monitors/:id/reports',
    permission: 'authenticated (monitors of entities the user may see)',
    cases: [
      {
        call: () => ({ path: `/drift/monitors/${DRIFT_MONITOR}/reports` }),
        expect: all(200),
      },
    ],
  },

  // --- Governance (governance/router.ts, access/readers/router.ts)
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/governance',
    permission: 'lakehouse.governance.read',
    cases: [{ call: () => ({ path: '/governance' }), expect: all(200) }],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/governance/classifications',
    permission: 'authenticated (entities the user may see)',
    cases: [
      {
        call: () => ({
          path: `/governance/classifications?entityRef=${q(
            datasetRef(DATASETS.inherited),
          )}`,
        }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'POST',
    path: '/governance/declassifications',
    permission: 'lakehouse.classification.declassify',
    cases: [
      {
        call: () => ({
          path: '/governance/declassifications',
          body: declassification,
        }),
        expect: ownersOnly(201),
        refusalNames: [DATASETS.inherited],
        after: async (_as, status) => {
          if (status === 201) await reclassify();
        },
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'DELETE',
    path: '/governance/declassifications',
    permission: 'lakehouse.classification.declassify',
    cases: [
      {
        call: async () => {
          const res = await send(
            'POST',
            '/api/lakehouse/governance/declassifications',
            'owner',
            declassification,
          );
          expectStatus(res, 201, 'the owner declassifies a column');
          return {
            path: `/governance/declassifications?${declassificationQuery}`,
          };
        },
        expect: ownersOnly(204),
        refusalNames: [DATASETS.inherited],
        after: async (_as, status) => {
          if (status !== 204) await reclassify();
        },
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/governance/readers',
    permission: 'lakehouse.governance.read',
    cases: [
      {
        about: 'readers of a dataset',
        call: () => ({
          path: `/governance/readers?entityRef=${q(datasetRef(DATASETS.pii))}`,
        }),
        expect: all(200),
      },
      {
        about: 'what a group can read',
        call: () => ({
          path: `/governance/readers?group=${q('group:default/team-a')}`,
        }),
        expect: all(200),
      },
    ],
  },

  // --- Access requests (access/requests/router.ts)
  {
    plugin: 'lakehouse',
    method: 'POST',
    path: '/access-requests',
    permission: 'lakehouse.access-request.create',
    cases: [
      {
        call: () => ({
          path: '/access-requests',
          body: {
            entityRef: datasetRef(DATASETS.pii),
            privilege: 'read',
            reason: 'Churn analysis',
            durationDays: 7,
          },
        }),
        expect: all(201),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/access-requests',
    permission: 'authenticated (own requests and those the user may decide)',
    cases: [
      {
        call: () => ({
          path: `/access-requests?entityRef=${q(datasetRef(DATASETS.plain))}`,
        }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/access-requests/:id',
    permission: 'authenticated (own, or lakehouse.access-request.approve)',
    cases: [
      {
        about: "nogroups' request for the plain dataset",
        call: async () => ({
          path: `/access-requests/${await pendingAccessRequest()}`,
        }),
        expect: { ...approvers(200, 404), nogroups: 200 },
        after: settleAccessRequest,
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'POST',
    path: '/access-requests/:id/approve',
    permission: 'lakehouse.access-request.approve',
    cases: [
      {
        about: "nogroups' request for the plain dataset",
        call: async () => ({
          path: `/access-requests/${await pendingAccessRequest()}/approve`,
          body: { comment: 'For the quarter' },
        }),
        expect: approvers(200),
        refusalNames: [DATASETS.plain],
        after: settleAccessRequest,
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'POST',
    path: '/access-requests/:id/reject',
    permission: 'lakehouse.access-request.approve',
    cases: [
      {
        about: "nogroups' request for the plain dataset",
        call: async () => ({
          path: `/access-requests/${await pendingAccessRequest()}/reject`,
          body: {},
        }),
        expect: approvers(200),
        refusalNames: [DATASETS.plain],
        after: settleAccessRequest,
      },
    ],
  },

  // --- Mounted on the lakehouse router by the framework
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/openapi.json',
    permission: 'authenticated',
    cases: [{ call: () => ({ path: '/openapi.json' }), expect: all(200) }],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/.well-known/backstage/permissions/metadata',
    permission: 'authenticated',
    cases: [
      {
        call: () => ({ path: '/.well-known/backstage/permissions/metadata' }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'POST',
    path: '/.well-known/backstage/permissions/apply-conditions',
    permission: 'services only (the permission backend)',
    cases: [
      {
        call: () => ({
          path: '/.well-known/backstage/permissions/apply-conditions',
          body: { items: [] },
        }),
        expect: all(403),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'GET',
    path: '/.backstage/actions/v1/actions',
    permission: 'authenticated',
    cases: [
      {
        call: () => ({ path: '/.backstage/actions/v1/actions' }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'POST',
    path: '/.backstage/actions/v1/actions/:actionId/invoke',
    permission: 'authenticated (entities the user may see)',
    cases: [
      {
        call: () => ({
          path: '/.backstage/actions/v1/actions/lakehouse:get-lineage/invoke',
          body: { entityRef: datasetRef(DATASETS.inherited) },
        }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'lakehouse',
    method: 'POST',
    path: '/.backstage/actions/v2/actions/:actionId/invoke',
    permission: 'authenticated (entities the user may see)',
    cases: [
      {
        call: () => ({
          path: '/.backstage/actions/v2/actions/lakehouse:get-impact/invoke',
          body: { input: { entityRef: datasetRef(DATASETS.pii) } },
        }),
        expect: all(200),
      },
    ],
  },

  // --- Feature store (feature-store-backend/src/router.ts)
  {
    plugin: 'feature-store',
    method: 'POST',
    path: '/online-features',
    permission: 'feature-store.online-features.read',
    cases: [
      {
        call: () => ({
          path: '/online-features',
          body: {
            entityRef: FEATURE_VIEW_REF,
            entities: { customer_id: [1001] },
          },
        }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'feature-store',
    method: 'GET',
    path: '/.well-known/backstage/permissions/metadata',
    permission: 'authenticated',
    cases: [
      {
        call: () => ({ path: '/.well-known/backstage/permissions/metadata' }),
        expect: all(200),
      },
    ],
  },
  {
    plugin: 'feature-store',
    method: 'POST',
    path: '/.well-known/backstage/permissions/apply-conditions',
    permission: 'services only (the permission backend)',
    cases: [
      {
        call: () => ({
          path: '/.well-known/backstage/permissions/apply-conditions',
          body: { items: [] },
        }),
        expect: all(403),
      },
    ],
  },

  // --- Modules of stock plugins
  {
    plugin: 'catalog',
    method: 'GET',
    path: '/lakehouse/sources',
    permission: 'authenticated',
    cases: [{ call: () => ({ path: '/lakehouse/sources' }), expect: all(200) }],
  },
  {
    plugin: 'techdocs',
    method: 'GET',
    path: '/docs-status',
    permission: 'authenticated',
    cases: [{ call: () => ({ path: '/docs-status' }), expect: all(200) }],
  },
];

/** `outcome` with `from` replaced by `to`: console statements answer 202, not 200. */
function replaceStatus(outcome: Outcome, from: number, to: number): Outcome {
  return Object.fromEntries(
    Object.entries(outcome).map(([user, status]) => [
      user,
      status === from ? to : status,
    ]),
  ) as Outcome;
}

const rowKey = (r: {
  plugin?: string;
  pluginId?: string;
  method: string;
  path: string;
}) => `${r.plugin ?? r.pluginId} ${r.method} ${r.path}`;

/**
 * The project's features of packages/backend/src/features.ts that the
 * matrix boots, by the project package (or local module) features.ts
 * imports them from. Project features that mount no endpoints and add no
 * scaffolder actions are listed with why; any other project import fails
 * the test.
 */
const BOOTED_PROJECT_FEATURES: Record<string, BackendFeature> = {
  '@internal/plugin-lakehouse-backend': lakehouseBackend,
  '@internal/plugin-feature-store-backend': featureStoreBackend,
  '@internal/plugin-catalog-backend-module-lakehouse': catalogLakehouseModule,
  '@internal/plugin-scaffolder-backend-module-lakehouse':
    scaffolderLakehouseModule,
  '@internal/plugin-techdocs-backend-module-lakehouse': techdocsLakehouseModule,
  './modules/permissionPolicy': lakehousePermissionPolicyModule,
};
const PROJECT_FEATURES_WITHOUT_ENDPOINTS: Record<string, string> = {
  '@internal/plugin-search-backend-module-lakehouse':
    'sets the search engine of the search plugin; mounts no routes',
};

// ---------------------------------------------------------------------------
// The backend

/**
 * Hands the test two services of the lakehouse plugin: its scheduler, to
 * rebuild the lineage index on demand, and its permissions client, to ask
 * the policy for conditional decisions as a plugin does.
 */
const servicesProbe = createBackendModule({
  pluginId: 'lakehouse',
  moduleId: 'matrix-services-probe',
  register(reg) {
    reg.registerInit({
      deps: {
        scheduler: coreServices.scheduler,
        permissions: coreServices.permissions,
      },
      async init(deps) {
        scheduler = deps.scheduler;
        permissions = deps.permissions;
      },
    });
  },
});

const recorder = createEndpointRecorder({ projectRoot: repoRoot });
let polaris: PolarisManagementDouble;
let feast: FeastFeatureServerDouble;
let k8s: KubernetesApiDouble;
let dir: string;

/** Waits until the catalog holds every fixture entity. */
async function waitForCatalog() {
  const expected = ENTITIES.length;
  let seen = 0;
  for (let i = 0; i < 200; i++) {
    const res = await send(
      'GET',
      `/api/catalog/entities/by-query?filter=kind=group,kind=user,kind=resource&limit=100`,
      'owner',
    );
    seen = res.body.items?.length ?? 0;
    if (seen >= expected) return;
    await new Promise(r => setTimeout(r, 250));
  }
  throw new Error(
    `the catalog read ${seen} of the ${expected} fixture entities`,
  );
}

beforeAll(async () => {
  [polaris, feast, k8s] = await Promise.all([
    PolarisManagementDouble.start(POLARIS_SEED),
    FeastFeatureServerDouble.start(FEAST_SEED),
    KubernetesApiDouble.start({ namespaces: ['default', 'ml-serving'] }),
  ]);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'permission-matrix-'));
  fs.writeFileSync(
    path.join(dir, 'entities.yaml'),
    ENTITIES.map(e => stringifyYaml(e)).join('---\n'),
  );
  fs.mkdirSync(path.join(dir, 'techdocs'));

  backend = await startTestBackend({
    features: [
      recorder.factory,
      createAuthWithActors({
        auth: mockServices.auth,
        userCredentials: mockCredentials.user,
      }),
      httpAuthServiceFactory,
      actionsRegistryServiceFactory,
      userInfoWithGroups(
        Object.fromEntries(USERS.map(u => [userRef(u), GROUPS_OF[u]])),
      ),
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:7007' },
          permission: { enabled: true },
          catalog: {
            rules: [{ allow: ['Group', 'User', 'Resource'] }],
            locations: [
              { type: 'file', target: path.join(dir, 'entities.yaml') },
            ],
          },
          techdocs: {
            // Sites are built elsewhere: nothing is built at start.
            builder: 'external',
            publisher: {
              type: 'local',
              local: { publishDirectory: path.join(dir, 'techdocs') },
            },
          },
          kubernetes: {
            serviceLocatorMethod: { type: 'multiTenant' },
            clusterLocatorMethods: [
              {
                type: 'config',
                // Spread: an interface is not a JsonObject.
                clusters: [
                  { ...k8s.clusterConfig('serving') },
                  { ...k8s.clusterConfig('production') },
                ],
              },
            ],
          },
          lakehouse: {
            demo: { projectDir: DEMO.projectDir },
            permissions: shippedPolicy,
            drift: { monitors: DRIFT_MONITORS },
            feast: { projects: { matrix: { featureServerUrl: feast.url } } },
            governance: { polaris: polarisConfig(polaris.url) },
            scaffolder: {
              dbt: { manifest: DEMO.dbtManifest },
              feast: { registry: DEMO.feastRegistry },
            },
          },
        },
      }),
      // The stock plugins the project's modules extend.
      catalogBackend,
      permissionBackend,
      scaffolderBackend,
      techdocsBackend,
      ...Object.values(BOOTED_PROJECT_FEATURES),
      servicesProbe,
    ],
  });
  await waitForCatalog();
  // The lineage index was built at start, before the catalog had the
  // datasets; the inherited classification needs it rebuilt.
  await scheduler.triggerTask('lakehouse-lineage-index');
});

afterAll(async () => {
  await backend?.stop();
  await Promise.all([polaris?.stop(), feast?.stop(), k8s?.stop()]);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

it('starts from the fixture: the downstream dataset inherits pii through column lineage', async () => {
  const res = await send(
    'GET',
    `/api/lakehouse/governance/classifications?entityRef=${q(
      datasetRef(DATASETS.inherited),
    )}`,
    'owner',
  );
  expect(res.status).toBe(200);
  expect(res.body.classifications).toEqual(
    expect.arrayContaining([
      expect.objectContaining({
        column: 'first_name',
        classification: 'pii',
        origin: 'inherited',
      }),
    ]),
  );
});

// ---------------------------------------------------------------------------
// Coverage

describe('the matrix covers', () => {
  /**
   * The project's endpoints: every endpoint of its own plugins, the
   * framework's included, and those its modules add to stock plugins.
   */
  const projectEndpoints = (): Endpoint[] =>
    recorder
      .endpoints()
      .filter(e => PROJECT_PLUGINS.includes(e.pluginId) || e.fromProject);

  it('every endpoint of the project, and nothing else', () => {
    const found = new Set(projectEndpoints().map(rowKey));
    const rows = new Set(ROWS.map(rowKey));
    const withoutRow = [...found].filter(k => !rows.has(k)).sort();
    const withoutEndpoint = [...rows].filter(k => !found.has(k)).sort();
    expect({ withoutRow, withoutEndpoint }).toEqual({
      withoutRow: [],
      withoutEndpoint: [],
    });
    // One row per endpoint.
    expect(rows.size).toBe(ROWS.length);
  });

  it('every project feature of the portal that can add endpoints or actions', () => {
    const source = fs.readFileSync(path.join(__dirname, 'features.ts'), 'utf8');
    const imported = [
      ...source.matchAll(/from '((?:@internal\/|\.\/modules\/)[^']+)'/g),
    ].map(m => m[1]);
    const unknown = imported.filter(
      i =>
        !(i in BOOTED_PROJECT_FEATURES) &&
        !(i in PROJECT_FEATURES_WITHOUT_ENDPOINTS),
    );
    expect(unknown).toEqual([]);
    expect(imported.sort()).toEqual(
      [
        ...Object.keys(BOOTED_PROJECT_FEATURES),
        ...Object.keys(PROJECT_FEATURES_WITHOUT_ENDPOINTS),
      ].sort(),
    );
  });

  it('no public endpoint: the project adds no auth policy', () => {
    const projectPolicies = recorder
      .authPolicies()
      .filter(p => PROJECT_PLUGINS.includes(p.pluginId) || p.fromProject);
    expect(projectPolicies).toEqual([]);
  });
});

// ---------------------------------------------------------------------------
// Endpoints

/** The status of every user for one case, and the refusal messages that miss a name. */
async function runCase(row: Row, c: Case) {
  const statuses = {} as Outcome;
  const problems: string[] = [];
  for (const user of USERS) {
    const { path: callPath, body } = await c.call(user);
    const res = await send(
      row.method,
      `/api/${row.plugin}${callPath}`,
      user,
      body,
    );
    statuses[user] = res.status;
    const message: string = res.body?.error?.message ?? '';
    if (res.status !== c.expect[user]) {
      problems.push(
        `${user}: expected ${c.expect[user]}, got ${
          res.status
        } ${JSON.stringify(message || res.text?.slice(0, 200))}`,
      );
    } else if (res.status === 403) {
      const names = [
        ...(/^[a-z-]+(\.[a-z-]+)+$/.test(row.permission)
          ? [row.permission]
          : []),
        ...(c.refusalNames ?? []),
      ];
      const missing = names.filter(n => !message.includes(n));
      if (missing.length) {
        problems.push(
          `${user}: the refusal "${message}" does not name ${missing.join(
            ', ',
          )}`,
        );
      }
    }
    await c.after?.(user, res.status);
  }
  return { statuses, problems };
}

describe('endpoints, as owner / other group / no groups / platform role', () => {
  for (const row of ROWS) {
    for (const c of row.cases) {
      const expected = USERS.map(u => c.expect[u]).join(' / ');
      it(`${row.method} /api/${row.plugin}${row.path}${
        c.about ? ` (${c.about})` : ''
      } [${row.permission}]: ${expected}`, async () => {
        const { statuses, problems } = await runCase(row, c);
        if (problems.length) {
          throw new Error(problems.join('\n'));
        }
        expect(statuses).toEqual(c.expect);
      });
    }
  }
});

describe('endpoints without credentials', () => {
  for (const row of ROWS) {
    it(`${row.method} /api/${row.plugin}${row.path}: 401`, async () => {
      const concrete = row.path.replace(/:[A-Za-z]+/g, 'x');
      const res = await send(row.method, `/api/${row.plugin}${concrete}`);
      expect(res.status).toBe(401);
    });
  }
});

// ---------------------------------------------------------------------------
// Scaffolder actions

/** One run of an action in a dry run, and what each user gets. */
interface ActionCase {
  action: ActionId;
  about?: string;
  input?: Record<string, unknown>;
  expect: Outcome;
}

/**
 * The project's scaffolder actions under the shipped policy: every action
 * but `kubernetes:apply` is left to `default: allow`; `kubernetes:apply`
 * runs for everyone on the cluster `serving` and only for the platform
 * role on any other.
 */
const ACTION_CASES: ActionCase[] = [
  { action: 'dbt:model:validate', expect: all(200) },
  { action: 'feast:feature-view:validate', expect: all(200) },
  { action: 'kserve:inferenceservice:validate', expect: all(200) },
  {
    action: 'kubernetes:apply',
    about: 'cluster serving',
    input: { cluster: 'serving' },
    expect: all(200),
  },
  {
    action: 'kubernetes:apply',
    about: 'cluster production',
    input: { cluster: 'production' },
    expect: platformOnly(200),
  },
];

/** The ids of the actions the project's scaffolder module adds, read from the module itself. */
async function moduleActionIds(): Promise<string[]> {
  const ids: string[] = [];
  const probe = await startTestBackend({
    extensionPoints: [
      [
        scaffolderActionsExtensionPoint,
        {
          addActions: (...actions: Array<{ id: string }>) => {
            ids.push(...actions.map(a => a.id));
          },
        },
      ],
    ],
    features: [
      scaffolderLakehouseModule,
      mockServices.rootConfig.factory({ data: {} }),
    ],
  });
  await probe.stop();
  return ids;
}

/** Runs the case's action in a dry run as every user: their statuses, and what went wrong. */
async function runActionCase(c: ActionCase) {
  const run = ACTION_RUNS[c.action];
  const statuses = {} as Outcome;
  const problems: string[] = [];
  for (const user of USERS) {
    const clusterCalls = k8s.requests.length;
    const res = await send('POST', '/api/scaffolder/v2/dry-run', user, {
      template: templateRunning(c.action, {
        ...run,
        input: { ...run.input, ...c.input },
      }),
      values: {},
      directoryContents: run.files,
    });
    statuses[user] = res.status;
    const message: string = res.body?.error?.message ?? '';
    if (res.status !== c.expect[user]) {
      problems.push(
        `${user}: expected ${c.expect[user]}, got ${
          res.status
        } ${JSON.stringify(message)}`,
      );
    } else if (
      res.status === 403 &&
      !message.includes(`Unauthorized action: ${c.action}`)
    ) {
      problems.push(
        `${user}: refused with "${message}", not by the action permission`,
      );
    }
    // A refused kubernetes:apply never reaches the cluster; an allowed one does.
    if (c.action === 'kubernetes:apply') {
      const reached = k8s.requests.length > clusterCalls;
      if (reached !== (res.status === 200)) {
        problems.push(
          `${user}: got ${res.status}, and the cluster was ${
            reached ? '' : 'not '
          }called`,
        );
      }
    }
  }
  return { statuses, problems };
}

describe('scaffolder actions of the project', () => {
  it('every action has a row, and the scaffolder offers each', async () => {
    const ids = await moduleActionIds();
    expect(ids.length).toBeGreaterThan(0);
    expect([...new Set(ACTION_CASES.map(c => c.action))].sort()).toEqual(
      [...ids].sort(),
    );
    const res = await send('GET', '/api/scaffolder/v2/actions', 'owner');
    expect(res.status).toBe(200);
    const offered = (res.body as Array<{ id: string }>).map(a => a.id);
    expect(offered).toEqual(expect.arrayContaining(ids));
  });

  it('the policy leaves the decision to the scaffolder (conditional) except for the platform role', async () => {
    const decisions: Record<string, string> = {};
    for (const user of USERS) {
      const [decision] = await permissions.authorizeConditional(
        [{ permission: actionExecutePermission }],
        { credentials: mockCredentials.user(userRef(user)) },
      );
      decisions[user] = decision.result;
    }
    expect(decisions).toEqual({
      owner: 'CONDITIONAL',
      other: 'CONDITIONAL',
      nogroups: 'CONDITIONAL',
      platform: 'ALLOW',
    });
  });

  /*
   * Each action runs in a real dry run (POST /api/scaffolder/v2/dry-run) of
   * a template whose step calls it, as each user: this, not a question to
   * the permission API, shows that the decision reaches the action. The
   * scaffolder asks the policy for scaffolder.action.execute once per run
   * and evaluates the conditional decision against the step's action id and
   * input right before the action would run (HAS_ACTION_ID,
   * HAS_STRING_PROPERTY on `cluster`): a refusal is the 403 "Unauthorized
   * action" of that check, and an allowed step runs the action for real
   * (every action of the project supports dry runs; kubernetes:apply sends
   * its server dry run to the Kubernetes double), so a 200 also shows that
   * the input was good and nothing but the permission refuses it.
   */
  for (const c of ACTION_CASES) {
    const expected = USERS.map(u => c.expect[u]).join(' / ');
    it(`${c.action}${
      c.about ? ` (${c.about})` : ''
    }: ${expected}`, async () => {
      const { statuses, problems } = await runActionCase(c);
      if (problems.length) throw new Error(problems.join('\n'));
      expect(statuses).toEqual(c.expect);
    });
  }
});
