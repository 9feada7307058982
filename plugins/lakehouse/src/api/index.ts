export { lakehouseApiRef } from './LakehouseApi';
export type {
  DriftMonitorsOptions,
  DriftReportsOptions,
  LakehouseApi,
  QueryHistoryOptions,
  QueryPageOptions,
} from './LakehouseApi';
export { LakehouseClient } from './LakehouseClient';
