/**
 * Frontend pieces the lakehouse, feature store and models plugins share:
 * catalog lookups, names that wrap between their parts, data table styles,
 * times in UTC and grouped links to related entities.
 *
 * @packageDocumentation
 */
export * from './components';
export * from './format';
export * from './hooks';
