/**
 * The feature store backend plugin: online feature lookups through the
 * Feast feature server, with a permission check and an audit event.
 *
 * @packageDocumentation
 */
export { featureStorePlugin as default } from './plugin';
