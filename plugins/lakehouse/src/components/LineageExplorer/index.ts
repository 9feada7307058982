export { LineageExplorer } from './LineageExplorer';
export type { LineageExplorerProps } from './LineageExplorer';
