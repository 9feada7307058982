/**
 * Entity model and shared types of the MLOps lakehouse portal.
 *
 * @packageDocumentation
 */
export * from './entityModel';
export * from './permissions';
export * from './queries';
export * from './lineage';
export * from './drift';
export * from './governance';
export * from './schema';
