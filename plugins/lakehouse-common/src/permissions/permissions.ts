import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of catalog entities, whose rules (owner, annotations) the catalog provides. */
const CATALOG_ENTITY = 'catalog-entity';

/**
 * Resource type of lakehouse datasets, whose rules the lakehouse backend
 * evaluates: they know what the catalog does not, such as classifications
 * inherited through column lineage and access granted by approved requests.
 * Resource refs are the datasets' entity refs.
 * @public
 */
export const LAKEHOUSE_DATASET_RESOURCE_TYPE = 'lakehouse-dataset';

/**
 * Use the SQL console: run statements on the query engines.
 * @public
 */
export const lakehouseQueryExecutePermission = createPermission({
  name: 'lakehouse.query.execute',
  attributes: { action: 'read' },
});

/**
 * Read the data of a dataset: a console statement that reads it, its
 * preview, a CSV download. A resource permission on the dataset, so
 * conditional policies can use the lakehouse dataset rules (owner,
 * classification declared or inherited, layer, approved access request).
 * @public
 */
export const lakehouseDatasetReadDataPermission = createPermission({
  name: 'lakehouse.dataset.read-data',
  attributes: { action: 'read' },
  resourceType: LAKEHOUSE_DATASET_RESOURCE_TYPE,
});

/**
 * See the governance page (ownership coverage, classified data, stale
 * datasets) and who can read a dataset.
 * @public
 */
export const lakehouseGovernanceReadPermission = createPermission({
  name: 'lakehouse.governance.read',
  attributes: { action: 'read' },
});

/**
 * Ask for read access to a dataset (`POST /api/lakehouse/access-requests`).
 * @public
 */
export const lakehouseAccessRequestCreatePermission = createPermission({
  name: 'lakehouse.access-request.create',
  attributes: { action: 'create' },
});

/**
 * Approve or reject access requests for a dataset: a resource permission on
 * the dataset (its owners, or configured approvers).
 * @public
 */
export const lakehouseAccessRequestApprovePermission = createPermission({
  name: 'lakehouse.access-request.approve',
  attributes: { action: 'update' },
  resourceType: LAKEHOUSE_DATASET_RESOURCE_TYPE,
});

/**
 * Mark a column of a dataset declassified (hashed, aggregated), so the
 * classification of the column it derives from stops there.
 * @public
 */
export const lakehouseClassificationDeclassifyPermission = createPermission({
  name: 'lakehouse.classification.declassify',
  attributes: { action: 'update' },
  resourceType: LAKEHOUSE_DATASET_RESOURCE_TYPE,
});

/**
 * Post lineage to the portal (`POST /api/lakehouse/openlineage`): OpenLineage
 * producers such as dbt-ol, Dagster or Spark. Backend services and static
 * tokens may post without it.
 * @public
 */
export const lakehouseLineageWritePermission = createPermission({
  name: 'lakehouse.lineage.write',
  attributes: { action: 'create' },
});

/**
 * Run a drift monitor now (`POST /api/lakehouse/drift/monitors/{id}/run`):
 * a resource permission on the monitored model or feature view. Scheduled
 * runs need no user.
 * @public
 */
export const lakehouseDriftRunPermission = createPermission({
  name: 'lakehouse.drift.run',
  attributes: { action: 'update' },
  resourceType: CATALOG_ENTITY,
});

/** Every permission of the lakehouse plugins. @public */
export const lakehousePermissions = [
  lakehouseQueryExecutePermission,
  lakehouseDatasetReadDataPermission,
  lakehouseLineageWritePermission,
  lakehouseDriftRunPermission,
  lakehouseGovernanceReadPermission,
  lakehouseAccessRequestCreatePermission,
  lakehouseAccessRequestApprovePermission,
  lakehouseClassificationDeclassifyPermission,
];
