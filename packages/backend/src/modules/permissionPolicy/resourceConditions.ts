import { RESOURCE_TYPE_CATALOG_ENTITY } from '@backstage/plugin-catalog-common/alpha';
import { catalogConditions } from '@backstage/plugin-catalog-backend/alpha';
import {
  RESOURCE_TYPE_SCAFFOLDER_ACTION,
  RESOURCE_TYPE_SCAFFOLDER_TASK,
  RESOURCE_TYPE_SCAFFOLDER_TEMPLATE,
} from '@backstage/plugin-scaffolder-common/alpha';
import {
  scaffolderActionConditions,
  scaffolderTaskConditions,
  scaffolderTemplateConditions,
} from '@backstage/plugin-scaffolder-backend/alpha';
import {
  LAKEHOUSE_DATASET_RESOURCE_TYPE,
  LakehouseAnnotation,
  lakehouseDatasetConditions,
} from '@internal/plugin-lakehouse-common';
import { anyOf, Term } from './criteria';

/** The user a decision is made for. */
export interface PolicySubject {
  userEntityRef: string;
  /** The user and the groups they belong to. */
  ownershipEntityRefs: string[];
}

/** A part of a rule that needs the resource to be decided. */
export type RuleFeature =
  | 'owners'
  | 'grantees'
  | 'when.classified'
  | 'when.layers'
  | 'actions'
  | 'clusters'
  | 'templateTags';

/**
 * How the rules of the policy become conditions on the resources of one
 * resource type, using only rules the plugin owning the type registers.
 */
export interface ResourceTypeConditions {
  /** The plugin that evaluates the conditions. */
  pluginId: string;
  /** `allow: owners`: the resource is owned by the user or their groups. */
  owners?(subject: PolicySubject): Term;
  /** `allow: grantees`: the user holds an approved, unexpired access request. */
  grantees?(subject: PolicySubject): Term;
  /**
   * `when.classified`: the resource carries one of `classifications`, or,
   * when none are given, one of the classifications that protect data
   * (`portalClassifications`, from `lakehouse.governance.classifications`).
   */
  classified?(
    classifications: string[] | undefined,
    portalClassifications: string[],
  ): Term;
  /** `when.layers`: the resource is in one of `layers`. */
  inLayers?(layers: string[]): Term;
  /**
   * A rule field that picks the resources a rule is about (`actions`,
   * `templateTags`): resources no rule picks are decided by the rules
   * without it.
   */
  selector?: {
    field: 'actions' | 'templateTags';
    selects(values: string[]): Term;
  };
  /** `clusters`: the action's `cluster` input is one of `clusters`. */
  clusters?(clusters: string[]): Term;
}

/**
 * The resource types the policy knows. A permission on any other resource
 * type, or a basic permission, takes rules without conditions only.
 */
export const resourceTypeConditions: Record<string, ResourceTypeConditions> = {
  // Datasets: the lakehouse backend knows classifications inherited
  // through column lineage and approved access requests.
  [LAKEHOUSE_DATASET_RESOURCE_TYPE]: {
    pluginId: 'lakehouse',
    owners: ({ ownershipEntityRefs }) =>
      lakehouseDatasetConditions.isOwner({ claims: ownershipEntityRefs }),
    grantees: ({ userEntityRef }) =>
      lakehouseDatasetConditions.hasAccessGrant({ userEntityRef }),
    // Which classifications protect data is the lakehouse backend's
    // setting too, so it is left to it unless the rule names some.
    classified: classifications =>
      lakehouseDatasetConditions.isClassified(
        classifications ? { classifications } : {},
      ),
    inLayers: layers => lakehouseDatasetConditions.isInLayer({ layers }),
  },
  // Catalog entities (models and feature views for drift runs, every
  // entity for catalog.entity.*): only what their annotations say.
  [RESOURCE_TYPE_CATALOG_ENTITY]: {
    pluginId: 'catalog',
    owners: ({ ownershipEntityRefs }) =>
      catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
    classified: (classifications, portalClassifications) =>
      anyOf(
        ...(classifications ?? portalClassifications).map(value =>
          catalogConditions.hasAnnotation({
            annotation: LakehouseAnnotation.classification,
            value,
          }),
        ),
      ),
    inLayers: layers =>
      anyOf(
        ...layers.map(value =>
          catalogConditions.hasAnnotation({
            annotation: LakehouseAnnotation.layer,
            value,
          }),
        ),
      ),
  },
  [RESOURCE_TYPE_SCAFFOLDER_ACTION]: {
    pluginId: 'scaffolder',
    selector: {
      field: 'actions',
      selects: actions =>
        anyOf(
          ...actions.map(actionId =>
            scaffolderActionConditions.hasActionId({ actionId }),
          ),
        ),
    },
    clusters: clusters =>
      anyOf(
        ...clusters.map(value =>
          scaffolderActionConditions.hasStringProperty({
            key: 'cluster',
            value,
          }),
        ),
      ),
  },
  // Parameters and steps of templates, tagged with
  // `backstage:permissions: { tags: [...] }`.
  [RESOURCE_TYPE_SCAFFOLDER_TEMPLATE]: {
    pluginId: 'scaffolder',
    selector: {
      field: 'templateTags',
      selects: tags =>
        anyOf(...tags.map(tag => scaffolderTemplateConditions.hasTag({ tag }))),
    },
  },
  // Scaffolder tasks: their owner is the user who started them.
  [RESOURCE_TYPE_SCAFFOLDER_TASK]: {
    pluginId: 'scaffolder',
    owners: ({ userEntityRef }) =>
      scaffolderTaskConditions.isTaskOwner({ createdBy: [userEntityRef] }),
  },
};

/** Whether permissions on `resourceType` (none: basic) can use `feature`. */
export function supports(
  resourceType: string | undefined,
  feature: RuleFeature,
): boolean {
  const conditions = resourceType
    ? resourceTypeConditions[resourceType]
    : undefined;
  if (!conditions) {
    return false;
  }
  switch (feature) {
    case 'owners':
      return Boolean(conditions.owners);
    case 'grantees':
      return Boolean(conditions.grantees);
    case 'when.classified':
      return Boolean(conditions.classified);
    case 'when.layers':
      return Boolean(conditions.inLayers);
    case 'actions':
    case 'templateTags':
      return conditions.selector?.field === feature;
    case 'clusters':
      return Boolean(conditions.clusters);
    default:
      return false;
  }
}

/** Resource types that can use `feature`, for error messages. */
export function resourceTypesSupporting(feature: RuleFeature): string[] {
  return Object.keys(resourceTypeConditions).filter(type =>
    supports(type, feature),
  );
}
