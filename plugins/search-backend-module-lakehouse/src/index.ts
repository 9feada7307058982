/**
 * Search module of the lakehouse portal: the in-memory engine, answering
 * searches of types not indexed yet with no results.
 *
 * @packageDocumentation
 */
export { searchModuleLakehouse as default } from './module';
export { IndexTolerantSearchEngine } from './IndexTolerantSearchEngine';
