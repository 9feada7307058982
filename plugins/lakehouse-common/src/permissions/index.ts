export * from './permissions';
export * from './datasetConditions';
