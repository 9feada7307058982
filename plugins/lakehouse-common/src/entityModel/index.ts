export * from './constants';
export * from './types';
export * from './mlTypes';
export * from './predicates';
export * from './naming';
export * from './validation';
