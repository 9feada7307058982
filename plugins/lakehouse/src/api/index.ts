export { lakehouseApiRef } from './LakehouseApi';
export type {
  AccessRequestsOptions,
  DatasetReaders,
  DriftMonitorsOptions,
  GroupGrants,
  DriftReportsOptions,
  LakehouseApi,
  QueryHistoryOptions,
  QueryPageOptions,
} from './LakehouseApi';
export { LakehouseClient } from './LakehouseClient';
