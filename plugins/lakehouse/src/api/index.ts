export { lakehouseApiRef } from './LakehouseApi';
export type { LakehouseApi } from './LakehouseApi';
export { LakehouseClient } from './LakehouseClient';
