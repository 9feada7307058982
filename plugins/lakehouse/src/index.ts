/**
 * Lakehouse plugin for Backstage: datasets by layer, dataset pages.
 *
 * @packageDocumentation
 */
export { lakehousePlugin as default } from './plugin';
