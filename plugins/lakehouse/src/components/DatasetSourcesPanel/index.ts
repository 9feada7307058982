export { DatasetSourcesPanel } from './DatasetSourcesPanel';
