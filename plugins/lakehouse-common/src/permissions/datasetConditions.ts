import {
  AuthorizeResult,
  ConditionalPolicyDecision,
  Permission,
  PermissionCondition,
  PermissionCriteria,
} from '@backstage/plugin-permission-common';
import { LAKEHOUSE_DATASET_RESOURCE_TYPE } from './permissions';

/**
 * Names of the rules the lakehouse backend evaluates on datasets
 * (resource type `lakehouse-dataset`). Policies build conditions with
 * {@link lakehouseDatasetConditions}.
 * @public
 */
export const LakehouseDatasetRule = {
  /** The dataset's owner is one of `claims` (the user and their groups). */
  isOwner: 'IS_DATASET_OWNER',
  /**
   * The dataset is classified: on the entity, on any column, or inherited
   * through column lineage. With `classifications`, only those count.
   */
  isClassified: 'IS_CLASSIFIED',
  /** The dataset is in one of `layers` (raw, bronze, silver, gold). */
  isInLayer: 'IS_IN_LAYER',
  /** `userEntityRef` holds an approved, unexpired access request for the dataset. */
  hasAccessGrant: 'HAS_ACCESS_GRANT',
} as const;

type DatasetCondition = PermissionCondition<
  typeof LAKEHOUSE_DATASET_RESOURCE_TYPE
>;

const condition = (
  rule: string,
  params: Record<string, unknown>,
): DatasetCondition => ({
  rule,
  resourceType: LAKEHOUSE_DATASET_RESOURCE_TYPE,
  params: params as DatasetCondition['params'],
});

/**
 * Builders of the conditions of the `lakehouse-dataset` rules, for policies.
 * @public
 */
export const lakehouseDatasetConditions = {
  isOwner: (params: { claims: string[] }) =>
    condition(LakehouseDatasetRule.isOwner, params),
  isClassified: (params: { classifications?: string[] } = {}) =>
    condition(LakehouseDatasetRule.isClassified, params),
  isInLayer: (params: { layers: string[] }) =>
    condition(LakehouseDatasetRule.isInLayer, params),
  hasAccessGrant: (params: { userEntityRef: string }) =>
    condition(LakehouseDatasetRule.hasAccessGrant, params),
};

/**
 * A conditional decision on a dataset permission, evaluated by the
 * lakehouse backend.
 * @public
 */
export function createLakehouseDatasetConditionalDecision(
  permission: Permission,
  conditions: PermissionCriteria<DatasetCondition>,
): ConditionalPolicyDecision {
  if (
    !('resourceType' in permission) ||
    permission.resourceType !== LAKEHOUSE_DATASET_RESOURCE_TYPE
  ) {
    throw new Error(
      `${permission.name} is not a permission on ${LAKEHOUSE_DATASET_RESOURCE_TYPE} resources`,
    );
  }
  return {
    result: AuthorizeResult.CONDITIONAL,
    pluginId: 'lakehouse',
    resourceType: LAKEHOUSE_DATASET_RESOURCE_TYPE,
    conditions,
  };
}
