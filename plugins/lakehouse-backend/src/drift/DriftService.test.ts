import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  AuthorizeResult,
  EvaluatePermissionRequest,
} from '@backstage/plugin-permission-common';
import {
  DatasetClassifications,
  DriftReport,
} from '@internal/plugin-lakehouse-common';
import { QueryEngine } from '../query/engines/types';
import {
  createDuckDbRunner,
  DuckDbDriftRunner,
} from './compute/__testUtils__/duckDbRunner';
import { readDriftConfig } from './config';
import { DriftReportStore } from './DriftReportStore';
import { DriftService, DriftServiceOptions } from './DriftService';
import { declaredClassificationLookup } from './ownerAccess';

jest.setTimeout(60_000);

const databases = TestDatabases.create({
  ids: ['SQLITE_3'],
  disableDocker: true,
});

const TEAM_A = 'group:default/team-a';
const TEAM_B = 'group:default/team-b';
const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const MEMBERS: Record<string, string[]> = {
  [TEAM_A]: [ALICE],
  [TEAM_B]: [BOB],
};

const CUSTOMERS = 'lakehouse.raw.customers';
const FEATURES = 'lakehouse.gold.customer_features';
const ORDERS = 'lakehouse.gold.orders';
const CONTRACTS = 'lakehouse.gold.contracts';
const LEADS = 'lakehouse.raw.leads';
const CITIES = ['Lisbon', 'Porto', 'Faro'];

const resource = (
  name: string,
  type: string,
  owner: string | undefined,
  extra: { annotations?: Record<string, string>; columns?: object[] } = {},
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: { name, namespace: 'default', annotations: extra.annotations },
  spec: {
    type,
    ...(owner ? { owner } : {}),
    ...(extra.columns ? { columns: extra.columns } : {}),
  },
});
const dataset = (
  table: string,
  owner: string | undefined,
  extra: { annotations?: Record<string, string>; columns?: object[] } = {},
) =>
  resource(table, 'dataset', owner, {
    ...extra,
    annotations: { 'lakehouse.dev/table': table, ...extra.annotations },
  });

const entities = [
  resource('churn-a', 'ai-model', 'team-a'),
  resource('churn-b', 'ai-model', 'team-b'),
  resource('churn-unowned', 'ai-model', undefined),
  // Classified on a column only, as the dbt provider declares `pii: true`
  // and `meta.classification: pii`: no annotation on the whole dataset.
  dataset(CUSTOMERS, 'team-a', {
    columns: [
      { name: 'email', tags: ['pii'] },
      { name: 'city' },
      { name: 'spend' },
    ],
  }),
  // Declares nothing; the lineage makes it inherit pii (see `inherited`).
  dataset(FEATURES, 'team-a', {
    columns: [{ name: 'email_domain' }, { name: 'spend' }],
  }),
  dataset(ORDERS, 'team-b', { columns: [{ name: 'spend' }] }),
  dataset(CONTRACTS, 'team-a', {
    columns: [{ name: 'spend', tags: ['confidential'] }],
  }),
  dataset(LEADS, undefined, {
    annotations: { 'lakehouse.dev/classification': 'pii' },
  }),
];

/** The governance module's answer: what each dataset declares, and FEATURES inherits pii. */
const inherited = {
  async classificationsOf(
    entityRef: string,
    entity: Entity,
  ): Promise<DatasetClassifications> {
    const declared = await declaredClassificationLookup().classificationsOf(
      entityRef,
      entity,
    );
    if (entity.metadata.name !== FEATURES) return declared;
    return {
      ...declared,
      classifications: [
        {
          column: 'email_domain',
          classification: 'pii',
          origin: 'inherited',
          from: [
            { entityRef: `resource:default/${CUSTOMERS}`, column: 'email' },
          ],
        },
      ],
    };
  },
};

const side = (table: string) => ({ table });
const monitor = (entity: string, table: string, features: string[]) => ({
  entity,
  engine: 'duckdb',
  reference: side(table),
  current: side(table),
  features,
  notify: false,
  schedule: { frequency: { trigger: 'manual' }, timeout: { minutes: 1 } },
});
const monitors = {
  'churn-a': monitor('churn-a', CUSTOMERS, ['city', 'spend']),
  'churn-b-customers': {
    ...monitor('churn-b', CUSTOMERS, ['spend']),
    // Resolving the window would read the newest time stamp of the table.
    current: {
      table: CUSTOMERS,
      timestampColumn: 'seen_at',
      window: { days: 1 },
      anchor: 'latest',
    },
  },
  'churn-b-features': monitor('churn-b', FEATURES, ['spend']),
  'churn-b-orders': monitor('churn-b', ORDERS, ['spend']),
  'churn-b-contracts': monitor('churn-b', CONTRACTS, ['spend']),
  'churn-b-sql': {
    ...monitor('churn-b', ORDERS, ['spend']),
    reference: {
      sql: `select o.spend from ${ORDERS} o join ${CUSTOMERS} c on c.spend = o.spend`,
    },
  },
  'unowned-leads': monitor('churn-unowned', LEADS, ['spend']),
};

/** The portal's policy, in short: a dataset's data is read by its owner's members. */
function permissionsByOwner() {
  const owners = new Map(
    entities.map(e => [
      `resource:default/${e.metadata.name}`,
      e.spec?.owner ? `group:default/${e.spec.owner}` : undefined,
    ]),
  );
  const asked: string[] = [];
  const permissions = mockServices.permissions.mock({
    authorize: async (
      requests: EvaluatePermissionRequest[],
      options?: { credentials: BackstageCredentials },
    ) =>
      requests.map(r => {
        const user = (
          options?.credentials.principal as { userEntityRef?: string }
        )?.userEntityRef;
        const ref = (r as { resourceRef?: string }).resourceRef ?? '';
        asked.push(`${r.permission.name} ${ref} ${user}`);
        if (r.permission.name !== 'lakehouse.dataset.read-data') {
          return { result: AuthorizeResult.ALLOW };
        }
        const owner = owners.get(ref);
        return {
          result:
            owner && user && MEMBERS[owner]?.includes(user)
              ? AuthorizeResult.ALLOW
              : AuthorizeResult.DENY,
        };
      }) as any,
  });
  return { permissions, asked };
}

function duckDbEngine(runner: DuckDbDriftRunner): QueryEngine {
  return {
    id: 'duckdb',
    title: 'DuckDB (test)',
    defaultCatalog: 'lakehouse',
    defaultSchema: 'gold',
    async *execute(query) {
      const { columns, rows } = await runner.run(query.sql);
      yield { type: 'columns', columns };
      yield { type: 'rows', rows };
    },
    listCatalogs: async () => ['lakehouse'],
    listSchemas: async () => [],
    listTables: async () => [],
    listColumns: async () => [],
    close: async () => {},
  };
}

const city = (i: string) =>
  `case ${i} % 3 when 0 then '${CITIES[0]}' when 1 then '${CITIES[1]}' else '${CITIES[2]}' end`;

async function createWarehouse(): Promise<DuckDbDriftRunner> {
  const runner = await createDuckDbRunner({ threads: 1 });
  await runner.setup(`attach ':memory:' as lakehouse`);
  await runner.setup('create schema lakehouse.raw');
  await runner.setup('create schema lakehouse.gold');
  await runner.setup(
    `create table ${CUSTOMERS} as select 'c' || i || '@example.com' as email, ${city(
      'i',
    )} as city, (i % 50)::double as spend,
     timestamp '2025-01-01 00:00:00' + to_seconds(i * 600) as seen_at
     from range(0, 300) t(i)`,
  );
  for (const table of [FEATURES, ORDERS, CONTRACTS, LEADS]) {
    await runner.setup(
      `create table ${table} as select (i % 40)::double as spend from range(0, 200) t(i)`,
    );
  }
  return runner;
}

const histogramsOf = (report: DriftReport) =>
  report.features.map(f => f.histogram);

describe('DriftService: who sees what of the data a monitor compares', () => {
  let runner: DuckDbDriftRunner;
  beforeAll(async () => {
    runner = await createWarehouse();
  });
  afterAll(() => runner.close());

  async function createService(
    options: Partial<Pick<DriftServiceOptions, 'classifications'>> = {},
  ) {
    const knex = await databases.init('SQLITE_3');
    const store = await DriftReportStore.create(
      mockServices.database({ knex }),
    );
    const { permissions, asked } = permissionsByOwner();
    const drift = new DriftService({
      config: readDriftConfig(
        new ConfigReader({ lakehouse: { drift: { monitors } } }),
      ),
      engines: [duckDbEngine(runner)],
      store,
      catalog: catalogServiceMock({ entities }),
      auth: mockServices.auth(),
      permissions,
      logger: mockServices.logger.mock(),
      readOnly: {},
      ...options,
    });
    return { drift, store, asked };
  }

  const alice = mockCredentials.user(ALICE);
  const bob = mockCredentials.user(BOB);

  describe('reports of a monitor over a classified dataset', () => {
    it('shows the owners the distributions, with the category values', async () => {
      const { drift } = await createService();
      const ran = await drift.run('churn-a');
      expect(ran.status).toBe('ok');

      const [report] = await drift.reports('churn-a', 10, alice);
      const cityFeature = report.features.find(f => f.name === 'city')!;
      expect(cityFeature.histogram?.categories).toEqual(
        expect.arrayContaining(CITIES),
      );
      expect(report).not.toHaveProperty('redacted');
    });

    it("leaves the values out for another team's member and says why, keeping the verdicts", async () => {
      const { drift } = await createService();
      const ran = await drift.run('churn-a');

      const reports = await drift.reports('churn-a', 10, bob);
      expect(reports).toHaveLength(1);
      const [report] = reports;
      // Neither category names nor bin edges (the smallest and largest value).
      expect(histogramsOf(report)).toEqual([undefined, undefined]);
      expect(JSON.stringify(report)).not.toMatch(/Lisbon|Porto|Faro/);
      expect((report as { redacted?: string }).redacted).toBe(
        `You are not allowed to read the data of ${CUSTOMERS} (lakehouse.dataset.read-data)`,
      );
      // What the Drift tab is for stays: the verdict and the statistics.
      expect(report.drifted).toBe(ran.drifted);
      expect(report.features.map(f => [f.name, f.value, f.drifted])).toEqual(
        ran.features.map(f => [f.name, f.value, f.drifted]),
      );
      expect(report.features[0].statistics).toEqual(ran.features[0].statistics);
      expect(report.reference).toEqual(ran.reference);
    });

    it('lists the monitor with a newest-report summary that holds no values', async () => {
      const { drift } = await createService();
      await drift.run('churn-a');
      const [listed] = await drift.list(bob, 'resource:default/churn-a');
      expect(listed.lastReport).toMatchObject({
        status: 'ok',
        featureCount: 2,
      });
      expect(JSON.stringify(listed)).not.toMatch(/Lisbon|Porto|Faro/);
    });

    it('does not hand a run under way to a user who may not read its data', async () => {
      const { drift, store } = await createService();
      const scheduled = drift.run('churn-a');
      await expect(drift.run('churn-a', { credentials: bob })).rejects.toThrow(
        `You are not allowed to read the data of ${CUSTOMERS} (lakehouse.dataset.read-data)`,
      );
      await scheduled;
      expect(await store.list('churn-a', 10)).toHaveLength(1);
    });

    it('hides the values when the report no longer tells which datasets it read', async () => {
      const { drift, store } = await createService();
      const ran = await drift.run('churn-a');
      // Unqualified names of an engine that is no longer configured.
      await store.add({
        ...ran,
        id: 'from-trino',
        createdAt: new Date(Date.parse(ran.createdAt) + 1000).toISOString(),
        engine: 'trino',
        reference: { sql: 'select city, spend from customers', rows: 300 },
        current: { sql: 'select city, spend from customers', rows: 300 },
      });
      const [report] = await drift.reports('churn-a', 1, alice);
      expect(report.id).toBe('from-trino');
      expect(histogramsOf(report)).toEqual([undefined, undefined]);
      expect((report as { redacted?: string }).redacted).toMatch(
        /customers.*cannot tell which dataset/,
      );
    });
  });

  describe("scheduled runs ask what the monitor's owner may read", () => {
    it.each([
      ['a column tagged pii', 'churn-b-customers', CUSTOMERS, /pii on email/],
      [
        'a classification inherited through column lineage',
        'churn-b-features',
        FEATURES,
        /pii on email_domain, inherited/,
      ],
      [
        'a classified table joined in the SQL of a side',
        'churn-b-sql',
        CUSTOMERS,
        /pii on email/,
      ],
    ])(
      "refuses a dataset of another team's with %s, naming it",
      async (_, id, table, why) => {
        const { drift, store } = await createService({
          classifications: inherited,
        });
        const before = runner.statements.length;
        const report = await drift.run(id);
        expect(report.status).toBe('failed');
        // Refused before anything was read, the window's time stamp included.
        expect(runner.statements.slice(before)).toEqual([]);
        expect(report.features).toEqual([]);
        expect([report.reference.sql, report.current.sql]).toEqual(['', '']);
        expect(report.error).toContain(
          `the monitor's owner ${TEAM_B} may not read ${table}`,
        );
        expect(report.error).toMatch(why);
        expect(report.error).toContain(`owned by ${TEAM_A}`);
        expect(report.error).toContain('lakehouse.dataset.read-data');
        expect((await store.list(id, 1))[0].error).toBe(report.error);
      },
    );

    it("compares an unclassified dataset, and a classified one of the owner's own", async () => {
      const { drift } = await createService({ classifications: inherited });
      expect((await drift.run('churn-b-orders')).status).toBe('ok');
      expect((await drift.run('churn-a')).status).toBe('ok');
    });

    it('refuses a classified dataset when neither it nor the monitored entity has an owner', async () => {
      const { drift } = await createService();
      const report = await drift.run('unowned-leads');
      expect(report.status).toBe('failed');
      expect(report.error).toContain(
        `the monitor's owner (none) may not read ${LEADS}`,
      );
    });

    it('counts the classifications lakehouse.governance.classifications configures', async () => {
      const { drift: piiOnly } = await createService();
      expect((await piiOnly.run('churn-b-contracts')).status).toBe('ok');
      const { drift } = await createService({
        classifications: declaredClassificationLookup(['pii', 'confidential']),
      });
      const report = await drift.run('churn-b-contracts');
      expect(report.status).toBe('failed');
      expect(report.error).toMatch(
        new RegExp(
          `may not read ${CONTRACTS} \\(classified confidential on spend`,
        ),
      );
    });
  });
});
