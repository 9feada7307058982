export { DriftContent } from './DriftContent';
