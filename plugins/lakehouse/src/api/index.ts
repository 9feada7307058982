export { lakehouseApiRef } from './LakehouseApi';
export type {
  LakehouseApi,
  QueryHistoryOptions,
  QueryPageOptions,
} from './LakehouseApi';
export { LakehouseClient } from './LakehouseClient';
