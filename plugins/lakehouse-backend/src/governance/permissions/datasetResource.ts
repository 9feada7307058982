import {
  AuthService,
  PermissionsRegistryService,
} from '@backstage/backend-plugin-api';
import {
  Entity,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import {
  DatasetClassifications,
  isDataset,
  LAKEHOUSE_DATASET_RESOURCE_TYPE,
  LakehouseAnnotation,
  LakehouseDatasetRule,
  lakehousePermissions,
} from '@internal/plugin-lakehouse-common';
import { z } from 'zod/v4';
import {
  ClassificationService,
  isClassifiedAs,
} from '../classification/ClassificationService';
import { ownerRefOf, refKey } from '../entityFacts';
import { AccessGrantLookup, noAccessGrants } from '../types';
import { ruleParams } from './ruleParams';

/**
 * A dataset as the `lakehouse-dataset` rules see it: the catalog entity,
 * its effective classifications and who holds an access grant for it.
 */
export interface DatasetResource {
  entityRef: string;
  entity: Entity;
  classifications: DatasetClassifications;
  /** User entity refs ({@link refKey}) with an approved, unexpired access request. */
  grantees: ReadonlySet<string>;
}

/**
 * What a condition becomes when a list is filtered in the plugin: a test
 * of each dataset (the datasets live in the catalog, not in a table here).
 */
export type DatasetFilter = (dataset: DatasetResource) => boolean;

/** The `lakehouse-dataset` resource type, owned by the lakehouse plugin. */
export const datasetPermissionResourceRef = createPermissionResourceRef<
  DatasetResource,
  DatasetFilter
>().with({
  pluginId: 'lakehouse',
  resourceType: LAKEHOUSE_DATASET_RESOURCE_TYPE,
});

const lowerSet = (values: string[]) =>
  new Set(values.map(v => v.trim().toLocaleLowerCase('en-US')));

// The tests of the rules; each rule's query form is its own test, as the
// datasets live in the catalog, not in a table of this plugin.
const ownedByOneOf = (dataset: DatasetResource, claims: string[]) => {
  const owner = ownerRefOf(dataset.entity);
  return !!owner && lowerSet(claims).has(refKey(owner));
};
const inLayer = (dataset: DatasetResource, layers: string[]) => {
  const layer =
    dataset.entity.metadata.annotations?.[LakehouseAnnotation.layer];
  return !!layer && lowerSet(layers).has(refKey(layer));
};
const grantedTo = (dataset: DatasetResource, userEntityRef: string) =>
  dataset.grantees.has(refKey(userEntityRef));

const isOwner = createPermissionRule({
  name: LakehouseDatasetRule.isOwner,
  description:
    "Allow datasets owned by one of the claims (the user's and their groups' entity refs)",
  resourceRef: datasetPermissionResourceRef,
  paramsSchema: ruleParams(
    z.object({
      claims: z
        .array(z.string())
        .describe('Full entity refs of the user and their groups'),
    }),
  ),
  apply: (dataset, { claims }) => ownedByOneOf(dataset, claims),
  toQuery:
    ({ claims }) =>
    dataset =>
      ownedByOneOf(dataset, claims),
});

const isClassified = createPermissionRule({
  name: LakehouseDatasetRule.isClassified,
  description:
    'Allow datasets that are classified, on the whole or on a column, declared or inherited through column lineage',
  resourceRef: datasetPermissionResourceRef,
  paramsSchema: ruleParams(
    z.object({
      classifications: z
        .array(z.string())
        .optional()
        .describe('Only these classifications count, e.g. pii; default any'),
    }),
  ),
  apply: (dataset, { classifications }) =>
    isClassifiedAs(dataset.classifications, classifications),
  toQuery:
    ({ classifications }) =>
    dataset =>
      isClassifiedAs(dataset.classifications, classifications),
});

const isInLayer = createPermissionRule({
  name: LakehouseDatasetRule.isInLayer,
  description: 'Allow datasets in one of the medallion layers',
  resourceRef: datasetPermissionResourceRef,
  paramsSchema: ruleParams(
    z.object({
      layers: z
        .array(z.string())
        .describe('Layers, e.g. raw, bronze, silver, gold'),
    }),
  ),
  apply: (dataset, { layers }) => inLayer(dataset, layers),
  toQuery:
    ({ layers }) =>
    dataset =>
      inLayer(dataset, layers),
});

const hasAccessGrant = createPermissionRule({
  name: LakehouseDatasetRule.hasAccessGrant,
  description:
    'Allow datasets for which the user holds an approved, unexpired access request',
  resourceRef: datasetPermissionResourceRef,
  paramsSchema: ruleParams(
    z.object({
      userEntityRef: z
        .string()
        .describe('Entity ref of the user, e.g. user:default/ada'),
    }),
  ),
  apply: (dataset, { userEntityRef }) => grantedTo(dataset, userEntityRef),
  toQuery:
    ({ userEntityRef }) =>
    dataset =>
      grantedTo(dataset, userEntityRef),
});

/** The rules of the `lakehouse-dataset` resource type (names in lakehouse-common). */
export const datasetRules = {
  isOwner,
  isClassified,
  isInLayer,
  hasAccessGrant,
};

/** What loading datasets for permission checks needs. */
export interface DatasetResourceOptions {
  catalog: CatalogService;
  auth: AuthService;
  classifications: ClassificationService;
  /** Who holds access grants; nobody when no access requests module is wired. */
  accessGrants?: AccessGrantLookup;
}

/**
 * Loads the datasets `resourceRefs` name, in order, with the plugin's own
 * credentials (the permission framework asks on behalf of any user, and
 * the rules must see the dataset as it is). Refs that are not datasets, or
 * not refs at all, answer undefined, which the framework treats as a deny.
 */
export function createDatasetLoader(options: DatasetResourceOptions) {
  const accessGrants = options.accessGrants ?? noAccessGrants;
  return async (
    resourceRefs: string[],
  ): Promise<Array<DatasetResource | undefined>> => {
    const refs = resourceRefs.map(ref => {
      try {
        return stringifyEntityRef(
          parseEntityRef(ref, { defaultNamespace: 'default' }),
        );
      } catch {
        return undefined;
      }
    });
    const valid = [...new Set(refs.filter((r): r is string => !!r))];
    if (valid.length === 0) return refs.map(() => undefined);
    const credentials = await options.auth.getOwnServiceCredentials();
    const { items } = await options.catalog.getEntitiesByRefs(
      { entityRefs: valid },
      { credentials },
    );
    const datasets = new Map<string, Entity>();
    items.forEach((entity, i) => {
      if (entity && isDataset(entity)) datasets.set(valid[i], entity);
    });
    const found = [...datasets.keys()];
    const [classifications, grants] = await Promise.all([
      options.classifications.classificationsOfMany(
        found,
        found.map(ref => datasets.get(ref)),
      ),
      found.length
        ? accessGrants.activeGrantees(found)
        : Promise.resolve(new Map<string, Set<string>>()),
    ]);
    const grantsByKey = new Map<string, Set<string>>();
    for (const [ref, users] of grants) {
      const key = refKey(ref);
      const all = grantsByKey.get(key) ?? new Set<string>();
      for (const user of users) all.add(refKey(user));
      grantsByKey.set(key, all);
    }
    const resources = new Map<string, DatasetResource>();
    found.forEach((ref, i) => {
      const entity = datasets.get(ref)!;
      const entityRef = stringifyEntityRef(entity);
      resources.set(ref, {
        entityRef,
        entity,
        classifications: classifications[i],
        grantees: grantsByKey.get(refKey(entityRef)) ?? new Set(),
      });
    });
    return refs.map(ref => (ref ? resources.get(ref) : undefined));
  };
}

/**
 * Registers the `lakehouse-dataset` resource type with its rules and its
 * loader, so that conditional decisions on dataset permissions
 * (`lakehouse.dataset.read-data`, `lakehouse.access-request.approve`,
 * `lakehouse.classification.declassify`) are evaluated here.
 */
export function registerDatasetResourceType(
  registry: PermissionsRegistryService,
  options: DatasetResourceOptions,
): void {
  registry.addResourceType({
    resourceRef: datasetPermissionResourceRef,
    permissions: lakehousePermissions.filter(
      p =>
        'resourceType' in p &&
        p.resourceType === LAKEHOUSE_DATASET_RESOURCE_TYPE,
    ),
    rules: Object.values(datasetRules),
    getResources: createDatasetLoader(options),
  });
}
