export { LakehousePage } from './LakehousePage';
