export { DatasetSchemaContent } from './DatasetSchemaContent';
