/**
 * Lakehouse plugin for Backstage: datasets by layer and the state of their
 * sources, dataset overview, schema, history, SQL and preview, and a SQL
 * console.
 *
 * @packageDocumentation
 */
export { lakehousePlugin as default } from './plugin';
export { lakehouseApiRef, LakehouseClient } from './api';
export type {
  AccessRequestsOptions,
  DatasetReaders,
  DriftMonitorsOptions,
  GroupGrants,
  DriftReportsOptions,
  LakehouseApi,
  QueryHistoryOptions,
  QueryPageOptions,
} from './api';
