/**
 * Lakehouse plugin for Backstage: datasets by layer and the state of their
 * sources, dataset overview, schema, history and SQL.
 *
 * @packageDocumentation
 */
export { lakehousePlugin as default } from './plugin';
export { lakehouseApiRef, LakehouseClient } from './api';
export type { LakehouseApi } from './api';
