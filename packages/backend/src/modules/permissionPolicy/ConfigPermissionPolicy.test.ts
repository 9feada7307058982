import { UserInfoService } from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import {
  AuthorizeResult,
  createPermission,
  Permission,
} from '@backstage/plugin-permission-common';
import { PolicyQueryUser } from '@backstage/plugin-permission-node';
import {
  catalogEntityReadPermission,
  catalogEntityDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import {
  actionExecutePermission,
  taskReadPermission,
  templateStepReadPermission,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  lakehouseAccessRequestApprovePermission,
  lakehouseAccessRequestCreatePermission,
  lakehouseClassificationDeclassifyPermission,
  lakehouseDatasetReadDataPermission,
  lakehouseDriftRunPermission,
  lakehouseGovernanceReadPermission,
  lakehouseLineageWritePermission,
  lakehouseQueryExecutePermission,
} from '@internal/plugin-lakehouse-common';
import { featureStoreOnlineReadPermission } from '@internal/plugin-feature-store-common';
import { ConfigPermissionPolicy } from './ConfigPermissionPolicy';

/** The demo organisation: who belongs to which group. */
const groupsOf: Record<string, string[]> = {
  'user:default/ben': ['group:default/analytics-engineering'],
  'user:default/ada': ['group:default/data-platform'],
  'user:default/chloe': [],
};

const userInfo: UserInfoService = {
  async getUserInfo(credentials) {
    const { userEntityRef } = credentials.principal as {
      userEntityRef: string;
    };
    return {
      userEntityRef,
      ownershipEntityRefs: [userEntityRef, ...groupsOf[userEntityRef]],
    };
  },
};

/** Ben of analytics-engineering: owns the datasets of his team. */
const ben = 'user:default/ben';
/** Ada of data-platform: the platform role, another group than Ben's. */
const ada = 'user:default/ada';
/** Chloe: in no group. */
const chloe = 'user:default/chloe';

const asUser = (userEntityRef: string): PolicyQueryUser => ({
  credentials: mockCredentials.user(userEntityRef),
  info: { userEntityRef, ownershipEntityRefs: [] },
});

function policyOf(permissions?: unknown, logger = mockServices.logger.mock()) {
  return ConfigPermissionPolicy.fromConfig(
    new ConfigReader(
      permissions === undefined ? {} : ({ lakehouse: { permissions } } as any),
    ),
    { userInfo, logger },
  );
}

const allow = { result: AuthorizeResult.ALLOW };
const deny = { result: AuthorizeResult.DENY };

const ownerClaims = (user: string) => [user, ...groupsOf[user]];
const isDatasetOwner = (user: string) => ({
  rule: 'IS_DATASET_OWNER',
  resourceType: 'lakehouse-dataset',
  params: { claims: ownerClaims(user) },
});
const notClassified = {
  not: { rule: 'IS_CLASSIFIED', resourceType: 'lakehouse-dataset', params: {} },
};
const hasAccessGrant = (user: string) => ({
  rule: 'HAS_ACCESS_GRANT',
  resourceType: 'lakehouse-dataset',
  params: { userEntityRef: user },
});
const onDatasets = (conditions: unknown) => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'lakehouse',
  resourceType: 'lakehouse-dataset',
  conditions,
});
const onCatalog = (conditions: unknown) => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'catalog',
  resourceType: 'catalog-entity',
  conditions,
});
const onActions = (conditions: unknown) => ({
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'scaffolder',
  resourceType: 'scaffolder-action',
  conditions,
});
const hasActionId = (actionId: string) => ({
  rule: 'HAS_ACTION_ID',
  resourceType: 'scaffolder-action',
  params: { actionId },
});

describe('ConfigPermissionPolicy', () => {
  describe("with the portal's defaults", () => {
    const policy = policyOf();
    const decide = (permission: Permission, user: string) =>
      policy.handle({ permission }, asUser(user));

    it('lets everyone run queries, see the governance page and ask for access', async () => {
      for (const permission of [
        lakehouseQueryExecutePermission,
        lakehouseGovernanceReadPermission,
        lakehouseAccessRequestCreatePermission,
      ]) {
        for (const user of [ben, ada, chloe]) {
          expect(await decide(permission, user)).toEqual(allow);
        }
      }
    });

    it('lets anyone read unclassified data, and classified data its owners and holders of an approved request', async () => {
      expect(await decide(lakehouseDatasetReadDataPermission, ben)).toEqual(
        onDatasets({
          anyOf: [notClassified, isDatasetOwner(ben), hasAccessGrant(ben)],
        }),
      );
      // Someone in no group owns only what is owned by them directly.
      expect(await decide(lakehouseDatasetReadDataPermission, chloe)).toEqual(
        onDatasets({
          anyOf: [notClassified, isDatasetOwner(chloe), hasAccessGrant(chloe)],
        }),
      );
    });

    it('lets the owners and the platform team approve access requests', async () => {
      expect(
        await decide(lakehouseAccessRequestApprovePermission, ben),
      ).toEqual(onDatasets(isDatasetOwner(ben)));
      expect(
        await decide(lakehouseAccessRequestApprovePermission, ada),
      ).toEqual(allow);
    });

    it('lets only the owners declassify columns', async () => {
      expect(
        await decide(lakehouseClassificationDeclassifyPermission, ada),
      ).toEqual(onDatasets(isDatasetOwner(ada)));
    });

    it('lets only the owners of a model or feature view run its drift monitors', async () => {
      expect(await decide(lakehouseDriftRunPermission, ben)).toEqual(
        onCatalog({
          rule: 'IS_ENTITY_OWNER',
          resourceType: 'catalog-entity',
          params: { claims: ownerClaims(ben) },
        }),
      );
    });

    it('lets only the platform team post lineage as a user', async () => {
      expect(await decide(lakehouseLineageWritePermission, ada)).toEqual(allow);
      expect(await decide(lakehouseLineageWritePermission, ben)).toEqual(deny);
      expect(await decide(lakehouseLineageWritePermission, chloe)).toEqual(
        deny,
      );
    });

    it('lets only the platform team run kubernetes:apply, and everyone every other action', async () => {
      expect(await decide(actionExecutePermission, ada)).toEqual(allow);
      for (const user of [ben, chloe]) {
        expect(await decide(actionExecutePermission, user)).toEqual(
          onActions({ not: hasActionId('kubernetes:apply') }),
        );
      }
    });

    it('leaves the stock plugins and the feature store as they are', async () => {
      for (const permission of [
        catalogEntityReadPermission,
        catalogEntityDeletePermission,
        templateStepReadPermission,
        taskReadPermission,
        featureStoreOnlineReadPermission,
      ]) {
        expect(await decide(permission, chloe)).toEqual(allow);
      }
    });

    it('lets backend plugins act without a user', async () => {
      expect(
        await policy.handle({ permission: lakehouseDatasetReadDataPermission }),
      ).toEqual(allow);
    });
  });

  describe('folding the rules into one decision', () => {
    it('allows outright when one rule allows the user without conditions', async () => {
      const policy = policyOf({
        roles: { analysts: ['group:default/analytics-engineering'] },
        rules: [
          {
            permissions: ['lakehouse.dataset.read-data'],
            allow: 'owners',
          },
          {
            permissions: ['lakehouse.dataset.read-data'],
            allow: ['role:analysts'],
          },
        ],
      });
      const decide = (user: string) =>
        policy.handle(
          { permission: lakehouseDatasetReadDataPermission },
          asUser(user),
        );
      expect(await decide(ben)).toEqual(allow);
      // For anyone else the analysts' rule drops out: one condition, no anyOf.
      expect(await decide(ada)).toEqual(onDatasets(isDatasetOwner(ada)));
    });

    it('denies when no rule can allow the user', async () => {
      const policy = policyOf({
        rules: [
          {
            permissions: ['lakehouse.dataset.read-data'],
            allow: ['role:platform'],
            when: { layers: ['raw'] },
          },
        ],
      });
      expect(
        await policy.handle(
          { permission: lakehouseDatasetReadDataPermission },
          asUser(chloe),
        ),
      ).toEqual(deny);
      expect(
        await policy.handle(
          { permission: lakehouseDatasetReadDataPermission },
          asUser(ada),
        ),
      ).toEqual(
        onDatasets({
          rule: 'IS_IN_LAYER',
          resourceType: 'lakehouse-dataset',
          params: { layers: ['raw'] },
        }),
      );
    });

    it("requires all of a rule's conditions together", async () => {
      const policy = policyOf({
        rules: [
          {
            permissions: ['lakehouse.dataset.read-data'],
            allow: 'grantees',
            when: {
              classified: true,
              classifications: ['pii'],
              layers: ['gold'],
            },
          },
        ],
      });
      expect(
        await policy.handle(
          { permission: lakehouseDatasetReadDataPermission },
          asUser(ben),
        ),
      ).toEqual(
        onDatasets({
          allOf: [
            hasAccessGrant(ben),
            {
              rule: 'IS_CLASSIFIED',
              resourceType: 'lakehouse-dataset',
              params: { classifications: ['pii'] },
            },
            {
              rule: 'IS_IN_LAYER',
              resourceType: 'lakehouse-dataset',
              params: { layers: ['gold'] },
            },
          ],
        }),
      );
    });

    it('uses the default for permissions no rule names, and globs name many', async () => {
      const policy = policyOf({
        rules: [{ permissions: ['lakehouse.*'], allow: ['role:platform'] }],
        default: 'deny',
      });
      const decide = (permission: Permission, user: string) =>
        policy.handle({ permission }, asUser(user));
      expect(await decide(lakehouseQueryExecutePermission, ada)).toEqual(allow);
      expect(await decide(lakehouseDatasetReadDataPermission, ben)).toEqual(
        deny,
      );
      expect(await decide(catalogEntityReadPermission, ada)).toEqual(deny);
    });

    it('lets a rule on a permission of another plugin allow nothing it cannot decide, and says so', async () => {
      const logger = mockServices.logger.mock();
      const proxy = createPermission({
        name: 'kubernetes.proxy',
        attributes: {},
      });
      const policy = policyOf(
        { rules: [{ permissions: ['kubernetes.*'], allow: 'owners' }] },
        logger,
      );
      expect(await policy.handle({ permission: proxy }, asUser(ben))).toEqual(
        deny,
      );
      await policy.handle({ permission: proxy }, asUser(ada));
      expect(logger.warn).toHaveBeenCalledTimes(1);
      expect(logger.warn).toHaveBeenCalledWith(
        'lakehouse.permissions.rules[0] uses owners, which kubernetes.proxy (a basic permission) cannot take; the rule allows nothing for it',
      );
    });
  });

  describe('catalog entities', () => {
    const policy = policyOf({
      rules: [
        {
          permissions: ['catalog.entity.read'],
          allow: 'everyone',
          when: { classified: false },
        },
        {
          permissions: ['catalog.entity.read'],
          allow: ['owners', 'role:platform'],
        },
        {
          permissions: ['catalog.entity.delete'],
          allow: 'owners',
          when: { layers: ['raw', 'bronze'] },
        },
      ],
    });

    it('reads the classification and layer annotations, and owners', async () => {
      expect(
        await policy.handle(
          { permission: catalogEntityReadPermission },
          asUser(chloe),
        ),
      ).toEqual(
        onCatalog({
          anyOf: [
            {
              not: {
                rule: 'HAS_ANNOTATION',
                resourceType: 'catalog-entity',
                params: {
                  annotation: 'lakehouse.dev/classification',
                  value: 'pii',
                },
              },
            },
            {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: { claims: [chloe] },
            },
          ],
        }),
      );
      expect(
        await policy.handle(
          { permission: catalogEntityReadPermission },
          asUser(ada),
        ),
      ).toEqual(allow);
      expect(
        await policy.handle(
          { permission: catalogEntityDeletePermission },
          asUser(ben),
        ),
      ).toEqual(
        onCatalog({
          allOf: [
            {
              rule: 'IS_ENTITY_OWNER',
              resourceType: 'catalog-entity',
              params: { claims: ownerClaims(ben) },
            },
            {
              anyOf: [
                {
                  rule: 'HAS_ANNOTATION',
                  resourceType: 'catalog-entity',
                  params: { annotation: 'lakehouse.dev/layer', value: 'raw' },
                },
                {
                  rule: 'HAS_ANNOTATION',
                  resourceType: 'catalog-entity',
                  params: {
                    annotation: 'lakehouse.dev/layer',
                    value: 'bronze',
                  },
                },
              ],
            },
          ],
        }),
      );
    });
  });

  describe('scaffolder actions, templates and tasks', () => {
    const policy = policyOf({
      rules: [
        {
          permissions: ['scaffolder.action.execute'],
          actions: ['kubernetes:apply'],
          clusters: ['serving'],
          allow: 'everyone',
        },
        {
          permissions: ['scaffolder.action.execute'],
          actions: ['kubernetes:apply'],
          allow: ['role:platform'],
        },
        {
          permissions: ['scaffolder.action.execute'],
          allow: ['group:default/analytics-engineering', 'role:platform'],
        },
        {
          permissions: [
            'scaffolder.template.parameter.read',
            'scaffolder.template.step.read',
          ],
          templateTags: ['production'],
          allow: ['role:platform'],
        },
        { permissions: ['scaffolder.task.read'], allow: 'owners' },
      ],
    });
    const decide = (permission: Permission, user: string) =>
      policy.handle({ permission }, asUser(user));
    const onServing = {
      rule: 'HAS_STRING_PROPERTY',
      resourceType: 'scaffolder-action',
      params: { key: 'cluster', value: 'serving' },
    };

    it('lets everyone apply to the configured cluster, the platform team anywhere', async () => {
      expect(await decide(actionExecutePermission, ada)).toEqual(allow);
      // Other actions only for the groups of the rule without actions.
      expect(await decide(actionExecutePermission, ben)).toEqual(
        onActions({
          anyOf: [
            { allOf: [hasActionId('kubernetes:apply'), onServing] },
            { not: hasActionId('kubernetes:apply') },
          ],
        }),
      );
      expect(await decide(actionExecutePermission, chloe)).toEqual(
        onActions({ allOf: [hasActionId('kubernetes:apply'), onServing] }),
      );
    });

    it('hides tagged template parameters and steps from all but the platform team', async () => {
      const hidden = {
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-template',
        conditions: {
          not: {
            rule: 'HAS_TAG',
            resourceType: 'scaffolder-template',
            params: { tag: 'production' },
          },
        },
      };
      expect(await decide(templateStepReadPermission, ben)).toEqual(hidden);
      expect(await decide(templateStepReadPermission, ada)).toEqual(allow);
    });

    it('lets users see the tasks they started', async () => {
      expect(await decide(taskReadPermission, chloe)).toEqual({
        result: AuthorizeResult.CONDITIONAL,
        pluginId: 'scaffolder',
        resourceType: 'scaffolder-task',
        conditions: {
          rule: 'IS_TASK_OWNER',
          resourceType: 'scaffolder-task',
          params: { createdBy: [chloe] },
        },
      });
    });
  });
});
