/**
 * Permissions and API types shared by the feature store plugins.
 *
 * @packageDocumentation
 */
export * from './permissions';
export * from './onlineFeatures';
