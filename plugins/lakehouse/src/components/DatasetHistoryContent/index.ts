export { DatasetHistoryContent } from './DatasetHistoryContent';
