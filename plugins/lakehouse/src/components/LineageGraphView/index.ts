export { LineageGraphView } from './LineageGraphView';
export type { LineageGraphViewProps } from './LineageGraphView';
export { sharedLayoutRunner } from './layoutRunner';
