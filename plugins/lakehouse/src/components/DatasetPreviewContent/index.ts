export { DatasetPreviewContent } from './DatasetPreviewContent';
