import { createApiRef } from '@backstage/frontend-plugin-api';
import { DatasetSourceStatus } from '@internal/plugin-lakehouse-common';

/**
 * What the lakehouse frontend asks the backend.
 *
 * @public
 */
export interface LakehouseApi {
  /**
   * The state of every source the catalog providers read datasets from
   * (dbt manifests, Iceberg REST catalogs, Trino servers).
   */
  getSources(): Promise<DatasetSourceStatus[]>;
}

/**
 * The lakehouse API.
 *
 * @public
 */
export const lakehouseApiRef = createApiRef<LakehouseApi>().with({
  id: 'plugin.lakehouse.api',
  pluginId: 'lakehouse',
});
