import { createPermission } from '@backstage/plugin-permission-common';

/** Resource type of catalog entities, whose rules (owner, annotations) the catalog provides. */
const CATALOG_ENTITY = 'catalog-entity';

/**
 * Use the SQL console: run statements on the query engines.
 * @public
 */
export const lakehouseQueryExecutePermission = createPermission({
  name: 'lakehouse.query.execute',
  attributes: { action: 'read' },
});

/**
 * Read the data of a dataset (preview its rows). A resource permission on
 * the dataset's catalog entity, so conditional policies can use the
 * catalog's rules: owned by the user's groups, has the classification
 * annotation `pii`, and so on.
 * @public
 */
export const lakehouseDatasetReadDataPermission = createPermission({
  name: 'lakehouse.dataset.read-data',
  attributes: { action: 'read' },
  resourceType: CATALOG_ENTITY,
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
];
