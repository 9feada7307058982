export { DatasetSqlContent } from './DatasetSqlContent';
