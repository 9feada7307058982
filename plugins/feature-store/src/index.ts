/**
 * Feature store plugin for Backstage: Feast feature views in the catalog.
 *
 * @packageDocumentation
 */
export { featureStorePlugin as default } from './plugin';
