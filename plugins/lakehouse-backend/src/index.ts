/**
 * Backend of the lakehouse portal: demo lakehouse and query engines.
 *
 * @packageDocumentation
 */
export { lakehousePlugin as default } from './plugin';
export { buildDemoWarehouse } from './demo/buildDemoWarehouse';
export type { DemoTable, DemoWarehouseIndex } from './demo/buildDemoWarehouse';
