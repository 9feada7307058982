import request from 'supertest';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  LAKEHOUSE_DATASET_RESOURCE_TYPE,
  lakehouseDatasetConditions,
} from '@internal/plugin-lakehouse-common';
import { LineageService } from '../../lineage/graph/LineageService';
import { ClassificationService } from '../classification/ClassificationService';
import { AccessGrantLookup } from '../types';
import { registerDatasetResourceType } from './datasetResource';

const dataset = (
  table: string,
  layer: string,
  owner: string,
  columns: { name: string; tags?: string[] }[],
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: table,
    namespace: 'default',
    annotations: {
      'lakehouse.dev/table': table,
      'lakehouse.dev/layer': layer,
    },
  },
  spec: { type: 'dataset', owner, columns },
});

const RAW = 'resource:default/lakehouse.raw.users';
const SILVER = 'resource:default/lakehouse.silver.users';
const GOLD = 'resource:default/lakehouse.gold.orders';

const entities: Entity[] = [
  dataset('lakehouse.raw.users', 'raw', 'data-platform', [
    { name: 'id' },
    { name: 'email', tags: ['pii'] },
  ]),
  // Declares nothing: its e-mail column inherits pii from the raw one.
  dataset('lakehouse.silver.users', 'silver', 'group:default/analytics', [
    { name: 'id' },
    { name: 'email' },
  ]),
  dataset('lakehouse.gold.orders', 'gold', 'group:default/analytics', [
    { name: 'order_id' },
  ]),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Group',
    metadata: { name: 'analytics', namespace: 'default' },
    spec: { type: 'team', children: [] },
  },
];

const grants: AccessGrantLookup = {
  activeGrantees: async refs =>
    new Map(
      refs
        .filter(ref => ref === SILVER)
        .map(ref => [ref, new Set(['user:default/Chloe'])]),
    ),
};

/** The resource type registered as the lakehouse plugin registers it. */
const datasetsPlugin = createBackendPlugin({
  pluginId: 'lakehouse',
  register(env) {
    env.registerInit({
      deps: {
        permissionsRegistry: coreServices.permissionsRegistry,
        auth: coreServices.auth,
        logger: coreServices.logger,
        catalog: catalogServiceRef,
      },
      async init({ permissionsRegistry, auth, logger, catalog }) {
        const lineage = LineageService.create({
          sources: {
            readEntities: async () => entities,
            sqlLineage: () => [
              {
                table: 'lakehouse.silver.users',
                columns: [
                  {
                    name: 'email',
                    inputs: [
                      {
                        table: 'lakehouse.raw.users',
                        column: 'email',
                        transformation: 'DIRECT',
                        subtype: 'TRANSFORMATION',
                      },
                    ],
                  },
                ],
              },
            ],
            jobs: async () => [],
            visibleTo: async refs => new Set(refs),
          },
          logger,
          maxAgeMs: 60_000,
        });
        const classifications = ClassificationService.create({
          lineage,
          declassifications: { list: async () => [], version: async () => '0' },
          classifications: ['pii'],
          logger,
        });
        registerDatasetResourceType(permissionsRegistry, {
          catalog,
          auth,
          classifications,
          accessGrants: grants,
        });
      },
    });
  },
});

const PATH = '/api/lakehouse/.well-known/backstage/permissions';

describe('the lakehouse-dataset resource type', () => {
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  beforeAll(async () => {
    backend = await startTestBackend({
      features: [
        datasetsPlugin,
        catalogServiceMock.factory({ entities }),
        mockServices.rootConfig.factory({ data: {} }),
      ],
    });
  });
  afterAll(() => backend.stop());

  /** Asks the plugin to evaluate conditions on datasets, as the permission backend does. */
  async function apply(
    cases: Array<{ resourceRef: string; conditions: unknown }>,
  ): Promise<string[]> {
    const response = await request(backend.server)
      .post(`${PATH}/apply-conditions`)
      .set('Authorization', mockCredentials.service.header())
      .send({
        items: cases.map((c, i) => ({
          id: String(i),
          resourceType: LAKEHOUSE_DATASET_RESOURCE_TYPE,
          ...c,
        })),
      });
    expect(response.status).toBe(200);
    return response.body.items.map((item: { result: string }) => item.result);
  }

  it('publishes its four rules with their params', async () => {
    const response = await request(backend.server)
      .get(`${PATH}/metadata`)
      .set('Authorization', mockCredentials.service.header());
    expect(response.status).toBe(200);
    const rules = response.body.rules.map(
      (r: { name: string; resourceType: string; paramsSchema: any }) => [
        r.name,
        r.resourceType,
        Object.keys(r.paramsSchema.properties),
      ],
    );
    expect(rules).toEqual([
      ['IS_DATASET_OWNER', 'lakehouse-dataset', ['claims']],
      ['IS_CLASSIFIED', 'lakehouse-dataset', ['classifications']],
      ['IS_IN_LAYER', 'lakehouse-dataset', ['layers']],
      ['HAS_ACCESS_GRANT', 'lakehouse-dataset', ['userEntityRef']],
    ]);
  });

  it('finds a dataset classified when it only inherits the classification through column lineage', async () => {
    const isClassified = lakehouseDatasetConditions.isClassified();
    expect(
      await apply([
        { resourceRef: RAW, conditions: isClassified },
        { resourceRef: SILVER, conditions: isClassified },
        { resourceRef: GOLD, conditions: isClassified },
        {
          resourceRef: SILVER,
          conditions: lakehouseDatasetConditions.isClassified({
            classifications: ['phi'],
          }),
        },
      ]),
    ).toEqual(['ALLOW', 'ALLOW', 'DENY', 'DENY']);
  });

  it('lets owners, layers and access grants decide, combined as the policy says', async () => {
    const { isOwner, isInLayer, hasAccessGrant, isClassified } =
      lakehouseDatasetConditions;
    expect(
      await apply([
        // A bare owner name is a group of the dataset's namespace.
        {
          resourceRef: RAW,
          conditions: isOwner({ claims: ['group:default/data-platform'] }),
        },
        {
          resourceRef: SILVER,
          conditions: isOwner({ claims: ['group:default/data-platform'] }),
        },
        {
          resourceRef: GOLD,
          conditions: isInLayer({ layers: ['silver', 'gold'] }),
        },
        {
          resourceRef: SILVER,
          conditions: hasAccessGrant({ userEntityRef: 'user:default/chloe' }),
        },
        {
          resourceRef: RAW,
          conditions: hasAccessGrant({ userEntityRef: 'user:default/chloe' }),
        },
        // What a policy grants a non-owner: datasets that are not classified,
        // or that they hold a grant for.
        {
          resourceRef: SILVER,
          conditions: {
            anyOf: [
              { not: isClassified() },
              hasAccessGrant({ userEntityRef: 'user:default/ben' }),
            ],
          },
        },
      ]),
    ).toEqual(['ALLOW', 'DENY', 'ALLOW', 'ALLOW', 'DENY', 'DENY']);
  });

  it('denies what is not a dataset: another kind, an unknown entity, not a ref at all', async () => {
    const anything = { not: lakehouseDatasetConditions.isClassified() };
    expect(
      await apply([
        { resourceRef: 'group:default/analytics', conditions: anything },
        { resourceRef: 'resource:default/nowhere', conditions: anything },
        { resourceRef: 'not a ref', conditions: anything },
        { resourceRef: GOLD, conditions: anything },
      ]),
    ).toEqual(['DENY', 'DENY', 'DENY', 'ALLOW']);
  });

  it('refuses conditions whose params do not fit the rule', async () => {
    const response = await request(backend.server)
      .post(`${PATH}/apply-conditions`)
      .set('Authorization', mockCredentials.service.header())
      .send({
        items: [
          {
            id: '1',
            resourceType: LAKEHOUSE_DATASET_RESOURCE_TYPE,
            resourceRef: GOLD,
            conditions: {
              rule: 'IS_IN_LAYER',
              resourceType: LAKEHOUSE_DATASET_RESOURCE_TYPE,
              params: { layers: 'gold' },
            },
          },
        ],
      });
    expect(response.status).toBe(400);
  });
});
